#pragma once
// What the engine schedules: the time type, an event, a handle to cancel one,
// and the contract every pending-event set fulfils (EventSet).

#include <concepts>
#include <cstddef>
#include <cstdint>

namespace ozsim::engine {

using Time = double;  // simulated days

// Refers to one scheduled event so that it can be cancelled or rescheduled. A default-constructed handle
// refers to nothing; a handle whose event has run or been cancelled is "stale" and is safe to use.
struct EventHandle {
  std::uint32_t slot = 0xFFFFFFFF;
  std::uint32_t generation = 0;

  // True if the handle was issued by a queue (it may still be stale).
  bool valid() const { return slot != 0xFFFFFFFF; }
  friend bool operator==(const EventHandle&, const EventHandle&) = default;
};

// One scheduled event as the model sees it. The engine interprets only time, priority and sequence.
struct Event {
  Time time;
  std::int32_t priority;   // lower runs first among events at the same time
  std::uint64_t sequence;  // insertion counter, the final tie-break
  std::uint32_t kind;      // model-defined event type
  std::uint64_t subject;   // model-defined entity id (e.g. a pupil)
  std::uint64_t payload;   // model-defined extra data
};

// The pending-event set contract (after OMNeT++'s cFutureEventSet). Events
// leave in (time, priority, sequence) order: earlier time first, then lower
// priority, then earlier insertion; never in a container's or hash map's order.
// - push(time, kind, subject, payload, priority) schedules and returns a handle;
//   a NaN time throws std::invalid_argument.
// - cancel(h) and reschedule(h, t) accept stale and default handles: cancel
//   returns false, reschedule a default handle; neither changes the set then.
// - Empty: empty() is true and size() 0; top() and pop() throw
//   std::logic_error; pop_if_not_after returns false and leaves the set alone.
// - clear() empties the set and makes every handle stale.
template <class Q>
concept EventSet = std::default_initializable<Q> &&
    requires(Q q, const Q cq, Time t, std::uint32_t kind, std::uint64_t subject, std::uint64_t payload,
             std::int32_t priority, EventHandle h, Event& out) {
  { q.push(t, kind, subject, payload, priority) } -> std::same_as<EventHandle>;
  { q.cancel(h) } -> std::same_as<bool>;
  { cq.is_pending(h) } -> std::same_as<bool>;
  { q.reschedule(h, t) } -> std::same_as<EventHandle>;
  { cq.empty() } -> std::same_as<bool>;
  { cq.size() } -> std::same_as<std::size_t>;
  { cq.top() } -> std::same_as<const Event&>;
  { q.pop() } -> std::same_as<Event>;
  { q.pop_if_not_after(t, out) } -> std::same_as<bool>;
  q.clear();
};

}  // namespace ozsim::engine
