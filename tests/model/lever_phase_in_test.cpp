// Levers with a start year and a ramp: before its start a lever leaves every per-year KPI and every euro
// byte-identical to the baseline (common random numbers make that exact), and over its ramp it acts in part.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "sim/model/interventions/interventions.hpp"
#include "sim/model/run.hpp"
#include "sim/params/input_error.hpp"
#include "sim/scenario/scenario.hpp"

using namespace ozsim;

namespace {

const std::string SCENARIOS = std::string(OZSIM_SOURCE_DIR) + "/scenarios/";

model::ScenarioConfig build(const std::string& extra) {
  const params::ParamTree tree = params::ParamTree::parse_string("base = \"midden-holland.toml\"\n" + extra,
                                                                 SCENARIOS + "phase_in_case.toml");
  return scenario::build_config(tree);
}

// The KPIs of one school year or another: names ending in ".<calendar year>".
std::map<std::string, double> per_year_kpis(const model::RunResult& r, bool (*keep)(int year)) {
  std::map<std::string, double> out;
  for (const auto& [name, value] : r.kpis) {
    const std::string last = name.substr(name.rfind('.') + 1);
    if (last.size() == 4 && std::all_of(last.begin(), last.end(), ::isdigit) && keep(std::stoi(last)))
      out[name] = value;
  }
  return out;
}

constexpr int START = 2021;
bool before_start(int year) {
  return year < START;
}
bool from_start(int year) {
  return year >= START;
}

std::vector<model::CostLine> costs_before_start(const model::RunResult& r) {
  std::vector<model::CostLine> out;
  for (const model::CostLine& c : r.costs)
    if (c.year < START) out.push_back(c);
  return out;
}

double euros(const model::RunResult& r, const std::string& item, int year) {
  double sum = 0.0;
  for (const model::CostLine& c : r.costs)
    if (c.item == item && c.year == year) sum += c.euros;
  return sum;
}

}  // namespace

TEST_CASE(
    "start_year: every lever leaves every per-year KPI and cost before its start year as the baseline's") {
  // Every lever there is, each switched on alone from START with settings that make it act.
  struct Lever {
    const char* section;
    const char* settings;
  };
  const std::vector<Lever> levers = {
      {"trends", "growth_per_year_after = 0.10\n"},
      {"jos", ""},
      {"structuurgroepen", ""},
      {"cluster4_groups", "extra_groups = 2\n"},
      {"opbouwarrangement", ""},
      {"oov_length", ""},
      {"dagbesteding_agreements", ""},
      {"vrijstelling_review", ""},
      {"waiting_list_priority", "rule = \"time_at_home\"\n"},
      {"mdo_escalation", ""},
      {"ret", ""},
      {"oza", ""},
      {"herstart", ""},
      {"sbo_jeugdzorg", ""},
  };
  // The test knows every lever: one added to LEVER_ORDER without a line here fails.
  REQUIRE(levers.size() == model::interventions::LEVER_ORDER.size());
  // The baseline without the lever it has (JOS from 2022/23), so that each lever is the only one.
  const std::string no_jos = "[interventions.jos]\nenabled = false\n";
  const model::RunResult base = model::run_replication(build(no_jos), 7, 0);
  const auto base_before = per_year_kpis(base, before_start);
  const auto base_costs = costs_before_start(base);
  REQUIRE(base_before.size() > 20);
  REQUIRE(!base_costs.empty());
  for (const Lever& lever : levers) {
    INFO("lever " << lever.section);
    const std::string others = std::string(lever.section) == "jos" ? "" : no_jos;
    const model::ScenarioConfig c =
        build(others + "[interventions." + std::string(lever.section) +
              "]\nenabled = true\nstart_year = " + std::to_string(START) + "\n" + lever.settings);
    REQUIRE(c.policy_starts.size() == 1);
    const model::RunResult run = model::run_replication(c, 7, 0);
    CHECK(per_year_kpis(run, before_start) == base_before);
    const auto costs = costs_before_start(run);
    REQUIRE(costs.size() == base_costs.size());
    for (std::size_t i = 0; i < costs.size(); ++i) {
      CHECK(costs[i].item == base_costs[i].item);
      CHECK(costs[i].payer == base_costs[i].payer);
      CHECK(costs[i].euros == base_costs[i].euros);  // exact: the same events, the same sums
    }
    // From its start the lever acts: the check above is not the check of a lever that does nothing.
    CHECK(per_year_kpis(run, from_start) != per_year_kpis(base, from_start));
  }
}

TEST_CASE("ramp_years: a lever phases in, effect and cost, 1/ramp_years a year from its start") {
  const std::string ramp = "start_year = " + std::to_string(START) + "\nramp_years = 3\n";
  const model::ScenarioConfig base = build("");
  const model::ScenarioConfig c =
      build("[interventions.jos]\nenabled = true\n" + ramp +
            "[interventions.structuurgroepen]\nenabled = true\n" + ramp + "extra_groups = 3\n");
  REQUIRE(c.policy_starts.size() == 3);
  const int k = base.provision_index("structuurgroep");
  REQUIRE(k >= 0);
  const auto places = [k](const model::ScenarioConfig& s) {
    return s.provisions[static_cast<std::size_t>(k)].capacity;
  };
  // JOS's youth workers are hired a third a year: its caseload places follow (one worker per 1,000 VO
  // pupils, four cases each, rounded to whole places).
  const double workers = model::interventions::vo_pupils(base) / 1000.0;
  for (int i = 0; i < 3; ++i) {
    const model::PolicyStart& start = c.policy_starts[static_cast<std::size_t>(i)];
    CHECK(start.year == START + i);
    const double part = (i + 1) / 3.0;
    CHECK(start.config->jos.places == std::llround(part * workers * 4.0));
    CHECK(places(*start.config) == places(base) + 8 * (i + 1));  // one group of 8 a year
  }
  CHECK(places(c) == places(base));
  const model::RunResult run = model::run_replication(c, 7, 0);
  const double full = euros(run, "jos", START + 2);
  CHECK(full > 0.0);
  CHECK(euros(run, "jos", START - 1) == 0.0);
  CHECK(euros(run, "jos", START) == doctest::Approx(full / 3.0));
  CHECK(euros(run, "jos", START + 1) == doctest::Approx(full * 2.0 / 3.0));
  // Before the start, the run is the baseline's.
  CHECK(per_year_kpis(run, before_start) == per_year_kpis(model::run_replication(base, 7, 0), before_start));
}

TEST_CASE("ramp_years: a lever that cannot act in part refuses a ramp at the key's line") {
  const auto error_of = [](const std::string& extra) -> std::string {
    try {
      build(extra);
    } catch (const params::InputError& e) {
      return e.what();
    }
    return "(no error)";
  };
  CHECK(error_of("[interventions.waiting_list_priority]\nenabled = true\nramp_years = 3\n")
            .find("4:14: key 'interventions.waiting_list_priority.ramp_years': expected 0 or 1: this lever "
                  "cannot act in part, so it has no ramp, found 3") != std::string::npos);
  CHECK(error_of("[interventions.jos]\nramp_years = -1\n")
            .find("3:14: key 'interventions.jos.ramp_years': expected an integer in [0, 50], found -1") !=
        std::string::npos);
  CHECK(error_of("[interventions.jos]\nenabled = true\nramp_years = 2\n") == "(no error)");
}
