#include "starcoach/perceptron.hpp"

#include <algorithm>
#include <cstring>

#include "starcoach/errors.hpp"

namespace starcoach {

std::vector<double> AveragedPerceptron::scores(const std::vector<Feature>& features) const {
  std::vector<double> result(classes_, 0.0);
  if (averaged_) {
    for (Feature feature : features)
      // The row is checked against the weights: a damaged file must not read past them.
      if (const std::uint32_t* row = rows_.find(feature); row && *row + classes_ <= packed_.size())
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
  // In feature order, so that the index's layout, and so the saved bytes, never depend
  // on the order of an unordered map.
  std::vector<std::uint64_t> features;
  for (const auto& entry : weights_) features.push_back(entry.first);
  std::sort(features.begin(), features.end());
  std::vector<std::pair<std::uint64_t, std::uint32_t>> rows;
  for (std::uint64_t feature : features) {
    Weights& w = weights_[feature];
    rows.emplace_back(feature, static_cast<std::uint32_t>(packed_store_.size()));
    for (std::size_t c = 0; c < classes_; ++c) {
      w.total[c] += static_cast<double>(clock_ - w.stamp[c]) * w.current[c];
      packed_store_.push_back(static_cast<float>(w.total[c] / static_cast<double>(clock_)));
    }
  }
  rows_ = HashIndex<std::uint32_t>(rows);
  packed_ = packed_store_;
  weights_.clear();
  averaged_ = true;
}

namespace {

std::size_t padded(std::size_t bytes) { return (bytes + 7) / 8 * 8; }

}  // namespace

void AveragedPerceptron::save(std::string& out) const {
  const std::uint32_t header[2] = {static_cast<std::uint32_t>(classes_), static_cast<std::uint32_t>(packed_.size())};
  out.append(reinterpret_cast<const char*>(header), sizeof header);  // little-endian, as every target here
  rows_.save(out);
  out.append(reinterpret_cast<const char*>(packed_.data()), packed_.size_bytes());
  out.append(padded(packed_.size_bytes()) - packed_.size_bytes(), '\0');
}

AveragedPerceptron AveragedPerceptron::load(std::string_view& in) {
  auto fail = [](const char* what) -> AveragedPerceptron { throw DataError("trained models", 1, what); };
  std::uint32_t header[2];
  if (in.size() < sizeof header) return fail("a model is cut short (run the build again)");
  std::memcpy(header, in.data(), sizeof header);
  in.remove_prefix(sizeof header);
  const std::size_t classes = header[0], weights = header[1];
  if (classes == 0 || classes > 16 || weights % classes != 0) return fail("a model has a wrong number of classes");
  AveragedPerceptron model(classes);
  model.rows_ = HashIndex<std::uint32_t>::view(in);
  if (in.size() < padded(weights * sizeof(float))) return fail("a model is cut short (run the build again)");
  model.packed_ = {reinterpret_cast<const float*>(in.data()), weights};
  in.remove_prefix(padded(weights * sizeof(float)));
  model.averaged_ = true;
  return model;
}

}  // namespace starcoach
