#include "sim/output/sweep_output.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "sim/model/kpi_catalogue.hpp"
#include "sim/output/atomic_file.hpp"
#include "sim/output/decision_table.hpp"
#include "sim/output/table.hpp"

namespace ozsim::output {

std::vector<std::string> headline_kpis(const analysis::SweepResult& result) {
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  std::set<std::string> present;
  for (const auto& point : result.points)
    for (const auto& [name, summary] : point.summary.kpis)
      if (catalogue.is_headline(name)) present.insert(name);
  std::vector<std::string> names;
  for (std::string_view pattern : catalogue.headline_patterns())
    for (const std::string& name : present)
      if (name == pattern || catalogue.find(name)->family->pattern == pattern) names.push_back(name);
  return names;
}

std::string format_sweep(const analysis::SweepResult& result, const std::vector<std::string>& kpis,
                         std::size_t width) {
  // Each KPI by its catalogue label and unit, as compare's table names it: the code alone
  // (home.months.per_year) told a reader neither what was counted nor in what unit.
  struct Line {
    std::string label, value, trailing;
  };
  std::vector<std::vector<Line>> points;
  for (const auto& point : result.points) {
    std::vector<Line>& lines = points.emplace_back();
    for (const auto& kpi : kpis) {
      const auto found = point.summary.kpis.find(kpi);
      if (found == point.summary.kpis.end()) continue;
      const analysis::Summary& s = found->second;
      Line line{terminal_kpi_label(kpi), terminal_value(kpi, s.mean), ""};
      if (!std::isnan(s.lo95))
        line.trailing += "  [" + terminal_value(kpi, s.lo95) + ", " + terminal_value(kpi, s.hi95) + "]";
      if (const auto diff = point.differences.find(kpi); diff != point.differences.end()) {
        line.trailing += "  diff " + terminal_difference(kpi, diff->second.mean);
        if (!std::isnan(diff->second.lo95))
          line.trailing += " [" + terminal_difference(kpi, diff->second.lo95) + ", " +
                           terminal_difference(kpi, diff->second.hi95) + "]";
      }
      lines.push_back(std::move(line));
    }
  }
  // The label column is as wide as the label that lets the most lines keep their label, value and
  // interval within `width`; a longer label goes on a line of its own, so no name is cut. (The longest
  // label, capped by the longest interval, put nearly every label on its own line once one interval was
  // long, as a baseline's diffs make them; an interval too long for any column runs past `width`.)
  constexpr std::size_t INDENT = 4, VALUE = 12;
  const auto fits = [&](const Line& line, std::size_t column) {
    return table::display_width(line.label) <= column &&
           INDENT + column + VALUE + table::display_width(line.trailing) <= width;
  };
  std::size_t label_width = 0, most = 0;
  for (const std::vector<Line>& lines : points)
    for (const Line& candidate : lines) {
      const std::size_t column = table::display_width(candidate.label);
      std::size_t fitting = 0;
      for (const std::vector<Line>& others : points)
        fitting += static_cast<std::size_t>(
            std::count_if(others.begin(), others.end(), [&](const Line& l) { return fits(l, column); }));
      if (fitting > most || (fitting == most && column > label_width)) {
        most = fitting;
        label_width = column;
      }
    }
  std::string out;
  for (std::size_t p = 0; p < result.points.size(); ++p) {
    const analysis::SweepPointResult& point = result.points[p];
    for (const auto& line : table::wrap(
             "point " + std::to_string(point.point.index) + ": " + analysis::describe_point(point.point),
             width, "    "))
      out += line + "\n";
    for (const Line& line : points[p]) {
      std::string text(INDENT, ' ');
      if (table::display_width(line.label) > label_width) {
        out += text + line.label + "\n";
        text += std::string(label_width, ' ');
      } else {
        text += table::pad_right(line.label, label_width);
      }
      out += text + table::pad_left(line.value, VALUE) + line.trailing + "\n";
    }
  }
  out += "Mean and 95% interval over " + std::to_string(result.replications) + " replications per point" +
         (result.has_baseline ? "; diff: point minus baseline, paired by replication (same seeds)" : "") +
         "; every KPI is in sweep.csv.\n";
  return out;
}

std::string sweep_csv(const analysis::SweepResult& result, params::CsvDialect dialect) {
  std::vector<std::string> header = {"point"};
  for (const auto& axis : result.axes) header.push_back(axis.key);
  for (const char* column : {"kpi", "unit", "mean", "lo95", "hi95", "n"}) header.emplace_back(column);
  // With a baseline, the paired difference (point minus baseline) beside the level.
  if (result.has_baseline)
    for (const char* column : {"diff_mean", "diff_lo95", "diff_hi95"}) header.emplace_back(column);
  std::string csv(params::csv_preamble(dialect));
  csv += params::csv_line(header, dialect);
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  for (const auto& point : result.points)
    for (const auto& [kpi, s] : point.summary.kpis) {
      std::vector<std::string> fields = {std::to_string(point.point.index)};
      // A swept value that is a number is written as every other number of the dialect (0,05 in nl: a
      // Dutch spreadsheet reads 0.05 as text or a date); other TOML values (true, "fifo", [1, 2]) as given.
      for (const auto& override_value : point.point.overrides) {
        double value = 0.0;
        fields.push_back(params::csv_parse_number(override_value.second, params::CsvDialect::Rfc4180, value)
                             ? params::csv_number(value, dialect)
                             : override_value.second);
      }
      fields.push_back(kpi);
      const std::optional<model::KpiName> found = catalogue.find(kpi);
      fields.emplace_back(found ? model::unit_text(*found->family) : "");
      fields.push_back(params::csv_number(s.mean, dialect));
      fields.push_back(params::csv_number(s.lo95, dialect));
      fields.push_back(params::csv_number(s.hi95, dialect));
      fields.push_back(std::to_string(s.n));
      if (result.has_baseline) {
        const auto diff = point.differences.find(kpi);
        const analysis::Summary d = diff == point.differences.end() ? analysis::Summary{} : diff->second;
        for (double v : {d.mean, d.lo95, d.hi95}) fields.push_back(params::csv_number(v, dialect));
      }
      csv += params::csv_line(fields, dialect);
    }
  return csv;
}

std::string write_sweep_csv(const analysis::SweepResult& result, const std::string& out_dir,
                            params::CsvDialect dialect) {
  const std::string path = (std::filesystem::path(out_dir) / "sweep.csv").string();
  write_file_atomically(path, sweep_csv(result, dialect));
  return path;
}

}  // namespace ozsim::output
