// libFuzzer target for ABC-SMC checkpoints (calibrate --resume): any byte string must either read as
// a checkpoint that survives what a resumed run does with it first (write it back unchanged, set the
// next temperature, build the perturbation kernel and propose from it), or raise
// ozsim::params::InputError naming the field; never crash, hang or trip a sanitizer.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "calibration/inference/checkpoint.hpp"
#include "calibration/inference/kernel.hpp"
#include "calibration/inference/smc_weights.hpp"
#include "sim/params/input_error.hpp"

namespace {

[[noreturn]] void die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_checkpoint: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ozsim::calibration;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const Checkpoint c = checkpoint_from_json(text, "fuzz.json");
    const std::string written = checkpoint_to_json(c);
    try {
      if (checkpoint_to_json(checkpoint_from_json(written, "written.json")) != written)
        die("checkpoint round trip differs", written);
    } catch (const ozsim::params::InputError& e) {
      die("a checkpoint written back does not read", e.what());
    }
    (void)effective_sample_size(c.population.weights);
    (void)temperature_for_acceptance(c.population.proposal_log_likelihoods, 0.3);
    const PerturbationKernel kernel(c.population.particles, c.population.weights,
                                    std::vector<double>(c.parameter_names.size(), 1.0));
    Rng rng(1);
    (void)kernel.log_mixture_density(kernel.propose(rng));
  } catch (const ozsim::params::InputError&) {
    // The expected outcome for bad input.
  }
  return 0;
}
