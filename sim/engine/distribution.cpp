#include "sim/engine/distribution.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <stdexcept>

#include "sim/engine/format.hpp"

namespace ozsim::engine {

namespace {

constexpr std::array<std::string_view, 8> NAMES = {"exponential", "weibull", "lognormal", "gamma",
                                                   "uniform",     "fixed",   "empirical", "bernoulli"};

[[noreturn]] void fail(std::string_view dist, const std::string& message) {
  throw std::invalid_argument(std::string(dist) + ": " + message);
}

void require_finite(std::string_view dist, std::string_view param, double x) {
  if (!std::isfinite(x)) {
    fail(dist, "parameter '" + std::string(param) + "' must be finite, found " + format_number(x));
  }
}
void require_positive(std::string_view dist, std::string_view param, double x) {
  require_finite(dist, param, x);
  if (!(x > 0.0)) fail(dist, "parameter '" + std::string(param) + "' must be > 0, found " + format_number(x));
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The closest valid name: a name the input is a prefix of (users abbreviate), else one within a few edits.
std::string_view suggest(std::string_view name) {
  if (name.size() >= 2) {
    for (std::string_view candidate : NAMES) {
      if (candidate.starts_with(name)) return candidate;
    }
  }
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (std::string_view candidate : NAMES) {
    const std::size_t d = edit_distance(name, candidate);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

std::string join_quoted(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += "'" + n + "'";
  }
  return out;
}

using ParameterSet = std::vector<std::string>;

std::string describe_sets(const std::vector<ParameterSet>& sets) {
  std::string out = "expects ";
  for (std::size_t i = 0; i < sets.size(); ++i) {
    if (i > 0) out += " or ";
    out += "{";
    for (std::size_t j = 0; j < sets[i].size(); ++j) out += (j > 0 ? ", " : "") + sets[i][j];
    out += "}";
  }
  return out;
}

// Picks the parameter set the user meant (the one sharing most names) and reports what is missing or extra.
std::size_t match_parameters(std::string_view dist, const std::map<std::string, double>& params,
                             const std::vector<ParameterSet>& sets) {
  std::size_t best = 0;
  std::size_t best_shared = 0;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    std::size_t shared = 0;
    for (const auto& p : sets[i]) shared += params.count(p);
    if (shared > best_shared) {
      best = i;
      best_shared = shared;
    }
  }
  std::vector<std::string> missing;
  std::vector<std::string> unexpected;
  for (const auto& p : sets[best]) {
    if (params.count(p) == 0) missing.push_back(p);
  }
  for (const auto& [key, value] : params) {
    if (std::find(sets[best].begin(), sets[best].end(), key) == sets[best].end()) unexpected.push_back(key);
  }
  if (missing.empty() && unexpected.empty()) return best;
  std::string message;
  if (!missing.empty()) {
    message += (missing.size() == 1 ? "missing parameter " : "missing parameters ") + join_quoted(missing);
  }
  if (!unexpected.empty()) {
    if (!message.empty()) message += "; ";
    message += (unexpected.size() == 1 ? "unexpected parameter " : "unexpected parameters ") +
               join_quoted(unexpected);
  }
  fail(dist, message + " (" + describe_sets(sets) + ")");
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
    fail("uniform",
         "parameter 'high' must be > low (" + format_number(low) + "), found " + format_number(high));
  }
  return Distribution(DistributionKind::Uniform, boost::random::uniform_real_distribution<double>(low, high));
}

Distribution Distribution::fixed(double value) {
  require_finite("fixed", "value", value);
  return Distribution(DistributionKind::Fixed, Fixed{value});
}

Distribution Distribution::empirical(std::vector<double> values, std::vector<double> weights) {
  if (values.empty()) fail("empirical", "'values' must not be empty");
  if (values.size() != weights.size()) {
    fail("empirical", "'values' has " + std::to_string(values.size()) + " entries but 'weights' has " +
                          std::to_string(weights.size()));
  }
  double total = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      fail("empirical",
           "value " + std::to_string(i + 1) + " must be finite, found " + format_number(values[i]));
    }
    if (!std::isfinite(weights[i]) || weights[i] < 0.0) {
      fail("empirical", "weight " + std::to_string(i + 1) + " must be finite and >= 0, found " +
                            format_number(weights[i]));
    }
    total += weights[i];
  }
  if (!(total > 0.0)) fail("empirical", "weights must not all be zero");
  boost::random::discrete_distribution<std::size_t, double> index(weights.begin(), weights.end());
  // Shared and immutable: copies of the distribution stay cheap.
  return Distribution(
      DistributionKind::Empirical,
      std::make_shared<const Empirical>(Empirical{std::move(index), std::move(values), std::move(weights)}));
}

Distribution Distribution::bernoulli(double p) {
  if (!(p >= 0.0 && p <= 1.0))
    fail("bernoulli", "parameter 'p' must be in [0, 1], found " + format_number(p));
  return Distribution(DistributionKind::Bernoulli, boost::random::bernoulli_distribution<double>(p));
}

