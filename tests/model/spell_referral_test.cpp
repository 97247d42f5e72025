// Referral out of a running spell (SpellReferralConfig: the opbouwarrangement, Herstart, SBO plus jeugdzorg)
// on small hand-computable cases: the lever takes pupils out of the spell at after_days, as many as its free
// places, only from its target group, and from the day it starts; nothing else moves.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "sim/model/interventions/interventions.hpp"
#include "sim/model/run.hpp"
#include "tests/model/model_test_support.hpp"

using namespace ozsim;

namespace {

using model::Destination;
using model::Setting;

const Destination SCHOOL{Destination::Type::Setting, static_cast<std::uint16_t>(Setting::Attending)};
const Destination MOVED_AWAY{Destination::Type::Exit, static_cast<std::uint16_t>(model::ExitReason::Moved)};

// 200 primary pupils with internalising problems fall out at once into a risicoleerling spell of
// `spell_days` and then move away; none relapses. Provision 0, "arrangement" (no places of its own), is a
// combined place of 100 days followed by school; provision 1, "day_programme", holds nobody.
model::ScenarioConfig absent_pupils(double spell_days, double years = 2.0) {
  model::ScenarioConfig c = test::single_provision_config(200, 0, 100.0);
  c.simulation.years = years;
  c.onset.relapse_multiplier = 0.0;
  c.onset.routes[0].to = {{Destination::Type::Setting, static_cast<std::uint16_t>(Setting::Risicoleerling)}};
  for (model::FreeSettingRules& f : c.free_settings)
    if (f.setting == Setting::Risicoleerling) {
      f.rules[0].duration = engine::Distribution::fixed(spell_days);
      f.rules[0].to = {MOVED_AWAY};
    }
  model::ProvisionConfig& arrangement = c.provisions[0];
  arrangement.name = "arrangement";
  arrangement.setting = Setting::Oza;
  arrangement.max_queue = 0;
  arrangement.rules[0].to = {SCHOOL};
  model::ProvisionConfig day_programme = arrangement;
  day_programme.name = "day_programme";
  day_programme.setting = Setting::Dagbesteding;
  c.provisions.push_back(day_programme);
  return c;
}

model::interventions::Herstart herstart(std::int64_t places, double after_days, double share) {
  model::interventions::Herstart lever;
  lever.provision = "arrangement";
  lever.places = places;
  lever.referral_after_days = after_days;
  lever.referral_share = share;
  lever.referral_from = {"risicoleerling"};
  return lever;
}

// Every KPI about pupils: not the places a lever adds, nor their cost (paid per place-year, used or not).
std::map<std::string, double> pupil_kpis(const model::RunResult& r) {
  std::map<std::string, double> kpis;
  for (const auto& [name, value] : r.kpis)
    if (name.rfind("cost", 0) != 0 && name.rfind("places.", 0) != 0) kpis.emplace(name, value);
  return kpis;
}

model::RunResult run(const model::ScenarioConfig& c) {
  model::RunOptions options;
  options.check_invariants = true;  // capacities never exceeded, every pupil counted
  return model::run_replication(c, 11, 0, options);
}

}  // namespace

TEST_CASE("spell referral: at after_days as many pupils as there are free places leave their absence") {
  const model::ScenarioConfig base = absent_pupils(300.0);
  model::ScenarioConfig with = base;
  apply(herstart(30, 60.0, 0.5), with);
  const model::RunResult a = run(base);
  const model::RunResult b = run(with);
  // About 100 of the 200 are referred at day 60 (binomial(200, 0.5)); the first 30 take the 30 places, the
  // rest stay absent. So 30 spells end at 60 days instead of 300: the mean stay is (30 x 60 + 170 x 300)/200.
  CHECK(test::kpi_or_zero(a, "stay_days.risicoleerling.mean") == doctest::Approx(300.0).epsilon(1e-4));
  CHECK(test::kpi_or_zero(b, "stay_days.risicoleerling.mean") ==
        doctest::Approx((30.0 * 60.0 + 170.0 * 300.0) / 200.0).epsilon(1e-4));
  CHECK(test::kpi_or_zero(b, "entries.oza.2020") == 30.0);
  CHECK(test::kpi_or_zero(b, "flow.risicoleerling.oza.2020") == 30.0);
  // After the arrangement's 100 days they go to school, where nobody went before.
  CHECK(test::kpi_or_zero(a, "flow.oza.attending.2020") == 0.0);
  CHECK(test::kpi_or_zero(b, "flow.oza.attending.2020") == 30.0);
  // Nothing else moves: the same onsets, the same pupils absent.
  CHECK(test::kpi_or_zero(b, "entries.risicoleerling.2020") ==
        test::kpi_or_zero(a, "entries.risicoleerling.2020"));
  CHECK(test::kpi_or_zero(b, "flow.risicoleerling.exit_moved.2020") ==
        test::kpi_or_zero(a, "flow.risicoleerling.exit_moved.2020") - 30.0);
}

