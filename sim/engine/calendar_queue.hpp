#pragma once
// A calendar queue (Brown 1988): the pending-event set as an array of day-like buckets. Push and pop take
// constant time on average, against the logarithmic time of a heap; the order of events is exactly the
// heap's, because both sort by the same total key (time, priority, insertion sequence). Both fulfil the
// EventSet contract (event.hpp), so Simulator can use either.
//
// Speed here is a matter of cache misses and unpredictable branches, so:
// - each bucket holds its first four events' times inline and unsorted, in one cache line: an insertion
//   is an append and a removal takes the smallest of four, with no list to walk; the buckets' fill counts
//   sit apart in an array of their own, so that an insertion only writes the bucket's line (a store does not
//   stall the processor the way a load does) and the search skips empty buckets without touching their lines;
// - events beyond the inline places go to the bucket's overflow heap, so that a burst of events at one
//   moment (every pupil's school year starting on the same day) costs O(log m) per event, not O(m);
// - an event's other fields sit in a 32-byte slot, so that buckets and slots of 10^4 pending events
//   together stay within a 1 MiB level-2 cache;
// - optionally (park_beyond), events of later epochs are parked: appended unsorted to their epoch's list,
//   and put in the calendar only when their epoch comes. A pupil model schedules half its events a year or
//   more ahead; in the calendar each is a cache miss on a random bucket of a calendar sized for every
//   pending event, while parked it is an append to one of a few lists, and the calendar holds one epoch's
//   events, which stay in cache.

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "sim/engine/event.hpp"
#include "sim/engine/event_queue.hpp"

namespace ozsim::engine {

class CalendarQueue {
 public:
  CalendarQueue() : CalendarQueue(std::uint64_t{1} << 32) {}
  // sequence_limit: how many insertions before sequence numbers are compacted. Only tests set it, to
  // reach the compaction quickly; it must be at least 2.
  explicit CalendarQueue(std::uint64_t sequence_limit) : sequence_limit_(sequence_limit) {
    if (sequence_limit < 2 || sequence_limit > (std::uint64_t{1} << 32))
      throw std::invalid_argument("CalendarQueue: sequence_limit must be in [2, 2^32]");
    rebuild(MIN_BUCKETS, 1.0);
  }

  // Schedules an event; throws std::invalid_argument if time is NaN.
  EventHandle push(Time time, std::uint32_t kind, std::uint64_t subject, std::uint64_t payload = 0,
                   std::int32_t priority = 0) {
    if (time != time) throw std::invalid_argument("CalendarQueue: event time is NaN");
    if (next_sequence_ == sequence_limit_) [[unlikely]]
      compact_sequences();
    const std::uint32_t slot = allocate_slot();
    Slot& s = slots_[slot];
    s.subject = subject;
    s.payload = payload;
    s.sequence = static_cast<std::uint32_t>(next_sequence_++);
    s.kind = kind;
    s.priority = priority;
    if (epoch_width_ > 0.0 && size_ == 0) {
      // An empty queue parks from the epoch after this event's on: after an event at +infinity, say, the
      // epochs start over.
      if (parked_entries_ != 0) drop_parked();  // cancelled ones only
      first_parked_epoch_ = epoch_of(time) + 1;
    }
    ++size_;
    if (epoch_width_ > 0.0 && epoch_of(time) >= first_parked_epoch_) {
      park(slot, time);
      if (calendar_size_ == 0) unpark();
    } else {
      link(slot, time);
      if (++calendar_size_ > grow_above_) resize(buckets_.size() * 2);
    }
    return EventHandle{slot, generations_[slot]};
  }

  bool cancel(EventHandle h) {
    if (!is_pending(h)) return false;
    if (slots_[h.slot].bucket == PARKED) {
      // Its entry stays in the epoch's list, stale by its generation, and is dropped as the epoch comes.
      release_slot(h.slot);
      --size_;
      --parked_count_;
      return true;
    }
    unlink(h.slot);
    release_slot(h.slot);
    --size_;
    count_removal();
    if (calendar_size_ == 0 && parked_count_ != 0) unpark();
    return true;
  }

