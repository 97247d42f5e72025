#pragma once
// The flags every command that writes an output folder shares (run, compare,
// sweep, calibrate, sensitivity): the CSV dialect, the workbook, and what to
// show while it runs.
#include <CLI/CLI.hpp>
#include <string>

#include "sim/app/cluster.hpp"
#include "sim/output/progress.hpp"
#include "sim/params/csv.hpp"

namespace ozsim::app {

struct ProgressFlags {
  bool quiet = false;          // no progress on stderr
  double every_seconds = 5.0;  // between progress lines when stderr is not a terminal

  // Under mpirun only rank 0 shows progress.
  output::Progress::Options options() const {
    return output::Progress::for_stderr(quiet || !is_writer(), every_seconds);
  }
};

struct OutputFlags {
  std::string csv_dialect = "rfc4180";
  bool xlsx = false;  // also write DIR/<command>.xlsx
  ProgressFlags progress;

  params::CsvDialect dialect() const { return params::csv_dialect_from_name(csv_dialect); }
};

// Registers --quiet and --progress-every on `command`.
void add_progress_flags(CLI::App* command, ProgressFlags& flags);
// Registers --csv-dialect, --xlsx and the progress flags on `command`.
void add_output_flags(CLI::App* command, OutputFlags& flags);
// The same without --xlsx, for a command whose one table has no workbook (sensitivity).
void add_dialect_and_progress_flags(CLI::App* command, OutputFlags& flags);

}  // namespace ozsim::app
