#include "sim/engine/calendar_queue.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <tuple>
#include <vector>

#include "sim/engine/random.hpp"

using ozsim::engine::CalendarQueue;
using ozsim::engine::Event;
using ozsim::engine::EventHandle;

namespace {
using Key = std::tuple<double, std::int32_t, std::uint64_t>;

// Pops everything and checks the order against the keys sorted.
void expect_sorted_drain(CalendarQueue& q, std::vector<Key> keys) {
  std::sort(keys.begin(), keys.end());
  for (const Key& key : keys) {
    REQUIRE_FALSE(q.empty());
    const Event e = q.pop();
    REQUIRE(e.subject == std::get<2>(key));
    REQUIRE(e.priority == std::get<1>(key));
  }
  CHECK(q.empty());
}
}  // namespace

TEST_CASE("CalendarQueue: randomised against a sorted reference, with ties, cancels and resizes") {
  // Each spread with every event in the calendar, and with events parked a tenth of the spread ahead (the
  // far ones centuries of epochs ahead, past the indexed epochs).
  // (Named copies, not structured bindings: clang 14 cannot capture those in CAPTURE's lambda.)
  for (const auto& spread_and_epoch :
       {std::pair{20.0, 0.0}, {0.001, 0.0}, {1e6, 0.0}, {20.0, 2.0}, {0.001, 0.0001}, {1e6, 1e5}}) {
    const double spread = spread_and_epoch.first;
    const double epoch = spread_and_epoch.second;
    CAPTURE(spread);
    CAPTURE(epoch);
    CalendarQueue q;
    q.park_beyond(epoch);
    std::size_t most_parked = 0;
    ozsim::engine::RandomStream rng(2024);
    std::vector<std::pair<Key, EventHandle>> live;
    std::uint64_t inserted = 0;
    double now = 0.0;
    for (int round = 0; round < 30000; ++round) {
      const std::uint64_t r = rng() % 10;
      // Phases that grow and shrink the queue, so that the calendar resizes both ways.
      const bool growing = (round / 5000) % 2 == 0;
      if (r < (growing ? 6u : 3u)) {
        // Coarse times make ties frequent; a few events lie far ahead.
        double t = now + static_cast<double>(rng() % 20) * spread / 20.0;
        if (rng() % 50 == 0) t += spread * 1000.0;
        const auto priority = static_cast<std::int32_t>(rng() % 3) - 1;
        const EventHandle h = q.push(t, 0, inserted, 0, priority);
        live.push_back({Key{t, priority, inserted}, h});
        ++inserted;
      } else if (r < 7 && !live.empty()) {
        const std::size_t i = rng() % live.size();
        CHECK(q.cancel(live[i].second));
        CHECK_FALSE(q.cancel(live[i].second));
        live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
      } else if (!live.empty()) {
        const auto best = std::min_element(live.begin(), live.end(),
                                           [](const auto& a, const auto& b) { return a.first < b.first; });
        REQUIRE(q.top().subject == std::get<2>(best->first));
        const Event e = q.pop();
        REQUIRE(e.subject == std::get<2>(best->first));
        now = e.time;
        live.erase(best);
      }
      REQUIRE(q.size() == live.size());
      most_parked = std::max(most_parked, q.parked());
    }
    CHECK((most_parked > 0) == (epoch > 0.0));
    while (!live.empty()) {
      const auto best = std::min_element(live.begin(), live.end(),
                                         [](const auto& a, const auto& b) { return a.first < b.first; });
      REQUIRE(q.pop().subject == std::get<2>(best->first));
      live.erase(best);
    }
    CHECK(q.empty());
  }
}

