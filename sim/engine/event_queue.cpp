#include "sim/engine/event_queue.hpp"

#include <algorithm>

namespace ozsim::engine {

bool EventQueue::cancel(EventHandle h) {
  if (!is_pending(h)) return false;
  release_slot(h.slot);
  --live_;
  ++stale_;
  // The top must stay live; other stale entries wait until they surface or until compaction.
  drop_stale_top();
  if (stale_ >= MIN_STALE_FOR_COMPACTION && stale_ > live_) compact();
  return true;
}

EventHandle EventQueue::reschedule(EventHandle h, Time new_time) {
  if (new_time != new_time) throw_nan_time();
  if (!is_pending(h)) return EventHandle{};
  const Slot old = slots_[h.slot];
  cancel(h);
  return push(new_time, old.kind, old.subject, old.payload, old.priority);
}

void EventQueue::clear() {
  for (const Entry& e : heap_) {
    if (is_live(e)) release_slot(e.slot);
  }
  heap_.clear();
  live_ = 0;
  stale_ = 0;
}

void EventQueue::reserve(std::size_t n) {
  heap_.reserve(n);
  slots_.reserve(n);
  free_slots_.reserve(n);
}

void EventQueue::compact() {
  // Rebuilding keeps the order exactly: the key (time, priority, sequence) is total and unique.
  std::erase_if(heap_, [this](const Entry& e) { return !is_live(e); });
  stale_ = 0;
  if (heap_.size() < 2) return;
  for (std::size_t i = (heap_.size() - 2) / ARITY + 1; i-- > 0;) sift_down(i, heap_[i]);
}

void EventQueue::throw_nan_time() {
  throw std::invalid_argument("EventQueue: event time is NaN");
}
void EventQueue::throw_empty() {
  throw std::logic_error("EventQueue: pop() on an empty queue");
}
void EventQueue::throw_full() {
  throw std::length_error("EventQueue: more than 2^32-2 pending events");
}

}  // namespace ozsim::engine
