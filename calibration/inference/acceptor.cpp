#include "calibration/inference/acceptor.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace ozsim::calibration {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// The targets that carry information (weight > 0), in target order.
std::vector<std::size_t> weighted_targets(const std::vector<Target>& targets) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (targets[i].weight > 0.0) out.push_back(i);
  }
  return out;
}

}  // namespace

double log_error_kernel(const std::vector<Target>& targets, const std::vector<double>& simulated) {
  double sum = 0.0;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (targets[i].weight <= 0.0) continue;
    if (!std::isfinite(simulated[i])) return -inf;
    const double z = (simulated[i] - targets[i].observed) / targets[i].sigma;
    sum += targets[i].weight * z * z;
  }
  return -0.5 * sum;
}

double log_noise_aware_acceptance(const std::vector<Target>& targets,
                                  const std::vector<std::vector<double>>& runs, double temperature) {
  if (runs.empty()) throw std::invalid_argument("noise-aware acceptance needs at least one run");
  // log-mean-exp in run order, so the value is bit-identical whatever the thread count.
  std::vector<double> terms;
  terms.reserve(runs.size());
  double peak = -inf;
  for (const auto& run : runs) {
    terms.push_back(log_error_kernel(targets, run) / temperature);
    peak = std::max(peak, terms.back());
  }
  if (!std::isfinite(peak)) return -inf;
  double sum = 0.0;
  for (double t : terms) sum += std::exp(t - peak);
  return peak + std::log(sum / static_cast<double>(runs.size()));
}

double log_synthetic_likelihood_ratio(const std::vector<Target>& targets,
                                      const std::vector<std::vector<double>>& runs) {
  const std::size_t r = runs.size();
  if (r < 2) throw std::invalid_argument("the synthetic likelihood needs at least 2 runs per particle");
  const std::vector<std::size_t> used = weighted_targets(targets);
  const auto k = static_cast<Eigen::Index>(used.size());
  if (k == 0) return 0.0;
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(k);
  for (const auto& run : runs) {
    for (Eigen::Index i = 0; i < k; ++i) {
      const double v = run[used[static_cast<std::size_t>(i)]];
      if (!std::isfinite(v)) return -inf;
      mean(i) += v;
    }
  }
  mean /= static_cast<double>(r);
  Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(k, k);
  for (const auto& run : runs) {
    Eigen::VectorXd d(k);
    for (Eigen::Index i = 0; i < k; ++i) d(i) = run[used[static_cast<std::size_t>(i)]] - mean(i);
    covariance.noalias() += d * d.transpose();
  }
  // Unbiased S, times (1 - 1/R): sum d d' / (R - 1) * (R - 1) / R = sum d d' / R.
  covariance /= static_cast<double>(r);
  Eigen::VectorXd residual(k);
  double log_det_error = 0.0;
  for (Eigen::Index i = 0; i < k; ++i) {
    const Target& t = targets[used[static_cast<std::size_t>(i)]];
    const double error_variance = t.sigma * t.sigma / t.weight;
    covariance(i, i) += error_variance;
    log_det_error += std::log(error_variance);
    residual(i) = t.observed - mean(i);
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(covariance);
  if (llt.info() != Eigen::Success) return -inf;  // cannot happen with sigma > 0; no acceptance if it does
  const Eigen::VectorXd whitened = llt.matrixL().solve(residual);
  double log_det = 0.0;
  for (Eigen::Index i = 0; i < k; ++i) log_det += 2.0 * std::log(llt.matrixL()(i, i));
  // Rounding can put log_det a hair below log_det_error when S is tiny: the ratio stays <= 1.
  return std::min(0.0, -0.5 * whitened.squaredNorm() - 0.5 * (log_det - log_det_error));
}

}  // namespace ozsim::calibration
