#pragma once
// Scenario files for the pupil model: the declaration of every key (one
// table, also behind `ozsim --help-keys`) and the mapping from a checked
// ParamTree to model::ScenarioConfig.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/model/scenario_config.hpp"
#include "sim/params/key_table.hpp"
#include "sim/params/param_tree.hpp"

namespace ozsim::scenario {

// Every key a scenario file may contain.
const params::KeyTable& scenario_key_table();

struct LoadedScenario {
  params::ParamTree tree;
  model::ScenarioConfig config;
};

// Reads, checks and converts. Every problem is an InputError naming
// file:line:col, key, what was expected and what was found.
model::ScenarioConfig build_config(const params::ParamTree& tree);
LoadedScenario load_scenario(const std::string& path);
// The same, with command-line overrides ("KEY=VALUE", TOML value) applied first.
LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides);

// The bundled default scenario (scenarios/midden-holland.toml), found next to
// the executable's install or source tree; throws InputError if absent.
std::string default_scenario_path();

}  // namespace ozsim::scenario
