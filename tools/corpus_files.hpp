// Reading the labelled STAR corpus from the source tree, for the build-time trainer, the
// evaluation programs and the tests (the program itself carries only the trained weights).
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "starcoach/corpus.hpp"

namespace starcoach {

inline std::vector<LabelledAnswer> read_corpus_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  const std::string contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_corpus({path, contents});
}

// The training files, data/star-corpus/train-*.txt, in the order of their names.
inline std::vector<std::string> training_corpus_files(const std::string& source_dir) {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir + "/data/star-corpus")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("train-", 0) == 0 && entry.path().extension() == ".txt") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

inline std::vector<LabelledAnswer> read_corpus_files(const std::vector<std::string>& paths) {
  std::vector<LabelledAnswer> answers;
  for (const std::string& path : paths) {
    std::vector<LabelledAnswer> part = read_corpus_file(path);
    answers.insert(answers.end(), part.begin(), part.end());
  }
  return answers;
}

}  // namespace starcoach
