#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#include "sim/engine/calendar_queue.hpp"
#include "sim/engine/random.hpp"

using ozsim::engine::CalendarQueue;
using ozsim::engine::Event;
using ozsim::engine::EventHandle;

TEST_CASE("CalendarQueue: randomised against a sorted reference, with ties, cancels and resizes") {
  for (const double spread : {20.0, 0.001, 1e6}) {
    CalendarQueue q;
    ozsim::engine::RandomStream rng(2024);
    using Key = std::tuple<double, std::int32_t, std::uint64_t>;
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
