#pragma once
// ABC-SMC checkpoints: the state after a complete generation, as JSON text with every double written
// as a C99 hex float so that a resumed run continues from exactly the same bits (the bridge keeps the
// text in a file). Every field is checked
// on reading; a checkpoint from a different problem is refused with the part that differs named.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "calibration/inference/parameter_space.hpp"
#include "calibration/inference/population.hpp"
#include "calibration/inference/target.hpp"

namespace ozsim::calibration {

struct AbcSettings;  // abc.hpp

// Content hashes (FNV-1a) of everything that shapes the posterior, one per part, so that a refusal
// can say which part changed.
struct ProblemFingerprint {
  std::string model;  // AbcSettings::model_digest: the scenario with its overrides
  std::uint64_t targets = 0;
  std::uint64_t priors = 0;    // priors and constraints
  std::uint64_t settings = 0;  // method, seed, particles, replications, schedule, noise (not the limits)
  bool operator==(const ProblemFingerprint&) const = default;
};
ProblemFingerprint problem_fingerprint(const ParameterSpace& space, const std::vector<Target>& targets,
                                       const AbcSettings& settings);

// FNV-1a of a text, as 16 hex digits (for AbcSettings::model_digest).
std::string content_digest(std::string_view text);

struct Checkpoint {
  std::uint64_t seed = 0;
  std::size_t particles = 0;
  std::size_t replications = 0;
  std::string method;
  ProblemFingerprint fingerprint;
  std::vector<std::string> parameter_names;
  std::vector<std::string> target_names;
  std::size_t generation = 0;  // the generation `population` belongs to
  double temperature = 0.0;
  std::uint64_t total_simulations = 0;
  std::vector<GenerationStats> history;  // generations 0..generation
  Population population;
  std::string origin;  // where it was read from, for messages (not part of the checkpoint)
};

// Exact round-trip text for a double ("0x1.8p+1", "inf", "-inf", "nan").
std::string hex_double(double x);
// Throws std::invalid_argument unless the whole text is a number.
double parse_hex_double(std::string_view text);

std::string checkpoint_to_json(const Checkpoint& checkpoint);
// `origin` names the file in error messages. Every field is checked before use: anything missing,
// mistyped, out of range, non-finite or inconsistent with another field throws params::InputError
// "ORIGIN: cannot read checkpoint: FIELD: expected ..., found ...", never a crash.
Checkpoint checkpoint_from_json(std::string_view text, const std::string& origin);

// Throws params::InputError "ORIGIN: refusing to resume: ..." naming what differs (scenario with its
// overrides, targets, priors, settings) when `checkpoint` was not written by this calibration, and
// "ORIGIN: cannot read checkpoint: ..." when its plain fields or particles contradict its fingerprint
// (seed, particles, replications, method, target names, a particle outside the priors).
void check_resumable(const Checkpoint& checkpoint, const ParameterSpace& space,
                     const std::vector<Target>& targets, const AbcSettings& settings);

}  // namespace ozsim::calibration
