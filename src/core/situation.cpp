#include "starcoach/situation.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "starcoach/corpus.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/fit.hpp"
#include "starcoach/trained_models.hpp"
#include "starcoach/word_clusters.hpp"

namespace starcoach {

namespace {

void normalise(std::vector<std::pair<std::uint32_t, float>>& vector) {
  double norm = 0;
  for (const auto& [term, weight] : vector) norm += double(weight) * weight;
  norm = std::sqrt(norm);
  if (norm > 0)
    for (auto& entry : vector) entry.second = static_cast<float>(entry.second / norm);
}

template <typename T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);  // little-endian, as every target here
}

// Reads values from saved bytes, failing on bytes that end too soon.
struct Reader {
  std::string_view in;
  template <typename T>
  T get() {
    if (in.size() < sizeof(T)) throw DataError("trained models", 1, "the situation model is damaged (run the build again)");
    T value;
    std::memcpy(&value, in.data(), sizeof value);
    in.remove_prefix(sizeof value);
    return value;
  }
};

}  // namespace

SituationModel::SituationModel(const std::vector<LabelledAnswer>& answers) {
  std::vector<std::map<std::uint64_t, int>> question_counts, answer_counts;
  std::map<std::uint64_t, int> documents;  // stem -> pairs it appears in
  for (const LabelledAnswer& answer : answers) {
    if (answer.question.empty()) continue;
    for (auto [text, counts] : {std::pair{answer.question, &question_counts}, std::pair{answer.text(), &answer_counts}}) {
      counts->emplace_back();
      for (const Word& word : words_of(text))
        if (carries_meaning(word)) ++counts->back()[word.stem_hash];
    }
    std::set<std::uint64_t> in_pair;  // a stem counts once a pair, in the question or the answer
    for (const auto* counts : {&question_counts.back(), &answer_counts.back()})
      for (const auto& [stem, count] : *counts) in_pair.insert(stem);
    for (std::uint64_t stem : in_pair) ++documents[stem];
  }
  const double pairs = static_cast<double>(question_counts.size());
  std::vector<std::pair<std::uint64_t, std::uint32_t>> terms;
  for (const auto& [stem, count] : documents) {
    terms.emplace_back(stem, static_cast<std::uint32_t>(stems_.size()));
    stems_.push_back(stem);
    idf_.push_back(static_cast<float>(std::log(pairs / (1.0 + count)) + 1.0));
  }
  terms_ = HashIndex<std::uint32_t>(terms);
  unseen_idf_ = static_cast<float>(std::log(pairs) + 1.0);
  auto weigh = [&](const std::map<std::uint64_t, int>& counts) {
    Vector vector;
    for (const auto& [stem, count] : counts) {
      const std::uint32_t term = *terms_.find(stem);
      vector.emplace_back(term, static_cast<float>((1.0 + std::log(count)) * idf_[term]));
    }
    normalise(vector);
    return vector;
  };
  mean_answer_.assign(stems_.size(), 0.0f);
  for (std::size_t i = 0; i < question_counts.size(); ++i) {
    questions_.push_back(weigh(question_counts[i]));
    answers_.push_back(weigh(answer_counts[i]));
    for (const auto& [term, weight] : answers_.back()) mean_answer_[term] += static_cast<float>(weight / pairs);
  }
  index_questions();
}

void SituationModel::index_questions() {
  postings_.assign(stems_.size(), {});
  for (std::size_t i = 0; i < questions_.size(); ++i)
    for (const auto& [term, weight] : questions_[i]) postings_[term].emplace_back(static_cast<std::uint32_t>(i), weight);
}

std::string SituationModel::save() const {
  std::string out = "SCSM0002";
  put<std::uint32_t>(out, static_cast<std::uint32_t>(stems_.size()));
  put<std::uint32_t>(out, static_cast<std::uint32_t>(questions_.size()));
  put(out, unseen_idf_);
  for (std::size_t term = 0; term < stems_.size(); ++term) {
    put(out, stems_[term]);
    put(out, idf_[term]);
    put(out, mean_answer_[term]);
  }
  for (const auto* vectors : {&questions_, &answers_})
    for (const Vector& vector : *vectors) {
      put<std::uint32_t>(out, static_cast<std::uint32_t>(vector.size()));
      for (const auto& [term, weight] : vector) put(out, term), put(out, weight);
    }
  return out;
}

