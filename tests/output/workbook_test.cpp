// The --xlsx workbooks against the folder's files: each table the folder writes is a sheet with the CSV
// file's rows (or the README says why not), the run's budget sheet has an interval and n on every row as
// costs.csv has, and a year is a number where it is a calendar year and text where it is a school year.
#include "sim/output/workbook.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sim/analysis/compare.hpp"
#include "sim/analysis/economics.hpp"
#include "sim/analysis/run_reduction.hpp"
#include "sim/analysis/sweep.hpp"
#include "sim/model/pupil_model.hpp"
#include "sim/output/compare_output.hpp"
#include "sim/output/costs_csv.hpp"
#include "sim/output/run_output.hpp"
#include "sim/params/csv.hpp"
#include "sim/report/output_folder.hpp"
#include "sim/scenario/scenario.hpp"

using namespace ozsim;

namespace {

constexpr std::uint32_t REPLICATIONS = 3;

model::ScenarioConfig bundled(const std::string& file) {
  return scenario::load_scenario(std::string(OZSIM_SOURCE_DIR) + "/scenarios/" + file).config;
}

std::vector<model::RunResult> replications_of(const model::ScenarioConfig& config) {
  std::vector<model::RunResult> results;
  for (std::uint32_t r = 0; r < REPLICATIONS; ++r)
    results.push_back(model::run_replication(config, 5, r, {}));
  return results;
}

// tiny.toml against itself with two more OOV places, on common random numbers.
analysis::Comparison tiny_with_more_oov() {
  const model::ScenarioConfig base = bundled("tiny.toml");
  model::ScenarioConfig alt = base;
  alt.name = "tiny-more-oov";
  for (model::ProvisionConfig& provision : alt.provisions)
    if (provision.name == "oov") provision.capacity += 2;
  return analysis::compare_scenarios({base.name, alt.name}, {replications_of(base), replications_of(alt)}, 5);
}

analysis::RunReduction reduced(const model::ScenarioConfig& config,
                               const std::vector<model::RunResult>& results) {
  analysis::RunReduction reduction(config.name, config.discount_rate);
  for (const model::RunResult& r : results) reduction.add(model::RunResult(r));
  return reduction;
}

const output::Sheet& sheet_named(const output::Workbook& book, const std::string& name) {
  const auto found = std::find_if(book.sheets.begin(), book.sheets.end(),
                                  [&](const output::Sheet& sheet) { return sheet.name == name; });
  REQUIRE_MESSAGE(found != book.sheets.end(), "no sheet " << name);
  return *found;
}

bool has_sheet(const output::Workbook& book, const std::string& name) {
  return std::any_of(book.sheets.begin(), book.sheets.end(),
                     [&](const output::Sheet& sheet) { return sheet.name == name; });
}

std::size_t column_of(const output::Sheet& sheet, const std::string& name) {
  const auto at = std::find(sheet.header.begin(), sheet.header.end(), name);
  REQUIRE_MESSAGE(at != sheet.header.end(), sheet.name << " has no column " << name);
  return static_cast<std::size_t>(at - sheet.header.begin());
}

const double* number_in(const output::Cell& cell) {
  return std::get_if<double>(&cell.value);
}

const std::string* text_in(const output::Cell& cell) {
  return std::get_if<std::string>(&cell.value);
}

// The sheet holds the CSV file's header and rows: a number field as a number cell of that value (a calendar
// year "2022" too), an empty field as an empty cell, any other field as that text ("2021/22").
void check_mirrors(const output::Sheet& sheet, const std::string& csv_text) {
  INFO("sheet " << sheet.name);
  const report::CsvTable csv = report::parse_csv(csv_text);
  REQUIRE(sheet.header == csv.header);
  REQUIRE(sheet.rows.size() == csv.rows.size());
  REQUIRE(!csv.rows.empty());
  for (std::size_t r = 0; r < csv.rows.size(); ++r)
    for (std::size_t c = 0; c < csv.header.size(); ++c) {
      INFO("row " << r << " column " << csv.header[c]);
      const std::string& field = csv.rows[r][c];
      const output::Cell& cell = sheet.rows[r].at(c);
      double value = 0.0;
      if (field.empty()) {
        CHECK(std::holds_alternative<std::monostate>(cell.value));
      } else if (params::csv_parse_number(field, params::CsvDialect::Rfc4180, value)) {
        REQUIRE(number_in(cell) != nullptr);
        CHECK(*number_in(cell) == value);
      } else {
        REQUIRE(text_in(cell) != nullptr);
        CHECK(*text_in(cell) == field);
      }
    }
}

// Per replication, the euros of every payer together in each calendar year (as YearBasis spreads them).
std::map<int, std::vector<double>> calendar_totals(const std::vector<model::RunResult>& results) {
  const double early = analysis::school_year_share_in_starting_calendar_year();
  std::map<int, std::vector<double>> totals;
  for (std::size_t r = 0; r < results.size(); ++r) {
    const model::RunResult& result = results[r];
    for (int year = result.first_cost_year + 1; year <= result.last_cost_year; ++year)
      totals[year].resize(results.size(), 0.0);
    for (const model::CostLine& line : result.costs) {
      if (line.year + 1 <= result.last_cost_year) totals[line.year + 1][r] += line.euros * (1.0 - early);
      if (line.year > result.first_cost_year) totals[line.year][r] += line.euros * early;
    }
  }
  return totals;
}

}  // namespace

