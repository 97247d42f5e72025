#include "calibration/bridge/model_bridge.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "calibration/bridge/report.hpp"
#include "sim/params/input_error.hpp"
#include "sim/scenario/scenario.hpp"

using namespace ozsim::calibration;

namespace {
const std::string kRoot = OZSIM_SOURCE_DIR;
}

TEST_CASE("calibration: free scenario keys are checked against the scenario") {
  const auto loaded = ozsim::scenario::load_scenario(kRoot + "/scenarios/midden-holland.toml");
  const auto priors = parse_priors_string(R"([[parameter]]
key = "onset.hazard_per_year.vo"
prior = "uniform"
params = [0.005, 0.02]

[[parameter]]
key = "provisions.oov.capacity"
prior = "uniform"
params = [30, 60]
)",
                                          "p.toml");
  const ScenarioModel model(loaded.tree, priors);
  const auto tree = model.with_values({0.011, 41.6});
  REQUIRE(tree.find("provisions.oov.capacity") != nullptr);
  CHECK(std::get<std::int64_t>(tree.find("provisions.oov.capacity")->scalar) == 42);  // integer key: rounded
  CHECK(std::get<double>(tree.find("onset.hazard_per_year.vo")->scalar) == 0.011);
  // The written scenario parses back and keeps the calibrated values.
  const std::string toml = calibrated_scenario_toml(model, {0.011, 41.6}, "calibrated\nseed 1");
  CHECK(toml.rfind("# calibrated\n# seed 1\n", 0) == 0);
  const auto back = ozsim::params::ParamTree::parse_string(toml, "calibrated.toml");
  CHECK(std::get<std::int64_t>(back.find("provisions.oov.capacity")->scalar) == 42);
  CHECK_NOTHROW(ozsim::scenario::build_config(back));

  const auto bad = parse_priors_string(
      "[[parameter]]\nkey = \"provisions.oov.capacty\"\nprior = \"uniform\"\nparams = [1, 2]\n", "p.toml");
  CHECK_THROWS_WITH_AS(
      ScenarioModel(loaded.tree, bad),
      "p.toml:2:7: key 'parameter.0.key': expected a numeric scenario key, found "
      "\"provisions.oov.capacty\" (not a scenario key; did you mean 'provisions.oov.capacity'?)",
      ozsim::params::InputError);
  // One item of a list of numbers: a trend's multiplier for one of its years.
  const auto item = parse_priors_string(
      "[[parameter]]\nkey = \"trends.routes.0.multiplier[2]\"\nprior = \"uniform\"\nparams = [1, 2.5]\n",
      "p.toml");
  const ScenarioModel with_item(loaded.tree, item);
  const auto item_tree = with_item.with_values({2.0});
  const auto* multipliers = item_tree.find("trends.routes.0.multiplier");
  REQUIRE(multipliers != nullptr);
  REQUIRE(multipliers->items.size() == 3);
  CHECK(std::get<std::int64_t>(multipliers->items[2]) == 2);
  const auto beyond = parse_priors_string(
      "[[parameter]]\nkey = \"trends.routes.0.multiplier[3]\"\nprior = \"uniform\"\nparams = [1, 2]\n",
      "p.toml");
  CHECK_THROWS_WITH_AS(
      ScenarioModel(loaded.tree, beyond),
      doctest::Contains("expected a numeric scenario key, or LIST[i] for item i of a list of "
                        "numbers, found \"trends.routes.0.multiplier[3]\" (a list"),
      ozsim::params::InputError);
  const auto text = parse_priors_string(
      "[[parameter]]\nkey = \"provisions.oov.wait_in\"\nprior = \"uniform\"\nparams = [1, 2]\n", "p.toml");
  CHECK_THROWS_AS(ScenarioModel(loaded.tree, text), ozsim::params::InputError);
}

