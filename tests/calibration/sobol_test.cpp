#include "calibration/inference/sobol.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "sim/engine/thread_pool.hpp"
#include "toy_models.hpp"

using namespace ozsim::calibration;

namespace {

// The Ishigami function (Ishigami & Homma 1990), a = 7, b = 0.1, inputs uniform on [-pi, pi]: its indices
// are known in closed form (Sobol & Levitan 1999). V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2;
// V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V13 = b^2 pi^8 (1/18 - 1/50), V3 = 0.
struct Ishigami {
  double s1, s2, s3, st1, st2, st3;
};

Ishigami ishigami_indices() {
  constexpr double a = 7.0, b = 0.1, pi = std::numbers::pi;
  const double v1 = 0.5 * std::pow(1.0 + b * std::pow(pi, 4) / 5.0, 2);
  const double v2 = a * a / 8.0;
  const double v13 = b * b * std::pow(pi, 8) * (1.0 / 18.0 - 1.0 / 50.0);
  const double v = v1 + v2 + v13;
  return {v1 / v, v2 / v, 0.0, (v1 + v13) / v, v2 / v, v13 / v};
}

ParameterSpace ishigami_space() {
  ParameterSpace space;
  for (const char* name : {"x1", "x2", "x3"})
    space.add(name, Prior::uniform(-std::numbers::pi, std::numbers::pi));
  return space;
}

const ModelFunction ISHIGAMI = [](const std::vector<double>& x, std::uint64_t) {
  return std::map<std::string, double>{
      {"y", std::sin(x[0]) + 7.0 * std::pow(std::sin(x[1]), 2) + 0.1 * std::pow(x[2], 4) * std::sin(x[0])}};
};

}  // namespace

TEST_CASE("Sobol: Saltelli's design with Jansen's estimators recovers the Ishigami indices") {
  const Ishigami truth = ishigami_indices();
  CHECK(truth.s1 == doctest::Approx(0.3139).epsilon(1e-3));  // the published values
  CHECK(truth.s2 == doctest::Approx(0.4424).epsilon(1e-3));
  CHECK(truth.st3 == doctest::Approx(0.2437).epsilon(1e-3));
  SobolSettings s;
  s.samples = 20'000;
  s.seed = 11;
  s.threads = 2;
  s.parallel_for = ozsim::engine::parallel_for;
  const SobolResult r = run_sobol(ishigami_space(), ISHIGAMI, s);
  REQUIRE(r.kpis == std::vector<std::string>{"y"});
  CHECK(r.simulations == 20'000 * 5);
  const double first[] = {truth.s1, truth.s2, truth.s3};
  const double total[] = {truth.st1, truth.st2, truth.st3};
  for (std::size_t i = 0; i < 3; ++i) {
    const SobolIndex& e = r.at(i, 0);
    CAPTURE(e.parameter);
    CAPTURE(e.first_order);
    CAPTURE(e.total);
    CHECK(std::fabs(e.first_order - first[i]) < 0.03);
    CHECK(std::fabs(e.total - total[i]) < 0.03);
    // The bootstrap intervals hold the estimate and the truth, and are narrow at this N.
    CHECK(e.first_order_lo95 <= e.first_order);
    CHECK(e.first_order <= e.first_order_hi95);
    CHECK(e.total_lo95 <= e.total);
    CHECK(e.total <= e.total_hi95);
    CHECK(e.first_order_lo95 < first[i]);
    CHECK(first[i] < e.first_order_hi95);
    CHECK(e.total_lo95 < total[i]);
    CHECK(total[i] < e.total_hi95);
    CHECK(e.total_hi95 - e.total_lo95 < 0.06);
  }
  // x3 acts only with x1: no first-order share, a clear total one.
  CHECK(r.at(2, 0).total - r.at(2, 0).first_order > 0.15);
  // The same bits with 1 thread.
  s.threads = 1;
  const SobolResult one = run_sobol(ishigami_space(), ISHIGAMI, s);
  CHECK(one.at(0, 0).first_order == r.at(0, 0).first_order);
  CHECK(one.at(2, 0).total_hi95 == r.at(2, 0).total_hi95);
}

TEST_CASE("Sobol: the intervals narrow with N, and a small N's interval still covers") {
  const Ishigami truth = ishigami_indices();
  SobolSettings s;
  s.samples = 1'000;
  s.seed = 5;
  const SobolResult small = run_sobol(ishigami_space(), ISHIGAMI, s);
  s.samples = 16'000;
  const SobolResult large = run_sobol(ishigami_space(), ISHIGAMI, s);
  for (std::size_t i = 0; i < 3; ++i) {
    const double small_width = small.at(i, 0).total_hi95 - small.at(i, 0).total_lo95;
    const double large_width = large.at(i, 0).total_hi95 - large.at(i, 0).total_lo95;
    CHECK(large_width < 0.5 * small_width);  // 1 / sqrt(16) = 0.25 expected
  }
  CHECK(small.at(1, 0).first_order_lo95 < truth.s2);
  CHECK(truth.s2 < small.at(1, 0).first_order_hi95);
}

TEST_CASE("Sobol: model noise stays out of the indices' differences, a constant KPI gets 0") {
  // y = 4 p0 + noise (sd 1) with p0 uniform on [0, 1]: V(4 p0) = 16/12 = 1.33, V = 2.33, so S0 = ST0 = 0.571
  // and the noise's 0.43 is nobody's. p1 does nothing: S1 = ST1 = 0. Were B to share the seeds of AB_1,
  // the noise would be counted in S1 (0.43).
  ParameterSpace space;
  space.add("p0", Prior::uniform(0.0, 1.0));
  space.add("p1", Prior::uniform(0.0, 1.0));
  const ModelFunction model = [](const std::vector<double>& p, std::uint64_t seed) {
    Rng rng(seed);
    return std::map<std::string, double>{{"y", 4.0 * p[0] + rng.normal()}, {"flat", 3.0}};
  };
  SobolSettings s;
  s.samples = 4'000;
  s.seed = 3;
  const SobolResult r = run_sobol(space, model, s);
  REQUIRE(r.kpis == std::vector<std::string>{"flat", "y"});
  CHECK(r.variance[0] == 0.0);
  CHECK(r.at(0, 0).first_order == 0.0);
  CHECK(r.at(0, 0).total == 0.0);
  const double share = 16.0 / 12.0 / (16.0 / 12.0 + 1.0);
  CHECK(r.at(0, 1).total == doctest::Approx(share).epsilon(0.08));
  CHECK(r.at(0, 1).first_order == doctest::Approx(share).epsilon(0.08));
  CHECK(r.at(1, 1).total == 0.0);  // A and AB_1 are the same runs: exactly 0
  CHECK(std::fabs(r.at(1, 1).first_order) < 0.08);
  CHECK(r.at(1, 1).first_order_lo95 < 0.0);  // the interval holds 0
  CHECK(r.at(1, 1).first_order_hi95 > 0.0);
  SobolSettings one_sample;
  one_sample.samples = 1;
  CHECK_THROWS_AS(run_sobol(space, model, one_sample), std::invalid_argument);
}
