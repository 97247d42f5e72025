#pragma once
// Counter-based random streams: every (master seed, purpose, entity, counter) gets its own generator, so
// an entity's draws never depend on other entities or on the order in which events run.

#include <array>
#include <cstdint>
#include <limits>

namespace ozsim::engine {

// The SplitMix64 output finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
constexpr std::uint64_t splitmix64_finalise(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

inline constexpr std::uint64_t GOLDEN_GAMMA = 0x9E3779B97F4A7C15ull;

// The first half of mix_seed's chain, fixed by (master seed, purpose).
constexpr std::uint64_t mix_purpose(std::uint64_t master_seed, std::uint32_t purpose) {
  const std::uint64_t h = splitmix64_finalise(master_seed + GOLDEN_GAMMA);
  return splitmix64_finalise(h + GOLDEN_GAMMA * 2 + purpose);
}
// The second half: one entity's stream `counter`.
constexpr std::uint64_t mix_entity(std::uint64_t purpose_seed, std::uint64_t entity, std::uint64_t counter) {
  const std::uint64_t h = splitmix64_finalise(purpose_seed + GOLDEN_GAMMA * 3 + entity);
  return splitmix64_finalise(h + GOLDEN_GAMMA * 4 + counter);
}

// Derives the seed of one stream. The chain is part of the results' identity: it is fixed forever and
// pinned by tests, so changing it changes every simulation output. Each field passes through a full
// finaliser before the next is added, so nearby inputs (entity 1 vs 2, purpose 3 vs 4) give unrelated seeds.
constexpr std::uint64_t mix_seed(std::uint64_t master_seed, std::uint32_t purpose, std::uint64_t entity,
                                 std::uint64_t counter) {
  return mix_entity(mix_purpose(master_seed, purpose), entity, counter);
}

// xoshiro256** (Blackman & Vigna 2018) seeded through SplitMix64. Satisfies UniformRandomBitGenerator,
// so Boost.Random distributions can draw from it.
class RandomStream {
 public:
  using result_type = std::uint64_t;

  explicit RandomStream(std::uint64_t seed) {
    // The xoshiro authors' recommended seeding: successive SplitMix64 outputs, never all zero in practice.
    std::uint64_t x = seed;
    for (auto& word : s_) {
      x += GOLDEN_GAMMA;
      word = splitmix64_finalise(x);
    }
  }
  // The stream of one entity for one purpose; counter separates successive streams of the same pair
  // (e.g. one per episode).
  static RandomStream for_entity(std::uint64_t master_seed, std::uint32_t purpose, std::uint64_t entity,
                                 std::uint64_t counter = 0) {
    return RandomStream(mix_seed(master_seed, purpose, entity, counter));
  }

  // for_entity with the purpose's half of the chain done once (mix_purpose): a model that makes millions of
  // streams of a few purposes keeps one seed per purpose.
  static RandomStream for_entity_of(std::uint64_t purpose_seed, std::uint64_t entity, std::uint64_t counter) {
    return RandomStream(mix_entity(purpose_seed, entity, counter));
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform on the open interval (0, 1): (k + 0.5) / 2^52 for a 52-bit k, so log() of it is always finite.
  double uniform01() { return to_uniform01((*this)()); }

  // RandomStream(seed).uniform01(), without seeding the rest of the stream: xoshiro256**'s first output reads
  // only the second state word. A stream used for one draw (a pupil's exit route) costs one SplitMix64 round
  // instead of four; at national scale, millions of such streams.
  static double first_uniform01(std::uint64_t seed) {
    const std::uint64_t second_word = splitmix64_finalise(seed + 2 * GOLDEN_GAMMA);
    return to_uniform01(rotl(second_word * 5, 7) * 9);
  }

 private:
  static double to_uniform01(std::uint64_t bits) {
    // Through a signed integer: the same value (52 bits), but one conversion instruction instead of the
    // unsigned conversion's test and two paths.
    return (static_cast<double>(static_cast<std::int64_t>(bits >> 12)) + 0.5) * 0x1.0p-52;
  }
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_;
};

}  // namespace ozsim::engine
