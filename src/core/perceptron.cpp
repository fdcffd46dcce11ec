#include "starcoach/perceptron.hpp"

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

}  // namespace starcoach
