// The answer analyser: one candidate answer in, the coach's judgement out. It splits
// the answer into sentences, labels each with its STAR part, decides whether it tells
// one specific story, applies the rules of data/analyser/rules.json, scores it, and
// regroups the candidate's own sentences in STAR order.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starcoach/speaking.hpp"
#include "starcoach/star.hpp"

namespace starcoach {

enum class Role { general, sales, technical };
enum class Severity { suggestion, warning, error };

std::string_view role_name(Role role);
std::optional<Role> role_from_name(std::string_view name);
std::string_view severity_name(Severity severity);

struct RuleBook;

struct AnalysisOptions {
  std::string question;   // the question answered, if known: used to infer the principle
  std::string principle;  // the principle to check the story against; empty: inferred or none
  Role role = Role::general;
  double words_per_minute = Speaking::builtin().default_words_per_minute;
  // How long an answer may take to say: about one minute, unless a coach chose otherwise
  // for the role (90 s for senior roles, say).
  double target_seconds = Speaking::builtin().target_seconds;
  // The rules, word lists and score weights to apply; nothing: the built-in ones
  // (data/analyser/). A coach's own book is parsed with RuleBook::parse.
  const RuleBook* rules = nullptr;
};

struct SentenceResult {
  std::size_t start;  // UTF-8 byte offsets into the answer, [start, end)
  std::size_t end;
  std::string text;
  Part part;
  std::size_t words;
};

struct PartSummary {
  std::size_t sentences = 0;
  std::size_t words = 0;
  double seconds = 0;
};

struct Finding {
  std::string rule;
  Severity severity;
  std::string message;
  std::string hint;
  std::size_t start;  // byte span into the answer; empty (start == end) marks where something is missing
  std::size_t end;
  std::optional<Part> part;
  int penalty = 0;  // points it costs its sub-score
};

// Where the answer shows a behaviour: the sentence, as a UTF-8 byte span into the answer.
struct EvidenceSpan {
  std::string behaviour;  // the behaviour's id (data/principles.json)
  std::size_t start;
  std::size_t end;
};

struct PrincipleEvidence {
  std::string id;
  std::vector<std::string> shown;    // behaviour texts the story shows, in the story's order
  std::vector<std::string> missing;  // behaviour texts it could show
  std::vector<EvidenceSpan> spans;   // for each shown behaviour (same order), where it shows it
};

// The areas an answer is scored in, in the order every report lists them. The one list:
// the data files are keyed by these names, and the page reads them from GET /api/settings.
inline constexpr std::array<std::string_view, 7> score_areas = {"structure", "specificity", "length", "ownership",
                                                                 "result",    "principle",   "fit"};

struct Score {
  // The sub-score of `area` (one of score_areas); nothing when it was not scored (the
  // principle or the question unknown) or the area is not one.
  std::optional<int> of(std::string_view area) const;

  int overall = 0;
  int structure = 0, specificity = 0, length = 0, ownership = 0, result = 0, principle = 0;
  std::optional<int> fit;  // does the story answer the question? Only when the question is known
  std::vector<std::string> explanations;  // one line per sub-score, in the order above (fit last, when scored)
  std::map<std::string, std::string> reasons;  // per area: why it scored so, in the candidate's words
};

struct Restructured {
  std::vector<std::string> situation, task, action, result;
  std::vector<std::string> cut;              // general opening and filler sentences left out
  std::vector<std::string> trim_candidates;  // when over a minute: what costs most and adds least
};

struct Analysis {
  std::size_t words = 0;
  double spoken_seconds = 0;
  bool is_story = false;
  std::string story_reason;
  std::vector<SentenceResult> sentences;
  PartSummary parts[4];  // situation, task, action, result
  std::vector<Finding> findings;  // most important first
  std::optional<PrincipleEvidence> principle;
  Score score;
  Restructured restructured;

  bool has_error() const;
};

struct Principle;

// Which behaviours of `principle` a text shows, by the behaviours' phrases (stemmed).
PrincipleEvidence find_evidence(std::string_view text, const Principle& principle);

// Analyses `answer`. Throws InputError for empty text or invalid UTF-8, and for an
// unknown principle id.
Analysis analyse(std::string_view answer, const AnalysisOptions& options = {});

}  // namespace starcoach
