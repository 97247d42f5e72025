#include "sim/engine/distribution.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace ozsim::engine {

namespace {

constexpr std::array<std::string_view, 8> NAMES = {"exponential", "weibull", "lognormal", "gamma",
                                                   "uniform",     "fixed",   "empirical", "bernoulli"};

[[noreturn]] void fail(std::string_view dist, std::string_view parameter, const std::string& message) {
  throw DistributionError(std::string(parameter), std::string(dist) + ": " + message);
}

void require_finite(std::string_view dist, std::string_view param, double x) {
  if (!std::isfinite(x)) {
    fail(dist, param, "parameter '" + std::string(param) + "' must be finite, found " + fmt::to_string(x));
  }
}
void require_positive(std::string_view dist, std::string_view param, double x) {
  require_finite(dist, param, x);
  if (!(x > 0.0))
    fail(dist, param, "parameter '" + std::string(param) + "' must be > 0, found " + fmt::to_string(x));
}

}  // namespace

std::string_view distribution_name(DistributionKind kind) {
  return NAMES[static_cast<std::size_t>(kind)];
}

Distribution Distribution::exponential(double mean) {
  require_positive("exponential", "mean", mean);
  return Distribution(DistributionKind::Exponential,
                      boost::random::exponential_distribution<double>(1.0 / mean));
}

Distribution Distribution::weibull(double shape, double scale) {
  require_positive("weibull", "shape", shape);
  require_positive("weibull", "scale", scale);
  return Distribution(DistributionKind::Weibull, boost::random::weibull_distribution<double>(shape, scale));
}

Distribution Distribution::lognormal_from_mean_sd(double mean, double sd) {
  require_positive("lognormal", "mean", mean);
  require_positive("lognormal", "sd", sd);
  // Moment matching: Var = (e^{s^2} - 1) m^2  =>  s^2 = ln(1 + sd^2/m^2), mu = ln m - s^2/2.
  const double ratio = sd / mean;
  const double sigma2 = std::log1p(ratio * ratio);
  return lognormal(std::log(mean) - 0.5 * sigma2, std::sqrt(sigma2));
}

Distribution Distribution::lognormal(double mu, double sigma) {
  require_finite("lognormal", "mu", mu);
  require_positive("lognormal", "sigma", sigma);
  return Distribution(DistributionKind::Lognormal, boost::random::lognormal_distribution<double>(mu, sigma));
}

Distribution Distribution::gamma(double shape, double scale) {
  require_positive("gamma", "shape", shape);
  require_positive("gamma", "scale", scale);
  return Distribution(DistributionKind::Gamma, boost::random::gamma_distribution<double>(shape, scale));
}

Distribution Distribution::uniform(double low, double high) {
  require_finite("uniform", "low", low);
  require_finite("uniform", "high", high);
  if (!(high > low)) {
    fail("uniform", "high",
         "parameter 'high' must be > low (" + fmt::to_string(low) + "), found " + fmt::to_string(high));
  }
  return Distribution(DistributionKind::Uniform, boost::random::uniform_real_distribution<double>(low, high));
}

Distribution Distribution::fixed(double value) {
  require_finite("fixed", "value", value);
  return Distribution(DistributionKind::Fixed, Fixed{value});
}

Distribution Distribution::empirical(std::vector<double> values, std::vector<double> weights) {
  if (values.empty()) fail("empirical", "values", "'values' must not be empty");
  if (values.size() != weights.size()) {
    fail("empirical", "values",
         "'values' has " + std::to_string(values.size()) + " entries but 'weights' has " +
             std::to_string(weights.size()));
  }
  double total = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      fail("empirical", "",
           "value " + std::to_string(i + 1) + " must be finite, found " + fmt::to_string(values[i]));
    }
    if (!std::isfinite(weights[i]) || weights[i] < 0.0) {
      fail("empirical", "",
           "weight " + std::to_string(i + 1) + " must be finite and >= 0, found " +
               fmt::to_string(weights[i]));
    }
    total += weights[i];
  }
  if (!(total > 0.0)) fail("empirical", "", "weights must not all be zero");
  boost::random::discrete_distribution<std::size_t, double> index(weights.begin(), weights.end());
  // Shared and immutable: copies of the distribution stay cheap.
  return Distribution(
      DistributionKind::Empirical,
      std::make_shared<const Empirical>(Empirical{std::move(index), std::move(values), std::move(weights)}));
}

Distribution Distribution::bernoulli(double p) {
  if (!(p >= 0.0 && p <= 1.0))
    fail("bernoulli", "p", "parameter 'p' must be in [0, 1], found " + fmt::to_string(p));
  return Distribution(DistributionKind::Bernoulli, boost::random::bernoulli_distribution<double>(p));
}

