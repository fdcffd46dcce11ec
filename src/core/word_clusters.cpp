#include "starcoach/word_clusters.hpp"

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "starcoach/errors.hpp"
#include "starcoach/trained_models.hpp"

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

std::string WordClusters::save() const {
  std::string saved;
  clusters_.save(saved);
  return saved;
}

WordClusters WordClusters::load(std::string_view saved) {
  WordClusters clusters;
  clusters.clusters_ = HashIndex<WordCluster>::view(saved);
  if (!saved.empty()) throw DataError("trained models", 1, "the word clusters' index is damaged (run the build again)");
  return clusters;
}

const WordClusters& WordClusters::builtin() {
  // The program reads the index that the build saved among its trained models; the
  // trainer, which runs before there are any, builds it from the converter's file.
  static const WordClusters clusters = trained_models_file().empty()
                                           ? WordClusters(word_clusters_file())
                                           : load(trained_model(trained_models_file(), "word-clusters"));
  return clusters;
}

}  // namespace starcoach
