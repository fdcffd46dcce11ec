// Measures whether trim advice keeps the story: each row of data/eval/trims-*.jsonl is an
// over-long answer with the sentences its author says must stay (written in a separate
// pass). An answer counts as a miss when a sentence offered for cutting (the restructured
// answer's cut and trim candidates) is, or contains, one that must stay.
//   eval-trims            the test split (report only; its first 40 answers)
//   eval-trims --dev      the dev split (decide on this one; written later, by another author)
//   EVAL_VERBOSE=1        also lists each miss
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "starcoach/analysis.hpp"
#include "starcoach/text.hpp"
#include "eval_sets.hpp"

int main(int argc, char** argv) try {
  using namespace starcoach;
  const std::string path = STARCOACH_SOURCE_DIR "/data/eval/trims-" + split_of(argc, argv) + ".jsonl";
  const bool verbose = std::getenv("EVAL_VERBOSE") != nullptr;
  int answers = 0, missed = 0, offered_total = 0, with_offer = 0;
  for (const nlohmann::json& row : read_jsonl(path)) {
    AnalysisOptions options;
    options.question = row["question"].get<std::string>();
    const Analysis analysis = analyse(row["answer"].get<std::string>(), options);
    std::vector<std::string> offered = analysis.restructured.cut;
    offered.insert(offered.end(), analysis.restructured.trim_candidates.begin(), analysis.restructured.trim_candidates.end());
    ++answers;
    offered_total += static_cast<int>(offered.size());
    with_offer += !offered.empty();
    bool miss = false;
    for (const std::string& sentence : offered)
      for (const auto& kept : row["must_keep"])
        if (same_sentence(sentence, kept.get<std::string>())) {
          if (verbose) std::printf("  %s offers to cut: %s\n", row["id"].get<std::string>().c_str(), sentence.c_str());
          miss = true;
        }
    missed += miss;
  }
  std::printf("%s: %d over-long answers, %d with sentences offered for cutting (%.1f each); a sentence that must stay is offered in %.1f%% of answers\n",
              path.c_str(), answers, with_offer, static_cast<double>(offered_total) / answers, 100.0 * missed / answers);
  return 0;
} catch (const std::exception& error) {
  std::fprintf(stderr, "eval-trims: %s\n", error.what());
  return 1;
}
