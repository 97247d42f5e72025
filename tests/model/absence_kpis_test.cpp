// Absence as the monitors count it (issue 10): time without education, the 4-week threshold for a
// thuiszitter, distinct pupils per school year beside the peildatum stocks, and counts by level. Each case
// puts a few pupils into known spells, so every figure is worked out by hand in its comment. Problems start
// within seconds of day 0 (a hazard of a million a year), which no figure below can see.
#include <doctest/doctest.h>

#include <string>

#include "sim/model/calendar.hpp"
#include "tests/model/model_test_support.hpp"

using namespace ozsim;
using model::Destination;
using model::Setting;

namespace {

constexpr double MONTH = model::DAYS_PER_MONTH;

Destination to_setting(Setting s) {
  return {Destination::Type::Setting, static_cast<std::uint16_t>(s)};
}

Destination to_place(std::uint16_t k) {
  return {Destination::Type::Provision, k};
}

Destination to_exit_moved() {
  return {Destination::Type::Exit, static_cast<std::uint16_t>(model::ExitReason::Moved)};
}

model::RuleRow rule(double days, Destination to) {
  model::RuleRow row;
  row.duration = engine::Distribution::fixed(days);
  row.to = {to};
  row.probability = {1.0};
  return row;
}

// `pupils` pupils aged 10 in school year 2020/21 whose problems start at once and send them to `first`;
// every free setting's stay lasts `days` and ends in `after`. The provision "place" (100-day stays) has no
// places, so a pupil sent there waits.
model::ScenarioConfig spell_config(std::int64_t pupils, Destination first, double days, Destination after) {
  model::ScenarioConfig c = test::single_provision_config(pupils, 0, 100.0);
  c.onset.routes = {rule(1.0, first)};
  for (model::FreeSettingRules& f : c.free_settings) f.rules = {rule(days, after)};
  return c;
}

model::RunResult run(const model::ScenarioConfig& c) {
  model::RunOptions options;
  options.check_invariants = true;
  return model::run_replication(c, 5, 0, options);
}

double no_education_parts(const model::RunResult& r) {
  return test::kpi(r, "no_education.thuiszitter_months.per_year") +
         test::kpi(r, "no_education.absoluut_verzuim_months.per_year") +
         test::kpi(r, "no_education.on_hold_months.per_year") +
         test::kpi(r, "no_education.risicoleerling_months.per_year");
}

}  // namespace

TEST_CASE("time without education: a thuiszitter or absoluut verzuim spell counts in full, from day 1") {
  // 10 pupils, 100 days each as a thuiszitter (or not enrolled), then they move away: 1,000 pupil-days.
  for (const Setting s : {Setting::Thuiszitter, Setting::AbsoluutVerzuim}) {
    INFO(model::setting_name(s));
    const model::RunResult r = run(spell_config(10, to_setting(s), 100.0, to_exit_moved()));
    const double months = 1000.0 / MONTH;
    CHECK(test::kpi(r, "no_education.months.per_year") == doctest::Approx(months));
    CHECK(test::kpi(r, "no_education.months.2020") == doctest::Approx(months));
    CHECK(test::kpi(r, s == Setting::Thuiszitter
                           ? "no_education.thuiszitter_months.per_year"
                           : "no_education.absoluut_verzuim_months.per_year") == doctest::Approx(months));
    CHECK(test::kpi(r, "no_education.risicoleerling_months.per_year") == 0.0);
    CHECK(test::kpi(r, "no_education.on_hold_months.per_year") == 0.0);
  }
}

TEST_CASE("time without education: a risicoleerling counts the part of school time its reasons miss") {
  // 10 pupils, 100 days each as a risicoleerling: 1,000 pupil-days. Half are medical and attend 20% of the
  // time, a quarter are suspended (attend nothing), a quarter have reduced hours and attend all they have:
  // 0.5 x 0.8 + 0.25 x 1 + 0.25 x 0 = 0.65 of the time is without education, 650 pupil-days.
  model::ScenarioConfig c = spell_config(10, to_setting(Setting::Risicoleerling), 100.0, to_exit_moved());
  c.kpi.risicoleerling_reasons = {{{0.5, 0.2}, {0.25, 0.0}, {0.25, 1.0}}};
  CHECK(c.kpi.risicoleerling_absent_share() == doctest::Approx(0.65));
  const model::RunResult r = run(c);
  CHECK(test::kpi(r, "no_education.risicoleerling_months.per_year") == doctest::Approx(650.0 / MONTH));
  CHECK(test::kpi(r, "no_education.months.per_year") == doctest::Approx(650.0 / MONTH));
  CHECK(test::kpi(r, "no_education.thuiszitter_months.per_year") == 0.0);
  // The reasons are an accounting: the pupils' paths, and so the run, are the same whatever they are.
  model::ScenarioConfig all_absent = c;
  all_absent.kpi.risicoleerling_reasons = {{{1.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}}};
  const model::RunResult everything = run(all_absent);
  CHECK(everything.fingerprint == r.fingerprint);
  CHECK(test::kpi(everything, "no_education.months.per_year") == doctest::Approx(1000.0 / MONTH));
}

