#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "calibration/inference/parameter_space.hpp"
#include "calibration/inference/prior.hpp"
#include "toy_models.hpp"

using namespace ozsim::calibration;

namespace {

// Sample moments against the analytic ones, within 5 standard errors.
void check_moments(const Prior& prior, std::uint64_t seed) {
  const auto n = static_cast<std::size_t>(40000 * testing::test_scale());
  Rng rng(seed);
  double sum = 0.0;
  double sum_sq = 0.0;
  double sum_4 = 0.0;
  const double m = prior.mean();
  std::size_t outside = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = prior.sample(rng);
    outside += prior.in_support(x) ? 0 : 1;
    sum += x;
    sum_sq += (x - m) * (x - m);
    sum_4 += std::pow(x - m, 4);
  }
  const double dn = static_cast<double>(n);
  const double mean = sum / dn;
  const double var = sum_sq / dn;
  const double var_se = std::sqrt((sum_4 / dn - var * var) / dn);
  INFO(prior.describe());
  CHECK(outside == 0);
  CHECK(std::abs(mean - m) < 5.0 * std::sqrt(prior.variance() / dn));
  CHECK(std::abs(var - prior.variance()) < 5.0 * var_se);
}

// The density integrates to 1 over its support (midpoint rule on a fine grid).
double integral(const Prior& prior, double low, double high) {
  const int steps = 200000;
  const double h = (high - low) / steps;
  double sum = 0.0;
  for (int i = 0; i < steps; ++i) sum += std::exp(prior.log_density(low + (i + 0.5) * h));
  return sum * h;
}

}  // namespace

TEST_CASE("calibration: each prior's sample moments match its analytic mean and variance") {
  check_moments(Prior::uniform(-2.0, 5.0), 1);
  check_moments(Prior::log_uniform(0.01, 100.0), 2);
  check_moments(Prior::normal(3.0, 0.5), 3);
  check_moments(Prior::truncated_normal(0.0, 1.0, -0.5, 2.0), 4);     // body: plain rejection
  check_moments(Prior::truncated_normal(0.0, 1.0, 2.5, 8.0), 5);      // far tail: exponential proposal
  check_moments(Prior::truncated_normal(0.0, 1.0, 3.0, 3.2), 6);      // narrow tail: uniform proposal
  check_moments(Prior::truncated_normal(10.0, 2.0, -100.0, 4.0), 7);  // left tail, mirrored
  check_moments(Prior::beta(2.0, 5.0), 8);
  check_moments(Prior::beta(0.5, 0.5, 10.0, 20.0), 9);  // shape < 1 and scaled
}

TEST_CASE("calibration: prior log-densities integrate to one") {
  CHECK(integral(Prior::uniform(-2.0, 5.0), -2.0, 5.0) == doctest::Approx(1.0).epsilon(1e-6));
  CHECK(integral(Prior::log_uniform(0.5, 20.0), 0.5, 20.0) == doctest::Approx(1.0).epsilon(1e-6));
  CHECK(integral(Prior::normal(1.0, 2.0), -19.0, 21.0) == doctest::Approx(1.0).epsilon(1e-6));
  CHECK(integral(Prior::truncated_normal(1.0, 2.0, 0.0, 3.0), 0.0, 3.0) ==
        doctest::Approx(1.0).epsilon(1e-6));
  CHECK(integral(Prior::beta(2.0, 3.0, 1.0, 4.0), 1.0, 4.0) == doctest::Approx(1.0).epsilon(1e-6));
  CHECK(Prior::uniform(0, 1).log_density(1.5) == -std::numeric_limits<double>::infinity());
  CHECK(Prior::beta(2, 2).log_density(0.0) == -std::numeric_limits<double>::infinity());
}

