#pragma once
// What `ozsim run` writes for a bundled scenario, for the report tests: summary.json and timeseries.csv of
// two replications (seed 3), made in memory.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/analysis/run_reduction.hpp"
#include "sim/model/run.hpp"
#include "sim/output/run_output.hpp"
#include "sim/report/charts.hpp"
#include "sim/scenario/scenario.hpp"

namespace ozsim::test {

struct RunFiles {
  nlohmann::json summary;
  report::CsvTable timeseries;
};

inline RunFiles run_files(const std::string& file) {
  const model::ScenarioConfig config =
      scenario::load_scenario(std::string(OZSIM_SOURCE_DIR) + "/scenarios/" + file).config;
  analysis::RunReduction reduction(config.name);
  for (std::uint32_t r = 0; r < 2; ++r) reduction.add(model::run_replication(config, 3, r, {}));
  output::RunMeta meta;
  meta.scenario_name = config.name;
  return {nlohmann::json::parse(output::summary_json(config, meta, reduction)),
          report::parse_csv(output::timeseries_csv(config, reduction))};
}

}  // namespace ozsim::test
