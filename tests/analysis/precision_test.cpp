// --precision: the sequential rule of Hoad, Robinson & Davies (2010) on toys with a known spread.
#include "sim/analysis/precision.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sim/engine/random.hpp"
#include "sim/output/precision_output.hpp"

using namespace ozsim::analysis;
using ozsim::model::RunResult;

namespace {

// Replication r of scenario s: count.thuiszitter ~ N(100, sd) and home.months.per_year ~ N(50, sd / 10),
// from the replication's own stream, so the values do not depend on which thread ran what.
RunResult toy(std::size_t scenario, std::uint32_t r, double sd) {
  auto rng = ozsim::engine::RandomStream::for_entity(99, static_cast<std::uint32_t>(scenario), r);
  RunResult result;
  result.kpis["count.thuiszitter"] = 100.0 + sd * normal_quantile(rng.uniform01());
  result.kpis["home.months.per_year"] = 50.0 + sd / 10.0 * normal_quantile(rng.uniform01());
  return result;
}

const std::vector<std::string> WATCHED = {"count.thuiszitter", "home.months.per_year"};

}  // namespace

TEST_CASE("look-ahead and relative half-width") {
  CHECK(look_ahead(10) == 5);
  CHECK(look_ahead(100) == 5);
  CHECK(look_ahead(400) == 20);
  Summary s = summarize(std::vector<double>{9.0, 11.0});
  CHECK(relative_half_width(s) == doctest::Approx((s.hi95 - s.lo95) / 20.0));
  CHECK(relative_half_width(summarize(std::vector<double>{3.0, 3.0})) == 0.0);
  CHECK(std::isinf(relative_half_width(summarize(std::vector<double>{-1.0, 1.0}))));
  CHECK(std::isnan(relative_half_width(summarize(std::vector<double>{1.0}))));
}

TEST_CASE("precision: stops once every watched KPI is within P, with the look-ahead, whatever the threads") {
  // sd 20 around 100: relative half-width about 1.96 x 0.2 / sqrt(n), within 5% from n of about 62.
  const double sd = 20.0;
  std::vector<std::uint32_t> stopped;
  std::vector<double> first_values;
  for (unsigned threads : {1U, 3U}) {
    PrecisionMonitor monitor({"toy"}, WATCHED, {0.05, 5, 1000});
    ReplicationSettings settings;
    settings.replications = 5;
    settings.threads = threads;
    std::vector<double> seen;
    stream_until_precise(
        "toy", settings, [&](std::size_t s, std::uint32_t r) { return toy(s, r, sd); }, monitor,
        [&](std::size_t, std::uint32_t r, RunResult&& result) {
          CHECK(r == seen.size());  // in replication order, none skipped
          seen.push_back(result.kpis.at("count.thuiszitter"));
        });
    const PrecisionReport report = monitor.report();
    CHECK(report.reached);
    CHECK(report.replications == seen.size());
    CHECK(report.kpis.front().kpi == "count.thuiszitter");  // the widest first
    CHECK(report.kpis.front().relative <= 0.05);
    // Hoad's rule: the goal held at some n and at every replication up to n + look_ahead(n).
    CHECK(report.replications >= 40);
    CHECK(report.replications <= 110);
    stopped.push_back(report.replications);
    first_values.push_back(summarize(seen).mean);
  }
  CHECK(stopped[0] == stopped[1]);
  CHECK(first_values[0] == first_values[1]);  // the same replications, bit for bit
}

TEST_CASE("precision: the maximum ends a goal out of reach, and says it was not reached") {
  PrecisionMonitor monitor({"toy"}, WATCHED, {0.001, 3, 40});
  ReplicationSettings settings;
  settings.replications = 3;
  settings.threads = 2;
  std::uint32_t count = 0;
  stream_until_precise(
      "toy", settings, [&](std::size_t s, std::uint32_t r) { return toy(s, r, 20.0); }, monitor,
      [&](std::size_t, std::uint32_t, RunResult&&) { ++count; });
  CHECK(count == 40);
  CHECK(!monitor.report().reached);
  CHECK(monitor.report().kpis.front().relative > 0.001);
}

TEST_CASE("precision over several scenarios: every scenario's KPIs, the same replications each") {
  PrecisionMonitor monitor({"base", "alt"}, WATCHED, {0.05, 5, 1000});
  ReplicationSettings settings;
  settings.replications = 5;
  settings.threads = 2;
  // The alternative is twice as noisy: it decides the number.
  const ResultGrid grid = replicate_until_precise(
      {"base", "alt"}, settings,
      [&](std::size_t s, std::uint32_t r) { return toy(s, r, s == 0 ? 10.0 : 20.0); }, monitor);
  const PrecisionReport report = monitor.report();
  CHECK(report.reached);
  REQUIRE(grid.size() == 2);
  CHECK(grid[0].size() == report.replications);
  CHECK(grid[1].size() == report.replications);
  CHECK(report.kpis.front().scenario == "alt");
  CHECK(report.replications >= 40);
  // A monitor fed out of order is a bug.
  PrecisionMonitor strict({"a", "b"}, WATCHED, {});
  strict.add(0, grid[0][0]);
  CHECK_THROWS_AS(strict.add(0, grid[0][1]), std::logic_error);
}

TEST_CASE("precision: the terminal line names the widest KPI by its label and unit, with its code") {
  // Found beside the audit of sweep's table: `ozsim run ... --precision 0.5` ended with "Widest:
  // count.thuiszitter in tiny, ...", a code with no unit under tables that name KPIs by their labels.
  PrecisionReport report;
  report.goal = 0.05;
  report.max_replications = 4;
  report.replications = 4;
  report.kpis.push_back({"tiny", "count.thuiszitter", 4.21, 4.63, 1.1});
  CHECK(ozsim::output::precision_text(report).ends_with(
      "Widest: Thuiszitters (unexcused absence) (count date) (pupils) [count.thuiszitter] in tiny, 4.21 +- "
      "4.63 (110%).\n"));
  report.kpis.front().kpi = "not.a.kpi";
  CHECK(ozsim::output::precision_text(report).ends_with("Widest: not.a.kpi in tiny, 4.21 +- 4.63 (110%).\n"));
}
