// The escalation levers on small hand-computable cases: each moves what its mechanism says and nothing else.
// MDO: a stuck absence episode is discussed once at after_days; its remaining spell shrinks and more of its
// moves out of absence go back to school.
#include <doctest/doctest.h>

#include <string>

#include "sim/model/interventions/interventions.hpp"
#include "sim/model/run.hpp"
#include "tests/model/model_test_support.hpp"

using namespace ozsim;

namespace {

double kpi(const model::RunResult& r, const std::string& name) {
  const auto it = r.kpis.find(name);
  return it == r.kpis.end() ? 0.0 : it->second;  // flows are written only when non-zero
}

const model::Destination SCHOOL{model::Destination::Type::Setting,
                                static_cast<std::uint16_t>(model::Setting::Attending)};
const model::Destination MOVED_AWAY{model::Destination::Type::Exit,
                                    static_cast<std::uint16_t>(model::ExitReason::Moved)};

// 200 pupils fall out at once into a risicoleerling spell of 300 days and then move away; none relapses.
model::ScenarioConfig stuck_risicoleerlingen() {
  model::ScenarioConfig c = test::single_provision_config(200, 10, 100.0);
  c.simulation.years = 2.0;
  c.onset.relapse_multiplier = 0.0;
  c.onset.routes[0].to = {
      {model::Destination::Type::Setting, static_cast<std::uint16_t>(model::Setting::Risicoleerling)}};
  for (model::FreeSettingRules& f : c.free_settings)
    if (f.setting == model::Setting::Risicoleerling) {
      f.rules[0].duration = engine::Distribution::fixed(300.0);
      f.rules[0].to = {MOVED_AWAY};
    }
  return c;
}

model::interventions::MdoEscalation mdo_at(double after_days) {
  model::interventions::MdoEscalation mdo;
  mdo.after_days = after_days;
  mdo.remaining_duration_factor = 0.5;
  mdo.extra_back_to_school_share = 0.5;
  mdo.cost_per_case = 1000.0;
  mdo.payers = {{"gemeente", 1.0}};
  return mdo;
}

model::RunResult run(const model::ScenarioConfig& c) {
  model::RunOptions options;
  options.check_invariants = true;
  return model::run_replication(c, 11, 0, options);
}

}  // namespace

TEST_CASE(
    "MDO: a stuck spell is discussed at after_days, what is left of it halves, half go back to school") {
  const model::ScenarioConfig base = stuck_risicoleerlingen();
  model::ScenarioConfig with = base;
  apply(mdo_at(100.0), with);
  const model::RunResult a = run(base);
  const model::RunResult b = run(with);
  // Without: 300 days and all move away. With: 100 + 200 / 2 = 200 days, and of the moves half go to school.
  CHECK(kpi(a, "stay_days.risicoleerling.mean") == doctest::Approx(300.0).epsilon(1e-4));
  CHECK(kpi(b, "stay_days.risicoleerling.mean") == doctest::Approx(200.0).epsilon(1e-4));
  CHECK(kpi(a, "flow.risicoleerling.attending.2020") == 0.0);
  const double back = kpi(b, "flow.risicoleerling.attending.2020");
  const double away = kpi(b, "flow.risicoleerling.exit_moved.2020");
  CHECK(back + away == 200.0);
  CHECK(back >= 70.0);  // binomial(200, 0.5): 70..130 holds with probability 1 - 3e-5
  CHECK(back <= 130.0);
  // Every case is discussed once and paid for; nothing else moves: the same onsets, the same entries.
  CHECK(kpi(b, "escalations.2020") == 200.0);
  CHECK(kpi(b, "cost.gemeente.2020") - kpi(a, "cost.gemeente.2020") == doctest::Approx(200.0 * 1000.0));
  CHECK(kpi(b, "entries.risicoleerling.2020") == kpi(a, "entries.risicoleerling.2020"));
  CHECK(kpi(a, "escalations.2020") == 0.0);
}

TEST_CASE("MDO: a spell shorter than after_days is never discussed, and costs nothing") {
  const model::ScenarioConfig base = stuck_risicoleerlingen();
  model::ScenarioConfig with = base;
  apply(mdo_at(301.0), with);
  const model::RunResult a = run(base);
  const model::RunResult b = run(with);
  CHECK(a.fingerprint == b.fingerprint);
  CHECK(a.kpis == b.kpis);
}

TEST_CASE("MDO: a pupil waiting at home with education on hold gets an education route beside the wait") {
  // No places: every pupil waits at home (thuiszitter) for the provision, its education route paused, for
  // the whole run. The MDO at 100 days starts the thuiszitter route (30 days, to school) at half length.
  model::ScenarioConfig base = test::single_provision_config(50, 0, 100.0);
  base.onset.relapse_multiplier = 0.0;
  model::ScenarioConfig with = base;
  apply(mdo_at(100.0), with);
  const model::RunResult a = run(base);
  const model::RunResult b = run(with);
  CHECK(kpi(a, "waiting.place.2020") == 50.0);
  CHECK(kpi(a, "flow.thuiszitter.attending.2020") == 0.0);
  CHECK(kpi(b, "waiting.place.2020") == 50.0);  // peildatum (1 October) is before the review
  CHECK(kpi(b, "flow.thuiszitter.attending.2020") == 50.0);
  CHECK(kpi(b, "stay_days.thuiszitter.mean") == doctest::Approx(115.0).epsilon(1e-3));
  CHECK(kpi(b, "escalations.2020") == 50.0);
}

TEST_CASE("MDO from a later start year: cases under way are discussed if they reach after_days after it") {
  // Spells of 600 days from the start of 2020/21; the MDO starts 1 August 2021 (day 365) with after_days 100:
  // these cases passed 100 days before the MDO existed, so it never discusses them.
  model::ScenarioConfig base = stuck_risicoleerlingen();
  for (model::FreeSettingRules& f : base.free_settings)
    if (f.setting == model::Setting::Risicoleerling) f.rules[0].duration = engine::Distribution::fixed(600.0);
  model::interventions::Interventions late;
  late.mdo_escalation = mdo_at(100.0);
  late.mdo_escalation->start_year = 2021;
  model::ScenarioConfig with = base;
  model::interventions::apply(late, with);
  CHECK(run(with).kpis == run(base).kpis);
  // With after_days 400 they reach it on day ~400, after the start: all are discussed then.
  late.mdo_escalation->after_days = 400.0;
  model::ScenarioConfig later = base;
  model::interventions::apply(late, later);
  const model::RunResult b = run(later);
  CHECK(kpi(b, "escalations.2021") == 200.0);
  CHECK(kpi(b, "stay_days.risicoleerling.mean") == doctest::Approx(500.0).epsilon(1e-4));
}
