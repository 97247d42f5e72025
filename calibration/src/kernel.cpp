#include "calibration/src/kernel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace ozsim::calibration {

Eigen::MatrixXd weighted_covariance(const Population& population) {
  const std::size_t n = population.size();
  const auto p = static_cast<Eigen::Index>(n == 0 ? 0 : population.particles[0].size());
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(p);
  double sum_sq = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    mean += population.weights[i] * Eigen::Map<const Eigen::VectorXd>(population.particles[i].data(), p);
    sum_sq += population.weights[i] * population.weights[i];
  }
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(p, p);
  for (std::size_t i = 0; i < n; ++i) {
    const Eigen::VectorXd d = Eigen::Map<const Eigen::VectorXd>(population.particles[i].data(), p) - mean;
    cov.noalias() += population.weights[i] * d * d.transpose();
  }
  if (sum_sq < 1.0) cov /= (1.0 - sum_sq);
  return cov;
}

PerturbationKernel::PerturbationKernel(const Population& previous, const ParameterSpace& space)
    : previous_(previous) {
  if (previous.size() == 0) throw std::invalid_argument("perturbation kernel: empty population");
  const auto p = static_cast<Eigen::Index>(space.size());
  covariance_ = 2.0 * weighted_covariance(previous);
  // A ridge proportional to each prior's variance rescues a degenerate covariance without
  // noticeably widening a healthy one; it grows until the factorisation succeeds.
  Eigen::VectorXd scale(p);
  for (Eigen::Index i = 0; i < p; ++i) {
    const double v = space.parameters()[static_cast<std::size_t>(i)].prior.variance();
    scale(i) = std::isfinite(v) && v > 0.0 ? v : 1.0;
  }
  Eigen::LLT<Eigen::MatrixXd> llt(covariance_);
  bool ok = llt.info() == Eigen::Success;
  for (Eigen::Index i = 0; ok && i < p; ++i) ok = covariance_(i, i) > 1e-12 * scale(i);
  double ridge = 1e-10;
  while (!ok) {
    regularised_ = true;
    Eigen::MatrixXd trial = covariance_;
    for (Eigen::Index i = 0; i < p; ++i) trial(i, i) += ridge * scale(i);
    llt.compute(trial);
    if (llt.info() == Eigen::Success) {
      covariance_ = trial;
      ok = true;
    } else if (ridge >= 1.0) {
      covariance_ = (0.01 * scale).asDiagonal();  // give up on correlations altogether
      llt.compute(covariance_);
      ok = true;
    }
    ridge *= 100.0;
  }
  lower_ = llt.matrixL();
  whitened_.resize(p, static_cast<Eigen::Index>(previous.size()));
  for (std::size_t j = 0; j < previous.size(); ++j) {
    whitened_.col(static_cast<Eigen::Index>(j)) = lower_.triangularView<Eigen::Lower>().solve(
        Eigen::Map<const Eigen::VectorXd>(previous.particles[j].data(), p));
  }
  cumulative_.resize(previous.size());
  log_weights_.resize(previous.size());
  double sum = 0.0;
  for (std::size_t j = 0; j < previous.size(); ++j) {
    sum += previous.weights[j];
    cumulative_[j] = sum;
    log_weights_[j] = previous.weights[j] > 0.0 ? std::log(previous.weights[j])
                                                : -std::numeric_limits<double>::infinity();
  }
}

std::vector<double> PerturbationKernel::propose(Rng& rng) const {
  const double u = rng.uniform() * cumulative_.back();
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  if (it == cumulative_.end()) --it;
  const auto j = static_cast<std::size_t>(it - cumulative_.begin());
  const auto p = lower_.rows();
  Eigen::VectorXd z(p);
  for (Eigen::Index i = 0; i < p; ++i) z(i) = rng.normal();
  const Eigen::VectorXd step = lower_.triangularView<Eigen::Lower>() * z;
  std::vector<double> theta = previous_.particles[j];
  for (Eigen::Index i = 0; i < p; ++i) theta[static_cast<std::size_t>(i)] += step(i);
  return theta;
}

double PerturbationKernel::log_mixture_density(const std::vector<double>& theta) const {
  const auto p = lower_.rows();
  const Eigen::VectorXd y =
      lower_.triangularView<Eigen::Lower>().solve(Eigen::Map<const Eigen::VectorXd>(theta.data(), p));
  // log-sum-exp in particle order: the fixed order keeps the sum bit-identical across runs.
  std::vector<double> terms(previous_.size());
  double peak = -std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < previous_.size(); ++j) {
    const double q = (y - whitened_.col(static_cast<Eigen::Index>(j))).squaredNorm();
    terms[j] = log_weights_[j] - 0.5 * q;
    peak = std::max(peak, terms[j]);
  }
  if (!std::isfinite(peak)) return peak;
  double sum = 0.0;
  for (double t : terms) sum += std::exp(t - peak);
  return peak + std::log(sum);
}

}  // namespace ozsim::calibration
