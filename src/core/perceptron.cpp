#include "starcoach/perceptron.hpp"

#include <algorithm>
#include <cstring>

#include "starcoach/errors.hpp"

namespace starcoach {

std::vector<double> AveragedPerceptron::scores(const std::vector<Feature>& features) const {
  std::vector<double> result(classes_, 0.0);
  if (averaged_) {
    for (Feature feature : features)
      if (const std::uint32_t* row = rows_.find(feature))
        for (std::size_t c = 0; c < classes_; ++c) result[c] += packed_[*row + c];
    return result;
  }
  for (Feature feature : features) {
    auto found = weights_.find(feature);
    if (found == weights_.end()) continue;
    for (std::size_t c = 0; c < classes_; ++c) result[c] += found->second.current[c];
  }
  return result;
}

void AveragedPerceptron::update(const std::vector<Feature>& features, std::size_t cls, double delta) {
  for (Feature feature : features) {
    Weights& w = weights_[feature];
    if (w.current.empty()) {
      w.current.assign(classes_, 0.0);
      w.total.assign(classes_, 0.0);
      w.stamp.assign(classes_, 0);
    }
    // Credit the weight's value for every tick since it last changed, then change it.
    w.total[cls] += static_cast<double>(clock_ - w.stamp[cls]) * w.current[cls];
    w.stamp[cls] = clock_;
    w.current[cls] += delta;
  }
}

void AveragedPerceptron::average() {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> rows;
  for (auto& [feature, w] : weights_) {
    rows.emplace_back(feature, static_cast<std::uint32_t>(packed_.size()));
    for (std::size_t c = 0; c < classes_; ++c) {
      w.total[c] += static_cast<double>(clock_ - w.stamp[c]) * w.current[c];
      packed_.push_back(w.total[c] / static_cast<double>(clock_));
    }
  }
  rows_ = HashIndex<std::uint32_t>(rows);
  weights_.clear();
  averaged_ = true;
}

namespace {

template <typename T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);  // little-endian, as every target here
}

template <typename T>
T take(std::string_view& in) {
  if (in.size() < sizeof(T)) throw DataError("trained models", 1, "a model is cut short (run the build again)");
  T value;
  std::memcpy(&value, in.data(), sizeof value);
  in.remove_prefix(sizeof value);
  return value;
}

}  // namespace

void AveragedPerceptron::save(std::string& out) const {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> rows;
  rows_.for_each([&](std::uint64_t feature, std::uint32_t row) { rows.emplace_back(feature, row); });
  std::sort(rows.begin(), rows.end());
  put<std::uint32_t>(out, static_cast<std::uint32_t>(classes_));
  put<std::uint32_t>(out, static_cast<std::uint32_t>(rows.size()));
  for (const auto& [feature, row] : rows) {
    put<std::uint64_t>(out, feature);
    for (std::size_t c = 0; c < classes_; ++c) put<float>(out, static_cast<float>(packed_[row + c]));
  }
}

AveragedPerceptron AveragedPerceptron::load(std::string_view& in) {
  const std::size_t classes = take<std::uint32_t>(in), count = take<std::uint32_t>(in);
  if (classes == 0 || classes > 16) throw DataError("trained models", 1, "a model has a wrong number of classes");
  AveragedPerceptron model(classes);
  std::vector<std::pair<std::uint64_t, std::uint32_t>> rows;
  rows.reserve(count);
  model.packed_.reserve(count * classes);
  for (std::size_t i = 0; i < count; ++i) {
    rows.emplace_back(take<std::uint64_t>(in), static_cast<std::uint32_t>(model.packed_.size()));
    for (std::size_t c = 0; c < classes; ++c) model.packed_.push_back(take<float>(in));
  }
  model.rows_ = HashIndex<std::uint32_t>(rows);
  model.averaged_ = true;
  return model;
}

}  // namespace starcoach
