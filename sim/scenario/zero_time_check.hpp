#pragma once
// Scenario check: no routing cycle may close without simulated time passing
// (model::find_zero_time_cycle), reported with the key and file line of every
// rule on the cycle. Part of building a scenario, so `validate`, `run` and
// every other command refuse it before simulating.
#include "sim/model/scenario_config.hpp"
#include "sim/params/param_tree.hpp"

namespace ozsim::scenario {

// Throws params::InputError for the first zero-time cycle of `config` or of one
// of its policy starts (a lever with a start year), at the line of the first
// duration on it.
void check_zero_time_cycles(const params::ParamTree& tree, const model::ScenarioConfig& config);

}  // namespace ozsim::scenario
