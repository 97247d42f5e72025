// Distributions: pinned draws (Boost versions may differ), sample means against mean() within 4 standard
// errors, from_spec parsing and its exact error messages.

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
      Distribution::exponential(2.0),
      Distribution::weibull(1.5, 3.0),
      Distribution::weibull(0.7, 1.0),
      Distribution::lognormal_from_mean_sd(2.0, 1.0),
      Distribution::lognormal(0.5, 0.8),
      Distribution::gamma(2.5, 1.5),
      Distribution::gamma(0.5, 2.0),
      Distribution::uniform(1.0, 4.0),
      Distribution::fixed(3.25),
      Distribution::empirical({1.0, 2.0, 5.0}, {0.2, 0.5, 0.3}),
      Distribution::bernoulli(0.3),
      Distribution::exponential(2.0).scaled(1.5),
      Distribution::from_spec("gamma", {{"mean", 10.0}, {"sd", 4.0}}),
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

TEST_CASE("Distribution parameterisations, means and descriptions") {
  CHECK(Distribution::exponential(2.0).mean() == doctest::Approx(2.0));
  CHECK(Distribution::from_spec("exponential", {{"rate", 0.25}}).mean() == doctest::Approx(4.0));
  const Distribution ln = Distribution::from_spec("lognormal", {{"mean", 2.0}, {"sd", 1.0}});
  CHECK(ln.mean() == doctest::Approx(2.0));
  CHECK(std::sqrt(ln.variance()) == doctest::Approx(1.0));
  const Distribution g = Distribution::from_spec("gamma", {{"mean", 10.0}, {"sd", 4.0}});
  CHECK(g.mean() == doctest::Approx(10.0));
  CHECK(g.variance() == doctest::Approx(16.0));
  CHECK(g.describe() == "gamma(shape=6.25, scale=1.6)");
  CHECK(Distribution::weibull(1.0, 3.0).mean() == doctest::Approx(3.0));
  CHECK(Distribution::exponential(2.0).scaled(1.5).mean() == doctest::Approx(3.0));
  CHECK(Distribution::exponential(2.0).scaled(1.5).describe() == "exponential(mean=2) * 1.5");
  CHECK(Distribution::fixed(3.0).scaled(2.0).mean() == 6.0);
  CHECK(Distribution::empirical({1.0, 3.0}, {1.0, 3.0}).mean() == doctest::Approx(2.5));
  CHECK(Distribution::empirical({1.0, 3.0}, {1.0, 3.0}).describe() == "empirical(2 values, mean=2.5)");
  CHECK(Distribution::from_spec("uniform", {{"low", 1.0}, {"high", 3.0}}).describe() ==
        "uniform(low=1, high=3)");
  CHECK(Distribution::from_spec("bernoulli", {{"p", 0.25}}).kind() == DistributionKind::Bernoulli);
  CHECK(Distribution::from_spec("empirical", {}, {1.0, 2.0}, {1.0, 1.0}).kind() ==
        DistributionKind::Empirical);
  CHECK(Distribution::from_spec("fixed", {{"value", -2.0}}).describe() == "fixed(value=-2)");
  CHECK(Distribution::from_spec("weibull", {{"shape", 2.0}, {"scale", 1.0}}).describe() ==
        "weibull(shape=2, scale=1)");
  CHECK(Distribution::lognormal(0.0, 1.0).describe() == "lognormal(mu=0, sigma=1)");
  CHECK(Distribution::bernoulli(0.0).mean() == 0.0);
  // Zero-weight values are never drawn.
  const Distribution e = Distribution::empirical({1.0, 2.0, 3.0}, {1.0, 0.0, 1.0});
  RandomStream s(3);
  for (int i = 0; i < 1000; ++i) CHECK(e.sample(s) != 2.0);
}

