#include "sim/report/chart_common.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace ozsim::report::chart_parts {

Json value_or_null(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

double field(const Json& object, const char* name) {
  if (!object.is_object() || !object.contains(name) || !object[name].is_number()) return std::nan("");
  return object[name].get<double>();
}

double kpi_field(const Json& kpis, const std::string& name, const char* which) {
  const auto it = kpis.find(name);
  return it == kpis.end() ? std::nan("") : field(*it, which);
}

Json base_option(const std::string& format) {
  return Json{{"animation", false},
              {"textStyle", {{"fontFamily", "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"}}},
              {"ozsim", {{"format", format}}}};
}

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

Json band_series(const std::string& name, const std::string& stack, const Json& lows, const Json& highs,
                 const std::string& colour) {
  // ECharts stacks y values, so the band is the lower edge (invisible) plus the width above it.
  Json widths = Json::array(), bottoms = Json::array();
  for (std::size_t i = 0; i < lows.size(); ++i) {
    const bool pairs = lows[i].is_array();
    const Json& lo = pairs ? lows[i][1] : lows[i];
    const Json& hi = pairs ? highs[i][1] : highs[i];
    const bool both = lo.is_number() && hi.is_number();
    const Json width = both ? Json(hi.get<double>() - lo.get<double>()) : Json(nullptr);
    const Json bottom = both ? lo : Json(nullptr);
    widths.push_back(pairs ? Json::array({lows[i][0], width}) : width);
    bottoms.push_back(pairs ? Json::array({lows[i][0], bottom}) : bottom);
  }
  return Json::array({Json{{"type", "line"},
                           {"name", name},
                           {"data", bottoms},
                           {"stack", stack},
                           {"stackStrategy", "all"},  // a negative lower edge stacks with a positive width
                           {"symbol", "none"},
                           {"silent", true},
                           {"lineStyle", {{"opacity", 0}}},
                           {"itemStyle", {{"color", colour}}},
                           {"tooltip", {{"show", false}}},
                           {"ozsim_band", "low"}},
                      Json{{"type", "line"},
                           {"name", name},
                           {"data", widths},
                           {"stack", stack},
                           {"stackStrategy", "all"},  // a negative lower edge stacks with a positive width
                           {"symbol", "none"},
                           {"silent", true},
                           {"lineStyle", {{"opacity", 0}}},
                           {"itemStyle", {{"color", colour}}},
                           {"areaStyle", {{"color", colour}, {"opacity", 0.22}}},
                           {"tooltip", {{"show", false}}},
                           {"ozsim_band", "width"}}});
}

Json band_polygon_series(const std::string& name, const std::vector<double>& xs,
                         const std::vector<double>& lows, const std::vector<double>& highs,
                         const std::string& colour) {
  Json points = Json::array();
  for (std::size_t i = 0; i < xs.size(); ++i)
    if (std::isfinite(xs[i]) && std::isfinite(lows[i]) && std::isfinite(highs[i]))
      points.push_back(Json::array({xs[i], lows[i], highs[i]}));
  return Json{{"type", "custom"},
              {"name", name},
              {"data", points},
              {"encode", {{"x", 0}, {"y", Json::array({1, 2})}}},
              {"silent", true},
              {"itemStyle", {{"color", colour}}},
              {"tooltip", {{"show", false}}},
              {"ozsim_band", "polygon"}};
}

AxisEnd axis_end(const std::vector<double>& values, const std::vector<double>& highs, double floor,
                 double room) {
  double base = floor;
  for (double v : values)
    if (std::isfinite(v)) base = std::max(base, v);
  double end = base;
  bool cuts = false;
  for (double h : highs) {
    if (!std::isfinite(h)) continue;
    if (h <= floor + room * (base - floor))
      end = std::max(end, h);
    else
      cuts = true;
  }
  if (!cuts || !(end > floor)) return AxisEnd{};
  // About four ticks of 1, 2, 2.5 or 5 times a power of ten. The page labels a value below 10 with two
  // decimals at most: below 0.1 a tick of 2.5 would round (0.025 as 0.03), and below 0.01 ticks would
  // repeat.
  const double span = end - floor;
  const double rough = std::max(span / 4.0, 0.01), power = std::pow(10.0, std::floor(std::log10(rough)));
  double interval = 10.0 * power;
  for (double step : {1.0, 2.0, 2.5, 5.0})
    if (step * power >= rough && (step != 2.5 || power >= 0.1)) {
      interval = step * power;
      break;
    }
  // A little room past the last bar or mark, so that a mark at the end does not sit on the edge.
  return AxisEnd{std::ceil((end + 0.05 * span) / interval) * interval, interval, true};
}

bool cut_runaway_bands(Chart& chart, const std::vector<double>& lines, const std::vector<double>& lows,
                       const std::vector<double>& highs, const std::string& bounds_file, Language language) {
  Json& axis = chart.option["yAxis"];
  // Heights are measured from the axis's fixed start, or else from zero, or from the lowest line or band edge
  // below it (a difference can be negative), which stay in view.
  double floor = 0.0;
  if (axis.contains("min") && axis["min"].is_number()) {
    floor = axis["min"].get<double>();
  } else {
    for (const std::vector<double>* values : {&lines, &lows})
      for (double v : *values)
        if (std::isfinite(v)) floor = std::min(floor, v);
  }
  double top = floor;
  for (double v : lines)
    if (std::isfinite(v)) top = std::max(top, v);
  // A band runs away when it rises more than ten times as high as the lines: two replications of a rare
  // event on the log scale reach thousands of times. Twenty replications stay well below, also where a rare
  // wait's band reaches eight times its line: those charts are drawn whole, their axis ECharts's choice.
  const double runaway_factor = 10.0;
  const bool runs_away = std::any_of(highs.begin(), highs.end(), [&](double high) {
    return std::isfinite(high) && high > floor + runaway_factor * (top - floor);
  });
  if (!runs_away) return false;
  // Once one band is cut, the axis fits the lines as an axis of whiskers does (half as much again), so that
  // the lines take most of the height; a fifth above the highest line at least, or a line at the top would
  // look like the band's edge rather than inside it.
  std::vector<double> lines_and_room = lines;
  lines_and_room.push_back(top + 0.2 * (top - floor));
  const AxisEnd end = axis_end(lines_and_room, highs, floor);
  if (!end.cuts) return false;  // no line above the start: nothing to fit the axis to
  axis["max"] = end.max;
  axis["interval"] = end.interval;
  // A stacked band is a line series, which ECharts clips at the axis; the page's polygon is drawn by hand.
  for (Json& series : chart.option["series"])
    if (series.value("ozsim_band", std::string()) == "polygon") series["clip"] = true;
  const char* const cut_words =
      nl(language) ? " Een band die boven de as uitkomt, is daar afgesneden; de grenzen staan in "
                   : " A band that rises above the axis is cut there; its bounds are in ";
  chart.caption += cut_words + bounds_file + ".";
  return true;
}

Json vertical_line(double x, const char* colour, const char* type) {
  return Json{{"silent", true},
              {"symbol", "none"},
              {"lineStyle", {{"color", colour}, {"type", type}, {"width", 1.5}}},
              {"label", {{"show", false}}},
              {"data", Json::array({Json{{"xAxis", x}}})}};
}

std::string chart_id(const std::string& prefix, const std::string& name) {
  std::string id = prefix;
  for (char ch : name) {
    const unsigned char c = static_cast<unsigned char>(ch);
    id += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '-';
  }
  return id;
}

std::string replications_text(std::size_t n, Language language) {
  return nl(language) ? fmt::format("gemiddelde over {} replicaties", n)
                      : fmt::format("mean over {} replications", n);
}

const char* interval_words(Language language) {
  return nl(language)
             ? "95%-interval van het gemiddelde over de replicaties (Student-t; op logschaal voor wat "
               "niet negatief kan zijn, op logitschaal voor aandelen, zodat het nooit onder 0 komt)"
             : "95% interval of the mean over the replications (Student t; on the log scale for what "
               "cannot be negative, on the logit scale for shares, so it never goes below 0)";
}

std::string school_year(int year) {
  return model::school_year_label(year);
}

}  // namespace ozsim::report::chart_parts
