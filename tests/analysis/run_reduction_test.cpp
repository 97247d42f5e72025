// Replications reduced as they finish give the same bits as the same
// replications summarised at the end.
#include "sim/analysis/run_reduction.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "sim/analysis/summary_stats.hpp"
#include "sim/model/run.hpp"
#include "sim/output/run_output.hpp"
#include "sim/scenario/scenario.hpp"

using namespace ozsim;

namespace {

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

void check_same(const analysis::ScenarioSummary& streamed, const analysis::ScenarioSummary& batch) {
  REQUIRE(streamed.kpis.size() == batch.kpis.size());
  for (auto s = streamed.kpis.begin(), b = batch.kpis.begin(); s != streamed.kpis.end(); ++s, ++b) {
    CAPTURE(s->first);
    REQUIRE(s->first == b->first);
    CHECK(s->second.n == b->second.n);
    CHECK(same_bits(s->second.mean, b->second.mean));
    CHECK(same_bits(s->second.sd, b->second.sd));
    CHECK(same_bits(s->second.lo95, b->second.lo95));
    CHECK(same_bits(s->second.hi95, b->second.hi95));
    CHECK(std::isnan(s->second.p2_5));  // exact percentiles need every value
  }
  REQUIRE(streamed.incomplete.size() == batch.incomplete.size());
  for (std::size_t i = 0; i < batch.incomplete.size(); ++i) {
    CHECK(streamed.incomplete[i].kpi == batch.incomplete[i].kpi);
    CHECK(streamed.incomplete[i].scenario == batch.incomplete[i].scenario);
    CHECK(streamed.incomplete[i].replications == batch.incomplete[i].replications);
  }
}

}  // namespace

TEST_CASE("KpiAccumulator equals summarize_kpis: late, sparse, missing and NaN KPIs") {
  std::vector<model::RunResult> runs(6);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const double x = static_cast<double>(r);
    runs[r].kpis["count.thuiszitter"] = 30.0 + 0.1 * x * x;
    runs[r].kpis["home.mean_days"] = 1e6 + 1.0 / (1.0 + x);                  // far from 0: rounding shows
    if (r >= 3) runs[r].kpis["flow.thuiszitter.dagbesteding.per_year"] = x;  // sparse, first seen late
    if (r != 2) runs[r].kpis["count.oov"] = 4.0;                             // missing once
    if (r >= 4) runs[r].kpis["waiting.oov"] = 1.0;                           // not sparse, first seen late
    runs[r].kpis["wait_days.oov.mean"] = r == 1 ? std::nan("") : 7.0;        // NaN once
  }
  analysis::KpiAccumulator streamed("s");
  for (const model::RunResult& r : runs) streamed.add(r);
  CHECK(streamed.replications() == 6);
  const analysis::ScenarioSummary batch = analysis::summarize_kpis(runs, "s");
  check_same(streamed.summary(), batch);
  const analysis::Summary flow = streamed.summary().kpis.at("flow.thuiszitter.dagbesteding.per_year");
  CHECK(flow.n == 6);
  CHECK(flow.mean == doctest::Approx((3.0 + 4.0 + 5.0) / 6.0));
  CHECK(batch.incomplete.size() == 3);  // count.oov, wait_days.oov.mean, waiting.oov
}

TEST_CASE("RunReduction of tiny.toml replications equals the batch summary and output") {
  const scenario::LoadedScenario s =
      scenario::load_scenario(std::string(OZSIM_SOURCE_DIR) + "/scenarios/tiny.toml",
                              {"simulation.years=5", "simulation.warmup_years=1"});
  std::vector<model::RunResult> runs;
  analysis::RunReduction reduction("tiny");
  for (std::uint32_t r = 0; r < 4; ++r) {
    runs.push_back(model::run_replication(s.config, 7, r));
    reduction.add(model::RunResult(runs.back()));
  }
  check_same(reduction.kpi_summary(), analysis::summarize_kpis(runs, "tiny"));
  REQUIRE(reduction.fingerprints().size() == 4);
  CHECK(reduction.fingerprints()[3] == runs[3].fingerprint);
  // The monthly means and flows are sums in replication order divided by R, as before streaming.
  const auto mean = reduction.series_mean();
  REQUIRE(mean.size() == runs[0].series_values.size());
  for (std::size_t m = 0; m < mean.size(); m += 7)
    for (std::size_t c = 0; c < mean[m].size(); ++c) {
      double sum = 0.0;
      for (const model::RunResult& r : runs) sum += r.series_values[m][c];
      CHECK(same_bits(mean[m][c], sum / 4.0));
    }
  CHECK(!reduction.flows_mean().empty());
  model::RunResult odd = runs[0];
  odd.series_values.pop_back();
  CHECK_THROWS_AS(reduction.add(std::move(odd)), std::logic_error);
}

