// The provisions of a run's report: a run of regions (scenarios/two-regions.toml) gets a chart per kind of
// provision, its copies summed, and a chart of its regions; a run without regions keeps a chart per
// provision.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "report_test_support.hpp"
#include "sim/analysis/run_reduction.hpp"
#include "sim/model/run.hpp"
#include "sim/output/run_output.hpp"
#include "sim/report/charts.hpp"
#include "sim/report/html_report.hpp"
#include "sim/report/kpi_text.hpp"
#include "sim/scenario/scenario.hpp"

using namespace ozsim;
using Json = nlohmann::json;
using params::Language;

namespace {

// summary.json and timeseries.csv of two replications of a bundled scenario, as `ozsim run` writes them.
using test::run_files;
using test::RunFiles;

// The two-regions run, made once for every test here.
const RunFiles& two_regions() {
  static const RunFiles files = run_files("two-regions.toml");
  return files;
}

std::vector<std::string> regions_of(const Json& summary) {
  std::vector<std::string> names;
  for (auto it = summary["kpis"].begin(); it != summary["kpis"].end(); ++it) names.push_back(it.key());
  return report::regions_in(names);
}

std::string run_report(const RunFiles& files, Language language) {
  report::OutputFolder folder;
  folder.path = "out/run";
  folder.kind = report::FolderKind::Run;
  folder.summary = files.summary;
  folder.timeseries = files.timeseries;
  report::ReportOptions options;
  options.language = language;
  options.echarts.library = "/* echarts stand-in */";
  return report::render_report(folder, options);
}

// The ids of the report's charts that start with `prefix`, in page order.
std::vector<std::string> chart_ids(const std::string& html, const std::string& prefix) {
  // Plain string search, not <regex>: GCC 12's -Wmaybe-uninitialized fires inside <regex> in the
  // sanitizer build, where warnings are errors.
  std::vector<std::string> ids;
  const std::string marker = "class=\"chart\" id=\"";
  for (std::size_t at = html.find(marker); at != std::string::npos; at = html.find(marker, at + 1)) {
    const std::size_t start = at + marker.size();
    const std::string id = html.substr(start, html.find('"', start) - start);
    if (id.rfind(prefix, 0) == 0) ids.push_back(id);
  }
  return ids;
}

// Each kind's copies, read the plain way: the provisions of timeseries.csv's occupancy columns, cut at '@'.
std::map<std::string, std::vector<std::string>> copies_by_kind(const report::CsvTable& timeseries) {
  std::map<std::string, std::vector<std::string>> kinds;
  const std::string occupancy = "occupancy.";
  for (const std::string& name : timeseries.header) {
    if (name.rfind(occupancy, 0) != 0) continue;
    const std::string provision = name.substr(occupancy.size());
    if (provision.find('.') != std::string::npos) continue;  // its interval's columns, .lo95 and .hi95
    kinds[provision.substr(0, provision.find('@'))].push_back(provision);
  }
  return kinds;
}

// Whether any copy of a kind was used or had places: the report leaves out a kind that says nothing.
bool says_something(const RunFiles& files, const std::vector<std::string>& copies) {
  for (const std::string& copy : copies) {
    for (const char* prefix : {"occupancy.", "waiting."}) {
      const int c = files.timeseries.column(prefix + copy);
      for (std::size_t r = 0; r < files.timeseries.rows.size(); ++r)
        if (files.timeseries.number(r, c) > 0.0) return true;
    }
    for (const Json& p : files.summary["provisions"])
      if (p["name"] == copy && (p["capacity"].get<std::int64_t>() > 0 || !p["capacity_changes"].empty()))
        return true;
  }
  return false;
}

const Json& series_named(const Json& option, const std::string& name) {
  for (const Json& s : option.at("series"))
    if (s.value("name", std::string()) == name) return s;
  FAIL("no series " << name);
  static const Json none;
  return none;
}

}  // namespace

