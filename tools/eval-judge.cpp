// Measures the sentence judge alone (no phrase lists), to choose the probability at which
// a rule trusts it: for each defect of data/eval/weak-improved-*.jsonl, how often a sentence
// of the weak answer gets the defect's label at that probability, and how often one of the
// improved answer does; and how often any label fires on the good answers of the STAR
// evaluation set of the same split (false alarms on answers with nothing to flag).
//   eval-judge          the test split (report only)
//   eval-judge --dev    the dev split (decide on this one)
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "corpus_files.hpp"
#include "starcoach/sentence_judge.hpp"
#include "starcoach/sentences.hpp"
#include "eval_sets.hpp"

namespace {

using namespace starcoach;

// The judge's label for each defect it can see.
const std::map<std::string, std::string> label_for = {{"speaks-badly-of-others", "speaks-badly"}, {"blame", "blame"},
                                                      {"handed-off", "handed-off"},           {"gave-in", "gave-in"},
                                                      {"unsure-stopped", "unsure-stopped"},   {"general-no-story", "habit"},
                                                      {"avoided-conflict", "avoided-conflict"}, {"cut-corners", "cut-corners"}};

// The highest probability any sentence of `text` gets for each label.
std::map<std::string, double> strongest(const std::string& text) {
  const SentenceJudge& judge = SentenceJudge::builtin();
  std::map<std::string, double> best;
  for (const auto& [span, spoken_part] : SentenceSplitter::builtin().split(text)) {
    const std::vector<double> probabilities = judge.judge(words_of(text.substr(span.start, span.end - span.start)));
    for (std::size_t i = 0; i < probabilities.size(); ++i)
      best[judge.labels()[i]] = std::max(best[judge.labels()[i]], probabilities[i]);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) try {
  const std::string split = split_of(argc, argv);
  struct Pair {
    std::string label;
    std::map<std::string, double> weak, improved;
  };
  std::vector<Pair> pairs;
  for (const char* set : {"weak-improved-", "conflict-corners-"})
    for (const nlohmann::json& row : read_jsonl(STARCOACH_SOURCE_DIR "/data/eval/" + std::string(set) + split + ".jsonl")) {
      auto label = label_for.find(row["defect"].get<std::string>());
      if (label == label_for.end()) continue;
      pairs.push_back({label->second, strongest(row["weak"].get<std::string>()), strongest(row["improved"].get<std::string>())});
    }
  std::vector<std::map<std::string, double>> good;
  for (const LabelledAnswer& answer : read_corpus_file(STARCOACH_SOURCE_DIR "/data/eval/star-" + split + ".txt"))
    if (!answer.has_kind("weak")) good.push_back(strongest(answer.text()));

  std::printf("%s: %zu weak/improved pairs with a defect the judge can see; %zu other answers without a named defect\n",
              split.c_str(), pairs.size(), good.size());
  std::printf("%-12s %-16s %8s %9s %13s\n", "probability", "label", "weak", "improved", "other answers");
  for (double threshold : {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98}) {
    for (const auto& [defect, label] : label_for) {
      int weak = 0, improved = 0, count = 0, alarms = 0;
      for (const Pair& pair : pairs) {
        if (pair.label != label) continue;
        ++count;
        weak += pair.weak.at(label) >= threshold;
        improved += pair.improved.at(label) >= threshold;
      }
      for (const auto& answer : good) alarms += answer.at(label) >= threshold;
      std::printf("%-12.2f %-16s %4d/%-3d %5d/%-3d %8d/%zu\n", threshold, label.c_str(), weak, count, improved, count, alarms,
                  good.size());
    }
  }
  return 0;
} catch (const std::exception& error) {
  std::fprintf(stderr, "eval-judge: %s\n", error.what());
  return 1;
}
