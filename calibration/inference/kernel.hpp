#pragma once
// The ABC-SMC perturbation kernel: a multivariate normal with covariance twice the weighted
// covariance of the previous generation (Beaumont et al. 2009), and the mixture density
// sum_j w_j K(u | u_j) that the importance weights divide by. It works on whatever scale it is
// given; the calibrator gives it the unbounded scale of ParameterTransform.
#include <Eigen/Dense>
#include <vector>

#include "calibration/inference/random.hpp"

namespace ozsim::calibration {

// Weighted covariance with the unbiased correction 1 / (1 - sum w^2) (biased when that is 0).
// `weights` are normalised.
Eigen::MatrixXd weighted_covariance(const std::vector<std::vector<double>>& points,
                                    const std::vector<double>& weights);

// The Cholesky factor of `covariance`, after adding the smallest ridge (proportional to each
// coordinate's squared `scale`) that makes it positive definite; `regularised` says whether one was
// needed, and `covariance` is left as factorised.
Eigen::MatrixXd regularised_cholesky(Eigen::MatrixXd& covariance, const std::vector<double>& scale,
                                     bool& regularised);

class PerturbationKernel {
 public:
  // `scale` (one entry per coordinate) regularises a degenerate covariance (all particles equal in one
  // coordinate, or fewer particles than parameters). `weights` are normalised.
  PerturbationKernel(std::vector<std::vector<double>> points, const std::vector<double>& weights,
                     const std::vector<double>& scale);

  // Picks a point by weight and perturbs it.
  std::vector<double> propose(Rng& rng) const;
  // log sum_j w_j K(u | u_j), up to a constant shared by every u of the generation.
  double log_mixture_density(const std::vector<double>& u) const;
  const Eigen::MatrixXd& covariance() const { return covariance_; }
  bool regularised() const { return regularised_; }

 private:
  std::vector<std::vector<double>> points_;
  Eigen::MatrixXd covariance_;  // 2 x weighted covariance (+ ridge when degenerate)
  Eigen::MatrixXd lower_;       // its Cholesky factor
  Eigen::MatrixXd whitened_;    // lower_^{-1} u_j, one column per point
  std::vector<double> cumulative_;
  std::vector<double> log_weights_;
  bool regularised_ = false;
};

}  // namespace ozsim::calibration
