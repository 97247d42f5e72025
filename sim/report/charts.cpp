#include "sim/report/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace ozsim::report {
namespace {

using Json = nlohmann::json;

bool nl(Language language) {
  return language == Language::Nl;
}

// JSON has no NaN; a missing value in a series is null, which ECharts leaves as a gap.
Json value_or_null(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

double mean_of(const Json& kpis, const std::string& name, const char* field = "mean") {
  const auto it = kpis.find(name);
  if (it == kpis.end() || !it->contains(field) || !(*it)[field].is_number()) return std::nan("");
  return (*it)[field].get<double>();
}

Json base_option(const std::string& format) {
  return Json{{"animation", false},
              {"textStyle", {{"fontFamily", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"}}},
              {"ozsim", {{"format", format}}}};
}

// The interval series the page draws as whiskers: data rows [category index, lo, hi, mean].
Json interval_series(const std::string& name, const Json& rows, const std::string& orientation,
                     const char* color) {
  return Json{{"type", "custom"},
              {"name", name},
              {"ozsim_interval", orientation},
              {"data", rows},
              {"z", 10},
              {"itemStyle", {{"color", color}}},
              {"encode", orientation == "horizontal" ? Json{{"x", {1, 2, 3}}, {"y", 0}}
                                                     : Json{{"x", 0}, {"y", {1, 2, 3}}}}};
}

std::string replications_text(std::size_t n, Language language) {
  return nl(language) ? fmt::format("gemiddelde over {} replicaties", n)
                      : fmt::format("mean over {} replications", n);
}

const char* interval_words(Language language) {
  return nl(language) ? "95%-interval van het gemiddelde (Student-t over de replicaties)"
                      : "95% interval of the mean (Student t over the replications)";
}

std::string date_text(int year, int month) {
  return fmt::format("{:04}-{:02}-01", year, month);
}

}  // namespace

YearSpan reported_years(const Json& kpis) {
  YearSpan span{1 << 30, -(1 << 30)};
  const std::string prefix = "count.thuiszitter.";
  for (auto it = kpis.begin(); it != kpis.end(); ++it) {
    const std::string& key = it.key();
    if (key.rfind(prefix, 0) != 0 || key.size() != prefix.size() + 4) continue;
    const int year = std::atoi(key.c_str() + prefix.size());
    span.first = std::min(span.first, year);
    span.last = std::max(span.last, year);
  }
  if (span.empty()) return YearSpan{};
  return span;
}

std::string school_years_text(const YearSpan& years, Language language) {
  if (years.empty()) return nl(language) ? "jaren onbekend" : "years unknown";
  const auto school_year = [](int y) { return fmt::format("{}/{:02}", y, (y + 1) % 100); };
  const std::string range = years.first == years.last
                                ? school_year(years.first)
                                : school_year(years.first) + "–" + school_year(years.last);
  return (nl(language) ? "schooljaren " : "school years ") + range;
}

Chart flows_sankey(const CsvTable& flows, const YearSpan& years, std::size_t replications,
                   Language language) {
  Chart chart;
  chart.id = "flows";
  chart.unit = nl(language) ? "leerlingen per jaar" : "pupils per year";
  chart.title = (nl(language) ? "Stromen tussen plekken per jaar, " : "Yearly flows between settings, ") +
                school_years_text(years, language);
  const int c_year = flows.column("year"), c_from = flows.column("from"), c_to = flows.column("to"),
            c_count = flows.column("count");
  std::map<std::pair<std::string, std::string>, double> sum;
  std::set<int> seen_years;
  for (std::size_t r = 0; r < flows.rows.size(); ++r) {
    const double year = flows.number(r, c_year);
    const double count = flows.number(r, c_count);
    if (!std::isfinite(year) || !std::isfinite(count) || c_from < 0 || c_to < 0) continue;
    if (!years.empty() && (year < years.first || year > years.last)) continue;
    const std::string& from = flows.rows[r][static_cast<std::size_t>(c_from)];
    const std::string& to = flows.rows[r][static_cast<std::size_t>(c_to)];
    seen_years.insert(static_cast<int>(year));
    // Leaving school the ordinary way (diploma, moving, age) dwarfs every other flow; it is not the
    // continuum.
    if (from == "attending" && to.rfind("exit_", 0) == 0) continue;
    sum[{from, to}] += count;
  }
  const double year_count = std::max<double>(1.0, static_cast<double>(seen_years.size()));
  Json nodes = Json::array(), links = Json::array();
  std::set<std::string> node_names;
  const auto add_node = [&](const std::string& id, const std::string& setting) {
    if (node_names.insert(id).second)
      nodes.push_back({{"name", id}, {"display", setting_label(setting, language)}});
  };
  for (const auto& [pair, total] : sum) {
    const double per_year = total / year_count;
    if (!(per_year > 0.0)) continue;
    add_node("from:" + pair.first, pair.first);
    add_node("to:" + pair.second, pair.second);
    links.push_back({{"source", "from:" + pair.first}, {"target", "to:" + pair.second}, {"value", per_year}});
  }
  chart.height_px = std::max(360, 26 * static_cast<int>(node_names.size() / 2 + 1));
  chart.option = base_option("number");
  chart.option["tooltip"] = {{"trigger", "item"}};
  chart.option["series"] =
      Json::array({Json{{"type", "sankey"},
                        {"data", nodes},
                        {"links", links},
                        {"left", 8},
                        {"right", 150},
                        {"nodeGap", 6},
                        {"emphasis", {{"focus", "adjacency"}}},
                        {"lineStyle", {{"color", "gradient"}, {"curveness", 0.5}, {"opacity", 0.35}}},
                        {"label", {{"fontSize", 11}}}}});
  chart.caption =
      (nl(language)
           ? "Links waar leerlingen vandaan komen, rechts waar ze heen gaan; breedte = leerlingen per "
             "jaar, " +
                 replications_text(replications, language) +
                 " en over de jaren. Gewone uitstroom van school (diploma, verhuizing, 18 jaar) is "
                 "weggelaten. "
                 "Per stroom geen interval: flows.csv bevat alleen gemiddelden."
           : "Left where pupils come from, right where they go; width = pupils per year, " +
                 replications_text(replications, language) +
                 " and over the years. Ordinary exits from school (diploma, moving, age 18) are left out. "
                 "No interval per flow: flows.csv holds means only.");
  return chart;
}

std::vector<Chart> provision_charts(const CsvTable& timeseries, const Json& summary, Language language) {
  std::vector<Chart> charts;
  const int c_date = timeseries.column("date");
  if (c_date < 0) return charts;
  const int start_year = summary.value("start_year", 0);
  const double warmup_years = summary.value("warmup_years", 0.0);
  const std::size_t replications = summary.value("replications", std::size_t{0});
  std::map<std::string, std::vector<std::pair<int, std::int64_t>>>
      capacity_steps;  // provision -> (year, places)
  if (summary.contains("provisions"))
    for (const Json& p : summary["provisions"]) {
      auto& steps = capacity_steps[p.value("name", std::string())];
      steps.emplace_back(start_year, p.value("capacity", std::int64_t{0}));
      if (p.contains("capacity_changes"))
        for (const Json& c : p["capacity_changes"])
          steps.emplace_back(c.value("year", 0), c.value("capacity", std::int64_t{0}));
      std::sort(steps.begin(), steps.end());
    }
  Json dates = Json::array();
  for (const auto& row : timeseries.rows) dates.push_back(row[static_cast<std::size_t>(c_date)]);
  const std::string first_date = dates.empty() ? std::string() : dates.front().get<std::string>();
  const int warmup_whole_years = static_cast<int>(std::floor(warmup_years));
  const int warmup_month = 8 + static_cast<int>(std::lround((warmup_years - warmup_whole_years) * 12.0));
  const std::string warmup_end = date_text(start_year + warmup_whole_years + (warmup_month > 12 ? 1 : 0),
                                           warmup_month > 12 ? warmup_month - 12 : warmup_month);
  for (std::size_t c = 0; c < timeseries.header.size(); ++c) {
    const std::string& name = timeseries.header[c];
    if (name.rfind("occupancy.", 0) != 0) continue;
    const std::string provision = name.substr(10);
    const int c_wait = timeseries.column("waiting." + provision);
    Json occupancy = Json::array(), waiting = Json::array(), capacity = Json::array();
    double peak = 0.0;
    for (std::size_t r = 0; r < timeseries.rows.size(); ++r) {
      const double o = timeseries.number(r, static_cast<int>(c));
      const double w = timeseries.number(r, c_wait);
      peak = std::max({peak, std::isfinite(o) ? o : 0.0, std::isfinite(w) ? w : 0.0});
      occupancy.push_back({dates[r], value_or_null(o)});
      waiting.push_back({dates[r], value_or_null(w)});
    }
    const auto steps = capacity_steps.find(provision);
    if (steps != capacity_steps.end()) {
      for (std::size_t r = 0; r < timeseries.rows.size(); ++r) {
        const std::string date = dates[r].get<std::string>();
        const int year = std::atoi(date.c_str()) - (std::atoi(date.c_str() + 5) < 8 ? 1 : 0);  // school year
        std::int64_t places = steps->second.front().second;
        for (const auto& [from_year, value] : steps->second)
          if (year >= from_year) places = value;
        capacity.push_back({dates[r], places});
      }
    }
    if (peak <= 0.0 && capacity.empty()) continue;  // a provision nobody used and without places says nothing
    Chart chart;
    chart.id = "provision-" + provision;
    for (char& ch : chart.id)
      if (ch == '_') ch = '-';
    chart.unit = nl(language) ? "leerlingen" : "pupils";
    chart.height_px = 260;
    chart.title =
        setting_label(provision, language) +
        (nl(language) ? ": bezetting en wachtlijst per maand" : ": occupancy and waiting list per month");
    chart.option = base_option("number");
    chart.option["tooltip"] = {{"trigger", "axis"}};
    chart.option["legend"] = {{"top", 0}};
    chart.option["grid"] = {{"left", 56}, {"right", 24}, {"top", 36}, {"bottom", 28}};
    chart.option["xAxis"] = {{"type", "time"}};
    chart.option["yAxis"] = {{"type", "value"}, {"name", chart.unit}, {"min", 0}};
    Json series = Json::array();
    Json occupancy_series = {{"type", "line"},
                             {"name", nl(language) ? "bezetting" : "occupancy"},
                             {"data", occupancy},
                             {"showSymbol", false},
                             {"lineStyle", {{"width", 2}}}};
    if (!first_date.empty() && warmup_years > 0.0)
      occupancy_series["markArea"] = {
          {"silent", true},
          {"itemStyle", {{"color", "rgba(120,120,120,0.12)"}}},
          {"label", {{"position", "insideTop"}, {"color", "#666"}}},
          {"data", Json::array({Json::array(
                       {{{"name", nl(language) ? "inloopperiode" : "warm-up"}, {"xAxis", first_date}},
                        {{"xAxis", warmup_end}}})})}};
    series.push_back(occupancy_series);
    series.push_back({{"type", "line"},
                      {"name", nl(language) ? "wachtlijst" : "waiting list"},
                      {"data", waiting},
                      {"showSymbol", false},
                      {"areaStyle", {{"opacity", 0.25}}}});
    if (!capacity.empty())
      series.push_back({{"type", "line"},
                        {"name", nl(language) ? "capaciteit" : "capacity"},
                        {"data", capacity},
                        {"step", "end"},
                        {"showSymbol", false},
                        {"lineStyle", {{"type", "dashed"}, {"color", "#333"}}},
                        {"itemStyle", {{"color", "#333"}}}});
    chart.option["series"] = series;
    chart.caption = nl(language) ? "Bezetting en wachtlijst aan het begin van elke maand, " +
                                       replications_text(replications, language) +
                                       "; grijs: inloopperiode, niet meegeteld in de kerncijfers. "
                                       "Geen interval: timeseries.csv bevat alleen gemiddelden."
                                 : "Occupancy and waiting list at the start of each month, " +
                                       replications_text(replications, language) +
                                       "; grey: warm-up, not counted in the headline figures. "
                                       "No interval: timeseries.csv holds means only.";
    if (capacity.empty())
      chart.caption += nl(language) ? " Capaciteit niet in summary.json; draai opnieuw met deze ozsim."
                                    : " Capacity not in summary.json; run again with this ozsim.";
    charts.push_back(std::move(chart));
  }
  return charts;
}

Chart home_time_chart(const Json& summary, Language language) {
  const Json& kpis = summary.at("kpis");
  Chart chart;
  chart.id = "home-time";
  chart.unit = nl(language) ? "dagen" : "days";
  chart.height_px = 220;
  const YearSpan years = reported_years(kpis);
  chart.title = (nl(language) ? "Duur van thuisperiodes, " : "Length of home spells, ") +
                school_years_text(years, language);
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"home.mean_days", nl(language) ? "gemiddelde" : "mean"},
      {"home.median_days", nl(language) ? "mediaan" : "median"},
      {"home.p90_days", nl(language) ? "90e percentiel" : "90th percentile"}};
  Json categories = Json::array(), bars = Json::array(), intervals = Json::array();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    categories.push_back(rows[i].second);
    const double mean = mean_of(kpis, rows[i].first);
    bars.push_back(value_or_null(mean));
    intervals.push_back({i, value_or_null(mean_of(kpis, rows[i].first, "lo95")),
                         value_or_null(mean_of(kpis, rows[i].first, "hi95")), value_or_null(mean)});
  }
  const double norm_days = summary.value("norm_days", 90.0);
  chart.option = base_option("number");
  chart.option["tooltip"] = {{"trigger", "axis"}};
  chart.option["grid"] = {{"left", 110}, {"right", 40}, {"top", 30}, {"bottom", 40}};
  chart.option["xAxis"] = {
      {"type", "value"}, {"name", chart.unit}, {"nameLocation", "middle"}, {"nameGap", 26}, {"min", 0}};
  chart.option["yAxis"] = {{"type", "category"}, {"data", categories}, {"inverse", true}};
  chart.option["series"] = Json::array(
      {Json{{"type", "bar"},
            {"name", chart.unit},
            {"data", bars},
            {"barWidth", "45%"},
            {"itemStyle", {{"color", "#7aa6c2"}}},
            {"markLine",
             {{"silent", true},
              {"symbol", "none"},
              {"lineStyle", {{"color", "#c0392b"}, {"type", "dashed"}, {"width", 2}}},
              {"label",
               {{"show", false}}},  // the caption names the red line; a label would sit on the axis ticks
              {"data", Json::array({Json{{"xAxis", norm_days}}})}}}},
       interval_series(nl(language) ? "95%-interval" : "95% interval", intervals, "horizontal", "#1d3557")});
  chart.caption =
      nl(language)
          ? std::string(
                "Thuisperiodes van thuiszitters en absoluut verzuimers, afgeronde en lopende. "
                "Streepjes: ") +
                interval_words(language) +
                ". Rode lijn: de 3-maandennorm van het thuiszitterspact. De volledige verdeling staat niet "
                "in summary.json; dit zijn de drie kengetallen die er wel in staan."
          : std::string(
                "Home spells of thuiszitters and pupils not enrolled, completed and running. "
                "Whiskers: ") +
                interval_words(language) +
                ". Red line: the thuiszitterspact 3-month norm. The full distribution is not in "
                "summary.json; these are the three figures it holds.";
  return chart;
}

Chart cost_per_payer_chart(const Json& summary, Language language) {
  const Json& kpis = summary.at("kpis");
  std::set<std::string> payers;
  std::set<int> years;
  for (auto it = kpis.begin(); it != kpis.end(); ++it) {
    const std::string& key = it.key();
    if (key.rfind("cost.", 0) != 0) continue;
    const std::size_t dot = key.rfind('.');
    if (key.size() - dot != 5 || dot <= 5) continue;
    const int year = std::atoi(key.c_str() + dot + 1);
    if (year <= 0) continue;
    years.insert(year);
    const std::string payer = key.substr(5, dot - 5);
    if (payer != "total") payers.insert(payer);
  }
  Chart chart;
  chart.id = "cost-per-payer";
  chart.unit = nl(language) ? "€ per schooljaar" : "€ per school year";
  chart.height_px = 320;
  const YearSpan span = years.empty() ? YearSpan{} : YearSpan{*years.begin(), *years.rbegin()};
  chart.title = (nl(language) ? "Kosten per betaler per jaar, " : "Cost per payer per year, ") +
                school_years_text(span, language);
  Json categories = Json::array();
  for (int y : years) categories.push_back(fmt::format("{}/{:02}", y, (y + 1) % 100));
  Json series = Json::array();
  for (const std::string& payer : payers) {
    Json data = Json::array();
    for (int y : years) data.push_back(value_or_null(mean_of(kpis, fmt::format("cost.{}.{}", payer, y))));
    series.push_back(
        {{"type", "bar"}, {"name", payer_label(payer, language)}, {"stack", "cost"}, {"data", data}});
  }
  Json intervals = Json::array();
  std::size_t i = 0;
  for (int y : years) {
    const std::string total = fmt::format("cost.total.{}", y);
    intervals.push_back({i++, value_or_null(mean_of(kpis, total, "lo95")),
                         value_or_null(mean_of(kpis, total, "hi95")), value_or_null(mean_of(kpis, total))});
  }
  series.push_back(interval_series(nl(language) ? "totaal, 95%-interval" : "total, 95% interval", intervals,
                                   "vertical", "#222"));
  chart.option = base_option("euro");
  chart.option["tooltip"] = {{"trigger", "axis"}};
  chart.option["legend"] = {{"top", 0}};
  chart.option["grid"] = {{"left", 90}, {"right", 20}, {"top", 40}, {"bottom", 30}};
  chart.option["xAxis"] = {{"type", "category"}, {"data", categories}};
  chart.option["yAxis"] = {{"type", "value"}, {"name", chart.unit}};
  chart.option["series"] = series;
  chart.caption = (nl(language) ? "Gestapeld per betaler, " : "Stacked by payer, ") +
                  replications_text(summary.value("replications", std::size_t{0}), language) +
                  (nl(language) ? ". Zwarte streep: " : ". Black whisker: ") + interval_words(language) +
                  (nl(language) ? " van het totaal. Niet verdisconteerd." : " of the total. Not discounted.");
  return chart;
}

Chart forest_chart(const Json& compare, const std::string& kpi, Language language) {
  const KpiInfo info = kpi_info(kpi, language);
  Chart chart;
  chart.id = "forest-";
  for (char ch : kpi) chart.id += (std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-');
  chart.title = info.label;
  chart.unit = unit_text(info.unit, language);
  Json categories = Json::array(), intervals = Json::array();
  std::size_t index = 0;
  for (const Json& alt : compare.at("alternatives")) {
    for (const Json& k : alt.at("kpis")) {
      if (k.value("kpi", std::string()) != kpi) continue;
      const Json& diff = k.at("diff");
      const auto get = [&](const char* f) {
        return diff.contains(f) && diff[f].is_number() ? diff[f].get<double>() : std::nan("");
      };
      categories.push_back(alt.value("scenario", std::string()));
      intervals.push_back(
          {index++, value_or_null(get("lo95")), value_or_null(get("hi95")), value_or_null(get("mean"))});
    }
  }
  chart.height_px = 70 + 34 * static_cast<int>(std::max<std::size_t>(1, index));
  const std::string format = info.unit == Unit::Euros || info.unit == Unit::EurosPerYear ? "euro"
                             : info.unit == Unit::Share                                  ? "percent"
                                                                                         : "number";
  chart.option = base_option(format);
  chart.option["tooltip"] = {{"trigger", "item"}};
  chart.option["grid"] = {{"left", 20}, {"right", 40}, {"top", 10}, {"bottom", 42}, {"containLabel", true}};
  chart.option["xAxis"] = {
      {"type", "value"},
      {"name", (nl(language) ? "verschil met basis, " : "difference from base, ") + chart.unit},
      {"nameLocation", "middle"},
      {"nameGap", 26}};
  // The category axis stays on the left; the zero line is a mark line of its own.
  chart.option["yAxis"] = {
      {"type", "category"}, {"data", categories}, {"inverse", true}, {"axisLine", {{"onZero", false}}}};
  Json interval = interval_series(nl(language) ? "verschil, 95%-interval" : "difference, 95% interval",
                                  intervals, "horizontal", "#1d3557");
  interval["markLine"] = {{"silent", true},
                          {"symbol", "none"},
                          {"lineStyle", {{"color", "#888"}, {"type", "solid"}}},
                          {"label", {{"show", false}}},
                          {"data", Json::array({Json{{"xAxis", 0}}})}};
  chart.option["series"] = Json::array({interval});
  return chart;
}

Chart budget_chart(const Json& alternative, bool discounted, Language language) {
  const Json& budget = alternative.at("budget_impact");
  const std::string scenario = alternative.value("scenario", std::string());
  Chart chart;
  chart.id = std::string("budget-") + (discounted ? "discounted-" : "undiscounted-");
  for (char ch : scenario) chart.id += (std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-');
  chart.unit = nl(language) ? "€ per jaar" : "€ per year";
  std::vector<int> years;
  for (const Json& y : budget.at("years")) years.push_back(y.get<int>());
  const YearSpan span = years.empty() ? YearSpan{} : YearSpan{years.front(), years.back()};
  chart.title = std::string(nl(language) ? "Budgeteffect per betaler, " : "Budget impact per payer, ") +
                (discounted ? (nl(language) ? "verdisconteerd" : "discounted")
                            : (nl(language) ? "niet verdisconteerd" : "undiscounted")) +
                ", " + school_years_text(span, language);
  const char* cell = discounted ? "discounted" : "undiscounted";
  Json categories = Json::array();
  for (int y : years) categories.push_back(fmt::format("{}/{:02}", y, (y + 1) % 100));
  Json series = Json::array(), intervals = Json::array();
  std::map<std::string, Json> by_payer;
  for (const Json& row : budget.at("rows")) {
    if (!row.contains("year") || !row["year"].is_number()) continue;  // the all-years row is in the table
    const std::string payer = row.value("payer", std::string());
    const int year = row["year"].get<int>();
    const auto at = std::find(years.begin(), years.end(), year);
    if (at == years.end()) continue;
    const std::size_t i = static_cast<std::size_t>(at - years.begin());
    const Json& diff = row.at(cell).at("diff");
    const auto get = [&](const char* f) {
      return diff.contains(f) && diff[f].is_number() ? diff[f].get<double>() : std::nan("");
    };
    if (payer == "all payers") {
      intervals.push_back(
          {i, value_or_null(get("lo95")), value_or_null(get("hi95")), value_or_null(get("mean"))});
      continue;
    }
    Json& data = by_payer[payer];
    if (data.is_null()) data = Json(std::vector<Json>(years.size(), Json(nullptr)));
    data[i] = value_or_null(get("mean"));
  }
  for (auto& [payer, data] : by_payer)
    series.push_back(
        {{"type", "bar"}, {"name", payer_label(payer, language)}, {"stack", "diff"}, {"data", data}});
  series.push_back(interval_series(nl(language) ? "alle betalers, 95%-interval" : "all payers, 95% interval",
                                   intervals, "vertical", "#222"));
  chart.option = base_option("euro");
  chart.option["tooltip"] = {{"trigger", "axis"}};
  chart.option["legend"] = {{"top", 0}};
  chart.option["grid"] = {{"left", 90}, {"right", 20}, {"top", 40}, {"bottom", 30}};
  chart.option["xAxis"] = {{"type", "category"}, {"data", categories}};
  chart.option["yAxis"] = {{"type", "value"}, {"name", chart.unit}};
  chart.option["series"] = series;
  const double rate = budget.value("discount_rate", 0.0);
  chart.caption =
      nl(language)
          ? fmt::format(
                "{} min basis, per betaler gestapeld; boven nul kost het alternatief meer. Zwarte streep: {} "
                "voor alle betalers samen.{}",
                scenario, interval_words(language),
                discounted ? " Verdisconteerd met " + params::percent(rate, 2, language) +
                                 " per jaar vanaf " + std::to_string(budget.value("first_year", 0)) + "."
                           : std::string())
          : fmt::format(
                "{} minus base, stacked by payer; above zero the alternative costs more. Black whisker: {} "
                "for "
                "all payers together.{}",
                scenario, interval_words(language),
                discounted ? " Discounted at " + params::percent(rate, 2, language) + " a year from " +
                                 std::to_string(budget.value("first_year", 0)) + "."
                           : std::string());
  return chart;
}

Chart sweep_chart(const CsvTable& sweep, const std::string& kpi, Language language) {
  const KpiInfo info = kpi_info(kpi, language);
  Chart chart;
  chart.id = "sweep-";
  for (char ch : kpi) chart.id += (std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-');
  chart.title = info.label;
  chart.unit = unit_text(info.unit, language);
  chart.height_px = 260;
  const int c_point = sweep.column("point"), c_kpi = sweep.column("kpi"), c_mean = sweep.column("mean"),
            c_lo = sweep.column("lo95"), c_hi = sweep.column("hi95");
  // The swept keys are the columns between "point" and "kpi".
  std::vector<int> key_columns;
  for (int c = c_point + 1; c < c_kpi; ++c) key_columns.push_back(c);
  Json categories = Json::array(), means = Json::array(), lows = Json::array(), widths = Json::array();
  for (std::size_t r = 0; r < sweep.rows.size(); ++r) {
    if (c_kpi < 0 || sweep.rows[r][static_cast<std::size_t>(c_kpi)] != kpi) continue;
    std::string label;
    for (int c : key_columns)
      label += (label.empty() ? "" : ", ") + sweep.rows[r][static_cast<std::size_t>(c)];
    categories.push_back(label);
    const double lo = sweep.number(r, c_lo), hi = sweep.number(r, c_hi);
    means.push_back(value_or_null(sweep.number(r, c_mean)));
    lows.push_back(value_or_null(lo));
    widths.push_back(value_or_null(hi - lo));
  }
  std::string keys;
  for (int c : key_columns) keys += (keys.empty() ? "" : ", ") + sweep.header[static_cast<std::size_t>(c)];
  const std::string format = info.unit == Unit::Euros || info.unit == Unit::EurosPerYear ? "euro"
                             : info.unit == Unit::Share                                  ? "percent"
                                                                                         : "number";
  chart.option = base_option(format);
  chart.option["tooltip"] = {{"trigger", "axis"}};
  chart.option["grid"] = {{"left", 80}, {"right", 20}, {"top", 34}, {"bottom", 48}};
  chart.option["xAxis"] = {{"type", "category"}, {"data", categories},       {"boundaryGap", false},
                           {"name", keys},       {"nameLocation", "middle"}, {"nameGap", 28}};
  chart.option["yAxis"] = {{"type", "value"}, {"name", chart.unit}, {"scale", true}};
  chart.option["series"] = Json::array({Json{{"type", "line"},
                                             {"name", "lo95"},
                                             {"data", lows},
                                             {"stack", "band"},
                                             {"symbol", "none"},
                                             {"lineStyle", {{"opacity", 0}}},
                                             {"tooltip", {{"show", false}}}},
                                        Json{{"type", "line"},
                                             {"name", nl(language) ? "95%-interval" : "95% interval"},
                                             {"data", widths},
                                             {"stack", "band"},
                                             {"symbol", "none"},
                                             {"lineStyle", {{"opacity", 0}}},
                                             {"areaStyle", {{"color", "rgba(29,53,87,0.18)"}}},
                                             {"ozsim_band_width", true}},
                                        Json{{"type", "line"},
                                             {"name", nl(language) ? "gemiddelde" : "mean"},
                                             {"data", means},
                                             {"symbolSize", 6},
                                             {"itemStyle", {{"color", "#1d3557"}}}}});
  chart.caption =
      std::string(nl(language) ? "Gemiddelde per punt met band: " : "Mean per point with band: ") +
      interval_words(language) + ".";
  return chart;
}

Chart fit_chart(const CsvTable& fit, Language language) {
  Chart chart;
  chart.id = "calibration-fit";
  chart.title = nl(language) ? "Voorspeld ten opzichte van waargenomen, per doel"
                             : "Predicted relative to observed, per target";
  chart.unit = nl(language) ? "% van de waargenomen waarde" : "% of the observed value";
  const int c_target = fit.column("target"), c_obs = fit.column("observed"),
            c_mean = fit.column("posterior_mean"), c_lo = fit.column("posterior_low"),
            c_hi = fit.column("posterior_high"), c_period = fit.column("period");
  // Targets differ in scale (30 thuiszitters, 313 risicoleerlingen): each is shown relative to its
  // observation.
  Json categories = Json::array(), intervals = Json::array();
  std::size_t index = 0;
  for (std::size_t r = 0; r < fit.rows.size(); ++r) {
    const double observed = fit.number(r, c_obs);
    if (!(std::fabs(observed) > 0.0)) continue;
    std::string label = c_target >= 0 ? fit.rows[r][static_cast<std::size_t>(c_target)] : std::to_string(r);
    label += " (" + params::human(observed, language) + ")";
    categories.push_back(label);
    intervals.push_back({index++, value_or_null(fit.number(r, c_lo) / observed),
                         value_or_null(fit.number(r, c_hi) / observed),
                         value_or_null(fit.number(r, c_mean) / observed)});
  }
  (void)c_period;
  chart.height_px = 80 + 28 * static_cast<int>(std::max<std::size_t>(1, index));
  chart.option = base_option("percent");
  chart.option["tooltip"] = {{"trigger", "item"}};
  chart.option["grid"] = {{"left", 20}, {"right", 40}, {"top", 10}, {"bottom", 42}, {"containLabel", true}};
  chart.option["xAxis"] = {
      {"type", "value"}, {"name", chart.unit}, {"nameLocation", "middle"}, {"nameGap", 26}};
  chart.option["yAxis"] = {
      {"type", "category"}, {"data", categories}, {"inverse", true}, {"axisLine", {{"onZero", false}}}};
  Json interval =
      interval_series(nl(language) ? "voorspeld, 95%" : "predicted, 95%", intervals, "horizontal", "#1d3557");
  interval["markLine"] = {{"silent", true},
                          {"symbol", "none"},
                          {"lineStyle", {{"color", "#c0392b"}, {"type", "dashed"}, {"width", 2}}},
                          {"label", {{"show", false}}},
                          {"data", Json::array({Json{{"xAxis", 1.0}}})}};
  chart.option["series"] = Json::array({interval});
  chart.caption =
      nl(language)
          ? "Punt: gemiddelde van de posterior-voorspellende verdeling, streep: 95% daarvan (fit.csv), beide "
            "gedeeld door de waargenomen waarde (tussen haakjes). Rode lijn: gelijk aan waargenomen."
          : "Dot: mean of the posterior predictive distribution, whisker: 95% of it (fit.csv), both divided "
            "by the observed value (in brackets). Red line: equal to observed.";
  return chart;
}

Chart generations_chart(const Json& calibration, Language language) {
  Chart chart;
  chart.id = "calibration-generations";
  chart.title = nl(language) ? "Tolerantie en effectieve steekproefgrootte per generatie"
                             : "Tolerance and effective sample size per generation";
  chart.unit = nl(language) ? "afstand; deeltjes" : "distance; particles";
  Json generations = Json::array(), tolerance = Json::array(), ess = Json::array();
  if (calibration.contains("generations"))
    for (const Json& g : calibration["generations"]) {
      generations.push_back(g.value("generation", 0));
      const Json& t = g.contains("tolerance") ? g["tolerance"] : Json(nullptr);
      tolerance.push_back(t.is_number() ? t : Json(nullptr));
      ess.push_back(g.contains("ess") && g["ess"].is_number() ? g["ess"] : Json(nullptr));
    }
  chart.option = base_option("number");
  chart.option["tooltip"] = {{"trigger", "axis"}};
  chart.option["legend"] = {{"top", 0}};
  chart.option["grid"] = {{"left", 70}, {"right", 70}, {"top", 40}, {"bottom", 40}};
  chart.option["xAxis"] = {{"type", "category"},
                           {"data", generations},
                           {"name", nl(language) ? "generatie" : "generation"},
                           {"nameLocation", "middle"},
                           {"nameGap", 26}};
  chart.option["yAxis"] =
      Json::array({Json{{"type", "value"}, {"name", nl(language) ? "tolerantie" : "tolerance"}},
                   Json{{"type", "value"}, {"name", "ESS"}, {"min", 0}}});
  chart.option["series"] = Json::array({Json{{"type", "line"},
                                             {"name", nl(language) ? "tolerantie" : "tolerance"},
                                             {"data", tolerance},
                                             {"symbolSize", 6}},
                                        Json{{"type", "bar"},
                                             {"name", "ESS"},
                                             {"yAxisIndex", 1},
                                             {"data", ess},
                                             {"barWidth", "40%"},
                                             {"itemStyle", {{"opacity", 0.5}}}}});
  chart.caption =
      nl(language)
          ? "De tolerantie daalt per generatie; de ESS zegt hoeveel deeltjes effectief meetellen."
          : "The tolerance falls each generation; the ESS says how many particles effectively count.";
  return chart;
}

}  // namespace ozsim::report
