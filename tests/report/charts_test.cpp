// Chart data of the report: series lengths, no NaN, labels and units, Dutch numbers.
#include "sim/report/charts.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/report/html_report.hpp"
#include "sim/report/kpi_text.hpp"
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
    dutch_label = dutch_label || node["display"] == "Thuiszitters";
  CHECK(dutch_label);
  CHECK(chart.unit == "leerlingen per jaar");
  CHECK(!links[0].contains("lo95"));  // means-only flows.csv: no interval, and the caption says so
  CHECK(chart.caption.find("geen interval") != std::string::npos);
}

TEST_CASE("report charts: Sankey links carry each flow's 95% interval") {
  const CsvTable flows = parse_csv(
      "year,from,to,count,count_low95,count_high95\n"
      "2021,attending,thuiszitter,4,3,5\n2022,attending,thuiszitter,6,4.5,7.5\n"
      "2021,thuiszitter,oov,0.25,0.04,1.6\n");
  const Chart chart = flows_sankey(flows, YearSpan{2021, 2022}, 4, Language::Nl);
  const Json& links = chart.option["series"][0]["links"];
  REQUIRE(links.size() == 2);
  // Per year over the two years seen: the mean and the years' bounds added up, halved.
  CHECK(links[0]["value"].get<double>() == doctest::Approx(5.0));
  CHECK(links[0]["lo95"].get<double>() == doctest::Approx(3.75));
  CHECK(links[0]["hi95"].get<double>() == doctest::Approx(6.25));
  CHECK(links[1]["lo95"].get<double>() == doctest::Approx(0.02));
  CHECK(links[1]["hi95"].get<double>() == doctest::Approx(0.8));
  CHECK(chart.caption.find("geen interval") == std::string::npos);
  CHECK(chart.caption.find("95%-interval") != std::string::npos);
  const Chart english = flows_sankey(flows, YearSpan{2021, 2022}, 4, Language::En);
  CHECK(english.caption.find("95% interval") != std::string::npos);
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
  Json alt = {
      {"scenario", "opbouwarrangement"},
      {"kpis", Json::array({Json{{"kpi", "count.thuiszitter"},
                                 {"base", kpi(30, 28, 32)},
                                 {"alt", kpi(26, 24, 28)},
                                 {"diff", diff},
                                 {"significant", true}},
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
        {"cost_basis_nl", "euro per jaar"},
        {"rows", Json::array({Json{
                     {"measure", "dagbesteding placement"},
                     {"method", "per replication"},
                     {"euros_per_unit_averted", {{"mean", 21000.0}, {"lo95", 15000.0}, {"hi95", 27000.0}}},
                     {"averted_per_year", {{"mean", 1.0}}},
                     {"incremental_cost_per_year", {{"mean", 21000.0}}}}})},
        {"catchment_payers",
         {{"payers", {"rijnstreek"}},
          {"incremental_cost_per_year", {{"mean", 48242.0}, {"lo95", 44639.0}, {"hi95", 51844.0}}}}}}}};
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
  // The whisker, and the zero line across the whole plot on the (invisible) means.
  CHECK(forest.option["series"][1]["data"][0] == Json::array({0, -6.0, -2.0, -4.0}));
  CHECK(forest.option["series"][0]["markLine"]["data"][0]["xAxis"] == 0.0);
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
  CHECK(html.find("class=\"better\"") != std::string::npos);     // fewer thuiszitters, significant
  CHECK(html.find("id=\"forest-count-thuiszitter\"") != std::string::npos);
  CHECK(html.find("NaN") == std::string::npos);
  // The basis of the amounts in the page's language.
  CHECK(html.find("wordt voorkomen (euro per jaar).") != std::string::npos);
  // The catchment's budget change, kept out of the ratios, in one sentence below them.
  CHECK(html.find("Verwijzers van buiten de regio (rijnstreek) betalen ongeveer € 48.242 per jaar meer "
                  "(95%-interval € 44.639 tot € 51.844)") != std::string::npos);

  options.language = Language::En;
  const std::string english = render_report(folder, options);
  CHECK(english.find("Decision table") != std::string::npos);
  CHECK(english.find(
            "each placement in dagbesteding averted costs about €21,000 (95% interval €15,000 to €27,000)") !=
        std::string::npos);
  CHECK(english.find("Referrers from outside the region (rijnstreek) pay about €48,242 a year more (95% "
                     "interval €44,639 to €51,844)") != std::string::npos);
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
  // --csv-dialect nl: ';' between fields, decimal comma, the byte-order mark.
  const CsvTable nl = parse_csv(
      "\xEF\xBB\xBF"
      "a;b\n92,325;\"x;y\"\n");
  REQUIRE(nl.header.size() == 2);
  CHECK(nl.number(0, 0) == 92.325);
  CHECK(nl.rows[0][1] == "x;y");
}

TEST_CASE("report labels come from the KPI catalogue") {
  const KpiInfo wait = kpi_info("wait_days.oov.mean", Language::Nl);
  CHECK(wait.label == "Wachttijd OOV (dagen)");
  CHECK(wait.unit == ozsim::model::KpiUnit::Days);
  CHECK(wait.headline);
  CHECK_FALSE(wait.can_be_negative);
  CHECK(unit_text(wait, Language::Nl) == "dagen");
  const KpiInfo cost = kpi_info("cost.total.per_year", Language::En);
  CHECK(cost.label == "Total cost per year");
  CHECK(unit_text(cost, Language::En) == "€ per year");
  CHECK(std::string(value_format(cost)) == "euro");
  CHECK(format_in_unit(21000.0, cost, Language::Nl) == "€ 21.000");
  CHECK(unit_text(kpi_info("count.thuiszitter", Language::Nl), Language::Nl) == "leerlingen");
  CHECK_FALSE(kpi_info("count.risicoleerling.2021", Language::Nl).headline);
  // A name the catalogue does not know is shown as written, without a unit, and never clipped.
  const KpiInfo unknown = kpi_info("not.a.kpi", Language::Nl);
  CHECK(unknown.label == "not.a.kpi");
  CHECK(unit_text(unknown, Language::Nl).empty());
  CHECK(clip_low(-3.0, unknown) == -3.0);
  // Settings, exits and payers are labelled by the model's vocabulary.
  CHECK(setting_label("thuiszitter", Language::Nl) == "Thuiszitters");
  CHECK(setting_label("exit_moved", Language::En) == "Moved away");
  CHECK(payer_label("swv", Language::Nl) == "Samenwerkingsverband");
  CHECK(payer_label("waterschap", Language::Nl) == "Waterschap");
  const std::vector<std::string> headlines =
      headline_kpis(provisions_in({"wait_days.oov.mean", "count.oov"}));
  CHECK(std::find(headlines.begin(), headlines.end(), "wait_days.oov.mean") != headlines.end());
  CHECK(std::find(headlines.begin(), headlines.end(), total_cost_kpi()) != headlines.end());
}

TEST_CASE("report: a count's interval never goes below zero, a difference's may") {
  const KpiInfo count = kpi_info("count.thuiszitter", Language::Nl);
  CHECK(clip_low(-2.0, count) == 0.0);
  CHECK(is_clipped(-2.0, count));
  CHECK(format_in_unit_compact(clip_low(-2.0, count), count, Language::Nl) == "0");  // not "0,00"
  CHECK(clip_low(3.0, count) == 3.0);
  CHECK_FALSE(is_clipped(3.0, count));
  CHECK(std::isnan(clip_low(std::nan(""), count)));
}

TEST_CASE("report charts: provision bands from the interval columns, cut at zero and said so") {
  const CsvTable series = parse_csv(
      "date,day,occupancy.oov,waiting.oov,occupancy.oov.lo95,occupancy.oov.hi95,waiting.oov.lo95,"
      "waiting.oov.hi95\n"
      "2021-08-01,0,10,2,8,12,-1.5,5.5\n2021-09-01,31,11,3,9,13,,\n2021-10-01,61,12,1,10,14,0.5,1.5\n");
  const std::vector<Chart> charts = provision_charts(series, small_summary(), Language::Nl);
  REQUIRE(charts.size() == 1);  // the interval columns are not provisions of their own
  const Chart& oov = charts.front();
  CHECK(oov.clipped);
  CHECK(oov.caption.find("lichte band: 95%-interval") != std::string::npos);
  const Json& s = oov.option["series"];
  REQUIRE(s.size() == 7);  // two bands (lower edge + width each), occupancy, waiting list, capacity
  for (const Json& one : s) CHECK(one["data"].size() == 3);
  CHECK(s[0]["ozsim_band"] == "low");
  CHECK(s[1]["ozsim_band"] == "width");
  CHECK(s[1]["data"][0] == Json::array({"2021-08-01", 4.0}));  // 12 - 8
  CHECK(s[2]["data"][0] == Json::array({"2021-08-01", 0.0}));  // waiting list: -1.5 cut at 0
  CHECK(s[3]["data"][0] == Json::array({"2021-08-01", 5.5}));  // width from 0 to 5.5
  CHECK(s[2]["data"][1][1].is_null());                         // a month without an interval is a gap
  CHECK(s[4]["name"] == "bezetting");
  CHECK(s[5]["name"] == "wachtlijst");
  check_series_finite(oov.option);
}

namespace {

const char* const CUT_NOTE_NL = "Een band die boven de as uitkomt, is daar afgesneden; de grenzen staan in ";
const char* const CUT_NOTE_EN = "A band that rises above the axis is cut there; its bounds are in ";

bool says(const Chart& chart, const std::string& words) {
  return chart.caption.find(words) != std::string::npos;
}

// The value axis's end, fixed by the report; NaN when ECharts chooses it.
double axis_max(const Chart& chart) {
  const Json& axis = chart.option["yAxis"];
  return axis.contains("max") ? axis["max"].get<double>() : std::nan("");
}

}  // namespace

TEST_CASE(
    "report charts: a provision's band that runs away is cut at an axis fitted to its lines, and said") {
  // Two replications of a rare queue: the waiting list's band reaches millions in one month, above lines of
  // at most 20 (the places from 2022/23).
  const CsvTable runaway = parse_csv(
      "date,day,occupancy.oov,waiting.oov,occupancy.oov.lo95,occupancy.oov.hi95,waiting.oov.lo95,"
      "waiting.oov.hi95\n"
      "2021-08-01,0,10,2,8,12,0.001,2500000\n2022-09-01,396,15,1,13,17,0.5,1.5\n");
  for (const Language language : {Language::Nl, Language::En}) {
    const std::vector<Chart> charts = provision_charts(runaway, small_summary(), language);
    REQUIRE(charts.size() == 1);
    const Chart& oov = charts.front();
    // The axis ends above the places (20) with room, on a tick, far below the band.
    CHECK(axis_max(oov) >= 20.0);
    CHECK(axis_max(oov) <= 40.0);
    REQUIRE(oov.option["yAxis"].contains("interval"));
    const double interval = oov.option["yAxis"]["interval"].get<double>();
    CHECK(std::fmod(axis_max(oov), interval) == doctest::Approx(0.0));
    CHECK(oov.option["yAxis"]["min"] == 0);
    CHECK(says(oov, std::string(language == Language::Nl ? CUT_NOTE_NL : CUT_NOTE_EN) + "timeseries.csv."));
    // The band itself is drawn whole: ECharts clips the line series at the axis.
    CHECK(oov.option["series"][3]["data"][0][1].get<double>() > 1e6);
    check_series_finite(oov.option);
  }
  // Bands near their lines (the waiting list's reaches 45, twice as high as places of 12 and 20, as a rare
  // queue's does with twenty replications): the chart as before.
  const CsvTable near = parse_csv(
      "date,day,occupancy.oov,waiting.oov,occupancy.oov.lo95,occupancy.oov.hi95,waiting.oov.lo95,"
      "waiting.oov.hi95\n"
      "2021-08-01,0,10,2,8,12,0.5,45\n2022-09-01,396,12,1,10,14,0.5,1.5\n");
  const std::vector<Chart> whole = provision_charts(near, small_summary(), Language::Nl);
  REQUIRE(whole.size() == 1);
  CHECK(whole.front().option["yAxis"] == Json{{"type", "value"}, {"name", "leerlingen"}, {"min", 0}});
  CHECK_FALSE(says(whole.front(), CUT_NOTE_NL));
}

TEST_CASE("report charts: a sweep's band that runs away is cut at an axis fitted to its means, and said") {
  // Two replications: the band of the point 4 reaches hundreds of thousands above means of a few.
  const CsvTable sweep = parse_csv(
      "point,provisions.oov.capacity,kpi,mean,lo95,hi95,n,diff_mean,diff_lo95,diff_hi95\n"
      "0,0,count.thuiszitter,5,0.4,70,2,2.5,-1,800000\n"
      "1,4,count.thuiszitter,2.5,0.01,400000,2,0,0,0\n");
  const Chart levels = sweep_chart(sweep, "count.thuiszitter", Language::Nl);
  // Above the highest mean (5) with room, far below the band, on a tick.
  CHECK(axis_max(levels) >= 5.0);
  CHECK(axis_max(levels) <= 10.0);
  CHECK(std::fmod(axis_max(levels), levels.option["yAxis"]["interval"].get<double>()) ==
        doctest::Approx(0.0));
  CHECK(says(levels, std::string(CUT_NOTE_NL) + "sweep.csv."));
  // The polygon is drawn by the page: it is told to clip at the axis as a line series does.
  REQUIRE(levels.option["series"][0]["ozsim_band"] == "polygon");
  CHECK(levels.option["series"][0]["clip"] == true);
  // A difference's band, measured from the lowest edge (-1) against its mean and the zero line.
  const Chart diffs = sweep_chart(sweep, "count.thuiszitter", Language::En, true);
  CHECK(axis_max(diffs) >= 2.5);
  CHECK(axis_max(diffs) <= 10.0);
  CHECK(says(diffs, std::string(CUT_NOTE_EN) + "sweep.csv."));
  // Two keys swept: categories and the stacked band, cut alike.
  const CsvTable two = parse_csv(
      "point,provisions.oov.capacity,provisions.treatment.capacity,kpi,mean,lo95,hi95,n\n"
      "0,10,8,count.oov,9,1,5000000,2\n1,10,12,count.oov,3,2,4,2\n");
  const Chart grid = sweep_chart(two, "count.oov", Language::En);
  REQUIRE(grid.option["xAxis"]["type"] == "category");
  CHECK(axis_max(grid) >= 9.0);
  CHECK(axis_max(grid) <= 20.0);
  CHECK(says(grid, CUT_NOTE_EN));
  // Bands near their means (up to a few times as high, as few replications of a rare count give): ECharts
  // chooses the axis, and the caption says nothing of a cut.
  const CsvTable near = parse_csv(
      "point,provisions.oov.capacity,kpi,mean,lo95,hi95,n,diff_mean,diff_lo95,diff_hi95\n"
      "0,0,count.thuiszitter,3,0.5,7,4,2,-0.5,4.5\n"
      "1,3,count.thuiszitter,1,0.5,1.5,4,0,0,0\n"
      "0,0,wait_days.oov.mean,2.2,0.3,18,20,0,0,0\n"
      "1,3,wait_days.oov.mean,2.2,0.3,18,20,0,0,0\n");
  for (const bool differences : {false, true})
    for (const std::string kpi : {"count.thuiszitter", "wait_days.oov.mean"}) {
      const Chart chart = sweep_chart(near, kpi, Language::Nl, differences);
      CHECK_FALSE(chart.option["yAxis"].contains("max"));
      CHECK_FALSE(chart.option["yAxis"].contains("interval"));
      CHECK_FALSE(chart.option["series"][0].contains("clip"));
      CHECK_FALSE(says(chart, CUT_NOTE_NL));
    }
}

TEST_CASE("report charts: sweep levels are cut at zero, differences from a baseline are not") {
  const CsvTable sweep = parse_csv(
      "point,provisions.oov.capacity,kpi,mean,lo95,hi95,n,diff_mean,diff_lo95,diff_hi95\n"
      "0,0,count.thuiszitter,3,-1,7,4,2,-0.5,4.5\n"
      "1,3,count.thuiszitter,1,0.5,1.5,4,0,0,0\n"
      "0,0,cost.total.per_year,1000,900,1100,4,50,40,60\n"
      "1,3,cost.total.per_year,950,900,1000,4,0,0,0\n");
  CHECK(sweep_has_differences(sweep));
  CHECK(swept_keys(sweep) == std::vector<std::string>{"provisions.oov.capacity"});
  const Chart levels = sweep_chart(sweep, "count.thuiszitter", Language::Nl);
  CHECK(levels.clipped);
  CHECK(levels.title == "Thuiszitters (peildatum)");
  CHECK(levels.unit == "leerlingen");
  // One numeric key: a value axis with [x, y] points, the band one polygon of [x, low, high].
  CHECK(levels.option["xAxis"]["type"] == "value");
  REQUIRE(levels.option["series"].size() == 2);
  CHECK(levels.option["series"][0]["ozsim_band"] == "polygon");
  CHECK(levels.option["series"][0]["data"] == Json::parse("[[0, 0, 7], [3, 0.5, 1.5]]"));  // -1 cut at 0
  CHECK(levels.option["series"][1]["data"] == Json::parse("[[0, 3], [3, 1]]"));
  const Chart diffs = sweep_chart(sweep, "count.thuiszitter", Language::Nl, true);
  CHECK_FALSE(diffs.clipped);
  CHECK(diffs.id == "sweep-diff-count-thuiszitter");
  CHECK(diffs.unit == "verschil met basis, leerlingen");
  CHECK(diffs.option["series"][0]["data"] == Json::parse("[[0, -0.5, 4.5], [3, 0, 0]]"));
  CHECK(diffs.option["series"][1]["data"] == Json::parse("[[0, 2], [3, 0]]"));
  CHECK(diffs.option["series"][1]["markLine"]["data"][0]["yAxis"] == 0);
  // Values given out of order are drawn in order along the axis; two keys swept are categories.
  const CsvTable unordered = parse_csv(
      "point,provisions.oov.capacity,kpi,mean,lo95,hi95,n\n"
      "0,300,count.oov,9,8,10,4\n1,100,count.oov,3,2,4,4\n2,150,count.oov,5,4,6,4\n");
  const Chart ordered = sweep_chart(unordered, "count.oov", Language::En);
  CHECK(ordered.option["series"][1]["data"] == Json::parse("[[100, 3], [150, 5], [300, 9]]"));
  CHECK(ordered.option["series"][0]["data"] == Json::parse("[[100, 2, 4], [150, 4, 6], [300, 8, 10]]"));
  const CsvTable two = parse_csv(
      "point,provisions.oov.capacity,provisions.treatment.capacity,kpi,mean,lo95,hi95,n\n"
      "0,10,8,count.oov,9,8,10,4\n1,10,12,count.oov,3,2,4,4\n");
  const Chart grid = sweep_chart(two, "count.oov", Language::En);
  CHECK(grid.option["xAxis"]["type"] == "category");
  CHECK(grid.option["xAxis"]["data"] == Json::array({"10; 8", "10; 12"}));
  CHECK(grid.option["series"][2]["data"] == Json::array({9.0, 3.0}));
  CHECK(grid.option["series"][0]["stackStrategy"] == "all");  // the stacked band: a negative edge stacks too
  check_series_finite(grid.option);
  check_series_finite(ordered.option);
  // sweep.csv in the nl dialect: the swept number 0,5 is a number on the axis, as 0.5 is in rfc4180.
  const CsvTable dutch = parse_csv(
      "\xEF\xBB\xBFpoint;population.mbo_entree_share;kpi;mean;lo95;hi95;n\n"
      "0;0,5;count.oov;9;8;10;4\n1;0,25;count.oov;3;2;4;4\n");
  const Chart shares = sweep_chart(dutch, "count.oov", Language::Nl);
  CHECK(shares.option["xAxis"]["type"] == "value");
  CHECK(shares.option["series"][1]["data"] == Json::parse("[[0.25, 3], [0.5, 9]]"));
  const Chart cost = sweep_chart(sweep, "cost.total.per_year", Language::Nl, true);
  // The title names the school years the figure covers, as compare's forest plot does (found by
  // `ozsim report` on a sweep folder: "Totale kosten per jaar" without saying over which years).
  const CsvTable years = parse_csv(
      "point,provisions.oov.capacity,kpi,mean,lo95,hi95,n\n"
      "0,1,count.thuiszitter,3,2,4,4\n0,1,count.thuiszitter.2019,3,2,4,4\n"
      "0,1,count.thuiszitter.2020,3,2,4,4\n0,1,cost.total.per_year,1000,900,1100,4\n");
  CHECK(sweep_chart(years, "cost.total.per_year", Language::Nl).title ==
        "Totale kosten per jaar, gemiddeld over schooljaren 2019/20–2020/21");
  CHECK(sweep_chart(years, "count.thuiszitter", Language::En, true).title ==
        "Thuiszitters (unexcused absence) (count date), school years 2019/20–2020/21");
  CHECK(cost.option["ozsim"]["format"] == "euro");
  check_series_finite(diffs.option);
}

TEST_CASE("report charts: prior versus posterior per parameter") {
  const CsvTable posterior = parse_csv(
      "particle,weight,distance,onset.relapse_multiplier\n0,0.5,1,1.5\n1,0.25,1,2.5\n2,0.25,1,4.99\n");
  const Json prior = {{"parameter", "onset.relapse_multiplier"},
                      {"prior", "uniform(1, 5)"},
                      {"low", 1.0},
                      {"high", 5.0},
                      {"density", Json::array({Json::array({1.0, 0.25}), Json::array({5.0, 0.25})})}};
  const Chart chart = prior_posterior_chart(posterior, prior, Language::Nl);
  CHECK(chart.id == "prior-posterior-onset-relapse-multiplier");
  CHECK(chart.unit == "kansdichtheid");
  const Json& histogram = chart.option["series"][0]["data"];
  REQUIRE(histogram.size() == 24);
  double area = 0.0;
  for (const Json& bar : histogram) area += bar[1].get<double>() * (4.0 / 24.0);
  CHECK(area == doctest::Approx(1.0));  // a density, on the prior's scale
  CHECK(histogram[3][1].get<double>() == doctest::Approx(0.5 / (4.0 / 24.0)));  // 1.5 lies in bin 3
  CHECK(chart.option["series"][1]["name"] == "prior: uniform(1, 5)");
  CHECK(chart.option["series"][1]["data"].size() == 2);
  CHECK(chart.caption.find("3 deeltjes") != std::string::npos);
  check_series_finite(chart.option);
}

TEST_CASE("report charts: parameters ranked by mu* per KPI") {
  const CsvTable morris = parse_csv(
      "parameter,kpi,mu_star,mu,sigma,effects\n"
      "a,count.dagbesteding,2,2,1,3\nb,count.dagbesteding,9,-9,4,3\nc,count.dagbesteding,5,5,0,3\n"
      "a,cost.total.per_year,1,1,1,3\n");
  const Chart chart = sensitivity_chart(morris, "count.dagbesteding", Language::En);
  CHECK(chart.option["yAxis"]["data"] == Json::array({"b", "c", "a"}));
  CHECK(chart.option["series"][0]["data"] == Json::array({9.0, 5.0, 2.0}));
  CHECK(chart.option["series"][1]["data"] == Json::array({4.0, 0.0, 1.0}));
  CHECK(chart.unit == "pupils");
  CHECK(chart.title == "Dagbesteding (day programme) (count date)");
  check_series_finite(chart.option);
}

TEST_CASE("report: Morris mu* of a share is a change in percentage points, not a share in %") {
  // Found by `ozsim report` on `ozsim sensitivity ... --kpi home.share_over_3m_without_offer`: the
  // chart's axis read "%" and 9% for a mean change of 0.096, which is 9.6 procentpunt.
  const CsvTable morris = parse_csv(
      "parameter,kpi,mu_star,mu,sigma,effects\n"
      "a,home.share_over_3m_without_offer,0.096,0.07,0.11,4\n");
  const Chart nl = sensitivity_chart(morris, "home.share_over_3m_without_offer", Language::Nl);
  CHECK(nl.unit == "procentpunt");
  CHECK(nl.option["xAxis"]["name"] == "procentpunt");
  CHECK(nl.option["ozsim"]["format"] == "points");
  CHECK(sensitivity_chart(morris, "home.share_over_3m_without_offer", Language::En).unit ==
        "percentage points");
}

TEST_CASE("report: the Morris noise-floor row reads in the report's language") {
  const CsvTable morris = parse_csv(
      "parameter,kpi,mu_star,mu,sigma,effects\n"
      "a,count.dagbesteding,2,2,1,3\n(noise floor),count.dagbesteding,1,0,1,3\n");
  CHECK(sensitivity_chart(morris, "count.dagbesteding", Language::Nl).option["yAxis"]["data"] ==
        Json::array({"a", "(ruisvloer)"}));
  CHECK(sensitivity_chart(morris, "count.dagbesteding", Language::En).option["yAxis"]["data"] ==
        Json::array({"a", "(noise floor)"}));
}

TEST_CASE("report: a run page footnotes intervals cut at zero, in Dutch numbers") {
  Json summary = small_summary();
  summary["kpis"]["count.absoluut_verzuim"] = kpi(1.5, -0.7, 3.7);
  OutputFolder folder;
  folder.path = "out/run";
  folder.kind = FolderKind::Run;
  folder.summary = summary;
  ReportOptions options;
  options.echarts.library = "/* echarts stand-in */";
  const std::string html = render_report(folder, options);
  CHECK(html.find("95%: 0 – 3,7*") !=
        std::string::npos);  // a count cut at zero is "0"; params::human gives two decimals below 10
  CHECK(html.find("class=\"meta footnote\"") != std::string::npos);
  CHECK(html.find("NaN") == std::string::npos);
}

TEST_CASE("report: a partial folder names each missing file and the command that makes it") {
  OutputFolder run;
  run.path = "out/run";
  run.kind = FolderKind::Run;
  run.summary = small_summary();  // no flows.csv, no timeseries.csv
  ReportOptions options;
  options.echarts.library = "/* echarts stand-in */";
  const std::string run_html = render_report(run, options);
  CHECK(run_html.find("flows.csv ontbreekt. Maak het met:") != std::string::npos);
  CHECK(run_html.find("timeseries.csv ontbreekt. Maak het met:") != std::string::npos);
  CHECK(run_html.find("ozsim run SCENARIO --out out/run") != std::string::npos);

  OutputFolder calibration;
  calibration.path = "out/cal";
  calibration.kind = FolderKind::Calibration;
  calibration.posterior = parse_csv("particle,weight,distance,onset.relapse_multiplier\n0,1,1,1.5\n");
  options.language = Language::En;
  const std::string cal_html = render_report(calibration, options);
  CHECK(cal_html.find("fit.csv is missing (observed versus predicted). Make it with:") != std::string::npos);
  CHECK(cal_html.find("calibration.json is missing") != std::string::npos);
  CHECK(cal_html.find("ozsim calibrate SCENARIO --targets TARGETS --priors PRIORS --out out/cal") !=
        std::string::npos);
}

TEST_CASE("report: a Sobol sensitivity folder gets its indices per KPI, ranked by the total index") {
  const CsvTable sobol = parse_csv(
      "parameter,kpi,first_order,first_order_lo95,first_order_hi95,total,total_lo95,total_hi95,kpi_variance,"
      "samples\n"
      "a,count.dagbesteding,0.1,0.05,0.15,0.2,0.15,0.25,4,64\n"
      "b,count.dagbesteding,0.6,0.5,0.7,0.75,0.7,0.8,4,64\n");
  const Chart chart = sobol_chart(sobol, "count.dagbesteding", Language::Nl);
  CHECK(chart.option["yAxis"]["data"] == Json::array({"b [0,70, 0,80]", "a [0,15, 0,25]"}));
  CHECK(chart.option["series"][0]["data"] == Json::array({0.6, 0.1}));
  CHECK(chart.option["series"][1]["data"] == Json::array({0.75, 0.2}));
  check_series_finite(chart.option);
  OutputFolder folder;
  folder.path = "out/sobol";
  folder.kind = FolderKind::Sensitivity;
  folder.sobol = sobol;
  ReportOptions options;
  options.echarts.library = "/* echarts stand-in */";
  const std::string html = render_report(folder, options);
  CHECK(html.find("Gevoeligheidsanalyse (Sobol)") != std::string::npos);
  CHECK(html.find("Gevoeligheidsanalyse (Morris)") == std::string::npos);
  // The command to make it again: Morris is the default, so a Sobol folder needs --method sobol.
  CHECK(html.find("<pre>ozsim sensitivity SCENARIO --params PRIORS --method sobol --out out/sobol</pre>") !=
        std::string::npos);
}

TEST_CASE("report charts: a target observed as 0 is named in the fit chart's caption, not left out unsaid") {
  // Found by `ozsim report` on a calibration with a target `count.absoluut_verzuim` observed = 0: the
  // chart of predicted versus observed "per target" drew only the other target and said nothing.
  const CsvTable fit = parse_csv(
      "target,kpi,period,group,observed,sigma,posterior_mean,posterior_low,posterior_high\n"
      "risicoleerlingen,count.risicoleerling,all,g,18,4,16,9,23\n"
      "absoluut verzuim,count.absoluut_verzuim,all,g,0,1,0.2,-2,0.3\n");
  const Chart nl = fit_chart(fit, Language::Nl);
  CHECK(nl.option["yAxis"]["data"] == Json::array({"risicoleerlingen (18,0)"}));
  CHECK(nl.caption.find(
            "Niet getekend, want waargenomen 0 (geen verhouding; zie fit.csv): absoluut verzuim.") !=
        std::string::npos);
  CHECK(fit_chart(fit, Language::En)
            .caption.find("Not drawn, as observed 0 (no ratio; see fit.csv): absoluut "
                          "verzuim.") != std::string::npos);
  check_series_finite(nl.option);
  // An observed share is labelled as a share (found: "aandeel (0,60)" for a target of 60%).
  const CsvTable share = parse_csv(
      "target,kpi,period,group,observed,sigma,posterior_mean,posterior_low,posterior_high\n"
      "aandeel,home.share_over_3m_without_offer,all,g,0.6,0.1,0.65,0.4,0.8\n");
  CHECK(fit_chart(share, Language::Nl).option["yAxis"]["data"] == Json::array({"aandeel (60,0%)"}));
  CHECK(fit_chart(share, Language::En).option["yAxis"]["data"] == Json::array({"aandeel (60.0%)"}));
}

TEST_CASE(
    "report charts: a Sobol estimate outside 0-1, whose bar the axis cannot hold, is given in the caption") {
  // Found by `ozsim report` on `ozsim sensitivity scenarios/tiny.toml --method sobol --samples 8`: sobol.csv
  // had first-order indices of -0.39 and -0.26; the chart (axis 0 to 1) drew no bar and said nothing, which
  // reads as 0.
  const CsvTable sobol = parse_csv(
      "parameter,kpi,first_order,first_order_lo95,first_order_hi95,total,total_lo95,total_hi95,kpi_variance,"
      "samples\n"
      "a,count.dagbesteding,-0.39,-1.2,0.06,0.08,0.03,0.17,4,8\n"
      "b,count.dagbesteding,0.2,0.1,0.3,0.3,0.2,0.4,4,8\n");
  CHECK(sobol_chart(sobol, "count.dagbesteding", Language::Nl).caption.find("niet getekend") !=
        std::string::npos);
  CHECK(sobol_chart(sobol, "count.dagbesteding", Language::Nl).caption.ends_with("a (eerste orde -0,39)."));
  CHECK(sobol_chart(sobol, "count.dagbesteding", Language::En).caption.ends_with("a (first order -0.39)."));
  const CsvTable inside = parse_csv(
      "parameter,kpi,first_order,first_order_lo95,first_order_hi95,total,total_lo95,total_hi95,kpi_variance,"
      "samples\nb,count.dagbesteding,0.2,0.1,0.3,0.3,0.2,0.4,4,8\n");
  CHECK(sobol_chart(inside, "count.dagbesteding", Language::En).caption.find("not drawn") ==
        std::string::npos);
}

TEST_CASE("report: a sweep or sensitivity folder without its table says what is missing, not 'empty'") {
  // Found by `ozsim report` on a sweep folder whose sweep.csv was gone (manifest.json still there, naming
  // the command and the file): the page said the folder held no ozsim files and listed every command,
  // among them "ozsim calibrate SCENARIO --out DIR", which lacks the required --targets and --priors.
  namespace fs = std::filesystem;
  const fs::path root =
      fs::temp_directory_path() / ("ozsim_test_report_missing_" + std::to_string(::getpid()));
  fs::remove_all(root);
  ReportOptions options;
  options.echarts.library = "/* echarts stand-in */";
  for (const std::string command : {"sweep", "sensitivity"}) {
    CAPTURE(command);
    const fs::path dir = root / command;
    fs::create_directories(dir);
    std::ofstream(dir / "manifest.json") << Json{{"command", command}, {"files", Json::array()}}.dump();
    const OutputFolder folder = read_output_folder(dir.string());
    CHECK(folder.kind == (command == "sweep" ? FolderKind::Sweep : FolderKind::Sensitivity));
    const std::string html = render_report(folder, options);
    CHECK(html.find(command == "sweep" ? "sweep.csv ontbreekt" : "morris.csv en sobol.csv ontbreken") !=
          std::string::npos);
    CHECK(html.find("Geen uitvoer van ozsim") == std::string::npos);
  }
  // A folder with nothing of ozsim's: every command listed, each one that would run.
  const OutputFolder empty = read_output_folder(root.string());
  REQUIRE(empty.kind == FolderKind::Empty);
  const std::string html = render_report(empty, options);
  CHECK(html.find("ozsim calibrate SCENARIO --targets TARGETS --priors PRIORS --out") != std::string::npos);
  CHECK(html.find("ozsim calibrate SCENARIO --out") == std::string::npos);
  fs::remove_all(root);
}

TEST_CASE("report: a sweep's --set values are told apart in the reproducibility block") {
  // Found by `ozsim report` on `ozsim sweep ... --set provisions.oov.capacity=1,3 --set
  // population.mbo_entree_share=0.05,0.1`: the --set row read "provisions.oov.capacity=1,3,
  // population.mbo_entree_share=0.05,0.1", the keys joined by the same comma that splits their values.
  const CsvTable sweep = parse_csv(
      "point,provisions.oov.capacity,population.mbo_entree_share,kpi,mean,lo95,hi95,n\n"
      "0,1,0.05,count.thuiszitter,3,2,4,4\n");
  OutputFolder folder;
  folder.path = "out/sweep";
  folder.kind = FolderKind::Sweep;
  folder.sweep = sweep;
  folder.manifest = Json{
      {"command", "sweep"},
      {"overrides", Json::array({"provisions.oov.capacity=1,3", "population.mbo_entree_share=0.05,0.1"})}};
  ReportOptions options;
  options.echarts.library = "/* echarts stand-in */";
  const std::string html = render_report(folder, options);
  CHECK(html.find("provisions.oov.capacity=1,3; population.mbo_entree_share=0.05,0.1") != std::string::npos);
}

TEST_CASE("report: a calibration's command to make it again has the required --targets and --priors") {
  // Found by `ozsim report` on a calibrate folder: "ozsim calibrate SCENARIO --out DIR", which stops
  // with "--targets is required".
  OutputFolder calibration;
  calibration.path = "out/cal";
  calibration.kind = FolderKind::Calibration;
  calibration.fit = parse_csv(
      "target,kpi,period,group,observed,sigma,posterior_mean,posterior_low,posterior_high\n"
      "t,count.thuiszitter,2021/22,g,20,2,21,17,25\n");
  calibration.calibration = Json::parse(R"({"method": "abc-smc", "generations": []})");
  ReportOptions options;
  options.echarts.library = "/* echarts stand-in */";
  const std::string html = render_report(calibration, options);
  CHECK(html.find("<pre>ozsim calibrate SCENARIO --out") == std::string::npos);
  CHECK(html.find("<pre>ozsim calibrate SCENARIO --targets TARGETS --priors PRIORS --out out/cal</pre>") !=
        std::string::npos);
}

TEST_CASE(
    "report charts: a rejection calibration's one generation is at temperature 1, not the prior at "
    "infinity") {
  // Found by `ozsim report --lang en` on `ozsim calibrate --method rejection`: generations.csv has one
  // generation at temperature 1, which is the posterior, and the caption said "generation 0, the prior, has
  // an infinite temperature and is not drawn".
  const Json calibration = Json::parse(R"({"method": "rejection", "generations": [
    {"generation": 0, "temperature": 1.0, "ess": 10, "truncated": 0}]})");
  const Chart en = generations_chart(calibration, Language::En);
  CHECK(en.caption.find("infinite temperature") == std::string::npos);
  CHECK(en.caption.starts_with("Rejection: one generation of prior draws, accepted at temperature 1"));
  CHECK(generations_chart(calibration, Language::Nl).caption.find("oneindig") == std::string::npos);
}

