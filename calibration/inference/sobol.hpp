#pragma once
// Variance-based sensitivity: Sobol first-order and total indices (Sobol 1993), estimated from Saltelli's
// design (Saltelli 2002; Saltelli et al. 2010) with Jansen's estimators (Jansen 1999), each with a
// bootstrap interval over the base samples. Where Morris screening ranks parameters cheaply, Sobol says
// what share of a KPI's variance each parameter explains alone (first order, S_i) and with all its
// interactions (total, ST_i); ST_i - S_i is the part through interactions.
//
// Inputs are independent and uniform on each parameter's screening range (Prior::from_unit, the ranges
// Morris steps through). Design: two N x k matrices A and B of uniform draws, and for each parameter i the
// matrix AB_i (A with column i taken from B); the model runs N (k + 2) times.
//   first order:  S_i  = 1 - mean_j (f(B)_j - f(AB_i)_j)^2 / (2 V)
//   total:        ST_i = mean_j (f(A)_j - f(AB_i)_j)^2 / (2 V)
// with V the variance of f over the 2N points of A and B. A stochastic model's noise is a part of V that no
// parameter explains. For both estimators to say so, row j's points A_j and AB_i,j run on the same model
// seeds (common random numbers: the noise cancels in f(A) - f(AB_i), so it adds nothing to ST_i), and B_j
// on seeds of its own (independent noise in f(B) - f(AB_i), so it is not counted in S_i as it would be if
// B_j shared AB_i,j's). Different rows run on different seeds.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "calibration/inference/abc.hpp"
#include "calibration/inference/parameter_space.hpp"

namespace ozsim::calibration {

struct SobolSettings {
  std::size_t samples = 256;     // N, base samples (rows of A and B)
  std::size_t replications = 1;  // model runs per point, averaged (same seeds for every point of a row)
  std::uint64_t seed = 1;
  unsigned threads = 0;
  ParallelFor parallel_for = in_calling_thread;
  std::vector<std::string> kpis;  // empty = every KPI the model reports at any point
  // What a KPI a point did not report counts as (see MorrisSettings::absent_kpi).
  std::function<std::optional<double>(const std::string& kpi)> absent_kpi;
  std::size_t bootstrap = 500;  // resamples of the N rows for the intervals
};

struct SobolIndex {
  std::string parameter;
  std::string kpi;
  double first_order = 0.0;  // S_i
  double first_order_lo95 = 0.0;
  double first_order_hi95 = 0.0;
  double total = 0.0;  // ST_i
  double total_lo95 = 0.0;
  double total_hi95 = 0.0;
};

struct SobolResult {
  std::vector<std::string> parameters;
  std::vector<std::string> kpis;
  std::vector<SobolIndex> indices;  // parameter-major: indices[i * kpis.size() + k]
  std::vector<double> variance;  // per KPI: V, the variance of the KPI over A and B (0: the KPI never moved)
  std::size_t samples = 0;
  std::size_t simulations = 0;
  const SobolIndex& at(std::size_t parameter, std::size_t kpi) const {
    return indices[parameter * kpis.size() + kpi];
  }
};

// A model of plain numbers, for tests and the estimators themselves: f(A) (N values), f(B), and f(AB_i) for
// each parameter i (k x N). Percentile bootstrap over the rows, `bootstrap` resamples from `seed`. A KPI
// whose variance is 0 gets indices of 0 (nothing to explain).
struct SobolEstimate {
  double first_order, first_order_lo95, first_order_hi95;
  double total, total_lo95, total_hi95;
};
std::vector<SobolEstimate> sobol_estimates(const std::vector<double>& f_a, const std::vector<double>& f_b,
                                           const std::vector<std::vector<double>>& f_ab,
                                           std::size_t bootstrap, std::uint64_t seed,
                                           double* variance = nullptr);

// Rows whose points would leave the constraints' region are redrawn (up to a limit, then throws).
SobolResult run_sobol(const ParameterSpace& space, const ModelFunction& model, const SobolSettings& settings);

}  // namespace ozsim::calibration
