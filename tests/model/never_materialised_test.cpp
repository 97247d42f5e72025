// Never-materialised pupils (PupilModel, never_materialised.cpp): a pupil to whom nothing but school happens
// before it leaves is counted in aggregate instead of made. Its figures must be those of the made pupil,
// draw for draw: every KPI, flow, cost line and monthly count of a replication is compared between a run
// that makes every pupil and one that does not. Equal replications are equal distributions; the comparison
// fails on any pupil whose future is read differently (a draw, a tie, a level, a year boundary).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "model_test_support.hpp"
#include "sim/model/ledger.hpp"

using namespace ozsim;

namespace {

model::RunResult run(const model::ScenarioConfig& c, std::uint32_t replication, bool every_pupil) {
  model::RunOptions options;
  options.materialise_every_pupil = every_pupil;
  options.check_invariants = false;
  return model::run_replication(c, 1, replication, options);
}

// Sums of pupil-days differ in the order they are added (a pupil counted in aggregate adds its last days
// when it leaves, a made one at every event): a relative 1e-9 is rounding, a pupil-day is not.
bool close(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

void check_same(const model::RunResult& made, const model::RunResult& aggregate) {
  REQUIRE(made.kpis.size() == aggregate.kpis.size());
  for (const auto& [name, value] : made.kpis) {
    const auto it = aggregate.kpis.find(name);
    REQUIRE_MESSAGE(it != aggregate.kpis.end(), name);
    CHECK_MESSAGE(close(value, it->second),
                  name << ": every pupil made " << value << ", in aggregate " << it->second);
  }
  REQUIRE(made.flows.size() == aggregate.flows.size());
  for (std::size_t i = 0; i < made.flows.size(); ++i) {
    CHECK(made.flows[i].from == aggregate.flows[i].from);
    CHECK(made.flows[i].to == aggregate.flows[i].to);
    CHECK(made.flows[i].count == aggregate.flows[i].count);
  }
  REQUIRE(made.costs.size() == aggregate.costs.size());
  for (std::size_t i = 0; i < made.costs.size(); ++i)
    CHECK(close(made.costs[i].euros, aggregate.costs[i].euros));
  REQUIRE(made.series_values.size() == aggregate.series_values.size());
  for (std::size_t m = 0; m < made.series_values.size(); ++m)
    CHECK(made.series_values[m] == aggregate.series_values[m]);
}

}  // namespace

TEST_CASE("never-materialised pupils: every figure of a replication is the one with every pupil made") {
  // The default scenario, a lever that starts later (its policy start changes hazards and places), and two
  // regions with places across the border; three replications each.
  for (const std::string file : {"tiny.toml", "jos.toml", "opbouwarrangement.toml", "two-regions.toml"}) {
    const scenario::LoadedScenario s =
        scenario::load_scenario(test::scenario_path(file), {"simulation.years=12"});
    for (std::uint32_t replication = 0; replication < 3; ++replication) {
      CAPTURE(file);
      CAPTURE(replication);
      const model::RunResult made = run(s.config, replication, true);
      const model::RunResult aggregate = run(s.config, replication, false);
      CHECK(made.unmaterialised_pupils == 0);
      // Most pupils never leave school but for their exit: far fewer events, the same figures.
      CHECK(aggregate.unmaterialised_pupils > 0);
      // Pupils whose onset comes in a later month were counted in aggregate until that month.
      CHECK(made.pupils_made_at_onset_month == 0);
      CHECK(aggregate.pupils_made_at_onset_month > 0);
      CHECK(aggregate.events < made.events);
      check_same(made, aggregate);
    }
  }
}

TEST_CASE("never-materialised pupils: the full Midden-Holland run, and every invariant after each event") {
  const scenario::LoadedScenario s = scenario::load_scenario(test::scenario_path("midden-holland.toml"));
  const model::RunResult made = run(s.config, 0, true);
  model::RunOptions checked;
  checked.check_invariants = true;  // conservation with pupils counted in aggregate, after every event
  const model::RunResult aggregate = model::run_replication(s.config, 1, 0, checked);
  check_same(made, aggregate);
  // More than half the initial pupils never leave school but for their exit.
  CHECK(static_cast<double>(aggregate.unmaterialised_pupils) > 0.5 * 38589.0);
}

TEST_CASE(
    "never-materialised pupils: which pupils are counted in aggregate depends on their own draws only") {
  // More places change what happens to pupils in trouble, not who gets into trouble: the same pupils are
  // never made in both (common random numbers: a pupil's draws are its serial's in every scenario).
  const scenario::LoadedScenario base = scenario::load_scenario(test::scenario_path("tiny.toml"));
  model::ScenarioConfig more_places = base.config;
  more_places.provisions[static_cast<std::size_t>(more_places.provision_index("oov"))].capacity += 5;
  for (std::uint32_t replication = 0; replication < 3; ++replication)
    CHECK(run(base.config, replication, false).unmaterialised_pupils ==
          run(more_places, replication, false).unmaterialised_pupils);
  // A higher onset hazard gets more pupils into trouble: fewer are only ever in school.
  model::ScenarioConfig more_onset = base.config;
  for (double& hazard : more_onset.onset.hazard_per_year) hazard *= 2.0;
  CHECK(run(more_onset, 0, false).unmaterialised_pupils < run(base.config, 0, false).unmaterialised_pupils);
}

TEST_CASE(
    "never-materialised pupils: the ledger counts a pupil's days up to the day it leaves, between events") {
  model::SimulationConfig simulation;
  simulation.start_year = 2020;
  simulation.years = 2.0;
  simulation.warmup_years = 0.0;
  const model::SchoolCalendar calendar(simulation);
  model::Ledger ledger(calendar, 0, 90.0, 28.0);
  const std::vector<engine::Provision> none;
  const auto [first, last] = ledger.stay_years(0.0, 100.0);
  ledger.unmaterialised_arrived(0.0, 0, 1);
  std::vector<std::int64_t> stays(2, 0);
  for (int y = first; y <= last; ++y) ++stays[static_cast<std::size_t>(y)];
  ledger.unmaterialised_stays(stays);
  ledger.integrate(50.0, none);  // an event of someone else's
  ledger.unmaterialised_left(100.0, 0.0, model::ExitReason::Moved, 0);
  ledger.integrate(150.0, none);
  const auto attending = static_cast<std::size_t>(model::Setting::Attending);
  CHECK(ledger.year(0).setting_days[attending] == doctest::Approx(100.0));
  CHECK(ledger.count(model::Setting::Attending) == 0);
  CHECK(ledger.year(0).distinct[attending] == 1);  // one stay, in the first school year only
  CHECK(ledger.year(1).distinct[attending] == 0);
  CHECK(ledger.year(0).flows[attending][model::flow_target(model::ExitReason::Moved)] == 1);
}

TEST_CASE("never-materialised pupils: a run of them counted at once is counted as one by one, bit for bit") {
  // PupilModel counts a run of pupils arriving together in one call. Between two made pupils of an arrival
  // that must leave every figure as it would be had each been counted on its own: the pupil-days before the
  // moment, the count and its greatest value, the region's days.
  model::SimulationConfig simulation;
  simulation.start_year = 2020;
  simulation.years = 2.0;
  simulation.warmup_years = 0.0;
  const model::SchoolCalendar calendar(simulation);
  const std::vector<engine::Provision> none;
  const auto attending = static_cast<std::size_t>(model::Setting::Attending);
  const auto play = [&](bool at_once) {
    model::Ledger ledger(calendar, 0, 90.0, 28.0, 2);
    ledger.unmaterialised_arrived(0.0, 1, 3);
    ledger.integrate(100.3, none);
    ledger.unmaterialised_left(150.7, 0.0, model::ExitReason::Moved, 1);
    ledger.integrate(200.1, none);
    if (at_once) {
      ledger.unmaterialised_arrived(200.1, 1, 5);
    } else {
      for (int i = 0; i < 5; ++i) ledger.unmaterialised_arrived(200.1, 1, 1);
    }
    ledger.integrate(400.9, none);
    return ledger;
  };
  const model::Ledger at_once = play(true);
  const model::Ledger one_by_one = play(false);
  CHECK(at_once.count(model::Setting::Attending) == 7);
  CHECK(at_once.count(model::Setting::Attending) == one_by_one.count(model::Setting::Attending));
  CHECK(at_once.region_count(1, model::Setting::Attending) == 7);
  CHECK(at_once.region_count(1, model::Setting::Attending) ==
        one_by_one.region_count(1, model::Setting::Attending));
  CHECK(at_once.setting_average(model::Setting::Attending).maximum() == 7.0);
  CHECK(at_once.setting_average(model::Setting::Attending).maximum() ==
        one_by_one.setting_average(model::Setting::Attending).maximum());
  CHECK(at_once.setting_average(model::Setting::Attending).mean(400.9) ==
        one_by_one.setting_average(model::Setting::Attending).mean(400.9));
  for (int y = 0; y < 2; ++y) {
    CHECK(at_once.year(y).setting_days[attending] == one_by_one.year(y).setting_days[attending]);
    CHECK(at_once.year(y).regions[1].setting_days[attending] ==
          one_by_one.year(y).regions[1].setting_days[attending]);
  }
  CHECK(at_once.year(0).setting_days[attending] > 0.0);
}

// Every pupil arriving as a school year after the first starts: intake and in-migrants.
std::uint64_t arrivals_after_the_first_year(const model::ScenarioConfig& c) {
  std::uint64_t arrivals = 0;
  for (int y = 1; y < static_cast<int>(std::ceil(c.simulation.years)); ++y) {
    const int year = c.simulation.start_year + y;
    arrivals += static_cast<std::uint64_t>(model::count_in_year(c.population.intake, year) +
                                           model::count_in_year(c.population.migration_in, year));
  }
  return arrivals;
}

TEST_CASE("creation draws on several threads: the same replication, bit for bit, whatever the count") {
  // Midden-Holland's age groups (about 2,700 pupils each) and intakes are large enough to be drawn on
  // several threads; two regions add each region's own stock draw. With a spare thread a school year's
  // arrivals are drawn during the year before, also in a year a policy starts (JOS in Midden-Holland's
  // 2022; the combined package has four): no lever changes what the draws read. Events, monthly counts
  // and every KPI must not notice how many threads took the draws.
  for (const std::string file : {"midden-holland.toml", "two-regions.toml", "combined-package.toml"}) {
    CAPTURE(file);
    const scenario::LoadedScenario s = scenario::load_scenario(test::scenario_path(file));
    model::RunOptions one;
    one.check_invariants = true;
    const model::RunResult alone = model::run_replication(s.config, 1, 0, one);
    for (const unsigned threads : {2U, 3U}) {
      CAPTURE(threads);
      model::RunOptions several = one;
      several.creation_threads = threads;
      const model::RunResult shared = model::run_replication(s.config, 1, 0, several);
      CHECK(shared.fingerprint == alone.fingerprint);
      CHECK(shared.events == alone.events);
      CHECK(shared.unmaterialised_pupils == alone.unmaterialised_pupils);
      CHECK(shared.kpis == alone.kpis);
      CHECK(shared.series_values == alone.series_values);
      CHECK(shared.costs.size() == alone.costs.size());
      CHECK(alone.arrivals_drawn_ahead == 0);
      // Every arrival after the first school year's start; each counted in aggregate or made.
      CHECK(shared.arrivals_drawn_ahead == arrivals_after_the_first_year(s.config));
      CHECK(shared.arrivals_drawn_ahead < shared.pupils);
      // The exits of the school years drawn ahead were put in time order on that thread, not the loop's.
      CHECK(alone.exits_sorted_ahead == 0);
      CHECK(shared.exits_sorted_ahead > 0);
    }
  }
}

TEST_CASE(
    "creation draws ahead: a policy that changes the population's figures is drawn as its year starts") {
  // The draws read the population's figures of the policy in force. A policy start that changes them (here
  // twice the rate of moving away, from 2022/23) makes that year's arrivals be drawn when the year starts,
  // under the new figures: the run is the one-thread run, bit for bit, and those arrivals are the ones
  // not drawn ahead.
  const scenario::LoadedScenario s = scenario::load_scenario(test::scenario_path("midden-holland.toml"));
  model::ScenarioConfig c = s.config;
  REQUIRE(!c.policy_starts.empty());
  for (model::PolicyStart& start : c.policy_starts) {
    auto moving = std::make_shared<model::ScenarioConfig>(*start.config);
    moving->population.migration_out_per_year *= 2.0;
    start.config = moving;
  }
  const int first_year = c.policy_starts.front().year;
  model::RunOptions one;
  one.check_invariants = true;
  const model::RunResult alone = model::run_replication(c, 1, 0, one);
  model::RunOptions two = one;
  two.creation_threads = 2;
  const model::RunResult shared = model::run_replication(c, 1, 0, two);
  CHECK(shared.fingerprint == alone.fingerprint);
  CHECK(shared.kpis == alone.kpis);
  CHECK(shared.series_values == alone.series_values);
  // The policy's population stays in force after it starts: only its first year differs from the year before.
  const std::uint64_t in_the_policy_year =
      static_cast<std::uint64_t>(model::count_in_year(c.population.intake, first_year) +
                                 model::count_in_year(c.population.migration_in, first_year));
  REQUIRE(in_the_policy_year > 0);
  CHECK(shared.arrivals_drawn_ahead == arrivals_after_the_first_year(c) - in_the_policy_year);
  // And the changed figures do change the run: the draws are not the base's.
  const model::RunResult base = model::run_replication(s.config, 1, 0, one);
  CHECK(base.fingerprint != alone.fingerprint);
}

TEST_CASE("starting stocks: the bound on the candidates' keys changes work, never the pupils chosen") {
  // A stock takes the pupils of its age band with the lowest keys. Keys above a bound are passed over on
  // the drawing threads; a region whose kept keys fall short of its stocks is drawn again without one.
  // Whether the bound keeps few keys, falls short everywhere, or keeps every key, the run is the same.
  for (const std::string file : {"midden-holland.toml", "two-regions.toml"}) {
    CAPTURE(file);
    const scenario::LoadedScenario s = scenario::load_scenario(test::scenario_path(file));
    model::RunOptions bounded;
    bounded.check_invariants = true;
    bounded.creation_threads = 2;
    const model::RunResult usual = model::run_replication(s.config, 1, 0, bounded);
    CHECK(usual.starting_stock_redraws == 0);
    model::RunOptions short_of_keys = bounded;
    short_of_keys.starting_stock_key_margin = -3.0;
    const model::RunResult redrawn = model::run_replication(s.config, 1, 0, short_of_keys);
    model::RunOptions every_key = bounded;
    every_key.starting_stock_key_margin = 1e9;
    const model::RunResult unbounded = model::run_replication(s.config, 1, 0, every_key);
    const std::uint64_t regions = std::max<std::size_t>(1, s.config.regions.size());
    CHECK(redrawn.starting_stock_redraws == regions);
    CHECK(unbounded.starting_stock_redraws == 0);
    // Every key in a cell with room, against the few above what the stocks take.
    CHECK(unbounded.starting_candidates_kept == redrawn.starting_candidates_kept);
    CHECK(usual.starting_candidates_kept < unbounded.starting_candidates_kept / 2);
    for (const model::RunResult* other : {&redrawn, &unbounded}) {
      CHECK(other->fingerprint == usual.fingerprint);
      CHECK(other->kpis == usual.kpis);
      CHECK(other->series_values == usual.series_values);
    }
  }
}
