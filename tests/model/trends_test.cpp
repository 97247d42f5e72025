// Trends of their own ([[trends.stays]], [[trends.routes]]) on small hand-computable cases: 2,000 pupils of
// 10 fall out on day 0 into a risicoleerling spell of 30 days, after which 90% go back to school and 10% are
// not enrolled (absoluut verzuim, 30 days, then school).
#include <doctest/doctest.h>

#include <string>

#include "sim/model/run.hpp"
#include "tests/model/model_test_support.hpp"

using namespace ozsim;

namespace {

using model::Destination;
using model::Setting;

Destination setting(Setting s) {
  return {Destination::Type::Setting, static_cast<std::uint16_t>(s)};
}

model::ScenarioConfig absent_pupils() {
  model::ScenarioConfig c = test::single_provision_config(2000, 0, 100.0);
  c.simulation.years = 2.0;
  c.onset.relapse_multiplier = 0.0;
  c.onset.routes[0].to = {setting(Setting::Risicoleerling)};
  for (model::FreeSettingRules& f : c.free_settings)
    if (f.setting == Setting::Risicoleerling) {
      f.rules[0].to = {setting(Setting::Attending), setting(Setting::AbsoluutVerzuim)};
      f.rules[0].probability = {0.9, 0.1};
    }
  return c;
}

model::RunResult run(const model::ScenarioConfig& c) {
  return test::run_checked(c, 3);
}

double kpi(const model::RunResult& r, const std::string& name) {
  return test::kpi_or_zero(r, name);
}

model::RouteTrend more_absoluut_verzuim(int year, double multiplier) {
  model::RouteTrend trend;
  trend.to = setting(Setting::AbsoluutVerzuim);
  trend.years = {year};
  trend.multiplier = {multiplier};
  return trend;
}

}  // namespace

TEST_CASE("route trend: the share sent to its destination is multiplied, the rest scaled, from its year") {
  const model::ScenarioConfig base = absent_pupils();
  const model::RunResult before = run(base);
  const std::string flow = "flow.risicoleerling.absoluut_verzuim.2020";
  // Binomial(2000, 0.1): 200 +- 13.
  CHECK(kpi(before, flow) > 150.0);
  CHECK(kpi(before, flow) < 250.0);

  model::ScenarioConfig tripled = base;
  tripled.trends.routes = {more_absoluut_verzuim(2020, 3.0)};
  const model::RunResult after = run(tripled);
  // 0.1 x 3 = 0.3 and school 0.9 x 0.7 / 0.9 = 0.7: binomial(2000, 0.3), 600 +- 20. The same single draw
  // picks, so every pupil sent there before is sent there still.
  CHECK(kpi(after, flow) > 540.0);
  CHECK(kpi(after, flow) < 660.0);
  CHECK(kpi(after, flow) + kpi(after, "flow.risicoleerling.attending.2020") == 2000.0);
  CHECK(kpi(after, flow) > kpi(before, flow));

  // From a later year, or for VO pupils only, nothing changes for these primary pupils in 2020.
  model::ScenarioConfig later = base;
  later.trends.routes = {more_absoluut_verzuim(2021, 3.0)};
  CHECK(run(later).fingerprint == before.fingerprint);
  model::ScenarioConfig vo_only = base;
  vo_only.trends.routes = {more_absoluut_verzuim(2020, 3.0)};
  vo_only.trends.routes[0].levels = {model::Level::Vo};
  CHECK(run(vo_only).fingerprint == before.fingerprint);

  // A multiplier that would push the share past 1 sends everyone.
  model::ScenarioConfig all = base;
  all.trends.routes = {more_absoluut_verzuim(2020, 20.0)};
  CHECK(kpi(run(all), flow) == 2000.0);
}

TEST_CASE("stay trend: stays in its settings are multiplied from its year, others not") {
  const model::ScenarioConfig base = absent_pupils();
  CHECK(kpi(run(base), "stay_days.risicoleerling.mean") == doctest::Approx(30.0).epsilon(1e-4));
  model::ScenarioConfig doubled = base;
  model::StayTrend trend;
  trend.settings = {Setting::Risicoleerling};
  trend.years = {2020};
  trend.multiplier = {2.0};
  doubled.trends.stays = {trend};
  const model::RunResult r = run(doubled);
  CHECK(kpi(r, "stay_days.risicoleerling.mean") == doctest::Approx(60.0).epsilon(1e-4));
  CHECK(kpi(r, "stay_days.absoluut_verzuim.mean") == doctest::Approx(30.0).epsilon(1e-4));
  // The same trend from 2021 leaves the spells of 2020 at 30 days.
  doubled.trends.stays[0].years = {2021};
  CHECK(kpi(run(doubled), "stay_days.risicoleerling.mean") == doctest::Approx(30.0).epsilon(1e-4));
}