TEST_CASE("report charts: the calibration's generations, and proposals above the best-seen normaliser") {
  Json calibration = Json::parse(R"({"generations": [
    {"generation": 0, "temperature": "inf", "ess": 30, "truncated": 0},
    {"generation": 1, "temperature": 4.5, "ess": 24, "truncated": 3},
    {"generation": 2, "temperature": 1.0, "ess": 25, "truncated": 1}]})");
  const Chart en = generations_chart(calibration, Language::En);
  CHECK(en.caption.find("The temperature falls each generation to 1") != std::string::npos);
  CHECK(en.caption.find("4 proposals (1 in the last generation) had a likelihood above the best seen") !=
        std::string::npos);
  CHECK(generations_chart(calibration, Language::Nl)
            .caption.find("4 voorstellen (1 in de laatste generatie)") != std::string::npos);
  // None above it (or a folder written before the count existed): no sentence about it.
  for (Json& g : calibration["generations"]) g.erase("truncated");
  CHECK(generations_chart(calibration, Language::En).caption.find("proposals") == std::string::npos);
}

TEST_CASE("report charts: a resample-move calibration draws its distinct particles beside the ESS") {
  Json calibration = Json::parse(R"({"method": "resample-move", "generations": [
    {"generation": 0, "temperature": "inf", "ess": 1000, "truncated": 0, "distinct": 1000},
    {"generation": 1, "temperature": 9.5, "ess": 500, "truncated": 0, "distinct": 612},
    {"generation": 2, "temperature": 1.0, "ess": 592, "truncated": 0, "distinct": 108}]})");
  const Chart en = generations_chart(calibration, Language::En);
  REQUIRE(en.option["series"].size() == 3);
  CHECK(en.option["series"][2]["name"] == "distinct particles");
  CHECK(en.option["series"][2]["data"] == Json::array({1000, 612, 108}));
  CHECK(en.caption.find("the second bar counts the distinct particles") != std::string::npos);
  CHECK(generations_chart(calibration, Language::Nl).option["series"][2]["name"] == "verschillende deeltjes");
  // abc-smc keeps its two series and its caption.
  calibration["method"] = "abc-smc";
  CHECK(generations_chart(calibration, Language::En).option["series"].size() == 2);
  CHECK(generations_chart(calibration, Language::En).caption.find("distinct") == std::string::npos);
}

