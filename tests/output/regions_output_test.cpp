// The region breakdown in costs.csv and the workbook: a run of two regions (scenarios/two-regions.toml)
// gets a region column and a Regio's sheet whose figures are the region KPIs; a run without regions gets
// neither, and its costs.csv keeps the columns it always had.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/analysis/run_reduction.hpp"
#include "sim/model/pupil_model.hpp"
#include "sim/output/costs_csv.hpp"
#include "sim/output/run_output.hpp"
#include "sim/output/workbook.hpp"
#include "sim/params/csv.hpp"
#include "sim/report/output_folder.hpp"
#include "sim/scenario/scenario.hpp"

using namespace ozsim;

namespace {

struct ReducedRun {
  model::ScenarioConfig config;
  analysis::RunReduction reduction;
};

// Two replications of a bundled scenario, reduced as `ozsim run` reduces them.
ReducedRun reduced_run(const std::string& file) {
  model::ScenarioConfig config =
      scenario::load_scenario(std::string(OZSIM_SOURCE_DIR) + "/scenarios/" + file).config;
  analysis::RunReduction reduction(config.name);
  for (std::uint32_t r = 0; r < 2; ++r) reduction.add(model::run_replication(config, 3, r, {}));
  return {std::move(config), std::move(reduction)};
}

const std::vector<std::string> COLUMNS_WITHOUT_REGIONS = {
    "scenario", "year_basis", "year",        "payer",        "item",
    "kind",     "euros_mean", "euros_low95", "euros_high95", "replications"};

const output::Sheet* sheet_named(const output::Workbook& book, const std::string& name) {
  const auto found = std::find_if(book.sheets.begin(), book.sheets.end(),
                                  [&](const output::Sheet& sheet) { return sheet.name == name; });
  return found == book.sheets.end() ? nullptr : &*found;
}

double number_in(const output::Cell& cell) {
  const double* value = std::get_if<double>(&cell.value);
  REQUIRE(value != nullptr);
  return *value;
}

}  // namespace

TEST_CASE("costs.csv: a run of regions has a region column whose lines add up to each region's cost") {
  const ReducedRun run = reduced_run("two-regions.toml");
  const analysis::ScenarioSummary summary = run.reduction.kpi_summary();
  std::size_t years = 0;  // whole reported school years: those with a cost.total.<year> KPI
  for (const auto& [name, value] : summary.kpis)
    if (name.starts_with("cost.total.") && name != "cost.total.per_year") ++years;
  REQUIRE(years >= 2);
  for (const params::CsvDialect dialect : {params::CsvDialect::Rfc4180, params::CsvDialect::Nl}) {
    INFO(params::csv_dialect_name(dialect));
    const report::CsvTable csv =
        report::parse_csv(output::costs_csv({{run.config.name, &run.reduction.cost_lines()}}, dialect));
    std::vector<std::string> expected = COLUMNS_WITHOUT_REGIONS;
    expected.insert(expected.begin() + 3, "region");
    CHECK(csv.header == expected);
    const int region = csv.column("region"), basis = csv.column("year_basis"),
              euros = csv.column("euros_mean");
    std::map<std::string, double> per_region;  // school-year euros, summed
    std::map<std::string, int> travel_lines;
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
      const std::string& name = csv.rows[r][static_cast<std::size_t>(region)];
      if (csv.rows[r][static_cast<std::size_t>(csv.column("item"))] == "cross_region_travel")
        ++travel_lines[name];
      if (csv.rows[r][static_cast<std::size_t>(basis)] == "school year")
        per_region[name] += csv.number(r, euros);
    }
    // Travel is booked per region under one item name: each region keeps its own lines.
    CHECK(travel_lines["midden_holland"] > 0);
    CHECK(travel_lines["rijnstreek"] > 0);
    CHECK(travel_lines[""] == 0);
    for (const std::string name : {"midden_holland", "rijnstreek"}) {
      INFO(name);
      CHECK(per_region[name] / static_cast<double>(years) ==
            doctest::Approx(summary.kpis.at("region." + name + ".cost.total.per_year").mean).epsilon(1e-9));
    }
    // The lines of no region (the shared OOV is Midden-Holland's; programmes, escalations) make up the rest.
    double all = 0.0;
    for (const auto& [name, sum] : per_region) all += sum;
    CHECK(all / static_cast<double>(years) ==
          doctest::Approx(summary.kpis.at("cost.total.per_year").mean).epsilon(1e-9));
  }
}

