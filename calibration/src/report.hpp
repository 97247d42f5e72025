#pragma once
// Calibration outputs: posterior.csv, the per-parameter summary, the posterior-predictive fit table
// and a JSON run report. Every file is written atomically.
#include <cstdint>
#include <string>
#include <vector>

#include "calibration/src/abc.hpp"

namespace ozsim::calibration {

struct ParameterSummary {
  std::string name;
  double mean = 0.0;  // weighted
  double sd = 0.0;
  double median = 0.0;
  double q025 = 0.0, q975 = 0.0;  // 95% credible interval
  double q05 = 0.0, q95 = 0.0;    // 90% credible interval
};

std::vector<ParameterSummary> summarise_posterior(const std::vector<std::string>& names, const Population& posterior);

struct FitRow {
  std::string target, kpi, period, group;
  double observed = 0.0;
  double sigma = 0.0;
  double predictive_mean = 0.0;
  double predictive_low = 0.0;   // 2.5% of the posterior predictive
  double predictive_high = 0.0;  // 97.5%
  bool inside = false;           // observed within [low, high]
  bool within_uncertainty = false;  // |mean - observed| <= 1.96 sigma
};

struct PredictiveSettings {
  std::size_t draws = 200;  // posterior particles re-run (by weight, with replacement)
  std::uint64_t seed = 1;
  unsigned threads = 0;
};

// Re-runs `draws` particles drawn by weight, each with its own fresh seed, and summarises each
// target's KPI over those runs (weighted by the draw, which already follows the weights).
std::vector<FitRow> posterior_predictive(const std::vector<Target>& targets, const ModelFunction& model,
                                         const Population& posterior, const PredictiveSettings& settings);

// Draws `count` particles by weight with a fixed stream: for `compare --posterior`.
std::vector<std::vector<double>> draw_from_posterior(const Population& posterior, std::size_t count,
                                                     std::uint64_t seed);

// "%.17g": round-trips every double.
std::string exact_number(double x);

void write_posterior_csv(const std::string& path, const std::vector<std::string>& names, const Population& posterior);
// Reads a posterior.csv written above (names from its header). Throws with file:line on bad input.
Population read_posterior_csv(const std::string& path, std::vector<std::string>& names);
void write_summary_csv(const std::string& path, const std::vector<ParameterSummary>& summary);
void write_fit_csv(const std::string& path, const std::vector<FitRow>& rows);
// Stop reason, settings and per-generation history as JSON.
void write_run_report(const std::string& path, const CalibrationResult& result, const AbcSettings& settings);

}  // namespace ozsim::calibration
