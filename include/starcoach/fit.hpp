// Does the story answer the question? An interviewer stops a candidate whose story is
// about something else. The question classifier says which principles a question probes;
// the answer profiler says which principles a story is about, learned from the labelled
// answers of the STAR corpus (a model of answers, not of questions: the words differ). The
// fit is how much of the question's weight lands on what the story is about.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "starcoach/classifier.hpp"
#include "starcoach/knowledge.hpp"
#include "starcoach/naive_bayes.hpp"
#include "starcoach/text.hpp"

namespace starcoach {

struct LabelledAnswer;

// Whether a word carries meaning for the fit (not a stop word, not a stem of two letters).
bool carries_meaning(const Word& word);

class AnswerProfiler {
 public:
  // Learns from answers labelled with their principle, and from sentences labelled with
  // the principle whose behaviour they show ({principle id, sentence}: data/behaviours/),
  // whose words count `sentence_weight` times: a sentence that shows a behaviour says
  // more about its principle than an answer's background does.
  static constexpr double sentence_weight = 2.0;  // chosen on fit-dev and the odd order pairs
  AnswerProfiler(const KnowledgeBase& knowledge, const std::vector<LabelledAnswer>& answers,
                 const std::vector<std::pair<std::string, std::string>>& sentences);

  // A model saved with save(), used in place: the bytes (8-byte aligned) must outlive
  // it. Throws DataError for bytes that are not one.
  static AnswerProfiler load(const KnowledgeBase& knowledge, std::string_view saved);
  std::string save() const;

  // Trained at build time on data/star-corpus/train-*.txt and data/behaviours/training-*.tsv.
  static const AnswerProfiler& builtin();

  // How much the story is about each principle (in the knowledge base's order; sums to 1).
  std::vector<double> profile(const std::vector<Word>& words) const;

  // Whether a word counts here: carries_meaning().
  bool counts(const Word& word) const { return carries_meaning(word); }

 private:
  AnswerProfiler(const KnowledgeBase& knowledge, NaiveBayesTable table);

  const KnowledgeBase& knowledge_;
  NaiveBayesTable table_;
};

struct QuestionFit {
  int score = 0;                           // 0 to 100
  const Principle* asked = nullptr;        // what the question probes most
  const Principle* story_about = nullptr;  // what the story is about most
  double overlap = 0;                      // the question's weight on the story's principles, each against the strongest, 0 to 1
  double closeness = 0;                    // to the stories of questions like this one (situation.hpp)
  double situation = 0;                    // how much it tells the situation the question sets up, 0 to 1
};

// What the story is about, said against what the question asks: the story's principle, or,
// when it is the question's own, that the situation differs.
std::string story_topic(const QuestionFit& fit);

// How well a story (its words) fits a question: the principle it probes, and the situation
// it sets up (situation.hpp).
QuestionFit judge_fit(std::string_view question, const std::vector<Word>& answer_words);

}  // namespace starcoach