TEST_CASE("workbook: every budget row of a run has n and an interval, calendar years and all years too") {
  const model::ScenarioConfig config = bundled("tiny.toml");
  const std::vector<model::RunResult> results = replications_of(config);
  const output::Workbook book = output::run_workbook(config, reduced(config, results));
  const output::Sheet& budget = sheet_named(book, "budget");
  const std::size_t basis = column_of(budget, "year_basis"), payer = column_of(budget, "payer"),
                    year = column_of(budget, "year"), discounted = column_of(budget, "discounted"),
                    mean = column_of(budget, "mean_eur"), lo95 = column_of(budget, "lo95_eur"),
                    hi95 = column_of(budget, "hi95_eur"), n = column_of(budget, "n");
  std::size_t calendar_rows = 0;
  for (const std::vector<output::Cell>& row : budget.rows) {
    INFO(*text_in(row[basis]) << " " << *text_in(row[payer]) << " " << *text_in(row[discounted]));
    REQUIRE(number_in(row[n]) != nullptr);
    CHECK(*number_in(row[n]) == REPLICATIONS);
    REQUIRE(number_in(row[lo95]) != nullptr);
    REQUIRE(number_in(row[hi95]) != nullptr);
    CHECK(*number_in(row[lo95]) <= *number_in(row[mean]));
    CHECK(*number_in(row[mean]) <= *number_in(row[hi95]));
    if (*text_in(row[basis]) == "calendar") ++calendar_rows;
  }
  CHECK(calendar_rows > 0);

  // A calendar year of all payers: the mean and Student-t interval of the replications' totals, as
  // costs.csv's lines (and compare's budget.csv) have theirs.
  const std::map<int, std::vector<double>> totals = calendar_totals(results);
  REQUIRE(totals.size() >= 2);
  std::size_t checked = 0;
  for (const std::vector<output::Cell>& row : budget.rows) {
    if (*text_in(row[basis]) != "calendar" || *text_in(row[payer]) != analysis::ALL_PAYERS ||
        *text_in(row[discounted]) != "no" || number_in(row[year]) == nullptr)
      continue;
    const int calendar_year = static_cast<int>(*number_in(row[year]));
    INFO(calendar_year);
    const analysis::Summary expected = analysis::summarize(totals.at(calendar_year));
    CHECK(*number_in(row[mean]) == doctest::Approx(expected.mean).epsilon(1e-12));
    CHECK(*number_in(row[lo95]) == doctest::Approx(expected.lo95).epsilon(1e-12));
    CHECK(*number_in(row[hi95]) == doctest::Approx(expected.hi95).epsilon(1e-12));
    ++checked;
  }
  CHECK(checked == totals.size());
}

