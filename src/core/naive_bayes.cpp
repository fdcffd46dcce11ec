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
    rows.emplace_back(word_hash(feature), static_cast<std::uint32_t>(store_.size()));
    for (std::size_t c = 0; c < classes; ++c) {
      const double count = c < row.size() ? row[c] : 0.0;
      store_.push_back(static_cast<float>(std::log((count + smoothing) / (totals[c] + smoothing * vocabulary))));
    }
  }
  rows_ = HashIndex<std::uint32_t>(rows);
  log_probabilities_ = store_;
}

const float* NaiveBayesTable::find(std::string_view feature) const {
  const std::uint32_t* row = rows_.find(word_hash(feature));
  // The row is checked against the values: a damaged table must not read past them.
  return row == nullptr || *row + classes_ > log_probabilities_.size() ? nullptr : &log_probabilities_[*row];
}

namespace {

std::size_t padded(std::size_t bytes) { return (bytes + 7) / 8 * 8; }

}  // namespace

std::string NaiveBayesTable::save() const {
  std::string saved;
  const std::uint64_t values = log_probabilities_.size();
  saved.append(reinterpret_cast<const char*>(&values), sizeof values);  // little-endian, as every target here
  rows_.save(saved);
  saved.append(reinterpret_cast<const char*>(log_probabilities_.data()), log_probabilities_.size_bytes());
  saved.append(padded(log_probabilities_.size_bytes()) - log_probabilities_.size_bytes(), '\0');
  return saved;
}

NaiveBayesTable NaiveBayesTable::load(std::string_view saved, std::size_t classes) {
  auto fail = []() -> NaiveBayesTable {
    throw DataError("trained models", 1, "a naive Bayes table does not match the principles (run the build again)");
  };
  std::uint64_t values = 0;
  if (saved.size() < sizeof values || classes == 0) return fail();
  std::memcpy(&values, saved.data(), sizeof values);
  saved.remove_prefix(sizeof values);
  NaiveBayesTable table;
  table.classes_ = classes;
  table.rows_ = HashIndex<std::uint32_t>::view(saved);
  if (values != table.rows_.size() * classes || saved.size() != padded(values * sizeof(float))) return fail();
  table.log_probabilities_ = {reinterpret_cast<const float*>(saved.data()), values};
  return table;
}

}  // namespace starcoach
