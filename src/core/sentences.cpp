#include "starcoach/sentences.hpp"

#include <unicode/brkiter.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "segments.hpp"
#include "starcoach/corpus.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/perceptron.hpp"
#include "starcoach/text.hpp"
#include "starcoach/trained_models.hpp"
#include "starcoach/word_clusters.hpp"

namespace starcoach {

namespace {

// An ICU segment longer than this without any sentence-ending mark is a transcript.
constexpr std::size_t unpunctuated_words = 12;
// Even a punctuated segment this long is cut: nobody speaks such a sentence.
constexpr std::size_t longest_sentence_words = 60;
// A spoken unit longer than this is cut at its likeliest sentence start (chosen on the dev
// split with eval-star: bare words 82.8% to 84.5%, transcripts 81.8% to 84.8%).
constexpr std::size_t longest_spoken_unit_words = 30;
// Shortest unit the model may cut off.
constexpr std::size_t shortest_unit_words = 3;
// Cut a little more readily than the model alone would: a unit too many costs less
// than two parts merged under one label (measured with eval-star --cross-validate).
constexpr double start_margin = 2.0;

enum : std::size_t { no_start = 0, starts_here = 1 };

// Features for "a sentence starts at words[j]", given the words since the last start.
std::vector<Feature> start_features(const std::vector<std::string>& words, std::size_t j, std::size_t since) {
  const std::string& here = words[j];
  const std::string& before = words[j - 1];
  const std::string_view after = j + 1 < words.size() ? std::string_view(words[j + 1]) : "</s>";
  const char distance[] = {static_cast<char>('a' + std::min<std::size_t>(since, 12)), 0};
  std::vector<Feature> features = {feature("bias"),
                                   feature("w0", here),
                                   feature("w-1", before),
                                   feature("w+1", after),
                                   feature("w-1,w0", before, here),
                                   feature("w0,w+1", here, after),
                                   feature("since", distance)};
  // The words' groups of near-synonyms: "then i rang" starts a sentence like "then i called".
  const WordClusters& clusters = WordClusters::builtin();
  const WordCluster* cluster_here = clusters.find(word_hash(here));
  const WordCluster* cluster_after = j + 1 < words.size() ? clusters.find(word_hash(after)) : nullptr;
  if (cluster_here) features.push_back(hashed_feature("c0", cluster_here->fine));
  if (cluster_after) features.push_back(hashed_feature("c+1", cluster_after->fine));
  if (cluster_here && cluster_after) features.push_back(hashed_feature("c0,c+1", cluster_here->fine, cluster_after->fine));
  return features;
}

icu::BreakIterator& sentence_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    // "ss=standard" suppresses breaks after common abbreviations ("e.g.", "Mr.").
    std::unique_ptr<icu::BreakIterator> created(
        icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU sentence break rules are missing");
    return created;
  }();
  return *breaker;
}

Span trimmed(std::string_view text, Span span) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
  while (span.start < span.end && is_space(text[span.start])) ++span.start;
  while (span.end > span.start && is_space(text[span.end - 1])) --span.end;
  return span;
}

}  // namespace

SentenceSplitter::SentenceSplitter(const std::vector<LabelledAnswer>& answers, int epochs)
    : starts_(std::make_unique<AveragedPerceptron>(2)) {
  // Learn from every answer, punctuated or not, with its punctuation dropped: the words
  // alone must tell where a sentence starts.
  std::vector<std::pair<std::vector<std::string>, std::vector<bool>>> examples;
  for (const LabelledAnswer& answer : answers) {
    std::vector<std::string> words;
    std::vector<bool> starts;
    for (const LabelledSentence& sentence : answer.sentences) {
      std::vector<std::string> sentence_words = lowercase_words(sentence.text);
      for (std::size_t i = 0; i < sentence_words.size(); ++i) {
        words.push_back(std::move(sentence_words[i]));
        starts.push_back(i == 0);
      }
    }
    examples.emplace_back(std::move(words), std::move(starts));
  }
  for (int epoch = 0; epoch < epochs; ++epoch) {
    for (const auto& [words, starts] : examples) {
      std::size_t since = 1;
      for (std::size_t j = 1; j < words.size(); ++j) {
        std::vector<Feature> features = start_features(words, j, since);
        std::vector<double> score = starts_->scores(features);
        const std::size_t predicted = score[starts_here] > score[no_start] ? starts_here : no_start;
        const std::size_t gold = starts[j] ? starts_here : no_start;
        if (predicted != gold) {
          starts_->update(features, gold, 1.0);
          starts_->update(features, predicted, -1.0);
        }
        starts_->tick();
        since = starts[j] ? 1 : since + 1;
      }
    }
  }
  starts_->average();
}

