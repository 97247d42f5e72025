#pragma once
// compare's outputs: the terminal report, compare.csv, budget.csv,
// cost_effectiveness.csv and compare.json.

#include <string>
#include <utility>
#include <vector>

#include "sim/analysis/compare.hpp"
#include "sim/output/costs_csv.hpp"
#include "sim/params/csv.hpp"

namespace ozsim::output {

// The terminal report: per alternative the KPIs grouped (home, waiting, counts,
// costs, other; per-year KPIs left to the files), budget impact per payer and
// cost-effectiveness, in lines of at most `width` characters.
// Opens with the decision table (decision_table.hpp); per ALT the headline KPIs' differences, or every KPI's
// with `all_kpis`, then the budget impact and cost-effectiveness.
std::string format_comparison(const analysis::Comparison& comparison, std::size_t width = 100,
                              bool all_kpis = false);

// scenario,kpi,unit,base_mean,alt_mean,diff_mean,diff_lo95,diff_hi95,n,headline,p_value,significant; one row
// per alternative and KPI, empty fields where a value is not available. p_value and significant (Benjamini-
// Hochberg over the headline KPIs, multiplicity.hpp) are for headline KPIs only.
std::string comparison_csv(const analysis::Comparison& comparison,
                           params::CsvDialect dialect = params::CsvDialect::Rfc4180);

// The budget impact per alternative, payer and year, by school year and by calendar year, undiscounted
// and discounted: one row per (alternative, year basis, payer, year or "all", discounted or not).
std::string budget_csv(const analysis::Comparison& comparison,
                       params::CsvDialect dialect = params::CsvDialect::Rfc4180);

// Cost per unit averted, one row per alternative and measure, with the effect, the extra cost and
// the ratio, each with its 95% interval; then, per alternative whose catchments outside the region booked
// costs, one row "catchment budget: NAMES" with only the extra cost (analysis::CostEffectiveness).
std::string cost_effectiveness_csv(const analysis::Comparison& comparison,
                                   params::CsvDialect dialect = params::CsvDialect::Rfc4180);

// Everything: the CSV's columns plus spreads, missing KPIs, budget impact and cost-effectiveness.
std::string comparison_json(const analysis::Comparison& comparison);

// Every scenario's cost lines, the baseline first: costs.csv's input.
std::vector<std::pair<std::string, const analysis::CostLineReduction*>> comparison_cost_lines(
    const analysis::Comparison& comparison);
// Every scenario's KPI summaries as the pairing saw them, the baseline first: provision_costs.csv's input.
std::vector<std::pair<std::string, KpiMeans>> comparison_kpi_means(const analysis::Comparison& comparison);
// Writes compare.csv, budget.csv, cost_effectiveness.csv, (with a posterior) posterior_effects.csv and
// ceac.csv, costs.csv, provision_costs.csv and compare.json into out_dir atomically; returns their paths.
std::vector<std::string> write_comparison(const analysis::Comparison& comparison, const std::string& out_dir,
                                          params::CsvDialect dialect = params::CsvDialect::Rfc4180);

// Terminal group of a KPI, from its family in the KPI catalogue: "home", "waiting", "counts", "costs" or
// "other" (also for names the catalogue does not know).
std::string kpi_group(const std::string& kpi);

}  // namespace ozsim::output
