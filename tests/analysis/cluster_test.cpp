// Spreading replications over ranks (analysis/cluster.hpp): which rank runs which slot, results as
// bytes, and every rank's sink seeing what one process's sink sees. The ranks here are threads of
// this process meeting at a barrier, so the logic is tested without MPI; scripts/mpi_test.sh runs
// the real thing under mpirun and compares the output files byte for byte.
#include "sim/analysis/cluster.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/analysis/replications.hpp"
#include "sim/analysis/result_bytes.hpp"
#include "sim/model/run.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/analysis/thread_ranks.hpp"

using namespace ozsim;
using namespace ozsim::analysis;
using ozsim::testing::ThreadRanks;

namespace {

std::string bytes_of(const model::RunResult& result) {
  std::string out;
  ByteWriter writer(out);
  write_result(writer, result);
  return out;
}

model::RunResult round_trip(const model::RunResult& result) {
  const std::string bytes = bytes_of(result);
  ByteReader reader(bytes);
  model::RunResult back = read_result(reader);
  CHECK(reader.at_end());
  return back;
}

// Bit for bit, NaN included.
bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void check_same(const model::RunResult& a, const model::RunResult& b) {
  REQUIRE(a.kpis.size() == b.kpis.size());
  for (auto ia = a.kpis.begin(), ib = b.kpis.begin(); ia != a.kpis.end(); ++ia, ++ib) {
    CHECK(ia->first == ib->first);
    CHECK(same_bits(ia->second, ib->second));
  }
  CHECK(a.series_names == b.series_names);
  REQUIRE(a.series_days.size() == b.series_days.size());
  for (std::size_t i = 0; i < a.series_days.size(); ++i) CHECK(same_bits(a.series_days[i], b.series_days[i]));
  REQUIRE(a.series_values.size() == b.series_values.size());
  for (std::size_t m = 0; m < a.series_values.size(); ++m) {
    REQUIRE(a.series_values[m].size() == b.series_values[m].size());
    for (std::size_t c = 0; c < a.series_values[m].size(); ++c)
      CHECK(same_bits(a.series_values[m][c], b.series_values[m][c]));
  }
  REQUIRE(a.flows.size() == b.flows.size());
  for (std::size_t i = 0; i < a.flows.size(); ++i) {
    CHECK(a.flows[i].year == b.flows[i].year);
    CHECK(a.flows[i].from == b.flows[i].from);
    CHECK(a.flows[i].to == b.flows[i].to);
    CHECK(a.flows[i].count == b.flows[i].count);
  }
  REQUIRE(a.costs.size() == b.costs.size());
  for (std::size_t i = 0; i < a.costs.size(); ++i) {
    CHECK(a.costs[i].year == b.costs[i].year);
    CHECK(a.costs[i].payer == b.costs[i].payer);
    CHECK(a.costs[i].item == b.costs[i].item);
    CHECK(same_bits(a.costs[i].euros, b.costs[i].euros));
    CHECK(a.costs[i].kind == b.costs[i].kind);
    CHECK(a.costs[i].catchment == b.costs[i].catchment);
    CHECK(a.costs[i].region == b.costs[i].region);
  }
  CHECK(a.first_cost_year == b.first_cost_year);
  CHECK(a.last_cost_year == b.last_cost_year);
  CHECK(a.fingerprint == b.fingerprint);
  CHECK(a.events == b.events);
  CHECK(a.pupils == b.pupils);
  CHECK(a.unmaterialised_pupils == b.unmaterialised_pupils);
  CHECK(a.pupils_made_at_onset_month == b.pupils_made_at_onset_month);
  CHECK(a.trace_csv == b.trace_csv);
}

// A replication whose every field depends on (scenario, replication), some of them awkward doubles.
model::RunResult fake(std::size_t scenario, std::uint32_t replication) {
  model::RunResult result;
  const double x = static_cast<double>(scenario) * 1000.0 + replication;
  result.kpis["x"] = x / 3.0;
  result.kpis["nan"] = std::numeric_limits<double>::quiet_NaN();
  result.series_names = {"a", "b"};
  result.series_days = {0.0, 31.0};
  result.series_values = {{x, -0.0}, {std::numeric_limits<double>::infinity(), x * 1e-300}};
  result.flows = {{2020, "thuiszitter", "oov", replication}};
  result.costs = {{2021, "gemeente", "oov", x * 1.1, model::CostKind::Transport},
                  {2021, "elders", "oov", x * 0.3, model::CostKind::Variable, true},
                  {2022, "gemeente", "cross_region_travel", x, model::CostKind::Transport, false, "utrecht"}};
  result.first_cost_year = 2019;
  result.last_cost_year = 2024;
  result.fingerprint = 0x9E3779B97F4A7C15ULL ^ replication;
  result.events = scenario;
  result.pupils = 1000 + replication;
  result.unmaterialised_pupils = 900 + replication;
  result.pupils_made_at_onset_month = 40 + scenario;
  result.trace_csv = "day,pupil\n" + std::to_string(replication) + ",7\n";
  return result;
}

// What one process's sink receives: (scenario, replication, bytes of the result), in order.
struct Received {
  std::size_t scenario;
  std::uint32_t replication;
  std::string bytes;
  bool operator==(const Received&) const = default;
};

}  // namespace

