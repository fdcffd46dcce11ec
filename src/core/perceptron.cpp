#include "starcoach/perceptron.hpp"

namespace starcoach {

std::vector<double> AveragedPerceptron::scores(const std::vector<Feature>& features) const {
  std::vector<double> result(classes_, 0.0);
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
  for (auto& [feature, w] : weights_) {
    for (std::size_t c = 0; c < classes_; ++c) {
      w.total[c] += static_cast<double>(clock_ - w.stamp[c]) * w.current[c];
      w.current[c] = w.total[c] / static_cast<double>(clock_);
    }
  }
}

}  // namespace starcoach
