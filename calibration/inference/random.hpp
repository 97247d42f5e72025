#pragma once
// Random numbers for calibration. Every draw comes from a stream named by (master seed, purpose,
// generation, slot, attempt), so results do not depend on thread count or evaluation order.
#include <cstddef>
#include <cstdint>

#include "sim/engine/random.hpp"

namespace ozsim::calibration {

// Purposes are offset far from the model's own stream purposes so the two never share a stream.
enum class StreamPurpose : std::uint32_t {
  prior_draw = 0x0CA1'0001,
  proposal = 0x0CA1'0002,
  replication_seed = 0x0CA1'0003,
  morris = 0x0CA1'0004,
  predictive = 0x0CA1'0005,
  rejection = 0x0CA1'0006,
  sobol = 0x0CA1'0007,
  move = 0x0CA1'0008,      // resample-move: a particle's Metropolis-Hastings steps
  resample = 0x0CA1'0009,  // resample-move: the generation's systematic resampling
};

// A stream plus the few continuous distributions calibration needs. They are written out here
// rather than taken from <random> or Boost because those may change between library versions, and
// the checkpoint/resume guarantee needs draws that are fixed forever.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : stream_(seed) {}
  // The stream for (purpose, a, b, c) under `master_seed`.
  static Rng for_indices(std::uint64_t master_seed, StreamPurpose purpose, std::uint64_t a,
                         std::uint64_t b = 0, std::uint64_t c = 0);

  std::uint64_t next_u64() { return stream_(); }
  double uniform() { return stream_.uniform01(); }  // open (0, 1)
  double normal();                                  // standard normal (Box-Muller, no cached spare)
  double gamma(double shape);                       // Gamma(shape, 1), Marsaglia & Tsang (2000)
  std::size_t below(std::size_t n);                 // uniform on {0, ..., n-1}, n > 0

 private:
  engine::RandomStream stream_;
};

// A 64-bit seed for purpose `purpose` and indices (a, b, c): used e.g. as the model's master seed.
std::uint64_t derive_seed(std::uint64_t master_seed, StreamPurpose purpose, std::uint64_t a,
                          std::uint64_t b = 0, std::uint64_t c = 0);

}  // namespace ozsim::calibration
