#include "starcoach/sentence_judge.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>

#include "starcoach/errors.hpp"
#include "starcoach/trained_models.hpp"
#include "starcoach/word_clusters.hpp"

namespace starcoach {

namespace {

// Naive Bayes treats a sentence's words as independent evidence, which they are not: the
// summed log-probabilities are divided by this before they become probabilities.
constexpr double evidence_temperature = 2.0;

// Bytes to add after `size` bytes to reach the next 8-byte boundary.
std::size_t padding(std::size_t size) { return (8 - size % 8) % 8; }

}  // namespace

// Calls visit(feature) for each feature of a sentence, in one reused buffer. Every word
// counts here, pronouns included: "he never listened" and "I never listened" differ in
// who is judged.
template <typename Visit>
void for_each_feature(const std::vector<Word>& words, Visit visit) {
  std::string feature;
  for (std::size_t i = 0; i < words.size(); ++i) {
    visit(std::string_view(words[i].stem));
    if (i + 1 < words.size()) {
      feature.assign(words[i].lower).append(" ").append(words[i + 1].lower);
      visit(std::string_view(feature));
    }
    if (const WordCluster* cluster = WordClusters::builtin().find(words[i].hash)) {
      feature.assign("#c").append(std::to_string(cluster->fine));
      visit(std::string_view(feature));
    }
  }
}

SentenceJudge::SentenceJudge(const std::vector<std::pair<std::string, std::string>>& labelled, Priors priors) {
  for (const auto& [label, sentence] : labelled)
    if (std::find(labels_.begin(), labels_.end(), label) == labels_.end()) labels_.push_back(label);
  std::sort(labels_.begin(), labels_.end());
  std::vector<double> sentences(labels_.size(), 0.0);
  std::map<std::string, std::vector<double>> counts;
  for (const auto& [label, sentence] : labelled) {
    const std::size_t c = static_cast<std::size_t>(std::find(labels_.begin(), labels_.end(), label) - labels_.begin());
    sentences[c] += 1.0;
    for_each_feature(words_of(sentence), [&](std::string_view feature) {
      std::vector<double>& row = counts[std::string(feature)];
      row.resize(labels_.size(), 0.0);
      row[c] += 1.0;
    });
  }
  for (double count : sentences)
    log_priors_.push_back(priors == Priors::equal ? -std::log(static_cast<double>(labels_.size()))
                                                  : std::log(count / static_cast<double>(labelled.size())));
  table_ = NaiveBayesTable(counts, labels_.size(), 0.3);
}

std::string SentenceJudge::save() const {
  // The labels, one a line, an empty line, padding to 8 bytes, the priors, padding to 8
  // bytes, then the table (which is read in place, so it must start aligned).
  std::string saved;
  for (const std::string& label : labels_) saved += label + "\n";
  saved += "\n";
  saved.append(padding(saved.size()), '\0');
  for (double prior : log_priors_) {
    const float value = static_cast<float>(prior);
    saved.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  saved.append(padding(saved.size()), '\0');
  return saved + table_.save();
}

SentenceJudge SentenceJudge::load(std::string_view saved) {
  const std::size_t length = saved.size();
  SentenceJudge judge;
  for (;;) {
    const std::size_t end = saved.find('\n');
    if (end == std::string_view::npos) throw DataError("trained models", 1, "the sentence judge is damaged (run the build again)");
    const std::string_view label = saved.substr(0, end);
    saved.remove_prefix(end + 1);
    if (label.empty()) break;
    judge.labels_.emplace_back(label);
  }
  auto skip_padding = [&] {
    const std::size_t pad = padding(length - saved.size());
    if (saved.size() < pad) throw DataError("trained models", 1, "the sentence judge is damaged (run the build again)");
    saved.remove_prefix(pad);
  };
  skip_padding();
  if (judge.labels_.empty() || saved.size() < judge.labels_.size() * sizeof(float))
    throw DataError("trained models", 1, "the sentence judge is damaged (run the build again)");
  for (std::size_t i = 0; i < judge.labels_.size(); ++i) {
    float value;
    std::memcpy(&value, saved.data(), sizeof value);
    saved.remove_prefix(sizeof value);
    judge.log_priors_.push_back(value);
  }
  skip_padding();
  judge.table_ = NaiveBayesTable::load(saved, judge.labels_.size());
  return judge;
}

const SentenceJudge& SentenceJudge::builtin() {
  static const SentenceJudge judge = load(trained_model(trained_models_file(), "sentence-judge"));
  return judge;
}

std::string SentenceJudge::behaviour_model_name(std::string_view principle_id) {
  return "behaviours/" + std::string(principle_id);
}

const SentenceJudge& SentenceJudge::behaviours_of(const Principle& principle) {
  // One judge a principle, each loaded once, the first time an answer is checked against it.
  static const std::vector<Principle>& principles = KnowledgeBase::builtin().principles();
  static std::vector<std::once_flag> loaded(principles.size());
  static std::vector<std::optional<SentenceJudge>> judges(principles.size());
  const std::size_t index = static_cast<std::size_t>(&principle - principles.data());
  if (index >= principles.size()) throw DataError("trained models", 1, "no behaviour judge for " + principle.id);
  std::call_once(loaded[index], [&] { judges[index] = load(trained_model(trained_models_file(), behaviour_model_name(principle.id))); });
  return *judges[index];
}

std::vector<std::pair<std::string, std::string>> SentenceJudge::read_tsv(std::string_view name, std::string_view text) {
  std::vector<std::pair<std::string, std::string>> labelled;
  for_each_line(text, [&](std::size_t line_number, std::string_view line) {
    if (line.empty() || line.front() == '#') return;
    const std::size_t tab = line.find('\t');
    if (tab == 0 || tab == std::string_view::npos || tab + 1 == line.size() || line.find('\t', tab + 1) != std::string_view::npos)
      throw DataError(std::string(name), line_number, "expected: label<TAB>sentence");
    labelled.emplace_back(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
  });
  return labelled;
}

std::vector<double> SentenceJudge::evidence(const std::vector<Word>& words) const {
  std::vector<double> log_odds = log_priors_;
  for_each_feature(words, [&](std::string_view feature) { add_row(feature, log_odds); });
  return log_odds;
}

std::vector<double> SentenceJudge::evidence_of_both(const std::vector<double>& first, const std::vector<double>& second,
                                                    const Word& last_of_first, const Word& first_of_second) const {
  // The features of two sentences read as one are those of each, and the word pair across
  // the join; the priors are in both, once too many.
  std::vector<double> log_odds(first.size());
  for (std::size_t c = 0; c < log_odds.size(); ++c) log_odds[c] = first[c] + second[c] - log_priors_[c];
  add_row(std::string(last_of_first.lower).append(" ").append(first_of_second.lower), log_odds);
  return log_odds;
}

void SentenceJudge::add_row(std::string_view feature, std::vector<double>& log_odds) const {
  if (const float* row = table_.find(feature))
    for (std::size_t c = 0; c < labels_.size(); ++c) log_odds[c] += row[c];
}

std::vector<double> SentenceJudge::probabilities(std::vector<double> log_odds) const {
  const double top = *std::max_element(log_odds.begin(), log_odds.end());
  double sum = 0.0;
  for (double& value : log_odds) sum += (value = std::exp((value - top) / evidence_temperature));
  for (double& value : log_odds) value /= sum;
  return log_odds;
}

std::vector<double> SentenceJudge::judge(const std::vector<Word>& words) const { return probabilities(evidence(words)); }

double SentenceJudge::probability(const std::vector<Word>& words, std::string_view label) const {
  auto found = std::find(labels_.begin(), labels_.end(), label);
  return found == labels_.end() ? 0.0 : judge(words)[static_cast<std::size_t>(found - labels_.begin())];
}

}  // namespace starcoach
