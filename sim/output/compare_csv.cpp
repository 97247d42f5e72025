// compare's tables as CSV: the paired differences per KPI, the budget impact per payer and year, and the
// cost-effectiveness, with units in the headers, in either dialect (params/csv).
#include <optional>
#include <string>

#include "sim/model/kpi_catalogue.hpp"
#include "sim/output/compare_output.hpp"

namespace ozsim::output {

namespace {

std::string unit_of(const std::string& kpi) {
  const std::optional<model::KpiName> found = model::kpi_catalogue().find(kpi);
  return found ? model::unit_text(*found->family) : "";
}

}  // namespace

std::string comparison_csv(const analysis::Comparison& comparison, params::CsvDialect dialect) {
  const auto number = [dialect](double v) { return params::csv_number(v, dialect); };
  std::string csv(params::csv_preamble(dialect));
  csv += params::csv_line({"scenario", "kpi", "unit", "base_mean", "alt_mean", "diff_mean", "diff_lo95",
                           "diff_hi95", "n", "headline", "p_value", "significant"},
                          dialect);
  for (const auto& alt : comparison.alternatives)
    for (const auto& kpi : alt.paired.kpis)
      csv += params::csv_line(
          {alt.scenario, kpi.kpi, unit_of(kpi.kpi), number(kpi.base.mean), number(kpi.alt.mean),
           number(kpi.diff.mean), number(kpi.diff.lo95), number(kpi.diff.hi95), std::to_string(kpi.diff.n),
           kpi.headline ? "yes" : "no", number(kpi.p_value), kpi.significant ? "yes" : "no"},
          dialect);
  return csv;
}

std::string budget_csv(const analysis::Comparison& comparison, params::CsvDialect dialect) {
  const auto number = [dialect](double v) { return params::csv_number(v, dialect); };
  std::string csv(params::csv_preamble(dialect));
  csv +=
      params::csv_line({"scenario", "year_basis", "payer", "year", "period", "discounted", "discount_factor",
                        "base_eur", "alt_eur", "diff_eur", "diff_lo95_eur", "diff_hi95_eur", "n"},
                       dialect);
  for (const auto& alt : comparison.alternatives)
    for (const analysis::BudgetImpact* budget : {&alt.budget, &alt.budget_calendar}) {
      const std::string basis = budget->basis == analysis::YearBasis::CalendarYear ? "calendar" : "school";
      for (const auto& row : budget->rows) {
        const std::string year = row.year ? std::to_string(*row.year) : "all";
        const std::string period = row.year
                                       ? analysis::period_label(budget->basis, *row.year)
                                       : analysis::period_label(budget->basis, budget->years.front()) + "-" +
                                             analysis::period_label(budget->basis, budget->years.back());
        for (const bool discounted : {false, true}) {
          const analysis::BudgetCell& cell = discounted ? row.discounted : row.undiscounted;
          // The all-years row discounted is the present value; its factor is not one number.
          const std::string factor = !discounted ? "1" : row.year ? number(row.discount_factor) : "";
          csv +=
              params::csv_line({alt.scenario, basis, row.payer, year, period, discounted ? "yes" : "no",
                                factor, number(cell.base.mean), number(cell.alt.mean), number(cell.diff.mean),
                                number(cell.diff.lo95), number(cell.diff.hi95), std::to_string(cell.diff.n)},
                               dialect);
        }
      }
    }
  return csv;
}

std::string cost_effectiveness_csv(const analysis::Comparison& comparison, params::CsvDialect dialect) {
  const auto number = [dialect](double v) { return params::csv_number(v, dialect); };
  std::string csv(params::csv_preamble(dialect));
  csv += params::csv_line(
      {"scenario", "measure", "effect_kpi", "effect_unit", "averted_per_year", "averted_per_year_lo95",
       "averted_per_year_hi95", "extra_cost_eur_per_year", "extra_cost_lo95_eur_per_year",
       "extra_cost_hi95_eur_per_year", "method", "eur_per_unit_averted", "eur_per_unit_averted_lo95",
       "eur_per_unit_averted_hi95", "n", "note"},
      dialect);
  for (const auto& alt : comparison.alternatives)
    for (const auto& row : alt.cost_effectiveness.rows)
      csv += params::csv_line(
          {alt.scenario, row.measure, row.source, unit_of(row.source.substr(0, row.source.find(' '))),
           number(row.averted.mean), number(row.averted.lo95), number(row.averted.hi95),
           number(row.incremental_cost.mean), number(row.incremental_cost.lo95),
           number(row.incremental_cost.hi95), analysis::to_string(row.method), number(row.ratio.mean),
           number(row.ratio.lo95), number(row.ratio.hi95), std::to_string(row.averted.n), row.note},
          dialect);
  // One row per alternative for the catchments outside the region: their budget's change, no effect, no
  // ratio.
  for (const auto& alt : comparison.alternatives) {
    const auto& ce = alt.cost_effectiveness;
    if (ce.catchment_incremental_cost.n == 0) continue;
    const auto& c = ce.catchment_incremental_cost;
    csv += params::csv_line(
        {alt.scenario, analysis::catchment_measure(ce), "", "", "", "", "", number(c.mean), number(c.lo95),
         number(c.hi95), analysis::to_string(analysis::RatioMethod::NotDefined), "", "", "",
         std::to_string(c.n), analysis::CATCHMENT_NOTE},
        dialect);
  }
  return csv;
}

}  // namespace ozsim::output
