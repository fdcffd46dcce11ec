// Measures whether the score orders answers as a coach would: each row of
// data/eval/order-pairs-*.jsonl is one story told twice, weaker and stronger in one thing a
// coach cares about (a number in the result, "I" for "we", the general opening cut, the
// story fitting the question, ...), written in a separate pass. Both are analysed with
// the question; the stronger must score higher (a tie counts as a miss).
//   eval-order            the test split, by difference (report only)
//   eval-order --dev      the dev split, by another author (decide on this one)
//   EVAL_VERBOSE=1        also lists each miss
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "starcoach/analysis.hpp"
#include "eval_sets.hpp"

int main(int argc, char** argv) try {
  using namespace starcoach;
  const std::string path = STARCOACH_SOURCE_DIR "/data/eval/order-pairs-" + split_of(argc, argv) + ".jsonl";
  const bool verbose = std::getenv("EVAL_VERBOSE") != nullptr;
  std::map<std::string, std::pair<int, int>> by_difference;  // -> (ordered right, pairs)
  int right = 0, pairs = 0;
  double margin = 0;
  for (const nlohmann::json& row : read_jsonl(path)) {
    AnalysisOptions options;
    options.question = row["question"].get<std::string>();
    const Score weaker_score = analyse(row["weaker"].get<std::string>(), options).score;
    const Score stronger_score = analyse(row["stronger"].get<std::string>(), options).score;
    const int weaker = weaker_score.overall, stronger = stronger_score.overall;
    const std::string difference = row["difference"].get<std::string>();
    const bool ordered = stronger > weaker;
    right += ordered;
    ++pairs;
    margin += stronger - weaker;
    by_difference[difference].first += ordered;
    ++by_difference[difference].second;
    if (verbose && !ordered) {
      std::printf("  %s %s: weaker %d, stronger %d;", row["id"].get<std::string>().c_str(), difference.c_str(), weaker, stronger);
      for (std::string_view area : score_areas) {  // which sub-scores moved, and which way
        const auto a = weaker_score.of(area), b = stronger_score.of(area);
        if (a && b && *a != *b) std::printf(" %.*s %+d", static_cast<int>(area.size()), area.data(), *b - *a);
      }
      std::printf("\n");
    }
  }
  std::printf("%s: %d pairs; the stronger answer scores higher in %.1f%%, by %.1f points on average\n", path.c_str(), pairs,
              100.0 * right / pairs, margin / pairs);
  for (const auto& [difference, counts] : by_difference)
    std::printf("    %-22s %2d/%d\n", difference.c_str(), counts.first, counts.second);
  return 0;
} catch (const std::exception& error) {
  std::fprintf(stderr, "eval-order: %s\n", error.what());
  return 1;
}
