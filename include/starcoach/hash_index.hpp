// A map from 64-bit hashes (words, features) to values, built once and then only read.
// It is one flat array with open addressing: a lookup is a multiply, a shift and
// usually one comparison, with no pointers to follow. The analyser makes thousands of
// lookups per answer, most of them misses, so this is much cheaper than a node-based map.
#pragma once

#include <cstdint>
#include <vector>

namespace starcoach {

template <typename Value>
class HashIndex {
 public:
  HashIndex() = default;

  // Keys must be unique.
  explicit HashIndex(std::vector<std::pair<std::uint64_t, Value>> entries) {
    // At most half full, so that probe runs stay short.
    while ((std::size_t{1} << bits_) < 2 * entries.size()) ++bits_;
    slots_.resize(std::size_t{1} << bits_);
    for (auto& [key, value] : entries) {
      std::size_t at = slot_of(key);
      while (slots_[at].used) at = (at + 1) & (slots_.size() - 1);
      slots_[at] = {key, std::move(value), true};
    }
    size_ = entries.size();
  }

  // The value of `key`, or nullptr.
  const Value* find(std::uint64_t key) const {
    for (std::size_t at = slot_of(key);; at = (at + 1) & (slots_.size() - 1)) {
      const Slot& slot = slots_[at];
      if (!slot.used) return nullptr;
      if (slot.key == key) return &slot.value;
    }
  }

  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t key = 0;
    Value value{};
    bool used = false;
  };

  // Fibonacci hashing: the multiply spreads every bit of the key into the top bits.
  std::size_t slot_of(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - bits_));
  }

  unsigned bits_ = 1;
  std::size_t size_ = 0;
  std::vector<Slot> slots_ = std::vector<Slot>(2);
};

}  // namespace starcoach
