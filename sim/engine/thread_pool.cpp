#include "sim/engine/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace ozsim::engine {

unsigned effective_threads(unsigned requested, std::size_t tasks) {
  unsigned threads = requested != 0 ? requested : std::thread::hardware_concurrency();
  threads = std::max(threads, 1U);
  if (tasks < threads) threads = static_cast<unsigned>(std::max<std::size_t>(tasks, 1));
  return threads;
}

unsigned threads_per_task(unsigned requested, std::size_t tasks) {
  const unsigned threads = std::max(requested != 0 ? requested : std::thread::hardware_concurrency(), 1U);
  return std::max<unsigned>(1U, static_cast<unsigned>(threads / std::max<std::size_t>(tasks, 1)));
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

void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task) {
  for (const auto& error : run_slots(count, threads, task))
    if (error) std::rethrow_exception(error);
}

}  // namespace ozsim::engine
