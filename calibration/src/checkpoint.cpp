#include "calibration/src/checkpoint.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "sim/output/atomic_file.hpp"

namespace ozsim::calibration {
namespace {

constexpr std::string_view kFormat = "ozsim-abc-checkpoint";
constexpr int kVersion = 1;

nlohmann::json hex_array(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (double v : values) out.push_back(hex_double(v));
  return out;
}

std::vector<double> parse_hex_array(const nlohmann::json& j) {
  std::vector<double> out;
  out.reserve(j.size());
  for (const auto& v : j) out.push_back(parse_hex_double(v.get<std::string>()));
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

std::string checkpoint_to_json(const Checkpoint& c) {
  nlohmann::json j;
  j["format"] = kFormat;
  j["version"] = kVersion;
  j["seed"] = c.seed;
  j["particles"] = c.particles;
  j["replications"] = c.replications;
  j["method"] = c.method;
  j["problem_hash"] = c.problem_hash;
  j["parameters"] = c.parameter_names;
  j["targets"] = c.target_names;
  j["generation"] = c.generation;
  j["tolerance"] = hex_double(c.tolerance);
  j["total_simulations"] = c.total_simulations;
  nlohmann::json history = nlohmann::json::array();
  for (const auto& g : c.history) {
    history.push_back({{"generation", g.generation},
                       {"tolerance", hex_double(g.tolerance)},
                       {"simulations", g.simulations},
                       {"evaluations", g.evaluations},
                       {"proposals", g.proposals},
                       {"acceptance_rate", hex_double(g.acceptance_rate)},
                       {"ess", hex_double(g.ess)},
                       {"seconds", hex_double(g.seconds)}});
  }
  j["history"] = history;
  nlohmann::json particles = nlohmann::json::array();
  for (const auto& p : c.population.particles) particles.push_back(hex_array(p));
  j["population"] = {{"particles", particles},
                     {"weights", hex_array(c.population.weights)},
                     {"distances", hex_array(c.population.distances)}};
  return j.dump(1) + "\n";
}

Checkpoint checkpoint_from_json(std::string_view text, const std::string& origin) {
  try {
    const auto j = nlohmann::json::parse(text);
    if (j.value("format", std::string()) != kFormat) throw std::runtime_error("not an ozsim calibration checkpoint");
    if (j.at("version").get<int>() != kVersion) {
      throw std::runtime_error("checkpoint version " + std::to_string(j.at("version").get<int>()) +
                               " is not supported (expected " + std::to_string(kVersion) + ")");
    }
    Checkpoint c;
    c.seed = j.at("seed").get<std::uint64_t>();
    c.particles = j.at("particles").get<std::size_t>();
    c.replications = j.at("replications").get<std::size_t>();
    c.method = j.at("method").get<std::string>();
    c.problem_hash = j.at("problem_hash").get<std::uint64_t>();
    c.parameter_names = j.at("parameters").get<std::vector<std::string>>();
    c.target_names = j.at("targets").get<std::vector<std::string>>();
    c.generation = j.at("generation").get<std::size_t>();
    c.tolerance = parse_hex_double(j.at("tolerance").get<std::string>());
    c.total_simulations = j.at("total_simulations").get<std::uint64_t>();
    for (const auto& g : j.at("history")) {
      GenerationStats s;
      s.generation = g.at("generation").get<std::size_t>();
      s.tolerance = parse_hex_double(g.at("tolerance").get<std::string>());
      s.simulations = g.at("simulations").get<std::uint64_t>();
      s.evaluations = g.at("evaluations").get<std::uint64_t>();
      s.proposals = g.at("proposals").get<std::uint64_t>();
      s.acceptance_rate = parse_hex_double(g.at("acceptance_rate").get<std::string>());
      s.ess = parse_hex_double(g.at("ess").get<std::string>());
      s.seconds = parse_hex_double(g.at("seconds").get<std::string>());
      c.history.push_back(s);
    }
    const auto& pop = j.at("population");
    for (const auto& p : pop.at("particles")) c.population.particles.push_back(parse_hex_array(p));
    c.population.weights = parse_hex_array(pop.at("weights"));
    c.population.distances = parse_hex_array(pop.at("distances"));
    const std::size_t n = c.population.particles.size();
    if (n != c.particles || c.population.weights.size() != n || c.population.distances.size() != n) {
      throw std::runtime_error("population has inconsistent sizes");
    }
    for (const auto& p : c.population.particles) {
      if (p.size() != c.parameter_names.size()) throw std::runtime_error("a particle has the wrong number of values");
    }
    return c;
  } catch (const std::exception& e) {
    throw std::runtime_error(origin + ": cannot read checkpoint: " + e.what());
  }
}

void write_checkpoint(const std::string& path, const Checkpoint& checkpoint) {
  output::write_file_atomically(path, checkpoint_to_json(checkpoint));
}

Checkpoint read_checkpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open checkpoint (was the run started with this --out?)");
  std::ostringstream text;
  text << in.rdbuf();
  return checkpoint_from_json(text.str(), path);
}

std::uint64_t problem_hash(const ParameterSpace& space, const std::vector<Target>& targets,
                           const AbcSettings& settings) {
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (const auto& p : space.parameters()) {
    mix(h, p.name);
    mix(h, p.prior.describe());
  }
  for (const auto& c : space.constraints()) mix(h, c.text);
  for (const auto& t : targets) {
    mix(h, t.name);
    mix(h, t.kpi);
    mix(h, hex_double(t.observed));
    mix(h, hex_double(t.sigma));
    mix(h, hex_double(t.weight));
  }
  mix(h, std::to_string(settings.seed));
  mix(h, std::to_string(settings.particles));
  mix(h, std::to_string(settings.replications));
  mix(h, hex_double(settings.quantile));
  mix(h, hex_double(settings.initial_tolerance));
  mix(h, hex_double(settings.target_tolerance));
  mix(h, method_name(settings.method));
  return h;
}

}  // namespace ozsim::calibration
