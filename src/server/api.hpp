// The JSON API's handlers, separate from the HTTP plumbing: each takes the request's
// parts and returns a status and a JSON body. Errors are {"error": {"code", "message"}}.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "database.hpp"
#include "starcoach/rules.hpp"

namespace starcoach::server {

struct Reply {
  Reply(int status_code = 200, nlohmann::json json_body = nullptr, std::vector<std::string> set_cookies = {})
      : status(status_code), body(std::move(json_body)), cookies(std::move(set_cookies)) {}
  int status;
  nlohmann::json body;
  std::vector<std::string> cookies;  // Set-Cookie values
};

Reply error_reply(int status, const std::string& code, const std::string& message);

// What a coach chose for the answers of a cohort (coaching mode), stored as JSON:
// {"role": "general"|"sales"|"technical", "target_seconds": 30..300, "rules_off": [rule ids]},
// each optional. It overrides what the candidate's request asks for.
struct Criteria {
  std::optional<Role> role;
  std::optional<double> target_seconds;
  std::shared_ptr<const RuleBook> rules;  // the built-in book less the rules turned off; null: all
  void apply(AnalysisOptions& options) const;
};
// Checks a coach's criteria; throws InputError saying what is wrong. The result for the
// same JSON is made once and kept.
std::shared_ptr<const Criteria> criteria_from_json(const nlohmann::json& criteria);

Reply get_health();
// What the page must know and never keeps a copy of:
// {"speaking": {"target_seconds", "default_words_per_minute", "words_per_minute": {"lowest", "highest"}},
//  "score_areas": [...], "opening_principle": id, "principles": count, "rules": [{"id", "title"}]}
Reply get_settings();
Reply get_principles();
Reply get_principle(const std::string& id);
Reply get_questions(const std::map<std::string, std::string>& query);
// `criteria`: the coach's, for a candidate in a cohort (null: none).
Reply post_check(const std::string& body, const Criteria* criteria = nullptr);
Reply post_classify(const std::string& body);
Reply post_attempt(const std::string& body, storage::Database& database, const Criteria* criteria = nullptr);
// A spoken answer: the body is a 16 kHz mono 16-bit WAV recording.
Reply post_transcribe(const std::string& body);

// The story bank and the history.
Reply get_stories(storage::Database& database);
Reply post_story(const std::string& body, storage::Database& database);
Reply get_story(long long id, storage::Database& database);
Reply put_story(long long id, const std::string& body, storage::Database& database);
Reply delete_story(long long id, storage::Database& database);
Reply post_story_match(const std::string& body, storage::Database& database);
Reply get_coverage(const std::map<std::string, std::string>& query, storage::Database& database);
Reply get_history(const std::map<std::string, std::string>& query, storage::Database& database);

// The mock interview: its questions, the follow-ups for an answer, the scorecard.
Reply post_mock_plan(const std::string& body);
Reply post_mock_follow_ups(const std::string& body, const Criteria* criteria = nullptr);
Reply post_mock(const std::string& body, storage::Database& database);
Reply get_mock_interviews(storage::Database& database);
Reply get_mock_interview(long long id, const std::map<std::string, std::string>& query, storage::Database& database);

}  // namespace starcoach::server
