// Reading a distribution as a scenario file names it: parameter sets, descriptions, and the exact
// messages for unknown names, missing, unexpected and invalid parameters (with the field at fault).
#include "sim/params/distribution_spec.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>

#include "sim/engine/distribution.hpp"
#include "sim/engine/random.hpp"

using ozsim::engine::Distribution;
using ozsim::engine::DistributionError;
using ozsim::engine::DistributionKind;
using ozsim::engine::RandomStream;
using ozsim::params::distribution_from_spec;

TEST_CASE("Distribution parameterisations, means and descriptions") {
  CHECK(Distribution::exponential(2.0).mean() == doctest::Approx(2.0));
  CHECK(distribution_from_spec("exponential", {{"rate", 0.25}}).mean() == doctest::Approx(4.0));
  const Distribution ln = distribution_from_spec("lognormal", {{"mean", 2.0}, {"sd", 1.0}});
  CHECK(ln.mean() == doctest::Approx(2.0));
  CHECK(std::sqrt(ln.variance()) == doctest::Approx(1.0));
  const Distribution g = distribution_from_spec("gamma", {{"mean", 10.0}, {"sd", 4.0}});
  CHECK(g.mean() == doctest::Approx(10.0));
  CHECK(g.variance() == doctest::Approx(16.0));
  CHECK(g.describe() == "gamma(shape=6.25, scale=1.6)");
  CHECK(Distribution::weibull(1.0, 3.0).mean() == doctest::Approx(3.0));
  CHECK(Distribution::exponential(2.0).scaled(1.5).mean() == doctest::Approx(3.0));
  CHECK(Distribution::exponential(2.0).scaled(1.5).describe() == "exponential(mean=2) * 1.5");
  CHECK(Distribution::fixed(3.0).scaled(2.0).mean() == 6.0);
  CHECK(Distribution::empirical({1.0, 3.0}, {1.0, 3.0}).mean() == doctest::Approx(2.5));
  CHECK(Distribution::empirical({1.0, 3.0}, {1.0, 3.0}).describe() == "empirical(2 values, mean=2.5)");
  CHECK(distribution_from_spec("uniform", {{"low", 1.0}, {"high", 3.0}}).describe() ==
        "uniform(low=1, high=3)");
  CHECK(distribution_from_spec("bernoulli", {{"p", 0.25}}).kind() == DistributionKind::Bernoulli);
  CHECK(distribution_from_spec("empirical", {}, {1.0, 2.0}, {1.0, 1.0}).kind() ==
        DistributionKind::Empirical);
  CHECK(distribution_from_spec("fixed", {{"value", -2.0}}).describe() == "fixed(value=-2)");
  CHECK(distribution_from_spec("weibull", {{"shape", 2.0}, {"scale", 1.0}}).describe() ==
        "weibull(shape=2, scale=1)");
  CHECK(Distribution::lognormal(0.0, 1.0).describe() == "lognormal(mu=0, sigma=1)");
  CHECK(Distribution::bernoulli(0.0).mean() == 0.0);
  // Zero-weight values are never drawn.
  const Distribution e = Distribution::empirical({1.0, 2.0, 3.0}, {1.0, 0.0, 1.0});
  RandomStream s(3);
  for (int i = 0; i < 1000; ++i) CHECK(e.sample(s) != 2.0);
}

