// compare's check that BASE and ALT differ only in levers, and --apply LEVER.toml.
#include "sim/scenario/scenario_apply.hpp"

#include <doctest/doctest.h>

#include <string>

#include "sim/model/run.hpp"

using namespace ozsim;

namespace {

const std::string SCENARIOS = std::string(OZSIM_SOURCE_DIR) + "/scenarios/";

}  // namespace

TEST_CASE("a lever scenario differs from its base only in its interventions") {
  const auto base = scenario::load_scenario(SCENARIOS + "midden-holland.toml");
  for (const char* lever :
       {"opbouwarrangement.toml", "oov-12-months.toml", "jos.toml", "combined-package.toml"}) {
    CAPTURE(lever);
    const auto alt = scenario::load_scenario(SCENARIOS + lever);
    CHECK(scenario::differences_besides_interventions(base.tree, alt.tree).empty());
  }
}

TEST_CASE("a base with other values is reported, key by key") {
  const auto base = scenario::load_scenario(SCENARIOS + "midden-holland.toml",
                                            {"provisions.oov.capacity=61", "onset.relapse_multiplier=2.5"});
  const auto alt = scenario::load_scenario(SCENARIOS + "opbouwarrangement.toml");
  const auto differences = scenario::differences_besides_interventions(base.tree, alt.tree);
  REQUIRE(differences.size() == 2);
  CHECK(differences[1].key == "provisions.oov.capacity");
  CHECK(differences[1].base == "61");
  CHECK(differences[1].alt != "61");
  CHECK(scenario::describe_differences(differences, 1).ends_with("; and 1 more"));
  // 3 and 3.0 are the same value.
  const auto as_float =
      scenario::load_scenario(SCENARIOS + "midden-holland.toml", {"onset.relapse_multiplier=3.0"});
  const auto as_int =
      scenario::load_scenario(SCENARIOS + "midden-holland.toml", {"onset.relapse_multiplier=3"});
  CHECK(scenario::differences_besides_interventions(as_float.tree, as_int.tree).empty());
}

TEST_CASE("--apply puts a lever file's levers on another base and nothing else") {
  // A base that is not the lever's own (as a calibrated one would be).
  const auto base =
      scenario::load_scenario(SCENARIOS + "midden-holland.toml", {"provisions.oov.capacity=61"});
  const auto applied = scenario::apply_levers(base, SCENARIOS + "opbouwarrangement.toml");
  CHECK(scenario::differences_besides_interventions(base.tree, applied.tree).empty());
  CHECK(applied.config.name == "opbouwarrangement");
  const params::ParamEntry* enabled = applied.tree.find("interventions.opbouwarrangement.enabled");
  REQUIRE(enabled != nullptr);
  CHECK(enabled->scalar == params::ParamScalar(true));
  CHECK(model::run_replication(applied.config, 1, 0).fingerprint !=
        model::run_replication(base.config, 1, 0).fingerprint);
  CHECK(applied.config.provisions[static_cast<std::size_t>(applied.config.provision_index("oov"))].capacity ==
        61);
  // The lever's keys keep their file and line, for messages.
  CHECK(applied.tree.location("interventions.opbouwarrangement.enabled")
            .file.ends_with("opbouwarrangement.toml"));
  // The same lever applied to its own base gives the lever scenario's config.
  const auto own = scenario::apply_levers(scenario::load_scenario(SCENARIOS + "midden-holland.toml"),
                                          SCENARIOS + "opbouwarrangement.toml");
  const auto lever = scenario::load_scenario(SCENARIOS + "opbouwarrangement.toml");
  CHECK(scenario::differences_besides_interventions(own.tree, lever.tree).empty());
  CHECK(model::run_replication(own.config, 1, 0).fingerprint ==
        model::run_replication(lever.config, 1, 0).fingerprint);
  CHECK_THROWS_AS(scenario::apply_levers(base, SCENARIOS + "tiny.toml"), params::InputError);
}
