#include "sim/io/replications.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>

namespace ozsim::io {

namespace {

std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

ReplicationError::ReplicationError(std::string scenario, std::size_t scenario_index, std::uint32_t replication,
                                   std::string reason, std::exception_ptr cause)
    : std::runtime_error("scenario '" + scenario + "', replication " + std::to_string(replication) + ": " + reason),
      scenario_(std::move(scenario)),
      scenario_index_(scenario_index),
      replication_(replication),
      reason_(std::move(reason)),
      cause_(std::move(cause)) {}

unsigned effective_threads(unsigned requested, std::size_t tasks) {
  unsigned threads = requested != 0 ? requested : std::thread::hardware_concurrency();
  threads = std::max(threads, 1U);
  if (tasks < threads) threads = static_cast<unsigned>(std::max<std::size_t>(tasks, 1));
  return threads;
}

std::vector<std::exception_ptr> run_slots(std::size_t count, unsigned threads,
                                          const std::function<void(std::size_t)>& task) {
  std::vector<std::exception_ptr> errors(count);
  // Slots are claimed in increasing order, so when a worker stops claiming after
  // a failure every lower slot has already been claimed and will finish: the
  // lowest failing slot is found whatever the interleaving.
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto worker = [&] {
    while (!failed.load(std::memory_order_relaxed)) {
      const std::size_t slot = next.fetch_add(1, std::memory_order_relaxed);
      if (slot >= count) return;
      try {
        task(slot);
      } catch (...) {
        errors[slot] = std::current_exception();
        failed.store(true, std::memory_order_relaxed);
      }
    }
  };
  threads = effective_threads(threads, count);
  if (threads == 1) {
    worker();
    return errors;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  try {
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  } catch (...) {
    // Could not start every thread: the ones running plus this one still drain the queue.
  }
  worker();
  for (auto& thread : pool) thread.join();
  return errors;
}

ResultGrid run_replications(const std::vector<std::string>& names, const ReplicationSettings& settings,
                            const ReplicationFn& run) {
  const std::size_t reps = settings.replications;
  ResultGrid results(names.size(), std::vector<model::RunResult>(reps));
  const auto errors = run_slots(names.size() * reps, settings.threads, [&](std::size_t slot) {
    const std::size_t scenario = slot / reps;
    const auto replication = static_cast<std::uint32_t>(slot % reps);
    model::RunResult result = run(scenario, replication);
    if (!settings.keep_series_and_trace) {
      result.series_names.clear();
      result.series_days.clear();
      result.series_values.clear();
      result.trace_csv.clear();
    }
    results[scenario][replication] = std::move(result);
  });
  for (std::size_t slot = 0; slot < errors.size(); ++slot) {
    if (!errors[slot]) continue;
    const std::size_t scenario = slot / reps;
    throw ReplicationError(names[scenario], scenario, static_cast<std::uint32_t>(slot % reps),
                           describe(errors[slot]), errors[slot]);
  }
  return results;
}

}  // namespace ozsim::io
