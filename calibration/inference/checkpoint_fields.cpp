// Typed, checked reading of a checkpoint's JSON fields, and the checks across fields a resume relies on.
#include "calibration/inference/checkpoint_fields.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "sim/params/input_error.hpp"

namespace ozsim::calibration::checkpoint_fields {

[[noreturn]] void bad(const std::string& field, const std::string& expected, const std::string& found) {
  throw FieldError{field, field + ": expected " + expected + ", found " + found};
}

// A value as found, at most 40 characters; bytes that are not UTF-8 are shown as U+FFFD.
std::string shown(const Json& j) {
  std::string text = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

// "ORIGIN: cannot read checkpoint: MESSAGE", exit code 2 like every other bad input file.
[[noreturn]] void unreadable(const std::string& origin, const std::string& field,
                             const std::string& message) {
  throw params::InputError::with_key(params::SourceLocation{origin, 0, 0}, field,
                                     "cannot read checkpoint: " + message);
}

// Typed, checked access: every reader names the field and what it expected.
const Json& field(const Json& object, const std::string& name, const std::string& path) {
  if (!object.is_object()) bad(path, "an object", shown(object));
  const auto it = object.find(name);
  if (it == object.end()) bad(path + name, "a value", "nothing (missing)");
  return *it;
}

std::uint64_t read_count(const Json& object, const std::string& name, const std::string& path) {
  const Json& j = field(object, name, path);
  if (!j.is_number_unsigned()) bad(path + name, "a non-negative integer", shown(j));
  return j.get<std::uint64_t>();
}

std::string read_text(const Json& object, const std::string& name, const std::string& path) {
  const Json& j = field(object, name, path);
  if (!j.is_string()) bad(path + name, "a string", shown(j));
  return j.get<std::string>();
}

double read_double(const Json& j, const std::string& path) {
  if (!j.is_string()) bad(path, "a hex float string", shown(j));
  try {
    return parse_hex_double(j.get<std::string>());
  } catch (const std::invalid_argument&) {
    bad(path, "a hex float string", shown(j));
  }
}

double read_double(const Json& object, const std::string& name, const std::string& path) {
  return read_double(field(object, name, path), path + name);
}

std::vector<double> read_doubles(const Json& object, const std::string& name, const std::string& path) {
  const Json& j = field(object, name, path);
  if (!j.is_array()) bad(path + name, "an array", shown(j));
  std::vector<double> out;
  for (std::size_t i = 0; i < j.size(); ++i)
    out.push_back(read_double(j[i], path + name + "[" + std::to_string(i) + "]"));
  return out;
}

std::vector<std::string> read_names(const Json& object, const std::string& name) {
  const Json& j = field(object, name, "");
  if (!j.is_array()) bad(name, "an array of names", shown(j));
  std::vector<std::string> out;
  for (const auto& v : j) {
    if (!v.is_string()) bad(name, "an array of names", shown(v));
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::string hex64(std::uint64_t x) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(x));
  return buffer;
}

std::uint64_t parse_hex64(const std::string& text, const std::string& path) {
  std::uint64_t v = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
  if (text.size() != 16 || error != std::errc() || end != text.data() + text.size())
    bad(path, "16 hex digits", shown(Json(text)));
  return v;
}

GenerationStats read_generation(const Json& g, const std::string& path) {
  GenerationStats s;
  s.generation = read_count(g, "generation", path);
  s.temperature = read_double(g, "temperature", path);
  s.simulations = read_count(g, "simulations", path);
  s.evaluations = read_count(g, "evaluations", path);
  s.proposals = read_count(g, "proposals", path);
  s.acceptance_rate = read_double(g, "acceptance_rate", path);
  s.ess = read_double(g, "ess", path);
  s.seconds = read_double(g, "seconds", path);
  s.log_normaliser = read_double(g, "log_normaliser", path);
  s.best_log_likelihood = read_double(g, "best_log_likelihood", path);
  s.truncated = read_count(g, "truncated", path);
  s.distinct = read_count(g, "distinct", path);
  if (!(s.temperature >= 1.0)) bad(path + "temperature", "a number >= 1 or inf", hex_double(s.temperature));
  if (!(s.acceptance_rate >= 0.0 && s.acceptance_rate <= 1.0))
    bad(path + "acceptance_rate", "a share in [0, 1]", hex_double(s.acceptance_rate));
  if (!(s.ess > 0.0 && std::isfinite(s.ess))) bad(path + "ess", "a positive number", hex_double(s.ess));
  if (!(s.seconds >= 0.0 && std::isfinite(s.seconds)))
    bad(path + "seconds", "a finite number >= 0", hex_double(s.seconds));
  // Both on the acceptor's log(L / peak) scale, which is <= 0; -inf when no proposal had a finite one.
  if (!(s.log_normaliser <= 0.0 && std::isfinite(s.log_normaliser)))
    bad(path + "log_normaliser", "a finite number <= 0", hex_double(s.log_normaliser));
  if (!(s.best_log_likelihood <= 0.0))
    bad(path + "best_log_likelihood", "a number <= 0 or -inf", hex_double(s.best_log_likelihood));
  if (s.truncated > s.evaluations) {
    bad(path + "truncated", "at most the evaluations (" + std::to_string(s.evaluations) + ")",
        std::to_string(s.truncated));
  }
  if (s.evaluations > s.proposals) {
    bad(path + "evaluations", "at most the proposals (" + std::to_string(s.proposals) + ")",
        std::to_string(s.evaluations));
  }
  return s;
}

// Cross-field checks: everything the calibrator relies on when it resumes.
void check_consistent(const Checkpoint& c) {
  if (c.particles == 0) bad("particles", "at least 1", "0");
  if (c.replications == 0) bad("replications", "at least 1", "0");
  if (c.parameter_names.empty()) bad("parameters", "at least one parameter name", "[]");
  if (c.target_names.empty()) bad("targets", "at least one target name", "[]");
  if (c.generation > kMaxGeneration)
    bad("generation", "at most " + std::to_string(kMaxGeneration), std::to_string(c.generation));
  if (c.history.empty()) bad("history", "one entry per generation 0.." + std::to_string(c.generation), "[]");
  if (c.history.size() != c.generation + 1) {
    bad("history",
        std::to_string(c.generation + 1) + " entries (generations 0.." + std::to_string(c.generation) + ")",
        std::to_string(c.history.size()));
  }
  for (std::size_t g = 0; g < c.history.size(); ++g) {
    const std::string at = "history[" + std::to_string(g) + "].";
    if (c.history[g].generation != g)
      bad(at + "generation", std::to_string(g), std::to_string(c.history[g].generation));
    // The schedule starts at infinity (generation 0 keeps every prior draw) and never rises.
    if (g == 0 && !std::isinf(c.history[g].temperature)) {
      bad(at + "temperature", "inf (generation 0 keeps every prior draw)",
          hex_double(c.history[g].temperature));
    }
    if (g > 0 && c.history[g].temperature > c.history[g - 1].temperature) {
      bad(at + "temperature", "at most the previous generation's " + hex_double(c.history[g - 1].temperature),
          hex_double(c.history[g].temperature));
    }
  }
  if (c.history.back().temperature != c.temperature)
    bad("temperature", "the last history entry's", hex_double(c.temperature));
  const std::size_t n = c.population.particles.size();
  if (n != c.particles)
    bad("population.particles", std::to_string(c.particles) + " particles", std::to_string(n));
  if (c.population.weights.size() != n)
    bad("population.weights", std::to_string(n) + " weights", std::to_string(c.population.weights.size()));
  if (c.population.distances.size() != n)
    bad("population.distances", std::to_string(n) + " values", std::to_string(c.population.distances.size()));
  if (c.population.log_likelihoods.size() != n) {
    bad("population.log_likelihoods", std::to_string(n) + " values",
        std::to_string(c.population.log_likelihoods.size()));
  }
  if (c.population.proposal_log_likelihoods.size() != n) {
    bad("population.proposal_log_likelihoods", std::to_string(n) + " values",
        std::to_string(c.population.proposal_log_likelihoods.size()));
  }
  for (double l : c.population.proposal_log_likelihoods) {
    if (l > 0.0 || std::isnan(l)) bad("population.proposal_log_likelihoods", "numbers <= 0", hex_double(l));
  }
  double sum = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::string at = "[" + std::to_string(k) + "]";
    if (c.population.particles[k].size() != c.parameter_names.size()) {
      bad("population.particles" + at, std::to_string(c.parameter_names.size()) + " values",
          std::to_string(c.population.particles[k].size()));
    }
    for (double v : c.population.particles[k]) {
      if (!std::isfinite(v)) bad("population.particles" + at, "finite values", hex_double(v));
    }
    if (std::isnan(c.population.distances[k]))
      bad("population.distances" + at, "a number", hex_double(c.population.distances[k]));
    const double w = c.population.weights[k];
    if (!(std::isfinite(w) && w >= 0.0))
      bad("population.weights" + at, "a finite weight >= 0", hex_double(w));
    sum += w;
    if (c.population.log_likelihoods[k] > 0.0 || std::isnan(c.population.log_likelihoods[k])) {
      bad("population.log_likelihoods" + at, "a number <= 0", hex_double(c.population.log_likelihoods[k]));
    }
  }
  if (!(std::abs(sum - 1.0) < 1e-9))
    bad("population.weights", "weights summing to 1", "a sum of " + hex_double(sum));
  std::uint64_t simulations = 0;
  for (const auto& h : c.history) {
    if (h.simulations > std::numeric_limits<std::uint64_t>::max() - simulations)
      bad("total_simulations", "a count that fits 64 bits", "a history summing beyond it");
    simulations += h.simulations;
  }
  if (simulations != c.total_simulations) {
    bad("total_simulations", "the history's sum " + std::to_string(simulations),
        std::to_string(c.total_simulations));
  }
}

}  // namespace ozsim::calibration::checkpoint_fields
