#pragma once
// How the inference runs independent slots (the particles of a generation, Morris points, predictive
// draws). The inference has no thread pool of its own: its caller passes ozsim's one
// (analysis::parallel_for; the command and the tests do), so this library needs nothing above the
// engine. Every slot writes only its own result, so what is computed never depends on how, or on how
// many threads, the slots run.
#include <cstddef>
#include <functional>

namespace ozsim::calibration {

// Runs task(slot) for every slot in [0, count) on up to `threads` threads (0 = all cores) and rethrows
// the exception of the lowest failing slot.
using ParallelFor =
    std::function<void(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task)>;

// Every slot in order, in the calling thread (`threads` is ignored): the default of every settings
// struct, so a caller that wants threads says which pool.
void in_calling_thread(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& task);

}  // namespace ozsim::calibration