TEST_CASE("Distribution::from_spec error messages (negative tests)") {
  using M = std::map<std::string, double>;
  const auto message = [](auto&& make) -> std::string {
    try {
      make();
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "no exception";
  };
  const std::string valid =
      "valid: exponential, weibull, lognormal, gamma, uniform, fixed, empirical, bernoulli";
  CHECK(message([] {
          Distribution::from_spec("expo", M{{"mean", 1.0}});
        }) == "unknown distribution 'expo' (did you mean 'exponential'?); " + valid);
  CHECK(message([] { Distribution::from_spec("lognormel", M{}); }) ==
        "unknown distribution 'lognormel' (did you mean 'lognormal'?); " + valid);
  CHECK(message([] { Distribution::from_spec("poisson", M{}); }) ==
        "unknown distribution 'poisson'; " + valid);
  CHECK(message([] { Distribution::from_spec("Gamma", M{}); }) ==
        "unknown distribution 'Gamma' (did you mean 'gamma'?); " + valid);
  CHECK(message([] {
          Distribution::from_spec("lognormal", M{{"mean", 2.0}, {"sd", -1.0}});
        }) == "lognormal: parameter 'sd' must be > 0, found -1");
  CHECK(message([] {
          Distribution::from_spec("lognormal", M{{"mean", 2.0}});
        }) == "lognormal: missing parameter 'sd' (expects {mean, sd} or {mu, sigma})");
  CHECK(
      message([] {
        Distribution::from_spec("lognormal", M{{"mean", 2.0}, {"sigma", 1.0}});
      }) ==
      "lognormal: missing parameter 'sd'; unexpected parameter 'sigma' (expects {mean, sd} or {mu, sigma})");
  CHECK(message([] { Distribution::from_spec("weibull", M{}); }) ==
        "weibull: missing parameters 'shape', 'scale' (expects {shape, scale})");
  CHECK(message([] {
          Distribution::from_spec("weibull", M{{"shape", 1.0}, {"scale", 2.0}, {"loc", 0.0}, {"k", 1.0}});
        }) == "weibull: unexpected parameters 'k', 'loc' (expects {shape, scale})");
  CHECK(message([] {
          Distribution::from_spec("weibull", M{{"shape", 0.0}, {"scale", 2.0}});
        }) == "weibull: parameter 'shape' must be > 0, found 0");
  CHECK(message([] {
          Distribution::from_spec("exponential", M{{"mean", 1.0}, {"rate", 1.0}});
        }) == "exponential: unexpected parameter 'rate' (expects {mean} or {rate})");
  CHECK(message([] {
          Distribution::from_spec("exponential", M{{"rate", -0.5}});
        }) == "exponential: parameter 'rate' must be > 0, found -0.5");
  CHECK(message([] {
          Distribution::from_spec("exponential", M{{"mean", INFINITY}});
        }) == "exponential: parameter 'mean' must be finite, found inf");
  CHECK(message([] {
          Distribution::from_spec("gamma", M{{"mean", 1.0}, {"sd", NAN}});
        }) == "gamma: parameter 'sd' must be finite, found nan");
  CHECK(message([] {
          Distribution::from_spec("uniform", M{{"low", 2.0}, {"high", 1.0}});
        }) == "uniform: parameter 'high' must be > low (2), found 1");
  CHECK(message([] {
          Distribution::from_spec("bernoulli", M{{"p", 1.5}});
        }) == "bernoulli: parameter 'p' must be in [0, 1], found 1.5");
  CHECK(message([] {
          Distribution::from_spec("fixed", M{{"value", 1.0}}, {1.0});
        }) == "fixed: unexpected 'values'/'weights' lists (only empirical takes them)");
  CHECK(message([] {
          Distribution::from_spec("empirical", M{{"mean", 1.0}}, {1.0}, {1.0});
        }) == "empirical: unexpected parameter 'mean' (expects the lists 'values' and 'weights')");
  CHECK(message([] { Distribution::from_spec("empirical", M{}, {}, {}); }) ==
        "empirical: 'values' must not be empty");
  CHECK(message([] {
          Distribution::from_spec("empirical", M{}, {1.0, 2.0, 3.0}, {1.0, 2.0});
        }) == "empirical: 'values' has 3 entries but 'weights' has 2");
  CHECK(message([] {
          Distribution::from_spec("empirical", M{}, {1.0, 2.0}, {1.0, -1.0});
        }) == "empirical: weight 2 must be finite and >= 0, found -1");
  CHECK(message([] {
          Distribution::from_spec("empirical", M{}, {1.0, 2.0}, {0.0, 0.0});
        }) == "empirical: weights must not all be zero");
  CHECK(message([] { (void)Distribution::exponential(1.0).scaled(-2.0); }) ==
        "exponential(mean=1): scale factor must be finite and >= 0, found -2");
}
