// libFuzzer target for calibration priors files: any byte string must either read as a parameter
// space whose priors behave (draws inside the support with a finite density, a finite screening
// range, a transform that maps back), or raise ozsim::params::InputError; never crash, hang or trip a
// sanitizer.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "calibration/bridge/spec_files.hpp"
#include "calibration/inference/random.hpp"
#include "calibration/inference/transform.hpp"
#include "sim/params/input_error.hpp"

namespace {

using ozsim::calibration::Rng;

[[noreturn]] void die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_priors_file: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto priors = ozsim::calibration::parse_priors_string(text, "fuzz.toml");
    const auto& space = priors.space;
    if (space.size() == 0) die("no parameters and no error", std::string(text));
    const ozsim::calibration::ParameterTransform transform(space);
    Rng rng(7);
    for (int draw = 0; draw < 4; ++draw) {
      const std::vector<double> x = space.sample_marginals(rng);
      for (std::size_t i = 0; i < x.size(); ++i) {
        const auto& p = space.parameters()[i];
        if (!p.prior.in_support(x[i])) die("a draw outside the support", p.name + " " + p.prior.describe());
        if (!std::isfinite(p.prior.log_density(x[i]))) die("a draw with no finite density", p.name);
      }
      const std::vector<double> u = transform.to_unbounded(x);
      const std::vector<double> back = transform.from_unbounded(u);
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(u[i]) && space.parameters()[i].prior.in_support(x[i]) &&
            x[i] != space.parameters()[i].prior.support_low() &&
            x[i] != space.parameters()[i].prior.support_high())
          die("an interior draw with no finite unbounded value", space.parameters()[i].name);
        if (!std::isnan(back[i]) && !space.parameters()[i].prior.in_support(back[i]))
          die("the transform maps back outside the support", space.parameters()[i].name);
      }
      (void)space.admissible(x);
    }
    for (const auto& p : space.parameters()) {
      for (double unit : {0.0, 0.5, 1.0}) {
        if (!std::isfinite(p.prior.from_unit(unit))) die("a non-finite screening value", p.prior.describe());
      }
      if (!std::isfinite(p.prior.mean())) die("a non-finite mean", p.prior.describe());
    }
  } catch (const ozsim::params::InputError&) {
    // The expected outcome for bad input.
  }
  return 0;
}
