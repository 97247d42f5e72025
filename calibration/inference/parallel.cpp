#include "calibration/inference/parallel.hpp"

namespace ozsim::calibration {

void in_calling_thread(std::size_t count, unsigned /*threads*/,
                       const std::function<void(std::size_t)>& task) {
  for (std::size_t slot = 0; slot < count; ++slot) task(slot);
}

void run_spread(const SpreadFor& spread_for, const ParallelFor& parallel_for, std::size_t count,
                unsigned threads, const std::function<void(std::size_t)>& task,
                const SlotTransfer& transfer) {
  if (spread_for)
    spread_for(count, threads, task, transfer);
  else
    parallel_for(count, threads, task);
}

}  // namespace ozsim::calibration
