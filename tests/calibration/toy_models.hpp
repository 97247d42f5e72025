#pragma once
// Small stochastic models with known answers for the calibration tests.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "calibration/inference/abc.hpp"
#include "calibration/inference/random.hpp"

namespace ozsim::calibration::testing {

// Sizes shrink under the sanitizer preset (OZSIM_TEST_SCALE=0.25) where assertions still hold.
inline double test_scale() {
  const char* s = std::getenv("OZSIM_TEST_SCALE");
  return s ? std::atof(s) : 1.0;
}

// Three parameters (level, rate, share), four noisy outputs; the noise depends on the seed only,
// so particles in one generation share it (common random numbers).
inline std::map<std::string, double> toy_model(const std::vector<double>& p, std::uint64_t seed) {
  Rng rng(seed);
  std::map<std::string, double> out;
  out["level"] = p[0] + 0.3 * rng.normal();
  out["rate"] = p[1] * (1.0 + 0.05 * rng.normal());
  out["share"] = p[2] + 0.02 * rng.normal();
  out["level_x_share"] = p[0] * p[2] + 0.1 * rng.normal();
  out["unused"] = rng.uniform();
  return out;
}

inline ParameterSpace toy_space() {
  ParameterSpace space;
  space.add("level", Prior::uniform(0.0, 10.0));
  space.add("rate", Prior::log_uniform(0.1, 10.0));
  space.add("share", Prior::beta(2.0, 2.0));
  return space;
}

inline std::vector<Target> toy_targets(const std::vector<double>& truth) {
  const auto observed = toy_model(truth, 0xDA7Aull);
  std::vector<Target> targets;
  const auto add = [&](const std::string& kpi, double sigma) {
    Target t;
    t.name = kpi + "_obs";
    t.kpi = kpi;
    t.observed = observed.at(kpi);
    t.sigma = sigma;
    targets.push_back(t);
  };
  add("level", 0.3);
  add("rate", 0.05 * truth[1]);
  add("share", 0.02);
  add("level_x_share", 0.1);
  return targets;
}

}  // namespace ozsim::calibration::testing