TEST_CASE("distribution_from_spec error messages (negative tests)") {
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
          distribution_from_spec("expo", M{{"mean", 1.0}});
        }) == "unknown distribution 'expo' (did you mean 'exponential'?); " + valid);
  CHECK(message([] { distribution_from_spec("lognormel", M{}); }) ==
        "unknown distribution 'lognormel' (did you mean 'lognormal'?); " + valid);
  CHECK(message([] { distribution_from_spec("poisson", M{}); }) ==
        "unknown distribution 'poisson'; " + valid);
  CHECK(message([] { distribution_from_spec("Gamma", M{}); }) ==
        "unknown distribution 'Gamma' (did you mean 'gamma'?); " + valid);
  CHECK(message([] {
          distribution_from_spec("lognormal", M{{"mean", 2.0}, {"sd", -1.0}});
        }) == "lognormal: parameter 'sd' must be > 0, found -1");
  CHECK(message([] {
          distribution_from_spec("lognormal", M{{"mean", 2.0}});
        }) == "lognormal: missing parameter 'sd' (expects {mean, sd} or {mu, sigma})");
  CHECK(
      message([] {
        distribution_from_spec("lognormal", M{{"mean", 2.0}, {"sigma", 1.0}});
      }) ==
      "lognormal: missing parameter 'sd'; unexpected parameter 'sigma' (expects {mean, sd} or {mu, sigma})");
  CHECK(message([] { distribution_from_spec("weibull", M{}); }) ==
        "weibull: missing parameters 'shape', 'scale' (expects {shape, scale})");
  CHECK(message([] {
          distribution_from_spec("weibull", M{{"shape", 1.0}, {"scale", 2.0}, {"loc", 0.0}, {"k", 1.0}});
        }) == "weibull: unexpected parameters 'k', 'loc' (expects {shape, scale})");
  CHECK(message([] {
          distribution_from_spec("weibull", M{{"shape", 0.0}, {"scale", 2.0}});
        }) == "weibull: parameter 'shape' must be > 0, found 0");
  CHECK(message([] {
          distribution_from_spec("exponential", M{{"mean", 1.0}, {"rate", 1.0}});
        }) == "exponential: unexpected parameter 'rate' (expects {mean} or {rate})");
  CHECK(message([] {
          distribution_from_spec("exponential", M{{"rate", -0.5}});
        }) == "exponential: parameter 'rate' must be > 0, found -0.5");
  CHECK(message([] {
          distribution_from_spec("exponential", M{{"mean", INFINITY}});
        }) == "exponential: parameter 'mean' must be finite, found inf");
  CHECK(message([] {
          distribution_from_spec("gamma", M{{"mean", 1.0}, {"sd", NAN}});
        }) == "gamma: parameter 'sd' must be finite, found nan");
  CHECK(message([] {
          distribution_from_spec("uniform", M{{"low", 2.0}, {"high", 1.0}});
        }) == "uniform: parameter 'high' must be > low (2), found 1");
  CHECK(message([] {
          distribution_from_spec("bernoulli", M{{"p", 1.5}});
        }) == "bernoulli: parameter 'p' must be in [0, 1], found 1.5");
  CHECK(message([] {
          distribution_from_spec("fixed", M{{"value", 1.0}}, {1.0});
        }) == "fixed: unexpected 'values'/'weights' lists (only empirical takes them)");
  CHECK(message([] {
          distribution_from_spec("empirical", M{{"mean", 1.0}}, {1.0}, {1.0});
        }) == "empirical: unexpected parameter 'mean' (expects the lists 'values' and 'weights')");
  CHECK(message([] { distribution_from_spec("empirical", M{}, {}, {}); }) ==
        "empirical: 'values' must not be empty");
  CHECK(message([] {
          distribution_from_spec("empirical", M{}, {1.0, 2.0, 3.0}, {1.0, 2.0});
        }) == "empirical: 'values' has 3 entries but 'weights' has 2");
  CHECK(message([] {
          distribution_from_spec("empirical", M{}, {1.0, 2.0}, {1.0, -1.0});
        }) == "empirical: weight 2 must be finite and >= 0, found -1");
  CHECK(message([] {
          distribution_from_spec("empirical", M{}, {1.0, 2.0}, {0.0, 0.0});
        }) == "empirical: weights must not all be zero");
  CHECK(message([] { (void)Distribution::exponential(1.0).scaled(-2.0); }) ==
        "exponential(mean=1): scale factor must be finite and >= 0, found -2");
}

TEST_CASE("distribution_from_spec names the parameter at fault as data") {
  using M = std::map<std::string, double>;
  auto parameter = [](auto&& make) {
    try {
      make();
    } catch (const DistributionError& e) {
      return e.parameter();
    }
    return std::string("<no error>");
  };
  CHECK(parameter([] { distribution_from_spec("lognormal", M{{"mean", 2.0}, {"sd", -1.0}}); }) == "sd");
  CHECK(parameter([] {
          distribution_from_spec("weibull", M{{"shape", 1.0}, {"scale", 2.0}, {"loc", 0.0}});
        }) == "loc");
  CHECK(parameter([] { distribution_from_spec("uniform", M{{"low", 2.0}, {"high", 1.0}}); }) == "high");
  CHECK(parameter([] { distribution_from_spec("exponential", M{{"rate", -0.5}}); }) == "rate");
  CHECK(parameter([] { distribution_from_spec("weibull", M{}); }).empty());  // missing: no line of its own
  CHECK(parameter([] { distribution_from_spec("poisson", M{}); }).empty());  // the name is at fault
}
