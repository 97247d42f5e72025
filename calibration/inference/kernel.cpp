#include "calibration/inference/kernel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace ozsim::calibration {

Eigen::MatrixXd weighted_covariance(const std::vector<std::vector<double>>& points,
                                    const std::vector<double>& weights) {
  const std::size_t n = points.size();
  const auto p = static_cast<Eigen::Index>(n == 0 ? 0 : points[0].size());
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(p);
  double sum_sq = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    mean += weights[i] * Eigen::Map<const Eigen::VectorXd>(points[i].data(), p);
    sum_sq += weights[i] * weights[i];
  }
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(p, p);
  for (std::size_t i = 0; i < n; ++i) {
    const Eigen::VectorXd d = Eigen::Map<const Eigen::VectorXd>(points[i].data(), p) - mean;
    cov.noalias() += weights[i] * d * d.transpose();
  }
  if (sum_sq < 1.0) cov /= (1.0 - sum_sq);
  return cov;
}

Eigen::MatrixXd regularised_cholesky(Eigen::MatrixXd& covariance, const std::vector<double>& scale_of,
                                     bool& regularised) {
  const auto p = static_cast<Eigen::Index>(scale_of.size());
  // A ridge proportional to each coordinate's squared scale rescues a degenerate covariance without
  // noticeably widening a healthy one; it grows until the factorisation succeeds.
  Eigen::VectorXd scale(p);
  for (Eigen::Index i = 0; i < p; ++i)
    scale(i) = scale_of[static_cast<std::size_t>(i)] * scale_of[static_cast<std::size_t>(i)];
  Eigen::LLT<Eigen::MatrixXd> llt(covariance);
  bool ok = llt.info() == Eigen::Success;
  for (Eigen::Index i = 0; ok && i < p; ++i) ok = covariance(i, i) > 1e-12 * scale(i);
  double ridge = 1e-10;
  regularised = false;
  while (!ok) {
    regularised = true;
    Eigen::MatrixXd trial = covariance;
    for (Eigen::Index i = 0; i < p; ++i) trial(i, i) += ridge * scale(i);
    llt.compute(trial);
    if (llt.info() == Eigen::Success) {
      covariance = trial;
      ok = true;
    } else if (ridge >= 1.0) {
      covariance = (0.01 * scale).asDiagonal();  // give up on correlations altogether
      llt.compute(covariance);
      ok = true;
    }
    ridge *= 100.0;
  }
  return llt.matrixL();
}

PerturbationKernel::PerturbationKernel(std::vector<std::vector<double>> points,
                                       const std::vector<double>& weights,
                                       const std::vector<double>& scale_of)
    : points_(std::move(points)) {
  if (points_.empty()) throw std::invalid_argument("perturbation kernel: empty population");
  if (weights.size() != points_.size())
    throw std::invalid_argument("perturbation kernel: one weight per point");
  const auto p = static_cast<Eigen::Index>(scale_of.size());
  covariance_ = 2.0 * weighted_covariance(points_, weights);
  lower_ = regularised_cholesky(covariance_, scale_of, regularised_);
  whitened_.resize(p, static_cast<Eigen::Index>(points_.size()));
  for (std::size_t j = 0; j < points_.size(); ++j) {
    whitened_.col(static_cast<Eigen::Index>(j)) =
        lower_.triangularView<Eigen::Lower>().solve(Eigen::Map<const Eigen::VectorXd>(points_[j].data(), p));
  }
  cumulative_.resize(points_.size());
  log_weights_.resize(points_.size());
  double sum = 0.0;
  for (std::size_t j = 0; j < points_.size(); ++j) {
    sum += weights[j];
    cumulative_[j] = sum;
    log_weights_[j] = weights[j] > 0.0 ? std::log(weights[j]) : -std::numeric_limits<double>::infinity();
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
  std::vector<double> theta = points_[j];
  for (Eigen::Index i = 0; i < p; ++i) theta[static_cast<std::size_t>(i)] += step(i);
  return theta;
}

double PerturbationKernel::log_mixture_density(const std::vector<double>& theta) const {
  const auto p = lower_.rows();
  const Eigen::VectorXd y =
      lower_.triangularView<Eigen::Lower>().solve(Eigen::Map<const Eigen::VectorXd>(theta.data(), p));
  // log-sum-exp in particle order: the fixed order keeps the sum bit-identical across runs.
  std::vector<double> terms(points_.size());
  double peak = -std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < points_.size(); ++j) {
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
