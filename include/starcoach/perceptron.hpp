// An averaged perceptron over hashed features: the learner behind the STAR labeller
// and the sentence splitter. Small and deterministic; trained at build time
// (tools/train-models.cpp), its weights are compiled into the program.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "starcoach/hash_index.hpp"

namespace starcoach {

// A feature is a 64-bit FNV-1a hash of its name and values ("w=" + "loader"), built
// without allocating a string; collisions are negligible at this size.
using Feature = std::uint64_t;

constexpr Feature feature(std::string_view name, std::string_view value = {}, std::string_view second = {}) {
  std::uint64_t hash = 14695981039346656037ull;
  auto mix = [&](std::string_view text) {
    for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    hash = (hash ^ 0x1f) * 1099511628211ull;  // a separator, so ("ab","c") differs from ("a","bc")
  };
  mix(name);
  mix(value);
  mix(second);
  return hash;
}

// A feature whose values are already hashed (a word's stem): the hashes are mixed in
// whole, which is cheaper than reading the words' text again.
constexpr Feature hashed_feature(std::string_view name, std::uint64_t value, std::uint64_t second = 0) {
  std::uint64_t hash = feature(name);
  hash = (hash ^ value) * 1099511628211ull;
  hash = (hash ^ second) * 1099511628211ull;
  return hash;
}

// Calls visit(i) for every index below `examples`, `epochs` times over, each time in a
// new order drawn from `seed`: the same data and seed always train the same model.
template <typename Visit>
void in_shuffled_epochs(std::size_t examples, int epochs, std::uint32_t seed, Visit visit) {
  std::mt19937 engine(seed);
  std::vector<std::size_t> order(examples);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[engine() % i]);
    for (std::size_t index : order) visit(index);
  }
}

class AveragedPerceptron {
 public:
  explicit AveragedPerceptron(std::size_t classes) : classes_(classes) {}
  // A loaded model may point into the bytes it was loaded from; moving keeps that right.
  AveragedPerceptron(AveragedPerceptron&&) noexcept = default;
  AveragedPerceptron& operator=(AveragedPerceptron&&) noexcept = default;
  AveragedPerceptron(const AveragedPerceptron&) = delete;
  AveragedPerceptron& operator=(const AveragedPerceptron&) = delete;

  std::size_t classes() const { return classes_; }

  // The score of each class: the sum of the features' weights.
  std::vector<double> scores(const std::vector<Feature>& features) const;

  // Adds `delta` to the weight of each feature for `cls`.
  void update(const std::vector<Feature>& features, std::size_t cls, double delta);

  // Marks the end of one training example (the unit of averaging).
  void tick() { ++clock_; }

  // Replaces each weight by its average over all ticks, which generalises better than
  // the last weights, and packs them into one flat table for scoring. Call once, after
  // training; the model is read-only from then on.
  void average();

  // The averaged model as bytes (for the weights trained at build time), and back.
  // The same model always gives the same bytes. `out` must start 8-byte aligned.
  void save(std::string& out) const;
  // Uses one model saved by save() in place, from the front of `in` (8-byte aligned),
  // and consumes it; the bytes must outlive the model. Throws DataError when they are
  // not such a model.
  static AveragedPerceptron load(std::string_view& in);

 private:
  struct Weights {
    std::vector<double> current, total;
    std::vector<long> stamp;  // clock at the last change, for lazy averaging
  };
  std::size_t classes_;
  long clock_ = 1;
  std::unordered_map<Feature, Weights> weights_;  // while training
  // After average(): each feature's row of per-class weights in `packed_`, which is
  // `packed_store_` after training and the saved bytes after load().
  HashIndex<std::uint32_t> rows_;
  std::vector<float> packed_store_;
  std::span<const float> packed_;
  bool averaged_ = false;
};

}  // namespace starcoach
