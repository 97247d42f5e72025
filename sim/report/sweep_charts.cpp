// Charts of a sweep output folder: a KPI against the swept values, as levels or as paired differences from a
// baseline scenario.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <vector>

#include "sim/params/csv.hpp"
#include "sim/report/chart_common.hpp"
#include "sim/report/charts.hpp"

namespace ozsim::report {

using namespace chart_parts;

bool sweep_has_differences(const CsvTable& sweep) {
  return sweep.column("diff_mean") >= 0 && sweep.column("diff_lo95") >= 0 && sweep.column("diff_hi95") >= 0;
}

std::vector<std::string> swept_keys(const CsvTable& sweep) {
  // The swept keys are the columns between "point" and "kpi".
  std::vector<std::string> keys;
  for (int c = sweep.column("point") + 1; c >= 1 && c < sweep.column("kpi"); ++c)
    keys.push_back(sweep.header[static_cast<std::size_t>(c)]);
  return keys;
}

Chart sweep_chart(const CsvTable& sweep, const std::string& kpi, Language language, bool differences) {
  const KpiInfo info = kpi_info(kpi, language);
  Chart chart;
  chart.id = chart_id(differences ? "sweep-diff-" : "sweep-", kpi);
  // As compare's forest plot: the school years the figure covers, a per-year figure's mean over them. Each
  // point reports its own years: a sweep of simulation.years ends them at different years, and the span of
  // all points together (2019/20-2025/26 for years = 8, 10) told the shorter point's reader years it does
  // not cover.
  std::map<std::string, std::vector<std::string>> names_per_point;
  if (const int c = sweep.column("kpi"), p = sweep.column("point"); c >= 0 && p >= 0)
    for (const auto& row : sweep.rows)
      names_per_point[row[static_cast<std::size_t>(p)]].push_back(row[static_cast<std::size_t>(c)]);
  std::optional<YearSpan> years;
  bool differ = false;
  for (const auto& [point, names] : names_per_point) {
    const YearSpan span = reported_years(names);
    if (span.empty()) continue;  // a point that reported no per-year figures says nothing of its years
    if (years && (span.first != years->first || span.last != years->last)) differ = true;
    if (!years) years = span;
  }
  chart.title = info.label;
  if (differ)
    chart.title += nl(language)
                       ? (info.per_year ? ", gemiddeld over de schooljaren van elk punt, die per punt "
                                          "verschillen"
                                        : ", schooljaren verschillen per punt")
                       : (info.per_year ? ", mean over each point's school years, which differ between "
                                          "points"
                                        : ", school years differ between points");
  else if (years && !years->empty())
    chart.title +=
        ", " + (info.per_year ? yearly_mean_text(*years, language) : school_years_text(*years, language));
  chart.unit = differences ? (nl(language) ? "verschil met basis, " : "difference from base, ") +
                                 difference_unit_text(info, language)
                           : unit_text(info, language);
  chart.height_px = 270;
  const char* prefix = differences ? "diff_" : "";
  const int c_point = sweep.column("point"), c_kpi = sweep.column("kpi"),
            c_mean = sweep.column(std::string(prefix) + "mean"),
            c_lo = sweep.column(std::string(prefix) + "lo95"),
            c_hi = sweep.column(std::string(prefix) + "hi95");
  struct Point {
    std::string label;  // the swept values, "150" or "150; 8"
    double mean, low, high;
  };
  std::vector<Point> points;
  for (std::size_t r = 0; r < sweep.rows.size(); ++r) {
    if (c_kpi < 0 || sweep.rows[r][static_cast<std::size_t>(c_kpi)] != kpi) continue;
    // The values as sweep.csv has them, "0,05" in its nl dialect: keys apart by "; ", not ", ".
    std::string label;
    for (int c = c_point + 1; c < c_kpi; ++c)
      label += (label.empty() ? "" : "; ") + sweep.rows[r][static_cast<std::size_t>(c)];
    double lo = sweep.number(r, c_lo);
    // A level never goes below what the quantity can be; a difference can.
    if (!differences) {
      chart.clipped = chart.clipped || is_clipped(lo, info);
      lo = clip_low(lo, info);
    }
    points.push_back({label, sweep.number(r, c_mean), lo, sweep.number(r, c_hi)});
  }
  // One swept key with numbers (capacities, rates) is a value axis, so 100, 150 and 300 sit at their
  // distances and in their order whatever order --set gave them; combinations of keys are categories.
  std::vector<double> xs;
  if (c_kpi - c_point == 2) {
    for (const Point& p : points) {
      double x = 0.0;
      if (!params::csv_parse_number(p.label, sweep.dialect, x) || !std::isfinite(x)) {
        xs.clear();
        break;
      }
      xs.push_back(x);
    }
  }
  const bool numeric = !points.empty() && xs.size() == points.size();
  std::vector<std::size_t> order(points.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (numeric) std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return xs[a] < xs[b]; });
  Json categories = Json::array(), means = Json::array(), lows = Json::array(), highs = Json::array();
  for (const std::size_t i : order) {
    categories.push_back(points[i].label);
    means.push_back(numeric ? Json::array({xs[i], value_or_null(points[i].mean)})
                            : value_or_null(points[i].mean));
    lows.push_back(value_or_null(points[i].low));
    highs.push_back(value_or_null(points[i].high));
  }
  std::string keys;
  for (const std::string& key : swept_keys(sweep)) keys += (keys.empty() ? "" : ", ") + key;
  chart.option = base_option(differences ? difference_value_format(info) : value_format(info));
  chart.option["tooltip"] = {{"trigger", "axis"}};
  chart.option["grid"] = {{"left", 80}, {"right", 20}, {"top", 34}, {"bottom", 48}};
  if (numeric)
    // The swept values as written: the page's formatter for the KPI (euros, %) is for the other axis.
    chart.option["xAxis"] = {{"type", "value"}, {"scale", true},
                             {"name", keys},    {"nameLocation", "middle"},
                             {"nameGap", 28},   {"axisLabel", {{"formatter", "{value}"}}}};
  else
    chart.option["xAxis"] = {{"type", "category"}, {"data", categories},       {"boundaryGap", false},
                             {"name", keys},       {"nameLocation", "middle"}, {"nameGap", 28}};
  // The axis name starts at the axis and runs right: a long one would be cut at the page's left edge.
  chart.option["yAxis"] = {{"type", "value"},
                           {"name", chart.unit},
                           {"nameTextStyle", {{"align", "left"}}},
                           {"scale", !differences}};
  const std::string band_name = nl(language) ? "95%-interval" : "95% interval";
  Json series = Json::array();
  if (numeric) {
    std::vector<double> x, low, high;
    for (const std::size_t i : order) {
      x.push_back(xs[i]);
      low.push_back(points[i].low);
      high.push_back(points[i].high);
    }
    series.push_back(band_polygon_series(band_name, x, low, high, "#1d3557"));
  } else {
    series = band_series(band_name, "band", lows, highs, "#1d3557");
  }
  Json mean_line = {{"type", "line"},
                    {"name", nl(language) ? (differences ? "gemiddeld verschil" : "gemiddelde")
                                          : (differences ? "mean difference" : "mean")},
                    {"data", means},
                    {"symbolSize", 6},
                    {"itemStyle", {{"color", "#1d3557"}}}};
  if (differences)
    mean_line["markLine"] = {{"silent", true},
                             {"symbol", "none"},
                             {"lineStyle", {{"color", "#666"}, {"type", "solid"}}},
                             {"label", {{"show", false}}},
                             {"data", Json::array({Json{{"yAxis", 0}}})}};
  series.push_back(mean_line);
  chart.option["series"] = series;
  chart.caption =
      differences
          ? std::string(
                nl(language)
                    ? "Gemiddeld verschil met het basisscenario per punt (gepaarde replicaties, zelfde "
                      "toevalsgetallen), met band: 95%-interval van dat verschil (Student-t). Grijze "
                      "lijn: geen verschil."
                    : "Mean difference from the baseline scenario per point (paired replications, same "
                      "random numbers), with band: 95% interval of that difference (Student t). Grey "
                      "line: no difference.")
          : std::string(nl(language) ? "Gemiddelde per punt met band: " : "Mean per point with band: ") +
                interval_words(language) + ".";
  std::vector<double> line_values, band_lows, band_highs;
  for (const Point& p : points) {
    line_values.push_back(p.mean);
    band_lows.push_back(p.low);
    band_highs.push_back(p.high);
  }
  // The grey line at zero is drawn too: a band is measured against it as against the mean.
  if (differences) line_values.push_back(0.0);
  cut_runaway_bands(chart, line_values, band_lows, band_highs, "sweep.csv", language);
  return chart;
}

}  // namespace ozsim::report
