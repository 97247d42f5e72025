#pragma once
// Scenario check: the pupils a run creates (initial population, yearly intake
// and in-migration) are summed in checked arithmetic and must fit the model's
// 32-bit pupil ids. An overflow is an input error at the count that crosses
// the limit, not a wrapped total at run time.
#include "sim/model/scenario_config.hpp"
#include "sim/params/param_tree.hpp"

namespace ozsim::scenario {

// Throws params::InputError at the line of the count that takes the total past the limit.
void check_pupil_total(const params::ParamTree& tree, const model::ScenarioConfig& config);

}  // namespace ozsim::scenario
