#pragma once
// Comparing alternatives with a baseline on paired replications: every KPI's
// difference with a 95% interval, budget impact and cost-effectiveness, as a
// terminal table, compare.csv and compare.json.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/analysis/cost_lines.hpp"
#include "sim/analysis/economics.hpp"
#include "sim/analysis/posterior_compare.hpp"
#include "sim/analysis/precision.hpp"
#include "sim/analysis/replications.hpp"
#include "sim/analysis/summary_stats.hpp"

namespace ozsim::analysis {

struct AltComparison {
  std::string scenario;
  PairedComparison paired;
  BudgetImpact budget;           // per school year
  BudgetImpact budget_calendar;  // the same euros per calendar year (YearBasis)
  CostEffectiveness cost_effectiveness;
};

struct Comparison {
  std::string base;
  std::uint64_t master_seed = 0;
  std::size_t replications = 0;
  std::string posterior;  // file the parameter sets came from; empty: none
  EconomicsOptions economics;
  std::vector<AltComparison> alternatives;
  std::optional<PrecisionReport> precision;  // with --precision: what was reached
  // With --posterior: draws x replications per draw, the effects and the acceptability curve by draw.
  std::optional<NestedComparison> nested;
  // Every scenario's cost lines (costs.csv), the baseline first.
  std::vector<std::pair<std::string, CostLineReduction>> cost_lines;
};

// names[0] is the baseline, results[s] the replications of names[s] (as from run_replications).
Comparison compare_scenarios(const std::vector<std::string>& names, const ResultGrid& results,
                             std::uint64_t master_seed, const EconomicsOptions& economics = {});

// Runs every scenario on the same replication seeds, then compares.
Comparison run_comparison(const std::vector<std::string>& names, const ReplicationSettings& settings,
                          const ReplicationFn& run, std::uint64_t master_seed,
                          const EconomicsOptions& economics = {});

}  // namespace ozsim::analysis
