#include "sim/engine/flat_map.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <unordered_map>

#include "sim/engine/random.hpp"

using ozsim::engine::FlatMap;

namespace {
struct Value {
  bool flag = false;
  std::uint64_t ticket = 0;
  double since = 0.0;
};
}  // namespace

TEST_CASE("FlatMap: randomised against std::unordered_map, through growth and constant churn") {
  FlatMap<Value> map;
  std::unordered_map<std::uint64_t, Value> reference;
  ozsim::engine::RandomStream rng(31);
  // Keys from a small range collide in their home positions often, so erasing shifts runs of entries back.
  for (int round = 0; round < 200000; ++round) {
    const std::uint64_t key = rng() % (round < 100000 ? 20000 : 3000);
    switch (rng() % 4) {
      case 0:
      case 1: {
        const Value value{round % 2 == 0, static_cast<std::uint64_t>(round), round * 0.5};
        const auto [stored, inserted] = map.insert(key, value);
        const bool fresh = reference.emplace(key, value).second;
        REQUIRE(inserted == fresh);
        REQUIRE(stored->ticket == reference.at(key).ticket);
        break;
      }
      case 2: {
        Value* found = map.find(key);
        const auto it = reference.find(key);
        REQUIRE((found != nullptr) == (it != reference.end()));
        if (found != nullptr) {
          REQUIRE(found->ticket == it->second.ticket);
          REQUIRE(found->since == it->second.since);
          // Half of what is found is erased through the found value, as Provision::release does.
          if (rng() % 2 == 0) {
            map.erase_found(found);
            reference.erase(it);
          }
        }
        break;
      }
      default:
        REQUIRE(map.erase(key) == (reference.erase(key) == 1));
        break;
    }
    REQUIRE(map.size() == reference.size());
  }
  std::size_t visited = 0;
  map.for_each([&](std::uint64_t key, const Value& value) {
    ++visited;
    REQUIRE(reference.at(key).ticket == value.ticket);
  });
  CHECK(visited == reference.size());
  CHECK_THROWS_AS(map.insert(FlatMap<Value>::EMPTY_KEY, Value{}), std::invalid_argument);
}

TEST_CASE("FlatMap: reserve sizes the table once, keeps what it holds, and never shrinks it") {
  FlatMap<Value> map;
  map.reserve(1000);
  const std::size_t buckets = map.bucket_count();
  CHECK(buckets >= 2000);
  for (std::uint64_t key = 0; key < 1000; ++key) map.insert(key * 7919, Value{false, key, 0.0});
  CHECK(map.bucket_count() == buckets);  // 1,000 inserts, no growth
  map.reserve(5000);                     // grows a table that holds entries: each is still found
  CHECK(map.bucket_count() >= 10000);
  for (std::uint64_t key = 0; key < 1000; ++key) {
    const Value* found = map.find(key * 7919);
    REQUIRE(found != nullptr);
    CHECK(found->ticket == key);
  }
  CHECK(map.size() == 1000);
  const std::size_t grown = map.bucket_count();
  map.reserve(10);
  CHECK(map.bucket_count() == grown);
  CHECK(map.find(1) == nullptr);
}

TEST_CASE("FlatMap: a set of keys (an empty value) stores 8 bytes an entry and works as a map does") {
  struct Nothing {};
  static_assert(FlatMap<Nothing>::entry_bytes() == 8);
  static_assert(FlatMap<Value>::entry_bytes() == 8 + sizeof(Value));
  FlatMap<Nothing> set;
  std::unordered_map<std::uint64_t, int> reference;
  ozsim::engine::RandomStream rng(5);
  for (int round = 0; round < 50000; ++round) {
    const std::uint64_t key = rng() % 2000;
    if (rng() % 2 == 0) {
      CHECK(set.insert(key, Nothing{}).second == reference.emplace(key, 0).second);
    } else if (Nothing* found = set.find(key)) {
      set.erase_found(found);
      CHECK(reference.erase(key) == 1);
    } else {
      CHECK(reference.count(key) == 0);
    }
    REQUIRE(set.size() == reference.size());
  }
  for (const auto& [key, unused] : reference) CHECK(set.find(key) != nullptr);
}
