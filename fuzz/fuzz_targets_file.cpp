// libFuzzer target for calibration targets files: any byte string must either read as a list of
// targets that keeps the reader's promises, or raise ozsim::params::InputError; never crash, hang or
// trip a sanitizer.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "calibration/bridge/spec_files.hpp"
#include "sim/params/input_error.hpp"

namespace {

[[noreturn]] void die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_targets_file: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto targets = ozsim::calibration::parse_targets_string(text, "fuzz.toml");
    if (targets.empty()) die("no targets and no error", std::string(text));
    double total_weight = 0.0;
    for (const auto& t : targets) {
      // What the acceptors divide by and weigh with: a finite observation, a positive finite error.
      if (!std::isfinite(t.observed)) die("non-finite observed value", t.name);
      if (!(t.sigma > 0.0 && std::isfinite(t.sigma))) die("error sd not positive and finite", t.name);
      if (!(t.weight >= 0.0 && std::isfinite(t.weight))) die("weight not finite and >= 0", t.name);
      if (!std::isfinite(ozsim::calibration::error_sd(t))) die("non-finite error sd", t.name);
      if (t.name.empty() || t.kpi.empty()) die("empty name or kpi", t.name);
      total_weight += t.weight;
    }
    if (!(total_weight > 0.0)) die("no target with weight > 0", std::string(text));
  } catch (const ozsim::params::InputError&) {
    // The expected outcome for bad input.
  }
  return 0;
}
