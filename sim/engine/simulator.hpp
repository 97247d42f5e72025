#pragma once
// The simulation clock and run loop: executes events in (time, priority, insertion) order through a
// model-supplied dispatch function, keeps a fingerprint of the run, and reports model errors in context.

#include <bit>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/calendar_queue.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/engine/random.hpp"

namespace ozsim::engine {

// An exception thrown while an event was being dispatched, with where and when it happened.
// what() reads "t=12.5: event 'arrival' (kind 3) for subject 42: <original message>".
class SimulationError : public std::runtime_error {
 public:
  SimulationError(const std::string& message, Time time, std::uint64_t subject, std::uint32_t kind)
      : std::runtime_error(message), time_(time), subject_(subject), kind_(kind) {}
  Time time() const { return time_; }
  std::uint64_t subject() const { return subject_; }
  std::uint32_t kind() const { return kind_; }

 private:
  Time time_;
  std::uint64_t subject_;
  std::uint32_t kind_;
};

// Owns the clock and the event queue. Models schedule events and supply a dispatch callable to run_until.
// Queue is the pending-event set: CalendarQueue (constant time per event, for the thousands to millions of
// pending events of a pupil model) or EventQueue (a heap, faster with a handful pending, as in a
// queueing model of a few servers). Both order events identically, so the choice changes speed only.
template <EventSet Queue>
class BasicSimulator {
 public:
  Time now() const { return now_; }

  // Schedules an event at absolute time t; throws std::logic_error if t < now() or t is NaN.
  EventHandle schedule_at(Time t, std::uint32_t kind, std::uint64_t subject, std::uint64_t payload = 0,
                          std::int32_t priority = 0) {
    if (!(t >= now_)) throw_past(t, kind, subject);
    return queue_.push(t, kind, subject, payload, priority);
  }
  // Schedules an event delay days from now; throws std::logic_error if delay < 0 or NaN.
  EventHandle schedule_in(Time delay, std::uint32_t kind, std::uint64_t subject, std::uint64_t payload = 0,
                          std::int32_t priority = 0) {
    if (!(delay >= 0.0)) throw_negative_delay(delay, kind, subject);
    return queue_.push(now_ + delay, kind, subject, payload, priority);
  }
  bool cancel(EventHandle h) { return queue_.cancel(h); }
  bool is_pending(EventHandle h) const { return queue_.is_pending(h); }
  // Moves a pending event to time t (>= now()); returns the new handle, or a default handle if h was stale.
  EventHandle reschedule(EventHandle h, Time t) {
    if (!(t >= now_)) throw_clock("reschedule", t);
    return queue_.reschedule(h, t);
  }
  std::size_t pending() const { return queue_.size(); }
  // Room for n pending events at once, allocated now: a queue that grows by doubling holds both copies
  // while it moves, and pages reserved but never used cost no memory.
  void reserve(std::size_t n) { queue_.reserve(n); }
  // Parks events more than an epoch ahead until their epoch comes (CalendarQueue::park_beyond); before any
  // event is scheduled. A member template, so that an explicit instantiation with a queue that cannot park
  // (EventQueue) leaves it out.
  template <class Q = Queue>
  requires requires(Q& q, Time width) { q.park_beyond(width); }
  void park_events_beyond(Time epoch_width) { queue_.park_beyond(epoch_width); }
  // The subject of the event that came next as the one being dispatched was popped, if the queue tells
  // (CalendarQueue::next_subject_hint): a hint for asking for its data ahead.
  template <class Q = Queue>
  requires requires(const Q& q) { q.next_subject_hint(); }
  std::optional<std::uint64_t> next_subject_hint() const { return queue_.next_subject_hint(); }
  // Time of the next pending event, or +infinity if there is none.
  Time next_event_time() const {
    return queue_.empty() ? std::numeric_limits<Time>::infinity() : queue_.top().time;
  }

  // Names of event kinds, indexed by kind, for error messages and traces.
  void set_kind_names(std::vector<std::string> names) { kind_names_ = std::move(names); }
  // The kind's name, or "kind N" if it has none.
  std::string kind_name(std::uint32_t kind) const;

  // Runs the events with time <= end in order, calling dispatch(const Event&) for each; the clock then
  // stands at end (or at the last event's time if end is +infinity). Anything thrown by dispatch is
  // rethrown as SimulationError. Returns the number of events executed by this call.
  template <class Dispatch>
  std::uint64_t run_until(Time end, Dispatch&& dispatch) {
    if (!(end >= now_)) throw_clock("run_until", end);
    stop_requested_ = false;
    std::uint64_t count = 0;
    Event event{};
    while (queue_.pop_if_not_after(end, event)) {
      now_ = event.time;
      fold_event(event);
      ++executed_;
      ++count;
      try {
        dispatch(static_cast<const Event&>(event));
      } catch (const SimulationError&) {
        throw;  // already has its context (a nested run)
      } catch (const std::exception& e) {
        throw_wrapped(event, e.what());
      } catch (...) {
        throw_wrapped(event, "unknown exception");
      }
      if (stop_requested_) return count;
    }
    if (end != std::numeric_limits<Time>::infinity()) now_ = end;
    return count;
  }
  // Asks run_until to return after the event being dispatched; the clock stays at that event's time.
  void stop() { stop_requested_ = true; }

  // Moves the clock to t (>= now()) without running events; throws std::logic_error if an event is
  // pending before t.
  void advance_to(Time t);

  std::uint64_t events_executed() const { return executed_; }
  // Order-sensitive 64-bit hash over (time bits, kind, subject) of every executed event, plus any values
  // the model folds in. Equal fingerprints mean (with overwhelming probability) identical runs.
  std::uint64_t fingerprint() const { return fingerprint_; }
  void mix_into_fingerprint(std::uint64_t value) {
    fingerprint_ = (fingerprint_ ^ splitmix64_finalise(value)) * FINGERPRINT_MULTIPLIER;
  }

 private:
  static constexpr std::uint64_t FINGERPRINT_MULTIPLIER = 0x9FB21C651E98DF25ull;

  void fold_event(const Event& e) {
    // The per-event mix is independent of the running value, so only one multiply sits on the
    // loop-carried dependency chain.
    const std::uint64_t v = splitmix64_finalise(std::bit_cast<std::uint64_t>(e.time) ^
                                                splitmix64_finalise(e.subject * 0x100000001B3ull + e.kind));
    fingerprint_ = (fingerprint_ ^ v) * FINGERPRINT_MULTIPLIER;
  }

  [[noreturn]] void throw_past(Time t, std::uint32_t kind, std::uint64_t subject) const;
  [[noreturn]] void throw_clock(const char* operation, Time t) const;
  [[noreturn]] void throw_negative_delay(Time delay, std::uint32_t kind, std::uint64_t subject) const;
  [[noreturn]] void throw_wrapped(const Event& event, const char* what) const;

  Queue queue_;
  Time now_ = 0.0;
  std::uint64_t executed_ = 0;
  std::uint64_t fingerprint_ = 0x6A09E667F3BCC908ull;
  std::vector<std::string> kind_names_;
  bool stop_requested_ = false;
};

// Defined in simulator.cpp for these two.
extern template class BasicSimulator<CalendarQueue>;
extern template class BasicSimulator<EventQueue>;

using Simulator = BasicSimulator<CalendarQueue>;
using HeapSimulator = BasicSimulator<EventQueue>;

}  // namespace ozsim::engine
