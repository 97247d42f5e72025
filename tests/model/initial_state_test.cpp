// The observed starting state (issue 10): the scenario's stocks are there on day 0, each spell caught in
// progress runs for its equilibrium residual life, and a run without trends stays level.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/pupil_model.hpp"
#include "tests/model/model_test_support.hpp"

using namespace ozsim;

namespace {

double kpi(const model::RunResult& r, const std::string& name) {
  const auto it = r.kpis.find(name);
  if (it == r.kpis.end()) FAIL("missing KPI " << name);
  return it->second;
}

}  // namespace

TEST_CASE("initial state: the stocks on the starting peildatum are the scenario's, by place and age band") {
  scenario::LoadedScenario s = scenario::load_scenario(test::scenario_path("midden-holland.toml"));
  model::ScenarioConfig& c = s.config;
  REQUIRE_FALSE(c.initial_state.empty());
  c.simulation.peildatum_day = 0.0;  // the starting peildatum is day 0
  c.simulation.warmup_years = 0.0;
  c.simulation.years = 1.0;
  model::RunOptions options;
  options.check_invariants = true;
  // Pupils by place and band, read from the model a moment into the run.
  {
    model::ScenarioConfig short_run = c;
    short_run.simulation.years = 1e-9;
    model::PupilModel m(short_run, 3, options);
    m.run();
    for (const model::InitialStock& stock : c.initial_state) {
      std::int64_t found = 0;
      for (const model::Pupil& p : m.pupils()) {
        const double age = -p.birth_day / model::DAYS_PER_YEAR;
        if (age < stock.age_from || age >= stock.age_to) continue;
        const bool there = stock.in.type == model::Destination::Type::Provision
                               ? p.provision == static_cast<std::int16_t>(stock.in.index)
                               : p.provision < 0 && p.setting == static_cast<model::Setting>(stock.in.index);
        if (there) ++found;
      }
      INFO(model::destination_name(c, stock.in) << " aged " << stock.age_from << "-" << stock.age_to);
      CHECK(found == stock.count);
    }
  }
  // And the peildatum count of every setting is the sum of its stocks.
  std::map<std::string, double> expected;
  for (const model::InitialStock& stock : c.initial_state) {
    const model::Setting setting = stock.in.type == model::Destination::Type::Provision
                                       ? c.provisions[stock.in.index].setting
                                       : static_cast<model::Setting>(stock.in.index);
    expected[std::string(model::setting_name(setting))] += static_cast<double>(stock.count);
  }
  const model::RunResult r = model::run_replication(c, 3, 0, options);
  const std::string year = "." + std::to_string(c.simulation.start_year);
  for (const auto& [setting, count] : expected) {
    INFO(setting);
    CHECK(kpi(r, "count." + setting + year) == count);
  }
}

TEST_CASE("initial state: a fixed stay of 300 days caught in progress ends after 150 days on average") {
  // 2,000 pupils start in a provision whose stay is exactly 300 days; nobody else enters. A spell caught in
  // progress has run a uniform part of its 300 days: the remaining time is uniform on [0, 300] with mean
  // 150 (E[X^2] / 2E[X] = 300 / 2), and every stay measured from its true start is 300 days. Starting each
  // spell afresh would end them all on day 300.
  model::ScenarioConfig c = test::single_provision_config(2000, 2000, 300.0);
  c.onset.hazard_per_year = {0.0, 0.0};
  c.initial_state = {{{model::Destination::Type::Provision, 0}, 10.0, 11.0, 2000}};
  model::RunOptions options;
  options.trace = true;
  const model::RunResult r = model::run_replication(c, 9, 0, options);
  std::istringstream lines(r.trace_csv);
  std::string line;
  double sum = 0.0;
  double first_quarter = 0.0;
  int exits = 0;
  while (std::getline(lines, line)) {
    if (line.find(",exit,") == std::string::npos) continue;
    const double day = std::stod(line.substr(0, line.find(',')));
    CHECK(day <= 300.0);
    sum += day;
    first_quarter += day < 75.0 ? 1.0 : 0.0;
    ++exits;
  }
  REQUIRE(exits == 2000);
  const double se = 300.0 / std::sqrt(12.0) / std::sqrt(2000.0);
  CHECK(std::abs(sum / exits - 150.0) < 4.0 * se);
  CHECK(first_quarter / exits == doctest::Approx(0.25).epsilon(0.1));
  CHECK(kpi(r, "stay_days.oov.mean") == doctest::Approx(300.0));
}

