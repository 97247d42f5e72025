#pragma once
// The --xlsx workbook: one spreadsheet per output folder for a planner who
// works in Excel or LibreOffice. Sheets mirror the folder's tables (the same
// columns as the CSV files, plus labels from the KPI catalogue) with numbers as
// numbers, each cell carrying its number format (euros without decimals,
// shares as percentages), so nothing depends on a locale's decimal mark.
// Written by libxlsxwriter.
#include <string>
#include <variant>
#include <vector>

#include "sim/analysis/compare.hpp"
#include "sim/analysis/run_reduction.hpp"
#include "sim/analysis/sweep.hpp"
#include "sim/model/run.hpp"
#include "sim/model/scenario_config.hpp"

namespace ozsim::output {

// How a number shows in its cell; the value stored is always the exact double. General is the
// spreadsheet's own: as many digits as the value needs, for a number of any scale (a calibrated hazard of
// 0.0041, a particle's weight, a swept rate), which Decimal's two places would show as 0.00.
// PercentagePoints: a difference of two shares, stored x100 and shown as "-1.2 pp", since Excel can show a
// fraction only as a percentage, and "-1.2%" reads as a relative change.
enum class CellStyle { Text, Whole, Decimal, Euros, Share, PercentagePoints, General };

struct Cell {
  std::variant<std::monostate, std::string, double> value;  // monostate: empty (a NaN becomes one)
  CellStyle style = CellStyle::Text;
};

struct Sheet {
  std::string name;  // at most 31 characters (an Excel limit)
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
};

struct Workbook {
  std::vector<Sheet> sheets;
};

// Cells for a number of a KPI family's unit (euros, shares, counts).
Cell number_cell(double value, CellStyle style);
Cell text_cell(std::string text);
// The style for a KPI by its catalogue unit; Decimal for names the catalogue does not know.
CellStyle kpi_style(const std::string& kpi);
// A difference of a KPI between two scenarios, in its style: a share's in percentage points.
Cell difference_cell(double difference, CellStyle kpi_style);

// run: summary (every KPI with label, unit, mean and 95% interval), budget (cost per payer and all payers
// per school year and per calendar year, undiscounted and discounted at the scenario's costs.discount_rate,
// each year and the sum of years with the interval and n of the replications' values, from
// results.budget(); throws std::invalid_argument when that was reduced at another rate), timeseries, flows,
// costs and provision_costs (the rows and columns of their CSV files) and, for a scenario of regions,
// Regio's: one row per region with its label and its figures (pupils at school, thuiszitters, absoluut
// verzuim, waiting, time without education, placements and pupils elsewhere, cost per payer and in total),
// each as a column of means under its Dutch label, then lo95 and hi95. In costs a calendar year is a number
// cell and a school year its text label ("2021/22"); budget's and flows' year is a number throughout (a
// school year's is the year it starts in, beside budget's period label). trace.csv is no sheet (it
// outgrows one).
Workbook run_workbook(const model::ScenarioConfig& config, const analysis::RunReduction& results);
// compare: the same tables as compare.csv, budget.csv, cost_effectiveness.csv, (with a posterior)
// posterior_effects.csv and ceac.csv, costs.csv and provision_costs.csv, with labels.
Workbook comparison_workbook(const analysis::Comparison& comparison);
// sweep: the table of sweep.csv, with labels.
Workbook sweep_workbook(const analysis::SweepResult& result);

// Writes the workbook to `path` through a temporary file beside it and a rename, so `path` is never a
// half-written workbook. Throws std::runtime_error naming the path on failure.
void write_xlsx(const Workbook& workbook, const std::string& path);

}  // namespace ozsim::output
