// Splitting an answer into sentences. Written text is split by ICU's sentence rules
// (which know abbreviations such as "e.g." and decimals such as "3.5"), and every line
// break ends a sentence, so bullet lists split per item. Spoken transcripts arrive
// without punctuation: a long unpunctuated stretch is cut where a model learned from
// the STAR corpus expects a new sentence to start ("so then i ...").
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace starcoach {

struct Span {
  std::size_t start;  // UTF-8 byte offsets into the text, [start, end)
  std::size_t end;
};

class AveragedPerceptron;
struct LabelledAnswer;

class SentenceSplitter {
 public:
  explicit SentenceSplitter(const std::vector<LabelledAnswer>& answers, int epochs = 4);
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
  std::vector<Span> split(std::string_view text) const;

  // Splits an unpunctuated run of words where the model expects sentence starts.
  std::vector<Span> split_run(std::string_view text, Span run) const;

 private:
  explicit SentenceSplitter(std::unique_ptr<AveragedPerceptron> starts);
  std::unique_ptr<AveragedPerceptron> starts_;
};

}  // namespace starcoach
