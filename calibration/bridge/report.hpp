#pragma once
// The files a calibration writes: posterior.csv (and reading it back), the per-parameter summary, the
// predictive fit table, the generations, a JSON run report, the priors for the report and Morris screening's
// morris.csv; and the --xlsx workbook of a calibration. Every file is written atomically, its CSV files in
// the folder's dialect (params/csv.hpp: rfc4180 by default, nl for a Dutch spreadsheet).
#include <cstdint>
#include <string>
#include <vector>

#include "calibration/inference/abc.hpp"
#include "calibration/inference/morris.hpp"
#include "calibration/inference/posterior.hpp"
#include "calibration/inference/sobol.hpp"
#include "sim/output/workbook.hpp"
#include "sim/params/csv.hpp"

namespace ozsim::calibration {

// The shortest text that reads back to the same double (params::exact).
std::string exact_number(double x);

using params::CsvDialect;

void write_posterior_csv(const std::string& path, const std::vector<std::string>& names,
                         const Population& posterior, CsvDialect dialect = CsvDialect::Rfc4180);
// Reads a posterior.csv written above, in either dialect (names from its header). Throws with file:line on
// bad input.
Population read_posterior_csv(const std::string& path, std::vector<std::string>& names);
void write_summary_csv(const std::string& path, const std::vector<ParameterSummary>& summary,
                       CsvDialect dialect = CsvDialect::Rfc4180);
void write_fit_csv(const std::string& path, const std::vector<FitRow>& rows,
                   CsvDialect dialect = CsvDialect::Rfc4180);
// One row per complete generation: temperature, simulations, acceptance, ESS.
void write_generations_csv(const std::string& path, const std::vector<GenerationStats>& history,
                           CsvDialect dialect = CsvDialect::Rfc4180);
// Each parameter's prior as the report draws it beside the posterior: its description and its density on a
// grid over the support (mean -/+ 4 sd where the support is unbounded), as priors.json.
void write_priors_json(const std::string& path, const ParameterSpace& space);
// Stop reason, settings and per-generation history as JSON.
void write_run_report(const std::string& path, const CalibrationResult& result, const AbcSettings& settings);
// One row per (parameter, KPI): mu*, mu, sigma and the number of elementary effects.
void write_morris_csv(const std::string& path, const MorrisResult& result,
                      CsvDialect dialect = CsvDialect::Rfc4180);

// One row per (parameter, KPI): the first-order and total Sobol indices with their bootstrap intervals,
// and the KPI's variance over the samples.
void write_sobol_csv(const std::string& path, const SobolResult& result,
                     CsvDialect dialect = CsvDialect::Rfc4180);

// calibrate --xlsx: sheets summary, fit (with the KPI catalogue's labels and unit), generations and
// posterior, the same columns as summary.csv, fit.csv, generations.csv and posterior.csv, numbers as numbers.
output::Workbook calibration_workbook(const std::vector<std::string>& names, const Population& posterior,
                                      const std::vector<ParameterSummary>& summary,
                                      const std::vector<FitRow>& fit,
                                      const std::vector<GenerationStats>& history);

}  // namespace ozsim::calibration
