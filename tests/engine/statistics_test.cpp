// TimeWeighted, Tally and Counter against hand-computed values.

#include "sim/engine/statistics.hpp"

#include <doctest/doctest.h>

#include <cmath>

using ozsim::engine::Counter;
using ozsim::engine::Tally;
using ozsim::engine::TimeWeighted;

TEST_CASE("TimeWeighted: piecewise-constant mean, maximum and warm-up reset") {
  TimeWeighted tw;
  CHECK(tw.mean(0.0) == 0.0);
  tw.update(0.0, 2.0);  // 2 on [0, 1)
  tw.update(1.0, 4.0);  // 4 on [1, 4)
  tw.update(4.0, 1.0);  // 1 on [4, ...)
  CHECK(tw.current() == 1.0);
  CHECK(tw.maximum() == 4.0);
  CHECK(tw.mean(4.0) == doctest::Approx((2.0 + 12.0) / 4.0));
  CHECK(tw.mean(6.0) == doctest::Approx((2.0 + 12.0 + 2.0) / 6.0));
  tw.reset(6.0);
  CHECK(tw.maximum() == 1.0);
  CHECK(tw.mean(6.0) == 1.0);
  tw.update(8.0, 3.0);  // 1 on [6, 8), 3 on [8, 10)
  CHECK(tw.mean(10.0) == doctest::Approx((2.0 + 6.0) / 4.0));
  CHECK(tw.maximum() == 3.0);
  CHECK_THROWS_AS(tw.update(7.0, 0.0), std::logic_error);
}

TEST_CASE("Tally: mean, variance, min, max and exact type-7 quantiles") {
  Tally t;
  CHECK(std::isnan(t.mean()));
  CHECK(std::isnan(t.quantile(0.5)));
  for (double x : {5.0, 1.0, 4.0, 2.0, 3.0}) t.add(x);
  CHECK(t.count() == 5);
  CHECK(t.mean() == doctest::Approx(3.0));
  CHECK(t.variance() == doctest::Approx(2.5));
  CHECK(t.min() == 1.0);
  CHECK(t.max() == 5.0);
  CHECK(t.quantile(0.0) == 1.0);
  CHECK(t.quantile(0.25) == 2.0);
  CHECK(t.quantile(0.5) == 3.0);
  CHECK(t.quantile(0.1) == doctest::Approx(1.4));
  CHECK(t.quantile(0.9) == doctest::Approx(4.6));
  CHECK(t.quantile(1.0) == 5.0);
  t.add(0.0);  // after a quantile query the values are re-sorted on demand
  CHECK(t.quantile(0.0) == 0.0);
  CHECK(t.quantile(0.5) == doctest::Approx(2.5));
  CHECK_THROWS_AS(t.quantile(1.5), std::invalid_argument);
  t.reset();
  CHECK(t.count() == 0);
  t.add(7.0);
  CHECK(t.quantile(0.3) == 7.0);
  CHECK(std::isnan(t.variance()));
}

TEST_CASE("Counter") {
  Counter c;
  c.add();
  c.add(4);
  CHECK(c.value() == 5);
  c.reset();
  CHECK(c.value() == 0);
}
