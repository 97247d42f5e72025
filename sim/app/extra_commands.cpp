#include "calibration/bridge/model_bridge.hpp"
#include "sim/app/cmd_calibrate.hpp"
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
  add_calibrate_command(app);
  add_sensitivity_command(app);
}

}  // namespace ozsim::app