  // Parks events of epochs after the current one (an epoch: epoch_width of time, from time 0) until their
  // epoch comes; 0 puts every event in the calendar (the default). Only while the queue is empty. The order
  // of events is the same either way: every parked event is later than every event in the calendar.
  // A width of a few times the calendar's year suits: a pupil model's, a month.
  void park_beyond(Time epoch_width) {
    if (!(epoch_width >= 0.0) || !std::isfinite(epoch_width))
      throw std::invalid_argument("CalendarQueue: the parking epoch width must be finite and >= 0");
    if (size_ != 0) throw std::logic_error("CalendarQueue: parking is set while events are pending");
    clear();
    epoch_width_ = epoch_width;
    inverse_epoch_width_ = epoch_width > 0.0 ? 1.0 / epoch_width : 0.0;
    first_parked_epoch_ = 1;
  }
  // Pending events that wait parked, not in the calendar (for tests and benchmarks).
  std::size_t parked() const { return parked_count_; }
  // A slot's generation changes whenever its event leaves the queue, so a matching generation means the
  // event is still pending.
  bool is_pending(EventHandle h) const {
    return h.slot < slots_.size() && generations_[h.slot] == h.generation;
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
    const Position p = find_min();
    top_ = make_event(p);
    return top_;
  }
  Event pop() {
    if (size_ == 0) throw std::logic_error("CalendarQueue: pop() on an empty queue");
    return remove(find_min());
  }
  // Pops the next event into `out` if there is one at or before `end`; otherwise leaves the queue as it is
  // and returns false. One search instead of top() and pop()'s two.
  bool pop_if_not_after(Time end, Event& out) {
    if (size_ == 0) return false;
    const Position next = find_min();
    if (!(next.time <= end)) return false;
    out = remove(next);
    // The event after it, as things stand: its slot was written when it was scheduled, long ago for most,
    // and the caller's handling of this one gives the load time to arrive.
    if (size_ != 0) {
      const std::uint32_t slot = find_min().slot;
      __builtin_prefetch(&slots_[slot]);
      __builtin_prefetch(&generations_[slot]);  // its release will write it
      next_slot_hint_ = slot;
    }
    return true;
  }
  // The subject of the event that came next when the last one was popped (pop_if_not_after), if one did:
  // a hint only, for a caller to ask for that subject's data while it handles the event popped (events it
  // schedules may come first). Read it late in the handling: the slot was asked for at the pop.
  std::optional<std::uint64_t> next_subject_hint() const {
    if (size_ == 0 || next_slot_hint_ >= slots_.size()) return std::nullopt;
    return slots_[next_slot_hint_].subject;
  }
  void clear() {
    for (const auto& [slot, time] : pending_events(/*with_parked=*/true)) release_slot(slot);
    size_ = 0;
    calendar_size_ = 0;
    drop_parked();
    first_parked_epoch_ = 1;
    rebuild(MIN_BUCKETS, 1.0);
  }
  void reserve(std::size_t n) {
    slots_.reserve(n);
    generations_.reserve(n);
    free_slots_.reserve(n);
  }

 private:
  static constexpr std::uint32_t NONE = 0;  // overflow index 0 is never used: "no overflow heap"
  static constexpr std::size_t MIN_BUCKETS = 16;
  static constexpr std::uint32_t INLINE = 4;
  // Growth threshold (events per bucket) and bucket width (mean gaps between the events due next), chosen
  // with bench/bm_engine.cpp's hold model: more and narrower buckets cost memory and scanning, fewer and
  // wider ones cost overflow.
  static constexpr std::size_t EVENTS_PER_BUCKET = 2;
  static constexpr double WIDTH_IN_MEAN_GAPS = 1.5;
  static constexpr std::uint64_t MAX_DIRECT_SEARCHES = 64;
  static constexpr std::size_t MAX_WIDTH_SAMPLE = std::size_t{1} << 16;  // see resize
  static constexpr double MAX_VIRTUAL = 4.0e18;                          // see virtual_bucket
  static constexpr Time EMPTY = std::numeric_limits<Time>::infinity();
  static constexpr std::uint32_t PARKED = 0xFFFFFFFF;  // Slot::bucket of a parked event (buckets < 2^31)
  // Epochs parked by index (a ring); an event further ahead waits in parked_beyond_ (a run of centuries).
  static constexpr std::int64_t PARKED_EPOCHS = 1024;

