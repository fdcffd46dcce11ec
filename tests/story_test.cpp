// The story bank: splitting a story into STAR, suggesting principles, coverage, and
// matching stories to questions; and the story commands of the CLI, on a fresh database.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "starcoach/errors.hpp"
#include "starcoach/stories.hpp"
#include "support/process.hpp"

namespace starcoach {
namespace {

using nlohmann::json;

const std::string parcels =
    "Last March I was a shift lead at a parcel depot in Leeds. Our biggest client complained that a third of their "
    "parcels arrived late. My task was to find out why within two weeks. I pulled the scan data for every late "
    "parcel and dug into the logs until I found the root cause: most were loaded on the wrong van. I rewrote the "
    "loading checklist. Late parcels fell from 31% to 4%, and the client renewed its contract.";
const std::string budget =
    "Situation: Last year our team had no budget for a new scheduling tool.\n"
    "Task: I had to cut the hours lost to double bookings.\n"
    "Action: I reused the spreadsheet we already had and wrote a free script to flag clashes.\n"
    "Result: We saved 2,000 pounds and about 40 hours a month.";

TEST(Stories, SplitsFreeTextIntoStarWithTheAnalyser) {
  const Story story = story_from_text(parcels);
  EXPECT_EQ(story.situation.rfind("Last March I was a shift lead", 0), 0u) << story.situation;
  EXPECT_NE(story.task.find("My task was"), std::string::npos);
  EXPECT_NE(story.action.find("I rewrote the loading checklist."), std::string::npos);
  EXPECT_NE(story.result.find("31% to 4%"), std::string::npos);
  EXPECT_EQ(story.title, "Last March I was a shift lead at...");
}

TEST(Stories, ReadsFourLabelledFieldsAsGiven) {
  const Story story = story_from_text(budget, "Scheduling on no budget", "office manager");
  EXPECT_EQ(story.title, "Scheduling on no budget");
  EXPECT_EQ(story.task, "I had to cut the hours lost to double bookings.");
  EXPECT_EQ(story.result, "We saved 2,000 pounds and about 40 hours a month.");
  EXPECT_EQ(story.role, "office manager");
  EXPECT_GE(story.strength_for("frugality"), 2);
}

TEST(Stories, RejectsEmptyAndOversizedText) {
  EXPECT_THROW(story_from_text("  \n"), InputError);
  std::string huge;
  while (huge.size() <= 64 * 1024) huge += "Last year I fixed the van. ";
  EXPECT_THROW(story_from_text(huge), InputError);
}

TEST(Stories, CoverageCountsStoriesPerPrinciple) {
  const std::vector<Story> stories = {story_from_text(parcels), story_from_text(budget)};
  const Coverage coverage = coverage_of(stories, 1);
  ASSERT_EQ(coverage.rows.size(), 16u);
  for (const CoverageRow& row : coverage.rows) {
    ASSERT_EQ(row.strengths.size(), 2u);
    EXPECT_EQ(row.stories, (row.strengths[0] > 0) + (row.strengths[1] > 0));
    EXPECT_EQ(row.met, row.stories >= 1);
  }
  const CoverageRow& frugality = coverage.rows[9];
  EXPECT_EQ(frugality.principle->id, "frugality");
  EXPECT_GT(frugality.strengths[1], 0);
  EXPECT_EQ(coverage_of(stories, 2).met(), static_cast<int>(std::count_if(
      coverage.rows.begin(), coverage.rows.end(), [](const CoverageRow& row) { return row.stories >= 2; })));
}

TEST(Stories, MatchesTheStoryThatShowsWhatTheQuestionProbes) {
  const std::vector<Story> stories = {story_from_text(parcels), story_from_text(budget)};
  const auto for_budget = match_stories("Tell me about a time you had to do more with less money.", stories);
  ASSERT_EQ(for_budget.size(), 2u);
  EXPECT_EQ(for_budget.front().story, &stories[1]);
  EXPECT_NE(for_budget.front().reason.find("Frugality"), std::string::npos) << for_budget.front().reason;
  const auto for_data = match_stories("Tell me about a time you used data to find the root cause of a problem.", stories);
  EXPECT_EQ(for_data.front().story, &stories[0]);
}

TEST(Stories, RanksTheRightStoryFirstOnTheLabelledSet) {
  std::ifstream in(STARCOACH_SOURCE_DIR "/data/stories/match-set.json");
  ASSERT_TRUE(in);
  const json set = json::parse(in);
  std::vector<Story> stories;
  std::vector<std::string> ids;
  for (const json& entry : set["stories"]) {
    stories.push_back(story_from_text(entry["text"].get<std::string>()));
    ids.push_back(entry["id"].get<std::string>());
  }
  int right = 0, total = 0;
  for (const json& entry : set["questions"]) {
    const auto matches = match_stories(entry["question"].get<std::string>(), stories);
    const std::string best = ids[static_cast<std::size_t>(matches.front().story - stories.data())];
    right += best == entry["story"];
    ++total;
    if (best != entry["story"]) std::cout << "  miss: " << entry["question"] << " -> " << best << "\n";
  }
  std::cout << "story matching: " << right << " of " << total << " questions rank the labelled story first\n";
  EXPECT_GE(right * 100, total * 75);
}

class StoryCli : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = (std::filesystem::temp_directory_path() /
                 ("starcoach-stories-" + std::to_string(::getpid()) + ".db")).string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(database_ + suffix);
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(database_ + suffix);
  }
  test_support::ProcessResult starcoach(std::vector<std::string> arguments, const std::string& input = "") {
    arguments.push_back("--db");
    arguments.push_back(database_);
    return test_support::run(STARCOACH_BINARY, arguments, input);
  }
  std::string database_;
};

