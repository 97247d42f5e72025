#pragma once
// The flags every command that writes an output folder shares (run, compare,
// sweep, calibrate): the CSV dialect, and what to show while it runs.
#include <CLI/CLI.hpp>
#include <string>

#include "sim/params/csv.hpp"

namespace ozsim::app {

struct OutputFlags {
  std::string csv_dialect = "rfc4180";
  bool xlsx = false;  // also write DIR/<command>.xlsx

  params::CsvDialect dialect() const { return params::csv_dialect_from_name(csv_dialect); }
};

// Registers --csv-dialect and --xlsx on `command`.
void add_output_flags(CLI::App* command, OutputFlags& flags);

}  // namespace ozsim::app
