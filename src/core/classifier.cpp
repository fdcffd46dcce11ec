// A multinomial naive Bayes model over word stems, stem pairs and the words' clusters of
// near-synonyms, trained at build time (tools/train-models.cpp), plus a bonus for every
// cue phrase of a principle that the question contains word for word.
#include "starcoach/classifier.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "starcoach/data_file.hpp"
#include "starcoach/embedded.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/text.hpp"
#include "starcoach/trained_models.hpp"
#include "starcoach/word_clusters.hpp"

namespace starcoach {

namespace {

using nlohmann::json;

double number_field(const json& document, const char* key, double fallback, Source source) {
  auto found = document.find(key);
  if (found == document.end()) return fallback;
  if (!found->is_number() || found->get<double>() < 0)
    throw DataError(std::string(source.name), 1, std::string("\"") + key + "\" must be a number >= 0");
  return found->get<double>();
}

// Cluster features are named "#c" + the cluster's number; no stem starts with '#'.
const std::string cluster_prefix = "#c";

bool contains_run(const std::vector<std::string>& words, const std::vector<std::string>& run) {
  return !run.empty() && std::search(words.begin(), words.end(), run.begin(), run.end()) != words.end();
}

}  // namespace

ClassifierData ClassifierData::parse(Source settings_json, Source stopwords_txt, Source training_tsv) {
  const json document = parse_json_file(settings_json);
  if (!document.is_object()) throw DataError(std::string(settings_json.name), 1, "expected a JSON object");
  ClassifierData settings;
  settings.smoothing = number_field(document, "smoothing", settings.smoothing, settings_json);
  settings.bank_weight = number_field(document, "bank_weight", settings.bank_weight, settings_json);
  settings.example_weight = number_field(document, "example_weight", settings.example_weight, settings_json);
  settings.secondary_weight = number_field(document, "secondary_weight", settings.secondary_weight, settings_json);
  settings.cue_weight = number_field(document, "cue_weight", settings.cue_weight, settings_json);
  settings.behaviour_weight = number_field(document, "behaviour_weight", settings.behaviour_weight, settings_json);
  settings.bigram_weight = number_field(document, "bigram_weight", settings.bigram_weight, settings_json);
  settings.cluster_weight = number_field(document, "cluster_weight", settings.cluster_weight, settings_json);
  settings.cue_match_bonus = number_field(document, "cue_match_bonus", settings.cue_match_bonus, settings_json);
  settings.temperature = number_field(document, "temperature", settings.temperature, settings_json);
  if (settings.smoothing <= 0 || settings.temperature <= 0)
    throw DataError(std::string(settings_json.name), 1, "\"smoothing\" and \"temperature\" must be above 0");
  // One word per line; '#' starts a comment.
  for_each_line(stopwords_txt.text, [&](std::size_t line_number, std::string_view line) {
    line = line.substr(0, line.find('#'));
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
    if (line.empty()) return;
    if (line.find(' ') != std::string_view::npos)
      throw DataError(std::string(stopwords_txt.name), line_number, "one word per line");
    settings.stopwords.emplace_back(line);
  });
  for_each_line(training_tsv.text, [&](std::size_t line_number, std::string_view line) {
    auto fail = [&](const std::string& what) { throw DataError(std::string(training_tsv.name), line_number, what); };
    if (line_number == 1) {
      if (line != "principle\tquestion") fail("expected the header \"principle<TAB>question\"");
      return;
    }
    if (line.empty()) return;
    std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || line.find('\t', tab + 1) != std::string_view::npos)
      fail("expected 2 tab-separated fields");
    if (!is_valid_utf8(line)) fail("invalid UTF-8");
    settings.examples.push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))});
  });
  return settings;
}

const ClassifierData& ClassifierData::builtin() {
  static const ClassifierData settings = parse(
      Source{"data/classifier/settings.json", embedded_file("data/classifier/settings.json")},
      Source{"data/classifier/stopwords.txt", embedded_file("data/classifier/stopwords.txt")}, Source{"no training questions", ""});
  return settings;
}

const ClassifierData& ClassifierData::builtin_with_examples() {
  static const ClassifierData settings = parse(
      Source{"data/classifier/settings.json", embedded_file("data/classifier/settings.json")},
      Source{"data/classifier/stopwords.txt", embedded_file("data/classifier/stopwords.txt")},
      Source{"data/classifier/training.tsv", embedded_file("data/classifier/training.tsv")});
  return settings;
}

QuestionClassifier::QuestionClassifier(const KnowledgeBase& knowledge, ClassifierData settings, Untrained)
    : knowledge_(knowledge), settings_(std::move(settings)) {
  for (const std::string& word : settings_.stopwords) stopwords_.push_back(stem(word));
  std::sort(stopwords_.begin(), stopwords_.end());
  for (const Principle& principle : knowledge_.principles()) {
    cues_.emplace_back();
    for (const std::string& cue : principle.question_cues) cues_.back().push_back(stemmed_words(cue));
  }
}

