#pragma once
// Prior distributions of free parameters: sampling, log-density and moments.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calibration/inference/random.hpp"

namespace ozsim::calibration {

enum class PriorKind { uniform, log_uniform, normal, truncated_normal, beta };

// The names used in priors files ("uniform", "log-uniform", "normal", "truncated-normal", "beta").
std::string_view prior_kind_name(PriorKind kind);
std::optional<PriorKind> parse_prior_kind(std::string_view name);
// What `params` must hold for each kind, for error messages.
std::string_view prior_params_help(PriorKind kind);
const std::vector<std::string>& prior_kind_names();

class Prior {
 public:
  // Each factory throws std::invalid_argument with a message that says which bound is wrong.
  static Prior uniform(double low, double high);
  static Prior log_uniform(double low, double high);
  static Prior normal(double mean, double sd);
  static Prior truncated_normal(double mean, double sd, double low, double high);
  // Beta(alpha, beta) scaled from [0, 1] to [low, high].
  static Prior beta(double alpha, double beta, double low = 0.0, double high = 1.0);
  // Builds a prior from the `params` list of a priors file: see prior_params_help.
  static Prior from_params(PriorKind kind, const std::vector<double>& params);

  PriorKind kind() const { return kind_; }
  double sample(Rng& rng) const;
  double log_density(double x) const;  // -infinity outside the support
  bool in_support(double x) const;
  double support_low() const { return low_; }    // -infinity when unbounded
  double support_high() const { return high_; }  // +infinity when unbounded
  double mean() const;
  double variance() const;
  // Maps u in [0, 1] onto the range Morris screening covers: the support for uniform, log-uniform
  // (on the log scale) and beta (linearly, its ends the nearest values inside its open support), the
  // central 95% for normal and truncated normal.
  double from_unit(double u) const;
  std::string describe() const;  // e.g. "uniform(0, 1)"
  // Everything that defines the prior besides its kind (two shape or location parameters and the
  // support): two priors with the same kind and values are the same prior. For fingerprints, which
  // describe()'s rounded text would blur.
  std::array<double, 4> defining_values() const { return {a_, b_, low_, high_}; }

 private:
  Prior(PriorKind kind, double a, double b, double low, double high);
  PriorKind kind_;
  double a_;  // uniform: unused; normal: mean; beta: alpha
  double b_;  // normal: sd; beta: beta
  double low_;
  double high_;
  double log_norm_ = 0.0;  // precomputed log normalising constant, so log_density never calls lgamma
};

// Standard normal density, CDF and quantile (the quantile by bisection: used only for screening ranges).
double normal_pdf(double z);
double normal_cdf(double z);

}  // namespace ozsim::calibration
