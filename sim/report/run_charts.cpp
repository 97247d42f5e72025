// Charts of a run's output folder: flows, provisions over time, time at home, cost per payer.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "sim/report/chart_common.hpp"
#include "sim/report/charts.hpp"

namespace ozsim::report {

using namespace chart_parts;

YearSpan reported_years(const Json& kpis) {
  std::vector<std::string> names;
  for (auto it = kpis.begin(); it != kpis.end(); ++it) names.push_back(it.key());
  return reported_years(names);
}

YearSpan reported_years(const std::vector<std::string>& kpi_names) {
  // The per-year thuiszitter counts: written for every reported school year and only for those.
  YearSpan span{1 << 30, -(1 << 30)};
  for (const std::string& name : kpi_names) {
    const auto kpi = model::kpi_catalogue().find(name);
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

std::string yearly_mean_text(const YearSpan& years, Language language) {
  if (years.empty()) return {};
  return (nl(language) ? "gemiddeld over " : "mean over ") + school_years_text(years, language);
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
using CapacitySteps = std::map<std::string, std::vector<std::pair<int, std::int64_t>>>;
CapacitySteps capacity_steps(const Json& summary) {
  CapacitySteps steps;
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

// What every chart of a provision over the months shares: timeseries.csv's dates and the run's warm-up.
struct Months {
  Json dates = Json::array();
  std::string first_date;
  int start_year = 0;
  double warmup_years = 0.0;
  std::size_t replications = 0;
};

// The places in force at each month, from a provision's steps (the school year starts on 1 August).
Json capacity_line(const std::vector<std::pair<int, std::int64_t>>& steps, const Json& dates) {
  Json capacity = Json::array();
  for (const Json& d : dates) {
    const std::string date = d.get<std::string>();
    const int year = std::atoi(date.c_str()) - (std::atoi(date.c_str() + 5) < 8 ? 1 : 0);  // school year
    std::int64_t places = steps.front().second;
    for (const auto& [from_year, value] : steps)
      if (year >= from_year) places = value;
    capacity.push_back({d, places});
  }
  return capacity;
}

// A provision nobody used and without places (none, or zero throughout) says nothing.
bool says_something(const SeriesWithBand& occupancy, const SeriesWithBand& waiting, const Json& capacity) {
  const bool places = std::any_of(capacity.begin(), capacity.end(), [](const Json& c) { return c[1] > 0; });
  return std::max(occupancy.peak, waiting.peak) > 0.0 || places;
}

// Occupancy, waiting list and places of a provision per month, warm-up shaded, with the bands the series
// carry (a band that runs away far above the lines is cut at the top of an axis fitted to them); the caption
// says how to read the lines.
Chart monthly_chart(const std::string& provision, const std::string& title, const SeriesWithBand& occupancy,
                    const SeriesWithBand& waiting, const Json& capacity, const Months& months,
                    Language language) {
  Chart chart;
  chart.id = chart_id("provision-", provision);
  chart.unit = nl(language) ? "leerlingen" : "pupils";
  chart.height_px = 270;
  chart.title = title;
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
    for (Json& s : band_series(occupancy_name, "occupancy-band", occupancy.lows, occupancy.highs, "#5470c6"))
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
  if (!months.first_date.empty() && months.warmup_years > 0.0)
    occupancy_line["markArea"] = {
        {"silent", true},
        {"itemStyle", {{"color", "rgba(120,120,120,0.12)"}}},
        {"label", {{"position", "insideTop"}, {"color", "#666"}}},
        {"data", Json::array({Json::array(
                     {{{"name", nl(language) ? "inloopperiode" : "warm-up"}, {"xAxis", months.first_date}},
                      {{"xAxis", warmup_end_date(months.start_year, months.warmup_years)}}})})}};
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
      nl(language) ? "Bezetting en wachtlijst aan het begin van elke maand, " +
                         replications_text(months.replications, language) +
                         (bands ? std::string("; lichte band: ") + interval_words(language) : std::string()) +
                         "; grijs: inloopperiode, niet meegeteld in de kerncijfers."
                   : "Occupancy and waiting list at the start of each month, " +
                         replications_text(months.replications, language) +
                         (bands ? std::string("; light band: ") + interval_words(language) : std::string()) +
                         "; grey: warm-up, not counted in the headline figures.";
  // The second number of each [date, value] pair that has one.
  const auto numbers_of = [](const Json& pairs, std::vector<double>& into) {
    for (const Json& pair : pairs)
      if (pair[1].is_number()) into.push_back(pair[1].get<double>());
  };
  std::vector<double> lines, lows, highs;
  for (const Json* pairs : {&occupancy.values, &waiting.values, &capacity}) numbers_of(*pairs, lines);
  for (const SeriesWithBand* s : {&occupancy, &waiting}) {
    numbers_of(s->lows, lows);
    numbers_of(s->highs, highs);
  }
  cut_runaway_bands(chart, lines, lows, highs, "timeseries.csv", language);
  return chart;
}

Months months_of(const CsvTable& timeseries, int c_date, const Json& summary) {
  Months months;
  months.start_year = summary.value("start_year", 0);
  months.warmup_years = summary.value("warmup_years", 0.0);
  months.replications = summary.value("replications", std::size_t{0});
  for (const auto& row : timeseries.rows) months.dates.push_back(row[static_cast<std::size_t>(c_date)]);
  if (!months.dates.empty()) months.first_date = months.dates.front().get<std::string>();
  return months;
}

// One provision's own chart, with its bands; nothing for a provision nobody used and without places.
std::optional<Chart> one_provision_chart(const CsvTable& timeseries, const std::string& provision,
                                         const CapacitySteps& steps_by_provision, const Months& months,
                                         Language language) {
  const SeriesWithBand occupancy = read_series(timeseries, months.dates, "occupancy." + provision);
  const SeriesWithBand waiting = read_series(timeseries, months.dates, "waiting." + provision);
  const auto steps = steps_by_provision.find(provision);
  const Json capacity =
      steps == steps_by_provision.end() ? Json::array() : capacity_line(steps->second, months.dates);
  if (!says_something(occupancy, waiting, capacity)) return std::nullopt;
  Chart chart = monthly_chart(
      provision,
      provision_label(provision, language) +
          (nl(language) ? ": bezetting en wachtlijst per maand" : ": occupancy and waiting list per month"),
      occupancy, waiting, capacity, months, language);
  const bool bands = occupancy.has_band || waiting.has_band;
  if (!bands)
    chart.caption += nl(language) ? " Geen band: deze timeseries.csv bevat alleen gemiddelden."
                                  : " No band: this timeseries.csv holds means only.";
  if (capacity.empty())
    chart.caption += nl(language) ? " Capaciteit niet in summary.json; draai opnieuw met deze ozsim."
                                  : " Capacity not in summary.json; run again with this ozsim.";
  return chart;
}

}  // namespace

std::vector<Chart> provision_charts(const CsvTable& timeseries, const Json& summary, Language language) {
  std::vector<Chart> charts;
  const int c_date = timeseries.column("date");
  if (c_date < 0) return charts;
  const Months months = months_of(timeseries, c_date, summary);
  const auto steps_by_provision = capacity_steps(summary);
  const std::string occupancy_prefix = "occupancy.";
  for (const std::string& column : timeseries.header) {
    // occupancy.<provision>, not its interval columns occupancy.<provision>.lo95 / .hi95
    if (column.rfind(occupancy_prefix, 0) != 0 ||
        column.find('.', occupancy_prefix.size()) != std::string::npos)
      continue;
    if (std::optional<Chart> chart = one_provision_chart(timeseries, column.substr(occupancy_prefix.size()),
                                                         steps_by_provision, months, language))
      charts.push_back(std::move(*chart));
  }
  return charts;
}

std::vector<ProvisionKind> provision_kinds(const Json& summary, const std::vector<std::string>& regions) {
  std::vector<ProvisionKind> kinds;
  if (!summary.contains("provisions")) return kinds;
  for (const Json& p : summary["provisions"]) {
    const std::string provision = p.value("name", std::string());
    // model::regional_name writes "<provision>@<region>"; a name whose tail is no region of the run is a
    // provision of its own.
    std::string kind = provision, region;
    if (const std::size_t at = provision.rfind('@'); at != std::string::npos) {
      const std::string tail = provision.substr(at + 1);
      if (std::find(regions.begin(), regions.end(), tail) != regions.end()) {
        kind = provision.substr(0, at);
        region = tail;
      }
    }
    auto it =
        std::find_if(kinds.begin(), kinds.end(), [&](const ProvisionKind& k) { return k.name == kind; });
    if (it == kinds.end()) it = kinds.insert(kinds.end(), ProvisionKind{kind, {}, {}});
    it->provisions.push_back(provision);
    it->regions.push_back(region);
  }
  // Each kind's copies in the order of the regions, as the Regio's section lists them.
  const auto rank = [&](const std::string& region) {
    return std::find(regions.begin(), regions.end(), region) - regions.begin();
  };
  for (ProvisionKind& kind : kinds) {
    std::vector<std::size_t> order(kind.provisions.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return rank(kind.regions[a]) < rank(kind.regions[b]);
    });
    ProvisionKind sorted{kind.name, {}, {}};
    for (std::size_t i : order) {
      sorted.provisions.push_back(kind.provisions[i]);
      sorted.regions.push_back(kind.regions[i]);
    }
    kind = std::move(sorted);
  }
  return kinds;
}

namespace {

// The copies' series added up month by month: the sum of their means is the mean of their sum. A month
// where any copy has no value has no sum. Without a band: timeseries.csv holds each copy's interval, and
// the interval of a sum is not the sum of the intervals.
SeriesWithBand summed_series(const CsvTable& timeseries, const Json& dates, const std::string& prefix,
                             const std::vector<std::string>& provisions) {
  std::vector<int> columns;
  for (const std::string& provision : provisions) columns.push_back(timeseries.column(prefix + provision));
  SeriesWithBand s;
  for (std::size_t r = 0; r < timeseries.rows.size(); ++r) {
    double sum = 0.0;
    for (int c : columns) sum += timeseries.number(r, c);  // a missing column reads as NaN
    s.peak = std::max(s.peak, std::isfinite(sum) ? sum : 0.0);
    s.values.push_back({dates[r], value_or_null(sum)});
  }
  return s;
}

// The copies' places added up month by month; empty when summary.json lacks any copy's places.
Json summed_capacity(const CapacitySteps& steps_by_provision, const std::vector<std::string>& provisions,
                     const Json& dates) {
  Json sum = Json::array();
  for (const std::string& provision : provisions) {
    const auto steps = steps_by_provision.find(provision);
    if (steps == steps_by_provision.end()) return Json::array();
    const Json line = capacity_line(steps->second, dates);
    if (sum.empty())
      sum = line;
    else
      for (std::size_t r = 0; r < line.size(); ++r)
        sum[r][1] = sum[r][1].get<std::int64_t>() + line[r][1].get<std::int64_t>();
  }
  return sum;
}

// A kind's waiting list is often tens of pupils beside thousands of places, a flat line at zero on their
// axis: it gets an axis of its own on the right, in its colour, said in the caption.
void waiting_on_right_axis(Chart& chart, double waiting_peak, Language language) {
  const std::string waiting_name = nl(language) ? "wachtlijst" : "waiting list";
  const Json red = {{"color", "#c0392b"}};
  Json left = chart.option["yAxis"];
  left["name"] = nl(language) ? "bezetting, capaciteit" : "occupancy, capacity";
  left["nameTextStyle"] = {{"align", "left"}};
  chart.option["yAxis"] =
      Json::array({left, Json{{"type", "value"},
                              {"name", waiting_name},
                              {"nameTextStyle", {{"color", "#c0392b"}, {"align", "right"}}},
                              {"min", 0},
                              {"position", "right"},
                              {"splitLine", {{"show", false}}},
                              {"axisLine", {{"show", true}, {"lineStyle", red}}},
                              {"axisLabel", red}}});
  // A scale of its own would blow a pupil or two up to the full height: it reaches 10 at least.
  if (waiting_peak < 10.0) chart.option["yAxis"][1]["max"] = 10;
  for (Json& series : chart.option["series"])
    if (series.value("name", std::string()) == waiting_name) series["yAxisIndex"] = 1;
  chart.option["grid"]["right"] = 56;
  chart.caption += nl(language) ? " De wachtlijst staat op de rechteras (rood), met een eigen schaal."
                                : " The waiting list is on the right axis (red), with a scale of its own.";
}

}  // namespace

Chart provision_regions_chart(const Json& summary, const ProvisionKind& kind, Language language) {
  const Json empty = Json::object();
  const Json& kpis = summary.contains("kpis") ? summary["kpis"] : empty;
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  Chart chart;
  chart.id = chart_id("provision-regions-", kind.name);
  chart.unit = nl(language) ? "leerlingen" : "pupils";
  chart.title = provision_label(kind.name, language) +
                (nl(language) ? " per regio: plaatsen, bezetting en wachtlijst, "
                              : " by region: places, occupancy and waiting list, ") +
                school_years_text(reported_years(kpis), language);
  chart.height_px = 96 + 30 * static_cast<int>(kind.provisions.size());
  Json categories = Json::array(), places = Json::array(), occupancy = Json::array(), waiting = Json::array(),
       occupancy_intervals = Json::array(), waiting_intervals = Json::array();
  std::vector<double> occupancy_values, occupancy_highs, waiting_values, waiting_highs;
  for (std::size_t i = 0; i < kind.provisions.size(); ++i) {
    const std::string& provision = kind.provisions[i];
    categories.push_back(kind.regions[i].empty() ? provision_label(provision, language)
                                                 : model::region_label(kind.regions[i]));
    const double place_count =
        kpi_field(kpis, catalogue.name(model::KpiId::PlacesPerYear, {.provision = provision}));
    places.push_back({value_or_null(place_count), i});
    occupancy_values.push_back(place_count);
    // A bar's mean and interval, cut at zero where the quantity cannot be negative.
    const auto bar = [&](model::KpiId id, Json& bars, Json& intervals, std::vector<double>& values,
                         std::vector<double>& highs) {
      const std::string name = catalogue.name(id, {.provision = provision});
      const KpiInfo info = kpi_info(name, language);
      const double mean = kpi_field(kpis, name), lo = kpi_field(kpis, name, "lo95"),
                   hi = kpi_field(kpis, name, "hi95");
      chart.clipped = chart.clipped || is_clipped(lo, info);
      bars.push_back(value_or_null(mean));
      intervals.push_back({i, value_or_null(clip_low(lo, info)), value_or_null(hi), value_or_null(mean)});
      values.push_back(mean);
      highs.push_back(hi);
    };
    bar(model::KpiId::Occupancy, occupancy, occupancy_intervals, occupancy_values, occupancy_highs);
    bar(model::KpiId::Queue, waiting, waiting_intervals, waiting_values, waiting_highs);
  }
  const AxisEnd occupancy_end = axis_end(occupancy_values, occupancy_highs);
  const AxisEnd waiting_end = axis_end(waiting_values, waiting_highs);
  const bool cut = occupancy_end.cuts || waiting_end.cuts;
  const auto value_axis = [&](int grid, const std::string& name, const AxisEnd& end) {
    Json axis = {{"type", "value"}, {"gridIndex", grid},        {"name", name + " (" + chart.unit + ")"},
                 {"min", 0},        {"nameLocation", "middle"}, {"nameGap", 26},
                 {"splitNumber", 4}};
    if (end.cuts) {
      axis["max"] = end.max;
      axis["interval"] = end.interval;
    }
    return axis;
  };
  const std::string occupancy_name = nl(language) ? "bezetting" : "occupancy";
  const std::string places_name = nl(language) ? "plaatsen" : "places";
  const std::string waiting_name = nl(language) ? "wachtlijst" : "waiting list";
  const std::string interval_name = nl(language) ? "95%-interval" : "95% interval";
  chart.option = base_option("number");
  chart.option["tooltip"] = {{"trigger", "axis"}, {"axisPointer", {{"type", "shadow"}}}};
  chart.option["legend"] = {{"top", 0}};
  // Occupancy against places on the left, the waiting list (usually far smaller) on an axis of its own.
  // Room between the grids for the half of each end label that lies outside its grid.
  chart.option["grid"] = Json::array({Json{{"left", 130}, {"right", "45%"}, {"top", 34}, {"bottom", 46}},
                                      Json{{"left", "62%"}, {"right", 28}, {"top", 34}, {"bottom", 46}}});
  chart.option["xAxis"] = Json::array(
      {value_axis(0, places_name + (nl(language) ? " en " : " and ") + occupancy_name, occupancy_end),
       value_axis(1, waiting_name, waiting_end)});
  chart.option["yAxis"] =
      Json::array({Json{{"type", "category"}, {"gridIndex", 0}, {"data", categories}, {"inverse", true}},
                   Json{{"type", "category"},
                        {"gridIndex", 1},
                        {"data", categories},
                        {"inverse", true},
                        {"axisLabel", {{"show", false}}},
                        {"axisTick", {{"show", false}}}}});
  const auto in_grid = [](Json series, int grid) {
    series["xAxisIndex"] = grid;
    series["yAxisIndex"] = grid;
    return series;
  };
  const auto whiskers = [&](const Json& rows, int grid) {
    Json series = in_grid(interval_series(interval_name, rows, "horizontal", "#1d3557"), grid);
    series["clip"] = true;  // a whisker past the axis end runs off it, without its cap
    return series;
  };
  chart.option["series"] = Json::array({in_grid({{"type", "bar"},
                                                 {"name", occupancy_name},
                                                 {"data", occupancy},
                                                 {"barWidth", "50%"},
                                                 {"itemStyle", {{"color", "#7aa6c2"}}}},
                                                0),
                                        in_grid({{"type", "scatter"},
                                                 {"name", places_name},
                                                 {"data", places},
                                                 {"symbol", "rect"},
                                                 {"symbolSize", Json::array({3, 20})},
                                                 {"z", 11},
                                                 {"itemStyle", {{"color", "#333"}}}},
                                                0),
                                        whiskers(occupancy_intervals, 0),
                                        in_grid({{"type", "bar"},
                                                 {"name", waiting_name},
                                                 {"data", waiting},
                                                 {"barWidth", "50%"},
                                                 {"itemStyle", {{"color", "#e08a7e"}}}},
                                                1),
                                        whiskers(waiting_intervals, 1)});
  chart.caption =
      (nl(language)
           ? std::string("Per regio haar eigen ") + provision_label(kind.name, language) +
                 ", ook als leerlingen uit een buurregio er een plek hebben: de gemiddelde bezetting en "
                 "wachtlijst (tijdgemiddelden over de verslagjaren) en het gemiddelde aantal plaatsen "
                 "(zwart streepje). Streepjes: "
           : std::string("Per region its own ") + provision_label(kind.name, language) +
                 ", also when pupils from a neighbouring region hold a place there: the mean occupancy and "
                 "waiting list (time averages over the reported years) and the mean number of places (black "
                 "tick). Whiskers: ") +
      interval_words(language) + ", " +
      replications_text(summary.value("replications", std::size_t{0}), language) + "." +
      (cut ? (nl(language) ? " Een streepje dat voorbij het eind van de as loopt, is daar afgesneden; de "
                             "grenzen staan in summary.json."
                           : " A whisker that runs past the end of its axis is cut there; its bounds are in "
                             "summary.json.")
           : "");
  return chart;
}

std::vector<Chart> provision_kind_charts(const CsvTable& timeseries, const Json& summary,
                                         const std::vector<std::string>& regions, Language language) {
  std::vector<Chart> charts;
  const int c_date = timeseries.column("date");
  if (c_date < 0) return charts;
  const Months months = months_of(timeseries, c_date, summary);
  const CapacitySteps steps_by_provision = capacity_steps(summary);
  for (const ProvisionKind& kind : provision_kinds(summary, regions)) {
    if (kind.provisions.size() == 1) {
      // Not a sum: the one provision's own chart, its band and all.
      if (std::optional<Chart> chart =
              one_provision_chart(timeseries, kind.provisions.front(), steps_by_provision, months, language))
        charts.push_back(std::move(*chart));
      continue;
    }
    const SeriesWithBand occupancy = summed_series(timeseries, months.dates, "occupancy.", kind.provisions);
    const SeriesWithBand waiting = summed_series(timeseries, months.dates, "waiting.", kind.provisions);
    const Json capacity = summed_capacity(steps_by_provision, kind.provisions, months.dates);
    if (!says_something(occupancy, waiting, capacity)) continue;
    const std::size_t n = kind.provisions.size();
    const std::string together =
        n == regions.size()
            ? (nl(language) ? "alle regio's samen" : "all regions together")
            : (nl(language) ? fmt::format("{} regio's samen", n) : fmt::format("{} regions together", n));
    Chart chart = monthly_chart(
        kind.name,
        provision_label(kind.name, language) + ", " + together +
            (nl(language) ? ": bezetting en wachtlijst per maand" : ": occupancy and waiting list per month"),
        occupancy, waiting, capacity, months, language);
    chart.caption =
        nl(language)
            ? fmt::format(
                  "Bezetting, wachtlijst en capaciteit van de {} regio's opgeteld, aan het begin van elke "
                  "maand: de som van de gemiddelden per regio ({}), en dat is het gemiddelde van de som. "
                  "Zonder band: timeseries.csv heeft het 95%-interval per regio, en het interval van een "
                  "som is niet de som van de intervallen. Grijs: inloopperiode, niet meegeteld in de "
                  "kerncijfers.",
                  n, replications_text(months.replications, language))
            : fmt::format(
                  "Occupancy, waiting list and capacity of the {} regions added up, at the start of each "
                  "month: the sum of the regions' means ({}), which is the mean of the sum. No band: "
                  "timeseries.csv holds each region's 95% interval, and the interval of a sum is not the "
                  "sum of the intervals. Grey: warm-up, not counted in the headline figures.",
                  n, replications_text(months.replications, language));
    if (capacity.empty())
      chart.caption += nl(language) ? " Capaciteit niet in summary.json; draai opnieuw met deze ozsim."
                                    : " Capacity not in summary.json; run again with this ozsim.";
    waiting_on_right_axis(chart, waiting.peak, language);
    charts.push_back(std::move(chart));
    charts.push_back(provision_regions_chart(summary, kind, language));
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
