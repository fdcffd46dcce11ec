// An averaged perceptron over string features: the learner behind the STAR labeller
// and the sentence splitter. Small, deterministic, and fast to train at start-up.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

namespace starcoach {

class AveragedPerceptron {
 public:
  explicit AveragedPerceptron(std::size_t classes) : classes_(classes) {}

  std::size_t classes() const { return classes_; }

  // The score of each class: the sum of the features' weights.
  std::vector<double> scores(const std::vector<std::string>& features) const;

  // Adds `delta` to the weight of each feature for `cls`.
  void update(const std::vector<std::string>& features, std::size_t cls, double delta);

  // Marks the end of one training example (the unit of averaging).
  void tick() { ++clock_; }

  // Replaces each weight by its average over all ticks, which generalises better than
  // the last weights. Call once, after training.
  void average();

 private:
  struct Weights {
    std::vector<double> current, total;
    std::vector<long> stamp;  // clock at the last change, for lazy averaging
  };
  std::size_t classes_;
  long clock_ = 1;
  std::unordered_map<std::string, Weights> weights_;
};

}  // namespace starcoach
