// Measures the question classifier on labelled questions
// (TSV: principles<TAB>style<TAB>question; principles lists every plausible one, best first).
//   eval-classifier                  the independent test split, data/eval/classifier-test.tsv
//   eval-classifier --dev            the independent dev split (decide on this one)
//   eval-classifier FILE.tsv         any file of that form
//   eval-classifier --cross-validate five folds over data/classifier/training.tsv (the
//                                    question bank always stays in), for comparison
//   --settings FILE.json             other classifier settings without a rebuild
// Top-1 counts a hit when the first guess is any of the plausible principles; top-3 when
// one of them is among the first three. Prints accuracy per style and per principle and
// the most common confusions; EVAL_VERBOSE=1 lists the misses.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "starcoach/classifier.hpp"
#include "starcoach/embedded.hpp"

namespace {

using namespace starcoach;

struct Labelled {
  std::vector<std::string> principles;  // best first
  std::string style;
  std::string question;
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find(separator, start)) != std::string::npos; start = end + 1)
    parts.push_back(text.substr(start, end - start));
  parts.push_back(text.substr(start));
  return parts;
}

std::vector<Labelled> read_labelled(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Labelled> rows;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (number == 1 || line.empty()) continue;  // header
    std::vector<std::string> fields = split(line, '\t');
    if (fields.size() != 3) throw std::runtime_error(path + ":" + std::to_string(number) + ": expected 3 fields");
    rows.push_back({split(fields[0], ','), fields[1], fields[2]});
  }
  return rows;
}

struct Hits {
  int top1 = 0, top3 = 0, first_listed = 0, count = 0;
  void print(const char* title) const {
    std::printf("    %-46s %5.1f%% %5.1f%%  (%d)\n", title, 100.0 * top1 / count, 100.0 * top3 / count, count);
  }
};

struct Evaluation {
  Hits all;
  double top_score_sum = 0;
  std::map<std::string, Hits> per_style, per_principle;
  std::map<std::pair<std::string, std::string>, int> confusions;

  void add(const QuestionClassifier& classifier, const Labelled& row) {
    const std::vector<PrincipleScore> ranked = classifier.classify(row.question);
    auto plausible = [&](std::size_t rank) {
      return std::find(row.principles.begin(), row.principles.end(), ranked[rank].principle->id) != row.principles.end();
    };
    const bool first = plausible(0), in_three = first || plausible(1) || plausible(2);
    for (Hits* hits : {&all, &per_style[row.style], &per_principle[row.principles.front()]}) {
      hits->top1 += first;
      hits->first_listed += ranked[0].principle->id == row.principles.front();
      hits->top3 += in_three;
      ++hits->count;
    }
    top_score_sum += ranked[0].score;
    if (!first) ++confusions[{row.principles.front(), ranked[0].principle->id}];
    if (std::getenv("EVAL_VERBOSE") && !first)
      std::printf("  miss: %s -> %s: %s\n", row.principles.front().c_str(), ranked[0].principle->id.c_str(),
                  row.question.c_str());
  }

  void report(const std::string& title) const {
    std::printf("%s: %d questions\n", title.c_str(), all.count);
    std::printf("  top-1 accuracy %.1f%%   top-3 accuracy %.1f%%   (top-1 on the first listed principle only: %.1f%%)\n",
                100.0 * all.top1 / all.count, 100.0 * all.top3 / all.count, 100.0 * all.first_listed / all.count);
    // Well calibrated scores make the mean top score close to the top-1 accuracy.
    std::printf("  mean score of the top principle %.1f%%\n", 100.0 * top_score_sum / all.count);
    std::printf("  per style                                        top-1  top-3\n");
    for (const auto& [style, hits] : per_style) hits.print(style.c_str());
    std::printf("  per principle (the first one listed)\n");
    for (const auto& [id, hits] : per_principle) hits.print(id.c_str());
    std::vector<std::pair<int, std::pair<std::string, std::string>>> sorted;
    for (const auto& [pair, count] : confusions) sorted.push_back({count, pair});
    std::sort(sorted.rbegin(), sorted.rend());
    std::printf("  most common confusions (labelled -> predicted):\n");
    for (std::size_t i = 0; i < sorted.size() && i < 8; ++i)
      std::printf("    %2d  %s -> %s\n", sorted[i].first, sorted[i].second.first.c_str(), sorted[i].second.second.c_str());
  }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  try {
    ClassifierData settings = ClassifierData::builtin_with_examples();
    auto settings_flag = std::find(arguments.begin(), arguments.end(), "--settings");
    if (settings_flag != arguments.end()) {
      if (settings_flag + 1 == arguments.end()) throw std::runtime_error("--settings needs a file");
      static std::string settings_text;
      settings_text = read_file(*(settings_flag + 1));
      ClassifierData parsed = ClassifierData::parse({*(settings_flag + 1), settings_text},
                                                    {"data/classifier/stopwords.txt", embedded_file("data/classifier/stopwords.txt")},
                                                    {"data/classifier/training.tsv", ""});
      parsed.examples = settings.examples;
      settings = parsed;
      arguments.erase(settings_flag, settings_flag + 2);
    }
    const KnowledgeBase& knowledge = KnowledgeBase::builtin();

    if (!arguments.empty() && arguments[0] == "--cross-validate") {
      constexpr std::size_t folds = 5;
      Evaluation evaluation;
      for (std::size_t fold = 0; fold < folds; ++fold) {
        ClassifierData train = settings;
        train.examples.clear();
        std::vector<Labelled> test;
        for (std::size_t i = 0; i < settings.examples.size(); ++i) {
          const LabelledQuestion& example = settings.examples[i];
          if (i % folds == fold) test.push_back({{example.principle}, "training", example.text});
          else train.examples.push_back(example);
        }
        const QuestionClassifier classifier(knowledge, train);
        for (const Labelled& row : test) evaluation.add(classifier, row);
      }
      evaluation.report("cross-validation, five folds over data/classifier/training.tsv");
      return 0;
    }
    std::string path = arguments.empty() ? STARCOACH_SOURCE_DIR "/data/eval/classifier-test.tsv" : arguments[0];
    if (path == "--dev") path = STARCOACH_SOURCE_DIR "/data/eval/classifier-dev.tsv";
    const QuestionClassifier classifier(knowledge, settings);
    Evaluation evaluation;
    for (const Labelled& row : read_labelled(path)) evaluation.add(classifier, row);
    evaluation.report(path);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "eval-classifier: %s\n", error.what());
    return 1;
  }
  return 0;
}
