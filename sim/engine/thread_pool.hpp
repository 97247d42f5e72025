#pragma once
// The one thread pool of ozsim: replications, sweep points, calibration
// particles and Morris trajectories all run through it; ordered_draws takes the
// draws of one replication's new pupils ahead of the model that uses them
// (model::RunOptions::creation_threads), which is why it lives in the engine.
// Work is handed out by slot number and every slot writes only its own result,
// so what a run computes never depends on the thread count or on which thread
// ran what.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

namespace ozsim::engine {

// The thread count actually used for `requested` (0 = all cores) and `tasks` tasks; at least 1.
unsigned effective_threads(unsigned requested, std::size_t tasks);

// The threads each of `tasks` tasks may use inside itself when fewer tasks than threads run (`requested`
// as for effective_threads): one replication alone gets every core; as many as the cores get one each.
unsigned threads_per_task(unsigned requested, std::size_t tasks);

// Runs task(i) for i in [0, count) on `threads` threads (1 = in the calling thread).
// Returns the exception of each failed slot (null where the task succeeded or was
// skipped after an earlier failure); slots below the first failure always ran.
std::vector<std::exception_ptr> run_slots(std::size_t count, unsigned threads,
                                          const std::function<void(std::size_t)>& task);

// run_slots, then rethrows the exception of the lowest failing slot (the same
// one for any thread count).
void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task);

// Runs use(i, draw(i)) for i in [0, count), in order of i and in the calling thread, as a loop would, while
// up to threads - 1 other threads take the draws ahead of it a block at a time; the calling thread takes
// blocks too rather than wait. So the draws' time is shared and the uses' is not added to theirs. draw must
// read nothing that use changes, and Result must be default-constructible. If a draw or a use throws, the
// uses before it have run, the threads stop, and the exception is rethrown: as the loop would.
// `block`: how many draws a thread claims at once. The default suits draws of a fraction of a microsecond;
// a draw that is itself a run of hundreds of pupils wants 1.
template <class Result, class Draw, class Use>
void ordered_draws(std::int64_t count, unsigned threads, const Draw& draw, const Use& use,
                   std::int64_t block = 256) {
  // A block is claimed whole (one atomic step per block, not per draw); a segment is what is held at once
  // and the span of one start of the helper threads (tens of microseconds beside drawing it).
  const std::int64_t claim = std::max<std::int64_t>(1, block);
  const std::int64_t segment = 256 * claim;
  if (threads <= 1 || count < 4 * claim) {
    for (std::int64_t i = 0; i < count; ++i) use(i, draw(i));
    return;
  }
  std::vector<Result> drawn;
  for (std::int64_t first = 0; first < count; first += segment) {
    const std::int64_t size = std::min(segment, count - first);
    const std::int64_t blocks = (size + claim - 1) / claim;
    drawn.assign(static_cast<std::size_t>(size), Result{});
    std::vector<std::atomic<bool>> ready(static_cast<std::size_t>(blocks));
    std::vector<std::exception_ptr> failure(static_cast<std::size_t>(blocks));
    std::vector<std::int64_t> failed_at(static_cast<std::size_t>(blocks), size);
    std::atomic<std::int64_t> next_block{0};
    std::atomic<bool> stop{false};
    // Draws the next unclaimed block; false when none is left.
    const auto draw_a_block = [&]() {
      const std::int64_t b = next_block.fetch_add(1, std::memory_order_relaxed);
      if (b >= blocks) return false;
      const std::int64_t end = std::min(size, (b + 1) * claim);
      for (std::int64_t i = b * claim; i < end; ++i) {
        try {
          drawn[static_cast<std::size_t>(i)] = draw(first + i);
        } catch (...) {
          failure[static_cast<std::size_t>(b)] = std::current_exception();
          failed_at[static_cast<std::size_t>(b)] = i;
          break;
        }
      }
      ready[static_cast<std::size_t>(b)].store(true, std::memory_order_release);
      return true;
    };
    std::vector<std::thread> helpers;
    const auto helper_count = static_cast<std::int64_t>(threads) - 1;
    const auto stop_helpers = [&] {
      stop.store(true, std::memory_order_relaxed);
      for (std::thread& helper : helpers) helper.join();
      helpers.clear();
    };
    try {
      for (std::int64_t t = 0; t < std::min(helper_count, blocks - 1); ++t)
        helpers.emplace_back([&] {
          while (!stop.load(std::memory_order_relaxed) && draw_a_block()) {
          }
        });
      for (std::int64_t b = 0; b < blocks; ++b) {
        while (!ready[static_cast<std::size_t>(b)].load(std::memory_order_acquire))
          if (!draw_a_block()) std::this_thread::yield();  // the block is a helper's, nearly drawn
        const std::int64_t end = std::min(size, (b + 1) * claim);
        for (std::int64_t i = b * claim; i < std::min(end, failed_at[static_cast<std::size_t>(b)]); ++i)
          use(first + i, std::move(drawn[static_cast<std::size_t>(i)]));
        if (failure[static_cast<std::size_t>(b)])
          std::rethrow_exception(failure[static_cast<std::size_t>(b)]);
      }
    } catch (...) {
      stop_helpers();
      throw;
    }
    stop_helpers();
  }
}

}  // namespace ozsim::engine
