#pragma once
// The pending-event set of a simulation: a 4-ary min-heap ordered by (time, priority, insertion sequence).

#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/engine/event.hpp"

namespace ozsim::engine {

// Priority queue of events with cancellable handles.
//
// Ordering is (time, priority, sequence): earlier time first, then lower priority, then earlier insertion.
// Cancelled events are deleted lazily (their heap entry is skipped when it reaches the top, and the heap
// is compacted when stale entries outnumber live ones), so cancel is O(1) and size() counts live events.
class EventQueue {
 public:
  // Schedules an event; throws std::invalid_argument if time is NaN.
  [[gnu::always_inline]] EventHandle push(Time time, std::uint32_t kind, std::uint64_t subject,
                                          std::uint64_t payload = 0, std::int32_t priority = 0) {
    if (time != time) throw_nan_time();
    const std::uint32_t slot = allocate_slot();
    Slot& s = slots_[slot];
    const std::uint64_t sequence = next_sequence_++;
    s.sequence = sequence;
    s.subject = subject;
    s.payload = payload;
    s.kind = kind;
    s.priority = priority;
    // The new entry travels in registers to its final place: writing it at the back and reading it again
    // would stall on store-to-load forwarding.
    heap_.emplace_back();
    sift_up(heap_.size() - 1, Entry{time, priority, slot, sequence});
    ++live_;
    return EventHandle{slot, s.generation};
  }

  // Removes a pending event. Returns true if it was pending; false for stale or default handles.
  bool cancel(EventHandle h);
  // True if the handle refers to an event that has neither run nor been cancelled.
  bool is_pending(EventHandle h) const {
    return h.slot < slots_.size() && slots_[h.slot].generation == h.generation &&
           slots_[h.slot].sequence != FREE_SEQUENCE;
  }
  // Cancels the event and schedules a copy (same kind, subject, payload, priority) at new_time, with a new
  // insertion sequence. Returns the new handle, or a default handle (nothing scheduled) if h was not pending.
  EventHandle reschedule(EventHandle h, Time new_time);

  bool empty() const { return live_ == 0; }
  // Number of live (not cancelled) events.
  std::size_t size() const { return live_; }
  // The next event (std::logic_error when empty). The reference is valid until the queue next changes.
  const Event& top() const {
    if (live_ == 0) throw_empty();
    top_ = make_event(heap_.front());
    return top_;
  }
  // Removes and returns the next event; the queue must not be empty.
  [[gnu::always_inline]] Event pop() {
    if (heap_.empty()) throw_empty();
    const Entry& front = heap_.front();
    const Event event = make_event(front);
    release_slot(front.slot);
    --live_;
    remove_root();
    if (stale_ != 0) drop_stale_top();  // with no cancellations outstanding every entry is live
    return event;
  }
  // Pops the next event into `out` if there is one at or before `end`; otherwise returns false.
  bool pop_if_not_after(Time end, Event& out) {
    if (live_ == 0 || !(heap_.front().time <= end)) return false;  // the front is always live
    out = pop();
    return true;
  }
  // Removes every event; all outstanding handles become stale.
  void clear();

  // Heap entries including cancelled ones not yet discarded (for tests and diagnostics).
  std::size_t heap_entries() const { return heap_.size(); }
  // Pre-allocates room for n pending events.
  void reserve(std::size_t n);

 private:
  static constexpr std::uint64_t FREE_SEQUENCE = std::numeric_limits<std::uint64_t>::max();
  static constexpr std::size_t ARITY = 4;
  static constexpr std::size_t MIN_STALE_FOR_COMPACTION = 1024;

  // Compact heap entry: everything the comparison needs, so sifting never touches the slot table.
  struct Entry {
    Time time;
    std::int32_t priority;
    std::uint32_t slot;
    std::uint64_t sequence;
  };
  // The rest of an event, kept out of the heap so that sifting moves 24-byte entries; 40 bytes rather
  // than a whole Event, so that more of the table stays in cache.
  struct Slot {
    std::uint64_t sequence = FREE_SEQUENCE;  // of the live event, FREE_SEQUENCE when unused
    std::uint64_t subject = 0;
    std::uint64_t payload = 0;
    std::uint32_t kind = 0;
    std::uint32_t generation = 0;
    std::int32_t priority = 0;  // duplicated from the entry for reschedule
  };

  Event make_event(const Entry& e) const {
    const Slot& s = slots_[e.slot];
    return Event{e.time, e.priority, e.sequence, s.kind, s.subject, s.payload};
  }

  static bool before(const Entry& a, const Entry& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.sequence < b.sequence;
  }
  bool is_live(const Entry& e) const { return slots_[e.slot].sequence == e.sequence; }

  std::uint32_t allocate_slot() {
    if (!free_slots_.empty()) {
      const std::uint32_t slot = free_slots_.back();
      free_slots_.pop_back();
      return slot;
    }
    if (slots_.size() >= 0xFFFFFFFEu) throw_full();
    slots_.emplace_back();
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  void release_slot(std::uint32_t slot) {
    Slot& s = slots_[slot];
    s.sequence = FREE_SEQUENCE;
    ++s.generation;  // every handle to the old event becomes stale
    free_slots_.push_back(slot);
  }

  void sift_up(std::size_t i, Entry moving) {
    while (i > 0) {
      const std::size_t parent = (i - 1) / ARITY;
      if (!before(moving, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = moving;
  }
  void sift_down(std::size_t i, Entry moving) {
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first = ARITY * i + 1;
      if (first >= n) break;
      const std::size_t last = first + ARITY < n ? first + ARITY : n;
      std::size_t best = first;
      for (std::size_t c = first + 1; c < last; ++c) {
        if (before(heap_[c], heap_[best])) best = c;
      }
      if (!before(heap_[best], moving)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = moving;
  }
  void remove_root() {
    const Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
  }
  // Keeps the invariant that the heap top is live, so top() can stay const and cheap.
  void drop_stale_top() {
    while (!heap_.empty() && !is_live(heap_.front())) {
      remove_root();
      --stale_;
    }
  }
  void compact();

  [[noreturn]] static void throw_nan_time();
  [[noreturn]] static void throw_empty();
  [[noreturn]] static void throw_full();

  std::vector<Entry> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 0;
  std::size_t live_ = 0;
  std::size_t stale_ = 0;
  mutable Event top_{};
};

static_assert(EventSet<EventQueue>);

}  // namespace ozsim::engine