  // Everything about a pending event but its time, which lives in its bucket.
  struct alignas(32) Slot {
    std::uint64_t subject = 0;
    std::uint64_t payload = 0;
    std::uint32_t sequence = 0;  // rank of insertion among pending events (see compact_sequences)
    std::uint32_t kind = 0;
    std::int32_t priority = 0;
    std::uint32_t bucket = 0;  // where the event's time is, for cancel; PARKED if parked
  };
  // A parked event: its generation tells whether it is still pending when its epoch comes.
  struct Parked {
    Time time;
    std::uint32_t slot;
    std::uint32_t generation;
  };

  // Unused inline places hold time EMPTY, so the minimum of all four needs no count. How many places are
  // used is in counts_.
  struct alignas(64) Bucket {
    std::array<Time, INLINE> time{EMPTY, EMPTY, EMPTY, EMPTY};
    std::array<std::uint32_t, INLINE> slot{};
    std::uint32_t overflow = NONE;  // index into overflow_, or NONE
  };

  // An overflow heap entry carries the whole key, so that sifting never reads the event slots.
  struct Key {
    Time time;
    std::int32_t priority;
    std::uint32_t sequence;
    std::uint32_t slot;
  };
  static bool before(const Key& a, const Key& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.sequence < b.sequence;
  }
  // std heap algorithms build max-heaps: "a after b" puts the earliest event at the front.
  struct After {
    bool operator()(const Key& a, const Key& b) const { return before(b, a); }
  };

  // Where an event sits: its bucket, and an inline place or (inline_index == INLINE) the overflow heap's
  // front.
  struct Position {
    std::uint32_t bucket;
    std::uint32_t inline_index;
    std::uint32_t slot;
    Time time;
  };

  Event make_event(const Position& p) const {
    const Slot& s = slots_[p.slot];
    return Event{p.time, s.priority, s.sequence, s.kind, s.subject, s.payload};
  }
  Key key_of(Time time, std::uint32_t slot) const {
    const Slot& s = slots_[slot];
    return Key{time, s.priority, s.sequence, slot};
  }

  // Which "day" of which "year" a time falls in: t / width, truncated. Truncation is monotone in t, which
  // is all the calendar needs (day 0 is twice as wide, from -width to width); the clamp keeps far-future
  // times from overflowing, and the direct search keeps the order of clamped events exact.
  std::int64_t virtual_bucket(Time t) const {
    return static_cast<std::int64_t>(std::min(std::max(t * inverse_width_, -MAX_VIRTUAL), MAX_VIRTUAL));
  }
  std::uint32_t bucket_of(std::int64_t virtual_bucket) const {
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(virtual_bucket) & mask_);
  }

  [[gnu::always_inline]] void link(std::uint32_t slot, Time time) {
    const std::int64_t v = virtual_bucket(time);
    const std::uint32_t b = bucket_of(v);
    Bucket& bucket = buckets_[b];
    slots_[slot].bucket = b;
    const std::uint16_t count = counts_[b];
    if (count < INLINE) {
      bucket.time[count] = time;
      bucket.slot[count] = slot;
      counts_[b] = static_cast<std::uint16_t>(count + 1);
    } else {
      if (bucket.overflow == NONE) bucket.overflow = allocate_overflow();
      std::vector<Key>& heap = overflow_[bucket.overflow];
      heap.push_back(key_of(time, slot));
      std::push_heap(heap.begin(), heap.end(), After{});
    }
    // An event before the current position moves the search back to it.
    if (v < current_virtual_) {
      current_virtual_ = v;
      current_ = b;
    }
  }

  // The position of the minimum event. Walks the calendar from the current position for at most one
  // "year"; if nothing is due in that year, finds the minimum directly.
  [[gnu::always_inline]] Position find_min() const {
    const std::uint16_t* const counts = counts_.data();
    const Bucket* const buckets = buckets_.data();
    std::uint32_t b = current_;
    std::int64_t v = current_virtual_;
    for (std::uint64_t n = mask_ + 1; n != 0; --n) {
      if (counts[b] != 0) {
        const Bucket& bucket = buckets[b];
        const auto& t = bucket.time;
        // The minimum of all four places without branches: which place wins is unpredictable, so
        // branches would mostly miss. Every place is >= the minimum, so "<=" finds the places equal to it.
        const Time minimum = std::min(std::min(t[0], t[1]), std::min(t[2], t[3]));
        const unsigned at_minimum =
            static_cast<unsigned>(t[0] <= minimum) | static_cast<unsigned>(t[1] <= minimum) << 1 |
            static_cast<unsigned>(t[2] <= minimum) << 2 | static_cast<unsigned>(t[3] <= minimum) << 3;
        if ((at_minimum & (at_minimum - 1)) != 0 || bucket.overflow != NONE) [[unlikely]] {
          const Position p = bucket_min(b);
          if (virtual_bucket(p.time) <= v) return found_at(p, v);
        } else if (virtual_bucket(minimum) <= v) {
          const auto i = static_cast<std::uint32_t>(std::countr_zero(at_minimum));
          return found_at(Position{b, i, bucket.slot[i], minimum}, v);
        }
      }
      b = static_cast<std::uint32_t>((b + 1) & mask_);
      ++v;
    }
    return find_min_directly();
  }
  Position found_at(const Position& p, std::int64_t v) const {
    current_ = p.bucket;
    current_virtual_ = v;
    return p;
  }

