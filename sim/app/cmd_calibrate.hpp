#pragma once
// `ozsim calibrate` (ABC-SMC fit of free scenario keys to observed figures) and `ozsim sensitivity`
// (Morris screening of the same keys). The algorithms are calibration/inference's, the scenario side
// calibration/bridge's; these files only read flags, run them and print.
#include <CLI/CLI.hpp>
#include <string>

namespace ozsim::app {

void add_calibrate_command(CLI::App& app);
void add_sensitivity_command(CLI::App& app);

// "%*.4g": the width the calibration tables print numbers in (0 = no padding).
std::string fixed_width(double x, int width = 10);

}  // namespace ozsim::app
