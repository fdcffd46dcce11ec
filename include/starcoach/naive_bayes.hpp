// What a multinomial naive Bayes model learns: for each feature (the hash of its name), one
// smoothed log-probability per class, in one flat table. Built from weighted counts at
// build time, saved as bytes, and read in place by the program. The question classifier and the
// answer's principle profile both use it.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "starcoach/hash_index.hpp"

namespace starcoach {

class NaiveBayesTable {
 public:
  NaiveBayesTable() = default;

  // From counts[feature name][class] (weighted), with `smoothing` added to every count.
  NaiveBayesTable(const std::map<std::string, std::vector<double>>& counts, std::size_t classes, double smoothing);

  // The feature's log-probability under each class (classes() values), or nullptr for a
  // feature the model never saw.
  const float* find(std::string_view feature) const;

  std::size_t classes() const { return classes_; }

  // The table as bytes (the same model always gives the same bytes), to be read in place
  // by load(), which throws DataError for bytes that are not a table of `classes`
  // classes. The bytes must be 8-byte aligned and outlive the table.
  std::string save() const;
  static NaiveBayesTable load(std::string_view saved, std::size_t classes);

  NaiveBayesTable(NaiveBayesTable&&) noexcept = default;
  NaiveBayesTable& operator=(NaiveBayesTable&&) noexcept = default;
  NaiveBayesTable(const NaiveBayesTable&) = delete;
  NaiveBayesTable& operator=(const NaiveBayesTable&) = delete;

 private:
  std::size_t classes_ = 0;
  HashIndex<std::uint32_t> rows_;  // feature hash -> its first value in log_probabilities_
  std::vector<float> store_;                  // the values when built here
  std::span<const float> log_probabilities_;  // store_, or the bytes loaded from
};

}  // namespace starcoach
