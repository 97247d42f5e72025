// Event ordering, cancellation, rescheduling and handle safety of EventQueue.

#include "sim/engine/event_queue.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "sim/engine/random.hpp"

using ozsim::engine::Event;
using ozsim::engine::EventHandle;
using ozsim::engine::EventQueue;

namespace {
std::vector<std::uint64_t> drain_subjects(EventQueue& q) {
  std::vector<std::uint64_t> out;
  while (!q.empty()) out.push_back(q.pop().subject);
  return out;
}
}  // namespace

TEST_CASE("EventQueue: ties broken by priority, then insertion order") {
  EventQueue q;
  q.push(2.0, 0, 1);
  q.push(1.0, 0, 2, 0, 5);
  q.push(1.0, 0, 3, 0, -1);
  q.push(1.0, 0, 4, 0, 5);
  q.push(1.0, 0, 5, 0, 0);
  q.push(0.5, 0, 6, 0, 100);
  q.push(1.0, 0, 7, 0, -1);
  CHECK(q.size() == 7);
  CHECK(drain_subjects(q) == std::vector<std::uint64_t>{6, 3, 7, 5, 2, 4, 1});
}

TEST_CASE("EventQueue: pop returns all fields and increasing sequence") {
  EventQueue q;
  q.push(3.5, 7, 11, 99, 2);
  q.push(3.5, 8, 12, 100, 2);
  const Event a = q.pop();
  CHECK(a.time == 3.5);
  CHECK(a.kind == 7);
  CHECK(a.subject == 11);
  CHECK(a.payload == 99);
  CHECK(a.priority == 2);
  const Event b = q.pop();
  CHECK(b.sequence > a.sequence);
  CHECK(q.empty());
  CHECK_THROWS_AS(q.pop(), std::logic_error);
}

TEST_CASE("EventQueue: cancel, stale handles and size counts live events") {
  EventQueue q;
  const EventHandle h1 = q.push(1.0, 0, 1);
  const EventHandle h2 = q.push(2.0, 0, 2);
  const EventHandle h3 = q.push(3.0, 0, 3);
  CHECK(h1.valid());
  CHECK_FALSE(EventHandle{}.valid());
  CHECK_FALSE(q.is_pending(EventHandle{}));
  CHECK_FALSE(q.cancel(EventHandle{}));
  CHECK(q.cancel(h2));
  CHECK_FALSE(q.cancel(h2));  // twice
  CHECK_FALSE(q.is_pending(h2));
  CHECK(q.size() == 2);
  CHECK(q.cancel(h1));  // the top
  CHECK(q.top().subject == 3);
  CHECK(q.size() == 1);
  // Slot reuse: a new event takes a freed slot, but the old handle must not reach it.
  const EventHandle h4 = q.push(4.0, 0, 4);
  CHECK((h4.slot == h1.slot || h4.slot == h2.slot));
  CHECK_FALSE(q.is_pending(h1));
  CHECK_FALSE(q.is_pending(h2));
  CHECK_FALSE(q.cancel(h1));
  CHECK_FALSE(q.cancel(h2));
  CHECK(q.is_pending(h4));
  CHECK(q.pop().subject == 3);
  CHECK_FALSE(q.is_pending(h3));  // ran
  CHECK_FALSE(q.cancel(h3));
  CHECK(q.size() == 1);
  CHECK(drain_subjects(q) == std::vector<std::uint64_t>{4});
  CHECK_FALSE(q.cancel(EventHandle{12345, 0}));  // out of range
}

TEST_CASE("EventQueue: reschedule keeps kind/subject/payload/priority and counts as a new insertion") {
  EventQueue q;
  const EventHandle a = q.push(1.0, 3, 10, 77, -2);
  q.push(5.0, 0, 20, 0, -2);
  const EventHandle moved = q.reschedule(a, 5.0);
  CHECK_FALSE(q.is_pending(a));
  CHECK(q.is_pending(moved));
  CHECK(q.size() == 2);
  const Event first = q.pop();
  CHECK(first.subject == 20);  // same time and priority: inserted earlier
  const Event second = q.pop();
  CHECK(second.subject == 10);
  CHECK(second.kind == 3);
  CHECK(second.payload == 77);
  CHECK(second.priority == -2);
  CHECK(second.time == 5.0);
  CHECK_FALSE(q.reschedule(a, 9.0).valid());  // stale: nothing scheduled
  CHECK(q.empty());
}

TEST_CASE("EventQueue: NaN time rejected, clear makes handles stale") {
  EventQueue q;
  CHECK_THROWS_AS(q.push(std::numeric_limits<double>::quiet_NaN(), 0, 0), std::invalid_argument);
  const EventHandle h = q.push(1.0, 0, 1);
  q.push(2.0, 0, 2);
  q.clear();
  CHECK(q.empty());
  CHECK(q.size() == 0);
  CHECK_FALSE(q.is_pending(h));
  CHECK_FALSE(q.cancel(h));
  q.push(0.5, 0, 9);
  CHECK(q.pop().subject == 9);
}

TEST_CASE("EventQueue: randomised against a sorted reference, with cancels and compaction") {
  EventQueue q;
  ozsim::engine::RandomStream rng(2024);
  // Reference: (time, priority, sequence-ish insertion index, subject); cancelled ones erased.
  using Key = std::tuple<double, std::int32_t, std::uint64_t>;
  std::vector<std::pair<Key, EventHandle>> live;
  std::uint64_t inserted = 0;
  double now = 0.0;
  for (int round = 0; round < 20000; ++round) {
    const std::uint64_t r = rng() % 10;
    if (r < 5) {
      // Coarse times so that ties are frequent.
      const double t = now + static_cast<double>(rng() % 20);
      const auto priority = static_cast<std::int32_t>(rng() % 3) - 1;
      const EventHandle h = q.push(t, 0, inserted, 0, priority);
      live.push_back({Key{t, priority, inserted}, h});
      ++inserted;
    } else if (r < 8 && !live.empty()) {
      const std::size_t i = rng() % live.size();
      CHECK(q.cancel(live[i].second));
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
    } else if (!live.empty()) {
      const auto best = std::min_element(live.begin(), live.end(),
                                         [](const auto& a, const auto& b) { return a.first < b.first; });
      const Event e = q.pop();
      REQUIRE(e.subject == std::get<2>(best->first));
      now = e.time;
      live.erase(best);
    }
    REQUIRE(q.size() == live.size());
  }
  // Stale entries are bounded: compaction runs once they outnumber live ones.
  CHECK(q.heap_entries() <= 2 * q.size() + 1024);
}

TEST_CASE("EventQueue: many cancels trigger compaction and keep order") {
  EventQueue q;
  std::vector<EventHandle> handles;
  for (int i = 0; i < 5000; ++i)
    handles.push_back(q.push(static_cast<double>(5000 - i), 0, static_cast<std::uint64_t>(i)));
  for (int i = 0; i < 5000; ++i) {
    if (i % 4 != 0) CHECK(q.cancel(handles[static_cast<std::size_t>(i)]));
  }
  CHECK(q.size() == 1250);
  CHECK(q.heap_entries() < 5000);  // compacted at least once
  double last = -1.0;
  std::size_t n = 0;
  while (!q.empty()) {
    const Event e = q.pop();
    CHECK(e.subject % 4 == 0);
    CHECK(e.time > last);
    last = e.time;
    ++n;
  }
  CHECK(n == 1250);
}
