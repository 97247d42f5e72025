// Common random numbers on the real model: two policies run with the same seeds
// differ far less from replication to replication than with independent seeds,
// so a comparison measures the policy rather than the noise.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sim/analysis/summary_stats.hpp"
#include "tests/model/model_test_support.hpp"

using namespace ozsim;

TEST_CASE("common random numbers cut the variance of a KPI difference at least 5-fold (tiny scenario)") {
  const scenario::LoadedScenario base = scenario::load_scenario(test::scenario_path("tiny.toml"));
  model::ScenarioConfig alt = base.config;
  // The policy: two more OOV places and one more treatment place.
  alt.provisions[static_cast<std::size_t>(alt.provision_index("oov"))].capacity += 2;
  alt.provisions[static_cast<std::size_t>(alt.provision_index("treatment"))].capacity += 1;

  const std::uint32_t reps = 16;
  std::vector<model::RunResult> base_runs, alt_same_seeds, alt_other_seeds;
  for (std::uint32_t r = 0; r < reps; ++r) {
    base_runs.push_back(model::run_replication(base.config, 1, r));
    alt_same_seeds.push_back(model::run_replication(alt, 1, r));
    alt_other_seeds.push_back(model::run_replication(alt, 1000, r));  // independent seeds
  }
  for (const char* kpi : {"home.months.per_year", "count.thuiszitter", "entries.dagbesteding.per_year"}) {
    const double paired = analysis::paired_difference_variance(base_runs, alt_same_seeds, kpi);
    const double independent = analysis::paired_difference_variance(base_runs, alt_other_seeds, kpi);
    INFO(std::string(kpi) << ": variance of the difference with common random numbers " << paired
                          << ", independent " << independent);
    REQUIRE(std::isfinite(paired));
    CHECK(independent > 0.0);
    CHECK(independent >= 5.0 * paired);
  }
}
