#pragma once
// Results that came out infinite or NaN although every input was finite: the
// arithmetic overflowed (a cost of 1e308 euros a day times pupil-days, values
// whose squares pass 1.8e308). Such a figure would be written as null and read
// as "no data", so a command checks its results with these before it writes
// anything, and stops naming the quantity. The input was finite but too large
// for doubles, so it is bad input: params::InputError at the scenario file
// (exit 2).
#include <string>
#include <vector>

#include "sim/analysis/compare.hpp"
#include "sim/analysis/summary_stats.hpp"

namespace ozsim::analysis {

// Throws for the first KPI (in name order) whose mean (n >= 1), or sd or 95%
// interval (n >= 2), is not finite. `scenario_file` is where the error points.
void check_finite(const ScenarioSummary& summary, const std::string& scenario_name,
                  const std::string& scenario_file);

// The same for every KPI of every alternative: base, alt and their difference.
// scenario_files[0] is the base's file, scenario_files[i + 1] alternative i's.
void check_finite(const Comparison& comparison, const std::vector<std::string>& scenario_files);

}  // namespace ozsim::analysis
