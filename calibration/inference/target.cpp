#include "calibration/inference/target.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "calibration/inference/parameter_space.hpp"

namespace ozsim::calibration {

double sigma_from_range(double low, double high) {
  return (high - low) / 3.92;
}

double error_sd(const Target& target) {
  return target.weight > 0.0 ? target.sigma / std::sqrt(target.weight) : target.sigma;
}

std::vector<double> extract_kpis(const std::vector<Target>& targets,
                                 const std::map<std::string, double>& kpis) {
  std::vector<double> out;
  out.reserve(targets.size());
  for (const auto& t : targets) {
    const auto it = kpis.find(t.kpi);
    if (it == kpis.end()) {
      std::vector<std::string> available;
      available.reserve(kpis.size());
      for (const auto& [name, value] : kpis) available.push_back(name);
      const std::string hint = closest_name(t.kpi, available);
      throw std::runtime_error("target '" + t.name + "': the model has no output '" + t.kpi + "'" +
                               (hint.empty() ? std::string(" (it reports " + std::to_string(kpis.size()) +
                                                           " outputs; see the run's summary)")
                                             : " (did you mean '" + hint + "'?)"));
    }
    out.push_back(it->second);
  }
  return out;
}

double distance(const std::vector<Target>& targets, const std::vector<double>& simulated) {
  double sum = 0.0;
  double weights = 0.0;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (!std::isfinite(simulated[i])) return std::numeric_limits<double>::infinity();
    const double z = (simulated[i] - targets[i].observed) / targets[i].sigma;
    sum += targets[i].weight * z * z;
    weights += targets[i].weight;
  }
  return weights > 0.0 ? std::sqrt(sum / weights) : 0.0;
}

}  // namespace ozsim::calibration
