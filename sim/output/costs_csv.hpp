#pragma once
// costs.csv: every euro a run or a comparison books, by scenario, year (school
// year and calendar year), payer, item (a provision, setting or programme) and
// kind (fixed, variable, transport, startup, programme, escalation), as the
// mean over the replications with its 95% interval. A run with regions gets a
// region column after the year: the region a line is for (its provision's,
// its pupils'), empty for a provision all regions share and for programmes. A spreadsheet's pivot table
// over it gives any budget view; its school-year rows sum to the cost KPIs.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/analysis/cost_lines.hpp"
#include "sim/analysis/summary_stats.hpp"
#include "sim/params/csv.hpp"

namespace ozsim::output {

// Whether any cost line of these scenarios is booked to a region (costs.csv then has its region column).
bool costs_have_regions(
    const std::vector<std::pair<std::string, const analysis::CostLineReduction*>>& scenarios);

// One (scenario name, its cost lines) per scenario, in the order given.
std::string costs_csv(
    const std::vector<std::pair<std::string, const analysis::CostLineReduction*>>& scenarios,
    params::CsvDialect dialect = params::CsvDialect::Rfc4180);

// provision_costs.csv: per scenario and provision, what its places cost against what they were used for:
// places, places used, utilisation, pupils served, cost per year, and cost per used place-year and per pupil
// served as ratios of the means over the replications (empty where nothing was used). This is the real
// price of a place a lever adds, which a budget per place-year does not show. Each column is its KPI's
// mean: places used is occupancy.<provision> (each replication's places x utilisation), so where the
// places differ between replications it is not places x utilisation of the means.
using KpiMeans = std::map<std::string, analysis::Summary>;
struct ProvisionCostRow {
  std::string scenario;
  std::string provision;
  double places = 0.0;
  double places_used = 0.0;
  double utilisation_percent = 0.0;
  double pupils_served_per_year = 0.0;
  double euros_per_year = 0.0;
  double euros_per_used_place_year = analysis::NOT_AVAILABLE;  // NaN (an empty field) where none was used
  double euros_per_pupil_served = analysis::NOT_AVAILABLE;     // NaN where no pupil was served
};
// The file's rows, for the CSV file and the workbook's sheet alike.
std::vector<ProvisionCostRow> provision_cost_rows(
    const std::vector<std::pair<std::string, const KpiMeans*>>& scenarios);
std::string provision_costs_csv(const std::vector<std::pair<std::string, const KpiMeans*>>& scenarios,
                                params::CsvDialect dialect = params::CsvDialect::Rfc4180);

}  // namespace ozsim::output