TEST_CASE("share_of splits the slots into consecutive blocks in rank order, sizes within one") {
  for (std::size_t ranks = 1; ranks <= 5; ++ranks)
    for (std::size_t count = 0; count <= 23; ++count) {
      CAPTURE(ranks);
      CAPTURE(count);
      std::size_t next = 0, smallest = count, largest = 0;
      for (std::size_t r = 0; r < ranks; ++r) {
        const SlotRange range = share_of(count, r, ranks);
        CHECK(range.begin == next);
        CHECK(range.end >= range.begin);
        smallest = std::min(smallest, range.end - range.begin);
        largest = std::max(largest, range.end - range.begin);
        next = range.end;
      }
      CHECK(next == count);
      CHECK(largest - smallest <= 1);
    }
  CHECK(share_of(10, 0, 3).end == 4);  // the first rank takes the extra slot
  CHECK(share_of(10, 2, 3).begin == 7);
  CHECK_THROWS_AS(share_of(10, 3, 3), std::logic_error);
}

TEST_CASE("a result survives its bytes bit for bit") {
  SUBCASE("awkward doubles, empty and non-empty strings") {
    check_same(round_trip(fake(2, 5)), fake(2, 5));
    check_same(round_trip(model::RunResult{}), model::RunResult{});
  }
  SUBCASE("a tiny.toml replication with its trace") {
    const scenario::LoadedScenario s =
        scenario::load_scenario(std::string(OZSIM_SOURCE_DIR) + "/scenarios/tiny.toml",
                                {"simulation.years=3", "simulation.warmup_years=1"});
    model::RunOptions options;
    options.trace = true;
    const model::RunResult run = model::run_replication(s.config, 11, 2, options);
    REQUIRE(!run.flows.empty());
    REQUIRE(!run.costs.empty());
    REQUIRE(!run.trace_csv.empty());
    check_same(round_trip(run), run);
  }
  SUBCASE("a replication of two regions: its costs keep their region") {
    const scenario::LoadedScenario s =
        scenario::load_scenario(std::string(OZSIM_SOURCE_DIR) + "/scenarios/two-regions.toml",
                                {"simulation.years=4", "simulation.warmup_years=1"});
    const model::RunResult run = model::run_replication(s.config, 11, 2);
    REQUIRE(std::any_of(run.costs.begin(), run.costs.end(),
                        [](const model::CostLine& c) { return !c.region.empty(); }));
    check_same(round_trip(run), run);
  }
  SUBCASE("several results one after another, and truncated bytes refused") {
    std::string bytes;
    ByteWriter writer(bytes);
    write_result(writer, fake(0, 1));
    write_result(writer, fake(3, 4));
    ByteReader reader(bytes);
    check_same(read_result(reader), fake(0, 1));
    check_same(read_result(reader), fake(3, 4));
    CHECK(reader.at_end());
    ByteReader cut(std::string_view(bytes).substr(0, bytes.size() - 3));
    (void)read_result(cut);
    CHECK_THROWS_AS(read_result(cut), std::logic_error);
  }
}