TEST_CASE("time without education: waiting for care with education on hold counts in full, where it waits") {
  // 10 pupils ask for a care place that has none. Care comes first and they came from school, so they wait
  // as risicoleerlingen with the search for education on hold, for max_wait_days = 120, then move away.
  // All 1,200 pupil-days are without education, though a risicoleerling's reasons would count only part
  // of them: the on-hold part counts in full and the risicoleerling part has nothing left.
  model::ScenarioConfig c = spell_config(10, to_place(0), 100.0, to_exit_moved());
  model::ProvisionConfig& care = c.provisions[0];
  care.is_care = true;
  care.max_wait_days = 120.0;
  care.on_renege = to_exit_moved();
  c.care_first = true;
  c.care_waiters_keep_status = true;
  c.kpi.risicoleerling_reasons = {{{0.5, 0.2}, {0.25, 0.0}, {0.25, 1.0}}};
  const model::RunResult r = run(c);
  CHECK(test::kpi(r, "average.risicoleerling") == doctest::Approx(1200.0 / 365.0));
  CHECK(test::kpi(r, "no_education.on_hold_months.per_year") == doctest::Approx(1200.0 / MONTH));
  CHECK(test::kpi(r, "no_education.risicoleerling_months.per_year") == doctest::Approx(0.0).epsilon(1e-9));
  CHECK(test::kpi(r, "no_education.months.per_year") == doctest::Approx(1200.0 / MONTH));
  // Without "care comes first" the same pupils wait as risicoleerlingen with their education route going on
  // (100-day stays, then they move away, leaving the list): nothing is on hold, and the reasons apply.
  c.care_first = false;
  care.wait_in = Setting::Risicoleerling;
  const model::RunResult routed = run(c);
  CHECK(test::kpi(routed, "no_education.on_hold_months.per_year") == 0.0);
  CHECK(test::kpi(routed, "no_education.risicoleerling_months.per_year") ==
        doctest::Approx(1000.0 * 0.65 / MONTH));
}

TEST_CASE("the 4-week threshold: a thuiszitter counts as one after more than 28 days, at 29 and not at 27") {
  // Distinct thuiszitters in the school year: 10 spells of 27 days are not counted, of 29 days all are.
  // Every pupil was also in school (for seconds) before its spell and is counted there once.
  for (const double days : {27.0, 29.0}) {
    INFO(days << "-day spells");
    const model::RunResult r = run(spell_config(10, to_setting(Setting::Thuiszitter), days, to_exit_moved()));
    CHECK(test::kpi(r, "distinct.thuiszitter.2020") == (days > 28.0 ? 10.0 : 0.0));
    CHECK(test::kpi(r, "distinct.attending.2020") == 10.0);
    CHECK(test::kpi(r, "entries.thuiszitter.2020") == 10.0);
    // Time without education counts every one of those days.
    CHECK(test::kpi(r, "no_education.thuiszitter_months.per_year") == doctest::Approx(10.0 * days / MONTH));
  }
  // On the peildatum: spells of 60 days are 27 days old on a peildatum on day 27, 29 days old on day 29.
  for (const double peildatum : {27.0, 29.0}) {
    INFO("peildatum on day " << peildatum);
    model::ScenarioConfig c = spell_config(10, to_setting(Setting::Thuiszitter), 60.0, to_exit_moved());
    c.simulation.peildatum_day = peildatum;
    const model::RunResult r = run(c);
    CHECK(test::kpi(r, "count.thuiszitter.2020") == 10.0);
    CHECK(test::kpi(r, "count.long_thuiszitter.2020") == (peildatum > 28.0 ? 10.0 : 0.0));
    CHECK(test::kpi(r, "count.long_thuiszitter") == (peildatum > 28.0 ? 10.0 : 0.0));
  }
  // The threshold is the scenario's: at 60 days none of the 29-day spells counts.
  model::ScenarioConfig c = spell_config(10, to_setting(Setting::Thuiszitter), 29.0, to_exit_moved());
  c.kpi.thuiszitter_after_days = 60.0;
  CHECK(test::kpi(run(c), "distinct.thuiszitter.2020") == 0.0);
}

