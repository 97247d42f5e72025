#include "sim/report/chart_common.hpp"

#include <fmt/format.h>

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
