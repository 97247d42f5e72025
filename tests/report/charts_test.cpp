// Chart data of the report: series lengths, no NaN, labels and units, Dutch numbers.
#include "sim/report/charts.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/report/html_report.hpp"
#include "sim/report/kpi_labels.hpp"
#include "sim/report/output_folder.hpp"

using namespace ozsim::report;
using Json = nlohmann::json;
using ozsim::params::Language;

namespace {

Json kpi(double mean, double lo, double hi) {
  return Json{{"mean", mean}, {"lo95", lo}, {"hi95", hi}, {"n", 4}};
}

// A summary.json as `ozsim run` writes it, for three reported school years.
Json small_summary() {
  Json kpis = Json::object();
  for (int y : {2021, 2022, 2023}) {
    kpis["count.thuiszitter." + std::to_string(y)] = kpi(30.0 + y - 2021, 25.0, 35.0);
    kpis["cost.gemeente." + std::to_string(y)] = kpi(1.5e6, 1.4e6, 1.6e6);
    kpis["cost.swv." + std::to_string(y)] = kpi(2.5e6, 2.3e6, 2.7e6);
    kpis["cost.total." + std::to_string(y)] = kpi(4.0e6, 3.8e6, 4.2e6);
  }
  kpis["count.thuiszitter"] = kpi(31.0, 28.5, 33.5);
  kpis["home.mean_days"] = kpi(120.0, 110.0, 130.0);
  kpis["home.median_days"] = kpi(80.0, 70.0, 90.0);
  kpis["home.p90_days"] = kpi(260.0, 240.0, 280.0);
  kpis["cost.total.per_year"] = kpi(21000.0, 20000.0, 22000.0);
  return Json{
      {"scenario", "test"},
      {"seed", 1},
      {"replications", 4},
      {"start_year", 2018},
      {"years", 6},
      {"warmup_years", 3.0},
      {"kpis", kpis},
      {"provisions",
       Json::array({Json{{"name", "oov"},
                         {"capacity", 12},
                         {"capacity_changes", Json::array({Json{{"year", 2022}, {"capacity", 20}}})}}})}};
}

// Every number in every series is finite: NaN would reach JSON as null and leave gaps.
void check_series_finite(const Json& option) {
  for (const Json& s : option.at("series")) {
    if (s.contains("data"))
      for (const Json& d : s["data"]) {
        if (d.is_number()) CHECK(std::isfinite(d.get<double>()));
        if (d.is_array())
          for (const Json& v : d)
            if (v.is_number()) CHECK(std::isfinite(v.get<double>()));
      }
  }
}

}  // namespace

TEST_CASE("report charts: years a run reports on") {
  const YearSpan years = reported_years(small_summary()["kpis"]);
  CHECK(years.first == 2021);
  CHECK(years.last == 2023);
  CHECK(school_years_text(years, Language::Nl) == "schooljaren 2021/22–2023/24");
  CHECK(school_years_text(years, Language::En) == "school years 2021/22–2023/24");
  CHECK(reported_years(Json::object()).empty());
}

TEST_CASE("report charts: cost per payer, one bar per year and payer, total interval") {
  const Chart chart = cost_per_payer_chart(small_summary(), Language::Nl);
  CHECK(chart.title.find("2021/22–2023/24") != std::string::npos);
  CHECK(chart.unit == "€ per schooljaar");
  CHECK(chart.option["xAxis"]["data"].size() == 3);
  REQUIRE(chart.option["series"].size() == 3);  // gemeente, swv, the total's interval
  CHECK(chart.option["series"][0]["name"] == "Gemeente");
  CHECK(chart.option["series"][1]["name"] == "Samenwerkingsverband");
  for (const Json& s : chart.option["series"]) CHECK(s["data"].size() == 3);
  CHECK(chart.option["series"][2]["ozsim_interval"] == "vertical");
  CHECK(chart.option["series"][2]["data"][0] == Json::array({0, 3.8e6, 4.2e6, 4.0e6}));
  CHECK(chart.option["ozsim"]["format"] == "euro");
  CHECK(chart.caption.find("95%-interval") != std::string::npos);
  check_series_finite(chart.option);
}

TEST_CASE("report charts: provision occupancy, waiting list, capacity steps and warm-up") {
  const CsvTable series = parse_csv(
      "date,day,occupancy.oov,waiting.oov,occupancy.sbo,waiting.sbo\n"
      "2021-08-01,0,10,2,0,0\n2022-07-01,334,11,3,0,0\n2022-09-01,396,15,0,0,0\n");
  const std::vector<Chart> charts = provision_charts(series, small_summary(), Language::Nl);
  REQUIRE(charts.size() == 1);  // sbo was never used and has no capacity: left out
  const Chart& oov = charts.front();
  CHECK(oov.id == "provision-oov");
  CHECK(oov.title == "OOV: bezetting en wachtlijst per maand");
  CHECK(oov.unit == "leerlingen");
  const Json& s = oov.option["series"];
  REQUIRE(s.size() == 3);
  for (const Json& one : s) CHECK(one["data"].size() == 3);
  // Capacity 12 until the 2022/23 school year, then 20.
  CHECK(s[2]["data"][0][1] == 12);
  CHECK(s[2]["data"][1][1] == 12);
  CHECK(s[2]["data"][2][1] == 20);
  CHECK(s[0]["markArea"]["data"][0][1]["xAxis"] == "2021-08-01");  // warm-up: 3 years from August 2018
  check_series_finite(oov.option);
}

