// A map from 64-bit hashes (words, features) to values, built once and then only read.
// It is one flat array with open addressing: a lookup is a multiply, a shift and
// usually one comparison, with no pointers to follow. The analyser makes thousands of
// lookups per answer, most of them misses, so this is much cheaper than a node-based map.
// An index of plain values can be saved as bytes and used in place from them (view()):
// the trained models are compiled into the program that way, so starting the program
// reads only the pages a lookup touches instead of building every table.
#pragma once

#include <cstdint>
#include <cstring>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "starcoach/errors.hpp"

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
    key_store_.assign(std::size_t{1} << bits_, empty);
    value_store_.resize(key_store_.size());
    for (const auto& [key, value] : entries) {
      if (key == empty) {
        zero_value_ = value;
        has_zero_ = true;
        continue;
      }
      std::size_t at = slot_of(key);
      while (key_store_[at] != empty) at = (at + 1) & (key_store_.size() - 1);
      key_store_[at] = key;
      value_store_[at] = value;
    }
    point_at_store();
  }

  HashIndex(const HashIndex& other) { *this = other; }
  HashIndex& operator=(const HashIndex& other) {
    if (this == &other) return *this;
    bits_ = other.bits_, size_ = other.size_, zero_value_ = other.zero_value_, has_zero_ = other.has_zero_;
    key_store_ = other.key_store_, value_store_ = other.value_store_;
    if (other.key_store_.empty()) keys_ = other.keys_, values_ = other.values_;  // a view stays a view
    else point_at_store();
    return *this;
  }
  // Moving a vector keeps its buffer, so the spans stay right.
  HashIndex(HashIndex&&) noexcept = default;
  HashIndex& operator=(HashIndex&&) noexcept = default;

  // Appends the index to `out` as bytes that view() can use in place. `out` must have
  // started at an 8-byte boundary of wherever it will be read; its length stays a
  // multiple of 8.
  void save(std::string& out) const {
    static_assert(std::is_trivially_copyable_v<Value>, "only an index of plain values can be saved");
    const std::uint64_t header[3] = {bits_, size_, has_zero_};
    append(out, header, sizeof header);
    append(out, &zero_value_, sizeof zero_value_);
    append(out, keys_.data(), keys_.size_bytes());
    append(out, values_.data(), values_.size_bytes());
  }

  // An index over bytes written by save(), read in place from the front of `in`, which
  // it consumes; the bytes must outlive the index (they are compiled into the program).
  // Throws DataError when they are not such an index or are not 8-byte aligned.
  static HashIndex view(std::string_view& in) {
    static_assert(std::is_trivially_copyable_v<Value>, "only an index of plain values can be viewed");
    auto fail = [] { throw DataError("trained models", 1, "a table is damaged (run the build again)"); };
    std::uint64_t header[3];
    if (in.size() < sizeof header || reinterpret_cast<std::uintptr_t>(in.data()) % 8 != 0) fail();
    std::memcpy(header, in.data(), sizeof header);
    in.remove_prefix(sizeof header);
    HashIndex index;
    if (header[0] < 1 || header[0] > 40 || header[2] > 1) fail();
    index.bits_ = static_cast<unsigned>(header[0]);
    index.size_ = header[1];
    index.has_zero_ = header[2] == 1;
    const std::size_t slots = std::size_t{1} << index.bits_;
    if (in.size() < padded(sizeof(Value)) + padded(slots * 8) + padded(slots * sizeof(Value))) fail();
    std::memcpy(&index.zero_value_, in.data(), sizeof(Value));
    in.remove_prefix(padded(sizeof(Value)));
    index.key_store_.clear(), index.value_store_.clear();
    index.keys_ = {reinterpret_cast<const std::uint64_t*>(in.data()), slots};
    in.remove_prefix(padded(slots * 8));
    index.values_ = {reinterpret_cast<const Value*>(in.data()), slots};
    in.remove_prefix(padded(slots * sizeof(Value)));
    return index;
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

  static std::size_t padded(std::size_t bytes) { return (bytes + 7) / 8 * 8; }
  static void append(std::string& out, const void* bytes, std::size_t size) {
    out.append(static_cast<const char*>(bytes), size);  // little-endian, as every target here
    out.append(padded(size) - size, '\0');
  }
  void point_at_store() {
    keys_ = key_store_;
    values_ = value_store_;
  }

  unsigned bits_ = 1;
  std::size_t size_ = 0;
  // A built index owns its slots; a view reads them from the bytes it was given.
  std::vector<std::uint64_t> key_store_ = std::vector<std::uint64_t>(2, empty);
  std::vector<Value> value_store_ = std::vector<Value>(2);
  std::span<const std::uint64_t> keys_ = key_store_;
  std::span<const Value> values_ = value_store_;
  Value zero_value_{};
  bool has_zero_ = false;
};

}  // namespace starcoach
