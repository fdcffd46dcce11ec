// The labelled STAR corpus (data/star-corpus/*.txt): answers whose sentences are each
// labelled S, T, A, R or O. The labeller and the sentence splitter learn from the
// training files; tools/eval-star measures them on the test file.
#pragma once

#include <string>
#include <vector>

#include "starcoach/knowledge.hpp"
#include "starcoach/star.hpp"

namespace starcoach {

struct LabelledSentence {
  Part part;
  std::string text;
};

struct LabelledAnswer {
  std::string id;
  std::string principle;
  std::string role;
  std::vector<std::string> kinds;  // strong, weak, transcript, ...
  std::string question;
  std::vector<LabelledSentence> sentences;

  bool has_kind(const std::string& kind) const;
  // The answer as the candidate would give it: the sentences joined with spaces.
  std::string text() const;
};

// Parses one corpus file; throws DataError naming the file and line.
std::vector<LabelledAnswer> parse_corpus(Source source);

// Every answer of the embedded training files (data/star-corpus/train-*.txt).
const std::vector<LabelledAnswer>& training_corpus();

}  // namespace starcoach
