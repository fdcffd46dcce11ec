// The question classifier: which Leadership Principles does an interview question probe?
// Interviewers never name the principle, so it learns from labelled questions: the
// question bank (data/questions.tsv), the extra training questions
// (data/classifier/training.tsv) and the cue words each principle lists
// (data/principles.json), weighted by data/classifier/settings.json.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "starcoach/naive_bayes.hpp"
#include "starcoach/knowledge.hpp"

namespace starcoach {

// Labelled example question, for training.
struct LabelledQuestion {
  std::string principle;
  std::string text;
};

// Everything the classifier learns from besides the knowledge base.
struct ClassifierData {
  double smoothing = 0.1;          // additive smoothing of feature counts
  double bank_weight = 1.0;        // a bank question, for its primary principle
  double example_weight = 1.0;     // a training question
  double secondary_weight = 0.4;   // a bank question, for each secondary principle
  double cue_weight = 2.0;         // a question cue, as a training example of its principle
  double behaviour_weight = 0.3;   // a behaviour's text and phrases
  double bigram_weight = 1.0;      // a pair of adjacent words, relative to a single word
  double cluster_weight = 0.5;     // a word's cluster of near-synonyms, relative to the word itself
  double cue_match_bonus = 1.5;    // log-odds added when a whole cue phrase is in the question
  double temperature = 1.0;        // softmax temperature that turns log-odds into scores
  std::vector<std::string> stopwords;
  std::vector<LabelledQuestion> examples;

  // Parses data/classifier/settings.json, stopwords.txt and training.tsv (a header line,
  // then principle<TAB>question); throws DataError naming the file and line.
  static ClassifierData parse(Source settings_json, Source stopwords_txt, Source training_tsv);
  // The embedded files: what the program needs (settings and stop words: the model itself
  // was trained at build time), and, for the trainer and the evaluations, the training
  // questions too (parsing those 8,049 lines would cost every start about 1.5 ms).
  static const ClassifierData& builtin();
  static const ClassifierData& builtin_with_examples();
};

struct PrincipleScore {
  const Principle* principle;
  double score;  // in [0, 1]; the scores of one question sum to 1
};

// How many of a question's principles, best first, are worth showing: at least three, at
// most five, and no near-zero tail (under 3%).
std::size_t likely_count(const std::vector<PrincipleScore>& scores);

class QuestionClassifier {
 public:
  // Learns from the knowledge base and `settings` (the evaluation programs try other
  // settings this way).
  QuestionClassifier(const KnowledgeBase& knowledge, ClassifierData settings);

  // A model saved with save(), learned from the same knowledge base and settings, used
  // in place: the bytes (8-byte aligned) must outlive it. Throws DataError for bytes
  // that are not one.
  static QuestionClassifier load(const KnowledgeBase& knowledge, ClassifierData settings, std::string_view saved);
  std::string save() const;

  // Trained at build time on the embedded knowledge base and settings.
  static const QuestionClassifier& builtin();

  // Every principle with its score, best first. Throws InputError for empty or
  // invalid UTF-8 text. A question with no known word scores all principles equally.
  std::vector<PrincipleScore> classify(std::string_view question) const;

 private:
  struct Untrained {};
  QuestionClassifier(const KnowledgeBase& knowledge, ClassifierData settings, Untrained);
  std::vector<std::string> features(std::string_view text) const;

  const KnowledgeBase& knowledge_;
  ClassifierData settings_;
  std::vector<std::string> stopwords_;                      // stemmed, sorted
  std::vector<std::vector<std::vector<std::string>>> cues_;  // per principle: stemmed cue phrases
  NaiveBayesTable table_;  // per feature: one log-probability per principle
};

}  // namespace starcoach
