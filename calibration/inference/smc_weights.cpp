// The weight arithmetic of ABC-SMC declared in abc.hpp: ESS, weighted quantiles and the temperature
// schedule's root finding.
#include "calibration/inference/smc_weights.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace ozsim::calibration {

std::uint64_t distinct_particles(const Population& population) {
  std::vector<const std::vector<double>*> sorted;
  sorted.reserve(population.size());
  for (const auto& p : population.particles) sorted.push_back(&p);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return *a < *b; });
  std::uint64_t distinct = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) distinct += i == 0 || *sorted[i] != *sorted[i - 1] ? 1 : 0;
  return distinct;
}

double effective_sample_size(const std::vector<double>& weights) {
  double sum = 0.0;
  double sum_sq = 0.0;
  for (double w : weights) {
    sum += w;
    sum_sq += w * w;
  }
  return sum_sq > 0.0 ? sum * sum / sum_sq : 0.0;
}

double weighted_quantile(const std::vector<double>& values, const std::vector<double>& weights, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return values[a] != values[b] ? values[a] < values[b] : a < b;
  });
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double cumulative = 0.0;
  for (std::size_t i : order) {
    cumulative += weights[i];
    if (cumulative >= q * total) return values[i];
  }
  return values[order.back()];
}

double temperature_for_acceptance(const std::vector<double>& log_likelihoods, double target) {
  const auto acceptance = [&](double temperature) {
    double accepted = 0.0;
    for (double l : log_likelihoods) {
      // min(1, ...): over a best-seen normaliser a likelihood can lie above c (accepted for sure).
      if (std::isfinite(l)) accepted += std::exp(std::min(0.0, l) / temperature);
    }
    return log_likelihoods.empty() ? 0.0 : accepted / static_cast<double>(log_likelihoods.size());
  };
  if (acceptance(1.0) >= target) return 1.0;
  double low = 1.0;
  double high = 2.0;
  while (acceptance(high) < target) {
    if (high > 1e300)
      return std::numeric_limits<double>::infinity();  // mostly non-finite outputs: no temperature reaches
                                                       // the target
    low = high;
    high *= 2.0;
  }
  for (int i = 0; i < 60 && high / low > 1.0 + 1e-9; ++i) {
    const double mid = std::sqrt(low * high);
    (acceptance(mid) < target ? low : high) = mid;
  }
  return high;
}

}  // namespace ozsim::calibration
