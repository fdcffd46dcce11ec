// Does the story tell the situation the question sets up ("feedback to someone who
// reports to you", "a customer who asked for the wrong thing")? A story can show the right
// principle in another situation, and then it does not answer the question (method.md 2).
// The stories of the STAR corpus that answer the questions most like this one show what
// such a story talks about: a story closer to them than to the corpus as a whole tells it.
// Words are compared as TF-IDF vectors over stems; trained at build time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "starcoach/hash_index.hpp"
#include "starcoach/text.hpp"

namespace starcoach {

struct LabelledAnswer;

class SituationModel {
 public:
  // How many of the most similar training questions speak for the question (chosen on
  // the dev splits of fit and order pairs).
  static constexpr std::size_t neighbours = 10;

  // From the corpus answers that carry their question.
  explicit SituationModel(const std::vector<LabelledAnswer>& answers);
  // A model saved with save(); throws DataError for bytes that are not one.
  static SituationModel load(std::string_view saved);
  std::string save() const;
  static const SituationModel& builtin();

  // How much closer (in cosine) the story is to the answers of the questions most like
  // this one than to all the answers: about 0 for a story of another situation, 0.03 and
  // more for one that tells it.
  double closeness(const std::vector<Word>& question, const std::vector<Word>& story) const;
  // How much of what the question names the story names too: the share of the question's
  // meaningful stems found in the story, each weighed by its rarity (IDF), so that
  // "customer" counts for more than "team"; `words` counts the same stems, `meanings`
  // also words of the same small group of near-synonyms ("client" for "customer",
  // word_clusters.hpp). Each 0 to 1.
  struct Echo {
    double words = 0, meanings = 0;
  };
  Echo echo(const std::vector<Word>& question, const std::vector<Word>& story) const;

 private:
  using Vector = std::vector<std::pair<std::uint32_t, float>>;  // (term, weight), unit length
  SituationModel() = default;
  Vector vector_of(const std::vector<Word>& words) const;
  void index_questions();

  HashIndex<std::uint32_t> terms_;  // stem hash -> term
  std::vector<std::uint64_t> stems_;  // term -> stem hash (to save the index)
  std::vector<float> idf_, mean_answer_;
  float unseen_idf_ = 1;  // the IDF of a stem the corpus never used: the rarest there is
  std::vector<Vector> questions_, answers_;
  std::vector<std::vector<std::pair<std::uint32_t, float>>> postings_;  // term -> (question, weight)
};

}  // namespace starcoach
