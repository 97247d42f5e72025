#pragma once
// The files a calibration writes: posterior.csv (and reading it back), the per-parameter summary, the
// predictive fit table, the generations, a JSON run report, the priors for the report and Morris screening's
// morris.csv. Every file is written atomically.
#include <cstdint>
#include <string>
#include <vector>

#include "calibration/inference/abc.hpp"
#include "calibration/inference/morris.hpp"
#include "calibration/inference/posterior.hpp"

namespace ozsim::calibration {

// The shortest text that reads back to the same double (params::exact).
std::string exact_number(double x);

void write_posterior_csv(const std::string& path, const std::vector<std::string>& names,
                         const Population& posterior);
// Reads a posterior.csv written above (names from its header). Throws with file:line on bad input.
Population read_posterior_csv(const std::string& path, std::vector<std::string>& names);
void write_summary_csv(const std::string& path, const std::vector<ParameterSummary>& summary);
void write_fit_csv(const std::string& path, const std::vector<FitRow>& rows);
// One row per complete generation: temperature, simulations, acceptance, ESS.
void write_generations_csv(const std::string& path, const std::vector<GenerationStats>& history);
// Each parameter's prior as the report draws it beside the posterior: its description and its density on a
// grid over the support (mean -/+ 4 sd where the support is unbounded), as priors.json.
void write_priors_json(const std::string& path, const ParameterSpace& space);
// Stop reason, settings and per-generation history as JSON.
void write_run_report(const std::string& path, const CalibrationResult& result, const AbcSettings& settings);
// One row per (parameter, KPI): mu*, mu, sigma and the number of elementary effects.
void write_morris_csv(const std::string& path, const MorrisResult& result);

}  // namespace ozsim::calibration