TEST_CASE("workbook: a calendar year is a number and a school year its text label, in the costs sheet too") {
  const model::ScenarioConfig config = bundled("tiny.toml");
  const output::Workbook book = output::run_workbook(config, reduced(config, replications_of(config)));
  for (const char* name : {"costs", "budget"}) {
    const output::Sheet& sheet = sheet_named(book, name);
    INFO(name);
    const std::size_t basis = column_of(sheet, "year_basis"), year = column_of(sheet, "year");
    std::size_t calendar = 0, school = 0;
    for (const std::vector<output::Cell>& row : sheet.rows) {
      const std::string& basis_text = *text_in(row[basis]);
      if (basis_text.starts_with("calendar")) {
        ++calendar;
        const bool all_years = text_in(row[year]) != nullptr && *text_in(row[year]) == "all";
        CHECK_MESSAGE((number_in(row[year]) != nullptr || all_years), "a calendar year stored as text");
      } else {
        ++school;
        // costs names a school year "2019/20"; budget keeps the year it starts in beside that label in
        // `period`.
        if (sheet.name == "costs") {
          REQUIRE(text_in(row[year]) != nullptr);
          CHECK(text_in(row[year])->find('/') != std::string::npos);
        }
      }
    }
    CHECK(calendar > 0);
    CHECK(school > 0);
  }
}

TEST_CASE("workbook: run.xlsx has a sheet for each table of the run folder, with the file's rows") {
  const model::ScenarioConfig config = bundled("tiny.toml");
  const analysis::RunReduction reduction = reduced(config, replications_of(config));
  const output::Workbook book = output::run_workbook(config, reduction);
  const analysis::ScenarioSummary summary = reduction.kpi_summary();
  check_mirrors(sheet_named(book, "timeseries"), output::timeseries_csv(config, reduction));
  check_mirrors(sheet_named(book, "flows"), output::flows_csv(reduction));
  check_mirrors(sheet_named(book, "costs"), output::costs_csv({{config.name, &reduction.cost_lines()}}));
  check_mirrors(sheet_named(book, "provision_costs"),
                output::provision_costs_csv({{config.name, &summary.kpis}}));
  CHECK(!has_sheet(book, "trace"));  // a per-pupil event log: too long for a sheet (README)
}

TEST_CASE("workbook: compare.xlsx has a sheet for each table of the compare folder, with the file's rows") {
  const analysis::Comparison comparison = tiny_with_more_oov();
  const output::Workbook book = output::comparison_workbook(comparison);
  check_mirrors(sheet_named(book, "costs"), output::costs_csv(output::comparison_cost_lines(comparison)));
  const std::vector<std::pair<std::string, output::KpiMeans>> means =
      output::comparison_kpi_means(comparison);
  std::vector<std::pair<std::string, const output::KpiMeans*>> provisions;
  for (const auto& [scenario, kpis] : means) provisions.emplace_back(scenario, &kpis);
  check_mirrors(sheet_named(book, "provision_costs"), output::provision_costs_csv(provisions));
  const output::Sheet& costs = sheet_named(book, "costs");
  std::set<std::string> scenarios;
  for (const std::vector<output::Cell>& row : costs.rows) scenarios.insert(*text_in(row[0]));
  CHECK(scenarios == std::set<std::string>{"tiny", "tiny-more-oov"});
  for (const char* name : {"summary", "budget", "cost_effectiveness"}) CHECK(has_sheet(book, name));
}

