#include "calibration/inference/parallel.hpp"

namespace ozsim::calibration {

void in_calling_thread(std::size_t count, unsigned /*threads*/,
                       const std::function<void(std::size_t)>& task) {
  for (std::size_t slot = 0; slot < count; ++slot) task(slot);
}

}  // namespace ozsim::calibration