TEST_CASE("CalendarQueue: an event earlier than the current position still comes first") {
  CalendarQueue q;
  for (int i = 0; i < 100; ++i) q.push(100.0 + i, 0, static_cast<std::uint64_t>(i));
  CHECK(q.pop().subject == 0);
  q.push(5.0, 0, 999);
  CHECK(q.pop().subject == 999);
  CHECK(q.pop().subject == 1);
  const EventHandle h = q.push(101.5, 0, 500);
  const EventHandle moved = q.reschedule(h, 0.5);
  CHECK_FALSE(q.is_pending(h));
  CHECK(q.is_pending(moved));
  CHECK(q.pop().subject == 500);
  CHECK_THROWS_AS(q.push(std::nan(""), 0, 1), std::invalid_argument);
}

TEST_CASE(
    "CalendarQueue: a burst at one moment comes out by priority, then insertion, with cancels inside it") {
  // Thousands of events at one time overflow a bucket's inline places into its heap.
  CalendarQueue q;
  ozsim::engine::RandomStream rng(7);
  std::vector<Key> keys;
  std::vector<EventHandle> handles;
  for (std::uint64_t i = 0; i < 5000; ++i) {
    const double t = i % 10 == 0 ? 3.0 + static_cast<double>(rng() % 100) / 7.0 : 5.0;
    const auto priority = static_cast<std::int32_t>(rng() % 5) - 2;
    handles.push_back(q.push(t, 0, i, 0, priority));
    keys.emplace_back(t, priority, i);
  }
  // Cancel every third event: most sit in the overflow heap, some inline.
  std::vector<Key> kept;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i % 3 == 1) {
      REQUIRE(q.cancel(handles[i]));
    } else {
      kept.push_back(keys[i]);
    }
  }
  REQUIRE(q.size() == kept.size());
  expect_sorted_drain(q, kept);
}

TEST_CASE("CalendarQueue: events at +infinity come last, in insertion order") {
  CalendarQueue q;
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<Key> keys;
  // Enough events that several share a bucket, so that inline places hold +infinity next to empty ones.
  for (std::uint64_t i = 0; i < 400; ++i) {
    const double t = i % 4 == 0 ? inf : static_cast<double>(i % 7);
    q.push(t, 0, i, 0, 0);
    keys.emplace_back(t, 0, i);
  }
  expect_sorted_drain(q, keys);
}

TEST_CASE("CalendarQueue: pop_if_not_after pops only what is due") {
  CalendarQueue q;
  q.push(2.0, 0, 1);
  q.push(1.0, 0, 2);
  Event e{};
  REQUIRE(q.pop_if_not_after(1.5, e));
  CHECK(e.subject == 2);
  CHECK_FALSE(q.pop_if_not_after(1.5, e));
  CHECK(q.size() == 1);
  REQUIRE(q.pop_if_not_after(2.0, e));
  CHECK(e.subject == 1);
  CHECK_FALSE(q.pop_if_not_after(100.0, e));
}

TEST_CASE("CalendarQueue: after a pop, the hint names the subject of the event that comes next") {
  CalendarQueue q;
  Event e{};
  CHECK_FALSE(q.next_subject_hint());  // nothing popped yet
  // Randomised times, parked ones among them: after each pop the hint is the next pop's subject, as long as
  // nothing is scheduled in between.
  q.park_beyond(30.0);
  ozsim::engine::RandomStream rng(7);
  for (std::uint64_t subject = 0; subject < 500; ++subject) q.push(rng.uniform01() * 400.0, 0, subject);
  while (q.pop_if_not_after(1000.0, e)) {
    const std::optional<std::uint64_t> hint = q.next_subject_hint();
    if (q.empty()) {
      CHECK_FALSE(hint);
      break;
    }
    REQUIRE(hint);
    CHECK(*hint == q.top().subject);
  }
  // An event scheduled after the pop may come first: the hint is then stale, never wrong about the queue.
  q.push(5.0, 0, 1);
  q.push(6.0, 0, 2);
  REQUIRE(q.pop_if_not_after(10.0, e));
  CHECK(*q.next_subject_hint() == 2);
  q.push(5.5, 0, 3);
  CHECK(*q.next_subject_hint() == 2);
  CHECK(q.top().subject == 3);
}

