// The SQLite database: created with its folder, migrated from an empty file, refusing a
// newer schema, and found where the XDG rules say.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

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
  EXPECT_EQ(database.schema_version(), 1);
  EXPECT_EQ(database.attempt_count(), 0);
  std::filesystem::remove_all(folder);
}

TEST(Database, KeepsAttemptsAcrossReopening) {
  const auto folder = fresh_folder();
  const std::string path = (folder / "starcoach.db").string();
  {
    Database database(path);
    const std::string any_bytes("answer with \0 a NUL and \xe2\x80\x99 quotes", 37);
    EXPECT_EQ(database.save_attempt({"co-01", "Tell me...", "customer-obsession", any_bytes, 71, 42.5}), 1);
  }
  Database reopened(path);
  EXPECT_EQ(reopened.schema_version(), 1);
  EXPECT_EQ(reopened.attempt_count(), 1);
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
