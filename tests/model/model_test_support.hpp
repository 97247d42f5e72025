#pragma once
// Shared helpers for the pupil-model tests: loading bundled scenarios and
// building small configurations in code.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "sim/model/run.hpp"
#include "sim/scenario/scenario.hpp"

namespace ozsim::test {

inline std::string scenario_path(const std::string& file) {
  return std::string(OZSIM_SOURCE_DIR) + "/scenarios/" + file;
}

// The ASan preset sets OZSIM_TEST_SCALE below 1 to shorten loops whose assertions hold at any length.
// A KPI of one replication; a name the replication did not write fails the test.
inline double kpi(const model::RunResult& r, const std::string& name) {
  const auto it = r.kpis.find(name);
  if (it == r.kpis.end()) FAIL("missing KPI " << name);
  return it->second;
}

// A sparse KPI (a flow), which a replication writes only when it is not zero.
inline double kpi_or_zero(const model::RunResult& r, const std::string& name) {
  const auto it = r.kpis.find(name);
  return it == r.kpis.end() ? 0.0 : it->second;
}

// One replication with every invariant checked after each event (no pupil lost, no place over capacity).
inline model::RunResult run_checked(const model::ScenarioConfig& c, std::uint64_t seed) {
  model::RunOptions options;
  options.check_invariants = true;
  return model::run_replication(c, seed, 0, options);
}

inline double test_scale() {
  const char* text = std::getenv("OZSIM_TEST_SCALE");
  const double scale = text ? std::atof(text) : 1.0;
  return scale > 0.0 && scale <= 1.0 ? scale : 1.0;
}

// A config that routes every pupil, at once, into one provision `place`
// (fixed duration) and out of the region afterwards: every figure is hand-computable.
inline model::ScenarioConfig single_provision_config(std::int64_t pupils, std::int64_t capacity,
                                                     double duration_days) {
  using namespace model;
  ScenarioConfig c;
  c.name = "single-provision";
  c.simulation.start_year = 2020;
  c.simulation.years = 1.0;
  c.simulation.warmup_years = 0.0;
  c.population.initial = {{10.0, 10.0 + 1e-9, pupils}};
  c.population.qualification_age = engine::Distribution::fixed(99.0);
  // Onset within about a second of simulated time: the hazard is a million per year.
  c.onset.hazard_per_year = {1e6, 1e6};
  c.onset.profile_share = {{{0.0, 1.0, 0.0, 0.0}, {0.0, 1.0, 0.0, 0.0}}};
  c.onset.severity_share = {1.0, 0.0, 0.0};
  RuleRow to_place;
  to_place.to = {{Destination::Type::Provision, 0}};
  to_place.probability = {1.0};
  c.onset.routes = {to_place};
  for (Setting s :
       {Setting::Risicoleerling, Setting::Thuiszitter, Setting::AbsoluutVerzuim, Setting::Vrijstelling5a}) {
    RuleRow back;
    back.duration = engine::Distribution::fixed(30.0);
    back.to = {{Destination::Type::Setting, static_cast<std::uint16_t>(Setting::Attending)}};
    back.probability = {1.0};
    c.free_settings.push_back({s, {back}, {}});
  }
  ProvisionConfig place;
  place.name = "place";
  place.setting = Setting::Oov;
  place.capacity = capacity;
  place.wait_in = Setting::Thuiszitter;
  RuleRow leave;
  leave.duration = engine::Distribution::fixed(duration_days);
  leave.to = {{Destination::Type::Exit, static_cast<std::uint16_t>(ExitReason::Moved)}};
  leave.probability = {1.0};
  place.rules = {leave};
  place.cost.per_pupil_day = 10.0;
  place.cost.per_place_year = 365.0;
  place.cost.payers = {{"gemeente", 0.75}, {"swv", 0.25}};
  c.provisions = {place};
  c.kpi.home_settings = {Setting::Thuiszitter, Setting::AbsoluutVerzuim};
  return c;
}

}  // namespace ozsim::test