TEST_CASE("spell referral: pupils the arrangement does not admit are never referred, and draw nothing") {
  model::ScenarioConfig base = absent_pupils(300.0);
  base.provisions[0].eligible_levels = {model::Level::Vo};  // the pupils are 10: primary
  model::ScenarioConfig with = base;
  apply(herstart(30, 60.0, 1.0), with);
  const model::RunResult a = run(base);
  const model::RunResult b = run(with);
  CHECK(test::kpi_or_zero(b, "entries.oza.2020") == 0.0);
  CHECK(pupil_kpis(b) == pupil_kpis(a));
  CHECK(test::kpi_or_zero(b, "cost.total.2020") > test::kpi_or_zero(a, "cost.total.2020"));
}

TEST_CASE("spell referral: with no free place the pupil stays where it is, and a share of 0 refers nobody") {
  const model::ScenarioConfig base = absent_pupils(300.0);
  model::ScenarioConfig none_free = base;
  apply(herstart(0, 60.0, 1.0), none_free);
  model::ScenarioConfig nobody = base;
  apply(herstart(30, 60.0, 0.0), nobody);
  const model::RunResult a = run(base);
  CHECK(run(none_free).kpis == a.kpis);
  CHECK(pupil_kpis(run(nobody)) == pupil_kpis(a));
}

TEST_CASE("spell referral out of a provision: counted from the start of the stay, the place is freed") {
  // The 200 go to the day programme (200 places, 300 days) instead of absence; SBO plus jeugdzorg takes
  // pupils out of it after 100 days into its 10 places.
  model::ScenarioConfig base = absent_pupils(300.0);
  base.onset.routes[0].to = {{Destination::Type::Provision, 1}};
  base.provisions[1].capacity = 200;
  base.provisions[1].rules[0].duration = engine::Distribution::fixed(300.0);
  base.provisions[1].rules[0].to = {MOVED_AWAY};
  model::interventions::SboJeugdzorg lever;
  lever.provision = "arrangement";
  lever.places = 10;
  lever.referral_after_days = 100.0;
  lever.referral_share = 1.0;
  lever.referral_from = {"day_programme"};
  model::ScenarioConfig with = base;
  apply(lever, with);
  const model::RunResult a = run(base);
  const model::RunResult b = run(with);
  CHECK(test::kpi_or_zero(a, "stay_days.dagbesteding.mean") == doctest::Approx(300.0).epsilon(1e-4));
  CHECK(test::kpi_or_zero(b, "stay_days.dagbesteding.mean") ==
        doctest::Approx((10.0 * 100.0 + 190.0 * 300.0) / 200.0).epsilon(1e-4));
  CHECK(test::kpi_or_zero(b, "flow.dagbesteding.oza.2020") == 10.0);
}

TEST_CASE("spell referral from a later start year: spells already past after_days are referred that day") {
  // Spells of 500 days from about 1 August 2020; the lever starts on 1 August 2021, when every spell is 365
  // days old: the 30 referred leave at 365 days, not at 60.
  const model::ScenarioConfig base = absent_pupils(500.0);
  model::interventions::Interventions levers;
  levers.herstart = herstart(30, 60.0, 0.5);
  levers.herstart->start_year = 2021;
  model::ScenarioConfig with = base;
  model::interventions::apply(levers, with);
  REQUIRE(with.policy_starts.size() == 1);
  const model::RunResult b = run(with);
  CHECK(test::kpi_or_zero(b, "entries.oza.2020") == 0.0);
  CHECK(test::kpi_or_zero(b, "entries.oza.2021") == 30.0);
  CHECK(test::kpi_or_zero(b, "stay_days.risicoleerling.mean") ==
        doctest::Approx((30.0 * 365.0 + 170.0 * 500.0) / 200.0).epsilon(1e-3));
}

TEST_CASE(
    "spell referral: an episode is looked at once, and a risicoleerling turned thuiszitter keeps its clock") {
  // Absence: 40 days risicoleerling, then thuiszitter for 300 days. Referral after 60 days of the episode,
  // out of thuiszitter only: it comes 20 days into the thuiszitter spell, not 60.
  model::ScenarioConfig base = absent_pupils(40.0);
  for (model::FreeSettingRules& f : base.free_settings) {
    if (f.setting == Setting::Risicoleerling)
      f.rules[0].to = {{Destination::Type::Setting, static_cast<std::uint16_t>(Setting::Thuiszitter)}};
    if (f.setting == Setting::Thuiszitter) {
      f.rules[0].duration = engine::Distribution::fixed(300.0);
      f.rules[0].to = {MOVED_AWAY};
    }
  }
  model::interventions::Herstart lever = herstart(30, 60.0, 1.0);
  lever.referral_from = {"thuiszitter"};
  model::ScenarioConfig with = base;
  apply(lever, with);
  const model::RunResult b = run(with);
  CHECK(test::kpi_or_zero(b, "entries.oza.2020") == 30.0);
  CHECK(test::kpi_or_zero(b, "stay_days.thuiszitter.mean") ==
        doctest::Approx((30.0 * 20.0 + 170.0 * 300.0) / 200.0).epsilon(1e-3));
}
