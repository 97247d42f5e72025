#pragma once
// A calendar queue (Brown 1988): the pending-event set as an array of day-like buckets, each a short list
// sorted by (time, priority, insertion sequence). Push and pop take constant time on average, against the
// logarithmic time of a heap; the order of events is exactly the heap's, because both sort by the same
// total key. Same interface as EventQueue, so Simulator can use either.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/engine/event_queue.hpp"

namespace ozsim::engine {

class CalendarQueue {
 public:
  CalendarQueue() { rebuild(MIN_BUCKETS, 1.0); }

  // Schedules an event; throws std::invalid_argument if time is NaN.
  EventHandle push(Time time, std::uint32_t kind, std::uint64_t subject, std::uint64_t payload = 0,
                   std::int32_t priority = 0) {
    if (time != time) throw std::invalid_argument("CalendarQueue: event time is NaN");
    const std::uint32_t slot = allocate_slot();
    Slot& s = slots_[slot];
    s.time = time;
    s.priority = priority;
    s.sequence = next_sequence_++;
    s.kind = kind;
    s.subject = subject;
    s.payload = payload;
    s.virtual_bucket = virtual_bucket(time);
    link(slot);
    if (++size_ > 2 * buckets_.size()) resize(buckets_.size() * 2);
    return EventHandle{slot, s.generation};
  }

  bool cancel(EventHandle h) {
    if (!is_pending(h)) return false;
    unlink(h.slot);
    release_slot(h.slot);
    if (--size_ < buckets_.size() / 4 && buckets_.size() > MIN_BUCKETS) resize(buckets_.size() / 2);
    return true;
  }
  bool is_pending(EventHandle h) const {
    return h.slot < slots_.size() && slots_[h.slot].generation == h.generation &&
           slots_[h.slot].sequence != FREE_SEQUENCE;
  }
  EventHandle reschedule(EventHandle h, Time new_time) {
    if (new_time != new_time) throw std::invalid_argument("CalendarQueue: event time is NaN");
    if (!is_pending(h)) return EventHandle{};
    const Slot old = slots_[h.slot];
    cancel(h);
    return push(new_time, old.kind, old.subject, old.payload, old.priority);
  }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  // The next event; the queue must not be empty. Valid until the queue next changes.
  const Event& top() const {
    if (size_ == 0) throw std::logic_error("CalendarQueue: top() on an empty queue");
    const Slot& s = slots_[find_min()];
    top_ = Event{s.time, s.priority, s.sequence, s.kind, s.subject, s.payload};
    return top_;
  }
  Event pop() {
    if (size_ == 0) throw std::logic_error("CalendarQueue: pop() on an empty queue");
    const std::uint32_t slot = find_min();
    const Slot& s = slots_[slot];
    const Event event{s.time, s.priority, s.sequence, s.kind, s.subject, s.payload};
    set_head(buckets_[current_], s.next);  // the minimum is always the head of its bucket
    release_slot(slot);
    if (--size_ < buckets_.size() / 4 && buckets_.size() > MIN_BUCKETS) {
      resize(buckets_.size() / 2);
    } else if (direct_searches_ > MAX_DIRECT_SEARCHES) {
      // Events have spread out since the width was chosen: choose it again.
      resize(buckets_.size());
    }
    return event;
  }
  void clear() {
    for (std::size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].sequence != FREE_SEQUENCE) release_slot(static_cast<std::uint32_t>(i));
    size_ = 0;
    rebuild(MIN_BUCKETS, 1.0);
  }
  void reserve(std::size_t n) {
    slots_.reserve(n);
    free_slots_.reserve(n);
  }

 private:
  static constexpr std::uint64_t FREE_SEQUENCE = std::numeric_limits<std::uint64_t>::max();
  static constexpr std::uint32_t NIL = 0xFFFFFFFFu;
  static constexpr std::size_t MIN_BUCKETS = 16;
  static constexpr std::uint64_t MAX_DIRECT_SEARCHES = 64;
  // Virtual bucket numbers are clamped so that far-future times cannot overflow; clamped events are found
  // by the direct search, which keeps the order exact.
  static constexpr double MAX_VIRTUAL = 4.0e18;

  // A bucket keeps its head's time and virtual bucket beside the head, so scanning the calendar and most
  // insertions read only this contiguous array, not the scattered event slots.
  struct Bucket {
    std::int64_t head_virtual = 0;
    Time head_time = 0.0;
    std::uint32_t head = NIL;
  };

  struct alignas(64) Slot {  // one cache line per event: a slot never straddles two
    Time time = 0.0;
    std::int64_t virtual_bucket = 0;  // floor(time / width): which "day" of which "year"
    std::uint64_t sequence = FREE_SEQUENCE;
    std::uint64_t subject = 0;
    std::uint64_t payload = 0;
    std::uint32_t kind = 0;
    std::uint32_t generation = 0;
    std::int32_t priority = 0;
    std::uint32_t next = NIL;
  };

  static bool before(const Slot& a, const Slot& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.sequence < b.sequence;
  }
  std::int64_t virtual_bucket(Time t) const {
    const double v = t * inverse_width_;
    if (v >= MAX_VIRTUAL) return static_cast<std::int64_t>(MAX_VIRTUAL);
    if (v <= -MAX_VIRTUAL) return -static_cast<std::int64_t>(MAX_VIRTUAL);
    // floor() without a library call (baseline x86-64 has no rounding instruction): truncate, then step
    // down for negative fractions. Monotone in t, which is all the calendar needs.
    const auto truncated = static_cast<std::int64_t>(v);
    return static_cast<double>(truncated) > v ? truncated - 1 : truncated;
  }
  std::size_t bucket_of(std::int64_t virtual_bucket) const {
    return static_cast<std::size_t>(static_cast<std::uint64_t>(virtual_bucket) & mask_);
  }

