// Private to the analyser: one answer as the rules see it (sentences with their parts
// and words, quotes, timing, the principle), and the interface of the checks.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starcoach/analysis.hpp"
#include "starcoach/fit.hpp"
#include "starcoach/knowledge.hpp"
#include "starcoach/rules.hpp"
#include "starcoach/sentences.hpp"
#include "starcoach/text.hpp"

namespace starcoach::detail {

struct AnswerSentence {
  Span span;
  Part part;
  std::vector<Word> words;  // byte spans relative to the whole answer
  bool general = false;     // habit, opinion or hypothesis ("I always...", "I would...")
  bool story = false;       // tells part of one past event
  // The weak spot the sentence judge sees in the candidate's own words (quotes left out):
  // its label ("speaks-badly", "habit", ...; empty for none) and its probability.
  std::string_view weak_spot;
  double weak_spot_probability = 0;
};

struct PhraseMatch {
  std::size_t start, end;  // bytes into the answer
  std::size_t sentence;
  std::string text;        // as the candidate wrote it
};

struct Answer {
  std::string_view text;
  std::vector<AnswerSentence> sentences;
  std::vector<Span> quotes;  // quoted speech: not the candidate's own wording
  std::size_t words = 0;
  double words_per_minute = 0;  // AnalysisOptions' pace
  double target_seconds = 60;   // AnalysisOptions' length target
  Role role = Role::general;
  const Principle* principle = nullptr;
  std::optional<PrincipleEvidence> evidence;
  std::optional<QuestionFit> fit;  // when the question is known
  bool is_story = false;
  std::size_t opening_sentences = 0;  // general sentences before the story starts
  const RuleBook* book = nullptr;

  double seconds() const { return speaking_seconds(words, words_per_minute); }
  double seconds_of(std::size_t word_count) const { return speaking_seconds(word_count, words_per_minute); }
  bool quoted(std::size_t start, std::size_t end) const;
  // Every match of the phrases within one sentence, in order; with `outside_quotes`,
  // matches inside quoted speech are left out.
  std::vector<PhraseMatch> find(const PhraseList& list, bool outside_quotes) const;
  bool sentence_has(std::size_t sentence, const PhraseList& list) const;
  // Indices of the sentences labelled `part`, in order.
  std::vector<std::size_t> part_sentences(Part part) const;
  std::string_view sentence_text(std::size_t index) const;
  // The span from the start of sentence `first` to the end of sentence `last`.
  Span span_of(std::size_t first, std::size_t last) const;
};

// What a check found: where, in which part, and the values its message names.
struct Hit {
  std::size_t start, end;
  std::optional<Part> part;
  std::map<std::string, std::string> values;
  double weight = 1;  // multiplies the rule's penalty: how bad this case is
  std::optional<Severity> severity = std::nullopt;  // instead of the rule's, when this case is worse
};

using Check = std::function<void(const Rule&, const Answer&, std::vector<Hit>&)>;

// The check named in rules.json; throws std::out_of_range for an unknown name.
const Check& find_check(const std::string& name);
// The params a check reads (rule.param), so that a rule book without one fails when read.
const std::vector<std::string>& check_params(const std::string& name);

// What a rule of a general kind (part-missing, part-sentences, sentence-words,
// phrases-absent, answer-seconds) or of kind check looks for; phrases and rate are read
// by the analyser itself.
const Check& check_of(const Rule& rule);

}  // namespace starcoach::detail
