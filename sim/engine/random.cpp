#include "sim/engine/random.hpp"

namespace ozsim::engine {

namespace {
constexpr std::uint64_t GOLDEN_GAMMA = 0x9E3779B97F4A7C15ull;
}  // namespace

std::uint64_t mix_seed(std::uint64_t master_seed, std::uint32_t purpose, std::uint64_t entity,
                       std::uint64_t counter) {
  // Each field passes through a full finaliser before the next is added, so nearby inputs
  // (entity 1 vs 2, purpose 3 vs 4) give unrelated seeds.
  std::uint64_t h = splitmix64_finalise(master_seed + GOLDEN_GAMMA);
  h = splitmix64_finalise(h + GOLDEN_GAMMA * 2 + purpose);
  h = splitmix64_finalise(h + GOLDEN_GAMMA * 3 + entity);
  h = splitmix64_finalise(h + GOLDEN_GAMMA * 4 + counter);
  return h;
}

RandomStream::RandomStream(std::uint64_t seed) {
  // The xoshiro authors' recommended seeding: successive SplitMix64 outputs, never all zero in practice.
  std::uint64_t x = seed;
  for (auto& word : s_) {
    x += GOLDEN_GAMMA;
    word = splitmix64_finalise(x);
  }
}

}  // namespace ozsim::engine
