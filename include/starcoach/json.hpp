// The JSON form of each result. The CLI's --format json and the web API share these,
// so the two never drift apart. Dump with dump_json(), which cannot throw on bad UTF-8.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "starcoach/analysis.hpp"
#include "starcoach/classifier.hpp"
#include "starcoach/knowledge.hpp"
#include "starcoach/stories.hpp"

namespace starcoach {

// {"id","name","summary","behaviours":[...],"question_count"}; `detailed` adds the
// behaviour ids and phrases, the question cues and the questions themselves.
nlohmann::json principle_json(const KnowledgeBase& knowledge, const Principle& principle, bool detailed = false);

// [principle_json(...)] for all principles, in the order of the data file.
nlohmann::json principles_json(const KnowledgeBase& knowledge);

// {"id","text","principle","also":[ids]}; "principle" is null for a meta question.
nlohmann::json question_json(const Question& question);
nlohmann::json questions_json(const std::vector<const Question*>& questions);

// {"question": "...", "principles": [{"id","name","score","likely"}]}, best first ("likely": worth showing, likely_count).
nlohmann::json classification_json(std::string_view question, const std::vector<PrincipleScore>& scores);

// The analyser's result, in the JSON contract of `starcoach check --format json`.
nlohmann::json analysis_json(const Analysis& analysis);
// Its "score" member: {"overall", the areas' sub-scores, "principle", "fit", "explanations"}.
nlohmann::json score_json(const Score& score);
// And back, for a saved record: what is missing or of the wrong type reads as 0 or "not scored".
Score score_from_json(const nlohmann::json& score);

// {"id","title","situation","task","action","result","role","summary",
//  "principles":[{"id","strength"}],"created_at","updated_at"}
nlohmann::json story_json(const Story& story);
// And back (all but "id"), checked: texts are texts, principles are known, strengths 0 to
// 100; throws InputError saying what is wrong ("it names the unknown principle ...").
Story story_from_json(const nlohmann::json& story);

// {"target", "stories":[{"id","title"}], "principles":[{"id","name","stories","met","strengths":[...]}]}
nlohmann::json coverage_json(const Coverage& coverage, const std::vector<Story>& stories);

// {"question", "matches":[{"id","title","score","reason"}]}, best first.
nlohmann::json matches_json(std::string_view question, const std::vector<StoryMatch>& matches);

// Serialises with invalid UTF-8 replaced rather than thrown on.
std::string dump_json(const nlohmann::json& value, int indent = 2);

// Reading a saved document that may be damaged (a hand-edited backup): each gives the
// member `name` of `object`, or an empty value when `object` is not an object, lacks the
// member or holds another type there. They never throw.
std::string text_member(const nlohmann::json& object, const char* name);
double number_member(const nlohmann::json& object, const char* name);
bool flag_member(const nlohmann::json& object, const char* name);
const nlohmann::json& list_member(const nlohmann::json& object, const char* name);  // an array, maybe empty
const nlohmann::json& object_member(const nlohmann::json& object, const char* name);  // an object, maybe empty

}  // namespace starcoach
