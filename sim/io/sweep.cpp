#include "sim/io/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "sim/io/atomic_file.hpp"
#include "sim/io/input_error.hpp"
#include "sim/io/table.hpp"

namespace ozsim::io {

namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// Splits at commas outside brackets, braces and quoted strings.
std::vector<std::string> split_values(std::string_view text, std::string_view whole) {
  std::vector<std::string> values;
  int depth = 0;
  char quote = 0;
  std::size_t start = 0;
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument("--set '" + std::string(whole) + "': " + why);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (--depth < 0) fail(std::string("unbalanced '") + c + "'");
    } else if (c == ',' && depth == 0) {
      values.emplace_back(trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (quote != 0) fail("unterminated string");
  if (depth != 0) fail("unbalanced brackets");
  values.emplace_back(trim(text.substr(start)));
  return values;
}

}  // namespace

SweepAxis parse_sweep_set(std::string_view text) {
  const auto equals = text.find('=');
  if (equals == std::string_view::npos)
    throw std::invalid_argument("--set '" + std::string(text) + "': expected KEY=V1,V2,...");
  SweepAxis axis;
  axis.key = std::string(trim(text.substr(0, equals)));
  if (axis.key.empty()) throw std::invalid_argument("--set '" + std::string(text) + "': the key is empty");
  axis.values = split_values(text.substr(equals + 1), text);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < axis.values.size(); ++i) {
    if (axis.values[i].empty())
      throw std::invalid_argument("--set '" + std::string(text) + "': value " + std::to_string(i + 1) + " is empty");
    if (!seen.insert(axis.values[i]).second)
      throw std::invalid_argument("--set '" + std::string(text) + "': value '" + axis.values[i] + "' is given twice");
  }
  return axis;
}

std::vector<SweepAxis> parse_sweep_sets(const std::vector<std::string>& texts) {
  std::vector<SweepAxis> axes;
  std::set<std::string> keys;
  for (const auto& text : texts) {
    SweepAxis axis = parse_sweep_set(text);
    if (!keys.insert(axis.key).second)
      throw std::invalid_argument("--set: key '" + axis.key + "' is given twice; list all its values in one --set");
    axes.push_back(std::move(axis));
  }
  return axes;
}

std::vector<SweepPoint> sweep_grid(const std::vector<SweepAxis>& axes) {
  std::size_t count = 1;
  for (const auto& axis : axes) {
    if (axis.values.empty()) throw std::invalid_argument("sweep: key '" + axis.key + "' has no values");
    if (count > MAX_SWEEP_POINTS / axis.values.size())
      throw std::invalid_argument("sweep: the grid has more than " + std::to_string(MAX_SWEEP_POINTS) + " points");
    count *= axis.values.size();
  }
  std::vector<SweepPoint> points(count);
  for (std::size_t index = 0; index < count; ++index) {
    points[index].index = index;
    points[index].overrides.resize(axes.size());
    // Mixed-radix digits of the index, the last axis the least significant.
    std::size_t rest = index;
    for (std::size_t a = axes.size(); a-- > 0;) {
      const std::size_t n = axes[a].values.size();
      points[index].overrides[a] = {axes[a].key, axes[a].values[rest % n]};
      rest /= n;
    }
  }
  return points;
}

std::string describe_point(const SweepPoint& point) {
  std::string text;
  for (const auto& [key, value] : point.overrides) {
    if (!text.empty()) text += ", ";
    text += key + "=" + value;
  }
  return text.empty() ? "no overrides" : text;
}

SweepResult run_sweep(const std::vector<SweepAxis>& axes, const PointFactory& prepare,
                      const ReplicationSettings& settings, std::uint64_t master_seed) {
  SweepResult result;
  result.axes = axes;
  result.replications = settings.replications;
  result.master_seed = master_seed;
  const auto points = sweep_grid(axes);
  std::vector<PointRunner> runners;
  std::vector<std::string> names;
  runners.reserve(points.size());
  for (const auto& point : points) {
    names.push_back("sweep point " + std::to_string(point.index) + " (" + describe_point(point) + ")");
    try {
      runners.push_back(prepare(point));
    } catch (const InputError&) {
      // Already names the key and the value found; keeping the type lets main report bad input as such.
      throw;
    } catch (const std::exception& e) {
      throw std::runtime_error(names.back() + ": " + e.what());
    }
  }
  ReplicationSettings slim = settings;
  slim.keep_series_and_trace = false;  // the sweep reads KPIs only
  const ResultGrid grid = run_replications(
      names, slim, [&](std::size_t point, std::uint32_t replication) { return runners[point](replication); });
  for (std::size_t p = 0; p < points.size(); ++p)
    result.points.push_back({points[p], summarize_kpis(grid[p], names[p])});
  return result;
}

std::string format_sweep(const SweepResult& result, const std::vector<std::string>& kpis, std::size_t width) {
  std::size_t label_width = 0;
  for (const auto& kpi : kpis) label_width = std::max(label_width, kpi.size());
  std::string out;
  for (const auto& point : result.points) {
    for (const auto& line : table::wrap("point " + std::to_string(point.point.index) + ": " +
                                            describe_point(point.point),
                                        width, "    "))
      out += line + "\n";
    for (const auto& kpi : kpis) {
      const auto found = point.summary.kpis.find(kpi);
      if (found == point.summary.kpis.end()) continue;
      const Summary& s = found->second;
      std::string line = "    " + table::pad_right(kpi, label_width) + table::pad_left(table::number(s.mean), 12);
      if (!std::isnan(s.lo95)) line += "  [" + table::number(s.lo95) + ", " + table::number(s.hi95) + "]";
      out += line + "\n";
    }
  }
  out += "Mean and 95% interval over " + std::to_string(result.replications) +
         " replications per point; every KPI is in sweep.csv.\n";
  return out;
}

std::string sweep_csv(const SweepResult& result) {
  std::vector<std::string> header = {"point"};
  for (const auto& axis : result.axes) header.push_back(axis.key);
  for (const char* column : {"kpi", "mean", "lo95", "hi95", "n"}) header.emplace_back(column);
  std::string csv = table::csv_line(header);
  for (const auto& point : result.points)
    for (const auto& [kpi, s] : point.summary.kpis) {
      std::vector<std::string> fields = {std::to_string(point.point.index)};
      for (const auto& override_value : point.point.overrides) fields.push_back(override_value.second);
      fields.push_back(kpi);
      fields.push_back(table::exact(s.mean));
      fields.push_back(table::exact(s.lo95));
      fields.push_back(table::exact(s.hi95));
      fields.push_back(std::to_string(s.n));
      csv += table::csv_line(fields);
    }
  return csv;
}

std::string write_sweep_csv(const SweepResult& result, const std::string& out_dir) {
  const std::string path = (std::filesystem::path(out_dir) / "sweep.csv").string();
  write_file_atomically(path, sweep_csv(result));
  return path;
}

}  // namespace ozsim::io
