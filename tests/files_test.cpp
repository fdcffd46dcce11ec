// Files handled as a careful program would: the database and its folder are private,
// `backup` replaces only a regular file (keeping its permissions) and fails on a damaged
// database instead of saving part of it, and `restore` refuses a file as a whole, naming
// the first problem, before anything is written.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace starcoach {
namespace {

using nlohmann::json;

const std::string story =
    "Last March I was a shift lead at a parcel depot. My task was to stop late deliveries. I rewrote the checklist "
    "and trained the loaders myself. Late parcels fell from 31% to 4%.";

class Files : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() / ("starcoach-files-" + std::to_string(::getpid()));
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
    database_ = (folder_ / "private" / "practice.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  test_support::ProcessResult starcoach(std::vector<std::string> arguments, const std::string& input = "") {
    arguments.push_back("--db");
    arguments.push_back(database_);
    return test_support::run(STARCOACH_BINARY, arguments, input);
  }
  static unsigned mode_of(const std::string& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
    return info.st_mode & 0777;
  }
  std::string in_folder(const std::string& name) const { return (folder_ / name).string(); }
  std::filesystem::path folder_;
  std::string database_;
};

TEST_F(Files, TheDatabaseAndItsFolderAreTheUsersAlone) {
  ASSERT_EQ(starcoach({"story", "add"}, story).exit_code, 0);
  EXPECT_EQ(mode_of(database_), 0600u);
  EXPECT_EQ(mode_of((folder_ / "private").string()), 0700u);
}

TEST_F(Files, BackupWritesANewPrivateFileAndKeepsAnExistingFilesMode) {
  ASSERT_EQ(starcoach({"story", "add"}, story).exit_code, 0);
  const std::string fresh = in_folder("fresh.json");
  ASSERT_EQ(starcoach({"backup", fresh}).exit_code, 0);
  EXPECT_EQ(mode_of(fresh), 0600u);
  const std::string shared = in_folder("shared.json");
  std::ofstream(shared) << "old";
  ::chmod(shared.c_str(), 0640);
  ASSERT_EQ(starcoach({"backup", shared}).exit_code, 0);
  EXPECT_EQ(mode_of(shared), 0640u);
  EXPECT_EQ(json::parse(std::ifstream(shared))["stories"].size(), 1u);
  for (const auto& entry : std::filesystem::directory_iterator(folder_))
    EXPECT_EQ(entry.path().string().find(".partial"), std::string::npos) << "left behind: " << entry.path();
}

TEST_F(Files, BackupReplacesOnlyARegularFile) {
  ASSERT_EQ(starcoach({"story", "add"}, story).exit_code, 0);
  const std::string pipe = in_folder("pipe"), target = in_folder("target.txt"), link = in_folder("link.json");
  ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);
  std::ofstream(target) << "keep me";
  std::filesystem::create_symlink(target, link);
  for (const std::string& path : {pipe, link, folder_.string()}) {
    auto result = starcoach({"backup", path});
    EXPECT_NE(result.exit_code, 0) << path;
    EXPECT_NE(result.err.find("not a regular file"), std::string::npos) << result.err;
  }
  EXPECT_TRUE(std::filesystem::is_fifo(pipe));
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  std::string kept;
  std::getline(std::ifstream(target), kept);
  EXPECT_EQ(kept, "keep me");
}

TEST_F(Files, BackupOfADamagedDatabaseFailsInsteadOfSavingPart) {
  // Enough stories for many pages, restored in one go.
  json many = {{"format", "starcoach-backup"}, {"version", 2}, {"stories", json::array()}, {"attempts", json::array()}};
  for (int i = 1; i <= 400; ++i)
    many["stories"].push_back({{"id", i}, {"title", "Story " + std::to_string(i)}, {"situation", story}, {"task", story},
                               {"action", story}, {"result", story}, {"role", ""}, {"summary", ""}, {"created_at", "2026-01-01"},
                               {"updated_at", "2026-01-01"}, {"principles", json::array()}});
  std::ofstream(in_folder("many.json")) << many.dump();
  ASSERT_EQ(starcoach({"restore", in_folder("many.json")}).exit_code, 0);
  ASSERT_EQ(starcoach({"backup", in_folder("whole.json")}).exit_code, 0);  // the last connection's close checkpoints the file
  {
    std::fstream file(database_, std::ios::in | std::ios::out | std::ios::binary);
    const auto size = std::filesystem::file_size(database_);
    file.seekp(static_cast<std::streamoff>(size / 2));
    const std::string garbage(8192, '\x5a');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  const std::string partial = in_folder("partial.json");
  auto result = starcoach({"backup", partial});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_FALSE(std::filesystem::exists(partial)) << "a backup of part of the data was written";
}

TEST_F(Files, RestoreRefusesABadFileAsAWholeAndNamesTheProblem) {
  ASSERT_EQ(starcoach({"story", "add"}, story).exit_code, 0);
  const std::string good = in_folder("good.json");
  ASSERT_EQ(starcoach({"backup", good}).exit_code, 0);
  const json backup = json::parse(std::ifstream(good));
  auto refused = [&](const json& document, const std::string& named) {
    const std::string path = in_folder("bad.json");
    std::ofstream(path) << document.dump();
    auto result = starcoach({"restore", path, "--replace"});
    EXPECT_EQ(result.exit_code, 3) << named;
    EXPECT_NE(result.err.find(named), std::string::npos) << result.err;
  };
  json unknown = backup;
  unknown["stories"][0]["principles"] = json::array({{{"id", "world-peace"}, {"strength", 2}}});
  refused(unknown, "world-peace");
  json huge = backup;
  huge["stories"][0]["principles"] = json::array({{{"id", "ownership"}, {"strength", 1e300}}});
  refused(huge, "cannot be restored");
  json negative = backup;
  negative["stories"][0]["id"] = -4;
  refused(negative, "ids are positive");
  json future = backup;
  future["version"] = 999;
  refused(future, "another version");
  // Found by fuzz/backup-fuzz.cpp: a "format" that is not text threw past the checks.
  const std::string odd = in_folder("odd.json");
  std::ofstream(odd) << R"({"format": 2, "stories": []})";
  auto not_backup = starcoach({"restore", odd});
  EXPECT_EQ(not_backup.exit_code, 3);
  EXPECT_NE(not_backup.err.find("not a starcoach backup"), std::string::npos) << not_backup.err;
  std::string deep(100000, '[');
  std::ofstream(in_folder("deep.json")) << "{\"format\": \"starcoach-backup\", \"stories\": " << deep;
  EXPECT_EQ(starcoach({"restore", in_folder("deep.json")}).exit_code, 3);
  // Nothing was written: the story is still there, and `story list` still works.
  auto listed = starcoach({"story", "list", "--format", "json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(json::parse(listed.out).size(), 1u);
}

}  // namespace
}  // namespace starcoach