TEST_CASE("costs.csv: a run without regions has no region column, in either dialect") {
  const ReducedRun run = reduced_run("tiny.toml");
  for (const params::CsvDialect dialect : {params::CsvDialect::Rfc4180, params::CsvDialect::Nl}) {
    const std::string text = output::costs_csv({{run.config.name, &run.reduction.cost_lines()}}, dialect);
    const report::CsvTable csv = report::parse_csv(text);
    CHECK(csv.header == COLUMNS_WITHOUT_REGIONS);
    CHECK(csv.rows.size() > 10);
    CHECK(text.starts_with(std::string(params::csv_preamble(dialect)) +
                           params::csv_line(COLUMNS_WITHOUT_REGIONS, dialect)));
  }
}

TEST_CASE("workbook: a run of regions has a Regio's sheet of the region KPIs and a costs sheet by region") {
  const ReducedRun run = reduced_run("two-regions.toml");
  const analysis::ScenarioSummary summary = run.reduction.kpi_summary();
  const output::Workbook book = output::run_workbook(run.config, run.reduction);
  const output::Sheet* regions = sheet_named(book, "Regio's");
  REQUIRE(regions != nullptr);
  REQUIRE(regions->rows.size() == 2);
  CHECK(regions->header.at(0) == "region");
  CHECK(regions->header.at(1) == "regio");
  CHECK(regions->header.at(2) == "Schoolgaand in de regio (peildatum)");
  CHECK(regions->header.at(3) == "lo95");
  CHECK(regions->header.at(4) == "hi95");
  const auto column = [&](const std::string& head) {
    const auto at = std::find(regions->header.begin(), regions->header.end(), head);
    REQUIRE(at != regions->header.end());
    return static_cast<std::size_t>(at - regions->header.begin());
  };
  const std::size_t thuiszitters = column("Thuiszitters in de regio (peildatum)");
  const std::size_t cost = column("Kosten in de regio per jaar (totaal)");
  const std::size_t elsewhere = column("Plaatsingen buiten de regio per jaar");
  const std::size_t no_education = column("Tijd zonder onderwijs in de regio per jaar (maanden)");
  for (std::size_t r = 0; r < 2; ++r) {
    const std::string region = run.config.regions[r].name;
    INFO(region);
    const std::vector<output::Cell>& row = regions->rows[r];
    CHECK(std::get<std::string>(row[0].value) == region);
    CHECK(std::get<std::string>(row[1].value) == (r == 0 ? "Midden-Holland" : "Rijnstreek"));
    const analysis::Summary& kpi = summary.kpis.at("region." + region + ".cost.total.per_year");
    CHECK(number_in(row[cost]) == kpi.mean);
    CHECK(number_in(row[cost + 1]) == kpi.lo95);
    CHECK(number_in(row[cost + 2]) == kpi.hi95);
    CHECK(row[cost].style == output::CellStyle::Euros);
    CHECK(number_in(row[thuiszitters]) == summary.kpis.at("region." + region + ".count.thuiszitter").mean);
    CHECK(number_in(row[elsewhere]) ==
          summary.kpis.at("region." + region + ".placed_elsewhere.per_year").mean);
    CHECK(number_in(row[no_education]) ==
          summary.kpis.at("region." + region + ".no_education.months.per_year").mean);
  }
  const output::Sheet* costs = sheet_named(book, "costs");
  REQUIRE(costs != nullptr);
  CHECK(costs->header.at(3) == "region");
  CHECK(costs->rows.size() == run.reduction.cost_lines().rows().size());
}

TEST_CASE("workbook: a run without regions has no Regio's sheet and no region column") {
  const ReducedRun run = reduced_run("tiny.toml");
  const output::Workbook book = output::run_workbook(run.config, run.reduction);
  CHECK(sheet_named(book, "Regio's") == nullptr);
  const output::Sheet* costs = sheet_named(book, "costs");
  REQUIRE(costs != nullptr);
  CHECK(costs->header == COLUMNS_WITHOUT_REGIONS);
}

TEST_CASE("terminal summary: a run of regions shows one line per region and the waiting lists by kind") {
  const ReducedRun two = reduced_run("two-regions.toml");
  const std::string table = output::kpi_table(two.config, two.reduction);
  CHECK(table.find("Regions (means") != std::string::npos);
  CHECK(table.find("  midden_holland ") != std::string::npos);
  CHECK(table.find("  rijnstreek ") != std::string::npos);
  CHECK(table.find("waiting sbo ") != std::string::npos);
  CHECK(table.find("waiting sbo@") == std::string::npos);  // not one line per region's copy
  const ReducedRun one = reduced_run("tiny.toml");
  const std::string plain = output::kpi_table(one.config, one.reduction);
  CHECK(plain.find("Regions (means") == std::string::npos);
  CHECK(plain.find("  wait days oov") != std::string::npos);
}
