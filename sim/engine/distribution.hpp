#pragma once
// Probability distributions for durations and outcomes, selectable by name from scenario files.
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
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/engine/random.hpp"

namespace ozsim::engine {

enum class DistributionKind { Exponential, Weibull, Lognormal, Gamma, Uniform, Fixed, Empirical, Bernoulli };

// The scenario-file name of a kind ("exponential", ...).
std::string_view distribution_name(DistributionKind kind);

// A validated distribution. Every constructor throws std::invalid_argument naming the distribution, the
// parameter, the rule and the value found, e.g. "lognormal: parameter 'sd' must be > 0, found -1".
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

  // Builds a distribution from its scenario-file name and named parameters. Accepted sets:
  // exponential{mean}|{rate}; weibull{shape,scale}; lognormal{mean,sd}|{mu,sigma};
  // gamma{shape,scale}|{mean,sd}; uniform{low,high}; fixed{value}; empirical{values,weights} (the two
  // vectors); bernoulli{p}. Unknown names get a did-you-mean and the list of valid names; missing and
  // unexpected parameters are listed.
  static Distribution from_spec(std::string_view name, const std::map<std::string, double>& params,
                                const std::vector<double>& values = {},
                                const std::vector<double>& weights = {});

  double sample(RandomStream& rng) const;
  double mean() const;
  double variance() const;
  DistributionKind kind() const { return kind_; }
  // Human-readable form, e.g. "weibull(shape=1.5, scale=2)" or "exponential(mean=2) * 1.1".
  std::string describe() const;
  // Same shape with every draw multiplied by factor (finite, >= 0), e.g. for trend multipliers on durations.
  Distribution scaled(double factor) const;

 private:
  struct Fixed {
    double value;
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
