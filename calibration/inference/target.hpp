#pragma once
// Calibration targets (observed figures) and the distance between simulated and observed values.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/params/input_error.hpp"

namespace ozsim::calibration {

struct Target {
  std::string name;  // unique, e.g. "thuiszitters_2021"
  std::string kpi;   // model output it maps to, e.g. "count.thuiszitter.2021"
  double observed = 0.0;
  // Observation error: observed = model output + e, e ~ N(0, sigma^2 / weight). The standard error,
  // or (high - low) / 3.92 for a range read as a 95% interval.
  double sigma = 1.0;
  std::optional<std::pair<double, double>> range;  // [low, high] when given as a range
  std::string period;                              // year or peildatum label, e.g. "2021/22"
  double weight = 1.0;  // precision multiplier; 0 leaves the target out of the fit (still reported)
  std::string group;
  params::SourceLocation kpi_location;  // where `kpi` was written, for "no such output" messages
};

// Sigma implied by a range taken as a central 95% interval.
double sigma_from_range(double low, double high);

// The observation error's standard deviation, sigma / sqrt(weight) (sigma when the weight is 0).
double error_sd(const Target& target);

// Picks the targets' KPIs out of a model output, in target order. Throws std::runtime_error naming
// a missing KPI (with a did-you-mean from the available names).
std::vector<double> extract_kpis(const std::vector<Target>& targets,
                                 const std::map<std::string, double>& kpis);

// sqrt(sum_i w_i ((sim_i - obs_i) / sigma_i)^2 / sum_i w_i): a weighted root-mean-square z-score,
// so 1 means "on average one stated uncertainty away". Non-finite simulated values give infinity.
double distance(const std::vector<Target>& targets, const std::vector<double>& simulated);

}  // namespace ozsim::calibration
