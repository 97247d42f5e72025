#pragma once
// Comparing alternatives with a baseline on paired replications: every KPI's
// difference with a 95% interval, budget impact and cost-effectiveness, as a
// terminal table, compare.csv and compare.json.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/io/economics.hpp"
#include "sim/io/replications.hpp"
#include "sim/io/summary_stats.hpp"

namespace ozsim::io {

struct AltComparison {
  std::string scenario;
  PairedComparison paired;
  BudgetImpact budget;
  CostEffectiveness cost_effectiveness;
};

struct Comparison {
  std::string base;
  std::uint64_t master_seed = 0;
  std::size_t replications = 0;
  std::string posterior;  // file the parameter sets came from (draw r in replication r); empty: none
  EconomicsOptions economics;
  std::vector<AltComparison> alternatives;
};

// names[0] is the baseline, results[s] the replications of names[s] (as from run_replications).
Comparison compare_scenarios(const std::vector<std::string>& names, const ResultGrid& results,
                             std::uint64_t master_seed, const EconomicsOptions& economics = {});

// Runs every scenario on the same replication seeds, then compares.
Comparison run_comparison(const std::vector<std::string>& names, const ReplicationSettings& settings,
                          const ReplicationFn& run, std::uint64_t master_seed,
                          const EconomicsOptions& economics = {});

// The terminal report: per alternative the KPIs grouped (home, waiting, counts,
// costs, other; per-year KPIs left to the files), budget impact per payer and
// cost-effectiveness, in lines of at most `width` characters.
std::string format_comparison(const Comparison& comparison, std::size_t width = 100);

// scenario,kpi,base_mean,alt_mean,diff_mean,diff_lo95,diff_hi95,n; one row per
// alternative and KPI, empty fields where a value is not available.
std::string comparison_csv(const Comparison& comparison);

// Everything: the CSV's columns plus spreads, missing KPIs, budget impact and cost-effectiveness.
std::string comparison_json(const Comparison& comparison);

// Writes compare.csv and compare.json into out_dir atomically; returns their paths.
std::vector<std::string> write_comparison(const Comparison& comparison, const std::string& out_dir);

// Terminal group of a KPI by its prefix: "home", "waiting", "counts", "costs" or "other".
std::string kpi_group(const std::string& kpi);

}  // namespace ozsim::io
