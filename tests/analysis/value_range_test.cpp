// Intervals that stay inside a quantity's range: log scale for non-negative quantities, logit for shares.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "sim/analysis/summary_stats.hpp"
#include "sim/engine/random.hpp"

using namespace ozsim::analysis;
using ozsim::engine::RandomStream;

namespace {

int poisson(RandomStream& rng, double mean) {
  // Inversion: count the uniforms whose product stays above e^-mean.
  const double limit = std::exp(-mean);
  int k = 0;
  for (double product = rng.uniform01(); product > limit; product *= rng.uniform01()) ++k;
  return k;
}

struct Figures {
  double t_coverage = 0.0, range_coverage = 0.0, t_below_range = 0.0;
  bool range_inside = true;
};

template <class Draw>
Figures coverage(Draw draw, double truth, ValueRange range, std::size_t n, std::size_t data_sets,
                 std::uint64_t seed) {
  auto rng = RandomStream::for_entity(seed, 0, 0);
  std::vector<double> values(n);
  std::size_t t_hits = 0, range_hits = 0, t_below = 0;
  Figures f;
  for (std::size_t d = 0; d < data_sets; ++d) {
    for (double& v : values) v = draw(rng);
    const Summary t = summarize(values);
    const Summary bounded = within_range(t, range);
    t_hits += t.lo95 <= truth && truth <= t.hi95 ? 1 : 0;
    range_hits += bounded.lo95 <= truth && truth <= bounded.hi95 ? 1 : 0;
    t_below += t.lo95 < 0.0 ? 1 : 0;
    f.range_inside = f.range_inside && bounded.lo95 >= 0.0 && bounded.lo95 <= bounded.mean &&
                     bounded.mean <= bounded.hi95 && (range != ValueRange::Proportion || bounded.hi95 <= 1.0);
  }
  const auto share = [&](std::size_t k) { return static_cast<double>(k) / static_cast<double>(data_sets); };
  f.t_coverage = share(t_hits);
  f.range_coverage = share(range_hits);
  f.t_below_range = share(t_below);
  return f;
}

}  // namespace

TEST_CASE("within_range: exact cases") {
  Summary zeros = summarize(std::vector<double>{0.0, 0.0, 0.0});
  const Summary z = within_range(zeros, ValueRange::NonNegative);
  CHECK(z.lo95 == 0.0);
  CHECK(z.hi95 == 0.0);
  const Summary s = summarize(std::vector<double>{0.0, 0.0, 3.0});
  CHECK(s.lo95 < 0.0);  // the t interval leaves the range
  const Summary b = within_range(s, ValueRange::NonNegative);
  CHECK(b.mean == s.mean);
  CHECK(b.lo95 > 0.0);
  CHECK(b.hi95 > s.hi95);
  // On the log scale the interval is symmetric: lo x hi = mean^2.
  CHECK(b.lo95 * b.hi95 == doctest::Approx(b.mean * b.mean));
  const Summary shares =
      within_range(summarize(std::vector<double>{0.9, 1.0, 1.0, 0.95}), ValueRange::Proportion);
  CHECK(shares.hi95 < 1.0);
  CHECK(shares.lo95 < shares.mean);
  CHECK(within_range(s, ValueRange::Real).lo95 == s.lo95);
  CHECK(value_range("count.thuiszitter") == ValueRange::NonNegative);
  CHECK(value_range("home.share_over_3m_without_offer") == ValueRange::Proportion);
  CHECK(value_range("no.such.kpi") == ValueRange::Real);
}

TEST_CASE("count intervals never go below 0 and still cover") {
  // Rare events: a mean of 0.5 a replication over 10 replications.
  const Figures f = coverage([](RandomStream& rng) { return static_cast<double>(poisson(rng, 0.5)); }, 0.5,
                             ValueRange::NonNegative, 10, 4000, 3);
  std::printf("Poisson(0.5), n = 10: t interval covers %.4f and is below 0 in %.4f; log scale covers %.4f\n",
              f.t_coverage, f.t_below_range, f.range_coverage);
  CHECK(f.range_inside);
  CHECK(f.t_below_range > 0.3);
  CHECK(f.range_coverage >= 0.93);
}

TEST_CASE("a skewed quantity is covered better on the log scale") {
  // Lognormal(0, 1) over 10 replications: the t interval under-covers (about 0.85).
  const Figures f = coverage([](RandomStream& rng) { return std::exp(normal_quantile(rng.uniform01())); },
                             std::exp(0.5), ValueRange::NonNegative, 10, 4000, 4);
  std::printf("lognormal(0, 1), n = 10: t interval covers %.4f, log scale %.4f\n", f.t_coverage,
              f.range_coverage);
  CHECK(f.range_inside);
  CHECK(f.range_coverage >= f.t_coverage + 0.02);
  CHECK(f.range_coverage >= 0.87);
}

TEST_CASE("share intervals stay inside [0, 1]") {
  // A share of 20 pupils with probability 0.05 each, over 10 replications.
  const Figures f = coverage(
      [](RandomStream& rng) {
        int k = 0;
        for (int i = 0; i < 20; ++i) k += rng.uniform01() < 0.05 ? 1 : 0;
        return k / 20.0;
      },
      0.05, ValueRange::Proportion, 10, 4000, 5);
  std::printf("share 0.05 of 20, n = 10: t covers %.4f (below 0 in %.4f), logit %.4f\n", f.t_coverage,
              f.t_below_range, f.range_coverage);
  CHECK(f.range_inside);
  CHECK(f.range_coverage >= 0.92);
}

TEST_CASE("KPI summaries use the catalogue's range") {
  std::vector<ozsim::model::RunResult> runs(4);
  const double counts[] = {0.0, 0.0, 0.0, 4.0};
  for (std::size_t r = 0; r < runs.size(); ++r) {
    runs[r].kpis["count.thuiszitter"] = counts[r];
    runs[r].kpis["home.share_over_3m_without_offer"] = r == 0 ? 0.9 : 1.0;
  }
  const ScenarioSummary summary = summarize_kpis(runs);
  CHECK(summary.kpis.at("count.thuiszitter").lo95 > 0.0);
  CHECK(summary.kpis.at("home.share_over_3m_without_offer").hi95 < 1.0);
  KpiAccumulator running;
  for (const auto& run : runs) running.add(run);
  CHECK(running.summary().kpis.at("count.thuiszitter").lo95 == summary.kpis.at("count.thuiszitter").lo95);
  const PairedComparison paired = compare_paired(runs, runs);
  CHECK(paired.kpis.front().base.lo95 >= 0.0);
  CHECK(paired.kpis.front().diff.lo95 == 0.0);
}
