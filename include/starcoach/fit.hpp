// Does the story answer the question? An interviewer stops a candidate whose story is
// about something else. Two things decide it:
// - the principle: the question classifier says which principles a question probes; the
//   answer profiler says which principles a story is about, learned from the labelled
//   answers of the STAR corpus and data/fit (a model of answers, not of questions: the
//   words differ); the fit counts how much of the question's weight lands on what the
//   story is about;
// - the situation: whether the story tells the one the question sets up (a conflict with
//   a peer, not a hiring; a customer who asked for the wrong thing), judged from how close
//   it is to stories told for similar questions and how much of what the question names
//   it names too (situation.hpp, SituationJudge).
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "starcoach/classifier.hpp"
#include "starcoach/knowledge.hpp"
#include "starcoach/naive_bayes.hpp"
#include "starcoach/situation.hpp"
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
  // Add-one smoothing: with less, a rare word of one story's topic ("van", "parcel") says
  // more about the principle than the words of what the candidate did (chosen on the dev
  // splits of fit and order pairs: own stories taken as off the question fell from 10 of
  // 198 to 3, and order pairs rose from 88.2% to 90.0%).
  static constexpr double smoothing = 1.0;
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
  SituationModel::Echo echo;               // what the question names that the story names too (situation.hpp)
  double principle = 0;                    // how surely it is about what the question probes, 0 to 1
  double situation = 0;                    // how surely it tells the situation the question sets up (SituationJudge), 0 to 1

  // How the score's reason speaks of the situation: below `untold_situation` the story
  // tells little of it (4.5% of the dev order pairs' own stories and none of the fit set's
  // are below it, against 15% of the near questions); up to `told_situation` it may be the
  // situation, and the candidate is asked to make that clear (a third of own stories, and
  // most near ones, are below 0.5).
  static constexpr double untold_situation = 0.3, told_situation = 0.5;
};

// What a story and a question are judged on, from the given models: everything in
// QuestionFit but the situation and the score. judge_fit() uses the built-in models;
// the trainer, its own.
// `asked` is the question classifier's reading of the question.
QuestionFit measure_fit(const std::vector<PrincipleScore>& asked, std::string_view question, const std::vector<Word>& answer_words,
                        const AnswerProfiler& profiler, const SituationModel& situations);

// Whether the story tells the situation the question sets up, from a QuestionFit's
// closeness and echo: a logistic model learned at build time from stories told for a
// question (data/fit/training-*.tsv), each judged against that question (it tells it) and
// against a question on the same principle that sets up another situation (it does not).
// Its few weights generalise where a model of words would learn the examples' topics.
class SituationJudge {
 public:
  struct Example {
    QuestionFit fit;
    bool fits = false;
  };
  explicit SituationJudge(const std::vector<Example>& examples);
  static SituationJudge load(std::string_view saved);  // throws DataError for bytes that are not one
  std::string save() const;
  static const SituationJudge& builtin();

  // That the story tells the question's situation, 0 to 1.
  double probability(const QuestionFit& fit) const;

 private:
  static constexpr std::size_t measures = 3;
  static std::array<double, measures> measures_of(const QuestionFit& fit);
  SituationJudge() = default;
  std::array<double, measures + 1> weights_{};  // the bias, then one per measure
};

// A story told for a question, and a question on its principle that it does not answer
// (data/fit/training-*.tsv: principle, question, near question, answer; "\n" in the answer
// is a line break). Throws DataError, naming `name` and the line, for a malformed line.
struct FitTrainingStory {
  std::string principle, question, near_question, answer;
};
std::vector<FitTrainingStory> read_fit_training(const std::string& name, std::string_view text);

// The trainer's examples: each story with its own question and with its near question.
std::vector<SituationJudge::Example> fit_examples(const std::vector<FitTrainingStory>& stories,
                                                  const QuestionClassifier& classifier, const AnswerProfiler& profiler,
                                                  const SituationModel& situations);

// What the story is about, said against what the question asks: the story's principle, or,
// when it is the question's own, that the situation differs.
std::string story_topic(const QuestionFit& fit);

// How well a story (its words) fits a question, with the built-in models; the second form
// for a question already classified (`asked`).
QuestionFit judge_fit(std::string_view question, const std::vector<Word>& answer_words);
QuestionFit judge_fit(const std::vector<PrincipleScore>& asked, std::string_view question, const std::vector<Word>& answer_words);

}  // namespace starcoach
