#pragma once
// A timetable of capacity changes for one Provision (e.g. places opening at the start of a school year).
// Passive like Provision: the model schedules an event at next_time() and calls apply_due when it fires.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/engine/event_queue.hpp"

namespace ozsim::engine {

class Provision;

struct CapacityChange {
  Time time;
  std::int64_t capacity;
};

class ScheduledCapacity {
 public:
  // Changes must be in non-decreasing time order with capacities >= 0, else std::invalid_argument.
  explicit ScheduledCapacity(std::vector<CapacityChange> changes);

  // Time of the next change not yet applied, if any.
  std::optional<Time> next_time() const;
  // Consumes every change with time <= now and applies the last of them (so simultaneous entries never
  // admit under an intermediate capacity); returns how many were consumed.
  std::size_t apply_due(Time now, Provision& provision);
  const std::vector<CapacityChange>& changes() const { return changes_; }

 private:
  std::vector<CapacityChange> changes_;
  std::size_t next_ = 0;
};

}  // namespace ozsim::engine
