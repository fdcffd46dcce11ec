// Seeded choices that come out the same with every standard library. They use the raw
// output of std::mt19937_64, whose sequence the C++ standard fixes, and not the library's
// distributions or std::shuffle, whose algorithms differ between libraries: so a seed
// given on the command line picks the same questions everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace starcoach {

class Draw {
 public:
  explicit Draw(std::uint64_t seed) : engine_(seed) {}

  // A number from 0 to bound - 1 (bound > 0). The modulo's bias is below 2^-40 for any
  // list this program draws from.
  std::size_t below(std::size_t bound) { return static_cast<std::size_t>(engine_() % bound); }

  // The first `count` items of a Fisher-Yates shuffle of `items` (all when count is larger).
  template <typename T>
  std::vector<T> first_of_shuffle(std::vector<T> items, std::size_t count) {
    count = std::min(count, items.size());
    for (std::size_t i = 0; i < count; ++i) std::swap(items[i], items[i + below(items.size() - i)]);
    items.resize(count);
    return items;
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace starcoach
