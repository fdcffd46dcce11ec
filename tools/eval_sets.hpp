// Reading the evaluation sets (data/eval/*.jsonl) for the evaluation programs.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "starcoach/text.hpp"

namespace starcoach {

// One JSON object a line; blank lines are skipped. Throws when the file cannot be read.
inline std::vector<nlohmann::json> read_jsonl(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<nlohmann::json> rows;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  return rows;
}

// The words of a text, lower-cased and joined by spaces: the same sentence matches however
// the splitter cut the spaces and quotes around it.
inline std::string normal_words(std::string_view text) {
  std::string joined;
  for (const std::string& word : lowercase_words(text)) joined += word + " ";
  return joined;
}

// True when one text is the other, or holds it, word for word.
inline bool same_sentence(std::string_view a, std::string_view b) {
  const std::string x = normal_words(a), y = normal_words(b);
  return !x.empty() && !y.empty() && (x.find(y) != std::string::npos || y.find(x) != std::string::npos);
}

// "--dev" picks the dev split; otherwise the test split (report only).
inline std::string split_of(int argc, char** argv) { return argc > 1 && std::string(argv[1]) == "--dev" ? "dev" : "test"; }

}  // namespace starcoach
