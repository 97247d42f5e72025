#include "calibration/inference/prior.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>
#include <stdexcept>

namespace ozsim::calibration {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// Boost.Math's standard normal quantile, computed in double and giving +-infinity at 0 and 1 (the
// same policy as normal_quantile, which this library cannot reach).
double normal_quantile(double p) {
  using Policy = boost::math::policies::policy<
      boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
      boost::math::policies::promote_double<false>>;
  if (p <= 0.0) return -inf;
  if (p >= 1.0) return inf;
  return boost::math::quantile(boost::math::normal_distribution<double, Policy>(), p);
}

std::string num(double x) {
  std::ostringstream out;
  out.precision(10);
  out << x;
  return out.str();
}

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

void require_finite(double x, const char* what) {
  require(std::isfinite(x), std::string(what) + " must be finite");
}

void require_bounds(double low, double high) {
  require_finite(low, "low");
  require_finite(high, "high");
  require(low < high, "low (" + num(low) + ") must be less than high (" + num(high) + ")");
}

// Standard normal restricted to [alpha, beta]: Robert (1995), choosing the proposal by the shape of
// the interval so that acceptance stays reasonable even far in a tail.
double truncated_standard_normal(Rng& rng, double alpha, double beta) {
  const double mass = normal_cdf(beta) - normal_cdf(alpha);
  if (mass > 0.25) {
    for (;;) {
      const double z = rng.normal();
      if (z >= alpha && z <= beta) return z;
    }
  }
  // Work in the right tail; mirror a left-tail interval.
  const bool mirrored = beta <= 0.0;
  const double a = mirrored ? -beta : alpha;
  const double b = mirrored ? -alpha : beta;
  double z = 0.0;
  if (a <= 0.0 || (b - a) * (a + b) < 2.0) {
    // Narrow interval (or one containing 0): uniform proposal, accepted with the density ratio.
    const double peak = a > 0.0 ? a * a : 0.0;
    for (;;) {
      z = a + (b - a) * rng.uniform();
      if (std::log(rng.uniform()) <= 0.5 * (peak - z * z)) break;
    }
  } else {
    // Far right tail: translated exponential proposal.
    const double rate = 0.5 * (a + std::sqrt(a * a + 4.0));
    for (;;) {
      z = a - std::log(rng.uniform()) / rate;
      if (z > b) continue;
      if (std::log(rng.uniform()) <= -0.5 * (z - rate) * (z - rate)) break;
    }
  }
  return mirrored ? -z : z;
}

}  // namespace

double normal_pdf(double z) {
  return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
}
double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}
std::string_view prior_kind_name(PriorKind kind) {
  switch (kind) {
    case PriorKind::uniform:
      return "uniform";
    case PriorKind::log_uniform:
      return "log-uniform";
    case PriorKind::normal:
      return "normal";
    case PriorKind::truncated_normal:
      return "truncated-normal";
    case PriorKind::beta:
      return "beta";
  }
  return "?";
}

const std::vector<std::string>& prior_kind_names() {
  static const std::vector<std::string> names{"uniform", "log-uniform", "normal", "truncated-normal", "beta"};
  return names;
}