  void set_head(Bucket& bucket, std::uint32_t slot) {
    bucket.head = slot;
    if (slot != NIL) {
      bucket.head_time = slots_[slot].time;
      bucket.head_virtual = slots_[slot].virtual_bucket;
    }
  }
  void link(std::uint32_t slot) {
    Slot& s = slots_[slot];
    const std::size_t b = bucket_of(s.virtual_bucket);
    Bucket& bucket = buckets_[b];
    if (bucket.head == NIL || s.time < bucket.head_time || (s.time == bucket.head_time && before(s, slots_[bucket.head]))) {
      s.next = bucket.head;
      set_head(bucket, slot);
    } else {
      std::uint32_t* link_to = &slots_[bucket.head].next;
      while (*link_to != NIL && before(slots_[*link_to], s)) link_to = &slots_[*link_to].next;
      s.next = *link_to;
      *link_to = slot;
    }
    // An event before the current position moves the search back to it.
    if (s.virtual_bucket < current_virtual_) {
      current_virtual_ = s.virtual_bucket;
      current_ = b;
    }
  }
  void unlink(std::uint32_t slot) {
    Bucket& bucket = buckets_[bucket_of(slots_[slot].virtual_bucket)];
    if (bucket.head == slot) {
      set_head(bucket, slots_[slot].next);
      return;
    }
    std::uint32_t* link_to = &slots_[bucket.head].next;
    while (*link_to != slot) link_to = &slots_[*link_to].next;
    *link_to = slots_[slot].next;
  }

  // The slot of the minimum event, which is the head of its bucket. Walks the calendar from the current
  // position for at most one "year"; if nothing is due in that year, finds the minimum head directly.
  std::uint32_t find_min() const {
    std::size_t b = current_;
    std::int64_t v = current_virtual_;
    for (std::size_t n = 0; n < buckets_.size(); ++n) {
      const Bucket& bucket = buckets_[b];
      if (bucket.head != NIL && bucket.head_virtual <= v) {
        current_ = b;
        current_virtual_ = v;
        return bucket.head;
      }
      b = (b + 1) & mask_;
      ++v;
    }
    std::uint32_t best = NIL;
    for (const Bucket& bucket : buckets_)
      if (bucket.head != NIL && (best == NIL || before(slots_[bucket.head], slots_[best]))) best = bucket.head;
    current_virtual_ = slots_[best].virtual_bucket;
    current_ = bucket_of(current_virtual_);
    ++direct_searches_;
    return best;
  }

  // New bucket count and width. The width is about three mean gaps between the events due next (Brown's
  // rule), measured over the first sixteenth of the pending events rather than a fixed few: a burst of
  // events at one moment would otherwise give a width so small that most events fall past the calendar's
  // year and every dequeue searches directly.
  void resize(std::size_t buckets) {
    std::vector<std::uint32_t> all;
    all.reserve(size_);
    for (const Bucket& bucket : buckets_)
      for (std::uint32_t s = bucket.head; s != NIL; s = slots_[s].next) all.push_back(s);
    double width = width_;
    if (all.size() >= 2) {
      std::vector<Time> times;
      times.reserve(all.size());
      for (std::uint32_t s : all) times.push_back(slots_[s].time);
      const std::size_t sample = std::min(times.size(), std::max<std::size_t>(64, times.size() / 16));
      std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(sample - 1), times.end());
      const Time last = times[sample - 1];
      const Time first = *std::min_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(sample));
      if (last > first) width = 3.0 * (last - first) / static_cast<double>(sample - 1);
    }
    rebuild(buckets, width);
    direct_searches_ = 0;
    for (std::uint32_t s : all) {
      slots_[s].virtual_bucket = virtual_bucket(slots_[s].time);
      link(s);
    }
  }
  void rebuild(std::size_t buckets, double width) {
    buckets_.assign(buckets, Bucket{});
    mask_ = buckets - 1;
    width_ = width > 0.0 && std::isfinite(width) ? width : 1.0;
    inverse_width_ = 1.0 / width_;
    current_ = 0;
    current_virtual_ = std::numeric_limits<std::int64_t>::max();
  }

  std::uint32_t allocate_slot() {
    if (!free_slots_.empty()) {
      const std::uint32_t slot = free_slots_.back();
      free_slots_.pop_back();
      return slot;
    }
    if (slots_.size() >= 0xFFFFFFFEu) throw std::length_error("CalendarQueue: more than 2^32-2 pending events");
    slots_.emplace_back();
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  void release_slot(std::uint32_t slot) {
    Slot& s = slots_[slot];
    s.sequence = FREE_SEQUENCE;
    ++s.generation;
    free_slots_.push_back(slot);
  }

  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<Bucket> buckets_;
  std::uint64_t mask_ = 0;
  double width_ = 1.0;
  double inverse_width_ = 1.0;
  // The search position is a cache of where the minimum was last found: const queries may move it.
  mutable std::size_t current_ = 0;
  mutable std::int64_t current_virtual_ = std::numeric_limits<std::int64_t>::max();
  mutable std::uint64_t direct_searches_ = 0;
  std::uint64_t next_sequence_ = 0;
  std::size_t size_ = 0;
  mutable Event top_{};
};

}  // namespace ozsim::engine
