#pragma once
// The ABC-SMC perturbation kernel: a multivariate normal with covariance twice the weighted
// covariance of the previous generation (Beaumont et al. 2009), and the mixture density
// sum_j w_j K(theta | theta_j) that the importance weights divide by.
#include <Eigen/Dense>
#include <vector>

#include "calibration/src/abc.hpp"
#include "calibration/src/random.hpp"

namespace ozsim::calibration {

// Weighted covariance with the unbiased correction 1 / (1 - sum w^2) (biased when that is 0).
Eigen::MatrixXd weighted_covariance(const Population& population);

class PerturbationKernel {
 public:
  // `space` supplies a scale for each parameter when the particles' covariance is degenerate
  // (e.g. all particles equal in one coordinate, or fewer particles than parameters).
  PerturbationKernel(const Population& previous, const ParameterSpace& space);

  // Picks a particle by weight and perturbs it.
  std::vector<double> propose(Rng& rng) const;
  // log sum_j w_j K(theta | theta_j), up to a constant shared by every theta of the generation.
  double log_mixture_density(const std::vector<double>& theta) const;
  const Eigen::MatrixXd& covariance() const { return covariance_; }
  bool regularised() const { return regularised_; }

 private:
  const Population& previous_;
  Eigen::MatrixXd covariance_;  // 2 x weighted covariance (+ ridge when degenerate)
  Eigen::MatrixXd lower_;       // its Cholesky factor
  Eigen::MatrixXd whitened_;    // lower_^{-1} theta_j, one column per particle
  std::vector<double> cumulative_;
  std::vector<double> log_weights_;
  bool regularised_ = false;
};

}  // namespace ozsim::calibration