  // The earliest event of a non-empty bucket by the full key: for ties in time (or events at +infinity,
  // which look like empty places) and for buckets with an overflow heap.
  [[gnu::noinline]] Position bucket_min(std::uint32_t b) const {
    const Bucket& bucket = buckets_[b];
    std::uint32_t winner = 0;
    for (std::uint32_t i = 1; i < counts_[b]; ++i)
      if (before(key_of(bucket.time[i], bucket.slot[i]), key_of(bucket.time[winner], bucket.slot[winner])))
        winner = i;
    const Position inline_best{b, winner, bucket.slot[winner], bucket.time[winner]};
    if (bucket.overflow != NONE) {
      const Key& front = overflow_[bucket.overflow].front();
      if (before(front, key_of(inline_best.time, inline_best.slot)))
        return Position{b, INLINE, front.slot, front.time};
    }
    return inline_best;
  }

  [[gnu::noinline]] Position find_min_directly() const {
    Position best{0, 0, 0, 0.0};
    bool found = false;
    for (std::uint32_t i = 0; i < buckets_.size(); ++i) {
      if (counts_[i] == 0) continue;
      const Position p = bucket_min(i);
      if (!found || before(key_of(p.time, p.slot), key_of(best.time, best.slot))) best = p;
      found = true;
    }
    current_virtual_ = virtual_bucket(best.time);
    current_ = best.bucket;
    ++direct_searches_;
    return best;
  }

  Event remove(const Position& p) {
    const Event event = make_event(p);
    Bucket& bucket = buckets_[p.bucket];
    if (p.inline_index == INLINE) {
      erase_from_overflow(bucket, 0);
    } else {
      remove_inline(p.bucket, p.inline_index);
    }
    release_slot(p.slot);
    --size_;
    if (!count_removal() && direct_searches_ > MAX_DIRECT_SEARCHES) {
      // Events have spread out since the width was chosen: choose it again.
      resize(buckets_.size());
    }
    if (calendar_size_ == 0 && parked_count_ != 0) unpark();
    return event;
  }

  // Frees inline place i. The overflow heap, if any, refills it, so a bucket's inline places are full
  // whenever it has an overflow heap.
  void remove_inline(std::uint32_t b, std::uint32_t i) {
    Bucket& bucket = buckets_[b];
    if (bucket.overflow != NONE) {
      const Key front = overflow_[bucket.overflow].front();
      bucket.time[i] = front.time;
      bucket.slot[i] = front.slot;
      erase_from_overflow(bucket, 0);
      return;
    }
    const std::uint32_t last = --counts_[b];
    bucket.time[i] = bucket.time[last];
    bucket.slot[i] = bucket.slot[last];
    bucket.time[last] = EMPTY;
  }
  // Removes entry i of the bucket's overflow heap: the last entry takes its place and sifts down or up.
  void erase_from_overflow(Bucket& bucket, std::size_t i) {
    std::vector<Key>& heap = overflow_[bucket.overflow];
    const Key moved = heap.back();
    heap.pop_back();
    if (i < heap.size()) {
      std::size_t hole = i;
      for (std::size_t child = 2 * hole + 1; child < heap.size(); child = 2 * hole + 1) {
        if (child + 1 < heap.size() && before(heap[child + 1], heap[child])) ++child;
        if (!before(heap[child], moved)) break;
        heap[hole] = heap[child];
        hole = child;
      }
      heap[hole] = moved;
      std::push_heap(heap.begin(), heap.begin() + static_cast<std::ptrdiff_t>(hole + 1), After{});
    }
    if (heap.empty()) release_overflow(bucket);
  }

