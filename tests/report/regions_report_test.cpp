// The Regio's section of a run's report: a run of two regions (scenarios/two-regions.toml) gets its table
// and chart, built from the region KPIs of summary.json; a run without regions has no such section.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "report_test_support.hpp"
#include "sim/analysis/run_reduction.hpp"
#include "sim/model/pupil_model.hpp"
#include "sim/output/run_output.hpp"
#include "sim/report/charts.hpp"
#include "sim/report/html_report.hpp"
#include "sim/scenario/scenario.hpp"

using namespace ozsim;
using Json = nlohmann::json;

namespace {

// summary.json of two replications of a bundled scenario, as `ozsim run` writes it.
Json run_summary(const std::string& file) {
  return test::run_files(file).summary;
}

std::string run_report(const Json& summary, params::Language language) {
  report::OutputFolder folder;
  folder.path = "out/run";
  folder.kind = report::FolderKind::Run;
  folder.summary = summary;
  report::ReportOptions options;
  options.language = language;
  options.echarts.library = "/* echarts stand-in */";
  return report::render_report(folder, options);
}

bool has(const std::string& html, const std::string& part) {
  return html.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("report: a run of regions has a Regio's section with a row per region and a chart") {
  const Json summary = run_summary("two-regions.toml");
  const std::string html = run_report(summary, params::Language::Nl);
  CHECK(has(html, "<div id=\"regions\">\n<h2>Regio's</h2>"));
  CHECK(has(html, "<table class=\"regions\">"));
  for (const char* head : {"Schoolgaand", "Thuiszitters", "Wachtenden", "Tijd zonder onderwijs",
                           "Geplaatst in een buurregio", "Kosten"})
    CHECK(has(html, std::string("<th class=\"num\">") + head + "<br>"));
  CHECK(has(html, "<tr><th>Midden-Holland</th>"));
  CHECK(has(html, "<tr><th>Rijnstreek</th>"));
  CHECK(has(html, "id=\"region-no-education\""));
  CHECK_FALSE(has(html, "NaN"));
  // The section sits between the cost and the assumptions.
  CHECK(html.find("id=\"regions\"") > html.find("id=\"cost-per-payer\""));
  CHECK(html.find("id=\"regions\"") < html.find("Aannames in het scenario"));
  const std::string english = run_report(summary, params::Language::En);
  CHECK(has(english, "<h2>Regions</h2>"));
  CHECK(has(english, "Placed in a neighbouring region"));
}

TEST_CASE("report charts: time without education per 1,000 pupils, one bar per region with its interval") {
  const Json summary = run_summary("two-regions.toml");
  const Json& kpis = summary.at("kpis");
  const report::Chart chart = report::region_no_education_chart(summary, params::Language::Nl);
  CHECK(chart.option["yAxis"]["data"] == Json::array({"Midden-Holland", "Rijnstreek"}));
  const Json& bars = chart.option["series"][0]["data"];
  const Json& whiskers = chart.option["series"][1]["data"];
  REQUIRE(bars.size() == 2);
  REQUIRE(whiskers.size() == 2);
  std::size_t i = 0;
  for (const std::string region : {"midden_holland", "rijnstreek"}) {
    INFO(region);
    double pupils = 0.0;
    for (auto it = kpis.begin(); it != kpis.end(); ++it)
      if (it.key().starts_with("region." + region + ".count.")) pupils += it.value()["mean"].get<double>();
    REQUIRE(pupils > 1000.0);
    const Json& months = kpis.at("region." + region + ".no_education.months.per_year");
    CHECK(bars[i].get<double>() == doctest::Approx(months["mean"].get<double>() * 1000.0 / pupils));
    CHECK(whiskers[i][1].get<double>() <= bars[i].get<double>());
    CHECK(whiskers[i][2].get<double>() >= bars[i].get<double>());
    CHECK(std::isfinite(whiskers[i][2].get<double>()));
    ++i;
  }
  CHECK(chart.unit == "maanden per jaar per 1.000 leerlingen");
}

TEST_CASE("report: a run without regions has no Regio's section") {
  const std::string html = run_report(run_summary("tiny.toml"), params::Language::Nl);
  CHECK_FALSE(has(html, "id=\"regions\""));
  CHECK_FALSE(has(html, "region-no-education"));
  CHECK(has(html, "id=\"cost-per-payer\""));
}
