// Splitting an answer into sentences. Written text is split by ICU's sentence rules
// (which know abbreviations such as "e.g." and decimals such as "3.5"), and every line
// break ends a sentence, so bullet lists split per item. Spoken transcripts arrive
// without punctuation: a long unpunctuated stretch is read by a model learned from the
// STAR corpus, which decides where sentences start and what part of the story each
// tells together ("so then i ..." starts an action).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starcoach/star.hpp"

namespace starcoach {

struct Span {
  std::size_t start;  // UTF-8 byte offsets into the text, [start, end)
  std::size_t end;
};

struct FoundSentence {
  Span span;
  // For a sentence cut out of an unpunctuated stretch, the part the splitter read it as,
  // with the whole stretch in view; it beats reading the cut pieces again (eval-star).
  std::optional<Part> spoken_part;
};

class AveragedPerceptron;
struct LabelledAnswer;

class SentenceSplitter {
 public:
  explicit SentenceSplitter(const std::vector<LabelledAnswer>& answers, int epochs = 8);
  ~SentenceSplitter();
  SentenceSplitter(SentenceSplitter&&) noexcept;

  // A model saved with save(), used in place: the bytes (8-byte aligned) must outlive
  // it. Throws DataError for bytes that are not one.
  static SentenceSplitter load(std::string_view saved);
  std::string save() const;

  // Trained at build time on data/star-corpus/train-*.txt (tools/train-models.cpp).
  static const SentenceSplitter& builtin();

  // The sentences of `text` (valid UTF-8), trimmed of surrounding space, in order;
  // stretches without a letter or digit are left out.
  std::vector<FoundSentence> split(std::string_view text) const;

 private:
  explicit SentenceSplitter(std::unique_ptr<AveragedPerceptron> runs);
  std::unique_ptr<AveragedPerceptron> runs_;  // reads unpunctuated stretches (spoken_runs.hpp)
};

}  // namespace starcoach
