#pragma once
// A small open-addressing hash map from 64-bit ids to trivially copyable values, for per-entity lookups on
// hot paths (std::unordered_map allocates a node per insert). Lookup only: iteration order is
// meaningless and must never influence simulation results.
// A key sits beside its value: a look-up in a map larger than the cache (a national provision's tens of
// thousands of members) then misses the cache once, not once for the key and again for the value.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "sim/engine/random.hpp"

namespace ozsim::engine {

template <class Value>
class FlatMap {
 public:
  static constexpr std::uint64_t EMPTY_KEY = std::numeric_limits<std::uint64_t>::max();

  // Bytes of one table entry: the key and the value side by side (8 for a set of keys, Value empty).
  static constexpr std::size_t entry_bytes() { return sizeof(Entry); }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  Value* find(std::uint64_t key) {
    if (size_ == 0) return nullptr;
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      if (entries_[i].key == key) return &entries_[i].value;
      if (entries_[i].key == EMPTY_KEY) return nullptr;
    }
  }
  const Value* find(std::uint64_t key) const { return const_cast<FlatMap*>(this)->find(key); }

  // Inserts (key, value) unless key is present; returns the stored value and whether it was inserted.
  std::pair<Value*, bool> insert(std::uint64_t key, const Value& value) {
    if (key == EMPTY_KEY) throw std::invalid_argument("FlatMap: key 2^64-1 is reserved");
    if (2 * (size_ + 1) > entries_.size()) grow();
    std::size_t i = home(key);
    for (; entries_[i].key != EMPTY_KEY; i = (i + 1) & mask_) {
      if (entries_[i].key == key) return {&entries_[i].value, false};
    }
    entries_[i] = Entry{key, value};
    ++size_;
    return {&entries_[i].value, true};
  }

  bool erase(std::uint64_t key) {
    if (size_ == 0) return false;
    std::size_t i = home(key);
    for (; entries_[i].key != key; i = (i + 1) & mask_) {
      if (entries_[i].key == EMPTY_KEY) return false;
    }
    erase_index(i);
    return true;
  }
  // Room for `count` entries without growing: one table sized once instead of a doubling chain, each
  // step of which touches fresh memory and re-inserts every entry.
  void reserve(std::size_t count) {
    std::size_t capacity = entries_.empty() ? 16 : entries_.size();
    while (2 * count > capacity) capacity *= 2;
    if (capacity != entries_.size()) rehash(capacity);
  }
  std::size_t bucket_count() const { return entries_.size(); }
  // Asks for key's home entry to be brought into the cache ahead of a find, insert or erase (a hint only).
  void prefetch(std::uint64_t key) const {
    if (!entries_.empty()) __builtin_prefetch(&entries_[home(key)]);
  }
  // Erases the entry whose value find() returned, without probing for it again.
  void erase_found(Value* value) {
    // The entry that holds the value (a standard-layout struct: its value sits at a fixed offset).
    const auto* entry =
        reinterpret_cast<const Entry*>(reinterpret_cast<const char*>(value) - offsetof(Entry, value));
    erase_index(static_cast<std::size_t>(entry - entries_.data()));
  }

  // Calls f(key, value) for every entry, in an unspecified order.
  template <class F>
  void for_each(F&& f) const {
    for (const Entry& entry : entries_) {
      if (entry.key != EMPTY_KEY) f(entry.key, entry.value);
    }
  }

 private:
  void erase_index(std::size_t i) {
    // Backward-shift deletion: no tombstones, so probe lengths stay short under constant churn.
    for (std::size_t j = (i + 1) & mask_; entries_[j].key != EMPTY_KEY; j = (j + 1) & mask_) {
      const std::size_t h = home(entries_[j].key);
      // Move j into the hole at i if its home position is not cyclically within (i, j].
      if (((j - h) & mask_) >= ((j - i) & mask_)) {
        entries_[i] = entries_[j];
        i = j;
      }
    }
    entries_[i].key = EMPTY_KEY;
    --size_;
  }

  std::size_t home(std::uint64_t key) const {
    return static_cast<std::size_t>(splitmix64_finalise(key)) & mask_;
  }

  void grow() { rehash(entries_.empty() ? 16 : 2 * entries_.size()); }

  void rehash(std::size_t capacity) {
    std::vector<Entry> old = std::move(entries_);
    entries_.assign(capacity, Entry{EMPTY_KEY, Value{}});
    mask_ = capacity - 1;
    size_ = 0;
    for (const Entry& entry : old) {
      if (entry.key != EMPTY_KEY) insert(entry.key, entry.value);
    }
  }

  struct Entry {
    std::uint64_t key;
    // An empty Value (a set of keys) takes no room: 8-byte entries.
    [[no_unique_address]] Value value;
  };
  static_assert(std::is_empty_v<Value> ? sizeof(Entry) == sizeof(std::uint64_t) : true,
                "an empty value must take no room in an entry");
  std::vector<Entry> entries_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace ozsim::engine
