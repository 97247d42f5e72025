#pragma once
// Runs S scenarios (or G sweep points) x R replications on a pool of threads.
// Every task writes into its own pre-assigned slot, so the results do not
// depend on the number of threads or on which thread ran what.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/run.hpp"

namespace ozsim::analysis {

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
};

// results[s][r] is replication r of scenario s.
using ResultGrid = std::vector<std::vector<model::RunResult>>;

// Runs names.size() x settings.replications tasks. On failure, waits for running
// tasks and throws ReplicationError for the failing task with the lowest
// (scenario, replication) slot, which is the same for any thread count.
ResultGrid run_replications(const std::vector<std::string>& names, const ReplicationSettings& settings,
                            const ReplicationFn& run);

}  // namespace ozsim::analysis
