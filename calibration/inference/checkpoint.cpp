#include "calibration/inference/checkpoint.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "calibration/inference/abc.hpp"
#include "calibration/inference/checkpoint_fields.hpp"
#include "sim/params/input_error.hpp"

namespace ozsim::calibration {
namespace {

using namespace checkpoint_fields;

constexpr std::string_view kFormat = "ozsim-abc-checkpoint";
constexpr int kVersion = 4;  // 3: each generation's normaliser, best likelihood and truncations; 4: distinct

nlohmann::json hex_array(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (double v : values) out.push_back(hex_double(v));
  return out;
}

void mix(std::uint64_t& h, std::string_view text) {
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ull;
  }
  h ^= 0xFF;  // field separator
  h *= 0x100000001B3ull;
}

constexpr std::uint64_t kFnvOffset = 0xCBF29CE484222325ull;

}  // namespace

std::string hex_double(double x) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%a", x);
  return buffer;
}

double parse_hex_double(std::string_view text) {
  const std::string s(text);
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) throw std::invalid_argument("not a number: '" + s + "'");
  return value;
}

std::string content_digest(std::string_view text) {
  std::uint64_t h = kFnvOffset;
  mix(h, text);
  return hex64(h);
}

ProblemFingerprint problem_fingerprint(const ParameterSpace& space, const std::vector<Target>& targets,
                                       const AbcSettings& settings) {
  ProblemFingerprint f;
  f.model = settings.model_digest;
  f.priors = kFnvOffset;
  for (const auto& p : space.parameters()) {
    mix(f.priors, p.name);
    mix(f.priors, prior_kind_name(p.prior.kind()));
    for (double v : p.prior.defining_values()) mix(f.priors, hex_double(v));
  }
  for (const auto& c : space.constraints()) mix(f.priors, c.text);
  f.targets = kFnvOffset;
  for (const auto& t : targets) {
    mix(f.targets, t.name);
    mix(f.targets, t.kpi);
    mix(f.targets, hex_double(t.observed));
    mix(f.targets, hex_double(t.sigma));
    mix(f.targets, hex_double(t.weight));
  }
  f.settings = kFnvOffset;
  mix(f.settings, method_name(settings.method));
  mix(f.settings, normalisation_name(settings.normalisation));
  mix(f.settings, std::to_string(settings.seed));
  mix(f.settings, std::to_string(settings.particles));
  mix(f.settings, std::to_string(settings.replications));
  mix(f.settings, hex_double(settings.target_acceptance));
  mix(f.settings, hex_double(settings.max_temperature_ratio));
  mix(f.settings, hex_double(settings.min_ess_fraction));
  mix(f.settings, settings.shared_noise ? "shared-noise" : "fresh-noise");
  if (settings.method == Method::resample_move) mix(f.settings, "moves " + std::to_string(settings.moves));
  return f;
}

std::string checkpoint_to_json(const Checkpoint& c) {
  Json j;
  j["format"] = kFormat;
  j["version"] = kVersion;
  j["seed"] = c.seed;
  j["particles"] = c.particles;
  j["replications"] = c.replications;
  j["method"] = c.method;
  j["fingerprint"] = {{"model", c.fingerprint.model},
                      {"targets", hex64(c.fingerprint.targets)},
                      {"priors", hex64(c.fingerprint.priors)},
                      {"settings", hex64(c.fingerprint.settings)}};
  j["parameters"] = c.parameter_names;
  j["targets"] = c.target_names;
  j["generation"] = c.generation;
  j["temperature"] = hex_double(c.temperature);
  j["total_simulations"] = c.total_simulations;
  Json history = Json::array();
  for (const auto& g : c.history) {
    history.push_back({{"generation", g.generation},
                       {"temperature", hex_double(g.temperature)},
                       {"simulations", g.simulations},
                       {"evaluations", g.evaluations},
                       {"proposals", g.proposals},
                       {"acceptance_rate", hex_double(g.acceptance_rate)},
                       {"ess", hex_double(g.ess)},
                       {"seconds", hex_double(g.seconds)},
                       {"log_normaliser", hex_double(g.log_normaliser)},
                       {"best_log_likelihood", hex_double(g.best_log_likelihood)},
                       {"truncated", g.truncated},
                       {"distinct", g.distinct}});
  }
  j["history"] = history;
  Json particles = Json::array();
  for (const auto& p : c.population.particles) particles.push_back(hex_array(p));
  j["population"] = {{"particles", particles},
                     {"weights", hex_array(c.population.weights)},
                     {"distances", hex_array(c.population.distances)},
                     {"log_likelihoods", hex_array(c.population.log_likelihoods)},
                     {"proposal_log_likelihoods", hex_array(c.population.proposal_log_likelihoods)}};
  return j.dump(1) + "\n";
}

