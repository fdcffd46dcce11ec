#include "starcoach/sentences.hpp"

#include <unicode/brkiter.h>

#include <algorithm>
#include <span>
#include <stdexcept>
#include <string>

#include "segments.hpp"
#include "spoken_runs.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/perceptron.hpp"
#include "starcoach/text.hpp"
#include "starcoach/trained_models.hpp"

namespace starcoach {

namespace {

// An ICU segment longer than this without any sentence-ending mark is a transcript.
constexpr std::size_t unpunctuated_words = 12;
// Even a punctuated segment this long is cut: nobody speaks such a sentence.
constexpr std::size_t longest_sentence_words = 60;
// A stretch this long without a stop is someone speaking, and the parts read with the whole
// of it in view are kept; a shorter one is more often one long typed line (a bullet), whose
// part the labeller reads better among the answer's other sentences. (Chosen on the dev
// split with eval-star: 25 to 40 words did equally well, 20 and 60 worse.)
constexpr std::size_t spoken_words = 30;
// A stretch is read this many words at a time (some fifteen minutes of speech), so that the
// memory of reading it stays small however long the input.
constexpr std::size_t longest_read_words = 3000;

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
    : runs_(std::make_unique<AveragedPerceptron>(all_parts.size())) {
  detail::train_spoken_runs(*runs_, answers, epochs);
}

SentenceSplitter::~SentenceSplitter() = default;
SentenceSplitter::SentenceSplitter(SentenceSplitter&&) noexcept = default;

SentenceSplitter::SentenceSplitter(std::unique_ptr<AveragedPerceptron> runs) : runs_(std::move(runs)) {}

SentenceSplitter SentenceSplitter::load(std::string_view saved) {
  auto runs = std::make_unique<AveragedPerceptron>(AveragedPerceptron::load(saved));
  if (runs->classes() != all_parts.size() || !saved.empty())
    throw DataError("trained models", 1, "the sentence splitter is not a model of the five parts");
  return SentenceSplitter(std::move(runs));
}

std::string SentenceSplitter::save() const {
  std::string saved;
  runs_->save(saved);
  return saved;
}

const SentenceSplitter& SentenceSplitter::builtin() {
  static const SentenceSplitter splitter = load(trained_model(trained_models_file(), "sentence-splitter"));
  return splitter;
}

std::vector<FoundSentence> SentenceSplitter::split(std::string_view text) const {
  std::vector<Span> segments;
  detail::for_each_segment(sentence_breaker(), text, [&](std::size_t start, std::size_t end, int32_t) {
    segments.push_back(trimmed(text, {start, end}));
  });

  std::vector<FoundSentence> sentences;
  for (const Span& segment : segments) {
    const std::string_view piece = text.substr(segment.start, segment.end - segment.start);
    if (!has_letter_or_digit(piece)) continue;
    // Spaces count words closely enough for this decision, without a second ICU pass.
    const std::size_t words = 1 + static_cast<std::size_t>(std::count(piece.begin(), piece.end(), ' '));
    const bool unpunctuated = std::none_of(piece.begin(), piece.end(), [](char c) { return c == '.' || c == '!' || c == '?'; });
    if ((unpunctuated && words > unpunctuated_words) || words > longest_sentence_words) {
      const std::vector<Word> found = words_of(piece);
      const bool spoken = found.size() >= spoken_words;
      for (std::size_t chunk = 0; chunk < found.size(); chunk += longest_read_words) {
        const std::span<const Word> read(found.data() + chunk, std::min(longest_read_words, found.size() - chunk));
        for (const detail::SpokenUnit& unit : detail::read_spoken_run(*runs_, read)) {
          const std::size_t first = chunk + unit.start, last = chunk + unit.end;
          const std::size_t from = first == 0 ? segment.start : segment.start + found[first].start;
          const std::size_t to = last == found.size() ? segment.end : segment.start + found[last].start;
          sentences.push_back({trimmed(text, {from, to}), spoken ? std::optional<Part>(unit.part) : std::nullopt});
        }
      }
    } else {
      sentences.push_back({segment, std::nullopt});
    }
  }
  return sentences;
}

}  // namespace starcoach
