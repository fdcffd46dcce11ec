// The question classifier: its contract (all principles, scores in [0, 1], best first),
// its input errors, and a floor on its accuracy on the held-out questions, which are
// written apart from the bank and never used for tuning (tools/eval-classifier prints
// the exact figures).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "starcoach/classifier.hpp"
#include "starcoach/errors.hpp"

namespace starcoach {
namespace {

const QuestionClassifier& classifier() { return QuestionClassifier::builtin(); }

TEST(Classifier, RanksAllPrinciplesWithScoresThatSumToOne) {
  auto scores = classifier().classify("Tell me about a time you disagreed with your manager.");
  ASSERT_EQ(scores.size(), 16u);
  double sum = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    EXPECT_GE(scores[i].score, 0.0);
    EXPECT_LE(scores[i].score, 1.0);
    if (i > 0) {
      EXPECT_GE(scores[i - 1].score, scores[i].score);
    }
    sum += scores[i].score;
  }
  EXPECT_NEAR(sum, 1.0, 1e-9);
}

TEST(Classifier, RecognisesTheClassicQuestionOfEachTheme) {
  // One question per theme, phrased as method.md describes them, never naming the principle.
  const std::pair<const char*, const char*> cases[] = {
      {"Tell me about the most difficult customer you have dealt with.", "customer-obsession"},
      {"Tell me about a time you disagreed with your manager and what you did.", "have-backbone-disagree-and-commit"},
      {"Tell me about a time you had to work with a very tight budget.", "frugality"},
      {"Tell me about a time you mentored someone on your team.", "hire-and-develop-the-best"},
      {"Describe a time you used data to find the root cause of a problem.", "dive-deep"},
      {"Tell me about a time you missed a deadline.", "deliver-results"},
  };
  for (const auto& [question, expected] : cases)
    EXPECT_EQ(classifier().classify(question).front().principle->id, expected) << question;
}

TEST(Classifier, TreatsAQuestionOfUnknownWordsAsUndecided) {
  auto scores = classifier().classify("Zzxq wibble?");
  EXPECT_NEAR(scores.front().score, 1.0 / 16, 1e-9);
  EXPECT_NEAR(scores.back().score, 1.0 / 16, 1e-9);
}

TEST(Classifier, RejectsEmptyAndInvalidText) {
  EXPECT_THROW(classifier().classify(""), InputError);
  EXPECT_THROW(classifier().classify("   \n"), InputError);
  EXPECT_THROW(classifier().classify("why \xc3("), InputError);
}

TEST(Classifier, HandlesHugeInputQuickly) {
  std::string huge;
  while (huge.size() < (1u << 20)) huge += "Tell me about a customer who disagreed with your budget. ";
  EXPECT_EQ(classifier().classify(huge).size(), 16u);
}

std::string data_error(const std::string& settings, const std::string& training) {
  try {
    ClassifierData::parse({"s.json", settings}, {"stop.txt", "the\n"}, {"t.tsv", training});
  } catch (const DataError& error) {
    return error.what();
  }
  return "";
}

TEST(ClassifierData, ReportsBadSettingsAndTrainingLines) {
  const std::string header = "principle\tquestion\n";
  EXPECT_EQ(data_error("{}", header + "ownership\tWhose job was it?\n"), "");
  EXPECT_EQ(data_error("{\"smoothing\": -1}", header), "s.json:1: \"smoothing\" must be a number >= 0");
  EXPECT_EQ(data_error("{}", header + "ownership\tWhose job?\tExtra\n"), "t.tsv:2: expected 2 tab-separated fields");
  EXPECT_EQ(data_error("{}", "question\n"), "t.tsv:1: expected the header \"principle<TAB>question\"");
}

TEST(Classifier, MeetsItsFloorOnHeldOutQuestions) {
  std::ifstream in(STARCOACH_SOURCE_DIR "/data/classifier/heldout.tsv");
  ASSERT_TRUE(in) << "held-out file missing";
  std::string line;
  std::getline(in, line);  // header
  int total = 0, first = 0, top_three = 0;
  while (std::getline(in, line)) {
    std::size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const std::string label = line.substr(0, tab);
    auto ranked = classifier().classify(line.substr(tab + 1));
    ++total;
    first += ranked[0].principle->id == label;
    for (int i = 0; i < 3; ++i) top_three += ranked[i].principle->id == label;
  }
  ASSERT_GE(total, 250);
  // Floors a little under the measured figures (README), to leave room for data edits.
  EXPECT_GE(100.0 * first / total, 78.0);
  EXPECT_GE(100.0 * top_three / total, 90.0);
}

}  // namespace
}  // namespace starcoach