SituationModel SituationModel::load(std::string_view saved) {
  auto fail = [] { throw DataError("trained models", 1, "the situation model is damaged (run the build again)"); };
  if (saved.substr(0, 8) != "SCSM0002") fail();
  Reader reader{saved.substr(8)};
  SituationModel model;
  const std::uint32_t terms = reader.get<std::uint32_t>(), pairs = reader.get<std::uint32_t>();
  model.unseen_idf_ = reader.get<float>();
  if (terms > saved.size() || pairs > saved.size()) fail();
  std::vector<std::pair<std::uint64_t, std::uint32_t>> index;
  for (std::uint32_t term = 0; term < terms; ++term) {
    model.stems_.push_back(reader.get<std::uint64_t>());
    model.idf_.push_back(reader.get<float>());
    model.mean_answer_.push_back(reader.get<float>());
    index.emplace_back(model.stems_.back(), term);
  }
  model.terms_ = HashIndex<std::uint32_t>(index);
  for (auto* vectors : {&model.questions_, &model.answers_})
    for (std::uint32_t i = 0; i < pairs; ++i) {
      const std::uint32_t size = reader.get<std::uint32_t>();
      if (size > terms) fail();
      Vector& vector = vectors->emplace_back();
      for (std::uint32_t k = 0; k < size; ++k) {
        const std::uint32_t term = reader.get<std::uint32_t>();
        if (term >= terms) fail();
        vector.emplace_back(term, reader.get<float>());
      }
    }
  if (!reader.in.empty()) fail();
  model.index_questions();
  return model;
}

const SituationModel& SituationModel::builtin() {
  static const SituationModel model = load(trained_model(trained_models_file(), "situation-model"));
  return model;
}

SituationModel::Vector SituationModel::vector_of(const std::vector<Word>& words) const {
  std::map<std::uint32_t, int> counts;
  for (const Word& word : words)
    if (carries_meaning(word))
      if (const std::uint32_t* term = terms_.find(word.stem_hash)) ++counts[*term];
  Vector vector;
  for (const auto& [term, count] : counts) vector.emplace_back(term, static_cast<float>((1.0 + std::log(count)) * idf_[term]));
  normalise(vector);
  return vector;
}

double SituationModel::closeness(const std::vector<Word>& question, const std::vector<Word>& story) const {
  if (questions_.empty()) return 0;
  // The training questions most like this one, by cosine (through the postings: only
  // questions that share a word are touched).
  std::vector<float> similarity(questions_.size(), 0.0f);
  for (const auto& [term, weight] : vector_of(question))
    for (const auto& [index, other] : postings_[term]) similarity[index] += weight * other;
  std::vector<std::uint32_t> nearest(questions_.size());
  for (std::uint32_t i = 0; i < nearest.size(); ++i) nearest[i] = i;
  const std::size_t k = std::min(neighbours, nearest.size());
  std::partial_sort(nearest.begin(), nearest.begin() + static_cast<std::ptrdiff_t>(k), nearest.end(),
                    [&](std::uint32_t a, std::uint32_t b) { return similarity[a] > similarity[b] || (similarity[a] == similarity[b] && a < b); });
  std::vector<float> story_vector(stems_.size(), 0.0f);
  for (const auto& [term, weight] : vector_of(story)) story_vector[term] = weight;
  auto dot = [&](const Vector& vector) {
    double sum = 0;
    for (const auto& [term, weight] : vector) sum += double(weight) * story_vector[term];
    return sum;
  };
  double near = 0, total = 0;
  for (std::size_t i = 0; i < k; ++i) {
    near += similarity[nearest[i]] * dot(answers_[nearest[i]]);
    total += similarity[nearest[i]];
  }
  double baseline = 0;
  for (std::size_t term = 0; term < story_vector.size(); ++term) baseline += double(story_vector[term]) * mean_answer_[term];
  return total > 0 ? near / total - baseline : 0;
}

SituationModel::Echo SituationModel::echo(const std::vector<Word>& question, const std::vector<Word>& story) const {
  const WordClusters& clusters = WordClusters::builtin();
  std::set<std::uint64_t> told_stems, named;
  std::set<std::uint16_t> told_meanings;
  for (const Word& word : story) {
    if (!carries_meaning(word)) continue;
    told_stems.insert(word.stem_hash);
    if (const WordCluster* cluster = clusters.find(word.hash)) told_meanings.insert(cluster->fine);
  }
  Echo echo;
  double all = 0;
  for (const Word& word : question) {
    if (!carries_meaning(word) || !named.insert(word.stem_hash).second) continue;
    const std::uint32_t* term = terms_.find(word.stem_hash);
    const double weight = term ? idf_[*term] : unseen_idf_;
    all += weight;
    const WordCluster* cluster = clusters.find(word.hash);
    if (told_stems.count(word.stem_hash)) echo.words += weight;
    if (told_stems.count(word.stem_hash) || (cluster && told_meanings.count(cluster->fine))) echo.meanings += weight;
  }
  if (all > 0) echo.words /= all, echo.meanings /= all;
  return echo;
}

}  // namespace starcoach
