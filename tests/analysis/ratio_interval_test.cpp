// Fieller's interval for a ratio of means: exact cases and coverage on toys with a known ratio.
#include "sim/analysis/ratio_interval.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "sim/analysis/summary_stats.hpp"
#include "sim/engine/random.hpp"

using namespace ozsim::analysis;

namespace {

// Paired (cost, effect) replications: effect ~ N(mean_e, sd_e), cost ~ N(mean_c, sd_c) with correlation rho.
struct Toy {
  double mean_c, sd_c, mean_e, sd_e, rho;
  std::size_t n;

  void draw(ozsim::engine::RandomStream& rng, std::vector<double>& c, std::vector<double>& e) const {
    c.resize(n);
    e.resize(n);
    for (std::size_t r = 0; r < n; ++r) {
      const double z1 = normal_quantile(rng.uniform01());
      const double z2 = normal_quantile(rng.uniform01());
      e[r] = mean_e + sd_e * z1;
      c[r] = mean_c + sd_c * (rho * z1 + std::sqrt(1.0 - rho * rho) * z2);
    }
  }
};

struct Coverage {
  double fieller = 0.0;         // share of data sets whose Fieller interval holds the true ratio
  double unbounded = 0.0;       // share with no ratio (effect not told from 0)
  double mean_of_ratios = 0.0;  // share whose t interval of the per-replication ratios holds it
};

Coverage coverage(const Toy& toy, std::size_t data_sets, std::uint64_t seed) {
  const double truth = toy.mean_c / toy.mean_e;
  auto rng = ozsim::engine::RandomStream::for_entity(seed, 0, 0);
  std::vector<double> c, e, ratios;
  std::size_t covered = 0, unbounded = 0, naive = 0;
  for (std::size_t d = 0; d < data_sets; ++d) {
    toy.draw(rng, c, e);
    const RatioEstimate estimate = fieller_ratio(c, e);
    const Summary effect = summarize(e);
    // Bounded exactly when the effect's 95% t interval excludes 0.
    CHECK(estimate.bounded == (effect.lo95 > 0.0 || effect.hi95 < 0.0));
    if (!estimate.bounded) {
      ++unbounded;
    } else if (estimate.lo <= truth && truth <= estimate.hi) {
      ++covered;
    }
    ratios.clear();
    for (std::size_t r = 0; r < c.size(); ++r) ratios.push_back(c[r] / e[r]);
    const Summary per_replication = summarize(ratios);
    if (per_replication.lo95 <= truth && truth <= per_replication.hi95) ++naive;
  }
  const auto share = [&](std::size_t k) { return static_cast<double>(k) / static_cast<double>(data_sets); };
  return {share(covered), share(unbounded), share(naive)};
}

}  // namespace

TEST_CASE("Fieller: exact when nothing varies, unbounded without an effect") {
  const std::vector<double> cost = {200.0, 200.0, 200.0}, effect = {4.0, 4.0, 4.0};
  const RatioEstimate exact = fieller_ratio(cost, effect);
  CHECK(exact.bounded);
  CHECK(exact.ratio == 50.0);
  CHECK(exact.lo == doctest::Approx(50.0).epsilon(1e-15));
  CHECK(exact.hi == doctest::Approx(50.0).epsilon(1e-15));

  const std::vector<double> none = {1.0, -1.0, 0.5, -0.5};
  const RatioEstimate unbounded = fieller_ratio(std::vector<double>{1.0, 2.0, 3.0, 4.0}, none);
  CHECK(!unbounded.bounded);
  CHECK(std::isnan(unbounded.ratio));
  CHECK(std::isnan(unbounded.lo));

  // Pairs with a NaN are left out; one pair left is too few.
  const std::vector<double> gap = {NOT_AVAILABLE, 2.0};
  CHECK(fieller_ratio(gap, std::vector<double>{1.0, 1.0}).n == 1);
  CHECK(!fieller_ratio(gap, std::vector<double>{1.0, 1.0}).bounded);
  CHECK_THROWS(fieller_ratio(gap, std::vector<double>{1.0}));
}

TEST_CASE("Fieller's 95% interval covers a known ratio 95% of the time") {
  // 2,000 data sets each; a binomial standard error of 0.005, so +-0.02 is 4 of them.
  constexpr std::size_t DATA_SETS = 2000;
  SUBCASE("a clear effect, cost and effect correlated") {
    const Coverage c = coverage({500.0, 150.0, 5.0, 2.0, 0.5, 20}, DATA_SETS, 11);
    std::printf("Fieller coverage, clear effect: %.4f (t interval of the per-replication ratios: %.4f)\n",
                c.fieller, c.mean_of_ratios);
    CHECK(c.unbounded == 0.0);
    CHECK(c.fieller == doctest::Approx(0.95).epsilon(0.02 / 0.95));
  }
  SUBCASE("a noisy effect, few replications: no ratio where the effect is not told from 0") {
    // The effect is 2.2 standard errors from 0 on average over 5 replications: often no ratio. Fieller's
    // confidence set is then the whole line or two rays; counting a data set without a ratio as covered,
    // the coverage stays at least nominal.
    const Coverage c = coverage({100.0, 40.0, 1.0, 1.0, -0.3, 5}, DATA_SETS, 12);
    std::printf("Fieller coverage, noisy effect: %.4f + %.4f without a ratio\n", c.fieller, c.unbounded);
    CHECK(c.unbounded > 0.05);
    CHECK(c.fieller + c.unbounded >= 0.95 - 0.02);
  }
}
