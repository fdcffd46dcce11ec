// The flat hash index behind word lists and model weights.
#include <gtest/gtest.h>

#include <string>

#include "starcoach/hash_index.hpp"
#include "starcoach/text.hpp"

namespace starcoach {
namespace {

TEST(HashIndex, FindsEveryKeyItHoldsAndNoOther) {
  std::vector<std::pair<std::uint64_t, int>> entries;
  for (int i = 0; i < 1000; ++i) entries.emplace_back(word_hash("word" + std::to_string(i)), i);
  const HashIndex<int> index(entries);
  EXPECT_EQ(index.size(), 1000u);
  for (int i = 0; i < 1000; ++i) {
    const int* found = index.find(word_hash("word" + std::to_string(i)));
    ASSERT_NE(found, nullptr) << i;
    EXPECT_EQ(*found, i);
  }
  for (int i = 1000; i < 3000; ++i) EXPECT_EQ(index.find(word_hash("word" + std::to_string(i))), nullptr) << i;
}

TEST(HashIndex, KeepsKeysThatWantTheSameSlot) {
  // The index picks a slot from the top bits of key * 0x9E3779B97F4A7C15. Keys that are
  // small multiples of that constant's inverse give products 1, 2, 3...: all the same
  // top bits, so all want slot 0 and the lookups must walk the probe run.
  const std::uint64_t multiplier = 0x9E3779B97F4A7C15ull;
  std::uint64_t inverse = multiplier;
  for (int i = 0; i < 6; ++i) inverse *= 2 - multiplier * inverse;  // Newton's method, mod 2^64
  ASSERT_EQ(multiplier * inverse, 1u);
  std::vector<std::pair<std::uint64_t, int>> entries;
  for (int i = 1; i <= 8; ++i) entries.emplace_back(inverse * std::uint64_t(i), i);
  const HashIndex<int> index(entries);
  for (int i = 1; i <= 8; ++i) {
    const int* found = index.find(inverse * std::uint64_t(i));
    ASSERT_NE(found, nullptr) << i;
    EXPECT_EQ(*found, i);
  }
  EXPECT_EQ(index.find(inverse * 9), nullptr);
}

TEST(HashIndex, HoldsTheKeyZero) {
  const HashIndex<int> index(std::vector<std::pair<std::uint64_t, int>>{{0, 5}, {1, 6}});
  ASSERT_NE(index.find(0), nullptr);
  EXPECT_EQ(*index.find(0), 5);
  EXPECT_EQ(*index.find(1), 6);
  EXPECT_EQ(HashIndex<int>(std::vector<std::pair<std::uint64_t, int>>{{1, 6}}).find(0), nullptr);
}

TEST(HashIndex, EmptyIndexFindsNothing) {
  const HashIndex<std::vector<std::size_t>> empty;
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.find(0), nullptr);
  EXPECT_EQ(empty.find(word_hash("anything")), nullptr);
  EXPECT_EQ(HashIndex<int>(std::vector<std::pair<std::uint64_t, int>>{}).find(42), nullptr);
}

TEST(HashIndex, SavedBytesAreUsedInPlaceAndCheckedFirst) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> entries{{0, 7}};
  for (std::uint32_t i = 1; i <= 1000; ++i) entries.emplace_back(word_hash("word" + std::to_string(i)), i);
  const HashIndex<std::uint32_t> built(entries);
  std::string saved;
  built.save(saved);
  ASSERT_EQ(saved.size() % 8, 0u);
  std::string_view in = saved;  // a std::string's buffer is aligned for any type
  const HashIndex<std::uint32_t> viewed = HashIndex<std::uint32_t>::view(in);
  EXPECT_TRUE(in.empty());
  EXPECT_EQ(viewed.size(), built.size());
  for (const auto& [key, value] : entries) {
    ASSERT_NE(viewed.find(key), nullptr);
    EXPECT_EQ(*viewed.find(key), value);
  }
  EXPECT_EQ(viewed.find(word_hash("word1001")), nullptr);
  // A copy of a view still reads the same bytes; a copy of a built index owns its own.
  const HashIndex<std::uint32_t> copied = viewed;
  EXPECT_EQ(*copied.find(word_hash("word500")), 500u);
  HashIndex<std::uint32_t> moved = HashIndex<std::uint32_t>(built);
  EXPECT_EQ(*moved.find(word_hash("word500")), 500u);

  std::string_view cut = std::string_view(saved).substr(0, saved.size() - 8);
  EXPECT_THROW(HashIndex<std::uint32_t>::view(cut), DataError);
  const std::string shifted = " " + saved;
  std::string_view misaligned = std::string_view(shifted).substr(1);
  EXPECT_THROW(HashIndex<std::uint32_t>::view(misaligned), DataError);
  std::string wrong_size = saved;
  wrong_size[0] = 60;  // 2^60 slots
  std::string_view huge = wrong_size;
  EXPECT_THROW(HashIndex<std::uint32_t>::view(huge), DataError);
}

}  // namespace
}  // namespace starcoach
