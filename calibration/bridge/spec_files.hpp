#pragma once
// Reading targets files ([[target]] tables) and priors files ([[parameter]] and [[constraint]]
// tables) with the scenario layer's ParamTree/KeyReader, so every error reads
// "file:line:col: key 'x': expected ..., found ...".
#include <string>
#include <string_view>
#include <vector>

#include "calibration/inference/parameter_space.hpp"
#include "calibration/inference/target.hpp"
#include "sim/params/key_table.hpp"
#include "sim/params/param_tree.hpp"

namespace ozsim::calibration {

// The declarations of both file kinds (also for help text).
const params::KeyTable& targets_key_table();
const params::KeyTable& priors_key_table();

std::vector<Target> read_targets(const params::ParamTree& tree);
std::vector<Target> load_targets_file(const std::string& path);
std::vector<Target> parse_targets_string(std::string_view text, const std::string& pretend_path);

struct PriorsFile {
  ParameterSpace space;
  std::vector<params::SourceLocation> key_locations;  // where each parameter's key was written
};
PriorsFile read_priors(const params::ParamTree& tree);
PriorsFile load_priors_file(const std::string& path);
PriorsFile parse_priors_string(std::string_view text, const std::string& pretend_path);

}  // namespace ozsim::calibration