TEST_CASE("initial state: started from its own trend-free state, a run stays level (no fill-up, no wave)") {
  // The state at the end of a long run without trends, by place and single year of age, is the starting
  // state of a second run without trends. With each spell caught in progress (residual life) that run is
  // stationary: every setting's average stock over its first reported school year is within 5% of that over
  // its last. Settings too small for 5% to exceed the noise (fewer than 150 pupils) are held to 4 standard
  // errors of a Poisson count averaged over the replications instead. Starting every spell afresh, or with
  // empty provisions, fails this (spells would all end late, or places fill up over years).
  scenario::LoadedScenario s = scenario::load_scenario(test::scenario_path("midden-holland.toml"));
  model::ScenarioConfig c = s.config;
  c.trends = {};
  c.simulation.years = 12.0;
  c.simulation.warmup_years = 1.0;
  std::map<std::pair<std::int64_t, int>, std::int64_t> state;  // (place, age) -> pupils; place < 0: setting
  {
    model::PupilModel m(c, 21, {});
    m.run();
    const double end = c.simulation.years * model::DAYS_PER_YEAR;
    for (const model::Pupil& p : m.pupils()) {
      if (p.setting == model::Setting::Exited || p.setting == model::Setting::Attending) continue;
      if (p.waiting_for >= 0) continue;  // a waiting pupil is not in a stock of its own
      const std::int64_t place = p.provision >= 0 ? p.provision : -1 - static_cast<std::int64_t>(p.setting);
      // Age on day 0 of the second run, which starts on 1 August as the first ended.
      ++state[{place, static_cast<int>(std::floor((end - p.birth_day) / model::DAYS_PER_YEAR))}];
    }
  }
  c.initial_state.clear();
  for (const auto& [key, count] : state) {
    const auto [place, age] = key;
    model::Destination in =
        place >= 0
            ? model::Destination{model::Destination::Type::Provision, static_cast<std::uint16_t>(place)}
            : model::Destination{model::Destination::Type::Setting, static_cast<std::uint16_t>(-1 - place)};
    c.initial_state.push_back({in, double(age), double(age + 1), count});
  }
  c.simulation.years = 7.0;
  const int reps = 4;
  std::vector<double> first(model::SETTING_COUNT, 0.0);
  std::vector<double> last(model::SETTING_COUNT, 0.0);
  for (std::uint32_t r = 0; r < static_cast<std::uint32_t>(reps); ++r) {
    const model::RunResult result = model::run_replication(c, 5, r, {});
    const std::size_t months = result.series_days.size();
    REQUIRE(months == 84);
    for (std::size_t setting = 0; setting + 1 < model::SETTING_COUNT; ++setting)
      for (std::size_t m = 0; m < 12; ++m) {
        first[setting] += result.series_values[12 + m][setting] / (12.0 * reps);
        last[setting] += result.series_values[months - 12 + m][setting] / (12.0 * reps);
      }
  }
  for (std::size_t setting = 1; setting + 1 < model::SETTING_COUNT; ++setting) {
    if (first[setting] < 1.0) continue;
    const double tolerance =
        first[setting] >= 150.0 ? 0.05 * first[setting] : 4.0 * std::sqrt(2.0 * first[setting] / reps);
    INFO(std::string(model::setting_name(static_cast<model::Setting>(setting)))
         << ": first reported year " << first[setting] << ", last " << last[setting]);
    CHECK(std::abs(last[setting] - first[setting]) <= tolerance);
  }
}
