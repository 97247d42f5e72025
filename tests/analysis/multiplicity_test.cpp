// Significance marks on a comparison: only headline KPIs, with the false-discovery rate controlled.
#include "sim/analysis/multiplicity.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/analysis/summary_stats.hpp"
#include "sim/engine/random.hpp"
#include "sim/model/kpi_catalogue.hpp"

using namespace ozsim::analysis;
using ozsim::model::RunResult;

TEST_CASE("Benjamini-Hochberg rejects up to the largest k with p_(k) <= k q / m") {
  // m = 5, q = 0.05: thresholds 0.01, 0.02, 0.03, 0.04, 0.05. p_(3) = 0.025 <= 0.03 and p_(4) = 0.045 > 0.04,
  // so the three smallest are rejected, including 0.012 > 0.01 (step-up, not step-down).
  const std::vector<double> p = {0.045, 0.012, 0.2, 0.025, 0.011};
  CHECK(benjamini_hochberg(p) == std::vector<bool>{false, true, false, true, true});
  CHECK(benjamini_hochberg(std::vector<double>{0.04, 0.5}) == std::vector<bool>{false, false});
  CHECK(benjamini_hochberg(std::vector<double>{0.02, 0.5}) == std::vector<bool>{true, false});
  CHECK(benjamini_hochberg(std::vector<double>{NOT_AVAILABLE, 0.001}) == std::vector<bool>{false, true});
  CHECK(benjamini_hochberg(std::vector<double>{}).empty());
  CHECK_THROWS(benjamini_hochberg(p, 0.0));
}

TEST_CASE("paired t p-value agrees with the 95% interval") {
  const std::vector<double> d = {1.0, 2.0, 0.5, 1.5, -0.2};
  const Summary s = summarize(d);
  const double p = paired_t_p_value(s);
  CHECK(p == doctest::Approx(2.0 * student_t_cdf(-s.mean / (s.sd / std::sqrt(5.0)), 4.0)));
  CHECK((p < 0.05) == (s.lo95 > 0.0 || s.hi95 < 0.0));
  CHECK(paired_t_p_value(summarize(std::vector<double>{3.0, 3.0})) == 0.0);
  CHECK(paired_t_p_value(summarize(std::vector<double>{0.0, 0.0})) == 1.0);
  CHECK(std::isnan(paired_t_p_value(summarize(std::vector<double>{1.0}))));
}

namespace {

const std::vector<std::string> HEADLINE = {
    "count.thuiszitter",  "count.risicoleerling", "count.vrijstelling_5a", "count.absoluut_verzuim",
    "count.dagbesteding", "count.home_over_norm", "home.months.per_year",  "wait_days.oov.mean",
    "wait_days.sbo.mean", "cost.total.per_year"};
const std::vector<std::string> OTHER = {"count.sbo", "entries.oov.per_year", "occupancy.oov", "queue.sbo",
                                        "average.oov"};

// Replications of a scenario whose KPIs are independent noise around 100; `effect` is added to the first
// headline KPI.
std::vector<RunResult> noise(ozsim::engine::RandomStream& rng, std::size_t replications, double effect) {
  std::vector<RunResult> results(replications);
  for (auto& result : results) {
    for (const auto* names : {&HEADLINE, &OTHER})
      for (const auto& name : *names) result.kpis[name] = 100.0 + 10.0 * normal_quantile(rng.uniform01());
    result.kpis[HEADLINE.front()] += effect;
  }
  return results;
}

}  // namespace

TEST_CASE("with no real effect, a comparison stars some headline KPI in at most 5% of comparisons") {
  for (const auto& name : HEADLINE) REQUIRE(ozsim::model::kpi_catalogue().is_headline(name));
  for (const auto& name : OTHER) REQUIRE(!ozsim::model::kpi_catalogue().is_headline(name));
  constexpr std::size_t COMPARISONS = 2000;
  auto rng = ozsim::engine::RandomStream::for_entity(2024, 0, 0);
  std::size_t any_star = 0, any_raw = 0, other_star = 0;
  for (std::size_t c = 0; c < COMPARISONS; ++c) {
    const auto base = noise(rng, 10, 0.0);
    const auto alt = noise(rng, 10, 0.0);
    const PairedComparison comparison = compare_paired(base, alt);
    CHECK(comparison.headline_tests == HEADLINE.size());
    bool star = false, raw = false;
    for (const PairedKpi& kpi : comparison.kpis) {
      star = star || kpi.significant;
      if (kpi.headline) raw = raw || kpi.diff.lo95 > 0.0 || kpi.diff.hi95 < 0.0;
      if (!kpi.headline && kpi.significant) ++other_star;
    }
    any_star += star ? 1 : 0;
    any_raw += raw ? 1 : 0;
  }
  const double fwer = static_cast<double>(any_star) / COMPARISONS;
  const double raw = static_cast<double>(any_raw) / COMPARISONS;
  std::printf("comparisons with a false star: %.4f with Benjamini-Hochberg, %.4f with a star per interval\n",
              fwer, raw);
  CHECK(other_star == 0);
  // Under no effect at all, Benjamini-Hochberg holds the family-wise rate at q = 0.05; 4 binomial standard
  // errors (0.005 each) above it. Starring every interval that excludes 0 would give 1 - 0.95^10 = 0.40.
  CHECK(fwer <= 0.05 + 0.02);
  CHECK(raw > 0.3);
}

TEST_CASE("a real headline effect still gets its star") {
  auto rng = ozsim::engine::RandomStream::for_entity(7, 0, 0);
  std::size_t found = 0;
  for (int c = 0; c < 200; ++c) {
    const PairedComparison comparison = compare_paired(noise(rng, 20, 0.0), noise(rng, 20, 20.0));
    for (const PairedKpi& kpi : comparison.kpis)
      if (kpi.kpi == HEADLINE.front() && kpi.significant) ++found;
  }
  // Effect 20 against a difference sd of 14 over 20 replications: t about 6.3, found nearly always.
  CHECK(found >= 195);
}
