#pragma once
// `ozsim report DIR [-o FILE.html] [--lang nl|en]`, and the same as a function
// for the --report shortcut of run, compare, sweep and calibrate.
#include <CLI/CLI.hpp>
#include <string>

namespace ozsim::app {

void add_report_command(CLI::App& app);
// Writes the report of `dir` to `out` (default DIR.html, beside the folder); returns the path written.
std::string write_report(const std::string& dir, const std::string& out, const std::string& lang);

}  // namespace ozsim::app
