// compare --posterior as a nested analysis (posterior draws x paired replications) on a toy whose
// policy effect depends on an uncertain parameter.
#include "sim/analysis/posterior_compare.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "sim/analysis/summary_stats.hpp"
#include "sim/engine/random.hpp"

using namespace ozsim::analysis;
using ozsim::engine::RandomStream;
using ozsim::model::RunResult;

namespace {

double normal(RandomStream& rng) {
  return normal_quantile(rng.uniform01());
}

// Draw k has parameter theta_k ~ N(0, 2^2) (spread = 2), or 0 when `spread` is 0; the alternative averts
// 5 + theta_k home-months a year at a cost of 1000 + noise. Replication noise is shared by both scenarios
// of a replication (common random numbers) except for a small own part.
ResultGrid toy(std::size_t draws, std::size_t per_draw, double spread, std::uint64_t seed) {
  ResultGrid grid(2);
  for (std::size_t k = 0; k < draws; ++k) {
    auto parameter_rng = RandomStream::for_entity(seed, 1, k);
    const double theta = spread * normal(parameter_rng);
    for (std::size_t r = 0; r < per_draw; ++r) {
      auto rng = RandomStream::for_entity(seed, 2, k * per_draw + r);
      const double shared = 10.0 * normal(rng);
      for (std::size_t s = 0; s < 2; ++s) {
        RunResult result;
        const double own = normal(rng);
        result.kpis["home.months.per_year"] = 100.0 + shared + own - (s == 1 ? 5.0 + theta : 0.0);
        result.kpis["cost.total.per_year"] = 1.0e4 + 100.0 * shared + (s == 1 ? 1000.0 + 50.0 * own : 0.0);
        grid[s].push_back(std::move(result));
      }
    }
  }
  return grid;
}

const NestedEffect& effect_of(const NestedAlternative& alt, const std::string& kpi) {
  for (const auto& e : alt.effects)
    if (e.kpi == kpi) return e;
  FAIL("no effect for " << kpi);
  return alt.effects.front();
}

}  // namespace

TEST_CASE("nested effect: credible interval from the draws' means, MC error, P(< 0), noise share") {
  // Two draws of three replications: means 1 and 3.
  const std::vector<double> diff = {0.0, 1.0, 2.0, 2.0, 3.0, 4.0};
  const NestedEffect e = nested_effect(diff, 2, 3);
  CHECK(e.draws == 2);
  CHECK(e.mean == 2.0);
  CHECK(e.lo95 == doctest::Approx(1.05));
  CHECK(e.hi95 == doctest::Approx(2.95));
  CHECK(e.mc_error == doctest::Approx(std::sqrt(2.0) / std::sqrt(2.0)));
  CHECK(e.p_below_zero == 0.0);
  // Within-draw variance 1, over 3 replications: 1/3 of the draws' variance (2).
  CHECK(e.noise_share == doctest::Approx(1.0 / 6.0));
  CHECK_THROWS(nested_effect(diff, 4, 2));
}

TEST_CASE("the nested interval carries the parameter's uncertainty: at least as wide as the plain one") {
  const std::size_t draws = 60, per_draw = 5;
  const ResultGrid uncertain = toy(draws, per_draw, 2.0, 5);
  const ResultGrid point = toy(draws, per_draw, 0.0, 5);  // the same noise, the parameter fixed at its mean
  const NestedComparison nested = nested_comparison({"base", "alt"}, uncertain, draws, per_draw, {});
  REQUIRE(nested.alternatives.size() == 1);
  const NestedEffect& home = effect_of(nested.alternatives.front(), "home.months.per_year");
  // The plain analysis: a t interval over all replications at the point estimate.
  const PairedComparison plain = compare_paired(point.front(), point.back());
  const Summary& plain_home =
      plain.kpis.front().kpi == "cost.total.per_year" ? plain.kpis.back().diff : plain.kpis.front().diff;
  // The old --posterior: a t interval over all draws' replications, as if they were exchangeable.
  const PairedComparison pooled = compare_paired(uncertain.front(), uncertain.back());
  const Summary& pooled_home = pooled.kpis.back().diff;
  std::printf(
      "home-months effect: nested credible [%.2f, %.2f], plain t [%.2f, %.2f], pooled t [%.2f, %.2f]\n",
      home.lo95, home.hi95, plain_home.lo95, plain_home.hi95, pooled_home.lo95, pooled_home.hi95);
  CHECK(home.hi95 - home.lo95 >= plain_home.hi95 - plain_home.lo95);
  // The effect is -(5 + theta), theta ~ N(0, 4): its 95% range is about 2 x 1.96 x 2 = 7.8 wide.
  CHECK(home.hi95 - home.lo95 > 5.0);
  CHECK(home.hi95 - home.lo95 < 11.0);
  CHECK(pooled_home.hi95 - pooled_home.lo95 < 2.0);  // the pooled t interval hides the parameter
  CHECK(home.mean == doctest::Approx(-5.0).epsilon(0.15));
  CHECK(home.p_below_zero > 0.9);
  CHECK(home.mc_error == doctest::Approx(2.0 / std::sqrt(60.0)).epsilon(0.3));
  CHECK(home.noise_share < 0.2);  // 5 replications per draw see the parameter well

  // The acceptability curve rises with the value of a home-month; at 0 nothing pays for 1,000 euros.
  const auto& curve = nested.alternatives.front().acceptability;
  REQUIRE(curve.size() == 41);
  CHECK(curve.front().value_per_home_month == 0.0);
  CHECK(curve.front().probability == 0.0);
  for (std::size_t i = 1; i < curve.size(); ++i) CHECK(curve[i].probability >= curve[i - 1].probability);
  CHECK(curve.back().probability > 0.8);  // P(5 + theta > 2.5) = 0.89
}
