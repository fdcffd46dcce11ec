// The mock interview's logic: which questions a loop asks, which follow-up each kind of
// gap calls for, whether a reply closes the gap, and the scorecard.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "starcoach/errors.hpp"
#include "starcoach/mock.hpp"
#include "support/answers.hpp"

namespace starcoach {
namespace {

using nlohmann::json;

const std::string& strong = test_support::strong_answer;

std::vector<std::string> kinds_for(const std::string& answer, const std::string& principle = "") {
  AnalysisOptions options;
  options.principle = principle;
  std::vector<std::string> kinds;
  for (const FollowUp& follow_up : choose_follow_ups(analyse(answer, options), 7)) {
    EXPECT_FALSE(follow_up.question.empty());
    kinds.push_back(follow_up.kind);
  }
  return kinds;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(FollowUps, TheBankLoadsWithEveryPrincipleAndKnownRules) {
  const FollowUpBank& bank = FollowUpBank::builtin();
  EXPECT_GE(bank.gaps.size(), 10u);
  EXPECT_EQ(bank.weak.size(), 16u);
  EXPECT_EQ(bank.deeper.size(), 16u);
  EXPECT_FALSE(bank.general_deeper.empty());
}

TEST(FollowUps, AStrongAnswerGetsOneDeeperProbe) {
  EXPECT_EQ(kinds_for(strong), std::vector<std::string>{"deeper"});
}

TEST(FollowUps, EachGapGetsItsOwnQuestion) {
  const struct {
    const char* gap;
    std::string answer;
  } cases[] = {
      {"no-number", replaced(strong, "Late parcels fell from 31% to 4% in one month", "Late parcels fell a lot")},
      {"no-learning", replaced(strong, " I learned to look at the data before I blame people.", "")},
      {"we-not-i", "Last March we were the shift leads at a parcel depot in Leeds. Our biggest client complained that a "
                   "third of their parcels arrived late. Our task was to find out why and fix it within two weeks. We "
                   "pulled the scan data for every late parcel and we found that most were loaded on the wrong van. We "
                   "rewrote the loading checklist and we trained the six loaders on it. We also added a second scan at "
                   "the door. Late parcels fell from 31% to 4% in one month. We learned to look at the data first."},
      {"not-a-story", "I always put the customer first. I try to listen carefully to what people need. When a client is "
                      "unhappy, I call them and find a solution. I believe that good service is the most important thing."},
      {"too-long", strong + " " + strong + " " + strong},
      {"missing-situation", replaced(strong, "Last March I was a shift lead at a parcel depot in Leeds. Our biggest client complained that "
                                             "a third of their parcels arrived late. ", "")},
      {"missing-task", replaced(strong, "My task was to find out why and fix it within two weeks. ", "")},
      {"missing-action", replaced(replaced(replaced(strong, "I pulled the scan data for every late parcel and found that most were "
                                                            "loaded on the wrong van. ", ""),
                                           "I rewrote the loading checklist and trained the six loaders on it myself. ", ""),
                                  "I also added a second scan at the door, so a wrong van now beeps. ", "")},
      {"red-flag-blame", replaced(strong, "I learned to look at the data before I blame people.",
                                  "It was really the loaders' fault, because they were lazy and never listened to me.")},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.gap);
    const std::vector<std::string> kinds = kinds_for(c.answer);
    ASSERT_FALSE(kinds.empty());
    EXPECT_LE(kinds.size(), 2u);
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), c.gap), kinds.end()) << kinds.front();
  }
}

TEST(FollowUps, AMissingPartIsAskedFor) {
  const std::string no_result = replaced(replaced(strong, "Late parcels fell from 31% to 4% in one month, and the client renewed its contract. ", ""),
                                         " I learned to look at the data before I blame people.", "");
  const std::vector<std::string> kinds = kinds_for(no_result);
  EXPECT_EQ(kinds.front(), "missing-result");
}

TEST(FollowUps, WeakEvidenceOfThePrincipleGetsAProbeForThatPrinciple) {
  const std::vector<std::string> kinds = kinds_for(strong, "frugality");
  ASSERT_FALSE(kinds.empty());
  EXPECT_EQ(kinds.back(), "weak");
  AnalysisOptions options;
  options.principle = "frugality";
  const FollowUp probe = choose_follow_ups(analyse(strong, options), 7).back();
  const auto& frugal = FollowUpBank::builtin().weak.at("frugality");
  EXPECT_NE(std::find(frugal.begin(), frugal.end(), probe.question), frugal.end());
}

TEST(FollowUps, AReplyWithTheMissingNumberClosesTheGap) {
  const std::string answer = replaced(strong, "Late parcels fell from 31% to 4% in one month", "Late parcels fell a lot");
  FollowUp follow_up{"no-number", "How did you measure it?", "Late parcels fell from 31 percent to 4 percent in one month."};
  const ReplyVerdict given = judge_reply(follow_up, answer, {});
  EXPECT_TRUE(given.closed);
  EXPECT_EQ(given.note, "You gave a number for the result: \"Late parcels fell from 31 percent to 4 percent in one month.\"");
  follow_up.answer = "It was much better after that, everyone said so, and it was one of the best months.";
  const ReplyVerdict vague = judge_reply(follow_up, answer, {});
  EXPECT_FALSE(vague.closed);
  EXPECT_EQ(vague.note, "Still missing: a number for the result.");
  follow_up.answer = "Yes.";
  EXPECT_FALSE(judge_reply(follow_up, answer, {}).closed);
  follow_up.answer = "  ";
  EXPECT_EQ(judge_reply(follow_up, answer, {}).note, "No reply yet.");
}

