// The SQLite database: created with its folder, migrated from an empty file, refusing a
// newer schema, and found where the XDG rules say.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include <sqlite3.h>

#include "database.hpp"

namespace starcoach::storage {
namespace {

std::filesystem::path fresh_folder() {
  std::filesystem::path folder = std::filesystem::temp_directory_path() / ("starcoach-db-" + std::to_string(::getpid()) +
                                                                           "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(folder);
  return folder;
}

TEST(Database, CreatesItsFolderAndMigratesAnEmptyFile) {
  const auto folder = fresh_folder();
  Database database((folder / "nested" / "starcoach.db").string());
  EXPECT_TRUE(std::filesystem::exists(folder / "nested" / "starcoach.db"));
  EXPECT_EQ(database.schema_version(), Database::latest_schema());
  EXPECT_EQ(database.attempt_count(), 0);
  EXPECT_TRUE(database.stories().empty());
  std::filesystem::remove_all(folder);
}

TEST(Database, KeepsAttemptsAcrossReopening) {
  const auto folder = fresh_folder();
  const std::string path = (folder / "starcoach.db").string();
  const char raw[] = "answer with \0 a NUL and \xe2\x80\x99 quotes";
  const std::string any_bytes(raw, sizeof raw - 1);
  {
    Database database(path);
    Attempt attempt;
    attempt.question_id = "co-01";
    attempt.question = "Tell me...";
    attempt.principle = "customer-obsession";
    attempt.answer = any_bytes;
    attempt.score = 71;
    attempt.spoken_seconds = 42.5;
    EXPECT_EQ(database.save_attempt(attempt), 1);
  }
  Database reopened(path);
  EXPECT_EQ(reopened.schema_version(), Database::latest_schema());
  ASSERT_EQ(reopened.attempt_count(), 1);
  const Attempt stored = reopened.attempts()[0];
  EXPECT_EQ(stored.answer, any_bytes);
  EXPECT_EQ(stored.score, 71);
  EXPECT_DOUBLE_EQ(stored.spoken_seconds, 42.5);
  std::filesystem::remove_all(folder);
}

TEST(Database, MigratesFromEveryEarlierSchemaKeepingItsData) {
  for (int start = 1; start < Database::latest_schema(); ++start) {
    SCOPED_TRACE(start);
    const auto folder = fresh_folder();
    const std::string path = (folder / "starcoach.db").string();
    {
      Database old(path, start);
      EXPECT_EQ(old.schema_version(), start);
    }
    {  // an attempt as that schema stored it
      sqlite3* raw = nullptr;
      ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
      EXPECT_EQ(sqlite3_exec(raw, "INSERT INTO attempts (question, answer, score, spoken_seconds) VALUES ('Why?', 'I did.', 50, 3)",
                             nullptr, nullptr, nullptr), SQLITE_OK);
      sqlite3_close(raw);
    }
    Database migrated(path);
    EXPECT_EQ(migrated.schema_version(), Database::latest_schema());
    ASSERT_EQ(migrated.attempts().size(), 1u);
    EXPECT_EQ(migrated.attempts()[0].answer, "I did.");
    EXPECT_TRUE(migrated.attempts()[0].findings.empty());
    EXPECT_TRUE(migrated.attempts()[0].delivery.is_null());
    std::filesystem::remove_all(folder);
  }
}

TEST(Database, StoresEditsAndRemovesStoriesWithTheirPrinciples) {
  const auto folder = fresh_folder();
  Database database((folder / "starcoach.db").string());
  Story story;
  story.title = "Late parcels";
  story.situation = "Last March our biggest client's parcels arrived late.";
  story.action = "I rewrote the loading checklist.";
  story.result = "Late parcels fell from 31% to 4%.";
  story.principles = {{"customer-obsession", 2}, {"dive-deep", 1}};
  const long long id = database.add_story(story);
  std::optional<Story> stored = database.story(id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->title, "Late parcels");
  EXPECT_EQ(stored->strength_for("customer-obsession"), 2);
  EXPECT_FALSE(stored->created_at.empty());

  stored->title = "Late parcels at Leeds";
  stored->principles = {{"ownership", 1}};
  EXPECT_TRUE(database.update_story(*stored));
  EXPECT_EQ(database.story(id)->title, "Late parcels at Leeds");
  EXPECT_EQ(database.story(id)->strength_for("customer-obsession"), 0);
  EXPECT_EQ(database.story(id)->strength_for("ownership"), 1);

  EXPECT_TRUE(database.remove_story(id));
  EXPECT_FALSE(database.remove_story(id));
  EXPECT_FALSE(database.story(id));
  Story missing = story;
  missing.id = 999;
  EXPECT_FALSE(database.update_story(missing));
  std::filesystem::remove_all(folder);
}

// Coaching mode keeps everyone's practice in one file: no method reads or changes
// another owner's rows, and a backup restored for one owner leaves the others alone.
TEST(Database, EachOwnerSeesAndChangesOnlyTheirOwnRows) {
  const auto folder = fresh_folder();
  Database ana((folder / "starcoach.db").string()), ben((folder / "starcoach.db").string());
  ana.set_owner(1);
  ben.set_owner(2);
  Story story;
  story.title = "Late parcels";
  story.action = "I rewrote the loading checklist.";
  const long long anas_story = ana.add_story(story);
  Attempt attempt;
  attempt.question = "Tell me about a customer.";
  attempt.answer = "I rewrote the loading checklist.";
  const long long anas_attempt = ana.save_attempt(attempt);
  const long long anas_mock = ana.save_mock_interview({0, "", 70, 1, "{}"});
  ben.save_attempt(attempt);

  EXPECT_FALSE(ben.story(anas_story));
  EXPECT_TRUE(ben.stories().empty());
  Story stolen = *ana.story(anas_story);
  stolen.title = "Mine now";
  EXPECT_FALSE(ben.update_story(stolen));
  EXPECT_FALSE(ben.share_story(anas_story, true));
  EXPECT_FALSE(ben.remove_story(anas_story));
  EXPECT_FALSE(ben.attempt(anas_attempt));
  EXPECT_FALSE(ben.submit_attempt(anas_attempt, 0));
  EXPECT_FALSE(ben.mock_interview(anas_mock));
  EXPECT_EQ(ben.attempt_count(), 1);
  EXPECT_EQ(ana.story(anas_story)->title, "Late parcels");

  ben.replace_all({}, {}, {});
  EXPECT_EQ(ana.attempt_count(), 1);
  EXPECT_EQ(ana.stories().size(), 1u);
  EXPECT_EQ(ben.attempt_count(), 0);

  EXPECT_TRUE(ana.submit_attempt(anas_attempt, 0));
  EXPECT_FALSE(ana.attempt(anas_attempt)->submitted_at.empty());
  EXPECT_TRUE(ana.share_story(anas_story, true));
  EXPECT_TRUE(ana.story(anas_story)->shared);
  std::filesystem::remove_all(folder);
}

TEST(Database, RefusesASchemaFromANewerVersion) {
  const auto folder = fresh_folder();
  const std::string path = (folder / "starcoach.db").string();
  { Database database(path); }
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "INSERT INTO schema_version VALUES (99, 'later')", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
  }
  try {
    Database database(path);
    FAIL() << "opened a newer schema";
  } catch (const DatabaseError& error) {
    EXPECT_NE(std::string(error.what()).find("newer starcoach"), std::string::npos) << error.what();
  }
  std::filesystem::remove_all(folder);
}

TEST(Database, ReportsAnUnusablePath) {
  EXPECT_THROW(Database("/proc/starcoach/forbidden.db"), DatabaseError);
}

TEST(Database, DefaultPathFollowsXdgDataHome) {
  const char* saved = std::getenv("XDG_DATA_HOME");
  const std::string restore = saved ? saved : "";
  const std::string home = std::getenv("HOME") ? std::getenv("HOME") : "";
  setenv("XDG_DATA_HOME", "/data/home", 1);
  EXPECT_EQ(Database::default_path(), "/data/home/starcoach/starcoach.db");
  unsetenv("XDG_DATA_HOME");
  setenv("HOME", "/home/someone", 1);
  EXPECT_EQ(Database::default_path(), "/home/someone/.local/share/starcoach/starcoach.db");
  if (saved) setenv("XDG_DATA_HOME", restore.c_str(), 1);
  setenv("HOME", home.c_str(), 1);
}

}  // namespace
}  // namespace starcoach::storage
