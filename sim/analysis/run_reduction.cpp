#include "sim/analysis/run_reduction.hpp"

#include <stdexcept>
#include <utility>

namespace ozsim::analysis {

void RunReduction::add(model::RunResult&& replication) {
  const std::size_t r = replications();
  // Checked before anything is added, so a mismatch leaves the reduction as it was.
  if (r > 0) {
    bool same_shape = replication.series_names.size() == series_names_.size() &&
                      replication.series_values.size() == series_sums_.size();
    for (std::size_t m = 0; same_shape && m < series_sums_.size(); ++m)
      same_shape = replication.series_values[m].size() == series_sums_[m].size();
    if (!same_shape)
      throw std::logic_error("RunReduction: replication " + std::to_string(r) +
                             " has a monthly series of another shape than replication 0");
  }
  budget_.add(replication);  // first: it throws before it changes, when the booked years differ
  kpis_.add(replication);
  cost_lines_.add(replication);
  if (r == 0) {
    series_names_ = std::move(replication.series_names);
    series_days_ = std::move(replication.series_days);
    series_sums_.clear();
    series_spread_.clear();
    for (const std::vector<double>& row : replication.series_values) {
      series_sums_.emplace_back(row.size(), 0.0);
      series_spread_.emplace_back(row.size());
    }
  }
  for (std::size_t m = 0; m < series_sums_.size(); ++m)
    for (std::size_t c = 0; c < series_sums_[m].size(); ++c) {
      series_sums_[m][c] += replication.series_values[m][c];
      series_spread_[m][c].add(replication.series_values[m][c]);
    }
  for (const model::FlowCount& f : replication.flows)
    flow_sums_[{f.year, f.from, f.to}] += static_cast<double>(f.count);
  std::map<std::tuple<int, std::string, std::string>, double> counts;  // this replication's, summed per key
  for (const model::FlowCount& f : replication.flows)
    counts[{f.year, f.from, f.to}] += static_cast<double>(f.count);
  for (const auto& [key, count] : counts) {
    const auto [it, is_new] = flow_spread_.try_emplace(key);
    if (is_new)
      for (std::size_t earlier = 0; earlier < r; ++earlier) it->second.add(0.0);
  }
  for (auto& [key, spread] : flow_spread_) {
    const auto it = counts.find(key);
    spread.add(it == counts.end() ? 0.0 : it->second);
  }
  if (!replication.trace_csv.empty()) {
    const std::string& text = replication.trace_csv;
    const std::string prefix = std::to_string(r) + ",";
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = text.find('\n', start);
      trace_ += prefix;
      trace_.append(text, start, (end == std::string::npos ? text.size() : end + 1) - start);
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  fingerprints_.push_back(replication.fingerprint);
}

std::vector<std::vector<double>> RunReduction::series_mean() const {
  std::vector<std::vector<double>> mean = series_sums_;
  const auto n = static_cast<double>(replications());
  for (auto& row : mean)
    for (double& v : row) v /= n;
  return mean;
}

std::vector<std::vector<Summary>> RunReduction::series_summary() const {
  std::vector<std::vector<Summary>> out(series_spread_.size());
  for (std::size_t m = 0; m < series_spread_.size(); ++m)
    // Every series counts pupils or places: its band never goes below 0 (summary_stats.hpp, within_range).
    for (const RunningSummary& cell : series_spread_[m])
      out[m].push_back(within_range(cell.summary(), ValueRange::NonNegative));
  return out;
}

std::map<std::tuple<int, std::string, std::string>, double> RunReduction::flows_mean() const {
  std::map<std::tuple<int, std::string, std::string>, double> mean = flow_sums_;
  const double n = replications() == 0 ? 1.0 : static_cast<double>(replications());
  for (auto& [key, value] : mean) value /= n;
  return mean;
}

std::map<std::tuple<int, std::string, std::string>, Summary> RunReduction::flows_summary() const {
  std::map<std::tuple<int, std::string, std::string>, Summary> out;
  // A flow is a count: its interval is the one of log(mean), which cannot reach below zero.
  for (const auto& [key, spread] : flow_spread_)
    out.emplace(key, within_range(spread.summary(), ValueRange::NonNegative));
  return out;
}

}  // namespace ozsim::analysis