TEST(FollowUps, RepliesAreJudgedOnWhatTheySayNotOnTheirLength) {
  // A long reply about the team does not give the candidate's own part; a short one does.
  FollowUp own{"we-not-i", "What did you do yourself?",
               "We were a great team, we all pulled together, we met every morning and we shared the work between us fairly."};
  EXPECT_FALSE(judge_reply(own, strong, {}).closed);
  own.answer = "I rewrote the checklist myself and trained the six loaders on it.";
  const ReplyVerdict mine = judge_reply(own, strong, {});
  EXPECT_TRUE(mine.closed);
  EXPECT_NE(mine.note.find("I rewrote the checklist"), std::string::npos) << mine.note;
  // A lesson, even a short one, against a reply that says there is nothing to learn.
  FollowUp lesson{"no-learning", "What would you do differently?", "I'd check the scan data in the first week, not the third."};
  EXPECT_TRUE(judge_reply(lesson, strong, {}).closed);
  lesson.answer = "Honestly I wouldn't do anything differently, it went fine and the client was happy with it in the end.";
  EXPECT_FALSE(judge_reply(lesson, strong, {}).closed);
  lesson.answer = "I'd changed the checklist already by then, so that part was done and the team knew it well.";
  EXPECT_FALSE(judge_reply(lesson, strong, {}).closed);
  // Responsibility named in the reply's own words.
  FollowUp task{"missing-task", "What were you responsible for?", "Fixing the loading was my job as the shift lead."};
  EXPECT_TRUE(judge_reply(task, strong, {}).closed);
}

TEST(FollowUps, RepliesToTooLongAndBlameAreJudgedOnTheReplyItself) {
  const std::string long_answer = strong + " " + strong + " " + strong;
  FollowUp focus{"too-long", "What was the one key action you took?", "I rewrote the loading checklist and trained the loaders on it myself."};
  EXPECT_TRUE(judge_reply(focus, long_answer, {}).closed);
  focus.answer = long_answer;  // the same long story again
  EXPECT_FALSE(judge_reply(focus, long_answer, {}).closed);

  const std::string blaming = replaced(strong, "I learned to look at the data before I blame people.",
                                       "It was really the loaders' fault, because they were lazy and never listened to me.");
  FollowUp own_part{"red-flag-blame", "What could you have done?", "I could have checked the loading list with the loaders every morning myself."};
  EXPECT_TRUE(judge_reply(own_part, blaming, {}).closed);
  own_part.answer = "Nothing really, it was the loaders' fault because they were lazy.";
  EXPECT_FALSE(judge_reply(own_part, blaming, {}).closed);
}

TEST(FollowUps, MeetTheirFloorOnTheIndependentReplies) {
  // Replies written in a separate pass, half giving what was asked (tools/eval-followups.cpp).
  std::ifstream in(STARCOACH_SOURCE_DIR "/data/eval/followup-replies-test.jsonl");
  ASSERT_TRUE(in);
  int right = 0, replies = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const json row = json::parse(line);
    const FollowUp follow_up{row["kind"].get<std::string>(), row["question"].get<std::string>(), row["reply"].get<std::string>()};
    right += judge_reply(follow_up, row["answer"].get<std::string>(), {}).closed == row["supplies"].get<bool>();
    ++replies;
  }
  ASSERT_GE(replies, 150);
  EXPECT_GE(100.0 * right / replies, 78.0);  // measured 83.1% (README); the length rule was right on 74.4%
}

// A seed must give the same interview with any standard library (the plan draws raw
// mt19937_64 output, which the C++ standard fixes). If the question bank changes, this
// plan changes with it: read the new one off and pin it again.
TEST(Plan, ASeedGivesThePlanItGaveWhenThisWasWritten) {
  std::vector<std::string> ids;
  for (const Question* question : plan_interview({}, {}, 4, 2026)) ids.push_back(question->id);
  EXPECT_EQ(ids, (std::vector<std::string>{"co-02", "own-02", "right-11", "employer-06"}));
}

// The settings name the principle that opens every loop; it is read without the
// knowledge base (so that the CLI starts fast), so this checks it is a principle.
TEST(Plan, TheOpeningPrincipleOfTheSettingsIsAPrinciple) {
  EXPECT_NE(KnowledgeBase::builtin().find_principle(MockSettings::builtin().always_first), nullptr)
      << MockSettings::builtin().always_first;
}

