#pragma once
// Subcommands of the ozsim executable. Each add_* registers its subcommands;
// run_selected executes the one the user chose and returns the exit code.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace ozsim::app {

// `run` and `validate`.
void add_run_commands(CLI::App& app);
// Commands from other parts (compare, sweep, calibrate, sensitivity), when built in.
void add_extra_commands(CLI::App& app);
// Registers the action to take when a subcommand was selected.
void set_action(CLI::App* subcommand, std::function<int()> action);
int run_selected(CLI::App& app);

}  // namespace ozsim::app