  void unlink(std::uint32_t slot) {
    const std::uint32_t b = slots_[slot].bucket;
    Bucket& bucket = buckets_[b];
    for (std::uint32_t i = 0; i < counts_[b]; ++i) {
      if (bucket.slot[i] == slot) {
        remove_inline(b, i);
        return;
      }
    }
    const std::vector<Key>& heap = overflow_[bucket.overflow];
    const auto at = std::find_if(heap.begin(), heap.end(), [slot](const Key& k) { return k.slot == slot; });
    erase_from_overflow(bucket, static_cast<std::size_t>(at - heap.begin()));
  }

  // Counts one event out of the calendar, and halves the calendar when it has become sparse; true if it
  // did.
  bool count_removal() {
    if (--calendar_size_ < shrink_below_) {
      resize(buckets_.size() / 2);
      return true;
    }
    return false;
  }

  // The slots and times of the events in the calendar (and the pending parked ones too if with_parked), in
  // no particular order.
  std::vector<std::pair<std::uint32_t, Time>> pending_events(bool with_parked = false) const {
    std::vector<std::pair<std::uint32_t, Time>> all;
    all.reserve(with_parked ? size_ : calendar_size_);
    for (std::size_t b = 0; b < buckets_.size(); ++b) {
      const Bucket& bucket = buckets_[b];
      for (std::uint32_t i = 0; i < counts_[b]; ++i) all.emplace_back(bucket.slot[i], bucket.time[i]);
      if (bucket.overflow != NONE)
        for (const Key& k : overflow_[bucket.overflow]) all.emplace_back(k.slot, k.time);
    }
    if (with_parked) {
      const auto add_pending = [&](const std::vector<Parked>& list) {
        for (const Parked& p : list)
          if (generations_[p.slot] == p.generation) all.emplace_back(p.slot, p.time);
      };
      for (const std::vector<Parked>& list : parked_) add_pending(list);
      add_pending(parked_beyond_);
    }
    return all;
  }

  // The epoch of a time: truncated, clamped as virtual_bucket is; monotone in t, so an event of an earlier
  // epoch is earlier.
  std::int64_t epoch_of(Time t) const {
    return static_cast<std::int64_t>(
        std::min(std::max(std::floor(t * inverse_epoch_width_), -MAX_VIRTUAL), MAX_VIRTUAL));
  }
  void park(std::uint32_t slot, Time time) {
    slots_[slot].bucket = PARKED;
    ++parked_count_;
    ++parked_entries_;
    const std::int64_t epoch = epoch_of(time);
    const Parked entry{time, slot, generations_[slot]};
    if (epoch - first_parked_epoch_ < PARKED_EPOCHS) {
      if (parked_.empty()) parked_.resize(static_cast<std::size_t>(PARKED_EPOCHS));
      parked_[static_cast<std::size_t>(epoch % PARKED_EPOCHS)].push_back(entry);
    } else {
      parked_beyond_.push_back(entry);
      beyond_first_epoch_ = std::min(beyond_first_epoch_, epoch);
    }
  }
  // With the calendar empty and events parked: puts the next epoch that holds a pending event in the
  // calendar, so that the calendar is never empty while events are pending.
  [[gnu::noinline]] void unpark() {
    while (calendar_size_ == 0 && parked_count_ != 0) {
      if (parked_entries_ == parked_beyond_.size()) {
        // Nothing (not even a stale entry) is parked by index: jump to the first epoch further ahead.
        first_parked_epoch_ = std::max(first_parked_epoch_, beyond_first_epoch_);
      }
      if (beyond_first_epoch_ < first_parked_epoch_ + PARKED_EPOCHS) bring_beyond_in();
      std::vector<Parked> due;
      if (!parked_.empty()) due.swap(parked_[static_cast<std::size_t>(first_parked_epoch_ % PARKED_EPOCHS)]);
      ++first_parked_epoch_;
      parked_entries_ -= due.size();
      std::vector<std::pair<std::uint32_t, Time>> arriving;
      arriving.reserve(due.size());
      for (const Parked& p : due)
        if (generations_[p.slot] == p.generation) arriving.emplace_back(p.slot, p.time);  // not cancelled
      if (arriving.empty()) continue;
      // Into an empty calendar of the size growth would reach, its width from these events: one linking
      // instead of a resize at every doubling.
      parked_count_ -= arriving.size();
      calendar_size_ = arriving.size();
      relink(
          std::max(MIN_BUCKETS, std::bit_ceil((arriving.size() + EVENTS_PER_BUCKET - 1) / EVENTS_PER_BUCKET)),
          arriving);
    }
    if (parked_count_ == 0 && parked_entries_ != 0) drop_parked();  // only stale entries are left
  }
  // Moves the events of parked_beyond_ that are now within PARKED_EPOCHS of the first parked epoch to
  // their epoch's list.
  void bring_beyond_in() {
    std::vector<Parked> beyond;
    beyond.swap(parked_beyond_);
    beyond_first_epoch_ = std::numeric_limits<std::int64_t>::max();
    parked_entries_ -= beyond.size();
    parked_count_ -=
        static_cast<std::size_t>(std::count_if(beyond.begin(), beyond.end(), [this](const Parked& p) {
          return generations_[p.slot] == p.generation;
        }));
    for (const Parked& p : beyond)
      if (generations_[p.slot] == p.generation) park(p.slot, p.time);
  }
  void drop_parked() {
    for (std::vector<Parked>& list : parked_) std::vector<Parked>().swap(list);
    std::vector<Parked>().swap(parked_beyond_);
    beyond_first_epoch_ = std::numeric_limits<std::int64_t>::max();
    parked_count_ = 0;
    parked_entries_ = 0;
  }

