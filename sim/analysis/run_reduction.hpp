#pragma once
// What `ozsim run` reports, reduced one replication at a time in replication
// order: the KPI summaries, the monthly series and the yearly flows averaged
// over replications, every replication's fingerprint, and the trace. Only the
// fingerprints (8 bytes each) and a requested trace grow with the number of
// replications; the results are the same bits as reducing a vector of every
// replication in the same order (see KpiAccumulator).
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "sim/analysis/cost_lines.hpp"
#include "sim/analysis/economics.hpp"
#include "sim/analysis/run_budget.hpp"
#include "sim/analysis/summary_stats.hpp"
#include "sim/model/run.hpp"

namespace ozsim::analysis {

class RunReduction {
 public:
  // `discount_rate`: the scenario's costs.discount_rate, for the budget's discounted rows.
  explicit RunReduction(std::string scenario = {}, double discount_rate = DUTCH_DISCOUNT_RATE)
      : kpis_(std::move(scenario)), budget_(discount_rate) {}
  // Replication number replications() (they must come in order, as stream_replications hands them over).
  void add(model::RunResult&& replication);

  std::size_t replications() const noexcept { return fingerprints_.size(); }
  ScenarioSummary kpi_summary() const { return kpis_.summary(); }
  const std::vector<std::uint64_t>& fingerprints() const noexcept { return fingerprints_; }

  // Monthly series, mean over replications: series_mean()[month][column].
  const std::vector<std::string>& series_names() const noexcept { return series_names_; }
  const std::vector<double>& series_days() const noexcept { return series_days_; }
  std::vector<std::vector<double>> series_mean() const;
  // Each month's value over the replications with its 95% interval (log scale, never below 0):
  // series_summary()[month][column].
  std::vector<std::vector<Summary>> series_summary() const;

  // Pupils moving per (school year, from, to), mean over replications, sorted by that key.
  std::map<std::tuple<int, std::string, std::string>, double> flows_mean() const;
  // The same flows with their spread over replications; a replication without a flow counts as 0 for it.
  // The 95% interval is within_range(..., NonNegative): a count's interval never goes below zero.
  // Percentiles are NaN (see RunningSummary).
  std::map<std::tuple<int, std::string, std::string>, Summary> flows_summary() const;

  // Every cost line over the replications (costs.csv).
  const CostLineReduction& cost_lines() const noexcept { return cost_lines_; }
  // Euros per payer and year over the replications, with their intervals (the workbook's budget sheet).
  const RunBudget& budget() const noexcept { return budget_; }

  // The replications' trace_csv, each line prefixed with its replication number.
  const std::string& trace_csv() const noexcept { return trace_; }

 private:
  KpiAccumulator kpis_;
  std::vector<std::uint64_t> fingerprints_;
  std::vector<std::string> series_names_;
  std::vector<double> series_days_;
  std::vector<std::vector<double>> series_sums_;            // [month][column], summed in replication order
  std::vector<std::vector<RunningSummary>> series_spread_;  // [month][column], for the intervals
  std::map<std::tuple<int, std::string, std::string>, double> flow_sums_;
  // Fed once per replication for every flow known so far (0 when a replication lacks it), so memory grows
  // with the number of distinct flows, not with the number of replications.
  std::map<std::tuple<int, std::string, std::string>, RunningSummary> flow_spread_;
  CostLineReduction cost_lines_;
  RunBudget budget_;
  std::string trace_;
};

}  // namespace ozsim::analysis
