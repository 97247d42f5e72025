#include "calibration/src/calibration_cli.hpp"
#include "calibration/src/model_bridge.hpp"
#include "sim/app/cmd_compare.hpp"
#include "sim/app/commands.hpp"

namespace ozsim::app {

void add_extra_commands(CLI::App& app) {
  CompareHooks hooks;
  // compare --posterior draws parameter sets with the calibration's sampler, so policy
  // differences carry parameter uncertainty as well as noise.
  hooks.posterior = [](const params::ParamTree& scenario, const std::string& path, std::size_t count,
                       std::uint64_t seed) {
    return calibration::scenarios_from_posterior(scenario, path, count, seed);
  };
  add_compare_commands(app, hooks);
  calibration::add_calibration_commands(app, set_action);
}

}  // namespace ozsim::app