TEST_CASE("over 1 to 4 ranks every rank's sink sees what one process's sink sees") {
  const std::vector<std::string> names = {"base", "alt"};
  std::vector<Received> alone;
  stream_replications(names, {23, 2, true}, fake,
                      [&](std::size_t s, std::uint32_t r, model::RunResult&& result) {
                        alone.push_back({s, r, bytes_of(result)});
                      });
  REQUIRE(alone.size() == 46);
  for (std::size_t size : {1U, 2U, 3U, 4U})
    for (unsigned threads : {1U, 3U}) {
      CAPTURE(size);
      CAPTURE(threads);
      ThreadRanks ranks(size);
      std::vector<std::vector<Received>> seen(size);
      std::vector<std::size_t> ran(size, 0);  // replications each rank computed itself
      ranks.run([&](Cluster& me) {
        ReplicationSettings settings{23, threads, true};
        settings.cluster = &me;
        std::atomic<std::size_t> mine{0};
        stream_replications(
            names, settings,
            [&](std::size_t s, std::uint32_t r) {
              ++mine;
              return fake(s, r);
            },
            [&](std::size_t s, std::uint32_t r, model::RunResult&& result) {
              seen[me.rank()].push_back({s, r, bytes_of(result)});
            });
        ran[me.rank()] = mine;
      });
      std::size_t total = 0;
      for (std::size_t r = 0; r < size; ++r) {
        CHECK(seen[r] == alone);
        CHECK(ran[r] > 0);
        total += ran[r];
      }
      CHECK(total == alone.size());  // every replication ran once, on one rank
    }
}

TEST_CASE("a replication failing on one rank stops every rank, naming the rank and the replication") {
  ThreadRanks ranks(3);
  std::vector<std::string> messages(3);
  std::vector<int> codes(3, 0);
  ranks.run([&](Cluster& me) {
    ReplicationSettings settings{12, 2, true};
    settings.cluster = &me;
    try {
      stream_replications(
          {"base"}, settings,
          [](std::size_t s, std::uint32_t r) {
            if (r == 9) throw std::runtime_error("no place left");
            return fake(s, r);
          },
          [](std::size_t, std::uint32_t, model::RunResult&&) {});
    } catch (const RankFailure& e) {
      messages[me.rank()] = e.what();
      codes[me.rank()] = e.exit_code();
    }
  });
  // 12 replications over 3 ranks x 2 threads: one round of 24 slots, replication 9 in rank 2's block (8-11).
  for (std::size_t r = 0; r < 3; ++r) {
    CHECK(messages[r] == "rank 2: scenario 'base', replication 9: no place left");
    CHECK(codes[r] == 1);
  }
}

TEST_CASE("a rank that fails before its share stops the others at their next exchange, never a hang") {
  SUBCASE("one rank fails: named, with its exit code") {
    ThreadRanks ranks(3);
    std::vector<std::string> messages(3);
    std::vector<int> codes(3, 0);
    ranks.run([&](Cluster& me) {
      try {
        if (me.rank() == 1) {
          exchange_or_stop(me, Failure{2, "scenarios/x.toml: cannot open the file"});  // as main's catch does
        } else {
          ReplicationSettings settings{6, 1, true};
          settings.cluster = &me;
          stream_replications({"base"}, settings, fake,
                              [](std::size_t, std::uint32_t, model::RunResult&&) {});
        }
      } catch (const RankFailure& e) {
        messages[me.rank()] = e.what();
        codes[me.rank()] = e.exit_code();
      }
    });
    for (std::size_t r = 0; r < 3; ++r) {
      CHECK(messages[r] == "rank 1: scenarios/x.toml: cannot open the file");
      CHECK(codes[r] == 2);
    }
  }
  SUBCASE("every rank fails alike (bad input read by every rank): the message as in one process") {
    ThreadRanks ranks(2);
    std::vector<std::string> messages(2);
    ranks.run([&](Cluster& me) {
      try {
        exchange_or_stop(me, Failure{2, "x.toml:4:12: key 'a': expected an integer, found 'b'"});
      } catch (const RankFailure& e) {
        messages[me.rank()] = e.what();
        CHECK(e.every_rank_alike());
      }
    });
    CHECK(messages[0] == "x.toml:4:12: key 'a': expected an integer, found 'b'");
    CHECK(messages[1] == messages[0]);
  }
  SUBCASE("no failure: every rank gets every rank's bytes") {
    ThreadRanks ranks(3);
    std::vector<std::vector<std::string>> got(3);
    ranks.run([&](Cluster& me) { got[me.rank()] = exchange_or_stop(me, std::string(me.rank() + 1, 'x')); });
    for (const auto& all : got) CHECK(all == std::vector<std::string>{"x", "xx", "xxx"});
  }
}
