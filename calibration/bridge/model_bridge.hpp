#pragma once
// Glue between the generic calibration library and the pupil model: free scenario keys become
// parameters, a parameter vector becomes a scenario (params::ParamTree::set_number on a copy), and results
// go back out as a calibrated scenario file or parameter sets drawn from a posterior.
#include <cstdint>
#include <string>
#include <vector>

#include "calibration/bridge/spec_files.hpp"
#include "calibration/inference/abc.hpp"
#include "sim/params/param_tree.hpp"

namespace ozsim::calibration {

class ScenarioModel {
 public:
  // Checks that every free key is a numeric scenario key; throws params::InputError at the priors
  // file's line otherwise ("expected a numeric scenario key, found ...").
  ScenarioModel(params::ParamTree scenario, const PriorsFile& priors);

  // The scenario with `values` (in parameter order) set; integer keys are rounded.
  params::ParamTree with_values(const std::vector<double>& values) const;
  // Builds the config and runs one replication with master seed `seed`; returns its KPIs.
  std::map<std::string, double> run(const std::vector<double>& values, std::uint64_t seed) const;
  ModelFunction function() const;
  // Checks every target's KPI against the KPI catalogue and one run of the scenario as written: a
  // name no catalogue family matches, or one this scenario does not report (a year outside its window,
  // a provision it does not have), throws params::InputError at the targets file's `kpi` line with a
  // did-you-mean. A sparse flow that did not happen in that run is accepted, and from then on run() reads
  // it as 0 in every run it did not happen in (a prior draw with no such move in that year).
  void check_targets(const std::vector<Target>& targets, std::uint64_t seed);

  const std::vector<std::string>& keys() const { return keys_; }
  const params::ParamTree& scenario() const { return scenario_; }

 private:
  params::ParamTree scenario_;
  std::vector<std::string> keys_;
  std::vector<bool> integer_;
  std::vector<std::string> sparse_targets_;  // target KPIs written only when not 0 (check_targets)
};

// The scenario with the given values and a header comment saying it is calibrated, from which
// files and seed: accepted by `ozsim run` and `ozsim compare`.
std::string calibrated_scenario_toml(const ScenarioModel& model, const std::vector<double>& values,
                                     const std::string& header_comment);

// K scenarios whose free keys are drawn by weight from a posterior.csv (for `compare --posterior`).
// The CSV's parameter columns must be the model's free keys, in any order.
std::vector<params::ParamTree> scenarios_from_posterior(const params::ParamTree& scenario,
                                                        const std::string& posterior_csv, std::size_t count,
                                                        std::uint64_t seed);

}  // namespace ozsim::calibration
