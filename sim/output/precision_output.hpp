#pragma once
// What --precision reached, for the terminal and for summary.json / compare.json.
#include <nlohmann/json.hpp>
#include <string>

#include "sim/analysis/precision.hpp"

namespace ozsim::output {

// Two or three lines: the goal, whether it was reached, the replications, and the widest KPI.
std::string precision_text(const analysis::PrecisionReport& report);
nlohmann::ordered_json precision_json(const analysis::PrecisionReport& report);

}  // namespace ozsim::output
