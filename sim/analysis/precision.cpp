#include "sim/analysis/precision.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/model/kpi_catalogue.hpp"

namespace ozsim::analysis {

std::uint32_t look_ahead(std::uint32_t n) {
  return n <= 100 ? 5 : n / 20;
}

double relative_half_width(const Summary& s) {
  if (s.n < 2 || std::isnan(s.sd)) return NOT_AVAILABLE;
  if (s.sd == 0.0) return 0.0;
  if (s.mean == 0.0) return std::numeric_limits<double>::infinity();
  return (s.hi95 - s.lo95) / 2.0 / std::fabs(s.mean);
}

PrecisionMonitor::PrecisionMonitor(std::vector<std::string> scenarios, std::vector<std::string> kpis,
                                   PrecisionGoal goal)
    : scenarios_(std::move(scenarios)),
      kpis_(std::move(kpis)),
      goal_(goal),
      values_(scenarios_.size(), std::vector<RunningSummary>(kpis_.size())),
      added_(scenarios_.size(), 0) {
  if (!(goal_.relative_half_width > 0.0)) throw std::invalid_argument("precision: the goal must be above 0");
  if (goal_.min_replications < 2) goal_.min_replications = 2;
  if (goal_.max_replications < goal_.min_replications)
    throw std::invalid_argument("precision: the maximum is below the minimum number of replications");
}

void PrecisionMonitor::add(std::size_t scenario, const model::RunResult& result) {
  if (scenario >= scenarios_.size() || added_[scenario] != complete_)
    throw std::logic_error("PrecisionMonitor::add: replications out of order");
  for (std::size_t k = 0; k < kpis_.size(); ++k) {
    const std::optional<double> value = model::kpi_catalogue().value(result.kpis, kpis_[k]);
    if (value) values_[scenario][k].add(*value);
  }
  ++added_[scenario];
  if (std::any_of(added_.begin(), added_.end(), [&](std::uint32_t a) { return a == complete_; })) return;
  ++complete_;
  if (done_) return;
  const std::uint32_t n = complete_;
  if (n >= goal_.min_replications && goal_met()) {
    if (streak_start_ == 0) streak_start_ = n;
    if (n >= streak_start_ + look_ahead(streak_start_)) done_ = reached_ = true;
  } else {
    streak_start_ = 0;
  }
  if (n >= goal_.max_replications) done_ = true;
}

double PrecisionMonitor::widest() const {
  double widest = 0.0;
  for (const auto& scenario : values_)
    for (const RunningSummary& kpi : scenario) {
      if (kpi.count() == 0) continue;  // not written by this scenario
      const double w = relative_half_width(kpi.summary());
      if (std::isnan(w)) return std::numeric_limits<double>::infinity();
      widest = std::max(widest, w);
    }
  return widest;
}

bool PrecisionMonitor::goal_met() const {
  return widest() <= goal_.relative_half_width;
}

std::uint32_t PrecisionMonitor::more_needed() const {
  if (done_) return 0;
  const double n = complete_;
  const double w = widest();
  double guess = goal_.min_replications > complete_ ? goal_.min_replications - complete_ : 1.0;
  if (std::isfinite(w) && complete_ >= 2)
    guess = std::max(guess, n * (w / goal_.relative_half_width) * (w / goal_.relative_half_width) - n);
  else if (!std::isfinite(w))
    guess = std::max(guess, n);  // no idea yet: double
  guess += look_ahead(complete_);
  const double room =
      static_cast<double>(goal_.max_replications - std::min(goal_.max_replications, complete_));
  return static_cast<std::uint32_t>(std::clamp(std::ceil(guess), 1.0, std::max(1.0, room)));
}

PrecisionReport PrecisionMonitor::report() const {
  PrecisionReport report;
  report.goal = goal_.relative_half_width;
  report.max_replications = goal_.max_replications;
  report.replications = complete_;
  report.reached = reached_;
  for (std::size_t s = 0; s < scenarios_.size(); ++s)
    for (std::size_t k = 0; k < kpis_.size(); ++k) {
      if (values_[s][k].count() == 0) continue;
      const Summary summary = values_[s][k].summary();
      report.kpis.push_back({scenarios_[s], kpis_[k], summary.mean, (summary.hi95 - summary.lo95) / 2.0,
                             relative_half_width(summary)});
    }
  std::stable_sort(report.kpis.begin(), report.kpis.end(), [](const KpiPrecision& a, const KpiPrecision& b) {
    const double wa = std::isnan(a.relative) ? -1.0 : a.relative,
                 wb = std::isnan(b.relative) ? -1.0 : b.relative;
    return wa > wb;
  });
  return report;
}

void stream_until_precise(const std::string& name, const ReplicationSettings& settings,
                          const ReplicationFn& run, PrecisionMonitor& monitor, const ReplicationSink& sink) {
  ReplicationSettings round = settings;
  std::uint32_t first = 0;
  while (!monitor.done()) {
    stream_replications(
        {name}, round, [&](std::size_t s, std::uint32_t r) { return run(s, first + r); },
        [&](std::size_t s, std::uint32_t r, model::RunResult&& result) {
          if (monitor.done()) return;  // past the stopping point: dropped, whatever the thread count
          monitor.add(0, result);
          sink(s, first + r, std::move(result));
        });
    first += round.replications;
    round.replications = monitor.more_needed();
  }
}

ResultGrid replicate_until_precise(const std::vector<std::string>& names, const ReplicationSettings& settings,
                                   const ReplicationFn& run, PrecisionMonitor& monitor) {
  ResultGrid results(names.size());
  ReplicationSettings round = settings;
  std::uint32_t first = 0;
  while (!monitor.done()) {
    ResultGrid batch =
        run_replications(names, round, [&](std::size_t s, std::uint32_t r) { return run(s, first + r); });
    for (std::uint32_t r = 0; r < round.replications && !monitor.done(); ++r)
      for (std::size_t s = 0; s < names.size(); ++s) {
        monitor.add(s, batch[s][r]);
        results[s].push_back(std::move(batch[s][r]));
      }
    first += round.replications;
    round.replications = monitor.more_needed();
  }
  return results;
}

}  // namespace ozsim::analysis