TEST_CASE("report: a run of regions has one provision chart per kind, not one per region's copy") {
  const RunFiles& files = two_regions();
  const std::string html = run_report(files, Language::Nl);
  const auto kinds = copies_by_kind(files.timeseries);
  REQUIRE(kinds.size() >= 10);
  std::size_t shown = 0, in_several_regions = 0;
  std::set<std::string> expected_ids;
  for (const auto& [kind, copies] : kinds) {
    if (!says_something(files, copies)) continue;
    ++shown;
    // A kind of one provision (two-regions.toml: the OOV Midden-Holland has for both) is that provision.
    std::string id = copies.size() == 1 ? copies.front() : kind;
    std::replace(id.begin(), id.end(), '@', '-');
    std::replace(id.begin(), id.end(), '_', '-');
    expected_ids.insert("provision-" + id);
    if (copies.size() > 1) ++in_several_regions;
  }
  REQUIRE(in_several_regions >= 5);
  const std::vector<std::string> monthly = chart_ids(html, "provision-");
  const std::vector<std::string> by_region = chart_ids(html, "provision-regions-");
  CHECK(monthly.size() - by_region.size() == shown);
  CHECK(by_region.size() == in_several_regions);
  std::set<std::string> ids(monthly.begin(), monthly.end());
  for (const std::string& id : by_region) ids.erase(id);
  CHECK(ids == expected_ids);
  CHECK(ids.count("provision-sbo") == 1);
  CHECK(ids.count("provision-oov-midden-holland") == 1);
  CHECK(ids.count("provision-sbo-midden-holland") == 0);
  CHECK(html.find("SBO, alle regio's samen: bezetting en wachtlijst per maand") != std::string::npos);
  CHECK(html.find("SBO (Rijnstreek)") == std::string::npos);
  CHECK(html.find("NaN") == std::string::npos);
  // Each kind's regions chart follows its chart of the months.
  CHECK(html.find("id=\"provision-regions-sbo\"") > html.find("id=\"provision-sbo\""));
  const std::string english = run_report(files, Language::En);
  CHECK(english.find(
            "Special primary school (SBO), all regions together: occupancy and waiting list per month") !=
        std::string::npos);
  CHECK(english.find("Special primary school (SBO) by region: places, occupancy and waiting list") !=
        std::string::npos);
}

TEST_CASE(
    "report charts: a kind's occupancy, waiting list and places are its copies' summed, without a band") {
  const RunFiles& files = two_regions();
  const std::vector<report::Chart> charts =
      report::provision_kind_charts(files.timeseries, files.summary, regions_of(files.summary), Language::Nl);
  const report::Chart* sbo = nullptr;
  for (const report::Chart& c : charts)
    if (c.id == "provision-sbo") sbo = &c;
  REQUIRE(sbo != nullptr);
  const Json& occupancy = series_named(sbo->option, "bezetting");
  const Json& waiting = series_named(sbo->option, "wachtlijst");
  const Json& capacity = series_named(sbo->option, "capaciteit");
  const report::CsvTable& t = files.timeseries;
  REQUIRE(occupancy["data"].size() == t.rows.size());
  std::map<std::string, std::int64_t> places;
  for (const Json& p : files.summary["provisions"])
    places[p["name"].get<std::string>()] = p["capacity"].get<std::int64_t>();
  bool any_waiting = false;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    INFO("month " << t.rows[r][0]);
    const double a = t.number(r, t.column("occupancy.sbo@midden_holland")),
                 b = t.number(r, t.column("occupancy.sbo@rijnstreek"));
    CHECK(occupancy["data"][r][0] == t.rows[r][0]);
    CHECK(occupancy["data"][r][1].get<double>() == doctest::Approx(a + b));
    const double wa = t.number(r, t.column("waiting.sbo@midden_holland")),
                 wb = t.number(r, t.column("waiting.sbo@rijnstreek"));
    CHECK(waiting["data"][r][1].get<double>() == doctest::Approx(wa + wb));
    any_waiting = any_waiting || wa + wb > 0.0;
    // two-regions.toml changes no SBO capacity: the copies' own places throughout.
    CHECK(capacity["data"][r][1] == places["sbo@midden_holland"] + places["sbo@rijnstreek"]);
  }
  CHECK(any_waiting);
  // No band, and the caption says why; the waiting list has an axis of its own.
  for (const Json& s : sbo->option["series"]) CHECK_FALSE(s.contains("ozsim_band"));
  CHECK(sbo->caption.find("Zonder band") != std::string::npos);
  CHECK(sbo->caption.find("het interval van een som is niet de som van de intervallen") != std::string::npos);
  CHECK(waiting["yAxisIndex"] == 1);
  CHECK(sbo->option["yAxis"].size() == 2);
  CHECK(sbo->title == "SBO, alle regio's samen: bezetting en wachtlijst per maand");
}

