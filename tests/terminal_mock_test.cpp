// The terminal mock interview, run in a real terminal: tmux starts it in a detached
// session, the test types into the pane and reads what the candidate would see. Each
// interview gets a tmux server of its own (a socket in the test's folder): tests run in
// parallel, and a shared server whose last session ends shuts down while another test's
// client may be connecting to it.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/answers.hpp"
#include "support/process.hpp"

namespace starcoach {
namespace {

using test_support::run;

const std::string tmux = "/usr/bin/tmux";

class TerminalMock : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() / ("starcoach-tmux-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder_);
    database_ = (folder_ / "starcoach.db").string();
    session_ = "starcoach-test-" + std::to_string(::getpid());
  }
  void TearDown() override {
    stop();
    std::filesystem::remove_all(folder_);
  }
  // Runs the tmux command `arguments` against the current interview's server.
  test_support::ProcessResult tmux_run(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {"-S", socket_});
    return run(tmux, arguments);
  }
  void start(const std::vector<std::string>& arguments, const std::string& environment = "") {
    stop();
    socket_ = (folder_ / ("tmux-" + std::to_string(++interviews_))).string();
    std::string command = environment + " " + STARCOACH_BINARY;
    for (const std::string& argument : arguments) command += " '" + argument + "'";
    ASSERT_EQ(tmux_run({"new-session", "-d", "-s", session_, "-x", "100", "-y", "50", command + "; sleep 60"}).exit_code, 0);
  }
  // Ends the current interview and its tmux server.
  void stop() {
    if (!socket_.empty()) tmux_run({"kill-server"});
    socket_.clear();
  }
  std::string pane() { return tmux_run({"capture-pane", "-p", "-t", session_, "-S", "-300"}).out; }
  // Waits until the pane shows `text` (at most 20 s); returns the pane.
  std::string wait_for(const std::string& text) {
    for (int i = 0; i < 200; ++i) {
      std::string shown = pane();
      if (shown.find(text) != std::string::npos) return shown;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("the pane never showed \"" + text + "\":\n" + pane());  // ends the test
  }
  void type(const std::string& line) {
    tmux_run({"send-keys", "-t", session_, "-l", line});
    tmux_run({"send-keys", "-t", session_, "Enter"});
  }
  std::filesystem::path folder_;
  std::string database_, session_;
  std::string socket_;  // the current interview's tmux server
  int interviews_ = 0;
};

const std::string& strong = test_support::digging_answer;

TEST_F(TerminalMock, AsksWithACountdownFollowsUpAndSavesTheScorecard) {
  // Reading aloud stays on: espeak-ng runs beside the interview without disturbing it
  // (this machine has no sound card, so it fails, quietly).
  start({"mock", "--exclude", "customer-obsession", "--principles", "dive-deep,frugality", "--questions", "2",
         "--minutes-per-answer", "1", "--seed", "11", "--db", database_});
  std::string shown = wait_for("[1:00 left] >");
  EXPECT_NE(shown.find("Question 1 of 2  Dive Deep"), std::string::npos) << shown;
  EXPECT_NE(shown.find("read aloud"), std::string::npos) << shown;

  type(strong);
  shown = wait_for("left] > " + strong.substr(0, 20));
  type("");
  shown = wait_for("Follow-up");
  EXPECT_NE(shown.find("Time: 0:"), std::string::npos) << shown;
  // A strong answer gets one deeper probe, with half the time to reply.
  wait_for("[0:30 left] >");
  type("The hardest part was telling the loaders that the old list was wrong, so I showed them the scan data first.");
  type("");
  shown = wait_for("Question 2 of 2");
  type("");  // pass the second question
  shown = wait_for("Saved as mock interview 1");
  EXPECT_NE(shown.find("Scorecard"), std::string::npos) << shown;
  EXPECT_NE(shown.find("By principle"), std::string::npos) << shown;
  EXPECT_NE(shown.find("Dive Deep"), std::string::npos) << shown;
  EXPECT_NE(shown.find("Skipped."), std::string::npos) << shown;

  const auto saved = run(STARCOACH_BINARY, {"mock", "--show", "1", "--format", "json", "--db", database_});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  const nlohmann::json card = nlohmann::json::parse(saved.out)["scorecard"];
  EXPECT_EQ(card["questions"], 2);
  EXPECT_EQ(card["answered"], 1);
  EXPECT_EQ(card["answers"][0]["follow_ups"][0]["kind"], "deeper");
  EXPECT_EQ(card["answers"][0]["follow_ups"][0]["closed"], true);
  const auto markdown = run(STARCOACH_BINARY, {"mock", "--show", "1", "--format", "markdown", "--db", database_});
  EXPECT_NE(markdown.out.find("# Mock interview scorecard"), std::string::npos);
  EXPECT_EQ(pane().find("ALSA"), std::string::npos) << "the speech program's messages reached the terminal";
}

TEST_F(TerminalMock, ReadsEachQuestionAloudUnlessTurnedOff) {
  const std::string spoken = (folder_ / "spoken.txt").string(), speaker = (folder_ / "speaker.sh").string();
  std::ofstream(speaker) << "#!/bin/sh\nprintf '%s\\n' \"$1\" >> " << spoken << "\n";
  std::filesystem::permissions(speaker, std::filesystem::perms::owner_all);
  start({"mock", "--questions", "1", "--seed", "11", "--db", database_}, "STARCOACH_SPEAK_COMMAND=" + speaker);
  wait_for("left] >");
  for (int i = 0; i < 50 && !std::filesystem::exists(spoken); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::ifstream in(spoken);
  const std::string said((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(said.size(), 30u) << "nothing was read aloud";
  EXPECT_NE(pane().find(said.substr(0, 30)), std::string::npos) << "spoken: " << said;
  stop();

  std::filesystem::remove(spoken);
  start({"mock", "--questions", "1", "--seed", "11", "--db", database_, "--no-speak"}, "STARCOACH_SPEAK_COMMAND=" + speaker);
  const std::string shown = wait_for("left] >");
  EXPECT_EQ(shown.find("read aloud"), std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // as long as the spoken run took, and more
  EXPECT_FALSE(std::filesystem::exists(spoken));
}

TEST_F(TerminalMock, TakesASpokenAnswerFromARecording) {
  const std::string wav = (folder_ / "answer.wav").string();
  ASSERT_EQ(run("/usr/bin/flite", {"-voice", "rms", "-t", "last march i was a shift lead at a parcel depot and i rewrote the "
                                   "loading checklist myself", "-o", wav}).exit_code, 0);
  start({"mock", "--questions", "1", "--seed", "11", "--no-speak", "--db", database_});
  wait_for("left] >");
  type("/wav /no/such/file.wav");
  std::string shown = wait_for("Could not use /no/such/file.wav");
  type("/wav " + wav);
  shown = wait_for("Heard: ");
  EXPECT_NE(shown.find("checklist"), std::string::npos) << shown;
  EXPECT_NE(shown.find("words a minute"), std::string::npos) << shown;
  wait_for("Follow-up");
  type("");  // no reply to the follow-ups
  type("");
  shown = wait_for("Saved as mock interview");
  EXPECT_NE(shown.find("spoken: "), std::string::npos) << shown;
}

TEST(CliMock, BadOptionsAndUnknownScorecardsAreUsageErrors) {
  const std::string database = ::testing::TempDir() + "mock-usage.db";
  EXPECT_EQ(run(STARCOACH_BINARY, {"mock", "--principles", "no-such", "--db", database}).exit_code, 2);
  EXPECT_EQ(run(STARCOACH_BINARY, {"mock", "--questions", "0", "--db", database}).exit_code, 2);
  const auto missing = run(STARCOACH_BINARY, {"mock", "--show", "9", "--db", database});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no mock interview 9"), std::string::npos) << missing.err;
  const auto ended = run(STARCOACH_BINARY, {"mock", "--db", database}, "");
  EXPECT_EQ(ended.exit_code, 3);
  EXPECT_NE(ended.err.find("nothing was saved"), std::string::npos) << ended.err;
}

TEST(CliMock, AnswersFromAPipeAreScoredWithoutPrompts) {
  const std::string database = ::testing::TempDir() + "mock-pipe.db";
  std::filesystem::remove(database);
  // Seed 9 asks co-19 (a change made because of a complaint), which this story answers.
  const auto result = run(STARCOACH_BINARY, {"mock", "--questions", "1", "--seed", "9", "--db", database, "--format", "json"},
                          test_support::strong_answer + "\n\nI would ask the loaders for their ideas before I changed the checklist.\n\n");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("left] >"), std::string::npos);
  EXPECT_NE(result.err.find("Question 1 of 1"), std::string::npos) << "the conversation goes to stderr";
  const nlohmann::json saved = nlohmann::json::parse(result.out);  // stdout is the document alone
  EXPECT_EQ(saved["scorecard"]["answered"], 1);
  EXPECT_NE(result.err.find("because of a complaint"), std::string::npos) << result.err;
  EXPECT_GT(saved["score"].get<int>(), 60);
}

}  // namespace
}  // namespace starcoach
