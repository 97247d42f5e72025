// The EventSet contract (sim/engine/event.hpp), checked the same way on both event sets:
// the defined behaviour when empty, stale and default handles, and clear().
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "sim/engine/calendar_queue.hpp"
#include "sim/engine/event_queue.hpp"

using ozsim::engine::CalendarQueue;
using ozsim::engine::Event;
using ozsim::engine::EventHandle;
using ozsim::engine::EventQueue;

namespace {
// The calendar with events of later days parked (CalendarQueue::park_beyond): the same contract.
struct ParkingCalendarQueue : CalendarQueue {
  ParkingCalendarQueue() { park_beyond(1.0); }
};
}  // namespace

TEST_CASE_TEMPLATE("EventSet contract: empty, stale handles, clear", Queue, EventQueue, CalendarQueue,
                   ParkingCalendarQueue) {
  Queue q;
  Event out{};
  REQUIRE(q.empty());
  CHECK(q.size() == 0);
  CHECK_THROWS_AS(q.top(), std::logic_error);
  CHECK_THROWS_AS(q.pop(), std::logic_error);
  CHECK_FALSE(q.pop_if_not_after(1e9, out));
  CHECK_FALSE(q.cancel(EventHandle{}));
  CHECK_FALSE(q.reschedule(EventHandle{}, 1.0).valid());
  CHECK_THROWS_AS(q.push(std::nan(""), 0, 0), std::invalid_argument);
  CHECK(q.empty());

  const EventHandle a = q.push(2.0, 1, 10);
  const EventHandle b = q.push(1.0, 2, 20);
  CHECK_FALSE(q.pop_if_not_after(0.5, out));  // nothing due yet: the set is left alone
  CHECK(q.size() == 2);
  REQUIRE(q.pop_if_not_after(1.5, out));
  CHECK(out.subject == 20);
  CHECK_FALSE(q.cancel(b));  // ran: stale
  CHECK_FALSE(q.reschedule(b, 3.0).valid());
  CHECK(q.is_pending(a));
  const EventHandle far = q.push(9.0, 3, 30);  // parked, where the set parks
  CHECK(q.is_pending(far));
  q.clear();
  CHECK(q.empty());
  CHECK_FALSE(q.is_pending(a));  // clear() makes every handle stale
  CHECK_FALSE(q.is_pending(far));
  CHECK_FALSE(q.cancel(a));
  CHECK_THROWS_AS(q.top(), std::logic_error);
  q.push(0.5, 0, 40);  // usable after clear()
  CHECK(q.pop().subject == 40);
  CHECK(q.empty());
}
