// Kaplan-Meier with right censoring and delayed entry, against hand-computed values, and on a large sample
// whose true survival is known.

#include "sim/engine/survival.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "sim/engine/provision.hpp"
#include "sim/engine/random.hpp"

using ozsim::engine::Provision;
using ozsim::engine::SpellSurvival;
using ozsim::engine::SurvivalCurve;

TEST_CASE("Kaplan-Meier: a censored sample computed by hand") {
  // Seven spells watched from their start: ended at 2, 4, 4 and 7 days; still running at 3, 5 and 9.
  SpellSurvival s;
  for (double t : {2.0, 4.0, 4.0, 7.0}) s.add(0.0, t, true);
  for (double t : {3.0, 5.0, 9.0}) s.add(0.0, t, false);
  const SurvivalCurve curve = s.curve();
  // t = 2: 7 at risk, 1 ends: S = 6/7. t = 4: 5 at risk (3 was censored), 2 end: S = 6/7 x 3/5 = 18/35.
  // t = 7: 2 at risk (5 censored), 1 ends: S = 18/35 x 1/2 = 9/35.
  REQUIRE(curve.steps().size() == 3);
  CHECK(curve.steps()[1].at_risk == 5);
  CHECK(curve.steps()[2].at_risk == 2);
  CHECK(curve.at(1.9).survival == 1.0);
  CHECK(curve.at(2.0).survival == doctest::Approx(6.0 / 7.0).epsilon(1e-14));
  CHECK(curve.at(4.5).survival == doctest::Approx(18.0 / 35.0).epsilon(1e-14));
  CHECK(curve.at(8.0).survival == doctest::Approx(9.0 / 35.0).epsilon(1e-14));
  CHECK(curve.at(100.0).survival == doctest::Approx(9.0 / 35.0).epsilon(1e-14));  // stays after the last step
  // Greenwood: Var S(4) = S^2 (1 / (7 x 6) + 2 / (5 x 3)).
  CHECK(curve.at(4.0).standard_error ==
        doctest::Approx(18.0 / 35.0 * std::sqrt(1.0 / 42.0 + 2.0 / 15.0)).epsilon(1e-12));
  CHECK(curve.at(4.0).standard_error == doctest::Approx(0.2038692773).epsilon(1e-9));
  // The log(-log) interval: S^exp(+-1.96 v), v = sqrt(Greenwood sum) / |log S|.
  CHECK(curve.at(4.0).lo95 == doctest::Approx(0.1177595839).epsilon(1e-9));
  CHECK(curve.at(4.0).hi95 == doctest::Approx(0.8132486076).epsilon(1e-9));
  CHECK(curve.at(7.0).lo95 == doctest::Approx(0.0125842621).epsilon(1e-9));
  CHECK(curve.at(7.0).hi95 == doctest::Approx(0.6560159632).epsilon(1e-9));
  // The median is where S first reaches 0.5: day 7. Reading the running spells as ended would give 4
  // (S(4) = 3/7), and leaving them out would give 4 too (S(4) = 1/4): censoring moves the answer.
  CHECK(curve.median() == 7.0);
  CHECK(std::isnan(curve.quantile(0.8)));  // S never falls to 0.2
  // Brookmeyer-Crowley: from where the lower bound reaches 0.5 (day 2: 0.334) to where the upper bound does
  // (never, within what was watched).
  CHECK(curve.median_lo95() == 2.0);
  CHECK(std::isnan(curve.median_hi95()));
  CHECK(s.longest() == 9.0);

  SpellSurvival as_if_ended;
  for (double t : {2.0, 3.0, 4.0, 4.0, 5.0, 7.0, 9.0}) as_if_ended.add(0.0, t, true);
  CHECK(as_if_ended.curve().median() == 4.0);
  CHECK(as_if_ended.curve().at(4.5).survival == doctest::Approx(3.0 / 7.0));
}