TEST_CASE("report charts: a sweep whose points report different school years says so in the title") {
  // Found by `ozsim sweep scenarios/tiny.toml --set simulation.years=8,10`: every chart was titled with
  // the span of all points together, "school years 2019/20–2025/26", though point 0 ended in 2023/24.
  const CsvTable sweep = parse_csv(
      "point,simulation.years,kpi,mean,lo95,hi95,n\n"
      "0,1,count.thuiszitter,3,2,4,4\n0,1,count.thuiszitter.2019,3,2,4,4\n"
      "0,1,home.months.per_year,30,20,40,4\n"
      "1,2,count.thuiszitter,3,2,4,4\n1,2,count.thuiszitter.2019,3,2,4,4\n1,2,count.thuiszitter.2020,3,2,4,"
      "4\n"
      "1,2,home.months.per_year,30,20,40,4\n");
  CHECK(sweep_chart(sweep, "count.thuiszitter", Language::En).title ==
        "Thuiszitters (unexcused absence) (count date), school years differ between points");
  CHECK(sweep_chart(sweep, "home.months.per_year", Language::Nl).title ==
        "Thuiszitmaanden per jaar, gemiddeld over de schooljaren van elk punt, die per punt verschillen");
  // The same years at every point: named, as before.
  const CsvTable same = parse_csv(
      "point,provisions.oov.capacity,kpi,mean,lo95,hi95,n\n"
      "0,1,count.thuiszitter,3,2,4,4\n0,1,count.thuiszitter.2019,3,2,4,4\n0,1,count.thuiszitter.2020,3,2,4,"
      "4\n"
      "1,2,count.thuiszitter,3,2,4,4\n1,2,count.thuiszitter.2019,3,2,4,4\n1,2,count.thuiszitter.2020,3,2,4,"
      "4\n");
  CHECK(sweep_chart(same, "count.thuiszitter", Language::En).title ==
        "Thuiszitters (unexcused absence) (count date), school years 2019/20–2020/21");
}
