#pragma once
// Policy levers as scenario sections ([interventions.NAME]): each declares its
// keys once and, when switched on, changes the model configuration built from
// the rest of the scenario (capacities, rules, costs, hazards).
#include "sim/io/key_table.hpp"
#include "sim/model/scenario_config.hpp"

namespace ozsim::io {

void add_intervention_keys(KeyTable& table);
// Reads every [interventions.*] section and applies the enabled ones to `config`.
void apply_interventions(KeyReader& reader, model::ScenarioConfig& config);

}  // namespace ozsim::io
