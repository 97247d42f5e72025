// Charts of a run's output folder: flows, provisions over time, time at home, cost per payer.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "sim/report/chart_common.hpp"
#include "sim/report/charts.hpp"

namespace ozsim::report {

using namespace chart_parts;

YearSpan reported_years(const Json& kpis) {
  // The per-year thuiszitter counts: written for every reported school year and only for those.
  YearSpan span{1 << 30, -(1 << 30)};
  for (auto it = kpis.begin(); it != kpis.end(); ++it) {
    const auto kpi = model::kpi_catalogue().find(it.key());
    if (!kpi || kpi->family->id != model::KpiId::CountByYear || kpi->setting != model::Setting::Thuiszitter)
      continue;
    span.first = std::min(span.first, *kpi->year);
    span.last = std::max(span.last, *kpi->year);
  }
  if (span.empty()) return YearSpan{};
  return span;
}

std::string school_years_text(const YearSpan& years, Language language) {
  if (years.empty()) return nl(language) ? "jaren onbekend" : "years unknown";
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
            c_count = flows.column("count"), c_low = flows.column("count_low95"),
            c_high = flows.column("count_high95");
  // flows.csv from before the interval columns has means only.
  const bool has_interval = c_low >= 0 && c_high >= 0;
  struct Total {
    double mean = 0.0, low = 0.0, high = 0.0;
  };
  std::map<std::pair<std::string, std::string>, Total> sum;
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
    if (from == model::setting_name(model::Setting::Attending) && model::exit_from_destination_name(to))
      continue;
    Total& total = sum[{from, to}];
    total.mean += count;
    if (has_interval) {
      total.low += flows.number(r, c_low);  // NaN (one replication) stays NaN
      total.high += flows.number(r, c_high);
    }
  }
  const double year_count = std::max<double>(1.0, static_cast<double>(seen_years.size()));
  Json nodes = Json::array(), links = Json::array();
  std::set<std::string> node_names;
  const auto add_node = [&](const std::string& id, const std::string& setting) {
    if (node_names.insert(id).second)
      nodes.push_back({{"name", id}, {"display", setting_label(setting, language)}});
  };
  for (const auto& [pair, total] : sum) {
    const double per_year = total.mean / year_count;
    if (!(per_year > 0.0)) continue;
    add_node("from:" + pair.first, pair.first);
    add_node("to:" + pair.second, pair.second);
    Json link = {{"source", "from:" + pair.first}, {"target", "to:" + pair.second}, {"value", per_year}};
    if (has_interval) {
      // The years' bounds added up: the spread of a sum is at most the sum of the spreads, so this interval
      // is at least as wide as the exact one (the years of one replication are not independent).
      const double low = total.low / year_count, high = total.high / year_count;
      link["lo95"] = value_or_null(low);
      link["hi95"] = value_or_null(high);
    }
    links.push_back(std::move(link));
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
      nl(language)
          ? "Links waar leerlingen vandaan komen, rechts waar ze heen gaan; breedte = leerlingen per jaar, " +
                replications_text(replications, language) +
                " en over de jaren. Gewone uitstroom van school (diploma, verhuizing, 18 jaar) is "
                "weggelaten."
          : "Left where pupils come from, right where they go; width = pupils per year, " +
                replications_text(replications, language) +
                " and over the years. Ordinary exits from school (diploma, moving, age 18) are left out.";
  if (!has_interval)
    chart.caption += nl(language) ? " Per stroom geen interval: deze flows.csv bevat alleen gemiddelden."
                                  : " No interval per flow: this flows.csv holds means only.";
  else
    chart.caption +=
        nl(language)
            ? " Bij elke stroom (aanwijzen) het 95%-interval van het gemiddelde, de grenzen per jaar "
              "opgeteld: ruimer dan nodig, want de jaren van één replicatie hangen samen."
            : " Each flow (hover) shows the 95% interval of its mean, the years' bounds added up: wider than "
              "needed, as the years of one replication are not independent.";
  return chart;
}

namespace {

// provision -> (school year from which, places), sorted.
std::map<std::string, std::vector<std::pair<int, std::int64_t>>> capacity_steps(const Json& summary) {
  std::map<std::string, std::vector<std::pair<int, std::int64_t>>> steps;
  const int start_year = summary.value("start_year", 0);
  if (summary.contains("provisions"))
    for (const Json& p : summary["provisions"]) {
      auto& one = steps[p.value("name", std::string())];
      one.emplace_back(start_year, p.value("capacity", std::int64_t{0}));
      if (p.contains("capacity_changes"))
        for (const Json& c : p["capacity_changes"])
          one.emplace_back(c.value("year", 0), c.value("capacity", std::int64_t{0}));
      std::sort(one.begin(), one.end());
    }
  return steps;
}

// The end of the warm-up as a date: the run starts on 1 August of its start year.
std::string warmup_end_date(int start_year, double warmup_years) {
  const int whole = static_cast<int>(std::floor(warmup_years));
  const int month = 8 + static_cast<int>(std::lround((warmup_years - whole) * 12.0));
  return fmt::format("{:04}-{:02}-01", start_year + whole + (month > 12 ? 1 : 0),
                     month > 12 ? month - 12 : month);
}

// One line of a provision chart: [date, value] pairs, with its band when timeseries.csv has the interval
// columns (<column>.lo95, <column>.hi95). Counts never go below zero.
struct SeriesWithBand {
  Json values = Json::array(), lows = Json::array(), highs = Json::array();
  bool has_band = false;
  bool clipped = false;
  double peak = 0.0;
};

SeriesWithBand read_series(const CsvTable& timeseries, const Json& dates, const std::string& column) {
  SeriesWithBand s;
  const int c = timeseries.column(column), c_lo = timeseries.column(column + ".lo95"),
            c_hi = timeseries.column(column + ".hi95");
  s.has_band = c_lo >= 0 && c_hi >= 0;
  for (std::size_t r = 0; r < timeseries.rows.size(); ++r) {
    const double v = timeseries.number(r, c);
    s.peak = std::max(s.peak, std::isfinite(v) ? v : 0.0);
    s.values.push_back({dates[r], value_or_null(v)});
    if (!s.has_band) continue;
    const double lo = timeseries.number(r, c_lo), hi = timeseries.number(r, c_hi);
    s.clipped = s.clipped || (std::isfinite(lo) && lo < 0.0);
    s.lows.push_back({dates[r], value_or_null(std::isfinite(lo) ? std::max(lo, 0.0) : lo)});
    s.highs.push_back({dates[r], value_or_null(hi)});
  }
  return s;
}

}  // namespace

std::vector<Chart> provision_charts(const CsvTable& timeseries, const Json& summary, Language language) {
  std::vector<Chart> charts;
  const int c_date = timeseries.column("date");
  if (c_date < 0) return charts;
  const int start_year = summary.value("start_year", 0);
  const double warmup_years = summary.value("warmup_years", 0.0);
  const std::size_t replications = summary.value("replications", std::size_t{0});
  const auto steps_by_provision = capacity_steps(summary);
  Json dates = Json::array();
  for (const auto& row : timeseries.rows) dates.push_back(row[static_cast<std::size_t>(c_date)]);
  const std::string first_date = dates.empty() ? std::string() : dates.front().get<std::string>();
  const std::string occupancy_prefix = "occupancy.";
  for (const std::string& column : timeseries.header) {
    // occupancy.<provision>, not its interval columns occupancy.<provision>.lo95 / .hi95
    if (column.rfind(occupancy_prefix, 0) != 0 ||
        column.find('.', occupancy_prefix.size()) != std::string::npos)
      continue;
    const std::string provision = column.substr(occupancy_prefix.size());
    const SeriesWithBand occupancy = read_series(timeseries, dates, column);
    const SeriesWithBand waiting = read_series(timeseries, dates, "waiting." + provision);
    Json capacity = Json::array();
    if (const auto steps = steps_by_provision.find(provision); steps != steps_by_provision.end())
      for (std::size_t r = 0; r < timeseries.rows.size(); ++r) {
        const std::string date = dates[r].get<std::string>();
        const int year = std::atoi(date.c_str()) - (std::atoi(date.c_str() + 5) < 8 ? 1 : 0);  // school year
        std::int64_t places = steps->second.front().second;
        for (const auto& [from_year, value] : steps->second)
          if (year >= from_year) places = value;
        capacity.push_back({dates[r], places});
      }
    // A provision nobody used and without places (none, or zero throughout) says nothing.
    const bool places = std::any_of(capacity.begin(), capacity.end(), [](const Json& c) { return c[1] > 0; });
    if (std::max(occupancy.peak, waiting.peak) <= 0.0 && !places) continue;
    Chart chart;
    chart.id = chart_id("provision-", provision);
    chart.unit = nl(language) ? "leerlingen" : "pupils";
    chart.height_px = 270;
    chart.title =
        provision_label(provision, language) +
        (nl(language) ? ": bezetting en wachtlijst per maand" : ": occupancy and waiting list per month");
    chart.clipped = occupancy.clipped || waiting.clipped;
    chart.option = base_option("number");
    chart.option["tooltip"] = {{"trigger", "axis"}};
    chart.option["legend"] = {{"top", 0}};
    chart.option["grid"] = {{"left", 56}, {"right", 24}, {"top", 36}, {"bottom", 28}};
    chart.option["xAxis"] = {{"type", "time"}};
    chart.option["yAxis"] = {{"type", "value"}, {"name", chart.unit}, {"min", 0}};
    const std::string occupancy_name = nl(language) ? "bezetting" : "occupancy";
    const std::string waiting_name = nl(language) ? "wachtlijst" : "waiting list";
    Json series = Json::array();
    if (occupancy.has_band)
      for (Json& s :
           band_series(occupancy_name, "occupancy-band", occupancy.lows, occupancy.highs, "#5470c6"))
        series.push_back(std::move(s));
    if (waiting.has_band)
      for (Json& s : band_series(waiting_name, "waiting-band", waiting.lows, waiting.highs, "#c0392b"))
        series.push_back(std::move(s));
    Json occupancy_line = {{"type", "line"},
                           {"name", occupancy_name},
                           {"data", occupancy.values},
                           {"showSymbol", false},
                           {"itemStyle", {{"color", "#5470c6"}}},
                           {"lineStyle", {{"width", 2}}}};
    if (!first_date.empty() && warmup_years > 0.0)
      occupancy_line["markArea"] = {
          {"silent", true},
          {"itemStyle", {{"color", "rgba(120,120,120,0.12)"}}},
          {"label", {{"position", "insideTop"}, {"color", "#666"}}},
          {"data", Json::array({Json::array(
                       {{{"name", nl(language) ? "inloopperiode" : "warm-up"}, {"xAxis", first_date}},
                        {{"xAxis", warmup_end_date(start_year, warmup_years)}}})})}};
    series.push_back(occupancy_line);
    series.push_back({{"type", "line"},
                      {"name", waiting_name},
                      {"data", waiting.values},
                      {"showSymbol", false},
                      {"itemStyle", {{"color", "#c0392b"}}},
                      {"lineStyle", {{"width", 2}}}});
    if (!capacity.empty())
      series.push_back({{"type", "line"},
                        {"name", nl(language) ? "capaciteit" : "capacity"},
                        {"data", capacity},
                        {"step", "end"},
                        {"showSymbol", false},
                        {"lineStyle", {{"type", "dashed"}, {"color", "#333"}}},
                        {"itemStyle", {{"color", "#333"}}}});
    chart.option["series"] = series;
    const bool bands = occupancy.has_band || waiting.has_band;
    chart.caption =
        nl(language)
            ? "Bezetting en wachtlijst aan het begin van elke maand, " +
                  replications_text(replications, language) +
                  (bands ? std::string("; lichte band: ") + interval_words(language) : std::string()) +
                  "; grijs: inloopperiode, niet meegeteld in de kerncijfers."
            : "Occupancy and waiting list at the start of each month, " +
                  replications_text(replications, language) +
                  (bands ? std::string("; light band: ") + interval_words(language) : std::string()) +
                  "; grey: warm-up, not counted in the headline figures.";
    if (!bands)
      chart.caption += nl(language) ? " Geen band: deze timeseries.csv bevat alleen gemiddelden."
                                    : " No band: this timeseries.csv holds means only.";
    if (capacity.empty())
      chart.caption += nl(language) ? " Capaciteit niet in summary.json; draai opnieuw met deze ozsim."
                                    : " Capacity not in summary.json; run again with this ozsim.";
    charts.push_back(std::move(chart));
  }
  return charts;
}

namespace {

// One bar per category with its 95% interval, bars running right from 0: the charts of values by row (home
// spells by statistic, time without education by region).
void horizontal_bars(Chart& chart, const Json& categories, const Json& bars, const Json& intervals, Json grid,
                     int name_gap, Language language) {
  chart.option = base_option("number");
  chart.option["tooltip"] = {{"trigger", "axis"}};
  chart.option["grid"] = std::move(grid);
  chart.option["xAxis"] = {
      {"type", "value"}, {"name", chart.unit}, {"nameLocation", "middle"}, {"nameGap", name_gap}, {"min", 0}};
  chart.option["yAxis"] = {{"type", "category"}, {"data", categories}, {"inverse", true}};
  chart.option["series"] = Json::array(
      {Json{{"type", "bar"},
            {"name", chart.unit},
            {"data", bars},
            {"barWidth", "45%"},
            {"itemStyle", {{"color", "#7aa6c2"}}}},
       interval_series(nl(language) ? "95%-interval" : "95% interval", intervals, "horizontal", "#1d3557")});
}

}  // namespace

Chart home_time_chart(const Json& summary, Language language) {
  const Json& kpis = summary.at("kpis");
  Chart chart;
  chart.id = "home-time";
  chart.unit = nl(language) ? "dagen" : "days";
  chart.height_px = 220;
  chart.title = (nl(language) ? "Duur van thuisperiodes, " : "Length of home spells, ") +
                school_years_text(reported_years(kpis), language);
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  const std::pair<model::KpiId, const char*> rows[] = {
      {model::KpiId::HomeMeanDays, nl(language) ? "gemiddelde" : "mean"},
      {model::KpiId::HomeMedianDays, nl(language) ? "mediaan" : "median"},
      {model::KpiId::HomeP90Days, nl(language) ? "90e percentiel" : "90th percentile"}};
  Json categories = Json::array(), bars = Json::array(), intervals = Json::array();
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    const std::string name = catalogue.name(rows[i].first);
    const KpiInfo info = kpi_info(name, language);
    categories.push_back(rows[i].second);
    const double mean = kpi_field(kpis, name);
    const double lo = kpi_field(kpis, name, "lo95");
    chart.clipped = chart.clipped || is_clipped(lo, info);
    bars.push_back(value_or_null(mean));
    intervals.push_back({i, value_or_null(clip_low(lo, info)), value_or_null(kpi_field(kpis, name, "hi95")),
                         value_or_null(mean)});
  }
  const double norm_days = summary.value("norm_days", 90.0);
  horizontal_bars(chart, categories, bars, intervals,
                  {{"left", 110}, {"right", 40}, {"top", 30}, {"bottom", 40}}, 26, language);
  // The caption names the red norm line; a label of its own would sit on the axis ticks.
  chart.option["series"][0]["markLine"] = vertical_line(norm_days, "#c0392b", "dashed");
  chart.caption =
      nl(language)
          ? std::string(
                "Thuisperiodes van thuiszitters en absoluut verzuimers, afgeronde en lopende. Streepjes: ") +
                interval_words(language) +
                ". Rode lijn: de 3-maandennorm van het thuiszitterspact. De volledige verdeling staat niet "
                "in summary.json; dit zijn de drie kengetallen die er wel in staan."
          : std::string(
                "Home spells of thuiszitters and pupils not enrolled, completed and running. Whiskers: ") +
                interval_words(language) +
                ". Red line: the thuiszitterspact 3-month norm. The full distribution is not in "
                "summary.json; these are the three figures it holds.";
  return chart;
}

