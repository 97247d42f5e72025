#include "sim/analysis/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "sim/model/kpi_catalogue.hpp"
#include "sim/params/input_error.hpp"

namespace ozsim::analysis {

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

// One replication's KPIs minus the baseline's in the same replication (same seeds). A sparse KPI absent on
// one side reads as 0 there (model::KpiCatalogue::value); a dense KPI absent on either side is left out, so
// the accumulator counts it as missing.
model::RunResult paired_difference(const std::map<std::string, double>& base,
                                   const std::map<std::string, double>& point) {
  const model::KpiCatalogue& catalogue = model::kpi_catalogue();
  model::RunResult difference;
  const auto add = [&](const std::string& name) {
    if (difference.kpis.count(name) != 0) return;
    const std::optional<double> a = catalogue.value(base, name), b = catalogue.value(point, name);
    if (a && b) difference.kpis[name] = *b - *a;
  };
  for (const auto& entry : point) add(entry.first);
  for (const auto& entry : base) add(entry.first);
  return difference;
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
      throw std::invalid_argument("--set '" + std::string(text) + "': value " + std::to_string(i + 1) +
                                  " is empty");
    if (!seen.insert(axis.values[i]).second)
      throw std::invalid_argument("--set '" + std::string(text) + "': value '" + axis.values[i] +
                                  "' is given twice");
  }
  return axis;
}

std::vector<SweepAxis> parse_sweep_sets(const std::vector<std::string>& texts) {
  std::vector<SweepAxis> axes;
  std::set<std::string> keys;
  for (const auto& text : texts) {
    SweepAxis axis = parse_sweep_set(text);
    if (!keys.insert(axis.key).second)
      throw std::invalid_argument("--set: key '" + axis.key +
                                  "' is given twice; list all its values in one --set");
    axes.push_back(std::move(axis));
  }
  return axes;
}

std::vector<SweepPoint> sweep_grid(const std::vector<SweepAxis>& axes) {
  std::size_t count = 1;
  for (const auto& axis : axes) {
    if (axis.values.empty()) throw std::invalid_argument("sweep: key '" + axis.key + "' has no values");
    if (count > MAX_SWEEP_POINTS / axis.values.size())
      throw std::invalid_argument("sweep: the grid has more than " + std::to_string(MAX_SWEEP_POINTS) +
                                  " points");
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
                      const ReplicationSettings& settings, std::uint64_t master_seed,
                      const PointRunner& baseline) {
  SweepResult result;
  result.has_baseline = static_cast<bool>(baseline);
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
    } catch (const params::InputError&) {
      // Already names the key and the value found; keeping the type lets main report bad input as such.
      throw;
    } catch (const std::exception& e) {
      throw std::runtime_error(names.back() + ": " + e.what());
    }
  }
  // The baseline runs as the first row of the grid: its replications reach the sink before any point's, and
  // are kept (one KPI map per replication) to pair with replication r of every point as it arrives.
  const std::size_t first_point = baseline ? 1 : 0;
  if (baseline) {
    runners.insert(runners.begin(), baseline);
    names.insert(names.begin(), "sweep baseline");
  }
  ReplicationSettings slim = settings;
  slim.keep_series_and_trace = false;  // the sweep reads KPIs only
  // Each point's replications are reduced as they finish: memory grows with
  // the number of points, not with the number of replications.
  std::vector<KpiAccumulator> accumulators, differences;
  accumulators.reserve(points.size());
  differences.reserve(points.size());
  for (std::size_t p = 0; p < points.size(); ++p) {
    accumulators.emplace_back(names[first_point + p]);
    differences.emplace_back(names[first_point + p], /*differences=*/true);
  }
  std::vector<std::map<std::string, double>> baseline_kpis;
  stream_replications(
      names, slim, [&](std::size_t row, std::uint32_t replication) { return runners[row](replication); },
      [&](std::size_t row, std::uint32_t replication, model::RunResult&& run) {
        if (row < first_point) {
          baseline_kpis.push_back(std::move(run.kpis));
          return;
        }
        const std::size_t p = row - first_point;
        if (baseline) differences[p].add(paired_difference(baseline_kpis.at(replication), run.kpis));
        accumulators[p].add(run);
      });
  for (std::size_t p = 0; p < points.size(); ++p) {
    SweepPointResult point{points[p], accumulators[p].summary(), {}};
    if (baseline) point.differences = differences[p].summary().kpis;
    result.points.push_back(std::move(point));
  }
  return result;
}

}  // namespace ozsim::analysis
