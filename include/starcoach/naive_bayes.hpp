// What a multinomial naive Bayes model learns: for each feature (the hash of its name), one
// smoothed log-probability per class, in one flat table. Built from weighted counts at
// build time, saved as bytes, and loaded by the program. The question classifier and the
// answer's principle profile both use it.
#pragma once

#include <cstdint>
#include <map>
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

  // Bytes in feature order (the same model always gives the same bytes), and back; load
  // throws DataError for bytes that are not a table of `classes` classes.
  std::string save() const;
  static NaiveBayesTable load(std::string_view saved, std::size_t classes);

 private:
  std::size_t classes_ = 0;
  HashIndex<std::uint32_t> rows_;  // feature hash -> its first value in log_probabilities_
  std::vector<float> log_probabilities_;
};

}  // namespace starcoach