TEST_CASE("Kaplan-Meier: a spell watched from part-way enters the risk set then (delayed entry)") {
  // Two spells watched from their start (ended at 2 and 5), two that had run 3 days when watching began
  // (one ended at 4, one still running at 6).
  SpellSurvival s;
  s.add(0.0, 2.0, true);
  s.add(0.0, 5.0, true);
  s.add(3.0, 4.0, true);
  s.add(3.0, 6.0, false);
  const SurvivalCurve curve = s.curve();
  // t = 2: only the two watched from 0 are at risk: S = 1/2. t = 4: 3 at risk (5, 4, 6): S = 1/2 x 2/3.
  // t = 5: 2 at risk (5, 6): S = 1/3 x 1/2 = 1/6. Entering everyone at 0 would give S(2) = 3/4.
  REQUIRE(curve.steps().size() == 3);
  CHECK(curve.steps()[0].at_risk == 2);
  CHECK(curve.at(2.0).survival == doctest::Approx(0.5));
  CHECK(curve.at(4.0).survival == doctest::Approx(1.0 / 3.0));
  CHECK(curve.at(5.0).survival == doctest::Approx(1.0 / 6.0));
  CHECK(curve.median() == 2.0);
  CHECK_THROWS_AS(s.add(4.0, 3.0, true), std::invalid_argument);
  CHECK_THROWS_AS(s.add(-1.0, 3.0, true), std::invalid_argument);
}

TEST_CASE("Kaplan-Meier: every spell at risk ending, an empty sample, a spell ending at 0") {
  SpellSurvival s;
  CHECK(s.curve().steps().empty());
  CHECK(s.curve().at(10.0).survival == 1.0);
  CHECK(std::isnan(s.curve().median()));
  CHECK(s.longest() == 0.0);
  s.add(0.0, 0.0, true);  // admitted at once: a wait of 0 that ended
  s.add(0.0, 3.0, true);
  const SurvivalCurve curve = s.curve();
  CHECK(curve.at(0.0).survival == doctest::Approx(0.5));
  CHECK(curve.at(3.0).survival == 0.0);
  CHECK(curve.at(3.0).lo95 == 0.0);
  CHECK(curve.at(3.0).hi95 == 0.0);
  CHECK(curve.median() == 0.0);
}

TEST_CASE("Kaplan-Meier: spells that end at once, counted not kept, give the curve of its definition") {
  // Most waits for a place end at once (entry = exit = 0, ended). The curve is checked step by step
  // against the estimator written out from its definition over every spell: at risk at t are the spells
  // with entry <= t <= exit, and the ended ones with exit == t end there.
  struct Spell {
    double entry;
    double exit;
    bool ended;
  };
  std::mt19937_64 gen(7);
  std::uniform_int_distribution<int> kind(0, 5);
  std::uniform_int_distribution<int> length(0, 6);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<Spell> spells;
    SpellSurvival s;
    const int count = 1 + trial * 3;
    for (int i = 0; i < count; ++i) {
      Spell spell{0.0, 0.0, true};
      switch (kind(gen)) {
        case 0:
        case 1:
          break;  // ended at once
        case 2:
          spell.ended = false;  // censored at once: kept, and not an end
          break;
        case 3:
          spell.entry = length(gen);  // watched from part-way
          spell.exit = spell.entry + length(gen);
          break;
        default:
          spell.exit = length(gen);
          spell.ended = length(gen) % 2 == 0;
          break;
      }
      spells.push_back(spell);
      s.add(spell.entry, spell.exit, spell.ended);
    }
    CHECK(s.size() == spells.size());
    std::vector<double> times;
    for (const Spell& spell : spells)
      if (spell.ended) times.push_back(spell.exit);
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    const SurvivalCurve curve = s.curve();
    REQUIRE(curve.steps().size() == times.size());
    double survival = 1.0;
    for (std::size_t k = 0; k < times.size(); ++k) {
      const double t = times[k];
      std::size_t at_risk = 0;
      std::size_t ended = 0;
      for (const Spell& spell : spells) {
        if (spell.entry <= t && t <= spell.exit) ++at_risk;
        if (spell.ended && spell.exit == t) ++ended;
      }
      survival *= 1.0 - static_cast<double>(ended) / static_cast<double>(at_risk);
      const SurvivalCurve::Step& step = curve.steps()[k];
      CHECK(step.time == t);
      CHECK(step.at_risk == at_risk);
      CHECK(step.ended == ended);
      CHECK(step.survival == survival);
    }
  }
}

