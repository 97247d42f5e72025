// The escalation levers on small hand-computable cases: each moves what its mechanism says and nothing else.
// MDO: a stuck absence episode is discussed once at after_days; its remaining spell shrinks and more of its
// moves out of absence go back to school. RET: a stuck case gets a bespoke place outside every provision's
// capacity, a number a year. OZA: pupils referred to it stay in school while assessed, then take a place.
#include <doctest/doctest.h>

#include <map>
#include <sstream>
#include <string>

#include "sim/model/interventions/interventions.hpp"
#include "sim/model/run.hpp"
#include "tests/model/model_test_support.hpp"

using namespace ozsim;

namespace {

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
  CHECK(test::kpi_or_zero(a, "stay_days.risicoleerling.mean") == doctest::Approx(300.0).epsilon(1e-4));
  CHECK(test::kpi_or_zero(b, "stay_days.risicoleerling.mean") == doctest::Approx(200.0).epsilon(1e-4));
  CHECK(test::kpi_or_zero(a, "flow.risicoleerling.attending.2020") == 0.0);
  const double back = test::kpi_or_zero(b, "flow.risicoleerling.attending.2020");
  const double away = test::kpi_or_zero(b, "flow.risicoleerling.exit_moved.2020");
  CHECK(back + away == 200.0);
  CHECK(back >= 70.0);  // binomial(200, 0.5): 70..130 holds with probability 1 - 3e-5
  CHECK(back <= 130.0);
  // Every case is discussed once and paid for; nothing else moves: the same onsets, the same entries.
  CHECK(test::kpi_or_zero(b, "escalations.2020") == 200.0);
  CHECK(test::kpi_or_zero(b, "cost.gemeente.2020") - test::kpi_or_zero(a, "cost.gemeente.2020") ==
        doctest::Approx(200.0 * 1000.0));
  CHECK(test::kpi_or_zero(b, "entries.risicoleerling.2020") ==
        test::kpi_or_zero(a, "entries.risicoleerling.2020"));
  CHECK(test::kpi_or_zero(a, "escalations.2020") == 0.0);
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
  CHECK(test::kpi_or_zero(a, "waiting.place.2020") == 50.0);
  CHECK(test::kpi_or_zero(a, "flow.thuiszitter.attending.2020") == 0.0);
  CHECK(test::kpi_or_zero(b, "waiting.place.2020") == 50.0);  // peildatum (1 October) is before the review
  CHECK(test::kpi_or_zero(b, "flow.thuiszitter.attending.2020") == 50.0);
  CHECK(test::kpi_or_zero(b, "stay_days.thuiszitter.mean") == doctest::Approx(115.0).epsilon(1e-3));
  CHECK(test::kpi_or_zero(b, "escalations.2020") == 50.0);
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
  CHECK(test::kpi_or_zero(b, "escalations.2021") == 200.0);
  CHECK(test::kpi_or_zero(b, "stay_days.risicoleerling.mean") == doctest::Approx(500.0).epsilon(1e-4));
}

namespace {

model::interventions::Ret ret_at(double after_days, std::int64_t places_per_year) {
  model::interventions::Ret ret;
  ret.after_days = after_days;
  ret.places_per_year = places_per_year;
  ret.duration = engine::Distribution::fixed(50.0);
  ret.to = {"attending"};
  ret.p = {1.0};
  ret.cost_per_case = 10000.0;
  ret.payers = {{"swv", 1.0}};
  return ret;
}

}  // namespace

TEST_CASE("RET: stuck cases get a bespoke place outside capacity, at most places_per_year a year") {
  // No places at all: 50 pupils wait at home for the provision, education on hold, for the whole run.
  model::ScenarioConfig base = test::single_provision_config(50, 0, 100.0);
  base.simulation.years = 2.0;
  base.onset.relapse_multiplier = 0.0;
  model::ScenarioConfig with = base;
  apply(ret_at(100.0, 20), with);
  CHECK_FALSE(with.escalation.enabled);  // no queue priority
  const model::RunResult a = run(base);
  const model::RunResult b = run(with);
  CHECK(test::kpi_or_zero(a, "waiting.place.2021") == 50.0);
  // 20 of them leave the list for a bespoke place at day ~100, stay 50 days and go back to school. The
  // provision's capacity is untouched: nobody was admitted to it and it held nobody.
  CHECK(test::kpi_or_zero(b, "entries.maatwerk.2020") == 20.0);
  CHECK(test::kpi_or_zero(b, "flow.thuiszitter.maatwerk.2020") == 20.0);
  CHECK(test::kpi_or_zero(b, "flow.maatwerk.attending.2020") == 20.0);
  CHECK(test::kpi_or_zero(b, "stay_days.maatwerk.mean") == doctest::Approx(50.0).epsilon(1e-4));
  CHECK(test::kpi_or_zero(b, "admitted.place.per_year") == 0.0);
  CHECK(test::kpi_or_zero(b, "occupancy.place") == 0.0);
  // The other 30 reached 100 days when the year's places were taken: the RET does not take them up later.
  CHECK(test::kpi_or_zero(b, "waiting.place.2021") == 30.0);
  CHECK(test::kpi_or_zero(b, "entries.maatwerk.2021") == 0.0);
  CHECK(test::kpi_or_zero(b, "escalations.2020") == 20.0);
  // The test's payer 'swv' is booked to SWV PO or SWV VO by the pupils' level.
  const auto swv = [](const model::RunResult& r) {
    return test::kpi_or_zero(r, "cost.swv_po.2020") + test::kpi_or_zero(r, "cost.swv_vo.2020");
  };
  CHECK(swv(b) - swv(a) == doctest::Approx(20.0 * 10000.0));
}

