#include "starcoach/corpus.hpp"

#include <algorithm>
#include <set>

#include "starcoach/errors.hpp"
#include "starcoach/text.hpp"

namespace starcoach {

bool LabelledAnswer::has_kind(const std::string& kind) const {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

std::string LabelledAnswer::text() const {
  std::string joined;
  for (const LabelledSentence& sentence : sentences) {
    if (!joined.empty()) joined += lines ? '\n' : ' ';
    joined += sentence.text;
  }
  return joined;
}

std::vector<std::pair<std::size_t, std::size_t>> LabelledAnswer::unit_spans() const {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t at = 0;
  for (const LabelledSentence& sentence : sentences) {
    spans.emplace_back(at, at + sentence.text.size());
    at += sentence.text.size() + 1;  // the separator
  }
  return spans;
}

std::string LabelledAnswer::spoken(std::vector<std::size_t>* unit_words) const {
  std::string bare;
  for (const LabelledSentence& sentence : sentences) {
    const std::vector<Word> words = words_of(sentence.text);
    for (const Word& word : words) bare += (bare.empty() ? "" : " ") + word.lower;
    if (unit_words) unit_words->push_back(words.size());
  }
  return bare;
}

namespace {

std::vector<std::string> split_kinds(const std::string& text) {
  std::vector<std::string> kinds;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = std::min(text.find(',', start), text.size());
    std::string kind = text.substr(start, end - start);
    kind.erase(0, kind.find_first_not_of(' '));
    kind.erase(kind.find_last_not_of(' ') + 1);
    if (!kind.empty()) kinds.push_back(kind);
    start = end + 1;
  }
  return kinds;
}

}  // namespace

std::vector<LabelledAnswer> parse_corpus(Source source) {
  std::vector<LabelledAnswer> answers;
  std::set<std::string> ids;
  std::size_t line_number = 0;
  auto fail = [&](const std::string& what) { throw DataError(std::string(source.name), line_number, what); };
  auto finish = [&] {
    if (!answers.empty() && answers.back().sentences.empty()) fail("answer " + answers.back().id + " has no sentences");
  };
  for_each_line(source.text, [&](std::size_t number, std::string_view text) {
    line_number = number;
    const std::string line(text);
    if (line.empty()) return;
    if (line.rfind("=== ", 0) == 0) {
      finish();
      answers.push_back({});
      answers.back().id = line.substr(4);
      if (!ids.insert(answers.back().id).second) fail("duplicate answer id " + answers.back().id);
      return;
    }
    if (answers.empty()) fail("expected \"=== ID\" to start an answer");
    LabelledAnswer& answer = answers.back();
    if (line.size() >= 2 && line[1] == '\t') {
      std::optional<Part> part = part_from_letter(line[0]);
      if (!part) fail("unknown label " + line.substr(0, 1) + " (use S, T, A, R or O)");
      if (line.size() == 2) fail("empty sentence");
      answer.sentences.push_back({*part, line.substr(2)});
      return;
    }
    std::size_t colon = line.find(": ");
    if (colon == std::string::npos || !answer.sentences.empty()) fail("expected \"LABEL<TAB>sentence\"");
    const std::string key = line.substr(0, colon), value = line.substr(colon + 2);
    if (key == "principle") answer.principle = value;
    else if (key == "role") answer.role = value;
    else if (key == "kind") answer.kinds = split_kinds(value);
    else if (key == "question") answer.question = value;
    else if (key == "layout" && (value == "lines" || value == "prose")) answer.lines = value == "lines";
    else fail("unknown field \"" + key + "\"");
  });
  finish();
  return answers;
}

}  // namespace starcoach
