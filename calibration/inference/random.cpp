#include "calibration/inference/random.hpp"

#include <cmath>
#include <numbers>

namespace ozsim::calibration {

std::uint64_t derive_seed(std::uint64_t master_seed, StreamPurpose purpose, std::uint64_t a, std::uint64_t b,
                          std::uint64_t c) {
  const auto p = static_cast<std::uint32_t>(purpose);
  // Two chained mixes: (master, purpose, a) names a family, (b, c) a member of it.
  return engine::mix_seed(engine::mix_seed(master_seed, p, a, 0), p, b, c);
}

Rng Rng::for_indices(std::uint64_t master_seed, StreamPurpose purpose, std::uint64_t a, std::uint64_t b,
                     std::uint64_t c) {
  return Rng(derive_seed(master_seed, purpose, a, b, c));
}

double Rng::normal() {
  const double u1 = uniform();
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Rng::gamma(double shape) {
  if (shape < 1.0) {
    // Boost to shape + 1 and scale by U^(1/shape) (Marsaglia & Tsang, section 6).
    const double g = gamma(shape + 1.0);
    return g * std::pow(uniform(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = 0.0;
    double v = 0.0;
    do {
      x = normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

std::size_t Rng::below(std::size_t n) {
  // uniform() < 1, but rounding of the product can still reach n for huge n: clamp.
  const auto k = static_cast<std::size_t>(uniform() * static_cast<double>(n));
  return k < n ? k : n - 1;
}

}  // namespace ozsim::calibration
