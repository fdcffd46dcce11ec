// Fit to the question: the same story is judged against the question it answers and
// against one about something else, and the independent fit set keeps floors (the exact
// figures come from tools/eval-fit).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "starcoach/analysis.hpp"
#include "starcoach/fit.hpp"

namespace starcoach {
namespace {

using nlohmann::json;

const std::string depot =
    "Last March I was a shift lead at a parcel depot in Leeds. Our biggest client complained that a third of their parcels "
    "arrived late. My task was to find out why and fix it within two weeks. I pulled the scan data for every late parcel "
    "and found that most were loaded on the wrong van. I rewrote the loading checklist and trained the six loaders on it "
    "myself. Late parcels fell from 31% to 4% in one month, and the client renewed its contract.";

Analysis with_question(const std::string& question) {
  AnalysisOptions options;
  options.question = question;
  return analyse(depot, options);
}

bool fired(const Analysis& analysis) {
  for (const Finding& finding : analysis.findings)
    if (finding.rule == "fit.off-question") return true;
  return false;
}

TEST(Fit, WithoutAQuestionNothingChanges) {
  const Analysis analysis = analyse(depot);
  EXPECT_FALSE(analysis.score.fit.has_value());
  EXPECT_FALSE(fired(analysis));
}

TEST(Fit, AStoryAboutSomethingElseCannotScoreWell) {
  const Analysis fits = with_question("Tell me about a time a customer was unhappy with your service.");
  const Analysis elsewhere = with_question("Tell me about a time you helped a colleague grow into a bigger role.");
  ASSERT_TRUE(fits.score.fit && elsewhere.score.fit);
  EXPECT_GT(*fits.score.fit, *elsewhere.score.fit + 20);
  EXPECT_FALSE(fired(fits));
  EXPECT_TRUE(fired(elsewhere));
  EXPECT_LE(elsewhere.score.overall, 45);
  EXPECT_GT(fits.score.overall, elsewhere.score.overall + 20);
}

TEST(Fit, AStoryOfTheRightPrincipleInAnotherSituationFitsLess) {
  // Both stories are about developing people; only one gives the feedback the question asks for.
  const std::string question = "Tell me about a time you had to give difficult feedback to someone on your team.";
  const std::string feedback =
      "Last spring one of my four support agents kept closing tickets without checking that the fix worked, and "
      "customers reopened a third of them. I booked a private meeting with him and showed him six reopened tickets. "
      "I told him directly that this was not good enough and asked what got in his way. He said he felt pushed by the "
      "queue, so we agreed he would test every fix before closing, and I checked ten of his tickets each week. After "
      "a month his reopen rate fell from 33% to 8%.";
  const std::string hiring =
      "Last spring I had to fill a support agent role in two weeks. I wrote a short job post with a real ticket as the "
      "task, asked two agents to join the interviews, and met eleven candidates. I picked a former shop manager who "
      "handled the angry-customer role play best. I planned her first month with a buddy and a checklist. After three "
      "months she closed more tickets than anyone else on the team.";
  const QuestionFit right = judge_fit(question, words_of(feedback)), other = judge_fit(question, words_of(hiring));
  EXPECT_GT(right.closeness, other.closeness);
  EXPECT_GT(right.situation, other.situation);
  EXPECT_GT(right.score, other.score);
  // The score says so, in words, rather than that the story answers the question.
  AnalysisOptions options;
  options.question = question;
  const std::string reason = analyse(hiring, options).score.reasons.at("fit");
  EXPECT_NE(reason.find("situation"), std::string::npos) << reason;
  // Named against the question's own principle, the story is "the same principle", not a repeat of its name.
  QuestionFit same = other;
  same.story_about = same.asked;
  EXPECT_EQ(story_topic(same), "the same principle, but not in the situation the question describes");
  same.story_about = &KnowledgeBase::builtin().principles().back();
  EXPECT_EQ(story_topic(same), same.story_about->name);
}

// How a fit set's answers fare with their own, near and unrelated questions, in percent.
struct FitFigures {
  int answers = 0;
  double own_higher = 0, above_near = 0, off_fired = 0, own_fired = 0;
};

FitFigures fit_figures(const std::string& relative) {
  std::ifstream in(STARCOACH_SOURCE_DIR "/" + relative);
  EXPECT_TRUE(in) << relative;
  std::map<std::string, std::map<std::string, Analysis>> answers;
  for (std::string line; std::getline(in, line);) {
    const json row = json::parse(line);
    AnalysisOptions options;
    options.question = row["question"].get<std::string>();
    const std::string id = row["id"].get<std::string>();
    answers[row["answer_id"].get<std::string>()].emplace(id.substr(id.rfind('-') + 1), analyse(row["answer"].get<std::string>(), options));
  }
  FitFigures figures;
  for (auto& [id, kinds] : answers) {
    ++figures.answers;
    figures.own_higher += *kinds.at("own").score.fit > *kinds.at("off").score.fit;
    figures.above_near += *kinds.at("own").score.fit > *kinds.at("near").score.fit;
    figures.off_fired += fired(kinds.at("off"));
    figures.own_fired += fired(kinds.at("own"));
  }
  for (double* figure : {&figures.own_higher, &figures.above_near, &figures.off_fired, &figures.own_fired})
    *figure *= 100.0 / std::max(1, figures.answers);
  return figures;
}

// A set's floors: the least answers, and the figures a little under those measured.
void expect_floors(const std::string& relative, int answers, const FitFigures& floors, double most_own_fired) {
  SCOPED_TRACE(relative);
  const FitFigures figures = fit_figures(relative);
  ASSERT_GE(figures.answers, answers);
  EXPECT_GE(figures.own_higher, floors.own_higher);
  EXPECT_GE(figures.above_near, floors.above_near);
  EXPECT_GE(figures.off_fired, floors.off_fired);
  EXPECT_LE(figures.own_fired, most_own_fired);
}

TEST(Fit, MeetsItsFloorsOnTheIndependentFitSet) {
  // README: 96%, 79% above the near question, 82%, 4%; false alarms at the target.
  expect_floors("data/eval/fit-test.jsonl", 25, {0, 85.0, 60.0, 82.0, 0}, 10.0);
}

TEST(Fit, MeetsItsFloorsOnTheStoriesOfAuthorsItNeverSaw) {
  // 238 stories by three authors (README: 90%, 76% above the near question, 68% of other
  // principles' questions caught, 8% false alarms).
  expect_floors("data/eval/fit-stories-test.jsonl", 200, {0, 85.0, 65.0, 60.0, 0}, 12.0);
}

TEST(Scores, OrderAnswersAsACoachWouldOnTheIndependentPairs) {
  // One story told twice, weaker and stronger in one thing a coach cares about
  // (tools/eval-order.cpp prints the figures by difference).
  std::ifstream in(STARCOACH_SOURCE_DIR "/data/eval/order-pairs-test.jsonl");
  ASSERT_TRUE(in);
  int ordered = 0, pairs = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const json row = json::parse(line);
    AnalysisOptions options;
    options.question = row["question"].get<std::string>();
    ordered += analyse(row["stronger"].get<std::string>(), options).score.overall >
               analyse(row["weaker"].get<std::string>(), options).score.overall;
    ++pairs;
  }
  ASSERT_GE(pairs, 100);
  // A floor under the measured 72.7% (README); the target is 90%.
  EXPECT_GE(100.0 * ordered / pairs, 70.0);
}

TEST(Fit, TheEchoCountsRareWordsMoreAndNearSynonymsAsMeanings) {
  const SituationModel& situations = SituationModel::builtin();
  const auto question = words_of("Tell me about a time a customer complained about a delivery.");
  // "customer" and "delivery" both named: all of it.
  EXPECT_DOUBLE_EQ(situations.echo(question, words_of("The customer complained about the delivery.")).words, 1.0);
  // A rare word named counts for more than a common one.
  const double rare = situations.echo(question, words_of("It was about the delivery.")).words;
  const double common = situations.echo(question, words_of("It was about a time.")).words;
  EXPECT_GT(rare, common);
  // "angry" is not "complained", but it is in its group of near-synonyms ("deliveries" has the stem of "delivery").
  const auto told = situations.echo(question, words_of("The customers were angry about the deliveries."));
  EXPECT_LT(told.words, told.meanings);
  // Nothing named, nothing echoed; a question of framing words only echoes nothing.
  EXPECT_EQ(situations.echo(question, words_of("We planted trees.")).meanings, 0.0);
  EXPECT_EQ(situations.echo(words_of("Tell me about a time."), words_of("The customer complained.")).words, 0.0);
}

TEST(Fit, TrainingStoriesAreReadStrictly) {
  const auto stories = read_fit_training(
      "t.tsv", "# comment\nownership\tA task outside your role?\tA mistake you made?\t- Fixed the printer.\\n- Wrote a guide.\n");
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].near_question, "A mistake you made?");
  EXPECT_EQ(stories[0].answer, "- Fixed the printer.\n- Wrote a guide.");  // "\\n" in the file is a line break
  EXPECT_THROW(read_fit_training("t.tsv", "ownership\tonly two fields\n"), DataError);
  EXPECT_THROW(read_fit_training("t.tsv", "ownership\tq\t\tanswer\n"), DataError);
  EXPECT_THROW(read_fit_training("t.tsv", "no-such-principle\tq\tnear\tanswer\n"), DataError);
}

}  // namespace
}  // namespace starcoach
