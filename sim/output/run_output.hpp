#pragma once
// What `ozsim run` writes: summary.json, timeseries.csv, flows.csv, costs.csv and, with
// --trace, trace.csv, each written atomically; and the terminal table.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/precision.hpp"
#include "sim/analysis/run_reduction.hpp"
#include "sim/model/run.hpp"
#include "sim/model/scenario_config.hpp"
#include "sim/output/scenario_values.hpp"
#include "sim/params/csv.hpp"

namespace ozsim::output {

struct RunMeta {
  std::string scenario_name;
  std::string scenario_file;
  std::uint64_t seed = 1;
  unsigned threads = 1;
  bool trace = false;
  params::CsvDialect csv_dialect = params::CsvDialect::Rfc4180;  // of timeseries.csv, flows.csv, trace.csv
  std::string description;                                       // the scenario's `description`
  std::vector<ScenarioValue> values;  // every scenario value with its comment, for the report
  std::vector<std::string> files;     // the scenario file, then its base, the base's base, ...
  std::optional<analysis::PrecisionReport> precision;  // with --precision: what was reached
};

// The text of each output, from the replications reduced as they finished, so
// tests can compare bytes without touching disk.
std::string summary_json(const model::ScenarioConfig& config, const RunMeta& meta,
                         const analysis::RunReduction& results);
std::string timeseries_csv(const model::ScenarioConfig& config, const analysis::RunReduction& results,
                           params::CsvDialect dialect = params::CsvDialect::Rfc4180);
std::string flows_csv(const analysis::RunReduction& results,
                      params::CsvDialect dialect = params::CsvDialect::Rfc4180);
std::string trace_csv(const analysis::RunReduction& results,
                      params::CsvDialect dialect = params::CsvDialect::Rfc4180);
// The short table of the main KPIs for the terminal.
std::string kpi_table(const model::ScenarioConfig& config, const analysis::RunReduction& results);

// Writes every output into `dir` (created if needed); returns the paths written.
std::vector<std::string> write_run_outputs(const std::string& dir, const model::ScenarioConfig& config,
                                           const RunMeta& meta, const analysis::RunReduction& results);

// The same from replications kept in memory (reduced here, in their order).
analysis::RunReduction reduce(const std::vector<model::RunResult>& results, const std::string& scenario = {});
std::string summary_json(const model::ScenarioConfig& config, const RunMeta& meta,
                         const std::vector<model::RunResult>& results);
std::string timeseries_csv(const model::ScenarioConfig& config, const std::vector<model::RunResult>& results);
std::string flows_csv(const std::vector<model::RunResult>& results);
std::string kpi_table(const model::ScenarioConfig& config, const std::vector<model::RunResult>& results);
std::vector<std::string> write_run_outputs(const std::string& dir, const model::ScenarioConfig& config,
                                           const RunMeta& meta, const std::vector<model::RunResult>& results);

// "2021-10-01" for a simulation day, given the first school year.
std::string date_of_day(int start_year, double day);

}  // namespace ozsim::output
