#include "starcoach/fit.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "starcoach/corpus.hpp"
#include "starcoach/situation.hpp"
#include "starcoach/trained_models.hpp"

namespace starcoach {

namespace {

// Overlap at or above this is a full fit: the question's principles weigh, in the story,
// at least a quarter as much as the story's strongest principle. Above it the profile
// swings with small edits (a sentence cut, a detail added), so the score does not follow
// it (chosen on the dev splits of fit and order pairs).
constexpr double full_fit = 0.25;
// The situation's share of the fit, and the closeness (situation.hpp) that counts in full
// (chosen on the dev split of fit: the own question above the near one in 69% of answers,
// from 12%).
constexpr double situation_weight = 0.2;
constexpr double full_closeness = 0.03;

std::vector<std::uint64_t> stopword_stems() {
  std::vector<std::uint64_t> stems;
  for (const std::string& word : ClassifierData::builtin().stopwords) stems.push_back(word_hash(stem(word)));
  std::sort(stems.begin(), stems.end());
  return stems;
}

}  // namespace

bool carries_meaning(const Word& word) {
  static const std::vector<std::uint64_t> stopwords = stopword_stems();
  return word.stem.size() > 2 && !std::binary_search(stopwords.begin(), stopwords.end(), word.stem_hash);
}

AnswerProfiler::AnswerProfiler(const KnowledgeBase& knowledge, NaiveBayesTable table)
    : knowledge_(knowledge), table_(std::move(table)) {}

AnswerProfiler::AnswerProfiler(const KnowledgeBase& knowledge, const std::vector<LabelledAnswer>& answers,
                               const std::vector<std::pair<std::string, std::string>>& sentences)
    : AnswerProfiler(knowledge, NaiveBayesTable()) {
  const std::vector<Principle>& principles = knowledge.principles();
  std::map<std::string, std::vector<double>> stem_counts;  // stem -> answers' uses per principle
  auto learn = [&](const std::string& principle, std::string_view text, double weight) {
    auto found = std::find_if(principles.begin(), principles.end(), [&](const Principle& p) { return p.id == principle; });
    if (found == principles.end()) return;
    for (const Word& word : words_of(text)) {
      if (!counts(word)) continue;
      std::vector<double>& row = stem_counts[word.stem];
      row.resize(principles.size(), 0.0);
      row[static_cast<std::size_t>(found - principles.begin())] += weight;
    }
  };
  for (const LabelledAnswer& answer : answers) learn(answer.principle, answer.text(), 1.0);
  for (const auto& [principle, sentence] : sentences) learn(principle, sentence, sentence_weight);
  table_ = NaiveBayesTable(stem_counts, principles.size(), 0.5);
}

AnswerProfiler AnswerProfiler::load(const KnowledgeBase& knowledge, std::string_view saved) {
  return AnswerProfiler(knowledge, NaiveBayesTable::load(saved, knowledge.principles().size()));
}

std::string AnswerProfiler::save() const { return table_.save(); }

const AnswerProfiler& AnswerProfiler::builtin() {
  static const AnswerProfiler profiler = load(KnowledgeBase::builtin(), trained_model(trained_models_file(), "answer-profiler"));
  return profiler;
}

std::vector<double> AnswerProfiler::profile(const std::vector<Word>& words) const {
  const std::size_t n = knowledge_.principles().size();
  std::vector<double> log_odds(n, 0.0);
  std::size_t counted = 0;
  for (const Word& word : words) {
    if (!counts(word)) continue;
    const float* log_probabilities = table_.find(word.stem);
    if (log_probabilities == nullptr) continue;
    ++counted;
    for (std::size_t i = 0; i < n; ++i) log_odds[i] += log_probabilities[i];
  }
  // A long story piles up evidence that a naive Bayes model over-trusts (its words are not
  // independent): the temperature grows with the words counted, so a profile stays a spread.
  const double temperature = std::max(2.0, static_cast<double>(counted) / 8.0);
  const double top = *std::max_element(log_odds.begin(), log_odds.end());
  double sum = 0.0;
  for (double& value : log_odds) sum += (value = std::exp((value - top) / temperature));
  for (double& value : log_odds) value /= sum;
  return log_odds;
}

QuestionFit judge_fit(std::string_view question, const std::vector<Word>& answer_words) {
  const std::vector<PrincipleScore> asked = QuestionClassifier::builtin().classify(question);
  const std::vector<double> profile = AnswerProfiler::builtin().profile(answer_words);
  const std::vector<Principle>& principles = KnowledgeBase::builtin().principles();
  QuestionFit fit;
  // Against the story's strongest principle, so that a longer story, whose profile is
  // spread wider, is not judged less fitting for it.
  const double strongest = *std::max_element(profile.begin(), profile.end());
  for (const PrincipleScore& score : asked)
    fit.overlap += score.score * profile[static_cast<std::size_t>(score.principle - principles.data())] / strongest;
  fit.asked = asked.front().principle;
  fit.story_about = &principles[static_cast<std::size_t>(std::max_element(profile.begin(), profile.end()) - profile.begin())];
  // The situation decides between stories of the right principle: a hiring story does not
  // answer a question about difficult feedback.
  fit.closeness = SituationModel::builtin().closeness(words_of(question), answer_words);
  const double principle_part = std::min(1.0, fit.overlap / full_fit);
  fit.situation = std::clamp(fit.closeness / full_closeness, 0.0, 1.0);
  fit.score = static_cast<int>(std::lround(100.0 * ((1 - situation_weight) * principle_part + situation_weight * fit.situation)));
  return fit;
}

std::string story_topic(const QuestionFit& fit) {
  if (fit.story_about == fit.asked) return "the same principle, but not in the situation the question describes";
  return fit.story_about->name;
}

}  // namespace starcoach