Checkpoint checkpoint_from_json(std::string_view text, const std::string& origin) {
  try {
    Json j;
    try {
      j = Json::parse(text);
    } catch (const Json::parse_error& e) {
      // Without nlohmann's "[json.exception.parse_error.101] ": "parse error at line L, column C: ...".
      std::string why = e.what();
      if (const auto end = why.find("] "); why.rfind("[json.exception", 0) == 0 && end != std::string::npos)
        why = why.substr(end + 2);
      unreadable(origin, "", why);
    }
    if (!j.is_object() || !j.contains("format") || j["format"] != kFormat) {
      bad("format", "\"" + std::string(kFormat) + "\" (this is not an ozsim calibration checkpoint)",
          !j.is_object()         ? "a JSON " + std::string(j.type_name()) + " where an object belongs"
          : j.contains("format") ? shown(j["format"])
                                 : "nothing");
    }
    const std::uint64_t version = read_count(j, "version");
    if (version != kVersion) {
      bad("version", std::to_string(kVersion) + " (written by this ozsim)",
          std::to_string(version) + "; rerun without --resume");
    }
    Checkpoint c;
    c.seed = read_count(j, "seed");
    c.particles = read_count(j, "particles");
    c.replications = read_count(j, "replications");
    c.method = read_text(j, "method");
    if (c.method != method_name(Method::abc_smc) && c.method != method_name(Method::synthetic_likelihood) &&
        c.method != method_name(Method::resample_move)) {
      bad("method",
          "\"" + std::string(method_name(Method::abc_smc)) + "\", \"" +
              std::string(method_name(Method::synthetic_likelihood)) + "\" or \"" +
              std::string(method_name(Method::resample_move)) + "\" (rejection writes no checkpoint)",
          shown(Json(c.method)));
    }
    const Json& f = field(j, "fingerprint", "");
    c.fingerprint.model = read_text(f, "model", "fingerprint.");
    c.fingerprint.targets = parse_hex64(read_text(f, "targets", "fingerprint."), "fingerprint.targets");
    c.fingerprint.priors = parse_hex64(read_text(f, "priors", "fingerprint."), "fingerprint.priors");
    c.fingerprint.settings = parse_hex64(read_text(f, "settings", "fingerprint."), "fingerprint.settings");
    c.parameter_names = read_names(j, "parameters");
    c.target_names = read_names(j, "targets");
    c.generation = read_count(j, "generation");
    c.temperature = read_double(j, "temperature", "");
    c.total_simulations = read_count(j, "total_simulations");
    const Json& history = field(j, "history", "");
    if (!history.is_array()) bad("history", "an array", shown(history));
    for (std::size_t g = 0; g < history.size(); ++g) {
      c.history.push_back(read_generation(history[g], "history[" + std::to_string(g) + "]."));
    }
    const Json& pop = field(j, "population", "");
    const Json& particles = field(pop, "particles", "population.");
    if (!particles.is_array()) bad("population.particles", "an array", shown(particles));
    for (std::size_t k = 0; k < particles.size(); ++k) {
      const std::string at = "population.particles[" + std::to_string(k) + "]";
      if (!particles[k].is_array()) bad(at, "an array", shown(particles[k]));
      std::vector<double> values;
      for (std::size_t i = 0; i < particles[k].size(); ++i) {
        values.push_back(read_double(particles[k][i], at + "[" + std::to_string(i) + "]"));
      }
      c.population.particles.push_back(std::move(values));
    }
    c.population.weights = read_doubles(pop, "weights", "population.");
    c.population.distances = read_doubles(pop, "distances", "population.");
    c.population.log_likelihoods = read_doubles(pop, "log_likelihoods", "population.");
    c.population.proposal_log_likelihoods = read_doubles(pop, "proposal_log_likelihoods", "population.");
    check_consistent(c);
    c.origin = origin;
    return c;
  } catch (const FieldError& e) {
    unreadable(origin, e.field, e.message);
  } catch (const Json::exception& e) {
    unreadable(origin, "", e.what());
  }
}

void check_resumable(const Checkpoint& c, const ParameterSpace& space, const std::vector<Target>& targets,
                     const AbcSettings& settings) {
  const ProblemFingerprint now = problem_fingerprint(space, targets, settings);
  std::vector<std::string> differ;
  if (c.fingerprint.model != now.model) differ.emplace_back("the scenario or its --set overrides");
  if (c.fingerprint.targets != now.targets) differ.emplace_back("the targets");
  if (c.fingerprint.priors != now.priors || c.parameter_names != space.names())
    differ.emplace_back("the priors");
  if (c.fingerprint.settings != now.settings) {
    differ.emplace_back(
        "the settings (method, normalisation, seed, particles, replications or temperature schedule)");
  }
  if (!differ.empty()) {
    std::string list;
    for (std::size_t i = 0; i < differ.size(); ++i)
      list += (i == 0 ? "" : i + 1 == differ.size() ? " and " : ", ") + differ[i];
    throw params::InputError(params::SourceLocation{c.origin, 0, 0},
                             "refusing to resume: " + list +
                                 " differ from the calibration that wrote this checkpoint; rerun without "
                                 "--resume (or with another --out) to start afresh");
  }
  // The fingerprints match, so what follows holds for any checkpoint this calibration wrote: a failure
  // is an edited checkpoint whose fingerprint was kept.
  try {
    if (c.seed != settings.seed) bad("seed", std::to_string(settings.seed), std::to_string(c.seed));
    if (c.particles != settings.particles)
      bad("particles", std::to_string(settings.particles), std::to_string(c.particles));
    if (c.replications != settings.replications)
      bad("replications", std::to_string(settings.replications), std::to_string(c.replications));
    if (c.method != method_name(settings.method))
      bad("method", "\"" + std::string(method_name(settings.method)) + "\"", shown(Json(c.method)));
    std::vector<std::string> target_names;
    for (const auto& t : targets) target_names.push_back(t.name);
    if (c.target_names != target_names)
      bad("targets", "the targets' names " + shown(Json(target_names)), shown(Json(c.target_names)));
    for (std::size_t k = 0; k < c.population.size(); ++k) {
      if (!space.admissible(c.population.particles[k])) {
        bad("population.particles[" + std::to_string(k) + "]",
            "values inside the priors' support and constraints", shown(Json(c.population.particles[k])));
      }
    }
  } catch (const FieldError& e) {
    unreadable(c.origin, e.field, e.message);
  }
}

}  // namespace ozsim::calibration
