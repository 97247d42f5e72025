#pragma once
// The ratio of two means from paired replications (incremental cost over effect averted) with
// Fieller's confidence interval, which takes the effect's own uncertainty and the correlation of
// numerator and denominator into account (Fieller 1954; for cost-effectiveness ratios Willan &
// O'Brien 1996). The interval is bounded exactly when the denominator's mean is significantly
// different from 0 at the same level; otherwise there is no ratio to report.
#include <cstddef>
#include <span>

namespace ozsim::analysis {

struct RatioEstimate {
  std::size_t n = 0;   // pairs used (both values present)
  double ratio = 0.0;  // mean(numerator) / mean(denominator); NaN when not bounded
  double lo = 0.0;     // Fieller interval; NaN when not bounded
  double hi = 0.0;
  bool bounded = false;  // false: the denominator's interval includes 0 (no detectable effect), or n < 2
};

// numerator[r], denominator[r] belong to replication r; pairs with a NaN are left out.
// `level` is the two-sided confidence level (0.95). Student t with n - 1 degrees of freedom.
RatioEstimate fieller_ratio(std::span<const double> numerator, std::span<const double> denominator,
                            double level = 0.95);

}  // namespace ozsim::analysis
