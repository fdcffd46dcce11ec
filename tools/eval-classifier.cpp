// Measures the question classifier on labelled questions (TSV: principle<TAB>question).
//   eval-classifier [--settings FILE.json] [FILE.tsv ...]
// Default file: data/classifier/heldout.tsv. --settings tries other classifier
// settings without a rebuild (for tuning on data/classifier/dev.tsv).
// Prints top-1 and top-3 accuracy overall and per principle, and the most common
// confusions. The held-out file is written apart from the question bank and is never
// used to tune the classifier; data/classifier/dev.tsv is the tuning set.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "starcoach/classifier.hpp"
#include "starcoach/embedded.hpp"

namespace {

struct Labelled {
  std::string principle;
  std::string question;
};

std::vector<Labelled> read_labelled(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<Labelled> rows;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (number == 1 || line.empty()) continue;  // header
    std::size_t tab = line.find('\t');
    if (tab == std::string::npos) throw std::runtime_error(path + ":" + std::to_string(number) + ": no tab");
    rows.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> paths(argv + 1, argv + argc);
  std::string settings_path;
  if (paths.size() >= 2 && paths[0] == "--settings") {
    settings_path = paths[1];
    paths.erase(paths.begin(), paths.begin() + 2);
  }
  if (paths.empty()) paths.push_back(STARCOACH_SOURCE_DIR "/data/classifier/heldout.tsv");
  try {
    starcoach::ClassifierData settings = starcoach::ClassifierData::builtin();
    std::string settings_text;
    if (!settings_path.empty()) {
      std::ifstream in(settings_path);
      if (!in) throw std::runtime_error("cannot read " + settings_path);
      settings_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      settings = starcoach::ClassifierData::parse(
          {settings_path, settings_text},
          {"data/classifier/stopwords.txt", starcoach::embedded_file("data/classifier/stopwords.txt")},
          {"data/classifier/training.tsv", starcoach::embedded_file("data/classifier/training.tsv")});
    }
    const starcoach::QuestionClassifier classifier(starcoach::KnowledgeBase::builtin(), settings);
    for (const std::string& path : paths) {
      std::vector<Labelled> rows = read_labelled(path);
      std::map<std::string, std::pair<int, int>> per_principle;  // top-1 hits, count
      std::map<std::pair<std::string, std::string>, int> confusions;
      int top1 = 0, top3 = 0;
      double top_score_sum = 0;
      for (const Labelled& row : rows) {
        auto ranked = classifier.classify(row.question);
        bool first = ranked[0].principle->id == row.principle;
        bool in_three = first || ranked[1].principle->id == row.principle || ranked[2].principle->id == row.principle;
        top1 += first;
        top_score_sum += ranked[0].score;
        top3 += in_three;
        per_principle[row.principle].first += first;
        per_principle[row.principle].second += 1;
        if (!first) ++confusions[{row.principle, ranked[0].principle->id}];
        if (std::getenv("EVAL_VERBOSE") && !first)
          std::printf("  miss: %s -> %s: %s\n", row.principle.c_str(), ranked[0].principle->id.c_str(), row.question.c_str());
      }
      double n = static_cast<double>(rows.size());
      std::printf("%s: %zu questions\n", path.c_str(), rows.size());
      std::printf("  top-1 accuracy %.1f%%   top-3 accuracy %.1f%%\n", 100.0 * top1 / n, 100.0 * top3 / n);
      // Well calibrated scores make the mean top score close to the top-1 accuracy.
      std::printf("  mean score of the top principle %.1f%%\n", 100.0 * top_score_sum / n);
      std::printf("  per principle (top-1):\n");
      for (const auto& [id, hits] : per_principle)
        std::printf("    %-46s %3d/%-3d %5.1f%%\n", id.c_str(), hits.first, hits.second, 100.0 * hits.first / hits.second);
      std::vector<std::pair<int, std::pair<std::string, std::string>>> sorted;
      for (const auto& [pair, count] : confusions) sorted.push_back({count, pair});
      std::sort(sorted.rbegin(), sorted.rend());
      std::printf("  most common confusions (true -> predicted):\n");
      for (std::size_t i = 0; i < sorted.size() && i < 8; ++i)
        std::printf("    %2d  %s -> %s\n", sorted[i].first, sorted[i].second.first.c_str(), sorted[i].second.second.c_str());
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "eval-classifier: %s\n", error.what());
    return 1;
  }
  return 0;
}
