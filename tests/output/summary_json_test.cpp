// summary.json is written partly through a json tree and partly as text (the KPIs, the fingerprints); the
// file must still be exactly what dump(2) writes for the whole document.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "sim/model/run.hpp"
#include "sim/output/run_output.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/model/model_test_support.hpp"

using namespace ozsim;

namespace {

// The text dump(2) writes for the document the text holds.
std::string dumped_again(const std::string& text) {
  return nlohmann::json::parse(text).dump(2) + "\n";
}

}  // namespace

TEST_CASE("summary.json: the KPIs and fingerprints written as text read as dump(2) of the whole document") {
  const scenario::LoadedScenario s = scenario::load_scenario(test::scenario_path("tiny.toml"));
  output::RunMeta meta;
  meta.scenario_name = "tiny";
  meta.scenario_file = "tiny.toml";
  // A description that reads like the placeholders stays a description.
  meta.description = "@kpis@";
  meta.values = {{"kpis", "@fingerprints@", "tiny.toml:1", "a note", "a \"quoted\" basis"}};
  const std::vector<model::RunResult> runs = {model::run_replication(s.config, 1, 0),
                                              model::run_replication(s.config, 1, 1)};
  const std::string two = output::summary_json(s.config, meta, runs);
  CHECK(two == dumped_again(two));
  const nlohmann::json doc = nlohmann::json::parse(two);
  CHECK(doc["description"] == "@kpis@");
  CHECK(doc["scenario_values"][0]["value"] == "@fingerprints@");
  CHECK(doc["fingerprints"].size() == 2);
  std::set<std::string> names;  // flows are written only where they happened: each replication has its own
  for (const model::RunResult& run : runs)
    for (const auto& [name, value] : run.kpis) names.insert(name);
  REQUIRE(doc["kpis"].size() == names.size());
  const nlohmann::json& thuiszitters = doc["kpis"]["count.thuiszitter"];
  CHECK(thuiszitters["n"] == 2);
  CHECK(thuiszitters["mean"].get<double>() ==
        (runs[0].kpis.at("count.thuiszitter") + runs[1].kpis.at("count.thuiszitter")) / 2.0);
  CHECK(thuiszitters["sd"].is_number());
  // One replication: no spread (null); none: no KPIs and no fingerprints.
  const std::string one = output::summary_json(s.config, meta, std::vector<model::RunResult>{runs[0]});
  CHECK(one == dumped_again(one));
  CHECK(nlohmann::json::parse(one)["kpis"]["count.thuiszitter"]["sd"].is_null());
  const std::string none = output::summary_json(s.config, meta, std::vector<model::RunResult>{});
  CHECK(none == dumped_again(none));
  CHECK(nlohmann::json::parse(none)["kpis"].empty());
  CHECK(nlohmann::json::parse(none)["fingerprints"].empty());
}
