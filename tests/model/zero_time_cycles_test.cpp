// Routing cycles that close at one instant: found in the graph before a run,
// and stopped by the run loop if one gets through.
#include "sim/model/zero_time_cycles.hpp"

#include <doctest/doctest.h>

#include <string>

#include "model_test_support.hpp"
#include "sim/engine/simulator.hpp"
#include "sim/model/run.hpp"

using namespace ozsim;
using model::Destination;
using model::Setting;
using model::ZeroTimeStep;

namespace {

Destination to_setting(Setting s) {
  return {Destination::Type::Setting, static_cast<std::uint16_t>(s)};
}

// The single-provision config with the place's rule sending pupils back to thuiszitter after `place_days`,
// and thuiszitter sending them to the place after `home_days`.
model::ScenarioConfig ping_pong(double place_days, double home_days) {
  model::ScenarioConfig c = test::single_provision_config(3, 1, place_days);
  c.provisions[0].rules[0].to = {to_setting(Setting::Thuiszitter)};
  for (model::FreeSettingRules& f : c.free_settings)
    if (f.setting == Setting::Thuiszitter) {
      f.rules[0].duration = engine::Distribution::fixed(home_days);
      f.rules[0].to = {{Destination::Type::Provision, 0}};
    }
  return c;
}

}  // namespace

TEST_CASE("duration_can_be_zero: an atom at 0, a minimum of 0, or too small for the clock") {
  using engine::Distribution;
  const double end = 3650.0;
  CHECK(model::duration_can_be_zero(Distribution::fixed(0.0), end));
  CHECK(model::duration_can_be_zero(Distribution::uniform(0.0, 10.0), end));
  CHECK(model::duration_can_be_zero(Distribution::empirical({0.0, 30.0}, {1.0, 1.0}), end));
  CHECK(model::duration_can_be_zero(Distribution::bernoulli(0.5), end));
  CHECK(model::duration_can_be_zero(Distribution::fixed(30.0).scaled(0.0), end));
  CHECK(model::duration_can_be_zero(Distribution::fixed(1e-300), end));
  CHECK_FALSE(model::duration_can_be_zero(Distribution::bernoulli(1.0), end));
  CHECK_FALSE(model::duration_can_be_zero(Distribution::fixed(1.0), end));
  CHECK_FALSE(model::duration_can_be_zero(Distribution::uniform(1.0, 10.0), end));
  CHECK_FALSE(model::duration_can_be_zero(Distribution::empirical({1.0, 30.0}, {1.0, 1.0}), end));
  CHECK_FALSE(model::duration_can_be_zero(Distribution::exponential(30.0), end));
  CHECK_FALSE(model::duration_can_be_zero(Distribution::lognormal_from_mean_sd(30.0, 20.0), end));
}

TEST_CASE("find_zero_time_cycle finds a cycle only when every step on it can take 0 days") {
  CHECK_FALSE(model::find_zero_time_cycle(ping_pong(0.0, 30.0)));
  CHECK_FALSE(model::find_zero_time_cycle(ping_pong(30.0, 0.0)));
  const auto cycle = model::find_zero_time_cycle(ping_pong(0.0, 0.0));
  REQUIRE(cycle);
  // thuiszitter -(rule 0)-> asking for place -(admitted)-> holding it -(rule 0)-> thuiszitter
  REQUIRE(cycle->size() == 3);
  CHECK((*cycle)[0].via == ZeroTimeStep::Via::RuleRow);
  CHECK_FALSE((*cycle)[0].owner_is_provision);
  CHECK((*cycle)[0].owner == static_cast<std::size_t>(Setting::Thuiszitter));
  CHECK((*cycle)[1].via == ZeroTimeStep::Via::Admission);
  CHECK((*cycle)[2].via == ZeroTimeStep::Via::RuleRow);
  CHECK((*cycle)[2].owner_is_provision);
  CHECK((*cycle)[2].to == to_setting(Setting::Thuiszitter));

  // A destination with probability 0 is no edge; attending ends a path.
  model::ScenarioConfig c = ping_pong(0.0, 0.0);
  c.provisions[0].rules[0].to = {to_setting(Setting::Thuiszitter), to_setting(Setting::Attending)};
  c.provisions[0].rules[0].probability = {0.0, 1.0};
  CHECK_FALSE(model::find_zero_time_cycle(c));

  // Turned away (max_queue) with no fallback: the pupil goes to wait_in, here thuiszitter, at once.
  c = ping_pong(30.0, 0.0);
  c.provisions[0].max_queue = 0;
  const auto turned_away = model::find_zero_time_cycle(c);
  REQUIRE(turned_away);
  CHECK(turned_away->back().via == ZeroTimeStep::Via::WaitIn);
}

TEST_CASE("the run loop stops a pupil that moves a thousand times at one instant, naming the rule") {
  // Built in code, so no scenario check stands in the way: the run itself must not hang.
  const model::ScenarioConfig c = ping_pong(0.0, 0.0);
  try {
    model::run_replication(c, 1, 0);
    FAIL("expected the run to stop");
  } catch (const engine::SimulationError& e) {
    const std::string message = e.what();
    CHECK(message.find("moved more than 1000 times without simulated time passing") != std::string::npos);
    CHECK(message.find(".rules.0 (duration fixed(value=0)) sends it on") != std::string::npos);
  }
}