std::optional<PriorKind> parse_prior_kind(std::string_view name) {
  for (auto kind : {PriorKind::uniform, PriorKind::log_uniform, PriorKind::normal,
                    PriorKind::truncated_normal, PriorKind::beta}) {
    if (prior_kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string_view prior_params_help(PriorKind kind) {
  switch (kind) {
    case PriorKind::uniform:
      return "[low, high]";
    case PriorKind::log_uniform:
      return "[low, high] with 0 < low";
    case PriorKind::normal:
      return "[mean, sd]";
    case PriorKind::truncated_normal:
      return "[mean, sd, low, high]";
    case PriorKind::beta:
      return "[alpha, beta] or [alpha, beta, low, high]";
  }
  return "?";
}

Prior::Prior(PriorKind kind, double a, double b, double low, double high)
    : kind_(kind), a_(a), b_(b), low_(low), high_(high) {
  switch (kind_) {
    case PriorKind::uniform:
      log_norm_ = -std::log(high_ - low_);
      break;
    case PriorKind::log_uniform:
      log_norm_ = -std::log(std::log(high_ / low_));
      break;
    case PriorKind::normal:
      log_norm_ = -std::log(b_) - 0.5 * std::log(2.0 * std::numbers::pi);
      break;
    case PriorKind::truncated_normal:
      log_norm_ = -std::log(b_) - 0.5 * std::log(2.0 * std::numbers::pi) -
                  std::log(normal_cdf((high_ - a_) / b_) - normal_cdf((low_ - a_) / b_));
      break;
    case PriorKind::beta:
      log_norm_ = std::lgamma(a_ + b_) - std::lgamma(a_) - std::lgamma(b_) - std::log(high_ - low_);
      break;
  }
}

Prior Prior::uniform(double low, double high) {
  require_bounds(low, high);
  return Prior(PriorKind::uniform, 0.0, 0.0, low, high);
}

Prior Prior::log_uniform(double low, double high) {
  require_bounds(low, high);
  require(low > 0.0, "low (" + num(low) + ") must be positive for a log-uniform prior");
  return Prior(PriorKind::log_uniform, 0.0, 0.0, low, high);
}

Prior Prior::normal(double mean, double sd) {
  require_finite(mean, "mean");
  require(std::isfinite(sd) && sd > 0.0, "sd (" + num(sd) + ") must be positive");
  return Prior(PriorKind::normal, mean, sd, -inf, inf);
}

Prior Prior::truncated_normal(double mean, double sd, double low, double high) {
  require_finite(mean, "mean");
  require(std::isfinite(sd) && sd > 0.0, "sd (" + num(sd) + ") must be positive");
  require_bounds(low, high);
  require(normal_cdf((high - mean) / sd) - normal_cdf((low - mean) / sd) > 1e-12,
          "[low, high] holds no probability mass of normal(" + num(mean) + ", " + num(sd) + ")");
  return Prior(PriorKind::truncated_normal, mean, sd, low, high);
}

Prior Prior::beta(double alpha, double beta, double low, double high) {
  require(std::isfinite(alpha) && alpha > 0.0, "alpha (" + num(alpha) + ") must be positive");
  require(std::isfinite(beta) && beta > 0.0, "beta (" + num(beta) + ") must be positive");
  require_bounds(low, high);
  return Prior(PriorKind::beta, alpha, beta, low, high);
}

Prior Prior::from_params(PriorKind kind, const std::vector<double>& p) {
  const auto expect = [&](std::size_t n) {
    require(p.size() == n, "prior '" + std::string(prior_kind_name(kind)) + "' takes params " +
                               std::string(prior_params_help(kind)) + ", found " + std::to_string(p.size()) +
                               " value(s)");
  };
  switch (kind) {
    case PriorKind::uniform:
      expect(2);
      return uniform(p[0], p[1]);
    case PriorKind::log_uniform:
      expect(2);
      return log_uniform(p[0], p[1]);
    case PriorKind::normal:
      expect(2);
      return normal(p[0], p[1]);
    case PriorKind::truncated_normal:
      expect(4);
      return truncated_normal(p[0], p[1], p[2], p[3]);
    case PriorKind::beta:
      if (p.size() == 2) return beta(p[0], p[1]);
      expect(4);
      return beta(p[0], p[1], p[2], p[3]);
  }
  throw std::invalid_argument("unknown prior kind");
}

bool Prior::in_support(double x) const {
  if (!std::isfinite(x)) return false;
  // Beta's density can be infinite at its ends, so its support is the open interval.
  if (kind_ == PriorKind::beta) return x > low_ && x < high_;
  return x >= low_ && x <= high_;
}

double Prior::log_density(double x) const {
  if (!in_support(x)) return -inf;
  switch (kind_) {
    case PriorKind::uniform:
      return log_norm_;
    case PriorKind::log_uniform:
      return log_norm_ - std::log(x);
    case PriorKind::normal:
    case PriorKind::truncated_normal: {
      const double z = (x - a_) / b_;
      return log_norm_ - 0.5 * z * z;
    }
    case PriorKind::beta: {
      const double y = (x - low_) / (high_ - low_);
      return log_norm_ + (a_ - 1.0) * std::log(y) + (b_ - 1.0) * std::log1p(-y);
    }
  }
  return -inf;
}

double Prior::sample(Rng& rng) const {
  switch (kind_) {
    case PriorKind::uniform:
      return low_ + (high_ - low_) * rng.uniform();
    case PriorKind::log_uniform:
      return low_ * std::exp(std::log(high_ / low_) * rng.uniform());
    case PriorKind::normal:
      return a_ + b_ * rng.normal();
    case PriorKind::truncated_normal: {
      const double z = truncated_standard_normal(rng, (low_ - a_) / b_, (high_ - a_) / b_);
      // Rounding in a_ + b_ * z can step just outside the bounds.
      return std::clamp(a_ + b_ * z, low_, high_);
    }
    case PriorKind::beta: {
      for (;;) {
        const double x = rng.gamma(a_);
        const double y = rng.gamma(b_);
        const double value = low_ + (high_ - low_) * (x / (x + y));
        if (in_support(value)) return value;  // excludes the ends, which the gamma ratio can hit
      }
    }
  }
  return 0.0;
}

double Prior::mean() const {
  switch (kind_) {
    case PriorKind::uniform:
      return 0.5 * (low_ + high_);
    case PriorKind::log_uniform:
      return (high_ - low_) / std::log(high_ / low_);
    case PriorKind::normal:
      return a_;
    case PriorKind::truncated_normal: {
      const double alpha = (low_ - a_) / b_;
      const double beta = (high_ - a_) / b_;
      const double z = normal_cdf(beta) - normal_cdf(alpha);
      return a_ + b_ * (normal_pdf(alpha) - normal_pdf(beta)) / z;
    }
    case PriorKind::beta:
      return low_ + (high_ - low_) * a_ / (a_ + b_);
  }
  return 0.0;
}

double Prior::variance() const {
  switch (kind_) {
    case PriorKind::uniform:
      return (high_ - low_) * (high_ - low_) / 12.0;
    case PriorKind::log_uniform: {
      const double l = std::log(high_ / low_);
      const double m = mean();
      return (high_ * high_ - low_ * low_) / (2.0 * l) - m * m;
    }
    case PriorKind::normal:
      return b_ * b_;
    case PriorKind::truncated_normal: {
      const double alpha = (low_ - a_) / b_;
      const double beta = (high_ - a_) / b_;
      const double z = normal_cdf(beta) - normal_cdf(alpha);
      const double d = (normal_pdf(alpha) - normal_pdf(beta)) / z;
      return b_ * b_ * (1.0 + (alpha * normal_pdf(alpha) - beta * normal_pdf(beta)) / z - d * d);
    }
    case PriorKind::beta: {
      const double s = a_ + b_;
      return (high_ - low_) * (high_ - low_) * a_ * b_ / (s * s * (s + 1.0));
    }
  }
  return 0.0;
}

double Prior::from_unit(double u) const {
  u = std::clamp(u, 0.0, 1.0);
  switch (kind_) {
    case PriorKind::uniform:
      return low_ + (high_ - low_) * u;
    case PriorKind::beta:
      // Beta's support is open (in_support): its ends, which every Morris trajectory reaches, move to the
      // nearest value inside, or no trajectory would be admissible.
      return std::clamp(low_ + (high_ - low_) * u, std::nextafter(low_, high_), std::nextafter(high_, low_));
    case PriorKind::log_uniform:
      return low_ * std::exp(std::log(high_ / low_) * u);
    case PriorKind::normal:
      return a_ + b_ * normal_quantile(0.025 + 0.95 * u);
    case PriorKind::truncated_normal: {
      const double pa = normal_cdf((low_ - a_) / b_);
      const double pb = normal_cdf((high_ - a_) / b_);
      return std::clamp(a_ + b_ * normal_quantile(pa + (pb - pa) * (0.025 + 0.95 * u)), low_, high_);
    }
  }
  return 0.0;
}

std::string Prior::describe() const {
  switch (kind_) {
    case PriorKind::uniform:
      return "uniform(" + num(low_) + ", " + num(high_) + ")";
    case PriorKind::log_uniform:
      return "log-uniform(" + num(low_) + ", " + num(high_) + ")";
    case PriorKind::normal:
      return "normal(" + num(a_) + ", " + num(b_) + ")";
    case PriorKind::truncated_normal:
      return "truncated-normal(" + num(a_) + ", " + num(b_) + ", " + num(low_) + ", " + num(high_) + ")";
    case PriorKind::beta:
      return "beta(" + num(a_) + ", " + num(b_) + ", " + num(low_) + ", " + num(high_) + ")";
  }
  return "?";
}

}  // namespace ozsim::calibration