TEST_CASE("report charts: Sankey of flows has no cycles and leaves out ordinary exits") {
  const CsvTable flows = parse_csv(
      "year,from,to,count\n2021,attending,thuiszitter,4\n2022,attending,thuiszitter,6\n"
      "2021,thuiszitter,attending,3\n2021,attending,exit_startkwalificatie,900\n2019,attending,oov,50\n");
  const Chart chart = flows_sankey(flows, YearSpan{2021, 2023}, 4, Language::Nl);
  const Json& links = chart.option["series"][0]["links"];
  REQUIRE(links.size() ==
          2);  // the 2019 flow lies before the reported years, the diploma exit is not the continuum
  for (const Json& link : links) {
    CHECK(link["source"].get<std::string>().rfind("from:", 0) == 0);  // left column and right column: a DAG
    CHECK(link["target"].get<std::string>().rfind("to:", 0) == 0);
  }
  CHECK(links[0]["value"].get<double>() == doctest::Approx(10.0 / 2.0));  // two years with flows seen
  bool dutch_label = false;
  for (const Json& node : chart.option["series"][0]["data"])
    dutch_label = dutch_label || node["display"] == "Thuiszitter";
  CHECK(dutch_label);
  CHECK(chart.unit == "leerlingen per jaar");
}

TEST_CASE("report charts: time at home against the 3-month norm") {
  const Chart chart = home_time_chart(small_summary(), Language::En);
  CHECK(chart.unit == "days");
  CHECK(chart.option["yAxis"]["data"].size() == 3);
  CHECK(chart.option["series"][0]["data"].size() == 3);
  CHECK(chart.option["series"][0]["markLine"]["data"][0]["xAxis"] == 90.0);
  CHECK(chart.option["series"][1]["data"][2] == Json::array({2, 240.0, 280.0, 260.0}));
  check_series_finite(chart.option);
}

