// The analyser's rules and word lists, loaded from data/analyser/rules.json,
// lexicon.json and score.json. A rule is data over a small closed set of kinds:
//   phrases          a listed phrase appears in the candidate's own words (not inside quotes)
//   rate             words of a lexicon list appear more often than a rate per minute
//   part-missing     a story without `part`
//   part-sentences   one of `parts` runs over max_sentences sentences
//   sentence-words   a sentence runs over max_words words
//   phrases-absent   no phrase of the `lexicon` list from the start of `part` to the end
//   answer-seconds   the answer takes less than min_seconds to say
//   check            a named check written in code (src/core/checks.cpp) with its params
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "starcoach/analysis.hpp"
#include "starcoach/hash_index.hpp"
#include "starcoach/knowledge.hpp"
#include "starcoach/text.hpp"

namespace starcoach {

// A phrase as the lower-case words it must match, in order.
using Phrase = std::vector<std::string>;

struct PhraseList {
  std::vector<std::string> texts;  // as written in the data file
  std::vector<Phrase> phrases;     // the same, split into lower-case words
  // Each phrase as word hashes, and phrase indices by the hash of their first word: a
  // match costs one lookup per word of the answer and compares numbers, not strings.
  std::vector<std::vector<std::uint64_t>> hashes;
  HashIndex<std::vector<std::size_t>> by_first_word;

  // True when the list holds the word with this hash as a one-word phrase.
  bool has_word(std::uint64_t hash) const {
    const std::vector<std::size_t>* found = by_first_word.find(hash);
    if (found == nullptr) return false;
    for (std::size_t index : *found)
      if (hashes[index].size() == 1) return true;
    return false;
  }

  // The longest phrase that starts at words[at], if any: its length in words.
  std::size_t match_at(const std::vector<Word>& words, std::size_t at) const {
    const std::vector<std::size_t>* found = by_first_word.find(words[at].hash);
    if (found == nullptr) return 0;
    std::size_t best = 0;
    for (std::size_t index : *found) {
      const std::vector<std::uint64_t>& phrase = hashes[index];
      if (phrase.size() <= best || at + phrase.size() > words.size()) continue;
      bool same = true;
      for (std::size_t k = 1; k < phrase.size() && same; ++k) same = words[at + k].hash == phrase[k];
      if (same) best = phrase.size();
    }
    return best;
  }

  // True when any phrase of the list appears in the words.
  bool found_in(const std::vector<Word>& words) const {
    for (std::size_t at = 0; at < words.size(); ++at)
      if (match_at(words, at) > 0) return true;
    return false;
  }
};

struct RuleExample {
  std::string text;
  AnalysisOptions options;
  std::optional<std::string> span;  // the exact text the finding must cover (triggering examples)
};

enum class RuleKind { phrases, rate, part_missing, part_sentences, sentence_words, phrases_absent, answer_seconds, check };

struct Rule {
  std::string id;
  std::string title;  // a few words for summaries: "No task"
  RuleKind kind = RuleKind::check;
  std::string check;  // for kind check: which one
  Severity severity = Severity::warning;
  std::string area;   // the sub-score it lowers
  int penalty = 0;
  std::string method;  // section of method.md
  std::string message;
  std::map<Role, std::string> role_messages;  // replaces message for that role
  std::string hint;
  std::optional<Part> part;   // for part-missing and phrases-absent
  std::vector<Part> parts;    // for part-sentences
  PhraseList phrases;         // for phrases
  std::optional<Part> unless_followed_by;  // phrases: silent when such a sentence with "I" follows
  struct Judged {
    std::string label;   // the sentence judge's label (sentence_judge.hpp)
    double probability;  // at least this sure
    // The weak spot is the candidate's own act: a sentence without "I" ("My boss said it
    // was not worth a fight") tells the pressure, not the giving in, and is not the span.
    bool own_act = false;
    // The weak spot can be a reply to the sentence before ("He asked me to lower it. I
    // lowered it."): the sentence is also judged together with that one (analysis.cpp).
    bool with_sentence_before = false;
  };
  std::optional<Judged> judged;  // phrases: also fires on sentences the judge labels so
  // phrases: also fires where a phrase of `first` is followed, at most `within` words on
  // in the same sentence, by a phrase of `then` ("skipped" ... "the legal review").
  struct Near {
    PhraseList first, then;
    std::size_t within = 0;
    bool own_act = false;  // only in a sentence where the candidate is the subject
  };
  std::optional<Near> near;
  std::string lexicon;        // for rate and phrases-absent: a list of lexicon.json
  std::map<std::string, double> params;
  RuleExample trigger, clean;

  double param(const std::string& name) const;  // throws DataError when missing
};

struct Lexicon {
  std::map<std::string, PhraseList> lists;
  const PhraseList& list(const std::string& name) const;  // throws DataError when missing
};

struct ScoreWeights {
  std::map<std::string, double> weights;  // area -> weight
  double principle_target_behaviours = 3;
  // A behaviour counts as shown by a sentence when the behaviour judge gives it at least
  // behaviour_with_phrase (and one of its phrases is there), or behaviour_alone.
  double behaviour_with_phrase = 0.05, behaviour_alone = 0.3;
  double general_answer_cap = 100;  // highest overall score of an answer that tells no story
  double off_question_cap = 100;    // ... of a story that does not fit the question
  double unrelated_story_cap = 100; // ... of a story about something else entirely
};

struct RuleBook {
  std::vector<Rule> rules;
  Lexicon lexicon;
  ScoreWeights score;

  // Parses the three files; throws DataError naming the file (and rule) at fault.
  static RuleBook parse(Source rules_json, Source lexicon_json, Source score_json);
  static const RuleBook& builtin();

  // The rule with this id, or nullptr.
  const Rule* find(std::string_view id) const;
  // Its title, or the id itself for a rule this version does not know (an old attempt's).
  std::string title_of(std::string_view id) const;
};

// Splits a phrase into lower-case words with the same word rules as the analyser.
Phrase phrase_words(const std::string& text);

// Whether words give a figure: a number that is not a year on its own ("31%", "120"), or a
// number word of the lexicon ("half", "twice"), but not the "one" of "one of the best".
// A result with a figure is quantified (method.md 3); a sentence with one carries
// information and is never offered for cutting.
bool has_figure(const std::vector<Word>& words, const Lexicon& lexicon);

}  // namespace starcoach
