// A map from 64-bit hashes (words, features) to values, built once and then only read.
// It is one flat array with open addressing: a lookup is a multiply, a shift and
// usually one comparison, with no pointers to follow. The analyser makes thousands of
// lookups per answer, most of them misses, so this is much cheaper than a node-based map.
#pragma once

#include <cstdint>
#include <iterator>
#include <vector>

namespace starcoach {

template <typename Value>
class HashIndex {
 public:
  HashIndex() = default;

  // From any container of (key, value) pairs with unique keys: a vector, a std::map.
  template <typename Entries>
  explicit HashIndex(const Entries& entries) : size_(std::size(entries)) {
    // At most a quarter full, so that a miss (the common case) usually ends at the first slot.
    while ((std::size_t{1} << bits_) < 4 * size_) ++bits_;
    keys_.assign(std::size_t{1} << bits_, empty);
    values_.resize(keys_.size());
    for (const auto& [key, value] : entries) {
      if (key == empty) {
        zero_value_ = value;
        has_zero_ = true;
        continue;
      }
      std::size_t at = slot_of(key);
      while (keys_[at] != empty) at = (at + 1) & (keys_.size() - 1);
      keys_[at] = key;
      values_[at] = value;
    }
  }

  // The value of `key`, or nullptr.
  const Value* find(std::uint64_t key) const {
    if (key == empty) return has_zero_ ? &zero_value_ : nullptr;
    for (std::size_t at = slot_of(key);; at = (at + 1) & (keys_.size() - 1)) {
      if (keys_[at] == key) return &values_[at];
      if (keys_[at] == empty) return nullptr;
    }
  }

  std::size_t size() const { return size_; }

  // Calls visit(key, value) for every entry, in no particular order.
  template <typename Visit>
  void for_each(Visit visit) const {
    if (has_zero_) visit(empty, zero_value_);
    for (std::size_t at = 0; at < keys_.size(); ++at)
      if (keys_[at] != empty) visit(keys_[at], values_[at]);
  }

 private:
  // Keys sit apart from values, so a miss reads only a few bytes. Zero marks an empty
  // slot; a real key of zero is kept on the side.
  static constexpr std::uint64_t empty = 0;

  // Fibonacci hashing: the multiply spreads every bit of the key into the top bits.
  std::size_t slot_of(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - bits_));
  }

  unsigned bits_ = 1;
  std::size_t size_ = 0;
  std::vector<std::uint64_t> keys_ = std::vector<std::uint64_t>(2, empty);
  std::vector<Value> values_ = std::vector<Value>(2);
  Value zero_value_{};
  bool has_zero_ = false;
};

}  // namespace starcoach