TEST_CASE("distinct pupils over a school year: each counted once, however often it comes back") {
  // 10 pupils go home for 40 days at a time and straight back to school, where their problems start again
  // at once: spells start on days 0, 40, ..., 360, so 10 spells each in the school year (100 entries). On
  // the peildatum (day 61) each is 21 days into its second spell: 10 thuiszitters on the peildatum stock,
  // none of them past 4 weeks yet. Over the school year each of the 10 was a thuiszitter for more than 4
  // weeks, 9 times over, and counts once.
  const model::RunResult r =
      run(spell_config(10, to_setting(Setting::Thuiszitter), 40.0, to_setting(Setting::Attending)));
  CHECK(test::kpi(r, "entries.thuiszitter.2020") == 100.0);
  CHECK(test::kpi(r, "count.thuiszitter.2020") == 10.0);
  CHECK(test::kpi(r, "count.long_thuiszitter.2020") == 0.0);
  CHECK(test::kpi(r, "distinct.thuiszitter.2020") == 10.0);
  CHECK(test::kpi(r, "distinct.thuiszitter.per_year") == 10.0);
  CHECK(test::kpi(r, "distinct.attending.2020") == 10.0);
}

TEST_CASE(
    "distinct pupils: a stay across 1 August counts in both school years, and a stock may be 0 on the "
    "peildatum") {
  // 10 pupils are thuiszitters for 400 days, then move away: in the school year 2020/21 and in 2021/22.
  // A second group of 10 is home for 40 days and moves away before the peildatum: on no peildatum stock, yet
  // 10 thuiszitters of 2020/21.
  model::ScenarioConfig c = spell_config(10, to_setting(Setting::Thuiszitter), 400.0, to_exit_moved());
  c.simulation.years = 2.0;
  model::RunResult r = run(c);
  CHECK(test::kpi(r, "distinct.thuiszitter.2020") == 10.0);
  CHECK(test::kpi(r, "distinct.thuiszitter.2021") == 10.0);
  CHECK(test::kpi(r, "distinct.thuiszitter.per_year") == 10.0);
  CHECK(test::kpi(r, "count.thuiszitter.2021") == 0.0);  // they left on day 400, before the peildatum (426)
  c = spell_config(10, to_setting(Setting::Thuiszitter), 40.0, to_exit_moved());
  r = run(c);
  CHECK(test::kpi(r, "count.thuiszitter.2020") == 0.0);
  CHECK(test::kpi(r, "distinct.thuiszitter.2020") == 10.0);
}

TEST_CASE("counts by level: SO versus VSO by the pupils' age on the peildatum, and waiting lists by level") {
  // 10 pupils aged 10 and 10 aged 11.9 on day 0 are placed in "so" (SO/VSO, room for all); 10 aged 13 ask
  // for "vso" (SO/VSO, no places) and wait at home. On the peildatum (day 61, 0.17 years on) the pupils aged
  // 11.9 are 12.07: secondary age, counted as VSO though placed while of primary age.
  model::ScenarioConfig c = test::single_provision_config(0, 0, 1000.0);
  c.population.initial = {{10.0, 10.0 + 1e-9, 10}, {11.9, 11.9 + 1e-9, 10}, {13.0, 13.0 + 1e-9, 10}};
  model::ProvisionConfig so = c.provisions[0];
  so.name = "so";
  so.setting = Setting::SoVso;
  so.capacity = 100;
  model::ProvisionConfig vso = so;
  vso.name = "vso";
  vso.capacity = 0;
  vso.wait_in = Setting::Thuiszitter;
  c.provisions = {so, vso};
  model::RuleRow primary = rule(1.0, to_place(0));
  primary.level = model::Level::Po;
  c.onset.routes = {primary, rule(1.0, to_place(1))};
  const model::RunResult r = run(c);
  CHECK(test::kpi(r, "count.so_vso.2020") == 20.0);
  CHECK(test::kpi(r, "count.so_vso.po.2020") == 10.0);
  CHECK(test::kpi(r, "count.so_vso.vo.2020") == 10.0);
  CHECK(test::kpi(r, "count.thuiszitter.po.2020") == 0.0);
  CHECK(test::kpi(r, "count.thuiszitter.vo.2020") == 10.0);
  CHECK(test::kpi(r, "waiting.vso.2020") == 10.0);
  CHECK(test::kpi(r, "waiting.vso.po.2020") == 0.0);
  CHECK(test::kpi(r, "waiting.vso.vo.2020") == 10.0);
  CHECK(test::kpi(r, "waiting.so.po.2020") == 0.0);
  // Waiting for a place that has none, with education on hold, as a thuiszitter: time without education.
  CHECK(test::kpi(r, "no_education.thuiszitter_months.per_year") == doctest::Approx(10.0 * 365.0 / MONTH));
}