Chart cost_per_payer_chart(const Json& summary, Language language) {
  const Json& kpis = summary.at("kpis");
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  std::set<std::string> payers;
  std::set<int> years;
  for (auto it = kpis.begin(); it != kpis.end(); ++it) {
    const auto kpi = catalogue.find(it.key());
    if (!kpi || kpi->family->id != model::KpiId::CostByYear) continue;
    years.insert(*kpi->year);
    payers.insert(kpi->payer);
  }
  Chart chart;
  chart.id = "cost-per-payer";
  chart.unit = nl(language) ? "€ per schooljaar" : "€ per school year";
  chart.height_px = 320;
  const YearSpan span = years.empty() ? YearSpan{} : YearSpan{*years.begin(), *years.rbegin()};
  chart.title = (nl(language) ? "Kosten per betaler per jaar, " : "Cost per payer per year, ") +
                school_years_text(span, language);
  Json categories = Json::array();
  for (int y : years) categories.push_back(school_year(y));
  Json series = Json::array();
  for (const std::string& payer : payers) {
    Json data = Json::array();
    for (int y : years)
      data.push_back(value_or_null(
          kpi_field(kpis, catalogue.name(model::KpiId::CostByYear, {.payer = payer, .year = y}))));
    series.push_back(
        {{"type", "bar"}, {"name", payer_label(payer, language)}, {"stack", "cost"}, {"data", data}});
  }
  Json intervals = Json::array();
  std::size_t i = 0;
  for (int y : years) {
    const std::string total = catalogue.name(model::KpiId::CostTotalByYear, {.year = y});
    const KpiInfo info = kpi_info(total, language);
    const double lo = kpi_field(kpis, total, "lo95");
    chart.clipped = chart.clipped || is_clipped(lo, info);
    intervals.push_back({i++, value_or_null(clip_low(lo, info)),
                         value_or_null(kpi_field(kpis, total, "hi95")),
                         value_or_null(kpi_field(kpis, total))});
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

Chart region_no_education_chart(const Json& summary, Language language) {
  const Json& kpis = summary.at("kpis");
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  std::vector<std::string> names;
  for (auto it = kpis.begin(); it != kpis.end(); ++it) names.push_back(it.key());
  // A region's pupils: its peildatum counts over every setting (wherever their place is).
  std::map<std::string, double> pupils;
  for (const std::string& name : names)
    if (const auto kpi = catalogue.find(name); kpi && kpi->family->id == model::KpiId::RegionCount)
      pupils[kpi->region] += kpi_field(kpis, name);
  Chart chart;
  chart.id = "region-no-education";
  chart.unit = nl(language) ? "maanden per jaar per 1.000 leerlingen" : "months per year per 1,000 pupils";
  chart.title = (nl(language) ? "Tijd zonder onderwijs per regio, " : "Time without education by region, ") +
                school_years_text(reported_years(kpis), language);
  const std::vector<std::string> regions = regions_in(names);
  chart.height_px = 90 + 34 * static_cast<int>(regions.size());
  Json categories = Json::array(), bars = Json::array(), intervals = Json::array();
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const std::string name =
        catalogue.name(model::KpiId::RegionNoEducationMonthsPerYear, {.region = regions[i]});
    const KpiInfo info = kpi_info(name, language);
    const double per_thousand = pupils[regions[i]] > 0.0 ? 1000.0 / pupils[regions[i]] : std::nan("");
    const double mean = kpi_field(kpis, name) * per_thousand;
    const double lo = kpi_field(kpis, name, "lo95") * per_thousand;
    chart.clipped = chart.clipped || is_clipped(lo, info);
    categories.push_back(model::region_label(regions[i]));
    bars.push_back(value_or_null(mean));
    intervals.push_back({i, value_or_null(clip_low(lo, info)),
                         value_or_null(kpi_field(kpis, name, "hi95") * per_thousand), value_or_null(mean)});
  }
  horizontal_bars(chart, categories, bars, intervals,
                  {{"left", 130}, {"right", 40}, {"top", 20}, {"bottom", 50}}, 28, language);
  chart.caption =
      (nl(language)
           ? std::string("Maanden die leerlingen van de regio per jaar zonder onderwijs zijn (thuiszitten, "
                         "absoluut verzuim, wachten zonder onderwijs, verzuim van risicoleerlingen), gedeeld "
                         "door het aantal leerlingen van de regio op de peildatum. Streepjes: ")
           : std::string("Months per year that the region's pupils spend without education (as "
                         "thuiszitter, not enrolled, waiting with education on hold, absent as "
                         "risicoleerling), divided by the region's pupils on the count date. Whiskers: ")) +
      interval_words(language) + ", " +
      replications_text(summary.value("replications", std::size_t{0}), language) +
      (nl(language) ? "; het interval is dat van de maanden, gedeeld door het gemiddelde aantal leerlingen."
                    : "; the interval is that of the months, divided by the mean number of pupils.");
  return chart;
}

}  // namespace ozsim::report
