// Scenario values with their basis, as summary.json carries them for the report.
#include "sim/output/scenario_values.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/params/param_tree.hpp"

using namespace ozsim;

TEST_CASE("scenario values: the comment beside or above a value gives its basis") {
  const auto dir = std::filesystem::temp_directory_path() / "ozsim-scenario-values-test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream base(dir / "base.toml");
    base << "name = \"base\"\n"
            "[provisions.oov]\n"
            "capacity = 12   # source: midden-holland, 12 places\n"
            "# assumption: half the pupils return;\n"
            "# the rest spread over the chain\n"
            "share = 0.5\n"
            "label = \"a # not a comment\"\n";
    std::ofstream top(dir / "top.toml");
    top << "base = \"base.toml\"\nname = \"top\"\n[provisions.oov]\ncapacity = 20   # assumption: doubled\n";
  }
  params::ParamTree tree = params::ParamTree::load_file((dir / "top.toml").string());
  tree.set_override("provisions.oov.share=0.25");
  const std::vector<output::ScenarioValue> values = output::scenario_values(tree);
  const auto find = [&](const std::string& key) -> const output::ScenarioValue& {
    for (const auto& v : values)
      if (v.key == key) return v;
    FAIL("no value " << key);
    return values.front();
  };
  REQUIRE(values.size() == 4);  // name, capacity, share, label; base is not a value of the model
  CHECK(values.front().key == "provisions.oov.share");  // --set first
  CHECK(find("provisions.oov.share").basis == "override");
  const output::ScenarioValue& capacity = find("provisions.oov.capacity");
  CHECK(capacity.value == "20");  // the top file overrides its base
  CHECK(capacity.basis == "assumption");
  CHECK(capacity.note == "assumption: doubled");
  CHECK(capacity.location.find("top.toml:4") != std::string::npos);
  const output::ScenarioValue& label = find("provisions.oov.label");
  CHECK(label.note.empty());  // '#' inside a string is not a comment
  CHECK(label.basis.empty());
  std::filesystem::remove_all(dir);
}

TEST_CASE("scenario values: a comment block above a value is its note") {
  const auto dir = std::filesystem::temp_directory_path() / "ozsim-scenario-values-block";
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "s.toml")
        << "# assumption: half the pupils return;\n# the rest spread over the chain\nshare = 0.5\n";
  }
  const auto values = output::scenario_values(params::ParamTree::load_file((dir / "s.toml").string()));
  REQUIRE(values.size() == 1);
  CHECK(values[0].basis == "assumption");
  CHECK(values[0].note == "assumption: half the pupils return; the rest spread over the chain");
  std::filesystem::remove_all(dir);
}
