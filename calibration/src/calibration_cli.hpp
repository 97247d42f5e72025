#pragma once
// `ozsim calibrate` and `ozsim sensitivity`. The app owns main() and the exit codes; this file only
// registers the subcommands and the action to run when one is selected.
#include <CLI/CLI.hpp>
#include <functional>

namespace ozsim::calibration {

// `set_action(subcommand, action)` is the app's hook (ozsim::app::set_action): the action runs
// after parsing and returns the exit code; it throws params::InputError for bad input files.
void add_calibration_commands(CLI::App& app,
                              const std::function<void(CLI::App*, std::function<int()>)>& set_action);

}  // namespace ozsim::calibration