SentenceSplitter::~SentenceSplitter() = default;
SentenceSplitter::SentenceSplitter(SentenceSplitter&&) noexcept = default;

SentenceSplitter::SentenceSplitter(std::unique_ptr<AveragedPerceptron> starts) : starts_(std::move(starts)) {}

SentenceSplitter SentenceSplitter::load(std::string_view saved) {
  auto starts = std::make_unique<AveragedPerceptron>(AveragedPerceptron::load(saved));
  if (starts->classes() != 2 || !saved.empty()) throw DataError("trained models", 1, "the sentence splitter is not a model of two classes");
  return SentenceSplitter(std::move(starts));
}

std::string SentenceSplitter::save() const {
  std::string saved;
  starts_->save(saved);
  return saved;
}

const SentenceSplitter& SentenceSplitter::builtin() {
  static const SentenceSplitter splitter = load(trained_model(trained_models_file(), "sentence-splitter"));
  return splitter;
}

std::vector<Span> SentenceSplitter::split_run(std::string_view text, Span run) const {
  const std::vector<Word> found = words_of(text.substr(run.start, run.end - run.start));
  std::vector<std::string> words;
  for (const Word& word : found) words.push_back(word.lower);
  std::vector<std::size_t> cuts = {0};  // word indices where units start
  std::vector<double> margins(words.size(), -1e9);
  std::size_t since = 1;
  for (std::size_t j = 1; j < words.size(); ++j) {
    const bool room = since >= shortest_unit_words && words.size() - j >= shortest_unit_words;
    std::vector<double> score = starts_->scores(start_features(words, j, since));
    margins[j] = score[starts_here] - score[no_start];
    if (room && margins[j] > -start_margin) {
      cuts.push_back(j);
      since = 1;
    } else {
      ++since;
    }
  }
  cuts.push_back(words.size());
  // A unit still too long for one sentence is cut where a start was likeliest among its
  // first longest_spoken_unit_words words, again until none is: a long unit mixes parts of
  // the story under one label. (Looking only that far keeps a huge unit linear.)
  std::vector<std::size_t> kept = {0};
  for (std::size_t u = 1; u < cuts.size(); ++u) {
    while (cuts[u] - kept.back() > longest_spoken_unit_words) {
      const std::size_t first = kept.back();
      std::size_t best = 0;
      for (std::size_t j = first + shortest_unit_words; j + shortest_unit_words <= cuts[u] && j <= first + longest_spoken_unit_words; ++j)
        if (best == 0 || margins[j] > margins[best]) best = j;
      if (best == 0) break;
      kept.push_back(best);
    }
    kept.push_back(cuts[u]);
  }
  cuts = std::move(kept);
  std::vector<Span> units;
  for (std::size_t u = 0; u + 1 < cuts.size(); ++u) {
    const std::size_t from = u == 0 ? run.start : run.start + found[cuts[u]].start;
    const std::size_t to = cuts[u + 1] == words.size() ? run.end : run.start + found[cuts[u + 1]].start;
    units.push_back(trimmed(text, {from, to}));
  }
  return units;
}

std::vector<Span> SentenceSplitter::split(std::string_view text) const {
  std::vector<Span> segments;
  detail::for_each_segment(sentence_breaker(), text, [&](std::size_t start, std::size_t end, int32_t) {
    segments.push_back(trimmed(text, {start, end}));
  });

  std::vector<Span> sentences;
  for (const Span& segment : segments) {
    const std::string_view piece = text.substr(segment.start, segment.end - segment.start);
    if (!has_letter_or_digit(piece)) continue;
    // Spaces count words closely enough for this decision, without a second ICU pass.
    const std::size_t words = 1 + static_cast<std::size_t>(std::count(piece.begin(), piece.end(), ' '));
    const bool unpunctuated = std::none_of(piece.begin(), piece.end(), [](char c) { return c == '.' || c == '!' || c == '?'; });
    if ((unpunctuated && words > unpunctuated_words) || words > longest_sentence_words) {
      for (const Span& unit : split_run(text, segment)) sentences.push_back(unit);
    } else {
      sentences.push_back(segment);
    }
  }
  return sentences;
}

}  // namespace starcoach
