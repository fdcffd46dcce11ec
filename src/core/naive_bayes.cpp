#include "starcoach/naive_bayes.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "starcoach/errors.hpp"
#include "starcoach/text.hpp"

namespace starcoach {

NaiveBayesTable::NaiveBayesTable(const std::map<std::string, std::vector<double>>& counts, std::size_t classes, double smoothing)
    : classes_(classes) {
  std::vector<double> totals(classes, 0.0);
  for (const auto& [feature, row] : counts)
    for (std::size_t c = 0; c < classes && c < row.size(); ++c) totals[c] += row[c];
  const double vocabulary = static_cast<double>(counts.size());
  std::vector<std::pair<std::uint64_t, std::uint32_t>> rows;
  for (const auto& [feature, row] : counts) {
    rows.emplace_back(word_hash(feature), static_cast<std::uint32_t>(log_probabilities_.size()));
    for (std::size_t c = 0; c < classes; ++c) {
      const double count = c < row.size() ? row[c] : 0.0;
      log_probabilities_.push_back(static_cast<float>(std::log((count + smoothing) / (totals[c] + smoothing * vocabulary))));
    }
  }
  rows_ = HashIndex<std::uint32_t>(rows);
}

const float* NaiveBayesTable::find(std::string_view feature) const {
  const std::uint32_t* row = rows_.find(word_hash(feature));
  return row == nullptr ? nullptr : &log_probabilities_[*row];
}

std::string NaiveBayesTable::save() const {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> rows;  // by key, so that a model always gives the same bytes
  rows_.for_each([&](std::uint64_t key, std::uint32_t row) { rows.emplace_back(key, row); });
  std::sort(rows.begin(), rows.end());
  std::string saved;
  const std::uint32_t count = static_cast<std::uint32_t>(rows.size());
  saved.append(reinterpret_cast<const char*>(&count), sizeof count);  // little-endian, as every target here
  for (const auto& [key, row] : rows) {
    saved.append(reinterpret_cast<const char*>(&key), sizeof key);
    saved.append(reinterpret_cast<const char*>(&log_probabilities_[row]), classes_ * sizeof(float));
  }
  return saved;
}

NaiveBayesTable NaiveBayesTable::load(std::string_view saved, std::size_t classes) {
  auto fail = [] { throw DataError("trained models", 1, "a naive Bayes table does not match the principles (run the build again)"); };
  std::uint32_t count = 0;
  if (saved.size() < sizeof count) fail();
  std::memcpy(&count, saved.data(), sizeof count);
  saved.remove_prefix(sizeof count);
  if (saved.size() != count * (sizeof(std::uint64_t) + classes * sizeof(float))) fail();
  NaiveBayesTable table;
  table.classes_ = classes;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> rows;
  table.log_probabilities_.resize(count * classes);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint64_t key;
    std::memcpy(&key, saved.data(), sizeof key);
    saved.remove_prefix(sizeof key);
    rows.emplace_back(key, static_cast<std::uint32_t>(i * classes));
    std::memcpy(&table.log_probabilities_[i * classes], saved.data(), classes * sizeof(float));
    saved.remove_prefix(classes * sizeof(float));
  }
  table.rows_ = HashIndex<std::uint32_t>(rows);
  return table;
}

}  // namespace starcoach
