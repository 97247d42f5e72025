#include "sim/engine/provision.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace ozsim::engine {

Provision::Provision(std::string name, std::int64_t capacity, QueueDiscipline discipline,
                     std::optional<std::size_t> max_queue)
    : name_(std::move(name)), capacity_(capacity), discipline_(discipline), max_queue_(max_queue) {
  if (capacity < 0) fail("capacity must be >= 0, found " + std::to_string(capacity));
}

void Provision::fail(const std::string& message) const {
  throw std::logic_error("provision '" + name_ + "': " + message);
}

void Provision::set_keep_occupants(bool keep) {
  if (occupancy_ != 0 || queue_length_ != 0)
    fail("whether it keeps its occupants can change only while nobody occupies or waits");
  keep_occupants_ = keep;
  if (!keep) occupants_ = FlatMap<Occupant>();
}

bool Provision::is_occupying(std::uint64_t entity) const {
  if (!keep_occupants_) fail("is_occupying: this provision does not keep its occupants (set_keep_occupants)");
  return occupants_.find(entity) != nullptr;
}

bool Provision::is_waiting(std::uint64_t entity) const {
  return waiters_.find(entity) != nullptr;
}

std::optional<Time> Provision::waiting_since(std::uint64_t entity) const {
  const Member* m = waiters_.find(entity);
  if (m == nullptr) return std::nullopt;
  return m->requested_at;
}

void Provision::set_occupancy(Time now, std::int64_t value) {
  occupancy_ = value;
  occupancy_stat_.update(now, static_cast<double>(value));
}

void Provision::set_queue_length(Time now, std::size_t value) {
  queue_length_ = value;
  queue_stat_.update(now, static_cast<double>(value));
}

RequestOutcome Provision::request(Time now, std::uint64_t entity, double priority_key) {
  requested_.add();
  const bool has_room = occupancy_ < capacity_ && queue_length_ == 0;
  const bool queue_full = max_queue_ && queue_length_ >= *max_queue_;
  if (!has_room && queue_full) {
    if ((keep_occupants_ && is_occupying(entity)) || is_waiting(entity))
      fail("entity " + std::to_string(entity) + " requested a place twice");
    rejected_.add();
    return RequestOutcome::Rejected;
  }
  const auto twice = [&](const char* state) {
    fail("entity " + std::to_string(entity) + " requested a place twice (it is already " + state + ")");
  };
  // The waiters' table is small and in the cache: asked first, so that an admission probes the occupants'
  // table once, inserting.
  if (is_waiting(entity)) twice("waiting");
  if (has_room ? keep_occupants_ && !occupants_.insert(entity, Occupant{}).second
               : (keep_occupants_ && is_occupying(entity)) ||
                     !waiters_.insert(entity, Member{next_ticket_, now}).second)
    twice("occupying");
  if (has_room) {
    set_occupancy(now, occupancy_ + 1);
    admitted_.add();
    waiting_time_.add(0.0);
    record_wait(now, now, true);
    return RequestOutcome::Admitted;
  }
  const Waiter waiter{discipline_ == QueueDiscipline::Fifo ? 0.0 : priority_key, next_ticket_++, entity, now};
  if (discipline_ == QueueDiscipline::Fifo) {
    fifo_.push_back(waiter);
  } else {
    heap_.push_back(waiter);
    std::push_heap(heap_.begin(), heap_.end(), after);
  }
  set_queue_length(now, queue_length_ + 1);
  return RequestOutcome::Queued;
}

void Provision::release(Time now, std::uint64_t entity) {
  const auto refuse = [&](const char* why) {
    fail("release of entity " + std::to_string(entity) + " at t=" + fmt::to_string(now) + ", " + why);
  };
  if (keep_occupants_) {
    Occupant* m = occupants_.find(entity);
    if (m == nullptr) refuse("which does not occupy a place");
    occupants_.erase_found(m);
  } else if (occupancy_ <= 0) {
    refuse("while no place is occupied");
  } else if (is_waiting(entity)) {
    refuse("which waits for a place");
  }
  set_occupancy(now, occupancy_ - 1);
  admit_from_queue(now);
}

bool Provision::renege(Time now, std::uint64_t entity) {
  Member* m = waiters_.find(entity);
  if (m == nullptr) return false;
  // The container entry stays behind as stale and is skipped when it reaches the front.
  record_wait(now, m->requested_at, false);
  waiters_.erase_found(m);
  set_queue_length(now, queue_length_ - 1);
  reneged_.add();
  drop_stale_front();
  return true;
}

void Provision::set_capacity(Time now, std::int64_t capacity) {
  if (capacity < 0) fail("capacity must be >= 0, found " + std::to_string(capacity));
  if (capacity < capacity_) lowered_ceiling_ = std::max(lowered_ceiling_, occupancy_);
  capacity_ = capacity;
  if (occupancy_ <= capacity_) lowered_ceiling_ = 0;
  admit_from_queue(now);
}

Provision::Member* Provision::live_member(const Waiter& w) {
  Member* m = waiters_.find(w.entity);
  return m != nullptr && m->ticket == w.ticket ? m : nullptr;
}

bool Provision::is_live(const Waiter& w) const {
  return const_cast<Provision*>(this)->live_member(w) != nullptr;
}