TEST_CASE("CalendarQueue: compacting sequence numbers keeps the order of ties") {
  // Small limits force many compactions while ties by time and priority are pending, with few (at most
  // 40) and many (up to 300) events pending.
  // With events in the calendar only, and with most of them parked (epochs of a quarter).
  for (const auto& setting : {std::tuple<std::uint64_t, std::size_t, std::size_t, double>{64, 40, 10, 0.0},
                              {512, 300, 100, 0.0},
                              {64, 40, 10, 0.25},
                              {512, 300, 100, 0.25}}) {
    const std::uint64_t limit = std::get<0>(setting);  // a copy: clang 14 cannot capture a structured binding
    const std::size_t most = std::get<1>(setting);
    const std::size_t fewest = std::get<2>(setting);
    const double epoch = std::get<3>(setting);
    CalendarQueue q(limit);
    q.park_beyond(epoch);
    ozsim::engine::RandomStream rng(11);
    std::vector<Key> live;
    std::vector<EventHandle> handles;
    std::uint64_t inserted = 0;
    const auto pop_earliest = [&] {
      const auto best = std::min_element(live.begin(), live.end());
      const Event e = q.pop();
      REQUIRE(e.subject == std::get<2>(*best));
      REQUIRE(e.sequence < limit);  // renumbered, not the 5000-odd insertions so far
      handles.erase(handles.begin() + (best - live.begin()));
      live.erase(best);
    };
    for (int round = 0; round < 5000; ++round) {
      if (rng() % 3 != 0 || live.empty()) {
        const double t = static_cast<double>(rng() % 4);
        const auto priority = static_cast<std::int32_t>(rng() % 2);
        handles.push_back(q.push(t, 0, inserted, 0, priority));
        live.emplace_back(t, priority, inserted++);
      } else if (rng() % 4 == 0) {
        const std::size_t i = rng() % live.size();
        REQUIRE(q.cancel(handles[i]));
        live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
        handles.erase(handles.begin() + static_cast<std::ptrdiff_t>(i));
      } else {
        pop_earliest();
      }
      if (live.size() > most) {  // stay below the limit
        while (live.size() > fewest) pop_earliest();
      }
    }
    expect_sorted_drain(q, live);
  }
  CHECK_THROWS_AS(CalendarQueue(1), std::invalid_argument);
}

TEST_CASE("CalendarQueue: growing from empty to hundreds and shrinking back keeps the order") {
  // Every swing resizes the calendar several times both ways, with ties and cancels on the way.
  CalendarQueue q;
  ozsim::engine::RandomStream rng(5);
  std::vector<std::pair<Key, EventHandle>> live;
  std::uint64_t inserted = 0;
  double now = 0.0;
  for (const std::size_t target : {200u, 3u, 70u, 10u, 500u, 0u, 90u, 0u}) {
    while (live.size() != target) {
      if (live.size() < target) {
        const double t = now + static_cast<double>(rng() % 50) * 0.25;
        const auto priority = static_cast<std::int32_t>(rng() % 3);
        live.push_back({Key{t, priority, inserted}, q.push(t, 0, inserted, 0, priority)});
        ++inserted;
      } else if (rng() % 3 == 0) {
        const std::size_t i = rng() % live.size();
        REQUIRE(q.cancel(live[i].second));
        live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
      } else {
        const auto best = std::min_element(live.begin(), live.end(),
                                           [](const auto& a, const auto& b) { return a.first < b.first; });
        const Event e = q.pop();
        REQUIRE(e.subject == std::get<2>(best->first));
        now = e.time;
        live.erase(best);
      }
      REQUIRE(q.size() == live.size());
    }
  }
  CHECK(q.empty());
}