TEST_F(StoryCli, AddListShowEditRemove) {
  auto added = starcoach({"story", "add", "--format", "json", "--role", "shift lead"}, parcels);
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const json story = json::parse(added.out);
  EXPECT_EQ(story["id"], 1);
  EXPECT_EQ(story["role"], "shift lead");
  EXPECT_FALSE(story["principles"].empty());
  ASSERT_EQ(starcoach({"story", "add", "--title", "Budget"}, budget).exit_code, 0);

  const json list = json::parse(starcoach({"story", "list", "--format", "json"}).out);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1]["title"], "Budget");

  auto edited = starcoach({"story", "edit", "2", "--task", "I had to stop the double bookings.", "--principles",
                           "frugality,ownership", "--format", "json"});
  ASSERT_EQ(edited.exit_code, 0) << edited.err;
  const json after = json::parse(edited.out);
  EXPECT_EQ(after["task"], "I had to stop the double bookings.");
  ASSERT_EQ(after["principles"].size(), 2u);
  EXPECT_EQ(after["principles"][0]["id"], "frugality");

  EXPECT_EQ(starcoach({"story", "rm", "1"}).exit_code, 0);
  EXPECT_EQ(json::parse(starcoach({"story", "list", "--format", "json"}).out).size(), 1u);
  auto missing = starcoach({"story", "show", "1"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "starcoach: no story with the id 1; see starcoach story list\n");
  EXPECT_EQ(starcoach({"story", "edit", "2", "--principles", "frugal"}).exit_code, 2);
  EXPECT_EQ(starcoach({"story", "add"}, "").exit_code, 3);
}

TEST_F(StoryCli, CoverageAndMatch) {
  ASSERT_EQ(starcoach({"story", "add"}, parcels).exit_code, 0);
  ASSERT_EQ(starcoach({"story", "add"}, budget).exit_code, 0);
  const json coverage = json::parse(starcoach({"coverage", "--format", "json", "--target", "1"}).out);
  EXPECT_EQ(coverage["target"], 1);
  ASSERT_EQ(coverage["principles"].size(), 16u);
  EXPECT_EQ(coverage["principles"][0]["id"], "customer-obsession");
  EXPECT_EQ(coverage["principles"][0]["strengths"].size(), 2u);
  const std::string table = starcoach({"coverage"}).out;
  EXPECT_NE(table.find("Frugality"), std::string::npos) << table;

  const json match = json::parse(starcoach({"story", "match", "Tell me about a time you saved money.", "--format", "json"}).out);
  ASSERT_EQ(match["matches"].size(), 2u);
  EXPECT_EQ(match["matches"][0]["id"], 2);
}

TEST_F(StoryCli, ExportsAPrepSheetPerPrinciple) {
  ASSERT_EQ(starcoach({"story", "add", "--title", "Budget <b>& tools</b>"}, budget).exit_code, 0);
  const std::string markdown = starcoach({"export"}).out;
  EXPECT_EQ(markdown.rfind("# Interview prep sheet", 0), 0u);
  const std::size_t frugality = markdown.find("## Frugality");
  ASSERT_NE(frugality, std::string::npos);
  EXPECT_NE(markdown.find("- **Result:** We saved 2,000 pounds", frugality), std::string::npos);
  EXPECT_NE(markdown.find("## Customer Obsession\n\n*No story yet: prepare one.*"), std::string::npos);
  const std::string html = starcoach({"export", "--format", "html"}).out;
  EXPECT_NE(html.find("Budget &lt;b&gt;&amp; tools&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>&"), std::string::npos);
  EXPECT_NE(html.find("@page"), std::string::npos);
}

TEST_F(StoryCli, BackupAndRestoreRoundTripEveryStoryAndAttempt) {
  ASSERT_EQ(starcoach({"story", "add", "--role", "lead"}, parcels).exit_code, 0);
  ASSERT_EQ(starcoach({"story", "add"}, budget).exit_code, 0);
  ASSERT_EQ(starcoach({"practice", "--seed", "3"}, parcels + "\n\n").exit_code, 0);
  ASSERT_EQ(starcoach({"mock", "--questions", "1", "--seed", "3", "--no-speak"}, parcels + "\n\nI measured it weekly.\n\n").exit_code, 0);
  const std::string scorecard = starcoach({"mock", "--show", "1", "--format", "json"}).out;
  const std::string backup = database_ + ".backup.json";
  ASSERT_EQ(starcoach({"backup", backup}).exit_code, 0);

  const std::string stories = starcoach({"story", "list", "--format", "json"}).out;
  const std::string history = starcoach({"history", "--format", "json"}).out;
  const std::string original = database_;
  database_ += ".restored";
  auto restored = starcoach({"restore", backup});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(starcoach({"story", "list", "--format", "json"}).out, stories);
  EXPECT_EQ(starcoach({"history", "--format", "json"}).out, history);
  EXPECT_EQ(starcoach({"mock", "--show", "1", "--format", "json"}).out, scorecard);
  EXPECT_EQ(starcoach({"restore", backup}).exit_code, 2) << "restored over existing data without --replace";
  EXPECT_EQ(starcoach({"restore", backup, "--replace"}).exit_code, 0);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(database_ + suffix);
  database_ = original;
  std::filesystem::remove(backup);
  EXPECT_EQ(starcoach({"restore", "/no/such/backup.json"}).exit_code, 3);
}

}  // namespace
}  // namespace starcoach