double Distribution::sample(RandomStream& rng) const {
  const double x = std::visit(
      [&rng](const auto& d) -> double {
        using D = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<D, Fixed>) {
          return d.value;
        } else if constexpr (std::is_same_v<D, std::shared_ptr<const Empirical>>) {
          return d->values[d->index(rng)];
        } else if constexpr (std::is_same_v<D, boost::random::bernoulli_distribution<double>>) {
          return d(rng) ? 1.0 : 0.0;
        } else if constexpr (requires { d(rng); }) {
          return d(rng);
        } else {
          // Boost declares these operator() non-const; a fresh copy per draw (a few doubles) also guarantees
          // that no cached state links one entity's draw to another's.
          D local = d;
          return local(rng);
        }
      },
      impl_);
  return scale_ * x;
}

double Distribution::support_min() const {
  switch (kind_) {
    case DistributionKind::Uniform:
      return std::get<4>(impl_).a() * scale_;
    case DistributionKind::Fixed:
      return std::get<Fixed>(impl_).value * scale_;
    case DistributionKind::Empirical: {
      const auto& values = std::get<6>(impl_)->values;
      return values.empty() ? 0.0 : *std::min_element(values.begin(), values.end()) * scale_;
    }
    default:  // exponential, weibull, lognormal, gamma, bernoulli: support within [0, inf)
      return 0.0;
  }
}

double Distribution::sample_residual(RandomStream& rng) const {
  return sample_in_progress(rng).remaining;
}

Distribution::InProgress Distribution::sample_in_progress(RandomStream& rng) const {
  const auto negative = [this](double lowest) {
    if (lowest < 0.0)
      fail(distribution_name(kind_), "",
           "residual life needs durations >= 0, but this distribution can draw " + fmt::to_string(lowest));
  };
  double total = 0.0;
  switch (kind_) {
    case DistributionKind::Exponential: {
      // Memoryless: the remaining time has the same law, independent of the time already spent.
      const double remaining = sample(rng);
      return {sample(rng), remaining};
    }
    case DistributionKind::Weibull: {
      const auto& d = std::get<1>(impl_);
      // Length-biased density ~ x^k exp(-(x/l)^k): with y = (x/l)^k that is gamma(1 + 1/k, 1) in y.
      boost::random::gamma_distribution<double> g(1.0 + 1.0 / d.a(), 1.0);
      total = d.b() * std::pow(g(rng), 1.0 / d.a());
      break;
    }
    case DistributionKind::Lognormal: {
      const auto& d = std::get<2>(impl_);
      boost::random::lognormal_distribution<double> biased(d.m() + d.s() * d.s(), d.s());
      total = biased(rng);
      break;
    }
    case DistributionKind::Gamma: {
      const auto& d = std::get<3>(impl_);
      boost::random::gamma_distribution<double> biased(d.alpha() + 1.0, d.beta());
      total = biased(rng);
      break;
    }
    case DistributionKind::Uniform: {
      const auto& d = std::get<4>(impl_);
      negative(d.a());
      // Density proportional to x on [a, b]: the inverse of the CDF (x^2 - a^2) / (b^2 - a^2).
      total = std::sqrt(d.a() * d.a() + rng.uniform01() * (d.b() * d.b() - d.a() * d.a()));
      break;
    }
    case DistributionKind::Fixed:
      negative(std::get<5>(impl_).value);
      total = std::get<5>(impl_).value;
      break;
    case DistributionKind::Empirical: {
      const auto& d = *std::get<6>(impl_);
      std::vector<double> biased(d.values.size());
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        negative(d.values[i]);
        biased[i] = d.weights[i] * d.values[i];
      }
      if (std::all_of(biased.begin(), biased.end(), [](double w) { return w == 0.0; })) return {};
      boost::random::discrete_distribution<std::size_t, double> index(biased.begin(), biased.end());
      total = d.values[index(rng)];
      break;
    }
    case DistributionKind::Bernoulli:
      // Durations of 0 or 1: a spell caught in progress is one of length 1.
      if (std::get<7>(impl_).p() == 0.0) return {};
      total = 1.0;
      break;
  }
  const double length = scale_ * total;
  const double remaining = length * rng.uniform01();
  return {length - remaining, remaining};
}

double Distribution::residual_mean() const {
  const double m = mean();
  if (m == 0.0) return 0.0;
  return (variance() + m * m) / (2.0 * m);
}