TEST_CASE("report: a compare page has the decision table, forest plots, budget and Dutch sentences") {
  const Json diff = Json{{"mean", -4.0}, {"lo95", -6.0}, {"hi95", -2.0}, {"n", 10}};
  const Json cost_diff = Json{{"mean", 21000.0}, {"lo95", 15000.7}, {"hi95", 27000.0}, {"n", 10}};
  const auto cell = [&](const Json& d) {
    return Json{{"base", kpi(100.0, 90.0, 110.0)}, {"alt", kpi(96.0, 86.0, 106.0)}, {"diff", d}};
  };
  Json alt = {{"scenario", "opbouwarrangement"},
              {"kpis", Json::array({Json{{"kpi", "count.thuiszitter"},
                                         {"base", kpi(30, 28, 32)},
                                         {"alt", kpi(26, 24, 28)},
                                         {"diff", diff}},
                                    Json{{"kpi", "cost.total.per_year"},
                                         {"base", kpi(5e6, 4.9e6, 5.1e6)},
                                         {"alt", kpi(5.021e6, 4.9e6, 5.1e6)},
                                         {"diff", cost_diff}}})},
              {"budget_impact",
               {{"first_year", 2021},
                {"discount_rate", 0.0225},
                {"years", {2021, 2022}},
                {"payers", {"gemeente"}},
                {"rows", Json::array({Json{{"payer", "gemeente"},
                                           {"year", 2021},
                                           {"undiscounted", cell(cost_diff)},
                                           {"discounted", cell(cost_diff)}},
                                      Json{{"payer", "gemeente"},
                                           {"year", 2022},
                                           {"undiscounted", cell(cost_diff)},
                                           {"discounted", cell(cost_diff)}},
                                      Json{{"payer", "all payers"},
                                           {"year", 2021},
                                           {"undiscounted", cell(cost_diff)},
                                           {"discounted", cell(cost_diff)}},
                                      Json{{"payer", "all payers"},
                                           {"year", 2022},
                                           {"undiscounted", cell(cost_diff)},
                                           {"discounted", cell(cost_diff)}},
                                      Json{{"payer", "all payers"},
                                           {"undiscounted", cell(cost_diff)},
                                           {"discounted", cell(cost_diff)}}})}}},
              {"cost_effectiveness",
               {{"cost_basis", "euros per year"},
                {"rows", Json::array({Json{{"measure", "dagbesteding placement"},
                                           {"method", "per replication"},
                                           {"euros_per_unit_averted",
                                            {{"mean", 21000.0}, {"lo95", 15000.0}, {"hi95", 27000.0}}},
                                           {"averted_per_year", {{"mean", 1.0}}},
                                           {"incremental_cost_per_year", {{"mean", 21000.0}}}}})}}}};
  OutputFolder folder;
  folder.path = "out/cmp";
  folder.kind = FolderKind::Compare;
  folder.compare = Json{{"base", "midden-holland"},
                        {"replications", 10},
                        {"master_seed", 1},
                        {"alternatives", Json::array({alt})}};

  const Chart budget = budget_chart(alt, true, Language::Nl);
  REQUIRE(budget.option["series"].size() == 2);  // gemeente bars + all-payers interval
  CHECK(budget.option["series"][0]["data"].size() == 2);
  CHECK(budget.option["series"][1]["data"].size() == 2);
  CHECK(budget.caption.find("2,25%") != std::string::npos);
  const Chart forest = forest_chart(*folder.compare, "count.thuiszitter", Language::Nl);
  CHECK(forest.option["series"][0]["data"][0] == Json::array({0, -6.0, -2.0, -4.0}));
  CHECK(forest.unit == "leerlingen");

  ReportOptions options;
  options.echarts.library = "/* echarts stand-in */";
  const std::string html = render_report(folder, options);
  CHECK(html.find("<html lang=\"nl\">") != std::string::npos);
  CHECK(html.find("Beslistabel") != std::string::npos);
  CHECK(html.find("Elke voorkomen plaatsing in dagbesteding kost ongeveer € 21.000 (95%-interval € 15.000 "
                  "tot € 27.000)") == std::string::npos);  // the sentence starts with the scenario name
  CHECK(
      html.find(
          "opbouwarrangement: elke voorkomen plaatsing in dagbesteding kost ongeveer € 21.000 (95%-interval "
          "€ 15.000 tot € 27.000).") != std::string::npos);
  CHECK(html.find("€ 15.001 – € 27.000") != std::string::npos);  // budget table cell interval, Dutch grouping
  CHECK(html.find("class=\"better\"") != std::string::npos);     // fewer thuiszitters, interval below zero
  CHECK(html.find("id=\"forest-count-thuiszitter\"") != std::string::npos);
  CHECK(html.find("NaN") == std::string::npos);

  options.language = Language::En;
  const std::string english = render_report(folder, options);
  CHECK(english.find("Decision table") != std::string::npos);
  CHECK(english.find(
            "each placement in dagbesteding averted costs about €21,000 (95% interval €15,000 to €27,000)") !=
        std::string::npos);
}

TEST_CASE("report: an empty folder says what is missing and how to make it") {
  const OutputFolder folder = read_output_folder("/nonexistent/ozsim-report-test");
  CHECK(folder.kind == FolderKind::Empty);
  ReportOptions options;
  const std::string html = render_report(folder, options);
  CHECK(html.find("Geen uitvoer van ozsim") != std::string::npos);
  CHECK(html.find("ozsim run SCENARIO --out /nonexistent/ozsim-report-test") != std::string::npos);
  CHECK(html.find("echarts") == std::string::npos);  // no charts, no library
}

TEST_CASE("report: CSV reading") {
  const CsvTable t = parse_csv(
      "\xEF\xBB\xBF"
      "a,\"b,c\",d\r\n1,\"x \"\"y\"\"\",\n");
  REQUIRE(t.header.size() == 3);
  CHECK(t.header[1] == "b,c");
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0][1] == "x \"y\"");
  CHECK(t.rows[0][2].empty());
  CHECK(t.number(0, 0) == 1.0);
  CHECK(std::isnan(t.number(0, 2)));
  CHECK_THROWS_AS(parse_csv("a\n\"open"), std::runtime_error);
}

TEST_CASE("report labels come from the KPI catalogue") {
  const KpiInfo wait = kpi_info("wait_days.oov.mean", Language::Nl);
  CHECK(wait.label == "Wachttijd OOV (dagen)");
  CHECK(wait.unit == Unit::Days);
  CHECK(wait.headline);
  CHECK(kpi_info("cost.total.per_year", Language::En).label == "Total cost per year");
  CHECK(kpi_info("cost.total.per_year", Language::En).unit == Unit::EurosPerYear);
  CHECK(kpi_info("count.thuiszitter", Language::Nl).unit == Unit::Pupils);
  CHECK_FALSE(kpi_info("count.risicoleerling.2021", Language::Nl).headline);
  // A name the catalogue does not know falls back to the patterns, never to nothing.
  CHECK(kpi_info("not.a.kpi", Language::Nl).label == "not.a.kpi");
  const std::vector<std::string> headlines =
      headline_kpis(provisions_in({"wait_days.oov.mean", "count.oov"}));
  CHECK(std::find(headlines.begin(), headlines.end(), "wait_days.oov.mean") != headlines.end());
  CHECK(std::find(headlines.begin(), headlines.end(), "cost.total.per_year") != headlines.end());
}
