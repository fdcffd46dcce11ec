// The CLI's contracts, tested on the real binary: JSON shapes, exit codes (0 success,
// 2 usage error, 3 input error), messages, and the human-readable output.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <fstream>
#include <sstream>

#include "support/process.hpp"

namespace starcoach {
namespace {

using nlohmann::json;
using test_support::ProcessResult;

ProcessResult starcoach(const std::vector<std::string>& arguments, const std::string& input = "",
              const std::vector<std::string>& environment = {}) {
  return test_support::run(STARCOACH_BINARY, arguments, input, environment);
}

json parse_stdout(const ProcessResult& run) {
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  return json::parse(run.out);  // throws, failing the test, unless it is one JSON document
}

TEST(CliPrinciples, JsonListsAllSixteenWithTheContractFields) {
  json principles = parse_stdout(starcoach({"principles", "--format", "json"}));
  ASSERT_TRUE(principles.is_array());
  ASSERT_EQ(principles.size(), 16u);
  EXPECT_EQ(principles[0]["id"], "customer-obsession");
  EXPECT_EQ(principles[15]["id"], "success-and-scale-bring-broad-responsibility");
  for (const json& principle : principles) {
    for (const char* key : {"id", "name", "summary"}) EXPECT_TRUE(principle[key].is_string()) << key;
    EXPECT_TRUE(principle["behaviours"].is_array());
    EXPECT_GE(principle["behaviours"].size(), 5u);
    EXPECT_GE(principle["question_count"].get<int>(), 12);
  }
}

TEST(CliPrinciple, JsonHasBehavioursAndQuestions) {
  json principle = parse_stdout(starcoach({"principle", "dive-deep", "--format", "json"}));
  EXPECT_EQ(principle["name"], "Dive Deep");
  EXPECT_EQ(principle["questions"].size(), principle["question_count"].get<std::size_t>());
  EXPECT_TRUE(principle["behaviours"][0]["phrases"].is_array());
}

TEST(CliPrinciple, UnknownIdIsAUsageErrorListingValidIds) {
  ProcessResult run = starcoach({"principle", "frugal"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("unknown principle \"frugal\""), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("frugality"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("customer-obsession"), std::string::npos) << run.err;
}

TEST(CliQuestions, FiltersByPrincipleWithTheContractFields) {
  json questions = parse_stdout(starcoach({"questions", "--principle", "frugality", "--format", "json"}));
  ASSERT_GE(questions.size(), 12u);
  for (const json& question : questions) {
    EXPECT_EQ(question["principle"], "frugality");
    EXPECT_TRUE(question["id"].is_string());
    EXPECT_TRUE(question["text"].is_string());
    EXPECT_TRUE(question["also"].is_array());
  }
}

TEST(CliQuestions, AllQuestionsCoverEveryPrincipleAndMetaIsSeparate) {
  json all = parse_stdout(starcoach({"questions", "--format", "json"}));
  std::set<std::string> principles;
  for (const json& question : all) principles.insert(question["principle"].get<std::string>());
  EXPECT_EQ(principles.size(), 16u);
  json meta = parse_stdout(starcoach({"questions", "--meta", "--format", "json"}));
  ASSERT_GE(meta.size(), 2u);
  EXPECT_TRUE(meta[0]["principle"].is_null());
}

TEST(CliQuestions, RandomPickIsRepeatableWithASeed) {
  json first = parse_stdout(starcoach({"questions", "--random", "3", "--seed", "42", "--format", "json"}));
  json again = parse_stdout(starcoach({"questions", "--random", "3", "--seed", "42", "--format", "json"}));
  json other = parse_stdout(starcoach({"questions", "--random", "3", "--seed", "43", "--format", "json"}));
  EXPECT_EQ(first.size(), 3u);
  EXPECT_EQ(first, again);
  EXPECT_NE(first, other);
  json capped = parse_stdout(starcoach({"questions", "--principle", "think-big", "--random", "500", "--format", "json"}));
  EXPECT_EQ(capped.size(), parse_stdout(starcoach({"questions", "--principle", "think-big", "--format", "json"})).size());
}

TEST(CliClassify, JsonRanksAllSixteenBestFirst) {
  json result = parse_stdout(starcoach({"classify", "Tell me about a time you saved money for your team.", "--format", "json"}));
  EXPECT_EQ(result["question"], "Tell me about a time you saved money for your team.");
  const json& principles = result["principles"];
  ASSERT_EQ(principles.size(), 16u);
  EXPECT_EQ(principles[0]["id"], "frugality");
  for (std::size_t i = 0; i < principles.size(); ++i) {
    double score = principles[i]["score"].get<double>();
    EXPECT_GE(score, 0.0);
    EXPECT_LE(score, 1.0);
    EXPECT_TRUE(principles[i]["name"].is_string());
    if (i > 0) {
      EXPECT_GE(principles[i - 1]["score"].get<double>(), score);
    }
  }
}

TEST(CliClassify, ReadsTheQuestionFromStandardInput) {
  json result = parse_stdout(starcoach({"classify", "-", "--format", "json"}, "Who was the hardest customer you served?\n"));
  EXPECT_EQ(result["principles"][0]["id"], "customer-obsession");
}

TEST(CliClassify, BadInputIsAnInputError) {
  ProcessResult empty = starcoach({"classify", "  "});
  EXPECT_EQ(empty.exit_code, 3);
  EXPECT_EQ(empty.err, "starcoach: question is empty\n");
  ProcessResult invalid = starcoach({"classify", "why \xff\xfe?"});
  EXPECT_EQ(invalid.exit_code, 3);
  EXPECT_EQ(invalid.err, "starcoach: question is not valid UTF-8 text\n");
  ProcessResult empty_stdin = starcoach({"classify", "-"}, "");
  EXPECT_EQ(empty_stdin.exit_code, 3);
}

TEST(CliClassify, ArbitraryBytesNeverCrash) {
  std::string bytes;
  for (int i = 1; i < 256; ++i) bytes += static_cast<char>(i);
  ProcessResult run = starcoach({"classify", "-", "--format", "json"}, bytes);
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("UTF-8"), std::string::npos);
}

TEST(CliUsage, WrongCommandLinesExitWithTwo) {
  EXPECT_EQ(starcoach({}).exit_code, 2);
  EXPECT_EQ(starcoach({"fly"}).exit_code, 2);
  EXPECT_EQ(starcoach({"principles", "--format", "xml"}).exit_code, 2);
  EXPECT_EQ(starcoach({"questions", "--random", "0"}).exit_code, 2);
  EXPECT_EQ(starcoach({"questions", "--meta", "--principle", "ownership"}).exit_code, 2);
  EXPECT_EQ(starcoach({"classify"}).exit_code, 2);
}

TEST(CliUsage, UnknownCommandIsNamedWithTheValidOnes) {
  ProcessResult run = starcoach({"fly"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.rfind("starcoach: unknown command \"fly\"; the commands are serve, principles, principle, questions", 0), 0u)
      << run.err;
}

TEST(CliUsage, VersionAndHelpSucceed) {
  ProcessResult version = starcoach({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("starcoach ", 0), 0u) << version.out;
  ProcessResult help = starcoach({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* command : {"serve", "principles", "principle", "questions", "classify", "check", "practice", "story",
                              "coverage", "history", "backup", "restore"})
    EXPECT_NE(help.out.find(command), std::string::npos) << command;
}

TEST(CliText, WrapsToTheTerminalWidthWithoutColourWhenPiped) {
  ProcessResult run = starcoach({"principles"}, "", {"COLUMNS=50"});
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos) << "colour codes in piped output";
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) {
    int width = 0;
    for (unsigned char c : line) width += (c & 0xC0) != 0x80;
    EXPECT_LE(width, 50) << line;
  }
  EXPECT_NE(run.out.find("Customer Obsession"), std::string::npos);
}

TEST(CliPractice, AsksAQuestionAndReportsLengthOfTheAnswer) {
  std::string answer;
  for (int i = 0; i < 20; ++i) answer += "I called the client and fixed the order. ";  // 160 words
  const std::string database = ::testing::TempDir() + "practice-" + std::to_string(::getpid()) + ".db";
  ProcessResult run = starcoach({"practice", "--principle", "customer-obsession", "--seed", "1", "--db", database},
                                answer + "\n\nignored\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("160 words, about 69 s at 140 words a minute"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("takes about 69 seconds to say"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("ignored"), std::string::npos) << "read past the empty line";
  EXPECT_NE(run.out.find("Saved as attempt 1."), std::string::npos) << run.out;
  const json history = json::parse(starcoach({"history", "--db", database, "--format", "json"}).out);
  ASSERT_EQ(history["attempts"].size(), 1u);
  EXPECT_EQ(history["attempts"][0]["principle"], "customer-obsession");
  EXPECT_EQ(history["attempts"][0]["answer"], answer);  // stored as typed
  EXPECT_TRUE(history["attempts"][0]["scores"]["structure"].is_number());
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((database + suffix).c_str());
}

// --- check ----------------------------------------------------------------------

const std::string strong_answer =
    "Last March I was a shift lead at a parcel depot in Leeds. Our biggest client complained that a third of "
    "their parcels arrived late. My task was to find out why and fix it within two weeks. I pulled the scan data "
    "for every late parcel and found that most were loaded on the wrong van. I rewrote the loading checklist and "
    "trained the six loaders on it myself. I also added a second scan at the door, so a wrong van now beeps. Late "
    "parcels fell from 31% to 4% in one month, and the client renewed its contract. I learned to look at the data "
    "before I blame people.";

TEST(CliCheck, JsonFollowsTheContract) {
  ProcessResult run = starcoach({"check", "--format", "json", "--principle", "dive-deep"}, strong_answer);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json result = json::parse(run.out);
  EXPECT_EQ(result["answer"]["words"], 112);
  EXPECT_EQ(result["answer"]["sentences"], 8);
  EXPECT_TRUE(result["answer"]["spoken_seconds"].is_number());
  EXPECT_EQ(result["is_story"], true);
  EXPECT_TRUE(result["story_reason"].is_string());
  ASSERT_EQ(result["sentences"].size(), 8u);
  for (const json& sentence : result["sentences"]) {
    const std::size_t start = sentence["start"], end = sentence["end"];
    EXPECT_EQ(strong_answer.substr(start, end - start), sentence["text"].get<std::string>());
    EXPECT_TRUE(std::set<std::string>({"situation", "task", "action", "result", "other"})
                    .count(sentence["part"].get<std::string>()));
  }
  for (const char* part : {"situation", "task", "action", "result"})
    for (const char* key : {"sentences", "words", "seconds"}) EXPECT_TRUE(result["parts"][part][key].is_number()) << part << key;
  EXPECT_TRUE(result["findings"].is_array());
  EXPECT_EQ(result["principle"]["id"], "dive-deep");
  ASSERT_TRUE(result["principle"]["shown"].is_array());
  // Each behaviour shown comes with the sentence that shows it.
  const std::string text = strong_answer;
  ASSERT_FALSE(result["principle"]["shown"].empty());  // "I pulled the scan data": dug into the data
  for (const auto& shown : result["principle"]["shown"]) {
    EXPECT_TRUE(shown["behaviour"].is_string());
    EXPECT_TRUE(shown["id"].is_string());
    const std::size_t start = shown["start"].get<std::size_t>(), end = shown["end"].get<std::size_t>();
    EXPECT_LT(start, end);
    ASSERT_LE(end, text.size());
    // The span is one of the answer's sentences.
    bool is_sentence = false;
    for (const json& sentence : result["sentences"]) is_sentence |= sentence["start"] == start && sentence["end"] == end;
    EXPECT_TRUE(is_sentence) << text.substr(start, end - start);
  }
  for (const char* key : {"overall", "structure", "specificity", "length", "ownership", "result", "principle"})
    EXPECT_TRUE(result["score"][key].is_number()) << key;
  for (const char* key : {"situation", "task", "action", "result", "cut", "trim_candidates"})
    EXPECT_TRUE(result["restructured"][key].is_array()) << key;
}

TEST(CliCheck, ExitsWithOneWhenAFindingIsAnError) {
  ProcessResult general = starcoach({"check", "--format", "json"},
                                    "I always put the customer first. I try to listen to what people need.");
  EXPECT_EQ(general.exit_code, 1);
  json result = json::parse(general.out);
  EXPECT_EQ(result["is_story"], false);
  EXPECT_EQ(result["findings"][0]["rule"], "story.general");
  EXPECT_EQ(result["findings"][0]["severity"], "error");
  EXPECT_TRUE(result["principle"].is_null());
  EXPECT_TRUE(result["score"]["principle"].is_null());
}

TEST(CliCheck, ReadsAFileAndWritesMarkdown) {
  const std::string path = ::testing::TempDir() + "answer.txt";
  std::ofstream(path) << strong_answer;
  ProcessResult run = starcoach({"check", path, "--format", "markdown"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("## Your answer\n", 0), 0u);
  EXPECT_NE(run.out.find("### Situation\n\nLast March I was a shift lead"), std::string::npos) << run.out;
}

TEST(CliCheck, BadInputGivesTheRightExitCode) {
  EXPECT_EQ(starcoach({"check", "/no/such/file"}).err, "starcoach: cannot read /no/such/file\n");
  EXPECT_EQ(starcoach({"check", "/no/such/file"}).exit_code, 3);
  EXPECT_EQ(starcoach({"check"}, "").exit_code, 3);
  EXPECT_EQ(starcoach({"check"}, "bad \xc3\x28 bytes").exit_code, 3);
  EXPECT_EQ(starcoach({"check", "--role", "pilot"}, strong_answer).exit_code, 2);
  EXPECT_EQ(starcoach({"check", "--wpm", "0"}, strong_answer).exit_code, 2);
  EXPECT_EQ(starcoach({"check", "--principle", "nope"}, strong_answer).exit_code, 2);
  EXPECT_EQ(starcoach({"check", "--question-id", "zz-99"}, strong_answer).exit_code, 2);
  EXPECT_EQ(starcoach({"check", "--format", "jsonl"}, strong_answer).exit_code, 2);
  EXPECT_EQ(starcoach({"check", "--question", "x", "--question-id", "co-01"}, strong_answer).exit_code, 2);
}

TEST(CliCheck, BatchWritesOneResultPerLineAndReportsBadLinesInPlace) {
  const std::string input = json({{"id", "a"}, {"text", strong_answer}}).dump() + "\n" + "not json\n" +
                            json({{"id", 7}, {"text", "I always help people."}, {"principle", "ownership"}}).dump() + "\n";
  ProcessResult run = starcoach({"check", "--batch", "-", "--format", "jsonl"}, input);
  EXPECT_EQ(run.exit_code, 3) << run.err;
  std::istringstream lines(run.out);
  std::vector<json> results;
  for (std::string line; std::getline(lines, line);) results.push_back(json::parse(line));
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0]["id"], "a");
  EXPECT_EQ(results[0]["is_story"], true);
  EXPECT_EQ(results[1]["error"]["code"], "bad_line");
  EXPECT_EQ(results[2]["id"], 7);
  EXPECT_EQ(results[2]["principle"]["id"], "ownership");
}

TEST(CliPractice, NoAnswerIsAnInputError) {
  ProcessResult run = starcoach({"practice", "--seed", "1", "--db", ::testing::TempDir() + "unused.db"}, "\n");
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err, "starcoach: answer is empty\n");
}

}  // namespace
}  // namespace starcoach
