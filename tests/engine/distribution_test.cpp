// Distributions: pinned draws (Boost versions may differ), sample means against mean() within 4 standard
// errors. (Reading a distribution by name is tests/params/distribution_spec_test.cpp.)

#include "sim/engine/distribution.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using ozsim::engine::Distribution;
using ozsim::engine::DistributionKind;
using ozsim::engine::RandomStream;

namespace {
std::vector<double> first_draws(const Distribution& d) {
  RandomStream s = RandomStream::for_entity(99, 1, 5);
  return {d.sample(s), d.sample(s), d.sample(s)};
}
}  // namespace

TEST_CASE("Distribution draws are pinned for seed (99, 1, 5)") {
  using V = std::vector<double>;
  CHECK(first_draws(Distribution::exponential(2.0)) ==
        V{0x1.05129b282c35bp-1, 0x1.89f2d9d5a0de9p-2, 0x1.ceb21e7b0e09dp+2});
  CHECK(first_draws(Distribution::weibull(1.5, 3.0)) ==
        V{0x1.7d27032272bc9p+0, 0x1.4516f5ca608bep+0, 0x1.a235d085b34bp+1});
  CHECK(first_draws(Distribution::lognormal_from_mean_sd(2.0, 1.0)) ==
        V{0x1.8ca905058877p+0, 0x1.9989581a7af4cp+0, 0x1.604371173209bp-1});
  CHECK(first_draws(Distribution::lognormal(0.5, 0.8)) ==
        V{0x1.4aea2798cbd5fp+0, 0x1.5d4f9c6522018p+0, 0x1.4eb48f2b9c236p-2});
  CHECK(first_draws(Distribution::gamma(2.5, 1.5)) ==
        V{0x1.8fcd9a3f5a74bp+2, 0x1.dc635fdda2f48p+2, 0x1.ba945edaadd9dp+1});
  CHECK(first_draws(Distribution::gamma(0.5, 2.0)) ==
        V{0x1.5c7d680fffc73p+0, 0x1.a64eca7f0cb62p-4, 0x1.93a9d60933dd9p-1});
  CHECK(first_draws(Distribution::uniform(1.0, 4.0)) ==
        V{0x1.e29920bfb601p+0, 0x1.b8e1acc59fc91p+0, 0x1.84c4664fb62c6p+1});
  CHECK(first_draws(Distribution::fixed(3.25)) == V{3.25, 3.25, 3.25});
  CHECK(first_draws(Distribution::empirical({1.0, 2.0, 5.0}, {0.2, 0.5, 0.3})) == V{1.0, 5.0, 2.0});
  CHECK(first_draws(Distribution::bernoulli(0.3)) == V{1.0, 1.0, 0.0});
  CHECK(first_draws(Distribution::exponential(2.0).scaled(1.5)) ==
        V{0x1.879be8bc42508p-1, 0x1.2776236038a6fp-1, 0x1.5b0596dc4a876p+3});
}

TEST_CASE("Distribution sample means agree with mean() within 4 standard errors") {
  const std::vector<Distribution> cases = {
      Distribution::exponential(2.0),    Distribution::weibull(1.5, 3.0),
      Distribution::weibull(0.7, 1.0),   Distribution::lognormal_from_mean_sd(2.0, 1.0),
      Distribution::lognormal(0.5, 0.8), Distribution::gamma(2.5, 1.5),
      Distribution::gamma(0.5, 2.0),     Distribution::uniform(1.0, 4.0),
      Distribution::fixed(3.25),         Distribution::empirical({1.0, 2.0, 5.0}, {0.2, 0.5, 0.3}),
      Distribution::bernoulli(0.3),      Distribution::exponential(2.0).scaled(1.5),
      Distribution::gamma(6.25, 1.6)  // mean 10, sd 4,
  };
  constexpr int N = 100000;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Distribution& d = cases[i];
    RandomStream s = RandomStream::for_entity(31337, 0, i);
    double sum = 0.0;
    for (int k = 0; k < N; ++k) sum += d.sample(s);
    const double mean = sum / N;
    const double se = std::sqrt(d.variance() / N);
    INFO(d.describe() << ": sample mean " << mean << " vs " << d.mean() << ", se " << se);
    CHECK(std::abs(mean - d.mean()) <= 4.0 * se + 1e-12);
  }
}

TEST_CASE("residual life: the remaining time of a spell caught in progress has mean E[X^2] / (2 E[X])") {
  // Hand-computed means of the equilibrium residual life, checked against residual_mean() and against the
  // sample mean of sample_residual() within 4 standard errors.
  struct Case {
    const char* name;
    Distribution d;
    double expected;
  };
  const std::vector<Case> cases = {
      {"fixed(10): half the length", Distribution::fixed(10.0), 5.0},
      {"fixed(10) scaled by 2", Distribution::fixed(10.0).scaled(2.0), 10.0},
      {"exponential(2): memoryless", Distribution::exponential(2.0), 2.0},
      {"uniform(2, 4): (a^2 + ab + b^2) / (3 (a + b))", Distribution::uniform(2.0, 4.0), 28.0 / 18.0},
      {"gamma(2.5, 1.5): (k + 1) theta / 2", Distribution::gamma(2.5, 1.5), 3.5 * 1.5 / 2.0},
      {"lognormal(0.5, 0.8): exp(mu + 1.5 sigma^2) / 2", Distribution::lognormal(0.5, 0.8),
       std::exp(0.5 + 1.5 * 0.64) / 2.0},
      {"weibull(1.5, 3): l G(1 + 2/k) / (2 G(1 + 1/k))", Distribution::weibull(1.5, 3.0),
       3.0 * std::tgamma(1.0 + 2.0 / 1.5) / (2.0 * std::tgamma(1.0 + 1.0 / 1.5))},
      {"empirical {1, 2, 5} x {0.2, 0.5, 0.3}: 9.7 / 5.4",
       Distribution::empirical({1.0, 2.0, 5.0}, {0.2, 0.5, 0.3}), 9.7 / 5.4},
  };
  const int n = 200'000;
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(c.d.residual_mean() == doctest::Approx(c.expected).epsilon(1e-12));
    RandomStream rng = RandomStream::for_entity(7, 3, 11);
    double sum = 0.0;
    double sum_sq = 0.0;
    for (int i = 0; i < n; ++i) {
      const double x = c.d.sample_residual(rng);
      CHECK_UNARY(x >= 0.0);
      sum += x;
      sum_sq += x * x;
    }
    const double mean = sum / n;
    const double sd = std::sqrt(sum_sq / n - mean * mean);
    CHECK(std::abs(mean - c.expected) < 4.0 * sd / std::sqrt(double(n)));
  }
  // Fixed(10): the remaining time is uniform on [0, 10), so a quarter of the spells end within 2.5.
  RandomStream rng = RandomStream::for_entity(7, 3, 12);
  int early = 0;
  for (int i = 0; i < n; ++i) early += Distribution::fixed(10.0).sample_residual(rng) < 2.5 ? 1 : 0;
  CHECK(early / double(n) == doctest::Approx(0.25).epsilon(0.02));
  CHECK_THROWS_WITH_AS(Distribution::uniform(-1.0, 2.0).sample_residual(rng),
                       "uniform: residual life needs durations >= 0, but this distribution can draw -1",
                       std::invalid_argument);
}