TEST_CASE(
    "Kaplan-Meier recovers an exponential survival under heavy censoring, lengths as they stand do not") {
  // 20,000 spells of mean 100 days, each watched for a uniform 0-200 days (about 43% censored). The true
  // S(90) = exp(-0.9) = 0.4066 and median 100 ln 2 = 69.3. Counting the censored spells at their length so
  // far puts the median near 45.
  ozsim::engine::RandomStream rng(20261202);
  SpellSurvival km;
  std::vector<double> as_they_stand;
  std::size_t censored = 0;
  for (int i = 0; i < 20'000; ++i) {
    const double length = -100.0 * std::log(rng.uniform01());
    const double watched = 200.0 * rng.uniform01();
    const bool ended = length <= watched;
    km.add(0.0, std::min(length, watched), ended);
    as_they_stand.push_back(std::min(length, watched));
    censored += ended ? 0 : 1;
  }
  CHECK(censored > 7'000);
  const SurvivalCurve curve = km.curve();
  const auto s90 = curve.at(90.0);
  CHECK(std::fabs(s90.survival - std::exp(-0.9)) < 4.0 * s90.standard_error);
  CHECK(s90.lo95 < std::exp(-0.9));
  CHECK(s90.hi95 > std::exp(-0.9));
  CHECK(curve.median() == doctest::Approx(100.0 * std::log(2.0)).epsilon(0.04));
  std::sort(as_they_stand.begin(), as_they_stand.end());
  const double naive_median = as_they_stand[as_they_stand.size() / 2];
  CHECK(naive_median < 0.75 * 100.0 * std::log(2.0));
}

TEST_CASE("Provision: waits for a place as Kaplan-Meier spells, given-up and still-running waits censored") {
  Provision p("oov", 1);
  CHECK(p.request(0.0, 1) == ozsim::engine::RequestOutcome::Admitted);  // a wait of 0 that ended
  CHECK(p.request(1.0, 2) == ozsim::engine::RequestOutcome::Queued);
  CHECK(p.request(2.0, 3) == ozsim::engine::RequestOutcome::Queued);
  p.release(5.0, 1);        // 2 admitted after 4 days
  CHECK(p.renege(6.0, 3));  // 3 gives up after 4 days: censored
  CHECK(p.request(7.0, 4) == ozsim::engine::RequestOutcome::Queued);
  const SpellSurvival waits = p.waiting_spells(10.0);  // 4 still waiting, 3 days so far: censored
  CHECK(waits.size() == 4);
  const SurvivalCurve curve = waits.curve();
  // t = 0: 4 at risk, 1 ends (S = 3/4); t = 4: 2 at risk (2 and 3; 4 left the risk set at 3), 1 ends.
  REQUIRE(curve.steps().size() == 2);
  CHECK(curve.at(0.0).survival == doctest::Approx(0.75));
  CHECK(curve.at(4.0).survival == doctest::Approx(0.375));
  // After a reset, a request made before it enters with the wait it had: 4 has waited 1 day at t = 8.
  p.reset_statistics(8.0);
  p.release(9.0, 2);  // 4 admitted after 2 days
  const SurvivalCurve after = p.waiting_spells(12.0).curve();
  REQUIRE(after.steps().size() == 1);
  CHECK(after.steps()[0].time == 2.0);
  CHECK(after.steps()[0].at_risk == 1);
  CHECK(after.at(2.0).survival == 0.0);
}
