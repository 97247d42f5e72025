#pragma once
// Pieces every chart builder uses: the base option, interval whiskers and
// bands, gaps for missing numbers, chart ids and the recurring captions.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/report/charts.hpp"
#include "sim/report/kpi_text.hpp"

namespace ozsim::report::chart_parts {

using Json = nlohmann::json;

inline bool nl(Language language) {
  return language == Language::Nl;
}

// JSON has no NaN; a missing value in a series is null, which ECharts leaves as a gap.
Json value_or_null(double v);
// A field of a {mean, lo95, hi95} object; NaN when absent or not a number.
double field(const Json& object, const char* name);
// kpis[name][field] of a summary.json; NaN when absent.
double kpi_field(const Json& kpis, const std::string& name, const char* field = "mean");

// The option every chart starts from: no animation, the page's font, and the number format for the page
// script ("number", "euro", "percent").
Json base_option(const std::string& format);

// The interval series the page draws as whiskers: data rows [category index, lo, hi, mean].
Json interval_series(const std::string& name, const Json& rows, const std::string& orientation,
                     const char* color);

// A shaded band between two lines, as two stacked line series (the lower edge, then the width); both take
// the same x values as `lows` and `highs` ([x, y] pairs, or y alone on a category axis). A point where
// either edge is missing is a gap.
Json band_series(const std::string& name, const std::string& stack, const Json& lows, const Json& highs,
                 const std::string& colour);
// The same band over a value x axis, as one series of [x, low, high] points (skipping any that is not
// finite) that the page draws as a polygon (ECharts would stack x there, not y).
Json band_polygon_series(const std::string& name, const std::vector<double>& xs,
                         const std::vector<double>& lows, const std::vector<double>& highs,
                         const std::string& colour);

// The end of a value axis of bars or lines with intervals (whiskers or bands): where there is room for every
// bar, mark or line, and for the intervals that end within `room` times as far from `floor` (the axis's
// start); a longer interval (two replications of a rare event reach millions on the log scale) would squash
// the bars or flatten the lines, so it runs off the end. Without such an interval ECharts places the end
// itself; with one, the end and the tick interval are set together so that the last tick is the end (a fixed
// end alone gets a tick of its own, crowding its neighbour).
struct AxisEnd {
  double max = 0.0, interval = 0.0;  // 0: ECharts chooses
  bool cuts = false;                 // some interval runs past the end
};
AxisEnd axis_end(const std::vector<double>& values, const std::vector<double>& highs, double floor = 0.0,
                 double room = 1.5);

// A chart's bands that run away, rising more than ten times as high above the axis's start as its lines (as
// two replications of a rare event give on the log scale), run off the top of a value axis fitted to the
// lines (axis_end), and the caption says so and that `bounds_file` holds their limits; a chart whose bands
// stay nearer its lines is left as it is, its axis ECharts's choice. The chart has one value axis,
// option["yAxis"]; `lines` are the values drawn as lines or points, `lows` and `highs` the bands' edges. True
// when a band is cut.
bool cut_runaway_bands(Chart& chart, const std::vector<double>& lines, const std::vector<double>& lows,
                       const std::vector<double>& highs, const std::string& bounds_file, Language language);

// A vertical line at x across the whole plot (a forest plot's zero, a target's observed value).
Json vertical_line(double x, const char* colour, const char* type);

// "forest-count-thuiszitter": a prefix and a name with every character but [a-z0-9] as '-'.
std::string chart_id(const std::string& prefix, const std::string& name);

std::string replications_text(std::size_t n, Language language);
const char* interval_words(Language language);
// "2021/22"
std::string school_year(int year);

}  // namespace ozsim::report::chart_parts
