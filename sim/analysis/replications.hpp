#pragma once
// Runs S scenarios (or G sweep points) x R replications on a pool of threads.
// Results are handed over in slot order (scenario, then replication), so what
// is computed from them does not depend on the number of threads or on which
// thread ran what.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/run.hpp"

namespace ozsim::analysis {

class Cluster;  // cluster.hpp

// Runs one replication of one scenario. Called concurrently from several
// threads, so it must only read shared state (configs, the master seed).
using ReplicationFn = std::function<model::RunResult(std::size_t scenario_index, std::uint32_t replication)>;

// A task failed: says which scenario and replication, keeps the original exception.
class ReplicationError : public std::runtime_error {
 public:
  ReplicationError(std::string scenario, std::size_t scenario_index, std::uint32_t replication,
                   std::string reason, std::exception_ptr cause);
  const std::string& scenario() const noexcept { return scenario_; }
  std::size_t scenario_index() const noexcept { return scenario_index_; }
  std::uint32_t replication() const noexcept { return replication_; }
  const std::string& reason() const noexcept { return reason_; }
  std::exception_ptr cause() const noexcept { return cause_; }

 private:
  std::string scenario_;
  std::size_t scenario_index_ = 0;
  std::uint32_t replication_ = 0;
  std::string reason_;
  std::exception_ptr cause_;
};

struct ReplicationSettings {
  std::uint32_t replications = 20;
  unsigned threads = 0;               // 0 = std::thread::hardware_concurrency()
  bool keep_series_and_trace = true;  // false drops monthly series and traces to bound memory in big sweeps
  // Told (finished, total) after each replication, one call at a time and under the runner's lock, so it
  // must be quick. For a progress display: it sees counts only, so it cannot change a result.
  std::function<void(std::size_t finished, std::size_t total)> on_progress = nullptr;
  // The ranks to spread the slots over (mpirun; cluster.hpp); null or one rank: every slot in this process.
  // Every rank then hands every slot's result to its sink, in the same order as one process would.
  Cluster* cluster = nullptr;
};

// Receives each finished replication. Called once per slot, one call at a time,
// in slot order: (0, 0), (0, 1), ..., (1, 0), ...
using ReplicationSink =
    std::function<void(std::size_t scenario_index, std::uint32_t replication, model::RunResult&& result)>;

// Runs names.size() x settings.replications tasks and hands each result to
// `sink` as soon as it and every earlier slot are done. A result finished ahead
// of an earlier slot waits in a reorder buffer, and no task starts more than
// 2 x threads slots ahead of the sink, so memory is bounded by the thread
// count, not by the number of replications. On failure (of a task or of the
// sink), waits for running tasks and throws ReplicationError for the failing
// slot with the lowest (scenario, replication), which is the same for any
// thread count; the sink has then seen exactly the slots below it.
// Over several ranks (settings.cluster), the slots go in rounds of a few per
// thread per rank; each rank runs its block of a round (share_of) on its
// threads, and every rank hands every result of the round to its sink, in slot
// order. A failing slot on any rank throws RankFailure on every rank, naming the
// rank, the scenario and the replication.
void stream_replications(const std::vector<std::string>& names, const ReplicationSettings& settings,
                         const ReplicationFn& run, const ReplicationSink& sink);

// results[s][r] is replication r of scenario s.
using ResultGrid = std::vector<std::vector<model::RunResult>>;

// stream_replications into a grid that keeps every result: memory grows with the
// number of replications. For what needs every replication at the end (paired
// comparisons with percentiles of differences and ratios) and for tests.
ResultGrid run_replications(const std::vector<std::string>& names, const ReplicationSettings& settings,
                            const ReplicationFn& run);

}  // namespace ozsim::analysis
