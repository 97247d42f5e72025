#include "sim/params/distribution_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "sim/params/key_table.hpp"

namespace ozsim::params {

namespace {

[[noreturn]] void fail(std::string_view dist, std::string_view parameter, const std::string& message) {
  throw engine::DistributionError(std::string(parameter), std::string(dist) + ": " + message);
}

void require_positive(std::string_view dist, std::string_view param, double x) {
  const std::string what = "parameter '" + std::string(param) + "' must be ";
  if (!std::isfinite(x)) fail(dist, param, what + "finite, found " + fmt::to_string(x));
  if (!(x > 0.0)) fail(dist, param, what + "> 0, found " + fmt::to_string(x));
}

// Users abbreviate ("expo"), so a name the input starts is the first guess; then a plausible typo.
std::optional<std::string> suggest(std::string_view name) {
  if (name.size() >= 2) {
    for (const std::string& candidate : distribution_names())
      if (candidate.starts_with(name)) return candidate;
  }
  return closest_match(name, distribution_names());
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
  // An unexpected field is where the user's eye should go; a missing one has no line of its own.
  fail(dist, unexpected.empty() ? std::string() : unexpected.front(),
       message + " (" + describe_sets(sets) + ")");
}

}  // namespace

const std::vector<std::string>& distribution_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (int k = 0; k <= static_cast<int>(engine::DistributionKind::Bernoulli); ++k)
      all.emplace_back(engine::distribution_name(static_cast<engine::DistributionKind>(k)));
    return all;
  }();
  return names;
}

engine::Distribution distribution_from_spec(std::string_view name,
                                            const std::map<std::string, double>& params,
                                            const std::vector<double>& values,
                                            const std::vector<double>& weights) {
  using engine::Distribution;
  using engine::DistributionKind;
  const auto& NAMES = distribution_names();
  const auto found = std::find(NAMES.begin(), NAMES.end(), name);
  if (found == NAMES.end()) {
    std::string message = "unknown distribution '" + std::string(name) + "'";
    if (const auto guess = suggest(name)) message += " (did you mean '" + *guess + "'?)";
    message += "; valid: ";
    for (std::size_t i = 0; i < NAMES.size(); ++i) message += (i > 0 ? ", " : "") + std::string(NAMES[i]);
    throw engine::DistributionError("", message);
  }
  const auto kind = static_cast<DistributionKind>(found - NAMES.begin());
  const std::string dist = *found;
  if (kind != DistributionKind::Empirical && (!values.empty() || !weights.empty())) {
    fail(dist, "", "unexpected 'values'/'weights' lists (only empirical takes them)");
  }
  auto get = [&params](const char* key) { return params.at(key); };
  switch (kind) {
    case DistributionKind::Exponential:
      if (match_parameters(dist, params, {{"mean"}, {"rate"}}) == 0)
        return Distribution::exponential(get("mean"));
      require_positive(dist, "rate", get("rate"));
      return Distribution::exponential(1.0 / get("rate"));
    case DistributionKind::Weibull:
      match_parameters(dist, params, {{"shape", "scale"}});
      return Distribution::weibull(get("shape"), get("scale"));
    case DistributionKind::Lognormal:
      if (match_parameters(dist, params, {{"mean", "sd"}, {"mu", "sigma"}}) == 0) {
        return Distribution::lognormal_from_mean_sd(get("mean"), get("sd"));
      }
      return Distribution::lognormal(get("mu"), get("sigma"));
    case DistributionKind::Gamma: {
      if (match_parameters(dist, params, {{"shape", "scale"}, {"mean", "sd"}}) == 0) {
        return Distribution::gamma(get("shape"), get("scale"));
      }
      const double m = get("mean");
      const double sd = get("sd");
      require_positive(dist, "mean", m);
      require_positive(dist, "sd", sd);
      return Distribution::gamma((m / sd) * (m / sd), sd * sd / m);
    }
    case DistributionKind::Uniform:
      match_parameters(dist, params, {{"low", "high"}});
      return Distribution::uniform(get("low"), get("high"));
    case DistributionKind::Fixed:
      match_parameters(dist, params, {{"value"}});
      return Distribution::fixed(get("value"));
    case DistributionKind::Empirical:
      if (!params.empty()) {
        std::vector<std::string> keys;
        for (const auto& [key, value] : params) keys.push_back(key);
        fail(dist, keys.front(),
             (keys.size() == 1 ? "unexpected parameter " : "unexpected parameters ") + join_quoted(keys) +
                 " (expects the lists 'values' and 'weights')");
      }
      return Distribution::empirical(values, weights);
    case DistributionKind::Bernoulli:
      match_parameters(dist, params, {{"p"}});
      return Distribution::bernoulli(get("p"));
  }
  throw std::logic_error("distribution_from_spec: unhandled kind");
}

}  // namespace ozsim::params