TEST_CASE("RET: a full provision keeps its own places, the RET's come on top") {
  // Two places held for 1000 days and 28 pupils waiting: five of them get the year's five RET places.
  model::ScenarioConfig base = test::single_provision_config(30, 2, 1000.0);
  base.simulation.years = 2.0;
  base.onset.relapse_multiplier = 0.0;
  model::ScenarioConfig with = base;
  apply(ret_at(100.0, 5), with);
  model::RunOptions options;
  options.check_invariants = true;  // capacities never exceeded, every pupil counted
  const model::RunResult b = model::run_replication(with, 11, 0, options);
  CHECK(test::kpi_or_zero(b, "entries.maatwerk.2020") == 5.0);
  CHECK(test::kpi_or_zero(b, "count.oov.2020") == 2.0);  // the provision's two places stay its own
  CHECK(test::kpi_or_zero(b, "admitted.place.per_year") ==
        doctest::Approx(1.0));  // two admissions at once in 2 years
}

namespace {

// 200 pupils fall out at once; onsets would all go to a 300-day risicoleerling spell. The provision "oza" (no
// places of its own) is an OZA of 100 days followed by school.
model::ScenarioConfig with_oza_provision() {
  model::ScenarioConfig c = stuck_risicoleerlingen();
  model::ProvisionConfig& oza = c.provisions[0];
  oza.name = "oza";
  oza.setting = model::Setting::Oza;
  oza.capacity = 0;
  oza.max_queue = 0;
  oza.fallback = {
      {model::Destination::Type::Setting, static_cast<std::uint16_t>(model::Setting::Risicoleerling)}};
  oza.rules[0].duration = engine::Distribution::fixed(100.0);
  oza.rules[0].to = {SCHOOL};
  return c;
}

}  // namespace

TEST_CASE("OZA: referred pupils stay in school for the 6-week assessment, then take a place or fall back") {
  const model::ScenarioConfig base = with_oza_provision();
  model::interventions::Oza lever;
  lever.places = 10;
  lever.referral_share = 0.2;
  lever.divert_from = {"risicoleerling"};
  model::ScenarioConfig with = base;
  apply(lever, with);
  CHECK_FALSE(with.escalation.enabled);  // no priority on other lists
  model::RunOptions options;
  options.check_invariants = true;
  options.trace = true;
  const model::RunResult b = model::run_replication(with, 11, 0, options);
  // Every pupil the OZA assessed was in school all 42 days (its next move is from attending, 42 days on),
  // then took one of the 10 places or, with none free, went to the absence it was heading for.
  std::map<std::uint32_t, double> assessed_at;
  std::map<std::uint32_t, std::string> next_move;
  std::istringstream lines(b.trace_csv);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string day, id, what, from, to;
    std::getline(fields, day, ',');
    std::getline(fields, id, ',');
    std::getline(fields, what, ',');
    std::getline(fields, from, ',');
    std::getline(fields, to, ',');
    const auto pupil = static_cast<std::uint32_t>(std::stoul(id));
    if (what == "assessment") {
      assessed_at[pupil] = std::stod(day);
    } else if (assessed_at.count(pupil) && !next_move.count(pupil) && (what == "oza" || what == "enter")) {
      CHECK(std::stod(day) == doctest::Approx(assessed_at[pupil] + 42.0).epsilon(1e-6));
      next_move[pupil] = from + "->" + to;
    }
  }
  const auto referred = static_cast<double>(assessed_at.size());
  CHECK(referred >= 20.0);  // binomial(200, 0.2): mean 40, sd 5.7
  CHECK(referred <= 60.0);
  std::size_t placed = 0, fell_back = 0;
  for (const auto& [pupil, move] : next_move) {
    placed += move == "attending->oza";
    fell_back += move == "attending->risicoleerling";
  }
  CHECK(placed == 10);
  CHECK(placed + fell_back == assessed_at.size());
  CHECK(test::kpi_or_zero(b, "entries.oza.2020") == 10.0);
  // The placed ten never were absent: absence entries fell by exactly them.
  const model::RunResult a = run(base);
  CHECK(test::kpi_or_zero(a, "entries.risicoleerling.2020") -
            test::kpi_or_zero(b, "entries.risicoleerling.2020") ==
        10.0);
  CHECK(test::kpi_or_zero(b, "flow.oza.attending.2020") == 10.0);
}