Distribution Distribution::from_spec(std::string_view name, const std::map<std::string, double>& params,
                                     const std::vector<double>& values, const std::vector<double>& weights) {
  const auto found = std::find(NAMES.begin(), NAMES.end(), name);
  if (found == NAMES.end()) {
    std::string message = "unknown distribution '" + std::string(name) + "'";
    const std::string_view guess = suggest(name);
    if (!guess.empty()) message += " (did you mean '" + std::string(guess) + "'?)";
    message += "; valid: ";
    for (std::size_t i = 0; i < NAMES.size(); ++i) message += (i > 0 ? ", " : "") + std::string(NAMES[i]);
    throw std::invalid_argument(message);
  }
  const auto kind = static_cast<DistributionKind>(found - NAMES.begin());
  const std::string_view dist = *found;
  if (kind != DistributionKind::Empirical && (!values.empty() || !weights.empty())) {
    fail(dist, "unexpected 'values'/'weights' lists (only empirical takes them)");
  }
  auto get = [&params](const char* key) { return params.at(key); };
  switch (kind) {
    case DistributionKind::Exponential:
      if (match_parameters(dist, params, {{"mean"}, {"rate"}}) == 0) return exponential(get("mean"));
      require_positive(dist, "rate", get("rate"));
      return exponential(1.0 / get("rate"));
    case DistributionKind::Weibull:
      match_parameters(dist, params, {{"shape", "scale"}});
      return weibull(get("shape"), get("scale"));
    case DistributionKind::Lognormal:
      if (match_parameters(dist, params, {{"mean", "sd"}, {"mu", "sigma"}}) == 0) {
        return lognormal_from_mean_sd(get("mean"), get("sd"));
      }
      return lognormal(get("mu"), get("sigma"));
    case DistributionKind::Gamma: {
      if (match_parameters(dist, params, {{"shape", "scale"}, {"mean", "sd"}}) == 0) {
        return gamma(get("shape"), get("scale"));
      }
      const double m = get("mean");
      const double sd = get("sd");
      require_positive(dist, "mean", m);
      require_positive(dist, "sd", sd);
      return gamma((m / sd) * (m / sd), sd * sd / m);
    }
    case DistributionKind::Uniform:
      match_parameters(dist, params, {{"low", "high"}});
      return uniform(get("low"), get("high"));
    case DistributionKind::Fixed:
      match_parameters(dist, params, {{"value"}});
      return fixed(get("value"));
    case DistributionKind::Empirical:
      if (!params.empty()) {
        std::vector<std::string> keys;
        for (const auto& [key, value] : params) keys.push_back(key);
        fail(dist, (keys.size() == 1 ? "unexpected parameter " : "unexpected parameters ") +
                       join_quoted(keys) + " (expects the lists 'values' and 'weights')");
      }
      return empirical(values, weights);
    case DistributionKind::Bernoulli:
      match_parameters(dist, params, {{"p"}});
      return bernoulli(get("p"));
  }
  throw std::logic_error("Distribution::from_spec: unhandled kind");
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
      out = n + "(mean=" + format_number(base_mean()) + ")";
      break;
    case DistributionKind::Weibull: {
      const auto& d = std::get<1>(impl_);
      out = n + "(shape=" + format_number(d.a()) + ", scale=" + format_number(d.b()) + ")";
      break;
    }
    case DistributionKind::Lognormal: {
      const auto& d = std::get<2>(impl_);
      out = n + "(mu=" + format_number(d.m()) + ", sigma=" + format_number(d.s()) + ")";
      break;
    }
    case DistributionKind::Gamma: {
      const auto& d = std::get<3>(impl_);
      out = n + "(shape=" + format_number(d.alpha()) + ", scale=" + format_number(d.beta()) + ")";
      break;
    }
    case DistributionKind::Uniform: {
      const auto& d = std::get<4>(impl_);
      out = n + "(low=" + format_number(d.a()) + ", high=" + format_number(d.b()) + ")";
      break;
    }
    case DistributionKind::Fixed:
      out = n + "(value=" + format_number(base_mean()) + ")";
      break;
    case DistributionKind::Empirical:
      out = n + "(" + std::to_string(std::get<6>(impl_)->values.size()) +
            " values, mean=" + format_number(base_mean()) + ")";
      break;
    case DistributionKind::Bernoulli:
      out = n + "(p=" + format_number(std::get<7>(impl_).p()) + ")";
      break;
  }
  if (scale_ != 1.0) out += " * " + format_number(scale_);
  return out;
}

Distribution Distribution::scaled(double factor) const {
  if (!std::isfinite(factor) || factor < 0.0) {
    throw std::invalid_argument(describe() + ": scale factor must be finite and >= 0, found " +
                                format_number(factor));
  }
  Distribution copy = *this;
  copy.scale_ *= factor;
  return copy;
}

}  // namespace ozsim::engine