TEST_CASE(
    "report charts: the regions chart of a kind names every region with its places, occupancy, waiting") {
  const RunFiles& files = two_regions();
  const std::vector<std::string> regions = regions_of(files.summary);
  REQUIRE(regions == std::vector<std::string>{"midden_holland", "rijnstreek"});
  const Json& kpis = files.summary["kpis"];
  for (const report::ProvisionKind& kind : report::provision_kinds(files.summary, regions)) {
    if (kind.provisions.size() < 2) continue;
    INFO(kind.name);
    const report::Chart chart = report::provision_regions_chart(files.summary, kind, Language::Nl);
    CHECK(chart.option["yAxis"][0]["data"] == Json::array({"Midden-Holland", "Rijnstreek"}));
    const Json& occupancy = series_named(chart.option, "bezetting");
    const Json& places = series_named(chart.option, "plaatsen");
    const Json& waiting = series_named(chart.option, "wachtlijst");
    REQUIRE(occupancy["data"].size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
      const std::string copy = kind.name + "@" + regions[i];
      CHECK(kind.provisions[i] == copy);
      CHECK(occupancy["data"][i].get<double>() ==
            doctest::Approx(kpis["occupancy." + copy]["mean"].get<double>()));
      CHECK(places["data"][i][0].get<double>() ==
            doctest::Approx(kpis["places." + copy]["mean"].get<double>()));
      CHECK(places["data"][i][1] == i);
      CHECK(waiting["data"][i].get<double>() == doctest::Approx(kpis["queue." + copy]["mean"].get<double>()));
    }
    // Whiskers on both grids, each row's interval around its mean.
    std::size_t whiskers = 0;
    for (const Json& s : chart.option["series"]) {
      if (!s.contains("ozsim_interval")) continue;
      ++whiskers;
      for (const Json& row : s["data"])
        if (row[1].is_number() && row[2].is_number()) {
          CHECK(row[1].get<double>() <= row[3].get<double>() + 1e-9);
          CHECK(row[2].get<double>() >= row[3].get<double>() - 1e-9);
        }
    }
    CHECK(whiskers == 2);
  }
  const std::string html = run_report(files, Language::Nl);
  CHECK(html.find("SBO per regio: plaatsen, bezetting en wachtlijst") != std::string::npos);
}

TEST_CASE("report charts: the kinds of a run of regions, its copies in the regions' order") {
  const Json summary = {
      {"provisions",
       Json::array({Json{{"name", "sbo@b"}}, Json{{"name", "oov@a"}}, Json{{"name", "sbo@a"}},
                    Json{{"name", "cluster4"}}, Json{{"name", "x@elsewhere"}}, Json{{"name", "sbo@c"}}})}};
  const std::vector<report::ProvisionKind> kinds = report::provision_kinds(summary, {"a", "b", "c"});
  REQUIRE(kinds.size() == 4);
  CHECK(kinds[0].name == "sbo");
  CHECK(kinds[0].provisions == std::vector<std::string>{"sbo@a", "sbo@b", "sbo@c"});
  CHECK(kinds[0].regions == std::vector<std::string>{"a", "b", "c"});
  CHECK(kinds[1].name == "oov");
  CHECK(kinds[1].regions == std::vector<std::string>{"a"});
  // A provision every region shares keeps its plain name; a tail that is no region is part of the name.
  CHECK(kinds[2].name == "cluster4");
  CHECK(kinds[2].regions == std::vector<std::string>{""});
  CHECK(kinds[3].name == "x@elsewhere");
}

