#include "sim/engine/calendar_queue.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
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
  for (const double spread : {20.0, 0.001, 1e6}) {
    CalendarQueue q;
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
    }
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

TEST_CASE("CalendarQueue: compacting sequence numbers keeps the order of ties") {
  // Small limits force many compactions while ties by time and priority are pending, with few (at most
  // 40) and many (up to 300) events pending.
  for (const auto& [limit, most, fewest] :
       {std::tuple<std::uint64_t, std::size_t, std::size_t>{64, 40, 10}, {512, 300, 100}}) {
    CalendarQueue q(limit);
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
