// The mock interview: which questions a loop asks, which follow-ups an answer calls for,
// and the scorecard at the end. The follow-up bank is data/mock/followups.json; the
// interview's settings and the scorecard's words are data/mock/scorecard.json.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "starcoach/analysis.hpp"
#include "starcoach/data_file.hpp"
#include "starcoach/knowledge.hpp"

namespace starcoach {

struct FollowUpBank {
  struct Gap {
    std::string id;                    // "no-number"
    std::vector<std::string> rules;    // the analyser's rules that reveal it
    std::vector<std::string> questions;
    std::string needs;  // what a reply must give, for the scorecard: "a number for the result"
  };
  std::vector<Gap> gaps;  // most important first
  std::map<std::string, std::vector<std::string>> weak;    // by principle id: the story shows little of it
  std::map<std::string, std::vector<std::string>> deeper;  // by principle id: probes for a strong answer
  std::vector<std::string> general_deeper;

  // The kinds of follow-up: a gap's id, "weak" (the story shows little of the principle)
  // or "deeper" (a probe for a strong answer).
  static constexpr const char* weak_kind = "weak";
  static constexpr const char* deeper_kind = "deeper";
  bool is_kind(std::string_view kind) const;

  // Throws DataError naming the file for a malformed bank, an unknown rule or principle.
  static FollowUpBank parse(Source followups_json, const KnowledgeBase& knowledge);
  static const FollowUpBank& builtin();
};

struct MockSettings {
  std::string always_first;  // the principle every loop asks about first, unless excluded
  int default_questions = 4;
  double default_minutes_per_answer = 2;
  std::string passed;  // the weakest point of a question the candidate skipped
  std::size_t short_reply_words = 40;  // a reply to "too long" this short gives the key point
  std::string reply_given, reply_missing;  // the scorecard on a reply: "You gave {needs}: ..."
  std::map<std::string, std::pair<std::string, std::string>> areas;  // sub-score -> {strong, weak} phrase
  static const MockSettings& builtin();
};

// The questions of one interview: one about `always_first` first (unless excluded), then
// the chosen principles (`principles` empty means all) in random order, a different one
// for each question while there are principles left. Throws InputError for an unknown id or a count below 1.
std::vector<const Question*> plan_interview(const std::vector<std::string>& principles,
                                            const std::vector<std::string>& excluded, int count, std::uint64_t seed);

struct FollowUp {
  std::string kind;      // a gap id of the bank, "weak" or "deeper"
  std::string question;
  std::string answer;    // the candidate's reply, once given
};

// The bank's gaps an analysed answer has, most important first.
std::vector<std::string> gaps_of(const Analysis& analysis);

// One or two follow-ups for an answer: its first two gaps; then, with room left, a probe
// for a principle the story shows little of; with no gap and no weak evidence, one
// deeper probe. `seed` varies which question of a list is asked.
std::vector<FollowUp> choose_follow_ups(const Analysis& analysis, std::uint64_t seed);

// Whether a reply gives what a follow-up asked for, judged on what the reply says: a
// number for "how did you measure it", the candidate's own action for "what was your
// part", a lesson for "what would you do differently", one past event for "give me an
// example" (for "weak": the story with the reply shows more of the principle; for
// "deeper": a reply of a sentence or more). `note` says so in plain words: "You gave the
// number: ..." or "Still missing: ...".
struct ReplyVerdict {
  bool closed = false;
  std::string note;
};
ReplyVerdict judge_reply(const FollowUp& follow_up, const std::string& answer, const AnalysisOptions& options);

// How a spoken answer was delivered (see src/speech/delivery.hpp), as the scorecard keeps it.
struct SpokenDelivery {
  double speaking_seconds = 0;
  double words_per_minute = 0;
  double fillers = 0;
  double long_pause_count = 0;
};

// Reads the delivery of an attempt (/api/transcribe's object) or of a scorecard's answer,
// and writes the scorecard's form: {"speaking_seconds","words_per_minute","fillers","long_pause_count"}.
SpokenDelivery spoken_delivery_of(const nlohmann::json& delivery);
nlohmann::json spoken_delivery_json(const SpokenDelivery& delivery);

// "52 s at 138 words a minute, 1 filler, no long pauses"
std::string spoken_summary(const SpokenDelivery& delivery);

struct MockAnswer {
  std::string question_id;  // may be empty
  std::string question;
  std::string principle;    // may be empty
  std::string answer;       // may be empty: the candidate passed
  double seconds_spent = 0;
  double seconds_allowed = 0;
  std::vector<FollowUp> follow_ups;
  std::optional<SpokenDelivery> delivery;  // when the answer was spoken
};

// The scorecard of a finished interview. Every front end renders this type; its JSON
// form (scorecard_json) is what the database keeps and the API sends.
struct ScorecardFollowUp {
  std::string kind, question, answer;
  bool closed = false;
  std::string note;  // "You gave the number: ..."; empty in scorecards saved before replies were judged
};

struct ScorecardFinding {
  std::string rule, title;
};

struct ScorecardAnswer {
  std::string question_id, question, principle, principle_name, answer;
  int score = 0;
  std::optional<Score> scores;  // nothing when the candidate passed
  double seconds_spent = 0, seconds_allowed = 0;
  bool over_time = false;
  std::string strongest, weakest;  // the scorecard's phrases (data/mock/scorecard.json)
  std::vector<ScorecardFinding> findings;
  std::optional<SpokenDelivery> delivery;
  std::vector<ScorecardFollowUp> follow_ups;
};

struct ScorecardPrinciple {
  std::string id, name;
  int score = 0;
  int answers = 0;
};

struct NextStep {
  std::string rule, title, hint;
};

struct Scorecard {
  int overall = 0;
  int questions = 0, answered = 0, over_time = 0;
  std::string strongest, weakest;
  std::optional<NextStep> next_step;  // the problem found in most answers
  std::vector<ScorecardPrinciple> principles;
  std::vector<ScorecardAnswer> answers;
};

Scorecard score_interview(const std::vector<MockAnswer>& answers);

// {"overall","questions","answered","over_time","strongest","weakest","next_step":{"rule","title","hint"}|null,
//  "principles":[{"id","name","score","answers"}],
//  "answers":[{"question_id","question","principle","principle_name","answer","score","scores","seconds_spent",
//              "seconds_allowed","over_time","strongest","weakest","findings":[{"rule","title"}],
//              "delivery":{"speaking_seconds","words_per_minute","fillers","long_pause_count"}|null,
//              "follow_ups":[{"kind","question","answer","closed","note"}]}]}
// ("scores" is the analysis's score object, {} for a question passed.)
nlohmann::json scorecard_json(const Scorecard& scorecard);
// A saved scorecard; what is missing or of the wrong type reads as empty, so that an old
// or damaged record still shows, and a follow-up saved without a note gets closed_text's.
Scorecard scorecard_from_json(const nlohmann::json& scorecard);

// The same scorecard as a Markdown page to keep or share.
std::string scorecard_markdown(const Scorecard& scorecard);

// What became of a follow-up: its note, or for old scorecards "Your reply filled the gap." and the like.
std::string closed_text(const ScorecardFollowUp& follow_up);

}  // namespace starcoach
