#pragma once
// How many replications a question needs: the sequential rule of Hoad, Robinson & Davies (2010,
// "Automated selection of the number of replications for a discrete-event simulation", J. Oper. Res.
// Soc. 61:1632-1644). Replications are added one at a time, in replication order, until every watched
// KPI's 95% confidence half-width is within a relative precision P of its mean, and has stayed so for
// a look-ahead of kLimit further replications (5 up to 100 replications, then 5% of them), so that a
// half-width that dips below P by chance does not stop the run. A maximum bounds the run.
//
// The decision depends only on the values in replication order, so a run that stops at n replications
// stops there whatever the thread count, and its results are those of a fixed run of n replications.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/analysis/replications.hpp"
#include "sim/analysis/summary_stats.hpp"
#include "sim/model/run.hpp"

namespace ozsim::analysis {

struct PrecisionGoal {
  double relative_half_width = 0.05;      // P: half-width / |mean| at most this
  std::uint32_t min_replications = 3;     // never stop before this many
  std::uint32_t max_replications = 1000;  // stop here, reached or not
};

// Look-ahead of Hoad, Robinson & Davies: 5 replications up to n = 100, then floor(5% of n).
std::uint32_t look_ahead(std::uint32_t n);

// The half-width of the 95% interval for the mean relative to |mean|: 0 for a KPI constant over the
// replications, infinity for one whose mean is 0 but varies, NaN with fewer than 2 replications.
double relative_half_width(const Summary& s);

struct KpiPrecision {
  std::string scenario;
  std::string kpi;
  double mean = NOT_AVAILABLE;
  double half_width = NOT_AVAILABLE;
  double relative = NOT_AVAILABLE;  // half_width / |mean|
};

struct PrecisionReport {
  double goal = 0.0;
  std::uint32_t max_replications = 0;
  std::uint32_t replications = 0;  // how many were run and are reported
  bool reached = false;            // the goal held at the end, with its look-ahead
  std::vector<KpiPrecision> kpis;  // per scenario and watched KPI, at the end; widest first
};

// Watches the given KPIs of S scenarios; replication r of every scenario must be added (in scenario
// order) before replication r + 1 of any.
class PrecisionMonitor {
 public:
  PrecisionMonitor(std::vector<std::string> scenarios, std::vector<std::string> kpis, PrecisionGoal goal);
  void add(std::size_t scenario, const model::RunResult& result);
  // Replications complete in every scenario so far.
  std::uint32_t replications() const noexcept { return complete_; }
  // True once the goal held at some n and for look_ahead(n) replications after it, or at the maximum.
  bool done() const noexcept { return done_; }
  // A guess of how many more replications the goal needs (at least 1 while not done): from the widest
  // relative half-width w at n, n (w / P)^2 - n, plus the look-ahead. Only sizes the next batch.
  std::uint32_t more_needed() const;
  PrecisionReport report() const;

 private:
  bool goal_met() const;
  double widest() const;
  std::vector<std::string> scenarios_;
  std::vector<std::string> kpis_;
  PrecisionGoal goal_;
  std::vector<std::vector<RunningSummary>> values_;  // [scenario][kpi]
  std::vector<std::uint32_t> added_;                 // replications added per scenario
  std::uint32_t complete_ = 0;
  std::uint32_t streak_start_ = 0;  // first n of the current run of n's meeting the goal; 0: none
  bool done_ = false;
  bool reached_ = false;
};

// Runs replications of one scenario in rounds (the first of settings.replications, then as many as
// the monitor guesses it needs) until the monitor is done, handing each result to `sink` in replication
// order; results of the last round past the stopping point are dropped. Memory as stream_replications.
void stream_until_precise(const std::string& name, const ReplicationSettings& settings,
                          const ReplicationFn& run, PrecisionMonitor& monitor, const ReplicationSink& sink);

// The same for several scenarios on common seeds (compare): results[s][r], every scenario with the
// same number of replications, the monitor fed replication by replication.
ResultGrid replicate_until_precise(const std::vector<std::string>& names, const ReplicationSettings& settings,
                                   const ReplicationFn& run, PrecisionMonitor& monitor);

}  // namespace ozsim::analysis