TEST_CASE("RunReduction: each flow's summary is summarize() of its per-replication counts, 0 where absent") {
  // A flow first seen in replication 1, one seen only in replication 0, one in every replication (listed
  // twice in replication 2, as two counts of the same key add up).
  const std::vector<std::vector<model::FlowCount>> flows = {
      {{2021, "attending", "thuiszitter", 3}, {2021, "attending", "oov", 2}},
      {{2021, "attending", "thuiszitter", 5}, {2022, "thuiszitter", "dagbesteding", 4}},
      {{2021, "attending", "thuiszitter", 1}, {2021, "attending", "thuiszitter", 6}},
      {{2022, "thuiszitter", "dagbesteding", 9}}};
  const std::map<std::tuple<int, std::string, std::string>, std::vector<double>> padded = {
      {{2021, "attending", "oov"}, {2.0, 0.0, 0.0, 0.0}},
      {{2021, "attending", "thuiszitter"}, {3.0, 5.0, 7.0, 0.0}},
      {{2022, "thuiszitter", "dagbesteding"}, {0.0, 4.0, 0.0, 9.0}}};
  analysis::RunReduction reduction;
  for (const auto& replication_flows : flows) {
    model::RunResult run;
    run.flows = replication_flows;
    reduction.add(std::move(run));
  }
  const auto summaries = reduction.flows_summary();
  const auto means = reduction.flows_mean();
  REQUIRE(summaries.size() == padded.size());
  REQUIRE(means.size() == padded.size());
  for (const auto& [key, values] : padded) {
    CAPTURE(std::get<2>(key));
    // A flow is a count: its interval is summarize()'s moved onto the log scale, as every count's is.
    const analysis::Summary expected =
        analysis::within_range(analysis::summarize(values), analysis::ValueRange::NonNegative);
    const analysis::Summary& got = summaries.at(key);
    CHECK(got.n == 4);
    CHECK(same_bits(got.mean, expected.mean));
    CHECK(same_bits(got.lo95, expected.lo95));
    CHECK(same_bits(got.hi95, expected.hi95));
    // flows_mean() stays the sum in replication order divided by R, as flows.csv always had it.
    double sum = 0.0;
    for (double v : values) sum += v;
    CHECK(same_bits(means.at(key), sum / 4.0));
  }
  // The t interval of a rare flow (2, 0, 0, 0) would reach below zero; this one stays above it.
  CHECK(analysis::summarize(padded.at({2021, "attending", "oov"})).lo95 < 0.0);
  CHECK(summaries.at({2021, "attending", "oov"}).lo95 > 0.0);
}

TEST_CASE("cost lines: a line booked in some replications only counts 0 euros in the others") {
  // Lines first booked in a later replication, and lines a later replication does not book, on both sides
  // of the ones every replication books.
  const auto replication = [](std::vector<std::pair<std::string, double>> items) {
    model::RunResult r;
    r.first_cost_year = 2024;
    r.last_cost_year = 2024;
    for (const auto& [item, euros] : items)
      r.costs.push_back({.year = 2024, .payer = "gemeente", .item = item, .euros = euros});
    return r;
  };
  analysis::CostLineReduction lines;
  lines.add(replication({{"b", 10.0}, {"d", 40.0}}));
  lines.add(replication({{"a", 5.0}, {"b", 20.0}, {"c", 7.0}}));
  lines.add(replication({{"d", 30.0}, {"e", 1.0}}));
  std::map<std::string, analysis::Summary> by_item;
  for (const analysis::CostLineRow& row : lines.rows()) {
    CHECK(row.basis ==
          analysis::YearBasis::SchoolYear);  // one school year: no calendar year is covered twice
    by_item[row.key.item] = row.euros;
  }
  REQUIRE(by_item.size() == 5);
  const auto expect = [&](const std::string& item, double v0, double v1, double v2) {
    INFO(item);
    const std::vector<double> values = {v0, v1, v2};
    const analysis::Summary s = analysis::summarize(values);
    CHECK(by_item[item].n == 3);
    CHECK(by_item[item].mean == s.mean);
    CHECK(by_item[item].sd == s.sd);
  };
  expect("a", 0.0, 5.0, 0.0);
  expect("b", 10.0, 20.0, 0.0);
  expect("c", 0.0, 7.0, 0.0);
  expect("d", 40.0, 0.0, 30.0);
  expect("e", 0.0, 0.0, 1.0);
}