TEST_CASE("monitor-style counts on midden-holland: consistent with the peildatum stocks they stand beside") {
  scenario::LoadedScenario s = scenario::load_scenario(test::scenario_path("midden-holland.toml"));
  s.config.simulation.years = 4.0;
  const model::RunResult r = run(s.config);
  CHECK(no_education_parts(r) == doctest::Approx(test::kpi(r, "no_education.months.per_year")));
  // Thuiszitters and pupils not enrolled are without education all their time; risicoleerlingen part of it.
  CHECK(test::kpi(r, "no_education.months.per_year") >
        test::kpi(r, "no_education.thuiszitter_months.per_year") +
            test::kpi(r, "no_education.absoluut_verzuim_months.per_year"));
  for (int year = 2019; year <= 2021; ++year) {
    const std::string y = "." + std::to_string(year);
    INFO(year);
    // A long-term thuiszitter on the peildatum is one of the year's distinct thuiszitters, and one of the
    // peildatum's thuiszitters.
    CHECK(test::kpi(r, "count.long_thuiszitter" + y) <= test::kpi(r, "distinct.thuiszitter" + y));
    CHECK(test::kpi(r, "count.long_thuiszitter" + y) <= test::kpi(r, "count.thuiszitter" + y));
    for (std::size_t i = 0; i + 1 < model::SETTING_COUNT; ++i) {
      const std::string setting = model::setting_name(static_cast<Setting>(i));
      INFO(setting);
      const double stock = test::kpi(r, "count." + setting + y);
      CHECK(test::kpi(r, "count." + setting + ".po" + y) + test::kpi(r, "count." + setting + ".vo" + y) ==
            stock);
      // Everyone in the setting on the peildatum was there in that school year (thuiszitters: see above).
      if (setting != "thuiszitter") CHECK(test::kpi(r, "distinct." + setting + y) >= stock);
    }
    for (const model::ProvisionConfig& pc : s.config.provisions)
      CHECK(test::kpi(r, "waiting." + pc.name + ".po" + y) + test::kpi(r, "waiting." + pc.name + ".vo" + y) ==
            test::kpi(r, "waiting." + pc.name + y));
  }
  // Over a school year far more pupils pass through the absence settings than stand in them on one day.
  CHECK(test::kpi(r, "distinct.risicoleerling.2020") > 1.2 * test::kpi(r, "count.risicoleerling.2020"));
}

TEST_CASE("absoluut verzuim from outside the chain: in-migrants who arrive not enrolled") {
  // No problems start. 100 pupils move in on 1 August 2021; with at_migration_in every one of them arrives
  // not enrolled, stays 100 days and moves on: 100 entries, 10,000 pupil-days without education. Without
  // the route they all attend school.
  model::ScenarioConfig c = spell_config(10, to_setting(Setting::Thuiszitter), 100.0, to_exit_moved());
  c.onset.hazard_per_year = {0.0, 0.0};
  c.simulation.years = 2.0;
  c.population.migration_in = {{2021, 100}};
  c.population.migration_in_age_from = 8.0;
  c.population.migration_in_age_to = 9.0;
  const model::RunResult attending = run(c);
  CHECK(test::kpi(attending, "entries.absoluut_verzuim.2021") == 0.0);
  CHECK(test::kpi(attending, "distinct.attending.2021") == 110.0);
  c.onset.at_migration_in = {{to_setting(Setting::AbsoluutVerzuim), 1.0}};
  const model::RunResult not_enrolled = run(c);
  CHECK(test::kpi(not_enrolled, "entries.absoluut_verzuim.2021") == 100.0);
  CHECK(test::kpi(not_enrolled, "distinct.absoluut_verzuim.2021") == 100.0);
  CHECK(test::kpi(not_enrolled, "count.absoluut_verzuim.2021") == 100.0);  // the peildatum is day 61 of 100
  CHECK(test::kpi(not_enrolled, "no_education.months.2021") == doctest::Approx(10000.0 / MONTH));
  // The intake's own routes are untouched: nobody in this run starts school at 5.
  CHECK(test::kpi(not_enrolled, "entries.absoluut_verzuim.2020") == 0.0);
}
