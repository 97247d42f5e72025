#include "sim/analysis/compare.hpp"

#include <stdexcept>

namespace ozsim::analysis {

Comparison compare_scenarios(const std::vector<std::string>& names, const ResultGrid& results,
                             std::uint64_t master_seed, const EconomicsOptions& economics) {
  if (names.empty()) throw std::invalid_argument("compare: no scenarios");
  if (names.size() != results.size())
    throw std::invalid_argument("compare: " + std::to_string(names.size()) + " names for " +
                                std::to_string(results.size()) + " result sets");
  Comparison comparison;
  comparison.base = names.front();
  comparison.master_seed = master_seed;
  comparison.replications = results.front().size();
  comparison.economics = economics;
  for (std::size_t s = 1; s < names.size(); ++s) {
    AltComparison alt;
    alt.scenario = names[s];
    alt.paired = compare_paired(results.front(), results[s], names.front(), names[s]);
    alt.budget = budget_impact(results.front(), results[s], economics);
    alt.budget_calendar = budget_impact(results.front(), results[s], economics, YearBasis::CalendarYear);
    alt.cost_effectiveness = cost_effectiveness(results.front(), results[s], economics);
    comparison.alternatives.push_back(std::move(alt));
  }
  for (std::size_t s = 0; s < names.size(); ++s) {
    CostLineReduction lines;
    for (const model::RunResult& replication : results[s]) lines.add(replication);
    comparison.cost_lines.emplace_back(names[s], std::move(lines));
  }
  return comparison;
}

Comparison run_comparison(const std::vector<std::string>& names, const ReplicationSettings& settings,
                          const ReplicationFn& run, std::uint64_t master_seed,
                          const EconomicsOptions& economics) {
  ReplicationSettings slim = settings;
  slim.keep_series_and_trace = false;  // a comparison reads KPIs and costs only
  return compare_scenarios(names, run_replications(names, slim, run), master_seed, economics);
}

}  // namespace ozsim::analysis
