// The knowledge base: the shipped data files are complete and consistent, and the
// loader rejects malformed files with a message that names the file and line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "starcoach/errors.hpp"
#include "starcoach/knowledge.hpp"

namespace starcoach {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// The ids and order of ../shared/method.md, section 1.
const std::vector<std::string> method_ids = {
    "customer-obsession", "ownership", "invent-and-simplify", "are-right-a-lot",
    "learn-and-be-curious", "hire-and-develop-the-best", "insist-on-the-highest-standards", "think-big",
    "bias-for-action", "frugality", "earn-trust", "dive-deep",
    "have-backbone-disagree-and-commit", "deliver-results", "strive-to-be-earths-best-employer",
    "success-and-scale-bring-broad-responsibility"};

TEST(BuiltinKnowledge, HasTheSixteenPrinciplesInMethodOrder) {
  const auto& principles = KnowledgeBase::builtin().principles();
  ASSERT_EQ(principles.size(), method_ids.size());
  for (std::size_t i = 0; i < principles.size(); ++i) EXPECT_EQ(principles[i].id, method_ids[i]);
  EXPECT_EQ(principles[0].name, "Customer Obsession");
  EXPECT_EQ(principles[12].name, "Have Backbone; Disagree and Commit");
}

TEST(BuiltinKnowledge, EveryPrincipleHasSummaryBehavioursAndCues) {
  for (const Principle& principle : KnowledgeBase::builtin().principles()) {
    SCOPED_TRACE(principle.id);
    EXPECT_GE(principle.summary.size(), 40u);
    EXPECT_GE(principle.behaviours.size(), 5u);
    EXPECT_LE(principle.behaviours.size(), 10u);
    EXPECT_GE(principle.question_cues.size(), 5u);
    for (const Behaviour& behaviour : principle.behaviours) {
      EXPECT_FALSE(behaviour.text.empty());
      EXPECT_GE(behaviour.phrases.size(), 3u) << behaviour.id;
      for (const std::string& phrase : behaviour.phrases) EXPECT_EQ(phrase, lower(phrase)) << behaviour.id;
    }
  }
}

TEST(BuiltinKnowledge, CustomerObsessionCoversEveryBehaviourOfTheMethod) {
  // method.md lists seven behaviours; each must be reachable through its key words.
  const Principle* customer = KnowledgeBase::builtin().find_principle("customer-obsession");
  ASSERT_NE(customer, nullptr);
  std::string all;
  for (const Behaviour& behaviour : customer->behaviours) all += lower(behaviour.text) + " | ";
  for (const char* key : {"need", "help", "feedback", "imagined", "step", "trust", "business"})
    EXPECT_NE(all.find(key), std::string::npos) << "no behaviour mentions \"" << key << "\": " << all;
}

TEST(BuiltinKnowledge, QuestionBankIsLargeEnough) {
  const KnowledgeBase& knowledge = KnowledgeBase::builtin();
  for (const Principle& principle : knowledge.principles())
    EXPECT_GE(knowledge.questions_for(principle.id).size(), principle.id == "customer-obsession" ? 20u : 12u)
        << principle.id;
  EXPECT_GE(knowledge.meta_questions().size(), 2u);
}

TEST(BuiltinKnowledge, QuestionIdsAreUniqueAndSecondariesValid) {
  const KnowledgeBase& knowledge = KnowledgeBase::builtin();
  std::set<std::string> ids;
  for (const Question& question : knowledge.questions()) {
    EXPECT_TRUE(ids.insert(question.id).second) << question.id;
    for (const std::string& also : question.also) {
      EXPECT_NE(knowledge.find_principle(also), nullptr) << question.id;
      EXPECT_NE(also, question.principle) << question.id;
    }
  }
}

TEST(BuiltinKnowledge, NoQuestionNamesItsPrinciple) {
  const KnowledgeBase& knowledge = KnowledgeBase::builtin();
  for (const Question& question : knowledge.questions()) {
    const std::string text = lower(question.text);
    for (const Principle& principle : knowledge.principles()) {
      // The distinctive part of each name: whole names, and the halves of two-part ones.
      std::string name = lower(principle.name);
      std::vector<std::string> parts = {name};
      if (auto semicolon = name.find(';'); semicolon != std::string::npos) {
        parts = {name.substr(0, semicolon), name.substr(semicolon + 2)};
      }
      for (const std::string& part : parts)
        EXPECT_EQ(text.find(part), std::string::npos) << question.id << " names \"" << part << "\"";
    }
  }
}

TEST(BuiltinKnowledge, FindsByIdAndListsIdsForErrors) {
  const KnowledgeBase& knowledge = KnowledgeBase::builtin();
  EXPECT_EQ(knowledge.find_principle("frugality")->name, "Frugality");
  EXPECT_EQ(knowledge.find_principle("frugal"), nullptr);
  EXPECT_NE(knowledge.principle_ids().find("dive-deep, have-backbone"), std::string::npos);
}

// --- the loader on malformed files -------------------------------------------------

const char* valid_principles = R"([
  {"id": "ownership", "name": "Ownership", "summary": "Acts for the long term.",
   "behaviours": [{"id": "b", "text": "Took it on", "phrases": ["took it on"]}],
   "question_cues": ["not your job"]}
])";
const char* valid_questions = "id\tprinciple\talso\ttext\nown-01\townership\t-\tTell me about a time.\n";

std::string load_error(const std::string& principles, const std::string& questions) {
  try {
    KnowledgeBase knowledge(Source{"p.json", principles}, Source{"q.tsv", questions});
  } catch (const DataError& error) {
    return error.what();
  }
  return "";
}

TEST(KnowledgeLoader, AcceptsAMinimalValidPair) {
  EXPECT_EQ(load_error(valid_principles, valid_questions), "");
  KnowledgeBase knowledge(Source{"p.json", valid_principles}, Source{"q.tsv", valid_questions});
  EXPECT_EQ(knowledge.questions_for("ownership").size(), 1u);
}

TEST(KnowledgeLoader, ReportsTheLineOfInvalidJson) {
  EXPECT_EQ(load_error("[\n  {\"id\": \"x\",,\n]", valid_questions), "p.json:2: invalid JSON");
}

TEST(KnowledgeLoader, ReportsAMissingFieldAtThePrinciple) {
  std::string missing_summary = valid_principles;
  missing_summary.replace(missing_summary.find("\"summary\""), 9, "\"summery\"");
  EXPECT_EQ(load_error(missing_summary, valid_questions),
            "p.json:2: principle ownership: missing or empty string field \"summary\"");
}

TEST(KnowledgeLoader, ReportsTheLineOfABadQuestion) {
  EXPECT_EQ(load_error(valid_principles, std::string(valid_questions) + "own-02\townership\t-\n"),
            "q.tsv:3: expected 4 tab-separated fields, found 3");
  EXPECT_EQ(load_error(valid_principles, std::string(valid_questions) + "own-01\townership\t-\tAgain?\n"),
            "q.tsv:3: duplicate question id own-01");
  EXPECT_EQ(load_error(valid_principles, std::string(valid_questions) + "x-01\tfrugality\t-\tMoney?\n"),
            "q.tsv:3: unknown principle frugality");
  EXPECT_EQ(load_error(valid_principles, "id,principle,also,text\n"),
            "q.tsv:1: expected the header \"id<TAB>principle<TAB>also<TAB>text\"");
}

}  // namespace
}  // namespace starcoach
