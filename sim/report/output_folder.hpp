#pragma once
// What `ozsim report` reads: an output folder of run, compare, sweep,
// calibrate or sensitivity, with whichever of its files are present. Nothing here formats;
// the folder is read once and the report is built from it.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/params/csv.hpp"

namespace ozsim::report {

// A CSV file as ozsim writes it, in either dialect (params/csv.hpp), with a header row.
struct CsvTable {
  params::CsvDialect dialect = params::CsvDialect::Rfc4180;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  // Index of a column by its header, or -1.
  int column(std::string_view name) const;
  // The cell as a number; NaN when empty or not a number.
  double number(std::size_t row, int column) const;
};

// Parses CSV text in the dialect its start shows (a UTF-8 byte-order mark: nl, ';' and decimal comma;
// else RFC 4180); throws
// std::runtime_error with the line number on an unterminated quote.
CsvTable parse_csv(std::string_view text);

enum class FolderKind { Empty, Run, Compare, Sweep, Calibration, Sensitivity };
const char* folder_kind_name(FolderKind kind);

struct OutputFolder {
  std::string path;
  FolderKind kind = FolderKind::Empty;
  // run
  std::optional<nlohmann::json> summary;  // summary.json
  std::optional<CsvTable> timeseries;     // timeseries.csv
  std::optional<CsvTable> flows;          // flows.csv
  // compare
  std::optional<nlohmann::json> compare;  // compare.json
  // sweep
  std::optional<CsvTable> sweep;  // sweep.csv
  // calibrate
  std::optional<nlohmann::json> calibration;  // calibration.json
  std::optional<CsvTable> fit;                // fit.csv
  std::optional<CsvTable> posterior;          // posterior.csv
  std::optional<CsvTable> parameters;         // summary.csv: posterior mean, sd and intervals per parameter
  std::optional<nlohmann::json> priors;       // priors.json: each parameter's prior and its density
  // sensitivity
  std::optional<CsvTable> morris;  // morris.csv: mu*, mu and sigma per parameter and KPI
  std::optional<CsvTable> sobol;   // sobol.csv: first-order and total Sobol indices per parameter and KPI
  // any command, when present (written by the output-folder machinery)
  std::optional<nlohmann::json> manifest;  // manifest.json
  // Files that exist but could not be read, with the reason.
  std::vector<std::string> problems;
};

// Reads every known file of `dir`; a missing folder gives kind Empty and a
// problem. Never throws for bad file contents: they end up in `problems`.
OutputFolder read_output_folder(const std::string& dir);

}  // namespace ozsim::report
