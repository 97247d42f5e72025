#include "sim/analysis/multiplicity.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace ozsim::analysis {

double paired_t_p_value(const Summary& diff) {
  if (diff.n < 2 || std::isnan(diff.mean) || std::isnan(diff.sd)) return NOT_AVAILABLE;
  if (diff.sd == 0.0) return diff.mean == 0.0 ? 1.0 : 0.0;
  const double t = std::fabs(diff.mean) / (diff.sd / std::sqrt(static_cast<double>(diff.n)));
  return 2.0 * student_t_cdf(-t, static_cast<double>(diff.n - 1));
}

std::vector<bool> benjamini_hochberg(std::span<const double> p_values, double q) {
  if (!(q > 0.0 && q < 1.0)) throw std::invalid_argument("benjamini_hochberg: q must be in (0, 1)");
  const std::size_t m = p_values.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  // NaN last; ties keep their input order, so the result does not depend on the sort.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double pa = p_values[a], pb = p_values[b];
    if (std::isnan(pb)) return !std::isnan(pa);
    return !std::isnan(pa) && pa < pb;
  });
  std::size_t rejected = 0;  // the largest k with p_(k) <= k q / m
  for (std::size_t k = 1; k <= m; ++k) {
    const double p = p_values[order[k - 1]];
    if (!std::isnan(p) && p <= static_cast<double>(k) * q / static_cast<double>(m)) rejected = k;
  }
  std::vector<bool> reject(m, false);
  for (std::size_t k = 0; k < rejected; ++k) reject[order[k]] = true;
  return reject;
}

}  // namespace ozsim::analysis
