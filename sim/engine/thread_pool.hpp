#pragma once
// The one thread pool of ozsim: replications, sweep points, calibration
// particles and Morris trajectories all run through it, and so does the making
// of one replication's new pupils (model::RunOptions::creation_threads), which
// is why it lives in the engine. Work is handed out by slot number and every
// slot writes only its own result, so what a run computes never depends on the
// thread count or on which thread ran what.
#include <cstddef>
#include <exception>
#include <functional>
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

}  // namespace ozsim::engine
