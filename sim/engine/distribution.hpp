#pragma once
// Probability distributions for durations and outcomes. (Reading one by name from a scenario file is
// sim/params/distribution_spec; the engine only builds and samples them.)
// Sampling uses Boost.Random on top of RandomStream, so draws are the same on every platform for a given
// Boost version (tests pin them).

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/engine/random.hpp"

namespace ozsim::engine {

enum class DistributionKind { Exponential, Weibull, Lognormal, Gamma, Uniform, Fixed, Empirical, Bernoulli };

// The scenario-file name of a kind ("exponential", ...).
std::string_view distribution_name(DistributionKind kind);

// What a constructor throws: the message names the distribution, the parameter, the rule and the value
// found ("lognormal: parameter 'sd' must be > 0, found -1"); parameter() is that parameter's name as data
// (empty when no single parameter is at fault), so a reader can point at its line.
class DistributionError : public std::invalid_argument {
 public:
  DistributionError(std::string parameter, const std::string& message)
      : std::invalid_argument(message), parameter_(std::move(parameter)) {}
  const std::string& parameter() const noexcept { return parameter_; }

 private:
  std::string parameter_;
};

// A validated distribution. Every constructor throws DistributionError.
class Distribution {
 public:
  static Distribution exponential(double mean);
  static Distribution weibull(double shape, double scale);
  static Distribution lognormal_from_mean_sd(double mean, double sd);
  // mu and sigma of the underlying normal.
  static Distribution lognormal(double mu, double sigma);
  static Distribution gamma(double shape, double scale);
  // Continuous uniform on [low, high).
  static Distribution uniform(double low, double high);
  static Distribution fixed(double value);
  // Discrete table: values[i] with probability weights[i] / sum(weights).
  static Distribution empirical(std::vector<double> values, std::vector<double> weights);
  // Samples 1 with probability p, else 0.
  static Distribution bernoulli(double p);

  double sample(RandomStream& rng) const;
  // The time still to run of a spell caught in progress in a steady state (the equilibrium residual life):
  // density S(x)/mean for survival function S. Sampled as a uniform fraction of a length-biased total (a
  // spell is caught with probability proportional to its length), in closed form per kind: exponential is
  // memoryless; gamma(k, t) -> gamma(k+1, t); lognormal(mu, s) -> lognormal(mu+s^2, s); weibull(k, l) ->
  // l * gamma(1+1/k, 1)^(1/k); uniform(a, b) -> density x on [a, b]; fixed(d) -> d; empirical -> weights
  // times values. Throws std::invalid_argument for a distribution that can draw negative durations.
  double sample_residual(RandomStream& rng) const;
  // The same spell seen from both sides: how long it has run (its age) and how long it still runs. The two
  // have the same marginal law; together they add up to the length-biased total (for an exponential stay,
  // two independent draws, as memorylessness has it).
  struct InProgress {
    double elapsed = 0.0;
    double remaining = 0.0;
  };
  InProgress sample_in_progress(RandomStream& rng) const;
  // E[X^2] / (2 E[X]): the mean of sample_residual (0 when the mean is 0).
  double residual_mean() const;
  double mean() const;
  double variance() const;
  // The smallest value a draw can take (0 for the kinds on [0, inf)); a duration needs it >= 0.
  double support_min() const;
  DistributionKind kind() const { return kind_; }
  // Human-readable form, e.g. "weibull(shape=1.5, scale=2)" or "exponential(mean=2) * 1.1".
  std::string describe() const;
  // Same shape with every draw multiplied by factor (finite, >= 0), e.g. for trend multipliers on durations.
  Distribution scaled(double factor) const;
  // The same kind, parameters and scale, so the same draws from the same stream. An empirical table is
  // compared by identity: a copy of a distribution equals it, a table built again from the same numbers
  // does not (a caller that uses equality to skip work only loses the shortcut).
  bool operator==(const Distribution& other) const {
    return kind_ == other.kind_ && scale_ == other.scale_ && impl_ == other.impl_;
  }

 private:
  struct Fixed {
    double value;
    bool operator==(const Fixed&) const = default;
  };
  struct Empirical {
    boost::random::discrete_distribution<std::size_t, double> index;
    std::vector<double> values;
    std::vector<double> weights;
  };
  using Impl =
      std::variant<boost::random::exponential_distribution<double>,
                   boost::random::weibull_distribution<double>, boost::random::lognormal_distribution<double>,
                   boost::random::gamma_distribution<double>,
                   boost::random::uniform_real_distribution<double>, Fixed, std::shared_ptr<const Empirical>,
                   boost::random::bernoulli_distribution<double>>;

  Distribution(DistributionKind kind, Impl impl) : kind_(kind), impl_(std::move(impl)) {}
  double base_mean() const;
  double base_variance() const;

  DistributionKind kind_;
  Impl impl_;
  double scale_ = 1.0;
};

}  // namespace ozsim::engine