TEST_CASE("calibration: prior factories reject bad parameters with a precise message") {
  CHECK_THROWS_WITH_AS(Prior::uniform(2.0, 1.0), "low (2) must be less than high (1)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(Prior::log_uniform(0.0, 1.0), "low (0) must be positive for a log-uniform prior",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(Prior::normal(0.0, 0.0), "sd (0) must be positive", std::invalid_argument);
  CHECK_THROWS_WITH_AS(Prior::beta(-1.0, 1.0), "alpha (-1) must be positive", std::invalid_argument);
  CHECK_THROWS_WITH_AS(Prior::from_params(PriorKind::normal, {1.0}),
                       "prior 'normal' takes params [mean, sd], found 1 value(s)", std::invalid_argument);
  CHECK(parse_prior_kind("log-uniform") == PriorKind::log_uniform);
  CHECK_FALSE(parse_prior_kind("lognormal").has_value());
}

TEST_CASE("calibration: from_unit spans the screening range monotonically") {
  const Prior n = Prior::normal(0.0, 1.0);
  CHECK(n.from_unit(0.0) == doctest::Approx(-1.959964).epsilon(1e-5));
  CHECK(n.from_unit(0.5) == doctest::Approx(0.0).epsilon(1e-9));
  CHECK(Prior::log_uniform(1.0, 100.0).from_unit(0.5) == doctest::Approx(10.0));
  const Prior t = Prior::truncated_normal(0.0, 1.0, 0.0, 5.0);
  CHECK(t.from_unit(0.2) < t.from_unit(0.8));
  CHECK(t.in_support(t.from_unit(1.0)));
}

TEST_CASE("calibration: linear constraints parse and hold") {
  const std::vector<std::string> names{"a", "b", "rates.x"};
  const auto c1 = parse_linear_constraint("a < b", names);
  CHECK(c1.satisfied({1.0, 2.0, 0.0}));
  CHECK_FALSE(c1.satisfied({2.0, 2.0, 0.0}));  // strict
  const auto c2 = parse_linear_constraint("a + rates.x <= 1", names);
  CHECK(c2.satisfied({0.5, 9.0, 0.5}));
  CHECK_FALSE(c2.satisfied({0.6, 9.0, 0.5}));
  const auto c3 = parse_linear_constraint("2*a - b >= 0.5", names);
  CHECK(c3.satisfied({1.0, 1.5, 0.0}));
  CHECK_FALSE(c3.satisfied({1.0, 1.6, 0.0}));
  const auto c4 = parse_linear_constraint("0.5 * a > b - 1", names);
  CHECK(c4.satisfied({2.0, 1.9, 0.0}));
  CHECK_FALSE(c4.satisfied({2.0, 2.0, 0.0}));
  CHECK_THROWS_WITH_AS(
      parse_linear_constraint("a < rates.y", names),
      "constraint 'a < rates.y': unknown parameter 'rates.y' (did you mean 'rates.x'?); declared "
      "parameters: a, b, rates.x",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_linear_constraint("a = b", names),
                       "constraint 'a = b': expected one of <, <=, >, >=", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_linear_constraint("1 < 2", names), "constraint '1 < 2': names no parameter",
                       std::invalid_argument);
}

TEST_CASE("calibration: a constraint names list items as priors.toml does, LIST[i]") {
  const std::vector<std::string> names{"trends.m[2]", "trends.m[3]"};
  const auto rising = parse_linear_constraint("trends.m[2] <= trends.m[3]", names);
  CHECK(rising.satisfied({1.2, 1.4}));
  CHECK(rising.satisfied({1.4, 1.4}));
  CHECK_FALSE(rising.satisfied({1.5, 1.4}));
  CHECK_THROWS_WITH_AS(parse_linear_constraint("trends.m[1] < 2", names),
                       "constraint 'trends.m[1] < 2': unknown parameter 'trends.m[1]' (did you mean "
                       "'trends.m[2]'?); declared parameters: trends.m[2], trends.m[3]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_linear_constraint("trends.m[x] < 2", names),
                       "constraint 'trends.m[x] < 2': expected a list item NAME[i] at 'trends.m[x] < 2'",
                       std::invalid_argument);
}

TEST_CASE("calibration: parameter space joins supports and constraints") {
  ParameterSpace space;
  space.add("a", Prior::uniform(0, 1));
  space.add("b", Prior::uniform(0, 1));
  space.add_constraint("a < b");
  CHECK(space.admissible({0.2, 0.3}));
  CHECK_FALSE(space.admissible({0.4, 0.3}));
  CHECK_FALSE(space.admissible({-0.1, 0.3}));
  CHECK(space.log_prior({0.2, 0.3}) == doctest::Approx(0.0));
  CHECK(space.log_prior({0.4, 0.3}) == -std::numeric_limits<double>::infinity());
  CHECK_THROWS_WITH_AS(space.add("a", Prior::uniform(0, 1)), "parameter 'a' is declared twice",
                       std::invalid_argument);
}
