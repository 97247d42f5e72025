#pragma once
// How a simulated particle is judged against the observed figures. A target's sigma is read as
// observation error: observed = model output + e, e ~ N(0, sigma^2 / weight). Every acceptor returns
// log(L / peak) <= 0, where L is (an estimate of) that likelihood and peak its largest possible value.
// The calibrator accepts with probability min(1, (L / c)^(1 / temperature)) for a constant c: the peak,
// or the best L seen in earlier generations (AbcSettings::normalisation). At temperature 1 that samples
// the exact posterior of "model plus observation error" whenever c >= every L (Wilkinson 2013;
// Schalte & Hasenauer 2020); above 1 it samples a wider, tempered version on the way there.
#include <cstddef>
#include <vector>

#include "calibration/inference/target.hpp"

namespace ozsim::calibration {

// -1/2 sum_i w_i ((sim_i - obs_i) / sigma_i)^2: the log of the Gaussian observation-error kernel over
// its peak. Non-finite simulated values give -infinity.
double log_error_kernel(const std::vector<Target>& targets, const std::vector<double>& simulated);

// Noise-aware acceptance with R runs per particle: log of (1/R) sum_r exp(log_error_kernel(run r) / T).
// The mean of the R kernels estimates the likelihood without bias, so R > 1 lowers the variance of the
// acceptance decision without narrowing the posterior (comparing the mean of R runs with one
// observation would narrow it by sqrt(R)).
double log_noise_aware_acceptance(const std::vector<Target>& targets,
                                  const std::vector<std::vector<double>>& runs, double temperature);

// Synthetic likelihood (Wood 2010) over its bound: the R >= 2 runs' mean mu and covariance S give
// N(obs; mu, (1 - 1/R) S + E) / N(0; 0, E), E = diag(sigma_i^2 / w_i). The (1 - 1/R) takes out the
// variance that the estimated mean adds back when the acceptance is averaged over the model noise, so
// with Gaussian model noise the acceptance probability matches N(obs; mean, S + E) on average. The
// ratio is <= 1 because (1 - 1/R) S is positive semi-definite.
double log_synthetic_likelihood_ratio(const std::vector<Target>& targets,
                                      const std::vector<std::vector<double>>& runs);

}  // namespace ozsim::calibration
