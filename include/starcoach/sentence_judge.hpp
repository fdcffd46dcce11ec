// What a sentence shows, judged by a naive Bayes model over its words, word pairs and word
// groups (word_clusters.hpp), trained at build time on labelled sentences:
// - which weak spot, if any (method.md 2 and 5): speaking badly of someone, blaming
//   others, handing the problem off, giving in, stopping unsure, or a habit told instead
//   of an event; "neutral" for the rest (data/redflags/training-*.tsv);
// - which behaviour of a principle, if any (method.md 1; data/behaviours/training-*.tsv).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "starcoach/knowledge.hpp"
#include "starcoach/naive_bayes.hpp"
#include "starcoach/text.hpp"

namespace starcoach {

class SentenceJudge {
 public:
  // From (label, sentence) pairs.
  // Each label's prior: its share of the sentences, or the same for every label (a
  // behaviour judge, whose "none" gathers every other kind of sentence and would
  // otherwise outweigh each behaviour by its sheer number).
  enum class Priors { learned, equal };
  explicit SentenceJudge(const std::vector<std::pair<std::string, std::string>>& labelled, Priors priors = Priors::learned);

  // A model saved with save(), used in place: the bytes (8-byte aligned) must outlive
  // it. Throws DataError for bytes that are not one.
  static SentenceJudge load(std::string_view saved);
  std::string save() const;
  static const SentenceJudge& builtin();
  // The judge of which behaviour of a principle a sentence shows (its behaviour ids, or
  // "none"), trained on data/behaviours/; loaded the first time it is asked for.
  static const SentenceJudge& behaviours_of(const Principle& principle);
  // Its name among the trained models.
  static std::string behaviour_model_name(std::string_view principle_id);

  // Reads "label<TAB>sentence" lines; throws DataError naming the line at fault.
  static std::vector<std::pair<std::string, std::string>> read_tsv(std::string_view name, std::string_view text);

  // How likely each label is for a sentence's words (labels() order, summing to 1).
  std::vector<double> judge(const std::vector<Word>& words) const;
  // The same in two steps: the evidence for each label (log-odds, priors included), and
  // the probabilities it gives. The evidence of two sentences read as one comes from each
  // one's, so that a sentence judged alone and with the one before is read only once.
  std::vector<double> evidence(const std::vector<Word>& words) const;
  std::vector<double> evidence_of_both(const std::vector<double>& first, const std::vector<double>& second,
                                       const Word& last_of_first, const Word& first_of_second) const;
  std::vector<double> probabilities(std::vector<double> evidence) const;
  // The probability of one label (0 for a label the model does not know).
  double probability(const std::vector<Word>& words, std::string_view label) const;
  const std::vector<std::string>& labels() const { return labels_; }

 private:
  SentenceJudge() = default;
  void add_row(std::string_view feature, std::vector<double>& log_odds) const;

  std::vector<std::string> labels_;
  std::vector<double> log_priors_;
  NaiveBayesTable table_;
};

}  // namespace starcoach
