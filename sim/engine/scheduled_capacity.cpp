#include "sim/engine/scheduled_capacity.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/engine/format.hpp"
#include "sim/engine/provision.hpp"

namespace ozsim::engine {

ScheduledCapacity::ScheduledCapacity(std::vector<CapacityChange> changes) : changes_(std::move(changes)) {
  for (std::size_t i = 0; i < changes_.size(); ++i) {
    const std::string where =
        "capacity change " + std::to_string(i + 1) + " (t=" + format_number(changes_[i].time) + ")";
    if (!std::isfinite(changes_[i].time)) throw std::invalid_argument(where + ": time must be finite");
    if (changes_[i].capacity < 0) {
      throw std::invalid_argument(where + ": capacity must be >= 0, found " +
                                  std::to_string(changes_[i].capacity));
    }
    if (i > 0 && changes_[i].time < changes_[i - 1].time) {
      throw std::invalid_argument(
          where + ": times must not decrease (previous t=" + format_number(changes_[i - 1].time) + ")");
    }
  }
}

std::optional<Time> ScheduledCapacity::next_time() const {
  if (next_ >= changes_.size()) return std::nullopt;
  return changes_[next_].time;
}

std::size_t ScheduledCapacity::apply_due(Time now, Provision& provision) {
  // Only the last due capacity is applied: applying each in turn could admit entities under an
  // intermediate capacity that never really held for any length of time.
  const std::size_t first = next_;
  while (next_ < changes_.size() && changes_[next_].time <= now) ++next_;
  if (next_ > first) provision.set_capacity(now, changes_[next_ - 1].capacity);
  return next_ - first;
}

}  // namespace ozsim::engine
