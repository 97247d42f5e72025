#include "calibration/inference/morris.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "sim/engine/thread_pool.hpp"
#include "toy_models.hpp"

using namespace ozsim::calibration;

TEST_CASE("calibration: Morris separates influential from non-influential parameters") {
  ParameterSpace space;
  space.add("strong", Prior::uniform(0.0, 1.0));
  space.add("nonlinear", Prior::uniform(-1.0, 1.0));
  space.add("inert", Prior::uniform(0.0, 100.0));
  space.add("interacting", Prior::uniform(0.0, 1.0));
  // y = 10 strong + 3 nonlinear^2 + 4 strong*interacting (+ noise that common seeds cancel);
  // z depends on nothing but noise.
  const ModelFunction model = [](const std::vector<double>& p, std::uint64_t seed) {
    Rng rng(seed);
    const double noise = rng.normal();
    return std::map<std::string, double>{{"y", 10.0 * p[0] + 3.0 * p[1] * p[1] + 4.0 * p[0] * p[3] + noise},
                                         {"z", noise}};
  };
  MorrisSettings s;
  s.trajectories = 20;
  s.levels = 4;
  s.seed = 7;
  s.threads = 2;
  s.parallel_for = ozsim::engine::parallel_for;
  const MorrisResult r = run_morris(space, model, s);
  REQUIRE(r.kpis == std::vector<std::string>{"y", "z"});
  CHECK(r.simulations == 20 * 6);  // 4 parameters and the dummy: 6 points per trajectory
  const auto& strong = r.at(0, 0);
  const auto& nonlinear = r.at(1, 0);
  const auto& inert = r.at(2, 0);
  const auto& interacting = r.at(3, 0);
  CHECK(strong.effects == 20);
  // d y / d strong over its unit range is 10 + 4 * interacting: between 10 and 14.
  CHECK(strong.mu_star >= 10.0 - 1e-9);
  CHECK(strong.mu_star <= 14.0 + 1e-9);
  CHECK(inert.mu_star == doctest::Approx(0.0).epsilon(1e-12));
  CHECK(interacting.mu_star > 0.5);
  CHECK(interacting.mu_star < strong.mu_star);
  // The quadratic's effect changes sign across the range: mu near 0, sigma large, mu* > 0.
  CHECK(nonlinear.mu_star > 1.0);
  CHECK(nonlinear.sigma > 1.0);
  CHECK(std::abs(nonlinear.mu) < nonlinear.mu_star);
  for (std::size_t i = 0; i < 4; ++i) CHECK(r.at(i, 1).mu_star == doctest::Approx(0.0).epsilon(1e-12));
  // The dummy parameter changes only the seeds: its mu* is the noise, |N1 - N2| / delta with delta = 2/3,
  // about 1.13 x 1.5 = 1.7, the same for y and for z, which is pure noise.
  REQUIRE(r.noise_floor.size() == 2);
  for (const auto& floor : r.noise_floor) {
    CAPTURE(floor.kpi);
    CHECK(floor.parameter == NOISE_FLOOR);
    CHECK(floor.mu_star > 0.8);
    CHECK(floor.mu_star < 3.0);
  }
  // The strong parameter stands clear of the noise, the inert one does not; the bootstrap interval
  // holds mu*.
  CHECK(strong.mu_star_lo95 > r.noise_floor[0].mu_star);
  CHECK(inert.mu_star_hi95 < r.noise_floor[0].mu_star);
  for (const auto& e : r.effects) {
    CHECK(e.mu_star_lo95 <= e.mu_star);
    CHECK(e.mu_star <= e.mu_star_hi95);
  }
  CHECK(strong.mu_star_hi95 - strong.mu_star_lo95 > 0.0);  // interacting makes it vary by trajectory
  // Same seed, different thread count: identical.
  s.threads = 1;
  const MorrisResult again = run_morris(space, model, s);
  CHECK(again.at(1, 0).sigma == nonlinear.sigma);
  CHECK(again.at(0, 0).mu_star_lo95 == strong.mu_star_lo95);
  CHECK(again.noise_floor[1].mu_star == r.noise_floor[1].mu_star);
}

