// Random streams: pinned values (the seeding chain is fixed forever), range, and stream independence.

#include "sim/engine/random.hpp"

#include <doctest/doctest.h>

#include <random>
#include <vector>

using ozsim::engine::mix_seed;
using ozsim::engine::RandomStream;

static_assert(std::uniform_random_bit_generator<RandomStream>);

TEST_CASE("mix_seed and RandomStream are pinned") {
  CHECK(mix_seed(1, 2, 3, 4) == 0xDAD240287D76A603ull);
  CHECK(mix_seed(0, 0, 0, 0) == 0x8A86E7648ABED077ull);
  RandomStream r(42);
  CHECK(r() == 0x15780B2E0C2EC716ull);
  CHECK(r() == 0x6104D9866D113A7Eull);
  CHECK(r() == 0xAE17533239E499A1ull);
  RandomStream u(7);
  CHECK(u.uniform01() == 0x1.66b1f5ee9df2fp-1);
  CHECK(u.uniform01() == 0x1.1d70f6593d20ap-2);
  CHECK(RandomStream::for_entity(2024, 3, 1000)() == 0x4A758E2A5922673Bull);
}

TEST_CASE("first_uniform01 is a stream's first uniform01, for any seed") {
  // Seeds near the ends of the range too: the state words' additions wrap.
  for (std::uint64_t seed : {0ull, 1ull, 2024ull, 0x9E3779B97F4A7C15ull, ~0ull, ~0ull - 1}) {
    RandomStream full(seed);
    CHECK(RandomStream::first_uniform01(seed) == full.uniform01());
  }
  for (std::uint64_t entity = 0; entity < 10000; ++entity) {
    const std::uint64_t seed = mix_seed(7, 3, entity, entity % 5);
    RandomStream full(seed);
    REQUIRE(RandomStream::first_uniform01(seed) == full.uniform01());
  }
}

TEST_CASE("mix_seed separates every field") {
  const auto base = mix_seed(1, 2, 3, 4);
  CHECK(base != mix_seed(2, 2, 3, 4));
  CHECK(base != mix_seed(1, 3, 3, 4));
  CHECK(base != mix_seed(1, 2, 4, 4));
  CHECK(base != mix_seed(1, 2, 3, 5));
  CHECK(mix_seed(1, 2, 3, 4) != mix_seed(1, 3, 2, 4));  // fields are not interchangeable
}

TEST_CASE("uniform01 stays strictly inside (0, 1) and has mean 1/2") {
  RandomStream r(1);
  double sum = 0.0;
  constexpr int N = 200000;
  for (int i = 0; i < N; ++i) {
    const double u = r.uniform01();
    REQUIRE(u > 0.0);
    REQUIRE(u < 1.0);
    sum += u;
  }
  // 4 standard errors of a U(0,1) mean: 4 * sqrt(1/12 / N)
  CHECK(std::abs(sum / N - 0.5) < 4.0 * std::sqrt(1.0 / 12.0 / N));
  // The extreme 52-bit values map inside the interval too.
  CHECK((0.0 + 0.5) * 0x1.0p-52 > 0.0);
  CHECK((static_cast<double>((~0ull) >> 12) + 0.5) * 0x1.0p-52 < 1.0);
}

TEST_CASE("Stream independence: an entity's draws do not depend on other entities drawing first") {
  auto draws_of = [](std::uint64_t entity, int n) {
    RandomStream s = RandomStream::for_entity(77, 1, entity);
    std::vector<std::uint64_t> out;
    for (int i = 0; i < n; ++i) out.push_back(s());
    return out;
  };
  const auto alone = draws_of(5, 10);
  // Other entities and purposes draw heavily in between; entity 5's stream is unaffected.
  for (std::uint64_t e = 0; e < 100; ++e) {
    RandomStream other = RandomStream::for_entity(77, 1, e);
    for (int i = 0; i < 50; ++i) other();
    RandomStream purpose2 = RandomStream::for_entity(77, 2, e);
    purpose2();
  }
  CHECK(draws_of(5, 10) == alone);
  CHECK(draws_of(6, 10) != alone);
}