TEST(Plan, CustomerObsessionComesFirstAndPrinciplesDoNotRepeat) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto plan = plan_interview({}, {}, 5, seed);
    ASSERT_EQ(plan.size(), 5u);
    EXPECT_EQ(plan.front()->principle, "customer-obsession");
    std::set<std::string> principles;
    for (const Question* question : plan) principles.insert(question->principle);
    EXPECT_EQ(principles.size(), 5u);
  }
  const auto chosen = plan_interview({"ownership", "dive-deep"}, {}, 3, 4);
  EXPECT_EQ(chosen[0]->principle, "customer-obsession");
  // Customer Obsession opens the loop once; the chosen principles fill the rest.
  const auto one = plan_interview({"ownership"}, {}, 4, 5);
  ASSERT_EQ(one.size(), 4u);
  EXPECT_EQ(one[0]->principle, "customer-obsession");
  for (std::size_t i = 1; i < one.size(); ++i) EXPECT_EQ(one[i]->principle, "ownership");
  const auto without = plan_interview({"ownership"}, {"customer-obsession"}, 3, 4);
  for (const Question* question : without) EXPECT_EQ(question->principle, "ownership");  // more questions than principles
  std::set<const Question*> distinct(without.begin(), without.end());
  EXPECT_EQ(distinct.size(), 3u);
  EXPECT_THROW(plan_interview({"no-such-principle"}, {}, 3, 1), InputError);
  EXPECT_THROW(plan_interview({}, {}, 0, 1), InputError);
}

TEST(Scorecard, ScoresEachQuestionAndPrincipleAndNamesTheNextStep) {
  const std::string& digging = test_support::digging_answer;
  const std::string weak_answer = replaced(digging, "Late parcels fell from 31% to 4% in one month", "Late parcels fell a lot");
  std::vector<MockAnswer> answers = {
      {"", "Tell me about a time you dug into the details of a problem.", "dive-deep", digging, 70, 120, {}, SpokenDelivery{58, 142, 1, 0}},
      {"", "Tell me about a time the numbers showed you something others had missed.", "dive-deep", weak_answer, 150, 120,
       {{"no-number", "How did you measure it?", "Late parcels fell from 31 percent to 4 percent in one month."}}, std::nullopt},
      {"", "Tell me about a time you saved money.", "frugality", "", 5, 120, {}, std::nullopt},
  };
  const Scorecard scorecard = score_interview(answers);
  const json card = scorecard_json(scorecard);
  EXPECT_EQ(card["questions"], 3);
  EXPECT_EQ(card["answered"], 2);
  EXPECT_EQ(card["over_time"], 1);
  ASSERT_EQ(card["answers"].size(), 3u);
  EXPECT_GT(card["answers"][0]["score"].get<int>(), card["answers"][1]["score"].get<int>());
  EXPECT_EQ(card["answers"][2]["score"], 0);
  EXPECT_EQ(card["answers"][1]["follow_ups"][0]["closed"], true);
  EXPECT_EQ(card["answers"][0]["delivery"]["words_per_minute"], 142);
  EXPECT_TRUE(card["answers"][1]["delivery"].is_null());
  // The skipped question counts as 0, in the overall score and for its principle.
  const int first = card["answers"][0]["score"].get<int>(), second = card["answers"][1]["score"].get<int>();
  EXPECT_NEAR(card["overall"].get<int>(), (first + second) / 3.0, 0.5);
  EXPECT_EQ(card["principles"].size(), 2u);  // in the knowledge base's order
  EXPECT_EQ(card["principles"][0]["id"], "frugality");
  EXPECT_EQ(card["principles"][0]["score"], 0);
  EXPECT_EQ(card["principles"][1]["id"], "dive-deep");
  EXPECT_EQ(card["principles"][1]["answers"], 2);
  EXPECT_NEAR(card["principles"][1]["score"].get<int>(), (first + second) / 2.0, 0.5);
  EXPECT_EQ(card["answers"][2]["weakest"], "You skipped this question.");
  EXPECT_FALSE(card["strongest"].get<std::string>().empty());
  ASSERT_TRUE(card["next_step"].is_object());
  EXPECT_EQ(card["next_step"]["rule"], "result.not-quantified");  // the one problem of the weaker answer
  // What is saved reads back as what was scored.
  EXPECT_EQ(scorecard_json(scorecard_from_json(card)), card);
  const std::string markdown = scorecard_markdown(scorecard);
  EXPECT_NE(markdown.find("# Mock interview scorecard"), std::string::npos);
  EXPECT_NE(markdown.find("| Dive Deep |"), std::string::npos);
  EXPECT_NE(markdown.find("(over time)"), std::string::npos);
  EXPECT_NE(markdown.find("- Spoken: 58 s at 142 words a minute, 1 filler, no long pauses"), std::string::npos) << markdown;
}

TEST(Scorecard, ADamagedScorecardStillRendersWithoutThrowing) {
  for (const char* text : {"{}", "[]", "null", R"({"answers": [{"question": 5}], "principles": [1]})"}) {
    EXPECT_NO_THROW(scorecard_markdown(scorecard_from_json(json::parse(text)))) << text;
  }
}

}  // namespace
}  // namespace starcoach
