// A renewal (a move from a setting into itself) continues the spell, so an exemption's age and a
// thuiszitter's 4 weeks count from the spell's real start; the vrijstelling 5a review acts at that age, once.
// Small hand-computable cases: 200 pupils of 10 fall out on day 0 and stay in one free setting by renewals.
#include <doctest/doctest.h>

#include <string>

#include "sim/model/interventions/interventions.hpp"
#include "sim/model/run.hpp"
#include "tests/model/model_test_support.hpp"

using namespace ozsim;

namespace {

using model::Destination;
using model::Setting;

Destination setting(Setting s) {
  return {Destination::Type::Setting, static_cast<std::uint16_t>(s)};
}

// Every pupil enters `s` on day 0 and renews it every `renewal_days`, for `years` years.
model::ScenarioConfig renewing(Setting s, double renewal_days, double years) {
  model::ScenarioConfig c = test::single_provision_config(200, 0, 100.0);
  c.simulation.years = years;
  c.onset.relapse_multiplier = 0.0;
  c.onset.routes[0].to = {setting(s)};
  for (model::FreeSettingRules& f : c.free_settings)
    if (f.setting == s) {
      f.rules[0].duration = engine::Distribution::fixed(renewal_days);
      f.rules[0].to = {setting(s)};
    }
  return c;
}

model::interventions::VrijstellingReview review(double after_years) {
  model::interventions::VrijstellingReview lever;
  lever.after_years = after_years;
  lever.return_share = 0.5;
  lever.return_to = {"attending"};
  lever.return_p = {1.0};
  return lever;
}

model::RunResult run(const model::ScenarioConfig& c) {
  return test::run_checked(c, 5);
}

double kpi(const model::RunResult& r, const std::string& name) {
  return test::kpi_or_zero(r, name);
}

}  // namespace

TEST_CASE("renewal: a vrijstelling renewed every year is one spell, entered once") {
  const model::RunResult r = run(renewing(Setting::Vrijstelling5a, 365.0, 4.0));
  CHECK(kpi(r, "entries.vrijstelling_5a.2020") == 200.0);
  // Renewals in 2021-2023 are not entries; before, each renewal counted as one.
  CHECK(kpi(r, "entries.vrijstelling_5a.2021") == 0.0);
  CHECK(kpi(r, "entries.vrijstelling_5a.2023") == 0.0);
  CHECK(kpi(r, "distinct.vrijstelling_5a.2022") == 200.0);
  CHECK(kpi(r, "count.vrijstelling_5a.2023") == 200.0);
}

TEST_CASE("renewal: a thuiszitter renewing every 20 days passes the 4 weeks on the peildatum") {
  // On 1 October (day 61) each spell of 20 days has just renewed; the episode is 61 days old, so the
  // monitors count all 200. With the clock reset at each renewal none would be past 28 days.
  const model::RunResult r = run(renewing(Setting::Thuiszitter, 20.0, 1.0));
  CHECK(kpi(r, "count.thuiszitter.2020") == 200.0);
  CHECK(kpi(r, "count.long_thuiszitter.2020") == 200.0);
}

TEST_CASE("vrijstelling review: once, at the renewal where the exemption is after_years old") {
  const model::ScenarioConfig base = renewing(Setting::Vrijstelling5a, 365.0, 4.0);
  model::ScenarioConfig two_years = base;
  apply(review(2.0), two_years);
  const model::RunResult r = run(two_years);
  // No one returns at the first renewal (1 year old); at the second (2 years) about half, binomial(200, 0.5):
  // 100 +- 7, so 60-140 holds with room; at the third none, as each exemption is reviewed once.
  CHECK(kpi(r, "flow.vrijstelling_5a.attending.2021") == 0.0);
  const double returned = kpi(r, "flow.vrijstelling_5a.attending.2022");
  CHECK(returned > 60.0);
  CHECK(returned < 140.0);
  CHECK(kpi(r, "flow.vrijstelling_5a.attending.2023") == 0.0);
  CHECK(kpi(r, "count.vrijstelling_5a.2023") == doctest::Approx(200.0 - returned));

  // A one-year review acts at the first renewal instead, and again not after.
  model::ScenarioConfig one_year = base;
  apply(review(1.0), one_year);
  const model::RunResult early = run(one_year);
  CHECK(kpi(early, "flow.vrijstelling_5a.attending.2021") > 60.0);
  CHECK(kpi(early, "flow.vrijstelling_5a.attending.2022") == 0.0);

  // Without the lever every exemption renews.
  const model::RunResult none = run(base);
  CHECK(kpi(none, "flow.vrijstelling_5a.attending.2022") == 0.0);
  CHECK(kpi(none, "count.vrijstelling_5a.2023") == 200.0);
}
