// A run fingerprint per bundled scenario: a hash over every event's time, kind
// and pupil. Any change in behaviour, intended or not, changes it at once. After
// an intended change, regenerate the expected values with
//   OZSIM_UPDATE_FINGERPRINTS=1 ./build/release/tests/ozsim_tests -tc="*fingerprint*"
// and say in the commit why behaviour changed.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "sim/output/atomic_file.hpp"
#include "tests/model/model_test_support.hpp"

using namespace ozsim;

namespace {

const std::string EXPECTED_FILE = std::string(OZSIM_SOURCE_DIR) + "/tests/model/expected_fingerprints.txt";

std::map<std::string, std::string> read_expected() {
  std::map<std::string, std::string> expected;
  std::ifstream in(EXPECTED_FILE);
  std::string scenario, fingerprint;
  while (in >> scenario >> fingerprint) expected[scenario] = fingerprint;
  return expected;
}

std::string hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

TEST_CASE("fingerprints of every bundled scenario (seed 1, replication 0, 13 years) are unchanged") {
  const std::map<std::string, std::string> expected = read_expected();
  std::map<std::string, std::string> actual;
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(OZSIM_SOURCE_DIR) + "/scenarios"))
    if (entry.path().extension() == ".toml") files.push_back(entry.path().filename().string());
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) {
    // nederland.toml is 2.6 million pupils in 13 regions: seconds per run, and nothing its fingerprint would
    // catch that midden-holland.toml's and two-regions.toml's (regions, cross-region places) do not.
    if (file == "nederland.toml") continue;
    // Thirteen years reach 2026/27, past the start years of the bundled levers (2022/23, 2024/25).
    const scenario::LoadedScenario s =
        scenario::load_scenario(test::scenario_path(file), {"simulation.years=13"});
    actual[file] = hex(model::run_replication(s.config, 1, 0).fingerprint);
  }
  REQUIRE(files.size() >= 10);
  if (std::getenv("OZSIM_UPDATE_FINGERPRINTS") != nullptr) {
    std::ostringstream out;
    for (const auto& [file, fingerprint] : actual) out << file << " " << fingerprint << "\n";
    output::write_file_atomically(EXPECTED_FILE, out.str());
    MESSAGE("rewrote " << EXPECTED_FILE);
    return;
  }
  for (const auto& [file, fingerprint] : actual) {
    INFO(file << ": expected fingerprints in " << EXPECTED_FILE);
    const auto it = expected.find(file);
    REQUIRE(it != expected.end());
    CHECK(it->second == fingerprint);
  }
}