double Distribution::base_mean() const {
  switch (kind_) {
    case DistributionKind::Exponential:
      return 1.0 / std::get<0>(impl_).lambda();
    case DistributionKind::Weibull: {
      const auto& d = std::get<1>(impl_);
      return d.b() * std::tgamma(1.0 + 1.0 / d.a());
    }
    case DistributionKind::Lognormal: {
      const auto& d = std::get<2>(impl_);
      return std::exp(d.m() + 0.5 * d.s() * d.s());
    }
    case DistributionKind::Gamma: {
      const auto& d = std::get<3>(impl_);
      return d.alpha() * d.beta();
    }
    case DistributionKind::Uniform: {
      const auto& d = std::get<4>(impl_);
      return 0.5 * (d.a() + d.b());
    }
    case DistributionKind::Fixed:
      return std::get<5>(impl_).value;
    case DistributionKind::Empirical: {
      const auto& d = *std::get<6>(impl_);
      double total = 0.0;
      double weighted = 0.0;
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        total += d.weights[i];
        weighted += d.weights[i] * d.values[i];
      }
      return weighted / total;
    }
    case DistributionKind::Bernoulli:
      return std::get<7>(impl_).p();
  }
  return 0.0;
}

double Distribution::base_variance() const {
  switch (kind_) {
    case DistributionKind::Exponential: {
      const double m = base_mean();
      return m * m;
    }
    case DistributionKind::Weibull: {
      const auto& d = std::get<1>(impl_);
      const double g1 = std::tgamma(1.0 + 1.0 / d.a());
      return d.b() * d.b() * (std::tgamma(1.0 + 2.0 / d.a()) - g1 * g1);
    }
    case DistributionKind::Lognormal: {
      const auto& d = std::get<2>(impl_);
      const double s2 = d.s() * d.s();
      return std::expm1(s2) * std::exp(2.0 * d.m() + s2);
    }
    case DistributionKind::Gamma: {
      const auto& d = std::get<3>(impl_);
      return d.alpha() * d.beta() * d.beta();
    }
    case DistributionKind::Uniform: {
      const auto& d = std::get<4>(impl_);
      return (d.b() - d.a()) * (d.b() - d.a()) / 12.0;
    }
    case DistributionKind::Fixed:
      return 0.0;
    case DistributionKind::Empirical: {
      const auto& d = *std::get<6>(impl_);
      const double m = base_mean();
      double total = 0.0;
      double weighted = 0.0;
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        total += d.weights[i];
        weighted += d.weights[i] * (d.values[i] - m) * (d.values[i] - m);
      }
      return weighted / total;
    }
    case DistributionKind::Bernoulli: {
      const double p = std::get<7>(impl_).p();
      return p * (1.0 - p);
    }
  }
  return 0.0;
}

double Distribution::mean() const {
  return scale_ * base_mean();
}
double Distribution::variance() const {
  return scale_ * scale_ * base_variance();
}

std::string Distribution::describe() const {
  const std::string n = std::string(distribution_name(kind_));
  std::string out;
  switch (kind_) {
    case DistributionKind::Exponential:
      out = n + "(mean=" + fmt::to_string(base_mean()) + ")";
      break;
    case DistributionKind::Weibull: {
      const auto& d = std::get<1>(impl_);
      out = n + "(shape=" + fmt::to_string(d.a()) + ", scale=" + fmt::to_string(d.b()) + ")";
      break;
    }
    case DistributionKind::Lognormal: {
      const auto& d = std::get<2>(impl_);
      out = n + "(mu=" + fmt::to_string(d.m()) + ", sigma=" + fmt::to_string(d.s()) + ")";
      break;
    }
    case DistributionKind::Gamma: {
      const auto& d = std::get<3>(impl_);
      out = n + "(shape=" + fmt::to_string(d.alpha()) + ", scale=" + fmt::to_string(d.beta()) + ")";
      break;
    }
    case DistributionKind::Uniform: {
      const auto& d = std::get<4>(impl_);
      out = n + "(low=" + fmt::to_string(d.a()) + ", high=" + fmt::to_string(d.b()) + ")";
      break;
    }
    case DistributionKind::Fixed:
      out = n + "(value=" + fmt::to_string(base_mean()) + ")";
      break;
    case DistributionKind::Empirical:
      out = n + "(" + std::to_string(std::get<6>(impl_)->values.size()) +
            " values, mean=" + fmt::to_string(base_mean()) + ")";
      break;
    case DistributionKind::Bernoulli:
      out = n + "(p=" + fmt::to_string(std::get<7>(impl_).p()) + ")";
      break;
  }
  if (scale_ != 1.0) out += " * " + fmt::to_string(scale_);
  return out;
}

Distribution Distribution::scaled(double factor) const {
  if (!std::isfinite(factor) || factor < 0.0) {
    throw std::invalid_argument(describe() + ": scale factor must be finite and >= 0, found " +
                                fmt::to_string(factor));
  }
  Distribution copy = *this;
  copy.scale_ *= factor;
  return copy;
}

}  // namespace ozsim::engine