TEST_CASE("report charts: a kind in some regions says how many, and a whisker far past its bars is cut") {
  auto kpi = [](double mean, double lo, double hi) {
    return Json{{"mean", mean}, {"lo95", lo}, {"hi95", hi}};
  };
  Json kpis = Json::object();
  for (const std::string region : {"a", "b", "c"})
    kpis["region." + region + ".cost.total.per_year"] = kpi(1.0, 1.0, 1.0);
  kpis["places.sbo@a"] = kpi(40, 40, 40);
  kpis["places.sbo@b"] = kpi(20, 20, 20);
  kpis["occupancy.sbo@a"] = kpi(38, 35, 41);
  kpis["occupancy.sbo@b"] = kpi(15, 12, 18);
  kpis["queue.sbo@a"] = kpi(4.0, 0.5, 30000.0);  // two replications of a rare queue
  kpis["queue.sbo@b"] = kpi(1.0, 0.2, 3.0);
  const Json summary = {
      {"kpis", kpis},
      {"replications", 2},
      {"start_year", 2020},
      {"provisions",
       Json::array({Json{{"name", "sbo@a"}, {"capacity", 40}, {"capacity_changes", Json::array()}},
                    Json{{"name", "sbo@b"}, {"capacity", 20}, {"capacity_changes", Json::array()}}})}};
  const std::vector<report::ProvisionKind> kinds = report::provision_kinds(summary, {"a", "b", "c"});
  REQUIRE(kinds.size() == 1);
  const report::Chart chart = report::provision_regions_chart(summary, kinds.front(), Language::En);
  CHECK(chart.option["yAxis"][0]["data"] == Json::array({"A", "B"}));
  // Occupancy: every whisker ends near its bars, ECharts places the end.
  CHECK_FALSE(chart.option["xAxis"][0].contains("max"));
  // Waiting list: the end leaves room for the bars and the short whisker, not the 30,000.
  const double end = chart.option["xAxis"][1]["max"].get<double>();
  CHECK(end >= 4.0);
  CHECK(end <= 10.0);
  CHECK(std::fmod(end, chart.option["xAxis"][1]["interval"].get<double>()) == doctest::Approx(0.0));
  CHECK(chart.caption.find("A whisker that runs past the end of its axis is cut there") != std::string::npos);

  const report::CsvTable timeseries = report::parse_csv(
      "date,day,occupancy.sbo@a,occupancy.sbo@b,waiting.sbo@a,waiting.sbo@b\n"
      "2021-08-01,365,38,15,4,1\n2021-09-01,396,39,,3,0\n");
  const std::vector<report::Chart> charts =
      report::provision_kind_charts(timeseries, summary, {"a", "b", "c"}, Language::En);
  REQUIRE(charts.size() == 2);
  CHECK(charts[0].title ==
        "Special primary school (SBO), 2 regions together: occupancy and waiting list per month");
  const Json& occupancy = series_named(charts[0].option, "occupancy");
  CHECK(occupancy["data"][0][1] == 53.0);
  CHECK(occupancy["data"][1][1].is_null());  // a copy without a value that month: no sum
  CHECK(series_named(charts[0].option, "capacity")["data"][0][1] == 60);
  // Five waiting at most: their axis of its own still reaches 10, so that they do not fill the chart.
  CHECK(charts[0].option["yAxis"][1]["max"] == 10);
  CHECK(charts[1].id == "provision-regions-sbo");
}

TEST_CASE("report: a run without regions keeps a chart per provision, with its band") {
  const RunFiles files = run_files("tiny.toml");
  REQUIRE(regions_of(files.summary).empty());
  const std::string html = run_report(files, Language::Nl);
  const std::vector<std::string> ids = chart_ids(html, "provision-");
  const std::vector<report::Chart> charts =
      report::provision_charts(files.timeseries, files.summary, Language::Nl);
  REQUIRE(!charts.empty());
  REQUIRE(ids.size() == charts.size());
  for (std::size_t i = 0; i < charts.size(); ++i) {
    CHECK(ids[i] == charts[i].id);
    CHECK(charts[i].title.find(": bezetting en wachtlijst per maand") != std::string::npos);
    CHECK(charts[i].caption.rfind("Bezetting en wachtlijst aan het begin van elke maand", 0) == 0);
    CHECK(charts[i].option["yAxis"].is_object());  // one axis, as before
    bool band = false;
    for (const Json& s : charts[i].option["series"]) band = band || s.contains("ozsim_band");
    CHECK(band);
  }
  CHECK(chart_ids(html, "provision-regions-").empty());
  CHECK(html.find("alle regio's samen") == std::string::npos);
  CHECK(html.find("Per soort voorziening") == std::string::npos);
}

TEST_CASE("report charts: a tiny waiting list's cut axis has ticks the page labels apart") {
  auto kpi = [](double mean, double lo, double hi) {
    return Json{{"mean", mean}, {"lo95", lo}, {"hi95", hi}};
  };
  Json kpis = Json::object();
  for (const std::string region : {"a", "b"}) {
    kpis["region." + region + ".cost.total.per_year"] = kpi(1.0, 1.0, 1.0);
    kpis["places.sbo@" + region] = kpi(1, 1, 1);
    kpis["occupancy.sbo@" + region] = kpi(0.5, 0.4, 0.6);
  }
  kpis["queue.sbo@a"] = kpi(0.0205, 0.0001, 3.0);
  kpis["queue.sbo@b"] = kpi(0.0001, 0.0, 0.01);
  const Json summary = {{"kpis", kpis},
                        {"replications", 3},
                        {"provisions", Json::array({Json{{"name", "sbo@a"}}, Json{{"name", "sbo@b"}}})}};
  const report::Chart chart = report::provision_regions_chart(
      summary, report::provision_kinds(summary, {"a", "b"}).front(), Language::Nl);
  const Json& axis = chart.option["xAxis"][1];
  REQUIRE(axis.contains("interval"));
  // The page shows two decimals below 10: a tick of 0.005 or 0.025 would read 0,01 twice or 0,03.
  const double interval = axis["interval"].get<double>();
  CHECK(interval >= 0.01 - 1e-12);
  CHECK(interval * 100.0 == doctest::Approx(std::round(interval * 100.0)));
  CHECK(axis["max"].get<double>() > 0.0205);
  CHECK(axis["max"].get<double>() < 0.1);
}

