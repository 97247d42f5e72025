#pragma once
// What a posterior says: per-parameter summaries, draws by weight, and the prior- and
// posterior-predictive check of every target.
#include <cstdint>
#include <string>
#include <vector>

#include "calibration/inference/abc.hpp"

namespace ozsim::calibration {

struct ParameterSummary {
  std::string name;
  double mean = 0.0;  // weighted
  double sd = 0.0;
  double median = 0.0;
  double q025 = 0.0, q975 = 0.0;  // 95% credible interval
  double q05 = 0.0, q95 = 0.0;    // 90% credible interval
};

std::vector<ParameterSummary> summarise_posterior(const std::vector<std::string>& names,
                                                  const Population& posterior);

// One target's predictive check. Both predictive distributions are of the observation itself: a model
// run at a drawn parameter set plus observation error e ~ N(0, sigma^2 / weight), so "inside" asks
// whether the observed figure is a plausible draw, and the prior columns show what the data taught:
// a posterior interval as wide as the prior's means the target did not inform the fit.
struct FitRow {
  std::string target, kpi, period, group;
  double observed = 0.0;
  double sigma = 0.0;  // observation error sd, sigma / sqrt(weight)
  struct Predictive {
    double mean = 0.0, sd = 0.0;
    double low = 0.0, high = 0.0;  // central 95%
    double z = 0.0;                // (observed - mean) / sd
    bool inside = false;           // observed within [low, high]
  };
  Predictive prior, posterior;
  double narrowing = 0.0;  // 1 - posterior width / prior width (0: nothing learned; near 1: much)
};

struct PredictiveSettings {
  std::size_t draws = 200;  // parameter sets per predictive (posterior: by weight, with replacement)
  std::uint64_t seed = 1;
  unsigned threads = 0;
  ParallelFor parallel_for = in_calling_thread;  // the pool the draws run on (see parallel.hpp)
  SpreadFor spread_for;  // set: the draws are spread over processes (mpirun) instead (parallel.hpp)
};

// Runs `draws` prior draws and `draws` posterior draws, each with its own fresh model seed, and
// summarises each target's predictive distributions side by side.
std::vector<FitRow> predictive_fit(const std::vector<Target>& targets, const ModelFunction& model,
                                   const ParameterSpace& prior, const Population& posterior,
                                   const PredictiveSettings& settings);

// Draws `count` particles by weight with a fixed stream: for `compare --posterior`.
std::vector<std::vector<double>> draw_from_posterior(const Population& posterior, std::size_t count,
                                                     std::uint64_t seed);

}  // namespace ozsim::calibration
