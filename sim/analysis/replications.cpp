#include "sim/analysis/replications.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>
#include <variant>

#include "sim/analysis/cluster.hpp"
#include "sim/analysis/result_bytes.hpp"
#include "sim/engine/thread_pool.hpp"

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

void slim_down(model::RunResult& result, const ReplicationSettings& settings) {
  if (settings.keep_series_and_trace) return;
  result.series_names.clear();
  result.series_days.clear();
  result.series_values.clear();
  result.trace_csv.clear();
}

// Over ranks the slots go in rounds, each rank running this many per thread of every round before the
// results are exchanged. More idle fewer threads at a round's end; fewer keep the results every rank
// holds at once (this x threads x ranks) small.
constexpr std::size_t kSlotsPerThreadPerRound = 4;

void stream_over_ranks(Cluster& cluster, const std::vector<std::string>& names,
                       const ReplicationSettings& settings, const ReplicationFn& run,
                       const ReplicationSink& sink) {
  const std::size_t reps = settings.replications;
  const std::size_t count = names.size() * reps;
  const std::size_t ranks = cluster.size();
  const unsigned threads = engine::effective_threads(settings.threads, count);
  const std::size_t round_size = kSlotsPerThreadPerRound * threads * ranks;
  std::size_t finished = 0;  // slots handed to the sink, on every rank
  for (std::size_t first = 0; first < count; first += round_size) {
    const std::size_t in_round = std::min(round_size, count - first);
    const SlotRange mine = share_of(in_round, cluster.rank(), ranks);
    std::vector<model::RunResult> results(mine.end - mine.begin);
    std::mutex progress_mutex;
    std::size_t done_here = 0;
    const auto errors = engine::run_slots(results.size(), threads, [&](std::size_t k) {
      const std::size_t slot = first + mine.begin + k;
      results[k] = run(slot / reps, static_cast<std::uint32_t>(slot % reps));
      slim_down(results[k], settings);
      if (!settings.on_progress) return;
      // This rank sees only its own share finish; its pace stands for every rank's.
      const std::lock_guard lock(progress_mutex);
      ++done_here;
      settings.on_progress(std::min(count, finished + done_here * ranks), count);
    });
    std::variant<std::string, Failure> mine_out = std::string{};
    for (std::size_t k = 0; k < errors.size(); ++k)
      if (errors[k]) {
        const std::size_t slot = first + mine.begin + k;
        mine_out = Failure{
            1, ReplicationError(names[slot / reps], slot / reps, static_cast<std::uint32_t>(slot % reps),
                                describe(errors[k]), errors[k])
                   .what()};
        break;
      }
    if (auto* bytes = std::get_if<std::string>(&mine_out)) {
      ByteWriter writer(*bytes);
      for (const model::RunResult& result : results) write_result(writer, result);
    }
    results.clear();
    const std::vector<std::string> all = exchange_or_stop(cluster, std::move(mine_out));
    std::size_t slot = first;
    for (std::size_t r = 0; r < ranks; ++r) {
      ByteReader reader(all[r]);
      const SlotRange theirs = share_of(in_round, r, ranks);
      for (std::size_t k = theirs.begin; k < theirs.end; ++k, ++slot)
        sink(slot / reps, static_cast<std::uint32_t>(slot % reps), read_result(reader));
      if (!reader.at_end())
        throw std::logic_error("stream_replications: rank " + std::to_string(r) +
                               " sent more results than its share");
    }
    finished += in_round;
    if (settings.on_progress) settings.on_progress(finished, count);
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
  if (settings.cluster != nullptr && settings.cluster->size() > 1) {
    stream_over_ranks(*settings.cluster, names, settings, run, sink);
    return;
  }
  const std::size_t reps = settings.replications;
  const std::size_t count = names.size() * reps;
  const unsigned threads = engine::effective_threads(settings.threads, count);
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
  const auto errors = engine::run_slots(count, threads, [&](std::size_t slot) {
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
    slim_down(result, settings);
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
