#pragma once
// ABC-SMC checkpoints: the state after a complete generation, as JSON with every double written as
// a C99 hex float so that a resumed run continues from exactly the same bits.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "calibration/src/abc.hpp"

namespace ozsim::calibration {

struct Checkpoint {
  std::uint64_t seed = 0;
  std::size_t particles = 0;
  std::size_t replications = 0;
  std::string method;
  std::uint64_t problem_hash = 0;  // priors, constraints, targets and settings that shape the result
  std::vector<std::string> parameter_names;
  std::vector<std::string> target_names;
  std::size_t generation = 0;      // the generation `population` belongs to
  double tolerance = 0.0;
  std::uint64_t total_simulations = 0;
  std::vector<GenerationStats> history;
  Population population;
};

// Exact round-trip text for a double ("0x1.8p+1", "inf", "-inf", "nan").
std::string hex_double(double x);
// Throws std::invalid_argument unless the whole text is a number.
double parse_hex_double(std::string_view text);

std::string checkpoint_to_json(const Checkpoint& checkpoint);
// `origin` names the file in error messages.
Checkpoint checkpoint_from_json(std::string_view text, const std::string& origin);
void write_checkpoint(const std::string& path, const Checkpoint& checkpoint);  // atomic
Checkpoint read_checkpoint(const std::string& path);

// FNV-1a over a canonical description of everything that determines the posterior.
std::uint64_t problem_hash(const ParameterSpace& space, const std::vector<Target>& targets,
                           const AbcSettings& settings);

}  // namespace ozsim::calibration
