#pragma once
// Every value of a scenario with where it came from and the comment beside it
// in the scenario file, so a report can show which values rest on an
// assumption (`# assumption: ...`) and which cite a source.
#include <string>
#include <vector>

#include "sim/params/param_tree.hpp"

namespace ozsim::output {

struct ScenarioValue {
  std::string key;
  std::string value;     // as TOML
  std::string location;  // file:line, or --set
  std::string basis;     // "assumption", "source", "override" (--set) or "" (no comment says)
  std::string note;      // the comment on the value's line, or the comment block just above it
};

// In file order (top file first, then its bases), --set overrides first.
std::vector<ScenarioValue> scenario_values(const params::ParamTree& tree);

}  // namespace ozsim::output
