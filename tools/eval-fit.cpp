// Measures whether the analyser can tell that a story answers its question: each answer
// of data/eval/fit-*.jsonl with the question it was written for ("own"), a question on the
// same principle but another situation ("near"), and an unrelated one ("off"); then the
// same for data/eval/fit-stories-*.jsonl, 250 stories a split by three authors each, whose
// "off" question is another story's own question of another principle.
//   eval-fit            the test split (report only)
//   eval-fit --dev      the dev split (decide on this one)
// Prints how often the own question scores higher than the unrelated one and by how much,
// how often it fits better than the near one, and how often fit.off-question fires on each
// kind of pairing.
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "starcoach/analysis.hpp"
#include "eval_sets.hpp"

namespace {

using nlohmann::json;
using namespace starcoach;

struct Judged {
  int fit = 0, overall = 0;
  bool fired = false, error = false;
};

Judged judge(const json& row) {
  AnalysisOptions options;
  options.question = row["question"].get<std::string>();
  const Analysis analysis = analyse(row["answer"].get<std::string>(), options);
  Judged judged{analysis.score.fit.value_or(-1), analysis.score.overall, false, false};
  for (const Finding& finding : analysis.findings)
    if (finding.rule == "fit.off-question") judged.fired = true, judged.error = finding.severity == Severity::error;
  return judged;
}

// Prints the figures of one set.
void report(const std::string& path) {
  std::map<std::string, std::map<std::string, Judged>> answers;  // answer id -> own/near/off
  for (const nlohmann::json& row : read_jsonl(path)) {
    const std::string id = row["id"].get<std::string>();
    answers[row["answer_id"].get<std::string>()][id.substr(id.rfind('-') + 1)] = judge(row);
  }
  int higher = 0, overall_higher = 0, pairs = 0, near_pairs = 0, above_near = 0;
  double gap = 0, overall_gap = 0;
  std::map<std::string, int> fired, errors;
  for (auto& [id, kinds] : answers) {
    if (!kinds.count("own") || !kinds.count("off")) continue;
    ++pairs;
    higher += kinds["own"].fit > kinds["off"].fit;
    overall_higher += kinds["own"].overall > kinds["off"].overall;
    gap += kinds["own"].fit - kinds["off"].fit;
    overall_gap += kinds["own"].overall - kinds["off"].overall;
    for (auto& [kind, judged] : kinds) fired[kind] += judged.fired, errors[kind] += judged.error;
    if (kinds.count("near")) ++near_pairs, above_near += kinds["own"].fit > kinds["near"].fit;
  }
  std::printf("%s: %d answers, each with its own question and an unrelated one\n", path.c_str(), pairs);
  std::printf("  own question fits better: %.1f%% of pairs, by %.1f points on average (overall score: %.1f%%, by %.1f points)\n",
              100.0 * higher / pairs, gap / pairs, 100.0 * overall_higher / pairs, overall_gap / pairs);
  std::printf("  own question fits better than the near one (same principle, another situation): %.1f%% of %d\n",
              near_pairs ? 100.0 * above_near / near_pairs : 0.0, near_pairs);
  for (const char* kind : {"own", "near", "off"})
    std::printf("  fit.off-question fires on %-4s questions: %5.1f%% (as an error: %.1f%%)\n", kind, 100.0 * fired[kind] / pairs,
                100.0 * errors[kind] / pairs);
}

}  // namespace

int main(int argc, char** argv) try {
  const std::string split = split_of(argc, argv);
  report(STARCOACH_SOURCE_DIR "/data/eval/fit-" + split + ".jsonl");
  report(STARCOACH_SOURCE_DIR "/data/eval/fit-stories-" + split + ".jsonl");
  return 0;
} catch (const std::exception& error) {
  std::fprintf(stderr, "eval-fit: %s\n", error.what());
  return 1;
}
