#pragma once
// Multiplicity control for the significance marks of a comparison. A comparison reports hundreds of
// KPIs; marking every one whose 95% interval excludes 0 marks some KPI in most comparisons where
// nothing changed. Only the KPI catalogue's headline KPIs are tested, as one family per alternative,
// with the Benjamini-Hochberg step-up procedure (Benjamini & Hochberg 1995), which keeps the expected
// share of false marks among the marked at most q, and, when no KPI changed at all, the chance of any
// mark at most q. The other KPIs are reported with their intervals and no mark.
#include <span>
#include <vector>

#include "sim/analysis/summary_stats.hpp"

namespace ozsim::analysis {

inline constexpr double FALSE_DISCOVERY_RATE = 0.05;

// Two-sided p-value of the paired t test that the mean difference is 0: 2 P(T_{n-1} >= |mean| / (sd /
// sqrt n)). A difference with sd 0 has p = 0 when its mean is not 0 and p = 1 when it is; n < 2 gives NaN.
double paired_t_p_value(const Summary& diff);

// Which hypotheses the Benjamini-Hochberg procedure at level q rejects: with the p-values sorted,
// p_(1) <= ... <= p_(m), all up to the largest k with p_(k) <= k q / m. NaN p-values count in m and
// are never rejected.
std::vector<bool> benjamini_hochberg(std::span<const double> p_values, double q = FALSE_DISCOVERY_RATE);

}  // namespace ozsim::analysis