void Provision::drop_stale_front() {
  // Keeping the front live bounds the stale entries to those behind live ones; they are freed as the
  // queue drains. A full purge when stale entries dominate keeps memory proportional to the queue.
  if (discipline_ == QueueDiscipline::Fifo) {
    while (!fifo_.empty() && !is_live(fifo_.front())) fifo_.pop_front();
    if (fifo_.size() > 64 && fifo_.size() > 2 * queue_length_) {
      std::erase_if(fifo_, [this](const Waiter& w) { return !is_live(w); });
    }
  } else {
    while (!heap_.empty() && !is_live(heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), after);
      heap_.pop_back();
    }
    if (heap_.size() > 64 && heap_.size() > 2 * queue_length_) {
      std::erase_if(heap_, [this](const Waiter& w) { return !is_live(w); });
      std::make_heap(heap_.begin(), heap_.end(), after);
    }
  }
}

std::optional<Provision::NextWaiter> Provision::pop_waiter() {
  // Stale entries (reneged) are dropped on the way; the live one comes with its member entry, so that
  // admitting it needs no second lookup.
  while (true) {
    Waiter w{};
    if (discipline_ == QueueDiscipline::Fifo) {
      if (fifo_.empty()) return std::nullopt;
      w = fifo_.front();
      fifo_.pop_front();
    } else {
      if (heap_.empty()) return std::nullopt;
      std::pop_heap(heap_.begin(), heap_.end(), after);
      w = heap_.back();
      heap_.pop_back();
    }
    if (Member* member = live_member(w)) return NextWaiter{w, member};
  }
}

void Provision::admit_from_queue(Time now) {
  // The condition is re-read after every callback, which may itself request, release or change capacity.
  while (occupancy_ < capacity_ && queue_length_ > 0) {
    const std::optional<NextWaiter> next = pop_waiter();
    if (!next) fail("internal error: queue length " + std::to_string(queue_length_) + " but no live waiter");
    const Waiter& w = next->waiter;
    waiters_.erase_found(next->member);
    if (keep_occupants_ && !occupants_.insert(w.entity, Occupant{}).second)
      fail("internal error: waiter " + std::to_string(w.entity) + " already occupies a place");
    set_queue_length(now, queue_length_ - 1);
    set_occupancy(now, occupancy_ + 1);
    admitted_.add();
    waiting_time_.add(now - w.requested_at);
    record_wait(now, w.requested_at, true);
    if (on_admit_) on_admit_(Admission{w.entity, w.requested_at, now});
  }
  if (occupancy_ <= capacity_) lowered_ceiling_ = 0;
}

void Provision::reset_statistics(Time now) {
  occupancy_stat_.update(now, static_cast<double>(occupancy_));
  queue_stat_.update(now, static_cast<double>(queue_length_));
  occupancy_stat_.reset(now);
  queue_stat_.reset(now);
  waiting_time_.reset();
  waits_.clear();
  statistics_since_ = now;
  requested_.reset();
  admitted_.reset();
  rejected_.reset();
  reneged_.reset();
}

void Provision::record_wait(Time now, Time requested_at, bool admitted) {
  if (now < statistics_since_) return;  // not watched (a wait ending before a reset)
  waits_.add(std::max(0.0, statistics_since_ - requested_at), now - requested_at, admitted);
}

SpellSurvival Provision::waiting_spells(Time now) const {
  SpellSurvival waits = waits_;
  const auto censor = [&](const Waiter& w) {
    if (is_live(w)) waits.add(std::max(0.0, statistics_since_ - w.requested_at), now - w.requested_at, false);
  };
  for (const Waiter& w : fifo_) censor(w);
  for (const Waiter& w : heap_) censor(w);
  return waits;
}

void Provision::check_invariants() const {
  const auto occupying = static_cast<std::int64_t>(occupants_.size());
  const std::size_t waiting = waiters_.size();
  waiters_.for_each([&](std::uint64_t entity, const Member&) {
    if (occupants_.find(entity) != nullptr)
      fail("entity " + std::to_string(entity) + " both waits and occupies a place");
  });
  if (keep_occupants_ && occupying != occupancy_) {
    fail("occupancy " + std::to_string(occupancy_) + " but " + std::to_string(occupying) +
         " entities occupy");
  }
  if (waiting != queue_length_) {
    fail("queue length " + std::to_string(queue_length_) + " but " + std::to_string(waiting) +
         " entities wait");
  }
  if (occupancy_ < 0) fail("negative occupancy " + std::to_string(occupancy_));
  if (occupancy_ > capacity_ && occupancy_ > lowered_ceiling_) {
    fail("occupancy " + std::to_string(occupancy_) + " exceeds capacity " + std::to_string(capacity_) +
         " although capacity was never lowered below it");
  }
  if (queue_length_ > 0 && occupancy_ < capacity_) {
    fail(std::to_string(queue_length_) + " waiting while " + std::to_string(capacity_ - occupancy_) +
         " places are free");
  }
  if (max_queue_ && queue_length_ > *max_queue_) {
    fail("queue length " + std::to_string(queue_length_) + " exceeds maximum " + std::to_string(*max_queue_));
  }
  std::size_t live = 0;
  const auto count_live = [&](const auto& container) {
    for (const Waiter& w : container) live += is_live(w) ? 1 : 0;
  };
  count_live(fifo_);
  count_live(heap_);
  if (live != queue_length_) {
    fail("waiting list holds " + std::to_string(live) + " live entries for queue length " +
         std::to_string(queue_length_) + " (duplicate or lost waiter)");
  }
}

}  // namespace ozsim::engine
