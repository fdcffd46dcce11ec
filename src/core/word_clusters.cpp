#include "starcoach/word_clusters.hpp"

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "starcoach/errors.hpp"

namespace starcoach {

namespace {

template <typename T>
T read_at(std::string_view file, std::size_t offset) {
  T value;
  std::memcpy(&value, file.data() + offset, sizeof value);  // the file is little-endian, as is every target here
  return value;
}

}  // namespace

WordClusters::WordClusters(std::string_view file) {
  auto fail = [](const std::string& what) { throw DataError("word clusters", 1, what); };
  constexpr std::size_t header = 24;
  if (file.size() < header || file.substr(0, 8) != "SCWC0001") fail("not a word cluster file (run the build again)");
  const std::size_t count = read_at<std::uint32_t>(file, 8);
  if (file.size() != header + count * 12) fail("the file's size does not match its word count");
  std::vector<std::pair<std::uint64_t, WordCluster>> entries;
  entries.reserve(count);
  const std::size_t coarse_at = header + count * 8, fine_at = coarse_at + count * 2;
  for (std::size_t i = 0; i < count; ++i)
    entries.emplace_back(read_at<std::uint64_t>(file, header + i * 8),
                         WordCluster{read_at<std::uint16_t>(file, coarse_at + i * 2), read_at<std::uint16_t>(file, fine_at + i * 2)});
  clusters_ = HashIndex<WordCluster>(entries);
}

const WordClusters& WordClusters::builtin() {
  static const WordClusters clusters(word_clusters_file());
  return clusters;
}

}  // namespace starcoach
