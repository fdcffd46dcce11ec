// Measures whether the analyser names what is wrong with a weak answer: each pair of
// data/eval/weak-improved-*.jsonl is a weak answer with one named defect and its improved
// version. A defect counts as flagged when one of the rules that name it fires.
//   eval-advice           the test split (report only)
//   eval-advice --dev     the dev split (decide on this one)
// EVAL_VERBOSE=1 prints each weak answer whose defect is missed and each improved one
// still flagged.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "starcoach/analysis.hpp"
#include "eval_sets.hpp"

namespace {

using nlohmann::json;
using namespace starcoach;

// The rules that name each defect (method.md 2, 3 and 5).
const std::map<std::string, std::set<std::string>> rules_for = {
    {"speaks-badly-of-others", {"redflag.speaks-badly", "redflag.blame"}},
    {"general-no-story", {"story.general"}},
    {"blame", {"redflag.blame"}},
    {"handed-off", {"redflag.handed-off"}},
    {"gave-in", {"redflag.gave-in"}},
    {"unsure-stopped", {"redflag.unsure"}},
    {"no-result-number", {"result.not-quantified"}},
    {"we-not-i", {"ownership.we-not-i"}},
    {"no-action", {"star.missing-action", "star.action-too-short"}},
    {"rambling", {"length.over-minute", "star.part-too-long", "clarity.long-sentence"}},
    // Avoiding the conflict is also giving in to it ("I didn't want to argue").
    {"avoided-conflict", {"redflag.avoided-conflict", "redflag.gave-in"}},
    {"cut-corners", {"redflag.cut-corners"}}};

// The rule ids an answer's findings carry.
std::set<std::string> rules_found(const std::string& text, const std::string& question) {
  AnalysisOptions options;
  options.question = question;
  std::set<std::string> found;
  for (const Finding& finding : analyse(text, options).findings) found.insert(finding.rule);
  return found;
}

bool any_of(const std::set<std::string>& found, const std::set<std::string>& rules) {
  return std::any_of(rules.begin(), rules.end(), [&](const std::string& rule) { return found.count(rule) > 0; });
}

// Any red flag at all: on an improved answer, every one is a false alarm.
bool any_red_flag(const std::set<std::string>& found) {
  return std::any_of(found.begin(), found.end(), [](const std::string& rule) { return rule.starts_with("redflag."); });
}

// Prints how often each weak answer's defect is flagged, and how often the improved one
// still is, over one set of pairs.
void report(const std::string& path) {
  std::map<std::string, std::pair<int, int>> weak, improved;  // defect -> (flagged, count)
  int improved_red_flagged = 0;
  for (const nlohmann::json& row : read_jsonl(path)) {
    const std::string defect = row["defect"].get<std::string>();
    auto rules = rules_for.find(defect);
    if (rules == rules_for.end()) continue;
    const std::string question = row["question"].get<std::string>();
    const std::set<std::string> in_weak = rules_found(row["weak"].get<std::string>(), question);
    const std::set<std::string> in_improved = rules_found(row["improved"].get<std::string>(), question);
    const bool weak_flagged = any_of(in_weak, rules->second), improved_flagged = any_of(in_improved, rules->second);
    if (std::getenv("EVAL_VERBOSE") && !weak_flagged)
      std::printf("missed %s (%s): %s\n\n", row.value("id", "?").c_str(), defect.c_str(), row["weak"].get<std::string>().c_str());
    if (std::getenv("EVAL_VERBOSE") && improved_flagged)
      std::printf("still flagged %s (%s): %s\n\n", row.value("id", "?").c_str(), defect.c_str(),
                  row["improved"].get<std::string>().c_str());
    improved_red_flagged += any_red_flag(in_improved);
    weak[defect].first += weak_flagged;
    improved[defect].first += improved_flagged;
    ++weak[defect].second;
    ++improved[defect].second;
  }
  int flagged = 0, still = 0, pairs = 0;
  for (const auto& [defect, counts] : weak) flagged += counts.first, still += improved[defect].first, pairs += counts.second;
  std::printf("%s: %d weak answers, each with one named defect\n", path.c_str(), pairs);
  std::printf("  the defect is flagged on %.1f%% of the weak answers and still on %.1f%% of the improved ones\n",
              100.0 * flagged / pairs, 100.0 * still / pairs);
  std::printf("  some red flag on %.1f%% of the improved answers (each a false alarm)\n", 100.0 * improved_red_flagged / pairs);
  for (const auto& [defect, counts] : weak)
    std::printf("    %-24s %2d/%-2d weak   %2d/%-2d improved\n", defect.c_str(), counts.first, counts.second,
                improved[defect].first, improved[defect].second);
}

}  // namespace

int main(int argc, char** argv) try {
  const std::string split = split_of(argc, argv);
  // The defects the issue names first; then avoiding the conflict and cutting corners,
  // written later by other authors, so that the first figure stays comparable.
  report(STARCOACH_SOURCE_DIR "/data/eval/weak-improved-" + split + ".jsonl");
  report(STARCOACH_SOURCE_DIR "/data/eval/conflict-corners-" + split + ".jsonl");
  return 0;
} catch (const std::exception& error) {
  std::fprintf(stderr, "eval-advice: %s\n", error.what());
  return 1;
}
