// The analyser's rules: every rule in data/analyser/rules.json carries an example that
// must trigger it (on exactly the span it names) and one that must not; this walks them all.
#include <gtest/gtest.h>

#include "starcoach/analysis.hpp"
#include "starcoach/rules.hpp"

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