QuestionClassifier::QuestionClassifier(const KnowledgeBase& knowledge, ClassifierData settings)
    : QuestionClassifier(knowledge, std::move(settings), Untrained{}) {
  const std::vector<Principle>& principles = knowledge_.principles();
  const std::size_t n = principles.size();
  std::map<std::string, std::vector<double>> counts;  // feature -> weight per principle
  auto learn = [&](std::size_t principle, std::string_view text, double weight) {
    if (principle >= n) return;
    for (const std::string& feature : features(text)) {
      const double amount = weight * (feature.find(' ') == std::string::npos ? 1.0 : settings_.bigram_weight);
      std::vector<double>& row = counts[feature];
      row.resize(n, 0.0);
      row[principle] += amount;
    }
  };
  auto index_of = [&](std::string_view id) {
    for (std::size_t i = 0; i < n; ++i)
      if (principles[i].id == id) return i;
    return n;
  };
  for (const Question& question : knowledge_.questions()) {
    if (question.is_meta()) continue;
    learn(index_of(question.principle), question.text, settings_.bank_weight);
    for (const std::string& also : question.also) learn(index_of(also), question.text, settings_.secondary_weight);
  }
  for (const LabelledQuestion& example : settings_.examples) {
    if (index_of(example.principle) == n)
      throw DataError("data/classifier/training.tsv", 1, "unknown principle " + example.principle);
    learn(index_of(example.principle), example.text, settings_.example_weight);
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (const std::string& cue : principles[i].question_cues) learn(i, cue, settings_.cue_weight);
    for (const Behaviour& behaviour : principles[i].behaviours) {
      learn(i, behaviour.text, settings_.behaviour_weight);
      for (const std::string& phrase : behaviour.phrases) learn(i, phrase, settings_.behaviour_weight);
    }
  }
  table_ = NaiveBayesTable(counts, n, settings_.smoothing);
}

std::size_t likely_count(const std::vector<PrincipleScore>& scores) {
  std::size_t shown = std::min<std::size_t>(3, scores.size());
  while (shown < std::min<std::size_t>(5, scores.size()) && scores[shown].score >= 0.03) ++shown;
  return shown;
}

QuestionClassifier QuestionClassifier::load(const KnowledgeBase& knowledge, ClassifierData settings, std::string_view saved) {
  QuestionClassifier classifier(knowledge, std::move(settings), Untrained{});
  classifier.table_ = NaiveBayesTable::load(saved, knowledge.principles().size());
  return classifier;
}

std::string QuestionClassifier::save() const { return table_.save(); }

const QuestionClassifier& QuestionClassifier::builtin() {
  static const QuestionClassifier classifier =
      load(KnowledgeBase::builtin(), ClassifierData::builtin(), trained_model(trained_models_file(), "question-classifier"));
  return classifier;
}

std::vector<std::string> QuestionClassifier::features(std::string_view text) const {
  std::vector<std::string> kept, clusters;
  for (Word& word : words_of(text)) {
    if (std::binary_search(stopwords_.begin(), stopwords_.end(), word.stem)) continue;
    // The word's group of near-synonyms: a word never seen in training still counts.
    if (const WordCluster* cluster = WordClusters::builtin().find(word.hash)) clusters.push_back(cluster_prefix + std::to_string(cluster->fine));
    kept.push_back(std::move(word.stem));
  }
  std::vector<std::string> features = kept;
  for (std::size_t i = 0; i + 1 < kept.size(); ++i) features.push_back(kept[i] + " " + kept[i + 1]);
  features.insert(features.end(), clusters.begin(), clusters.end());
  return features;
}

std::vector<PrincipleScore> QuestionClassifier::classify(std::string_view question) const {
  require_text(question, "question");
  const std::vector<Principle>& principles = knowledge_.principles();
  const std::size_t n = principles.size();
  std::vector<double> log_odds(n, 0.0);
  for (const std::string& feature : features(question)) {
    const float* log_probabilities = table_.find(feature);
    if (log_probabilities == nullptr) continue;  // a word the model never saw says nothing
    const double weight = feature.rfind(cluster_prefix, 0) == 0 ? settings_.cluster_weight : 1.0;
    for (std::size_t i = 0; i < n; ++i) log_odds[i] += weight * log_probabilities[i];
  }
  const std::vector<std::string> words = stemmed_words(question);
  for (std::size_t i = 0; i < n; ++i)
    for (const std::vector<std::string>& cue : cues_[i])
      if (contains_run(words, cue)) log_odds[i] += settings_.cue_match_bonus * static_cast<double>(cue.size());

  // Softmax, shifted by the maximum so that exp() cannot overflow.
  const double top = *std::max_element(log_odds.begin(), log_odds.end());
  double sum = 0.0;
  std::vector<PrincipleScore> scores;
  for (std::size_t i = 0; i < n; ++i) {
    double weight = std::exp((log_odds[i] - top) / settings_.temperature);
    scores.push_back({&principles[i], weight});
    sum += weight;
  }
  for (PrincipleScore& score : scores) score.score /= sum;
  std::stable_sort(scores.begin(), scores.end(),
                   [](const PrincipleScore& a, const PrincipleScore& b) { return a.score > b.score; });
  return scores;
}

}  // namespace starcoach
