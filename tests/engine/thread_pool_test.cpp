// engine::ordered_draws: the uses run in order in the calling thread, each with its own draw, whatever the
// thread count; a failing draw or use ends the run as a plain loop would, with no thread left behind.
#include "sim/engine/thread_pool.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <stdexcept>
#include <thread>
#include <vector>

#include "sim/engine/random.hpp"

using ozsim::engine::ordered_draws;

namespace {

// A draw that costs something and depends on its index only.
double draw_of(std::int64_t i) {
  ozsim::engine::RandomStream rng(static_cast<std::uint64_t>(i));
  double sum = 0.0;
  for (int k = 0; k < 20; ++k) sum += rng.uniform01();
  return sum;
}

}  // namespace

TEST_CASE("ordered_draws: every use in order, in the calling thread, with its own draw") {
  // Sizes around the block and segment edges: below the threaded minimum, a few blocks, several segments.
  for (const std::int64_t count : {0, 1, 1023, 1024, 1025, 5000, 65536, 65537, 200000}) {
    for (const unsigned threads : {1U, 2U, 3U, 8U}) {
      CAPTURE(count);
      CAPTURE(threads);
      const std::thread::id caller = std::this_thread::get_id();
      std::vector<double> seen;
      bool in_caller = true;
      std::int64_t expected = 0;
      bool in_order = true;
      ordered_draws<double>(count, threads, draw_of, [&](std::int64_t i, double value) {
        in_order = in_order && i == expected++;
        in_caller = in_caller && std::this_thread::get_id() == caller;
        seen.push_back(value);
      });
      CHECK(in_order);
      CHECK(in_caller);
      REQUIRE(static_cast<std::int64_t>(seen.size()) == count);
      bool same = true;
      for (std::int64_t i = 0; i < count; ++i) same = same && seen[static_cast<std::size_t>(i)] == draw_of(i);
      CHECK(same);
    }
  }
}

TEST_CASE("ordered_draws: a failing draw or use stops it after the uses before it, as a loop would") {
  for (const unsigned threads : {1U, 2U, 4U}) {
    CAPTURE(threads);
    std::int64_t used = 0;
    CHECK_THROWS_WITH_AS(ordered_draws<double>(
                             100000, threads,
                             [](std::int64_t i) {
                               if (i == 70001) throw std::runtime_error("draw 70001");
                               return draw_of(i);
                             },
                             [&](std::int64_t, double) { ++used; }),
                         "draw 70001", std::runtime_error);
    CHECK(used == 70001);
    used = 0;
    CHECK_THROWS_WITH_AS(ordered_draws<double>(100000, threads, draw_of,
                                               [&](std::int64_t i, double) {
                                                 if (i == 3000) throw std::runtime_error("use 3000");
                                                 ++used;
                                               }),
                         "use 3000", std::runtime_error);
    CHECK(used == 3000);
  }
}