TEST_CASE("workbook: a swept number shows in sweep.xlsx at any scale, not as 0.00") {
  // Found by `ozsim sweep ... --set onset.hazard_per_year.po=0.003,0.004 --xlsx`: both points' key column
  // had the two-decimal format and read 0.00, so the points could not be told apart.
  analysis::SweepResult result;
  result.axes = analysis::parse_sweep_sets({"onset.hazard_per_year.po=0.003,0.004"});
  for (const analysis::SweepPoint& point : analysis::sweep_grid(result.axes)) {
    analysis::SweepPointResult& p = result.points.emplace_back();
    p.point = point;
    p.summary.kpis["count.thuiszitter"] = analysis::Summary{};
  }
  const output::Workbook book = output::sweep_workbook(result);
  REQUIRE(book.sheets[0].rows.size() == 2);
  for (const auto& row : book.sheets[0].rows) {
    REQUIRE(std::holds_alternative<double>(row[1].value));
    CHECK(row[1].style == output::CellStyle::General);
  }
}

TEST_CASE("workbook: a share's difference is in percentage points in compare.xlsx and sweep.xlsx") {
  // Found by the audit of stop 22: compare.xlsx gave a difference of two shares the share's 0.0% format, so
  // -0.012 read "-1.2%", a relative change, where compare.csv's header, the terminal and the report say
  // percentage points. It is now stored x100 with the format 0.0" pp".
  const analysis::Comparison comparison = tiny_with_more_oov();
  const output::Workbook book = output::comparison_workbook(comparison);
  const output::Sheet& summary = sheet_named(book, "summary");
  const std::size_t kpi_column = column_of(summary, "kpi");
  const std::size_t base_mean = column_of(summary, "base_mean");
  const std::size_t diff_mean = column_of(summary, "diff_mean");
  const std::size_t diff_hi95 = column_of(summary, "diff_hi95");
  std::size_t shares = 0;
  std::size_t others = 0;
  for (const auto& row : summary.rows) {
    const std::string kpi = *text_in(row[kpi_column]);
    const auto& paired = comparison.alternatives.front().paired.kpis;
    const auto found =
        std::find_if(paired.begin(), paired.end(), [&](const auto& k) { return k.kpi == kpi; });
    REQUIRE(found != paired.end());
    INFO(kpi);
    if (output::kpi_style(kpi) == output::CellStyle::Share) {
      ++shares;
      CHECK(row[base_mean].style == output::CellStyle::Share);  // a level stays a percentage
      CHECK(row[diff_mean].style == output::CellStyle::PercentagePoints);
      CHECK(row[diff_hi95].style == output::CellStyle::PercentagePoints);
      if (const double* shown = number_in(row[diff_mean]))
        CHECK(*shown == doctest::Approx(100.0 * found->diff.mean));
    } else {
      ++others;
      CHECK(row[diff_mean].style == row[base_mean].style);
      if (const double* shown = number_in(row[diff_mean])) CHECK(*shown == found->diff.mean);
    }
  }
  CHECK(shares > 0);
  CHECK(others > 0);

  analysis::SweepResult result;
  result.axes = analysis::parse_sweep_sets({"provisions.oov.capacity=5,7"});
  result.has_baseline = true;
  for (const analysis::SweepPoint& point : analysis::sweep_grid(result.axes)) {
    analysis::SweepPointResult& p = result.points.emplace_back();
    p.point = point;
    p.summary.kpis["home.share_over_3m_without_offer"] =
        analysis::Summary{.n = 3, .mean = 0.2, .lo95 = 0.1, .hi95 = 0.3};
    p.differences["home.share_over_3m_without_offer"] =
        analysis::Summary{.n = 3, .mean = -0.012, .lo95 = -0.02, .hi95 = -0.004};
  }
  const output::Workbook sweep_book = output::sweep_workbook(result);
  const output::Sheet& sweep = sweep_book.sheets[0];
  const std::size_t sweep_diff = column_of(sweep, "diff_mean");
  const std::size_t sweep_mean = column_of(sweep, "mean");
  for (const auto& row : sweep.rows) {
    CHECK(row[sweep_mean].style == output::CellStyle::Share);
    CHECK(row[sweep_diff].style == output::CellStyle::PercentagePoints);
    REQUIRE(number_in(row[sweep_diff]) != nullptr);
    CHECK(*number_in(row[sweep_diff]) == doctest::Approx(-1.2));
  }
}
