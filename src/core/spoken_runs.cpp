#include "spoken_runs.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <span>
#include <string>
#include <string_view>

#include "starcoach/corpus.hpp"
#include "starcoach/perceptron.hpp"
#include "starcoach/word_clusters.hpp"

namespace starcoach::detail {

namespace {

constexpr std::size_t part_count = all_parts.size();
// The longest unit considered: longer spoken sentences are rare and mix parts (chosen on
// the dev split with eval-star: 30 and 60 words did worse).
constexpr std::size_t longest_unit_words = 40;
// Unit lengths the model tells apart; longer ones share the last.
constexpr std::size_t length_classes = 25;
// Spoken openers that say little about what follows ("um so then i ...").
constexpr std::string_view openers[] = {"um", "uh",  "erm",  "so",       "and",  "well",
                                        "like", "basically", "yeah", "okay", "then", "but"};

bool is_opener(std::string_view word) { return std::find(std::begin(openers), std::end(openers), word) != std::end(openers); }

bool has_digit(const Word& word) {
  return std::any_of(word.lower.begin(), word.lower.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A unit [i, j) of one part is scored on features of four kinds: each word's, each pair of
// neighbouring words', the unit's start, and the unit as a whole (its length, where it
// stands, whether it has a figure). So the score of any unit is a difference of running
// sums plus a few table entries, and every possible cut can be weighed.

std::vector<Feature> word_features(const Word& word) {
  std::vector<Feature> features = {hashed_feature("w", word.stem_hash)};
  if (const WordCluster* cluster = WordClusters::builtin().find(word.hash)) {
    features.push_back(hashed_feature("c", cluster->fine));
    features.push_back(hashed_feature("C", cluster->coarse));
  }
  return features;
}

Feature pair_feature(const Word& first, const Word& second) { return hashed_feature("b", first.stem_hash, second.stem_hash); }

// The words around the unit's first word, and its first words past any openers.
std::vector<Feature> start_features(std::span<const Word> words, std::size_t i) {
  std::vector<Feature> features;
  const std::string_view here = words[i].lower;
  const std::string_view after = i + 1 < words.size() ? std::string_view(words[i + 1].lower) : "</s>";
  if (i == 0) {
    features.push_back(feature("first"));
  } else {
    features.push_back(feature("w-1", words[i - 1].lower));
    features.push_back(feature("w-1,w0", words[i - 1].lower, here));
  }
  features.push_back(feature("w0", here));
  features.push_back(feature("w+1", after));
  features.push_back(feature("w0,w+1", here, after));
  const WordClusters& clusters = WordClusters::builtin();
  const WordCluster* cluster_here = clusters.find(words[i].hash);
  const WordCluster* cluster_after = i + 1 < words.size() ? clusters.find(words[i + 1].hash) : nullptr;
  if (cluster_here) features.push_back(hashed_feature("c0", cluster_here->fine));
  if (cluster_here && cluster_after) features.push_back(hashed_feature("c0,c+1", cluster_here->fine, cluster_after->fine));
  std::size_t opener = i;
  while (opener < words.size() && opener < i + 4 && is_opener(words[opener].lower)) ++opener;
  if (opener > i && opener < words.size()) {
    features.push_back(feature("f1", words[opener].lower));
    if (opener + 1 < words.size()) features.push_back(feature("f2", words[opener].lower, words[opener + 1].lower));
  }
  return features;
}

Feature length_feature(std::size_t length) {
  const char name[] = {static_cast<char>('a' + std::min(length, length_classes - 1)), 0};
  return feature("len", name);
}

// Which third of the run the unit starts in: coarse, so that a result told first can still be read as one.
std::size_t third(std::size_t i, std::size_t n) { return (i * 3) / n; }

Feature third_feature(std::size_t third) {
  const char name[] = {static_cast<char>('0' + third), 0};
  return feature("pos", name);
}

Feature previous_feature(std::size_t previous) {
  return feature("prev", previous == part_count ? "start" : part_name(all_parts[previous]));
}

// Every feature of one unit, exactly as read_spoken_run adds them up (for training).
std::vector<Feature> unit_features(const std::vector<Word>& words, const SpokenUnit& unit, std::size_t previous) {
  std::vector<Feature> features = start_features(words, unit.start);
  bool digits = false;
  for (std::size_t k = unit.start; k < unit.end; ++k) {
    for (Feature f : word_features(words[k])) features.push_back(f);
    if (k + 1 < unit.end) features.push_back(pair_feature(words[k], words[k + 1]));
    digits = digits || has_digit(words[k]);
  }
  features.push_back(feature("bias"));
  features.push_back(length_feature(unit.end - unit.start));
  features.push_back(third_feature(third(unit.start, words.size())));
  if (digits) features.push_back(feature("digits"));
  features.push_back(previous_feature(previous));
  return features;
}

using PartScores = std::array<double, part_count>;

PartScores part_scores(const AveragedPerceptron& model, const std::vector<Feature>& features) {
  const std::vector<double> scores = model.scores(features);
  PartScores out{};
  std::copy_n(scores.begin(), part_count, out.begin());
  return out;
}

void add(PartScores& to, const PartScores& from, double sign = 1.0) {
  for (std::size_t c = 0; c < part_count; ++c) to[c] += sign * from[c];
}

}  // namespace

std::vector<SpokenUnit> read_spoken_run(const AveragedPerceptron& model, std::span<const Word> words) {
  const std::size_t n = words.size();
  if (n == 0) return {};
  std::array<PartScores, length_classes> by_length;
  for (std::size_t length = 0; length < length_classes; ++length)
    by_length[length] = part_scores(model, {feature("bias"), length_feature(length)});
  std::array<PartScores, 3> by_third;
  for (std::size_t t = 0; t < 3; ++t) by_third[t] = part_scores(model, {third_feature(t)});
  const PartScores with_digits = part_scores(model, {feature("digits")});
  std::array<PartScores, part_count + 1> transition;  // [previous part, or part_count at the start][part]
  for (std::size_t p = 0; p <= part_count; ++p) transition[p] = part_scores(model, {previous_feature(p)});

  // With W[k] and P[k] the running sums of the scores of the words and of the neighbouring
  // pairs before index k, a unit [i, j) scores up_to[j] = W[j] + P[j - 1], plus from[i] =
  // its start's and third's scores - W[i] - P[i], plus its length's and figures' scores
  // (the pairs cancel to nothing for a one-word unit, where j - 1 == i).
  std::vector<PartScores> up_to, from;
  std::vector<std::size_t> digit_sum;  // figures before each index
  up_to.resize(n + 1);  // (resize: GCC 12 warns that n + 1 may overflow in the sized constructor)
  from.resize(n);
  digit_sum.resize(n + 1);
  PartScores words_before{}, pairs_before{};
  for (std::size_t k = 0; k < n; ++k) {
    from[k] = part_scores(model, start_features(words, k));
    add(from[k], by_third[third(k, n)]);
    add(from[k], words_before, -1.0);
    add(from[k], pairs_before, -1.0);
    add(words_before, part_scores(model, word_features(words[k])));
    up_to[k + 1] = words_before;
    add(up_to[k + 1], pairs_before);
    if (k + 1 < n) add(pairs_before, part_scores(model, {pair_feature(words[k], words[k + 1])}));
    digit_sum[k + 1] = digit_sum[k] + has_digit(words[k]);
  }

  // best[j][c]: the best reading of words [0, j) whose last unit has part c. entering[i][c]:
  // the best reading of words [0, i) followed by the start of a unit of part c, with the
  // transition and from[i] included, so that the inner loop adds only what depends on j.
  struct Cell {
    double score = -1e300;
    std::size_t from = 0, previous = part_count;
  };
  std::vector<std::array<Cell, part_count>> best, entering;
  best.resize(n + 1);
  entering.resize(n);
  for (std::size_t c = 0; c < part_count; ++c) entering[0][c] = {transition[part_count][c] + from[0][c], 0, part_count};
  for (std::size_t j = 1; j <= n; ++j) {
    const std::size_t earliest = j > longest_unit_words ? j - longest_unit_words : 0;
    for (std::size_t c = 0; c < part_count; ++c) {
      double best_score = -1e300;
      std::size_t best_start = earliest;
      for (std::size_t i = earliest; i < j; ++i) {
        const double score = entering[i][c].score + by_length[std::min(j - i, length_classes - 1)][c] +
                             (digit_sum[j] > digit_sum[i] ? with_digits[c] : 0.0);
        if (score > best_score) best_score = score, best_start = i;
      }
      best[j][c] = {best_score + up_to[j][c], best_start, entering[best_start][c].previous};
    }
    if (j == n) break;
    for (std::size_t c = 0; c < part_count; ++c) {
      for (std::size_t p = 0; p < part_count; ++p)
        if (const double score = best[j][p].score + transition[p][c]; score > entering[j][c].score) entering[j][c] = {score, j, p};
      entering[j][c].score += from[j][c];
    }
  }
  std::size_t part = 0;
  for (std::size_t c = 1; c < part_count; ++c)
    if (best[n][c].score > best[n][part].score) part = c;
  std::vector<SpokenUnit> units;
  for (std::size_t j = n; j > 0;) {
    const Cell& cell = best[j][part];
    units.push_back({cell.from, j, all_parts[part]});
    j = cell.from;
    part = cell.previous;
  }
  std::reverse(units.begin(), units.end());
  return units;
}

void train_spoken_runs(AveragedPerceptron& model, const std::vector<LabelledAnswer>& answers, int epochs) {
  struct Example {
    std::vector<Word> words;
    std::vector<SpokenUnit> truth;
  };
  std::vector<Example> examples;
  for (const LabelledAnswer& answer : answers) {
    std::vector<std::size_t> sizes;
    Example example{words_of(answer.spoken(&sizes)), {}};
    std::size_t at = 0;
    for (std::size_t s = 0; s < sizes.size(); ++s) {
      if (sizes[s] == 0) continue;
      example.truth.push_back({at, at + sizes[s], answer.sentences[s].part});
      at += sizes[s];
    }
    if (at == example.words.size() && at > 0) examples.push_back(std::move(example));
  }
  // Structured perceptron: read each answer with the current weights, and where the reading
  // differs from the truth, move the weights towards the truth's features and away from the
  // reading's. Fixed seed: the same corpus always gives the same model.
  in_shuffled_epochs(examples.size(), epochs, 20261204, [&](std::size_t index) {
    const Example& example = examples[index];
    const std::vector<SpokenUnit> read = read_spoken_run(model, example.words);
    if (read != example.truth) {
      auto move = [&](const std::vector<SpokenUnit>& units, double delta) {
        std::size_t previous = part_count;
        for (const SpokenUnit& unit : units) {
          const std::size_t part = static_cast<std::size_t>(unit.part);
          model.update(unit_features(example.words, unit, previous), part, delta);
          previous = part;
        }
      };
      move(example.truth, 1.0);
      move(read, -1.0);
    }
    model.tick();
  });
  model.average();
}

}  // namespace starcoach::detail
