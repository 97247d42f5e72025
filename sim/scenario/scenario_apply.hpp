#pragma once
// What sets two scenarios apart, and a lever scenario put on another base: `ozsim compare` warns when
// BASE and an ALT differ in more than the ALT's interventions (the difference would be reported as the
// policy's effect), and `compare --apply LEVER.toml` builds the ALT that differs in nothing else.
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace ozsim::scenario {

struct KeyDifference {
  std::string key;
  std::string base;  // the value as TOML, or "(not set)"
  std::string alt;
};

// Every value key whose value differs between the two trees (or is set in one only), except the
// interventions, name, description and base, sorted by key.
std::vector<KeyDifference> differences_besides_interventions(const params::ParamTree& base,
                                                             const params::ParamTree& alt);

// One line naming the first few differences ("provisions.oov.capacity: BASE 40, ALT 60; ...").
std::string describe_differences(const std::vector<KeyDifference>& differences, std::size_t shown = 5);

// BASE with every lever that LEVER's own file writes and that is switched on (`enabled = true`, maybe
// inherited): each such [interventions.NAME] section replaces BASE's, as LEVER resolves it through its own
// bases, and the result takes LEVER's name and description. A lever only LEVER's base has (JOS in
// midden-holland.toml) is not applied. Throws InputError, naming the file, when LEVER switches no lever on.
LoadedScenario apply_levers(const LoadedScenario& base, const std::string& lever_path);

}  // namespace ozsim::scenario
