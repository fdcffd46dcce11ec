// The analyser's rules: every rule in data/analyser/rules.json carries an example that
// must trigger it (on exactly the span it names) and one that must not; this walks them all.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "corpus_files.hpp"
#include "starcoach/analysis.hpp"
#include "starcoach/embedded.hpp"
#include "starcoach/rules.hpp"
#include "support/answers.hpp"

namespace starcoach {
namespace {

std::string describe(const Analysis& analysis, std::string_view text) {
  std::string out;
  for (const SentenceResult& s : analysis.sentences) out += std::string(1, part_letter(s.part)) + " | " + s.text + "\n";
  for (const Finding& f : analysis.findings)
    out += "  " + f.rule + " [" + std::string(text.substr(f.start, f.end - f.start)) + "]\n";
  return out;
}

TEST(Rules, EveryRuleTriggersOnItsExampleWithTheExactSpan) {
  for (const Rule& rule : RuleBook::builtin().rules) {
    SCOPED_TRACE(rule.id);
    const Analysis analysis = analyse(rule.trigger.text, rule.trigger.options);
    bool found = false;
    for (const Finding& finding : analysis.findings) {
      if (finding.rule != rule.id) continue;
      found = true;
      EXPECT_EQ(rule.trigger.text.substr(finding.start, finding.end - finding.start), *rule.trigger.span)
          << describe(analysis, rule.trigger.text);
      break;
    }
    EXPECT_TRUE(found) << "did not trigger:\n" << describe(analysis, rule.trigger.text);
  }
}

// A coach's own rule book runs through the whole analyser: here one that allows shorter
// sentences and weighs nothing but structure.
TEST(Rules, AnotherRuleBookRunsThroughTheWholeAnalyser) {
  const std::string rules_text(embedded_file("data/analyser/rules.json"));
  nlohmann::json rules = nlohmann::json::parse(rules_text);
  for (nlohmann::json& rule : rules["rules"])
    if (rule["id"] == "clarity.long-sentence") {
      rule["params"]["max_words"] = 12;
      rule["examples"]["trigger"]["span"] = rule["examples"]["trigger"]["text"];  // not run here
    }
  nlohmann::json score = nlohmann::json::parse(std::string(embedded_file("data/analyser/score.json")));
  for (auto& [area, weight] : score["weights"].items()) weight = area == "structure" ? 1 : 0;
  const std::string edited_rules = rules.dump(), edited_score = score.dump();
  const RuleBook book = RuleBook::parse({"coach-rules.json", edited_rules},
                                        {"data/analyser/lexicon.json", embedded_file("data/analyser/lexicon.json")},
                                        {"coach-score.json", edited_score});
  const std::string answer = test_support::strong_answer;
  AnalysisOptions own;
  own.rules = &book;
  const Analysis builtin = analyse(answer, {}), coached = analyse(answer, own);
  auto has = [](const Analysis& analysis, const char* rule) {
    return std::any_of(analysis.findings.begin(), analysis.findings.end(), [&](const Finding& f) { return f.rule == rule; });
  };
  EXPECT_FALSE(has(builtin, "clarity.long-sentence"));
  EXPECT_TRUE(has(coached, "clarity.long-sentence"));
  EXPECT_EQ(coached.score.overall, coached.score.structure);  // only structure weighs
}

TEST(Rules, ARuleBookMissingACheckParamIsRefusedWhenRead) {
  nlohmann::json rules = nlohmann::json::parse(std::string(embedded_file("data/analyser/rules.json")));
  for (nlohmann::json& rule : rules["rules"])
    if (rule["id"] == "length.over-minute") rule["params"].erase("full_penalty_seconds");
  const std::string edited = rules.dump();
  try {
    RuleBook::parse({"coach-rules.json", edited}, {"data/analyser/lexicon.json", embedded_file("data/analyser/lexicon.json")},
                    {"data/analyser/score.json", embedded_file("data/analyser/score.json")});
    FAIL() << "a rule book without the param was accepted";
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find("full_penalty_seconds"), std::string::npos) << error.what();
  }
}

TEST(Rules, NoRuleTriggersOnItsCleanExample) {
  for (const Rule& rule : RuleBook::builtin().rules) {
    SCOPED_TRACE(rule.id);
    const Analysis analysis = analyse(rule.clean.text, rule.clean.options);
    for (const Finding& finding : analysis.findings)
      EXPECT_NE(finding.rule, rule.id) << "triggered on the clean example:\n" << describe(analysis, rule.clean.text);
  }
}

}  // namespace
}  // namespace starcoach

namespace starcoach {
namespace {

TEST(PrincipleEvidence, TextWithNoWordsShowsNothingAndDoesNotFail) {
  // The story bank asks for evidence on any text it keeps, including one with no words
  // (the story fuzzer found this reading rules that were not loaded).
  const Principle& principle = KnowledgeBase::builtin().principles().front();
  for (const char* text : {"", " . ; ", "\x01\x06"}) {
    const PrincipleEvidence evidence = find_evidence(text, principle);
    EXPECT_TRUE(evidence.shown.empty()) << text;
    EXPECT_EQ(evidence.missing.size(), principle.behaviours.size()) << text;
  }
}

TEST(PrincipleEvidence, AddingASentenceThatShowsABehaviourNeverLowersTheScore) {
  // Every answer of an evaluation set, with one customer sentence added at the end.
  const std::string added = " I also called two of our biggest customers myself to ask what they needed.";
  int answers = 0;
  for (const LabelledAnswer& labelled : read_corpus_file(STARCOACH_SOURCE_DIR "/data/eval/star-test.txt")) {
    AnalysisOptions options;
    options.principle = "customer-obsession";
    const std::string text = labelled.text();
    const Analysis before = analyse(text, options);
    const Analysis after = analyse(text + added, options);
    EXPECT_GE(after.score.principle, before.score.principle) << labelled.id;
    EXPECT_GE(after.principle->shown.size(), before.principle->shown.size()) << labelled.id;
    ++answers;
  }
  EXPECT_GE(answers, 50);
}

TEST(PrincipleEvidence, TheFindingNamesWhatIsShownAndSuggestsWhatFitsTheStory) {
  AnalysisOptions options;
  options.principle = "customer-obsession";
  const Analysis analysis = analyse(
      "Last March I was a shift lead at a parcel depot. Our biggest client was unhappy with late parcels. My task was to fix it "
      "in two weeks. I rewrote the loading checklist and trained the loaders myself. Late parcels fell from 31% to 4%.",
      options);
  const auto weak = std::find_if(analysis.findings.begin(), analysis.findings.end(),
                                 [](const Finding& f) { return f.rule == "principle.weak-evidence"; });
  ASSERT_NE(weak, analysis.findings.end());
  for (const std::string& shown : analysis.principle->shown) {
    std::string named = shown;
    named[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(named[0])));
    EXPECT_NE(weak->message.find(named), std::string::npos) << weak->message;
  }
  // An unhappy client and a fix: winning back trust fits this story better than, say,
  // removing steps from a process.
  EXPECT_NE(weak->hint.find("trust"), std::string::npos) << weak->hint;
}

}  // namespace
}  // namespace starcoach
