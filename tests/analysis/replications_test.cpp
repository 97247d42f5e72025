// Parallel replications: slot-ordered results and deterministic errors.
#include "sim/analysis/replications.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "sim/engine/thread_pool.hpp"

using namespace ozsim::analysis;

namespace {

ozsim::model::RunResult fake(std::size_t scenario, std::uint32_t replication) {
  ozsim::model::RunResult result;
  result.kpis["x"] = static_cast<double>(scenario) * 1000.0 + replication;
  result.series_names = {"s"};
  result.series_values = {{1.0}};
  result.trace_csv = "t";
  return result;
}

}  // namespace

TEST_CASE("run_replications puts each result in its slot for any thread count") {
  const std::vector<std::string> names = {"base", "alt1", "alt2"};
  for (unsigned threads : {1U, 2U, 4U, 0U}) {
    CAPTURE(threads);
    const auto grid = run_replications(names, {7, threads, true}, fake);
    REQUIRE(grid.size() == 3);
    for (std::size_t s = 0; s < 3; ++s) {
      REQUIRE(grid[s].size() == 7);
      for (std::uint32_t r = 0; r < 7; ++r)
        CHECK(grid[s][r].kpis.at("x") == static_cast<double>(s * 1000 + r));
    }
    CHECK(grid[0][0].trace_csv == "t");
  }
  const auto slim = run_replications(names, {2, 2, false}, fake);
  CHECK(slim[1][1].series_values.empty());
  CHECK(slim[1][1].trace_csv.empty());
  CHECK(slim[1][1].kpis.at("x") == 1001.0);
}

TEST_CASE("run_replications rethrows the first failing slot with scenario and replication") {
  const std::vector<std::string> names = {"base", "opbouw", "oov12"};
  std::atomic<int> calls{0};
  auto failing = [&](std::size_t scenario, std::uint32_t replication) {
    ++calls;
    if ((scenario == 1 && replication == 3) || (scenario == 2 && replication == 0))
      throw std::runtime_error("capacity negative");
    return fake(scenario, replication);
  };
  for (unsigned threads : {1U, 2U, 3U}) {
    CAPTURE(threads);
    try {
      run_replications(names, {5, threads, true}, failing);
      FAIL("expected an exception");
    } catch (const ReplicationError& e) {
      CHECK(std::string(e.what()) == "scenario 'opbouw', replication 3: capacity negative");
      CHECK(e.scenario() == "opbouw");
      CHECK(e.scenario_index() == 1);
      CHECK(e.replication() == 3);
      CHECK_THROWS_AS(std::rethrow_exception(e.cause()), std::runtime_error);
    }
  }
  auto odd = [](std::size_t, std::uint32_t) -> ozsim::model::RunResult { throw 42; };
  CHECK_THROWS_WITH_AS(run_replications({"x"}, {1, 1, true}, odd),
                       "scenario 'x', replication 0: unknown exception", ReplicationError);
}

TEST_CASE("effective_threads never exceeds the work or drops below one") {
  CHECK(ozsim::engine::effective_threads(8, 3) == 3);
  CHECK(ozsim::engine::effective_threads(2, 100) == 2);
  CHECK(ozsim::engine::effective_threads(4, 0) == 1);
  CHECK(ozsim::engine::effective_threads(0, 100) >= 1);
}

TEST_CASE("run_replications with zero scenarios or replications returns empty slots") {
  CHECK(run_replications({}, {5, 2, true}, fake).empty());
  const auto grid = run_replications({"a"}, {0, 2, true}, fake);
  REQUIRE(grid.size() == 1);
  CHECK(grid[0].empty());
}

TEST_CASE("stream_replications hands results over in slot order, a bounded number at a time") {
  const std::vector<std::string> names = {"base", "alt"};
  for (unsigned threads : {1U, 2U, 3U, 4U}) {
    CAPTURE(threads);
    std::atomic<int> waiting{0};  // produced but not yet handed over
    std::atomic<int> most_waiting{0};
    auto uneven = [&](std::size_t scenario, std::uint32_t replication) {
      // Every seventh replication is slow, so later ones finish first and must wait for it.
      if (replication % 7 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      const int now = ++waiting;
      for (int most = most_waiting.load(); now > most && !most_waiting.compare_exchange_weak(most, now);) {
      }
      return fake(scenario, replication);
    };
    std::vector<std::pair<std::size_t, std::uint32_t>> order;
    stream_replications(names, {40, threads, true}, uneven,
                        [&](std::size_t scenario, std::uint32_t replication, ozsim::model::RunResult&& r) {
                          --waiting;
                          CHECK(r.kpis.at("x") == static_cast<double>(scenario * 1000 + replication));
                          order.emplace_back(scenario, replication);
                        });
    REQUIRE(order.size() == 80);
    for (std::size_t slot = 0; slot < order.size(); ++slot) {
      CHECK(order[slot].first == slot / 40);
      CHECK(order[slot].second == slot % 40);
    }
    CHECK(most_waiting.load() <= static_cast<int>(2 * threads));
  }
}

TEST_CASE("stream_replications stops at a failing sink and names its slot") {
  for (unsigned threads : {1U, 2U, 4U}) {
    CAPTURE(threads);
    std::size_t handed = 0;
    try {
      stream_replications({"a", "b"}, {10, threads, true}, fake,
                          [&](std::size_t scenario, std::uint32_t replication, ozsim::model::RunResult&&) {
                            if (scenario == 1 && replication == 2) throw std::runtime_error("disk full");
                            ++handed;
                          });
      FAIL("expected an exception");
    } catch (const ReplicationError& e) {
      CHECK(std::string(e.what()) == "scenario 'b', replication 2: disk full");
    }
    CHECK(handed == 12);
  }
}
