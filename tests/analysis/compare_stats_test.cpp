// Student-t quantiles, percentiles and paired summaries used by compare and sweep.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "sim/analysis/summary_stats.hpp"

using namespace ozsim::analysis;

namespace {

struct Reference {
  double df;
  double p;
  double t;
};

// 40-digit mpmath roots of the t CDF (betainc), rounded to 17 digits.
const std::vector<Reference> REFERENCE = {
    {1, 0.975, 12.706204736174705},      {1, 0.95, 6.3137515146750431},
    {1, 0.995, 63.656741162871581},      {1, 0.6, 0.32491969623290633},
    {1, 1e-6, -318309.88618274347},      {2, 0.95, 2.9199855803537257},
    {2, 0.6, 0.28867513459481288},       {3, 0.975, 3.1824463052837096},
    {3, 0.995, 5.8409093097333573},      {3, 1e-6, -103.29946778041934},
    {4, 0.975, 2.7764451051977944},      {4, 0.6, 0.27072229470759742},
    {5, 0.975, 2.5705818356363155},      {5, 0.95, 2.0150483733330242},
    {5, 1e-6, -24.771029720515944},      {7, 0.995, 3.4994832973504939},
    {10, 0.975, 2.2281388519862747},     {10, 0.995, 3.1692726726169512},
    {10, 1e-6, -9.7519954909405802},     {19, 0.975, 2.0930240544083098},
    {19, 0.6, 0.25692281979615473},      {20, 0.975, 2.0859634472658648},
    {20, 1e-6, -6.5965301483587757},     {30, 0.975, 2.0422724563012383},
    {30, 0.95, 1.6972608865939578},      {60, 0.975, 2.0002978220142605},
    {120, 0.975, 1.9799304050824408},    {120, 0.6, 0.25390952321492856},
    {1000, 0.975, 1.9623390808264085},   {1000, 0.95, 1.6463788172854647},
    {0.5, 0.975, 164.55767348048853},    {0.5, 1e-6, -102849115631.634},
    {2.5, 0.975, 3.5746548420036832},    {2.5, 0.6, 0.28145951274854766},
    {2000, 0.975, 1.961150826099438},    {2000, 1e-8, -5.6348762785118881},
    {50000, 0.975, 1.9600114310936801},  {50000, 1e-8, -5.6129131695104667},
    {200000, 0.975, 1.9599758459667685}, {200000, 1e-8, -5.6122292015386422},
};

}  // namespace

TEST_CASE("student_t_quantile matches high-precision references to 1e-10 relative") {
  for (const auto& ref : REFERENCE) {
    CAPTURE(ref.df);
    CAPTURE(ref.p);
    const double t = student_t_quantile(ref.p, ref.df);
    CHECK(std::fabs(t - ref.t) <= 1e-10 * std::fabs(ref.t));
    // 1 - p is rounded in double, which moves a tail quantile by about 1e-9.
    CHECK(student_t_quantile(1.0 - ref.p, ref.df) == doctest::Approx(-ref.t).epsilon(1e-7));
  }
}

TEST_CASE("student_t_quantile matches the printed t table to 4 decimals") {
  // Two-sided 95% column of the usual table, df 1..30, 40, 60, 120, infinity.
  const std::vector<std::pair<double, double>> table = {
      {1, 12.7062},  {2, 4.3027},
      {3, 3.1824},   {4, 2.7764},
      {5, 2.5706},   {6, 2.4469},
      {7, 2.3646},   {8, 2.3060},
      {9, 2.2622},   {10, 2.2281},
      {11, 2.2010},  {12, 2.1788},
      {13, 2.1604},  {14, 2.1448},
      {15, 2.1314},  {16, 2.1199},
      {17, 2.1098},  {18, 2.1009},
      {19, 2.0930},  {20, 2.0860},
      {21, 2.0796},  {22, 2.0739},
      {23, 2.0687},  {24, 2.0639},
      {25, 2.0595},  {26, 2.0555},
      {27, 2.0518},  {28, 2.0484},
      {29, 2.0452},  {30, 2.0423},
      {40, 2.0211},  {60, 2.0003},
      {120, 1.9799}, {std::numeric_limits<double>::infinity(), 1.9600}};
  for (const auto& [df, t] : table) {
    CAPTURE(df);
    CHECK(std::fabs(student_t_quantile(0.975, df) - t) < 0.5e-4);
  }
}

