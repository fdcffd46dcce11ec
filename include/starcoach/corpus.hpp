// The labelled STAR corpus: answers whose sentences are each labelled S, T, A, R or O.
// The labeller and the sentence splitter learn from data/star-corpus/train-*.txt (at
// build time); tools/eval-star measures them on the independent sets in data/eval/.
#pragma once

#include <string>
#include <utility>
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
  bool lines = false;  // "layout: lines": each unit was a line of its own (notes, bullets, headings)
  std::vector<LabelledSentence> sentences;

  bool has_kind(const std::string& kind) const;
  // The answer as the candidate would give it: the units joined with spaces, or with line
  // breaks when the answer was laid out in lines.
  std::string text() const;
  // The byte span of each unit in text().
  std::vector<std::pair<std::size_t, std::size_t>> unit_spans() const;
  // The answer as a recogniser hears it: its words in lower case, one space apart, without
  // punctuation or layout. `unit_words`, when given, receives the number of words of each unit.
  std::string spoken(std::vector<std::size_t>* unit_words = nullptr) const;
};

// Parses one corpus file; throws DataError naming the file and line.
std::vector<LabelledAnswer> parse_corpus(Source source);

}  // namespace starcoach
