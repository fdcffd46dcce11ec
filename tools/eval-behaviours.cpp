// Measures the principle evidence: each row of data/eval/behaviours.jsonl is an answer with
// the behaviours of its principle it really shows, each with the sentence that shows it
// (written in a separate pass). A behaviour reported as shown is right when the answer
// shows it, and placed right when its span is that sentence (or inside it). The set is
// split by its numbers: odd ones are the dev split, even ones the test split.
//   eval-behaviours         the test split (report only)
//   eval-behaviours --dev   the dev split (decide on this one)
//   EVAL_VERBOSE=1          also lists each wrong claim
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "starcoach/analysis.hpp"
#include "starcoach/text.hpp"
#include "eval_sets.hpp"

int main(int argc, char** argv) try {
  using namespace starcoach;
  const std::string path = STARCOACH_SOURCE_DIR "/data/eval/behaviours.jsonl";
  const bool verbose = std::getenv("EVAL_VERBOSE") != nullptr;
  int claimed = 0, right = 0, placed = 0, labelled = 0, found = 0, answers = 0;
  const std::string split = split_of(argc, argv);
  for (const nlohmann::json& row : read_jsonl(path)) {
    const std::string id = row["id"].get<std::string>();
    if ((std::stoi(id.substr(id.find_first_of("0123456789"))) % 2 == 1) != (split == "dev")) continue;
    const std::string answer = row["answer"].get<std::string>();
    AnalysisOptions options;
    options.principle = row["principle"].get<std::string>();
    const Analysis analysis = analyse(answer, options);
    std::map<std::string, std::string> truth;  // behaviour id -> the sentence that shows it
    for (const auto& shown : row["shown"]) truth[shown["behaviour"].get<std::string>()] = shown["evidence"].get<std::string>();
    ++answers;
    labelled += static_cast<int>(truth.size());
    for (const EvidenceSpan& span : analysis.principle->spans) {
      ++claimed;
      auto known = truth.find(span.behaviour);
      const std::string said = answer.substr(span.start, span.end - span.start);
      if (verbose) {
        std::string_view part = "?";
        for (const SentenceResult& sentence : analysis.sentences)
          if (sentence.start <= span.start && span.start < sentence.end) part = part_name(sentence.part);
        std::printf("  %s %s %s (%.*s%s) from: %s\n", id.c_str(), known == truth.end() ? "wrongly claims" : "rightly claims",
                    span.behaviour.c_str(), static_cast<int>(part.size()), part.data(), analysis.is_story ? "" : ", no story",
                    said.c_str());
      }
      if (known == truth.end()) continue;
      ++right;
      ++found;
      placed += same_sentence(known->second, said);
    }
  }
  std::printf("%s (%s): %d answers, %d behaviours labelled, %d claimed\n", path.c_str(), split.c_str(), answers, labelled, claimed);
  std::printf("  precision %.1f%% (the sentence too: %.1f%%), recall %.1f%%\n", claimed ? 100.0 * right / claimed : 0.0,
              claimed ? 100.0 * placed / claimed : 0.0, labelled ? 100.0 * found / labelled : 0.0);
  return 0;
} catch (const std::exception& error) {
  std::fprintf(stderr, "eval-behaviours: %s\n", error.what());
  return 1;
}