TEST_CASE("student_t_quantile inverts student_t_cdf over df and p") {
  for (double df : {0.3, 1.0, 1.5, 2.0, 3.0, 8.0, 29.0, 99.5, 5000.0, 2e5, 1e9}) {
    for (double p : {1e-12, 1e-4, 0.01, 0.2, 0.5, 0.7, 0.975, 0.999999}) {
      CAPTURE(df);
      CAPTURE(p);
      const double t = student_t_quantile(p, df);
      CHECK(student_t_cdf(t, df) == doctest::Approx(p).epsilon(1e-9));
    }
  }
  CHECK(student_t_quantile(0.5, 4.0) == 0.0);
  CHECK(std::isinf(student_t_quantile(1.0, 4.0)));
  CHECK_THROWS_AS(student_t_quantile(0.5, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(student_t_quantile(1.5, 3.0), std::invalid_argument);
}

TEST_CASE("normal_quantile is accurate in the centre and the tails") {
  CHECK(normal_quantile(0.975) == doctest::Approx(1.9599639845400542).epsilon(1e-15));
  CHECK(normal_quantile(1e-10) == doctest::Approx(-6.3613409024040562).epsilon(1e-14));
  CHECK(normal_quantile(0.5) == 0.0);
}

TEST_CASE("incomplete_beta agrees with closed forms") {
  // I_x(1, b) = 1 - (1 - x)^b and I_x(a, 1) = x^a.
  CHECK(incomplete_beta(0.3, 1.0, 4.0) == doctest::Approx(1.0 - std::pow(0.7, 4.0)).epsilon(1e-14));
  CHECK(incomplete_beta(0.3, 2.5, 1.0) == doctest::Approx(std::pow(0.3, 2.5)).epsilon(1e-14));
  CHECK(incomplete_beta(0.0, 2.0, 3.0) == 0.0);
  CHECK(incomplete_beta(1.0, 2.0, 3.0) == 1.0);
}

TEST_CASE("percentiles interpolate between order statistics (type 7)") {
  const std::vector<double> sorted = {1, 2, 3, 4, 5};
  CHECK(percentile_sorted(sorted, 0.0) == 1.0);
  CHECK(percentile_sorted(sorted, 1.0) == 5.0);
  CHECK(percentile_sorted(sorted, 0.5) == 3.0);
  CHECK(percentile_sorted(sorted, 0.025) == doctest::Approx(1.1));
  CHECK(percentile_sorted(sorted, 0.975) == doctest::Approx(4.9));
  CHECK(std::isnan(percentile_sorted({}, 0.5)));
}

TEST_CASE("summarize: mean, sd, t interval, missing values skipped") {
  const std::vector<double> values = {2, 4, 4, 4, 5, 5, 7, 9, std::nan("")};
  const Summary s = summarize(values);
  CHECK(s.n == 8);
  CHECK(s.mean == 5.0);
  CHECK(s.sd == doctest::Approx(std::sqrt(32.0 / 7.0)));
  const double half = 2.3646242515927853 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0);
  CHECK(s.lo95 == doctest::Approx(5.0 - half));
  CHECK(s.hi95 == doctest::Approx(5.0 + half));

  const Summary one = summarize(std::vector<double>{3.5});
  CHECK(one.n == 1);
  CHECK(one.mean == 3.5);
  CHECK(std::isnan(one.sd));
  CHECK(std::isnan(one.lo95));

  const Summary constant = summarize(std::vector<double>{0.1, 0.1, 0.1});
  CHECK(constant.mean == 0.1);
  CHECK(constant.lo95 == 0.1);
  CHECK(constant.hi95 == 0.1);
}

TEST_CASE("compare_paired reports KPIs missing on one side instead of zero") {
  std::vector<ozsim::model::RunResult> base(3);
  std::vector<ozsim::model::RunResult> alt(3);
  for (int r = 0; r < 3; ++r) {
    base[r].kpis = {{"a", 1.0 + r}, {"only_base", 2.0}};
    alt[r].kpis = {{"a", 3.0 + 2 * r}};
  }
  alt[1].kpis["sometimes"] = 1.0;
  const auto cmp = compare_paired(base, alt, "B", "A");
  REQUIRE(cmp.kpis.size() == 3);
  CHECK(cmp.kpis[0].kpi == "a");
  CHECK(cmp.kpis[0].diff.mean == 3.0);
  CHECK(cmp.kpis[0].diff.n == 3);
  CHECK(cmp.kpis[1].kpi == "only_base");
  CHECK(cmp.kpis[1].diff.n == 0);
  CHECK(std::isnan(cmp.kpis[1].diff.mean));
  REQUIRE(cmp.missing.size() == 3);
  CHECK(cmp.missing[0].kpi == "only_base");
  CHECK(cmp.missing[0].scenario == "A");
  CHECK(cmp.missing[0].replications == 3);
  CHECK(cmp.missing[1].kpi == "sometimes");
  CHECK(cmp.missing[1].scenario == "B");
  CHECK(cmp.missing[1].replications == 3);
  CHECK(cmp.missing[2].scenario == "A");
  CHECK(cmp.missing[2].replications == 2);
  CHECK(cmp.kpis[2].diff.n == 0);

  std::vector<ozsim::model::RunResult> shorter(2);
  CHECK_THROWS_AS(compare_paired(base, shorter), std::invalid_argument);
}