TEST_CASE("report: a run of regions opens its provisions with a table of the kinds, all regions together") {
  const RunFiles& files = two_regions();
  const std::string html = run_report(files, Language::Nl);
  const std::size_t table = html.find("<table class=\"provision-kinds\">");
  REQUIRE(table != std::string::npos);
  CHECK(table < html.find("id=\"provision-sbo\""));
  const Json& kpis = files.summary["kpis"];
  const auto sum = [&](const std::string& prefix) {
    return kpis[prefix + "sbo@midden_holland"]["mean"].get<double>() +
           kpis[prefix + "sbo@rijnstreek"]["mean"].get<double>();
  };
  const report::KpiInfo pupils = report::kpi_info("places.sbo@rijnstreek", Language::Nl);
  const std::string row =
      "<tr><th>SBO</th><td class=\"num\">" + report::format_in_unit(sum("places."), pupils, Language::Nl) +
      "</td><td class=\"num\">" + report::format_in_unit(sum("occupancy."), pupils, Language::Nl) + "</td>";
  CHECK(html.find(row) != std::string::npos);
  // The longest waiting list of the kind: the region whose own copy's time-average queue is longest.
  const bool midden_holland_longer = kpis["queue.sbo@midden_holland"]["mean"].get<double>() >
                                     kpis["queue.sbo@rijnstreek"]["mean"].get<double>();
  const std::size_t sbo_row = html.find(row);
  const std::string sbo_line = html.substr(sbo_row, html.find("</tr>", sbo_row) - sbo_row);
  CHECK(sbo_line.find(midden_holland_longer ? "<td>Midden-Holland (" : "<td>Rijnstreek (") !=
        std::string::npos);
  CHECK(run_report(files, Language::En).find("Longest waiting list") != std::string::npos);
}

TEST_CASE("report charts: a provision of its own in a run of regions has its band cut above its lines too") {
  Json kpis = Json::object();
  for (const std::string region : {"a", "b"})
    kpis["region." + region + ".cost.total.per_year"] = Json{{"mean", 1.0}, {"lo95", 1.0}, {"hi95", 1.0}};
  const Json summary = {
      {"kpis", kpis},
      {"replications", 2},
      {"start_year", 2020},
      {"provisions",
       Json::array({Json{{"name", "cluster4"}, {"capacity", 20}, {"capacity_changes", Json::array()}}})}};
  // Two replications of a rare queue: a band to millions above lines of tens.
  const report::CsvTable timeseries = report::parse_csv(
      "date,day,occupancy.cluster4,waiting.cluster4,occupancy.cluster4.lo95,occupancy.cluster4.hi95,"
      "waiting.cluster4.lo95,waiting.cluster4.hi95\n"
      "2021-08-01,365,18,2,16,20,0.001,3000000\n2021-09-01,396,19,1,17,21,0.5,1.5\n");
  const std::vector<report::Chart> charts =
      report::provision_kind_charts(timeseries, summary, {"a", "b"}, Language::Nl);
  REQUIRE(charts.size() == 1);
  CHECK(charts[0].id == "provision-cluster4");
  CHECK(charts[0].option["yAxis"]["max"].get<double>() >= 21.0);
  CHECK(charts[0].option["yAxis"]["max"].get<double>() <= 40.0);
  CHECK(charts[0].caption.find("Een band die boven de as uitkomt, is daar afgesneden") != std::string::npos);
  // The report of a run without regions cuts the same provision's band alike.
  const std::vector<report::Chart> alone = report::provision_charts(timeseries, summary, Language::Nl);
  REQUIRE(alone.size() == 1);
  CHECK(alone[0].option["yAxis"] == charts[0].option["yAxis"]);
  CHECK(alone[0].caption == charts[0].caption);
}
