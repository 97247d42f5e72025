#pragma once
// The weight arithmetic of ABC-SMC: effective sample size, weighted quantiles and the temperature
// schedule's root finding.
#include <cstdint>
#include <vector>

#include "calibration/inference/population.hpp"

namespace ozsim::calibration {

// How many particles of the population differ from every other (bit for bit).
std::uint64_t distinct_particles(const Population& population);

// Effective sample size of weights: (sum w)^2 / sum w^2.
double effective_sample_size(const std::vector<double>& weights);

// Weighted quantile: the smallest value whose cumulative weight reaches q (values need not be sorted).
double weighted_quantile(const std::vector<double>& values, const std::vector<double>& weights, double q);

// The temperature at which proposals with these log-likelihoods (at temperature 1, already divided by
// the next generation's normaliser c) would be accepted at rate `target`
// (mean_j min(1, exp(l_j / T)) = target), at least 1. Used to set the schedule.
double temperature_for_acceptance(const std::vector<double>& log_likelihoods, double target);

}  // namespace ozsim::calibration
