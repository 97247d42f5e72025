#pragma once
// compare --posterior as a nested analysis: K parameter sets drawn from the calibration's posterior, R
// paired replications (common random numbers) of every scenario per draw. A policy effect's
// uncertainty then has two parts, the parameters' and the model's noise; the per-draw mean effects
// carry both, and their spread over the draws is the effect's credible interval (O'Hagan, Stevenson &
// Madan 2007, "Monte Carlo probabilistic sensitivity analysis for patient level simulation models",
// Health Economics 16:1009-1023). A t interval over all K x R replications treats them as exchangeable
// and understates the parameters' share.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "sim/analysis/economics.hpp"
#include "sim/analysis/replications.hpp"

namespace ozsim::analysis {

struct NestedEffect {
  std::string kpi;
  double mean = NOT_AVAILABLE;      // mean over the draws of the per-draw mean difference (ALT - BASE)
  double lo95 = NOT_AVAILABLE;      // 2.5th and 97.5th percentiles of the K per-draw means:
  double hi95 = NOT_AVAILABLE;      //   the 95% credible interval
  double mc_error = NOT_AVAILABLE;  // Monte Carlo standard error of `mean`: sd of the per-draw means / sqrt K
  double p_below_zero = NOT_AVAILABLE;  // share of the draws whose mean difference is below 0
  // Share of the per-draw means' variance that is replication noise, mean_k(s_k^2 / R) / var_k: near 1
  // means R is too small to see the parameters' effect; the credible interval is then too wide.
  double noise_share = NOT_AVAILABLE;
  std::size_t draws = 0;
};

// One point of the cost-effectiveness acceptability curve: the share of the draws in which the
// alternative's net monetary benefit, value x home-months averted - incremental cost (both discounted
// as in cost_effectiveness), is positive.
struct AcceptabilityPoint {
  double value_per_home_month = 0.0;
  double probability = NOT_AVAILABLE;
};

struct NestedAlternative {
  std::string scenario;
  std::vector<NestedEffect> effects;  // the headline KPIs and the cost-effectiveness effects, by name
  std::vector<AcceptabilityPoint> acceptability;
};

struct NestedComparison {
  std::size_t draws = 0;
  std::size_t replications_per_draw = 0;
  std::vector<NestedAlternative> alternatives;
};

// results[s][k * per_draw + r]: replication r of draw k of scenario s (names[0] the baseline). The
// acceptability curve runs from 0 to twice the ratio of the mean differences (cost per home-month
// averted), in `points` steps, or to `max_value` when given.
NestedComparison nested_comparison(const std::vector<std::string>& names, const ResultGrid& results,
                                   std::size_t draws, std::size_t per_draw, const EconomicsOptions& economics,
                                   std::size_t points = 41, double max_value = 0.0);

// The nested summary of one KPI's paired differences laid out draw by draw (k * per_draw + r).
NestedEffect nested_effect(std::span<const double> differences, std::size_t draws, std::size_t per_draw);

}  // namespace ozsim::analysis
