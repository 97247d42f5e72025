#include "sim/analysis/ratio_interval.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/analysis/summary_stats.hpp"

namespace ozsim::analysis {

RatioEstimate fieller_ratio(std::span<const double> numerator, std::span<const double> denominator,
                            double level) {
  if (numerator.size() != denominator.size()) throw std::invalid_argument("fieller_ratio: sizes differ");
  if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("fieller_ratio: level must be in (0, 1)");
  constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> c, e;
  for (std::size_t r = 0; r < numerator.size(); ++r)
    if (!std::isnan(numerator[r]) && !std::isnan(denominator[r])) {
      c.push_back(numerator[r]);
      e.push_back(denominator[r]);
    }
  RatioEstimate estimate{c.size(), NaN, NaN, NaN, false};
  if (c.size() < 2) return estimate;
  const auto n = static_cast<double>(c.size());
  double mean_c = 0.0, mean_e = 0.0;
  for (std::size_t r = 0; r < c.size(); ++r) {
    mean_c += c[r];
    mean_e += e[r];
  }
  mean_c /= n;
  mean_e /= n;
  double s_cc = 0.0, s_ee = 0.0, s_ce = 0.0;
  for (std::size_t r = 0; r < c.size(); ++r) {
    s_cc += (c[r] - mean_c) * (c[r] - mean_c);
    s_ee += (e[r] - mean_e) * (e[r] - mean_e);
    s_ce += (c[r] - mean_c) * (e[r] - mean_e);
  }
  // Variances and covariance of the two means.
  const double v_cc = s_cc / (n - 1.0) / n, v_ee = s_ee / (n - 1.0) / n, v_ce = s_ce / (n - 1.0) / n;
  const double t = student_t_quantile(0.5 + level / 2.0, n - 1.0);
  const double t2 = t * t;
  // Fieller: the ratios R with (mean_c - R mean_e)^2 <= t^2 (v_cc - 2 R v_ce + R^2 v_ee), a quadratic
  // a R^2 - 2 b R + c0 <= 0. With a > 0 (mean_e significantly non-zero) the set is a finite interval.
  const double a = mean_e * mean_e - t2 * v_ee;
  if (!(a > 0.0)) return estimate;
  const double b = mean_c * mean_e - t2 * v_ce;
  const double c0 = mean_c * mean_c - t2 * v_cc;
  const double root = std::sqrt(std::max(0.0, b * b - a * c0));  // >= 0 when a > 0; rounding aside
  estimate.ratio = mean_c / mean_e;
  estimate.lo = (b - root) / a;
  estimate.hi = (b + root) / a;
  estimate.bounded = true;
  return estimate;
}

}  // namespace ozsim::analysis
