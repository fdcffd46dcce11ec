// The CLI's contracts, tested on the real binary: JSON shapes, exit codes (0 success,
// 2 usage error, 3 input error), messages, and the human-readable output.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
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
  EXPECT_EQ(run.err.rfind("starcoach: unknown command \"fly\"; the commands are principles, principle, questions", 0), 0u)
      << run.err;
}

TEST(CliUsage, VersionAndHelpSucceed) {
  ProcessResult version = starcoach({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("starcoach ", 0), 0u) << version.out;
  ProcessResult help = starcoach({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* command : {"principles", "principle", "questions", "classify", "practice"})
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
  ProcessResult run = starcoach({"practice", "--principle", "customer-obsession", "--seed", "1"}, answer + "\n\nignored\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("160 words, about 69 seconds"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Over one minute"), std::string::npos);
  EXPECT_EQ(run.out.find("ignored"), std::string::npos) << "read past the empty line";
}

TEST(CliPractice, NoAnswerIsAnInputError) {
  ProcessResult run = starcoach({"practice", "--seed", "1"}, "\n");
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err, "starcoach: answer is empty\n");
}

}  // namespace
}  // namespace starcoach
