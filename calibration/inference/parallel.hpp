#pragma once
// How the inference runs independent slots (the particles of a generation, Morris points, predictive
// draws). The inference has no thread pool of its own: its caller passes ozsim's one
// (analysis::parallel_for; the command and the tests do), so this library needs nothing above the
// engine. Every slot writes only its own result, so what is computed never depends on how, or on how
// many threads, the slots run.
#include <cstddef>
#include <functional>
#include <vector>

namespace ozsim::calibration {

// Runs task(slot) for every slot in [0, count) on up to `threads` threads (0 = all cores) and rethrows
// the exception of the lowest failing slot.
using ParallelFor =
    std::function<void(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task)>;

// Every slot in order, in the calling thread (`threads` is ignored): the default of every settings
// struct, so a caller that wants threads says which pool.
void in_calling_thread(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task);

// A slot's result as numbers (counts are exact below 2^53), so that a slot run by another process can
// be copied into this one bit for bit.
struct SlotTransfer {
  const char* noun = "slot";  // what a slot is, for a failure's message: "particle", "predictive draw"
  std::function<std::vector<double>(std::size_t slot)> save;
  std::function<void(std::size_t slot, const std::vector<double>& values)> load;
};

// Runs task(slot) for every slot in [0, count) over the processes of a run (under mpirun each runs
// its share on up to `threads` threads; the caller passes sim/analysis's) and leaves every slot's
// result in every process through `transfer`, so the processes go on in step. A failing slot throws
// in every process. Null: `parallel_for`, every slot in this process.
using SpreadFor =
    std::function<void(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task,
                       const SlotTransfer& transfer)>;

// spread_for when set, else parallel_for.
void run_spread(const SpreadFor& spread_for, const ParallelFor& parallel_for, std::size_t count,
                unsigned threads, const std::function<void(std::size_t)>& task, const SlotTransfer& transfer);

}  // namespace ozsim::calibration
