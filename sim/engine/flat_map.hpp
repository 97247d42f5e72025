#pragma once
// A small open-addressing hash map from 64-bit ids to trivially copyable values, for per-entity lookups on
// hot paths (std::unordered_map allocates a node per insert). Lookup only: iteration order is
// meaningless and must never influence simulation results.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/engine/random.hpp"

namespace ozsim::engine {

template <class Value>
class FlatMap {
 public:
  static constexpr std::uint64_t EMPTY_KEY = std::numeric_limits<std::uint64_t>::max();

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  Value* find(std::uint64_t key) {
    if (size_ == 0) return nullptr;
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      if (keys_[i] == key) return &values_[i];
      if (keys_[i] == EMPTY_KEY) return nullptr;
    }
  }
  const Value* find(std::uint64_t key) const { return const_cast<FlatMap*>(this)->find(key); }

  // Inserts (key, value) unless key is present; returns the stored value and whether it was inserted.
  std::pair<Value*, bool> insert(std::uint64_t key, const Value& value) {
    if (key == EMPTY_KEY) throw std::invalid_argument("FlatMap: key 2^64-1 is reserved");
    if (2 * (size_ + 1) > keys_.size()) grow();
    std::size_t i = home(key);
    for (; keys_[i] != EMPTY_KEY; i = (i + 1) & mask_) {
      if (keys_[i] == key) return {&values_[i], false};
    }
    keys_[i] = key;
    values_[i] = value;
    ++size_;
    return {&values_[i], true};
  }

  bool erase(std::uint64_t key) {
    if (size_ == 0) return false;
    std::size_t i = home(key);
    for (; keys_[i] != key; i = (i + 1) & mask_) {
      if (keys_[i] == EMPTY_KEY) return false;
    }
    erase_index(i);
    return true;
  }
  // Erases the entry whose value find() returned, without probing for it again.
  void erase_found(Value* value) { erase_index(static_cast<std::size_t>(value - values_.data())); }

  // Calls f(key, value) for every entry, in an unspecified order.
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != EMPTY_KEY) f(keys_[i], values_[i]);
    }
  }

 private:
  void erase_index(std::size_t i) {
    // Backward-shift deletion: no tombstones, so probe lengths stay short under constant churn.
    for (std::size_t j = (i + 1) & mask_; keys_[j] != EMPTY_KEY; j = (j + 1) & mask_) {
      const std::size_t h = home(keys_[j]);
      // Move j into the hole at i if its home position is not cyclically within (i, j].
      if (((j - h) & mask_) >= ((j - i) & mask_)) {
        keys_[i] = keys_[j];
        values_[i] = values_[j];
        i = j;
      }
    }
    keys_[i] = EMPTY_KEY;
    --size_;
  }

  std::size_t home(std::uint64_t key) const {
    return static_cast<std::size_t>(splitmix64_finalise(key)) & mask_;
  }

  void grow() {
    std::vector<std::uint64_t> old_keys = std::move(keys_);
    std::vector<Value> old_values = std::move(values_);
    const std::size_t capacity = old_keys.empty() ? 16 : 2 * old_keys.size();
    keys_.assign(capacity, EMPTY_KEY);
    values_.assign(capacity, Value{});
    mask_ = capacity - 1;
    size_ = 0;
    for (std::size_t i = 0; i < old_keys.size(); ++i) {
      if (old_keys[i] != EMPTY_KEY) insert(old_keys[i], old_values[i]);
    }
  }

  std::vector<std::uint64_t> keys_;
  std::vector<Value> values_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace ozsim::engine