TEST_CASE("calibration: Morris respects constraints and validates its settings") {
  ParameterSpace space;
  space.add("a", Prior::uniform(0.0, 1.0));
  space.add("b", Prior::uniform(0.0, 1.0));
  space.add_constraint("a <= b");
  std::size_t violations = 0;
  const ModelFunction model = [&violations](const std::vector<double>& p, std::uint64_t) {
    if (p[0] > p[1]) ++violations;  // only read after the join; threads = 1 anyway
    return std::map<std::string, double>{{"y", p[0] + p[1]}};
  };
  MorrisSettings s;
  s.threads = 1;
  s.trajectories = 8;
  const auto r = run_morris(space, model, s);
  CHECK(violations == 0);
  CHECK(r.at(0, 0).mu_star == doctest::Approx(1.0));
  s.levels = 3;
  CHECK_THROWS_WITH(run_morris(space, model, s), "levels must be an even number >= 2, found 3");
}

TEST_CASE("calibration: Morris reads a KPI that some points do not report as the model says (0 for flows)") {
  ParameterSpace space;
  space.add("a", Prior::uniform(0.0, 1.0));
  // "flow" is reported only where it is non-zero, as the pupil model writes its flows: absent at a <= 0.5.
  const ModelFunction model = [](const std::vector<double>& p, std::uint64_t) {
    std::map<std::string, double> kpis{{"level", p[0]}};
    if (p[0] > 0.5) kpis["flow"] = 2.0 * p[0];
    return kpis;
  };
  MorrisSettings s;
  s.trajectories = 6;
  s.levels = 4;
  s.seed = 3;
  // Without a rule for absent KPIs, the first point's KPIs or every point's: an absence is an error.
  CHECK_THROWS_WITH_AS(run_morris(space, model, s), "Morris: the model did not report KPI 'flow'",
                       std::runtime_error);
  s.absent_kpi = [](const std::string& kpi) -> std::optional<double> {
    if (kpi == "flow") return 0.0;
    return std::nullopt;
  };
  const MorrisResult r = run_morris(space, model, s);
  // Every KPI any point reported, in name order, whichever point came first.
  REQUIRE(r.kpis == std::vector<std::string>{"flow", "level"});
  CHECK(r.at(0, 1).mu_star == doctest::Approx(1.0));  // d level / d a over the unit range
  // The flow steps from 0 (absent) to 2a or between two present values: every effect is positive.
  CHECK(r.at(0, 0).mu == doctest::Approx(r.at(0, 0).mu_star));
  CHECK(r.at(0, 0).mu_star > 1.0);
}

TEST_CASE("calibration: Morris screens a parameter with a beta prior") {
  // Found by `ozsim sensitivity scenarios/tiny.toml --params P` with P freeing onset.hazard_per_year.po under
  // prior = "beta": it stopped with exit 1, "Morris: no trajectory satisfies the constraints after 10000
  // draws", though P had no constraints. Every trajectory reaches 0 or 1 on the unit grid, which mapped onto
  // the beta's ends, outside its open support.
  ParameterSpace space;
  space.add("share", Prior::beta(2.0, 3.0));
  space.add("scaled", Prior::beta(0.5, 0.5, 10.0, 20.0));
  CHECK(space.admissible(
      {space.parameters()[0].prior.from_unit(0.0), space.parameters()[1].prior.from_unit(1.0)}));
  const ModelFunction model = [](const std::vector<double>& p, std::uint64_t) {
    return std::map<std::string, double>{{"y", 6.0 * p[0] + 0.5 * p[1]}};
  };
  MorrisSettings s;
  s.trajectories = 6;
  const MorrisResult r = run_morris(space, model, s);
  // A linear model: mu* is the slope times the range, 6 x 1 and 0.5 x 10.
  CHECK(r.at(0, 0).mu_star == doctest::Approx(6.0));
  CHECK(r.at(1, 0).mu_star == doctest::Approx(5.0));
}
