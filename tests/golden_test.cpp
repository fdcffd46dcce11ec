// The method's own worked examples (data/golden/method-cases.json), written again in our
// words: the analyser must read each sentence as the method does and repair the answer as
// the method describes.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "starcoach/analysis.hpp"
#include "starcoach/star.hpp"

namespace starcoach {
namespace {

using nlohmann::json;

json golden_cases() {
  std::ifstream in(STARCOACH_SOURCE_DIR "/data/golden/method-cases.json");
  return json::parse(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
}

bool contains(const std::vector<std::string>& list, const std::string& text) {
  return std::find(list.begin(), list.end(), text) != list.end();
}

TEST(Golden, TheMethodsWorkedExamplesAreReadAndRepairedAsTheMethodSays) {
  const json cases = golden_cases();
  ASSERT_GE(cases["cases"].size(), 2u);
  for (const json& golden : cases["cases"]) {
    SCOPED_TRACE(golden["id"].get<std::string>());
    std::string answer;
    for (const json& sentence : golden["sentences"]) answer += (answer.empty() ? "" : " ") + sentence["text"].get<std::string>();
    AnalysisOptions options;
    options.question = golden["question"].get<std::string>();
    const Analysis analysis = analyse(answer, options);

    // Split where the author ends each sentence, and the story's parts labelled as written.
    ASSERT_EQ(analysis.sentences.size(), golden["sentences"].size());
    for (std::size_t i = 0; i < analysis.sentences.size(); ++i) {
      const json& sentence = golden["sentences"][i];
      EXPECT_EQ(analysis.sentences[i].text, sentence["text"].get<std::string>());
      const std::string label = sentence["label"].get<std::string>();
      if (label == "situation" || label == "task" || label == "action" || label == "result") {
        EXPECT_EQ(part_name(analysis.sentences[i].part), label) << sentence["text"].get<std::string>();
      }
    }
    const json& expect = golden["expect"];
    for (const json& rule : expect["findings"])
      EXPECT_TRUE(std::any_of(analysis.findings.begin(), analysis.findings.end(), [&](const Finding& f) { return f.rule == rule; }))
          << rule;
    const Restructured& repaired = analysis.restructured;
    if (expect.contains("lead_in")) {
      ASSERT_FALSE(repaired.situation.empty());
      EXPECT_EQ(repaired.situation.front(), expect["lead_in"].get<std::string>());
    }
    if (expect.contains("cut")) {
      EXPECT_EQ(repaired.cut, expect["cut"].get<std::vector<std::string>>());
    }
    // What carries the story is never offered for cutting.
    for (const json& sentence : golden["sentences"]) {
      const std::string text = sentence["text"].get<std::string>();
      for (const json& label : expect["never_cut_labels"]) {
        if (sentence["label"] != label) continue;
        EXPECT_FALSE(contains(repaired.cut, text)) << text;
        EXPECT_FALSE(contains(repaired.trim_candidates, text)) << text;
      }
    }
  }
}

}  // namespace
}  // namespace starcoach