  // New bucket count and width. The width is a small multiple of the mean gap between the events due next
  // (Brown's rule), measured over the first sixteenth of the pending events rather than a fixed few: a
  // burst of events at one moment would otherwise give a width so small that most events fall past the
  // calendar's year and every dequeue searches directly.
  [[gnu::noinline]] void resize(std::size_t buckets) { relink(buckets, pending_events()); }
  // resize with the calendar's events in `all`: the calendar is emptied and `all` linked in afresh.
  void relink(std::size_t buckets, const std::vector<std::pair<std::uint32_t, Time>>& all) {
    double width = width_;
    if (all.size() >= 2) {
      // Millions of pending events (a national run) are thinned to every stride-th one, so that the
      // estimate does not add 8 bytes per event to the peak memory; thinning by `stride` multiplies the
      // gaps by it.
      const std::size_t stride = (all.size() + MAX_WIDTH_SAMPLE - 1) / MAX_WIDTH_SAMPLE;
      std::vector<Time> times;
      times.reserve(all.size() / stride + 1);
      for (std::size_t i = 0; i < all.size(); i += stride) times.push_back(all[i].second);
      const std::size_t sample = std::min(times.size(), std::max<std::size_t>(64, times.size() / 16));
      std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(sample - 1), times.end());
      const Time last = times[sample - 1];
      const Time first =
          *std::min_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(sample));
      if (last > first && sample >= 2) {
        width = WIDTH_IN_MEAN_GAPS * (last - first) / static_cast<double>(sample - 1) /
                static_cast<double>(stride);
      }
    }
    // The events are all in `all` now: a calendar that has to grow frees the old one before allocating the
    // new one; one that fits keeps its memory, mapped already (with parking it resizes every epoch).
    if (buckets > buckets_.capacity()) {
      std::vector<Bucket>().swap(buckets_);
      std::vector<std::uint16_t>().swap(counts_);
    }
    rebuild(buckets, width);
    direct_searches_ = 0;
    for (const auto& [slot, time] : all) link(slot, time);
  }
  void rebuild(std::size_t buckets, double width) {
    if (buckets > (std::size_t{1} << 31)) throw std::length_error("CalendarQueue: more than 2^31 buckets");
    buckets_.assign(buckets, Bucket{});
    counts_.assign(buckets, 0);
    for (std::vector<Key>& heap : overflow_) heap.clear();
    free_overflow_.clear();
    for (std::size_t i = overflow_.size(); i-- > 1;) free_overflow_.push_back(static_cast<std::uint32_t>(i));
    mask_ = buckets - 1;
    grow_above_ = EVENTS_PER_BUCKET * buckets;
    shrink_below_ = buckets > MIN_BUCKETS ? buckets / 4 : 0;
    width_ = width > 0.0 && std::isfinite(width) ? width : 1.0;
    inverse_width_ = 1.0 / width_;
    current_ = 0;
    current_virtual_ = std::numeric_limits<std::int64_t>::max();
  }

  // Sequence numbers are 32 bits to keep a slot at 32 bytes. Before they run out, the pending events are
  // renumbered 0, 1, 2, ... in their existing order, which leaves every comparison as it was.
  [[gnu::noinline]] void compact_sequences() {
    std::vector<std::pair<std::uint32_t, Time>> order = pending_events(/*with_parked=*/true);
    std::sort(order.begin(), order.end(), [this](const auto& a, const auto& b) {
      return slots_[a.first].sequence < slots_[b.first].sequence;
    });
    for (std::size_t rank = 0; rank < order.size(); ++rank)
      slots_[order[rank].first].sequence = static_cast<std::uint32_t>(rank);
    for (std::vector<Key>& heap : overflow_)
      for (Key& k : heap) k.sequence = slots_[k.slot].sequence;
    next_sequence_ = order.size();
    if (next_sequence_ >= sequence_limit_)
      throw std::length_error("CalendarQueue: more pending events than sequence numbers");
  }

  [[gnu::noinline]] std::uint32_t allocate_overflow() {
    if (overflow_.empty()) overflow_.emplace_back();  // index 0 stands for NONE
    if (!free_overflow_.empty()) {
      const std::uint32_t index = free_overflow_.back();
      free_overflow_.pop_back();
      return index;
    }
    overflow_.emplace_back();
    return static_cast<std::uint32_t>(overflow_.size() - 1);
  }
  void release_overflow(Bucket& bucket) {
    free_overflow_.push_back(bucket.overflow);  // keeps its capacity for the next burst
    bucket.overflow = NONE;
  }

  std::uint32_t allocate_slot() {
    if (!free_slots_.empty()) {
      const std::uint32_t slot = free_slots_.back();
      free_slots_.pop_back();
      return slot;
    }
    if (slots_.size() >= 0xFFFFFFFEu)
      throw std::length_error("CalendarQueue: more than 2^32-2 pending events");
    slots_.emplace_back();
    generations_.push_back(0);
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  void release_slot(std::uint32_t slot) {
    ++generations_[slot];
    free_slots_.push_back(slot);
  }

  std::vector<Slot> slots_;
  std::uint32_t next_slot_hint_ = std::numeric_limits<std::uint32_t>::max();  // next_subject_hint
  std::vector<std::uint32_t> generations_;  // parallel to slots_; apart, as only handles need them
  std::vector<std::uint32_t> free_slots_;
  std::vector<Bucket> buckets_;
  // Inline places used, per bucket. Not uint8_t: stores through a char type may alias anything, which
  // would make the compiler reload every vector's data pointer after each one.
  std::vector<std::uint16_t> counts_;
  std::vector<std::vector<Key>> overflow_;  // overflow heaps, in use or kept for reuse
  std::vector<std::uint32_t> free_overflow_;
  std::uint64_t mask_ = 0;
  std::size_t grow_above_ = 0;    // more events than this: double the buckets
  std::size_t shrink_below_ = 0;  // fewer: halve them
  double width_ = 1.0;
  double inverse_width_ = 1.0;
  // The search position is a cache of where the minimum was last found: const queries may move it.
  mutable std::uint32_t current_ = 0;
  mutable std::int64_t current_virtual_ = std::numeric_limits<std::int64_t>::max();
  mutable std::uint64_t direct_searches_ = 0;
  std::uint64_t sequence_limit_;
  std::uint64_t next_sequence_ = 0;
  std::size_t size_ = 0;           // pending events
  std::size_t calendar_size_ = 0;  // of which in the calendar; the others are parked
  // Parking (park_beyond): epoch_width_ 0 is off. Events of epochs from first_parked_epoch_ on are parked:
  // of the next PARKED_EPOCHS in parked_[epoch % PARKED_EPOCHS], of later ones in parked_beyond_.
  double epoch_width_ = 0.0;
  double inverse_epoch_width_ = 0.0;
  std::int64_t first_parked_epoch_ = 1;
  std::int64_t beyond_first_epoch_ = std::numeric_limits<std::int64_t>::max();
  std::vector<std::vector<Parked>> parked_;
  std::vector<Parked> parked_beyond_;
  std::size_t parked_count_ = 0;    // pending parked events
  std::size_t parked_entries_ = 0;  // entries in the lists, cancelled ones included
  mutable Event top_{};
};

static_assert(EventSet<CalendarQueue>);

}  // namespace ozsim::engine