TEST_CASE("CalendarQueue: parked events come out in order, cancelled or not, however far ahead") {
  const double inf = std::numeric_limits<double>::infinity();
  CalendarQueue q;
  q.park_beyond(1.0);
  std::vector<Key> keys;
  std::vector<EventHandle> handles;
  std::uint64_t inserted = 0;
  const auto push = [&](double t, std::int32_t priority = 0) {
    handles.push_back(q.push(t, 0, inserted, 0, priority));
    keys.emplace_back(t, priority, inserted++);
  };
  // In the calendar (epoch 0), parked by index, past the indexed epochs (1024), and at +infinity; ties at
  // epoch edges and across priorities.
  for (const double t :
       {0.5, 0.0, 1.0, 1.0, 2.5, 7.0, 1023.0, 1024.0, 1025.5, 5000.0, 1e9, 1e300, inf, inf, 3.0})
    push(t, static_cast<std::int32_t>(inserted % 3) - 1);
  CHECK(q.parked() == keys.size() - 2);  // all but the two of epoch 0
  // Cancel one parked in each way (by index, beyond, at infinity) and one in the calendar; a cancelled
  // parked event is stale at once.
  std::vector<Key> kept;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const double t = std::get<0>(keys[i]);
    if (t == 2.5 || t == 5000.0 || (t == inf && std::get<2>(keys[i]) == 12) || t == 0.5) {
      REQUIRE(q.cancel(handles[i]));
      CHECK_FALSE(q.is_pending(handles[i]));
      CHECK_FALSE(q.cancel(handles[i]));
    } else {
      kept.push_back(keys[i]);
    }
  }
  REQUIRE(q.size() == kept.size());
  // A parked event rescheduled into the calendar's epoch: there it comes after the event at 0.
  const auto at_7 =
      std::find_if(kept.begin(), kept.end(), [](const Key& k) { return std::get<0>(k) == 7.0; });
  const std::size_t handle_of_7 = static_cast<std::size_t>(std::get<2>(*at_7));
  REQUIRE(q.reschedule(handles[handle_of_7], 0.25).valid());
  CHECK(q.parked() == kept.size() - 2);  // all but the ones at 0 and 0.25
  std::get<0>(*at_7) = 0.25;
  expect_sorted_drain(q, kept);
  CHECK(q.parked() == 0);

  // Emptied, the queue parks again from where its clock stood; an event pushed into an empty queue far
  // ahead is in the calendar at once.
  q.push(5e6, 0, 1);
  CHECK(q.parked() == 0);
  q.push(5e6 + 3.0, 0, 2);
  q.push(5e6 + 0.5, 0, 3);
  CHECK(q.parked() == 1);
  CHECK(q.pop().subject == 1);
  CHECK(q.pop().subject == 3);
  CHECK(q.pop().subject == 2);
  CHECK(q.empty());
}

TEST_CASE("CalendarQueue: parking is set on an empty queue, with a finite width") {
  CalendarQueue q;
  CHECK_THROWS_AS(q.park_beyond(-1.0), std::invalid_argument);
  CHECK_THROWS_AS(q.park_beyond(std::numeric_limits<double>::infinity()), std::invalid_argument);
  CHECK_THROWS_AS(q.park_beyond(std::nan("")), std::invalid_argument);
  q.push(1.0, 0, 1);
  CHECK_THROWS_AS(q.park_beyond(1.0), std::logic_error);
  q.pop();
  q.park_beyond(1.0);
  q.push(10.0, 0, 1);
  q.push(20.0, 0, 2);
  CHECK(q.parked() == 1);
  CHECK_THROWS_AS(q.park_beyond(0.0), std::logic_error);
  CHECK(q.pop().subject == 1);
  CHECK(q.pop().subject == 2);
  q.park_beyond(0.0);  // off again once empty
  q.push(10.0, 0, 1);
  q.push(20.0, 0, 2);
  CHECK(q.parked() == 0);
}
