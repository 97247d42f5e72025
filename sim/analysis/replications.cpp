#include "sim/analysis/replications.hpp"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>

#include "sim/analysis/thread_pool.hpp"

namespace ozsim::analysis {

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

ReplicationError::ReplicationError(std::string scenario, std::size_t scenario_index,
                                   std::uint32_t replication, std::string reason, std::exception_ptr cause)
    : std::runtime_error("scenario '" + scenario + "', replication " + std::to_string(replication) + ": " +
                         reason),
      scenario_(std::move(scenario)),
      scenario_index_(scenario_index),
      replication_(replication),
      reason_(std::move(reason)),
      cause_(std::move(cause)) {}

void stream_replications(const std::vector<std::string>& names, const ReplicationSettings& settings,
                         const ReplicationFn& run, const ReplicationSink& sink) {
  const std::size_t reps = settings.replications;
  const std::size_t count = names.size() * reps;
  const unsigned threads = effective_threads(settings.threads, count);
  // A slot may run at most `window` slots ahead of the sink: enough that no
  // thread idles while one slow replication holds up the order, and few enough
  // that the buffered results stay a small multiple of one.
  const std::size_t window = 2 * static_cast<std::size_t>(threads);
  std::vector<std::optional<model::RunResult>> buffer(window);  // slot s waits in buffer[s % window]
  std::mutex mutex;
  std::condition_variable progress;
  std::size_t handed_over = 0;  // slots [0, handed_over) went to the sink
  std::size_t finished = 0;     // slots done, in any order (for on_progress)
  bool stopped = false;         // a slot failed; the sink will never get past it
  std::exception_ptr sink_error;
  std::size_t sink_error_slot = 0;
  const auto stop = [&] {
    {
      const std::lock_guard lock(mutex);
      stopped = true;
    }
    progress.notify_all();
  };
  const auto errors = run_slots(count, threads, [&](std::size_t slot) {
    {
      std::unique_lock lock(mutex);
      // Slots are claimed in increasing order, so slot `handed_over` is running
      // (never waiting here) whenever another one waits: this cannot deadlock.
      progress.wait(lock, [&] { return stopped || slot < handed_over + window; });
      if (stopped) return;  // every slot below the failure has been claimed already
    }
    const std::size_t scenario = slot / reps;
    const auto replication = static_cast<std::uint32_t>(slot % reps);
    model::RunResult result;
    try {
      result = run(scenario, replication);
    } catch (...) {
      stop();
      throw;
    }
    if (!settings.keep_series_and_trace) {
      result.series_names.clear();
      result.series_days.clear();
      result.series_values.clear();
      result.trace_csv.clear();
    }
    {
      const std::lock_guard lock(mutex);
      buffer[slot % window] = std::move(result);
      if (settings.on_progress) settings.on_progress(++finished, count);
      // Whoever completes the next slot in order hands over every consecutive
      // finished one; holding the lock keeps the sink's calls one at a time.
      while (!stopped && buffer[handed_over % window]) {
        model::RunResult next = std::move(*buffer[handed_over % window]);
        buffer[handed_over % window].reset();
        try {
          sink(handed_over / reps, static_cast<std::uint32_t>(handed_over % reps), std::move(next));
        } catch (...) {
          sink_error = std::current_exception();
          sink_error_slot = handed_over;
          stopped = true;
          break;
        }
        ++handed_over;
      }
    }
    progress.notify_all();
  });
  std::size_t failed_slot = count;
  std::exception_ptr failure;
  for (std::size_t slot = 0; slot < errors.size() && slot < failed_slot; ++slot)
    if (errors[slot]) {
      failed_slot = slot;
      failure = errors[slot];
    }
  if (sink_error && sink_error_slot < failed_slot) {
    failed_slot = sink_error_slot;
    failure = sink_error;
  }
  if (failure) {
    const std::size_t scenario = failed_slot / reps;
    throw ReplicationError(names[scenario], scenario, static_cast<std::uint32_t>(failed_slot % reps),
                           describe(failure), failure);
  }
  if (handed_over != count)
    throw std::logic_error("stream_replications: " + std::to_string(count - handed_over) +
                           " results were never handed over");
}

ResultGrid run_replications(const std::vector<std::string>& names, const ReplicationSettings& settings,
                            const ReplicationFn& run) {
  ResultGrid results(names.size(), std::vector<model::RunResult>(settings.replications));
  stream_replications(names, settings, run,
                      [&](std::size_t scenario, std::uint32_t replication, model::RunResult&& result) {
                        results[scenario][replication] = std::move(result);
                      });
  return results;
}

}  // namespace ozsim::analysis