TEST_CASE("calibration: every Midden-Holland target maps to a model output" * doctest::timeout(120)) {
  const auto loaded = ozsim::scenario::load_scenario(kRoot + "/scenarios/midden-holland.toml");
  const auto priors = load_priors_file(kRoot + "/calibration/midden-holland/priors.toml");
  const auto targets = load_targets_file(kRoot + "/calibration/midden-holland/targets.toml");
  ScenarioModel model(loaded.tree, priors);
  const auto start = std::chrono::steady_clock::now();
  CHECK_NOTHROW(model.check_targets(targets, 1));
  MESSAGE("one Midden-Holland replication: "
          << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s");
}

TEST_CASE("calibration: parameter sets drawn from a posterior.csv") {
  const auto loaded = ozsim::scenario::load_scenario(kRoot + "/scenarios/midden-holland.toml");
  const auto dir = std::filesystem::temp_directory_path() / "ozsim_calib_posterior_draw";
  Population pop;
  pop.particles = {{0.01, 40.0}, {0.02, 50.0}};
  pop.weights = {0.0, 1.0};
  pop.distances = {1.0, 1.0};
  write_posterior_csv((dir / "posterior.csv").string(),
                      {"onset.hazard_per_year.vo", "provisions.oov.capacity"}, pop);
  const auto trees = scenarios_from_posterior(loaded.tree, (dir / "posterior.csv").string(), 5, 3);
  REQUIRE(trees.size() == 5);
  for (const auto& t : trees) {
    CHECK(std::get<double>(t.find("onset.hazard_per_year.vo")->scalar) ==
          0.02);  // the only particle with weight
    CHECK(std::get<std::int64_t>(t.find("provisions.oov.capacity")->scalar) == 50);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("calibration: target KPIs are checked against the KPI catalogue and the scenario's years") {
  const auto loaded = ozsim::scenario::load_scenario(kRoot + "/scenarios/tiny.toml");
  const auto priors = load_priors_file(kRoot + "/tests/app/data/tiny_priors.toml");
  ScenarioModel model(loaded.tree, priors);
  const auto targets = [](const std::string& kpi) {
    return parse_targets_string(
        "[[target]]\nname = \"a\"\nkpi = \"" + kpi + "\"\nobserved = 1\nstd_error = 1\n", "t.toml");
  };
  // A name no catalogue family matches: a misspelt setting.
  CHECK_THROWS_WITH_AS(
      model.check_targets(targets("count.thuiszittr"), 1),
      "t.toml:3:7: key 'target.0.kpi': expected a KPI name of the catalogue (ozsim --help-kpis "
      "lists every family), found \"count.thuiszittr\" (did you mean 'count.thuiszitter'?)",
      ozsim::params::InputError);
  // A catalogue name this scenario does not report: a year outside its window, a provision it lacks.
  CHECK_THROWS_WITH_AS(
      model.check_targets(targets("count.thuiszitter.2030"), 1),
      doctest::Contains("expected an output the model reports for this scenario (its reported "
                        "school years start in 2019..2024)"),
      ozsim::params::InputError);
  CHECK_THROWS_WITH_AS(model.check_targets(targets("wait_days.ov.mean"), 1),
                       doctest::Contains("(did you mean 'wait_days.oov.mean'?)"), ozsim::params::InputError);
  // A sparse flow is written only when non-zero: absent from the check's run, it is still a valid target
  // inside the window (it reads as 0), and not outside it.
  CHECK_NOTHROW(model.check_targets(targets("flow.structuurgroep.exit_moved.2020"), 1));
  CHECK_THROWS_AS(model.check_targets(targets("flow.structuurgroep.exit_moved.2031"), 1),
                  ozsim::params::InputError);
  CHECK_NOTHROW(model.check_targets(targets("count.thuiszitter.2020"), 1));
}

TEST_CASE("calibration: a sparse flow target that does not happen in a run reads as 0 in that run") {
  // No RET in tiny.toml: nobody is ever in a bespoke place, so the flow is never written.
  const auto loaded = ozsim::scenario::load_scenario(kRoot + "/scenarios/tiny.toml");
  const auto priors = load_priors_file(kRoot + "/tests/app/data/tiny_priors.toml");
  ScenarioModel model(loaded.tree, priors);
  const std::string never = "flow.maatwerk.attending.2020";
  model.check_targets(
      parse_targets_string("[[target]]\nname = \"a\"\nkpi = \"" + never + "\"\nobserved = 1\nstd_error = 1\n",
                           "t.toml"),
      1);
  const auto kpis = model.run({0.016}, 3);  // tiny_priors.toml has one key: the VO onset hazard
  REQUIRE(kpis.count(never) == 1);
  CHECK(kpis.at(never) == 0.0);
}
