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
  // A block is claimed whole (one atomic step per block, not per draw). The draws held at once are a window
  // of WINDOW blocks from the first one not yet used: a thread claims a block only inside it, so memory
  // stays bounded, and the helpers draw on while the calling thread uses the blocks behind them (they do
  // not wait at the end of a batch for the uses to catch up, as they did when the window moved in jumps).
  constexpr std::int64_t WINDOW = 256;
  const std::int64_t claim = std::max<std::int64_t>(1, block);
  if (threads <= 1 || count < 4 * claim) {
    for (std::int64_t i = 0; i < count; ++i) use(i, draw(i));
    return;
  }
  const std::int64_t blocks = (count + claim - 1) / claim;
  const std::int64_t window = std::min(WINDOW, blocks);
  // Window place b % window holds block b's draws once drawn[b % window] == b.
  std::vector<Result> results(static_cast<std::size_t>(window * claim));
  std::vector<std::atomic<std::int64_t>> drawn(static_cast<std::size_t>(window));
  for (std::atomic<std::int64_t>& d : drawn) d.store(-1, std::memory_order_relaxed);
  std::vector<std::exception_ptr> failure(static_cast<std::size_t>(window));
  std::vector<std::int64_t> failed_at(static_cast<std::size_t>(window), claim);
  std::atomic<std::int64_t> next_block{0};
  std::atomic<std::int64_t> used_blocks{0};  // blocks [0, used_blocks) are used: their places are free
  std::atomic<bool> stop{false};
  // Claims and draws the next block if it is inside the window: false if none was (none left, or the
  // window is full).
  const auto draw_a_block = [&]() {
    std::int64_t b = next_block.load(std::memory_order_relaxed);
    do {
      if (b >= blocks || b >= used_blocks.load(std::memory_order_acquire) + window) return false;
    } while (!next_block.compare_exchange_weak(b, b + 1, std::memory_order_relaxed));
    const auto place = static_cast<std::size_t>(b % window);
    const std::int64_t first = b * claim;
    const std::int64_t end = std::min(count, first + claim);
    failure[place] = nullptr;
    failed_at[place] = claim;
    for (std::int64_t i = first; i < end; ++i) {
      try {
        results[place * static_cast<std::size_t>(claim) + static_cast<std::size_t>(i - first)] = draw(i);
      } catch (...) {
        failure[place] = std::current_exception();
        failed_at[place] = i - first;
        break;
      }
    }
    drawn[place].store(b, std::memory_order_release);
    return true;
  };
  std::vector<std::thread> helpers;
  const auto stop_helpers = [&] {
    stop.store(true, std::memory_order_relaxed);
    for (std::thread& helper : helpers) helper.join();
  };
  try {
    for (std::int64_t t = 0; t < std::min(static_cast<std::int64_t>(threads) - 1, blocks - 1); ++t)
      helpers.emplace_back([&] {
        while (!stop.load(std::memory_order_relaxed) && next_block.load(std::memory_order_relaxed) < blocks)
          if (!draw_a_block()) std::this_thread::yield();  // the window is full: the uses catch up
      });
    for (std::int64_t b = 0; b < blocks; ++b) {
      const auto place = static_cast<std::size_t>(b % window);
      while (drawn[place].load(std::memory_order_acquire) != b)
        if (!draw_a_block()) std::this_thread::yield();  // the block is a helper's, nearly drawn
      const std::int64_t first = b * claim;
      const std::int64_t end = std::min(count, first + std::min(claim, failed_at[place]));
      for (std::int64_t i = first; i < end; ++i)
        use(i, std::move(
                   results[place * static_cast<std::size_t>(claim) + static_cast<std::size_t>(i - first)]));
      if (failure[place]) std::rethrow_exception(failure[place]);
      used_blocks.store(b + 1, std::memory_order_release);
    }
  } catch (...) {
    stop_helpers();
    throw;
  }
  stop_helpers();
}

}  // namespace ozsim::engine
