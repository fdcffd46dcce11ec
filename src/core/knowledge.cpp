#include "starcoach/knowledge.hpp"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <stdexcept>

#include "starcoach/data_file.hpp"
#include "starcoach/embedded.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/text.hpp"

namespace starcoach {

std::string_view embedded_file(std::string_view path) {
  for (const EmbeddedFile& file : embedded_files())
    if (file.path == path) return file.contents;
  throw std::out_of_range("no embedded data file " + std::string(path));
}

namespace {

using nlohmann::json;

// Locates a JSON value for error messages: nlohmann does not keep positions, so the
// line is that of the first occurrence of `"id": "<id>"` (or 1 when absent).
std::size_t line_of_id(std::string_view text, const std::string& id) {
  std::size_t at = text.find("\"" + id + "\"");
  return at == std::string_view::npos ? 1 : line_of(text, at);
}

std::string require_string(const json& object, const char* key, const std::function<void(const std::string&)>& fail) {
  auto found = object.find(key);
  if (found == object.end() || !found->is_string() || found->get<std::string>().empty())
    fail(std::string("missing or empty string field \"") + key + "\"");
  return found->get<std::string>();
}

std::vector<std::string> require_strings(const json& object, const char* key,
                                         const std::function<void(const std::string&)>& fail) {
  auto found = object.find(key);
  if (found == object.end() || !found->is_array() || found->empty())
    fail(std::string("missing or empty array field \"") + key + "\"");
  std::vector<std::string> values;
  for (const json& item : *found) {
    if (!item.is_string() || item.get<std::string>().empty())
      fail(std::string("\"") + key + "\" must hold non-empty strings");
    values.push_back(item.get<std::string>());
  }
  return values;
}

std::vector<Principle> parse_principles(Source source) {
  const json document = parse_json_file(source);
  if (!document.is_array()) throw DataError(std::string(source.name), 1, "expected a JSON array of principles");

  std::vector<Principle> principles;
  std::set<std::string> seen;
  for (const json& entry : document) {
    std::string anchor = entry.is_object() && entry.contains("id") && entry["id"].is_string()
                             ? entry["id"].get<std::string>() : std::string();
    auto fail = [&](const std::string& what) -> void {
      throw DataError(std::string(source.name), line_of_id(source.text, anchor),
                      (anchor.empty() ? std::string("principle: ") : "principle " + anchor + ": ") + what);
    };
    if (!entry.is_object()) fail("expected an object");
    Principle principle;
    principle.id = require_string(entry, "id", fail);
    principle.name = require_string(entry, "name", fail);
    principle.summary = require_string(entry, "summary", fail);
    principle.question_cues = require_strings(entry, "question_cues", fail);
    if (!seen.insert(principle.id).second) fail("duplicate id");
    auto behaviours = entry.find("behaviours");
    if (behaviours == entry.end() || !behaviours->is_array() || behaviours->empty())
      fail("missing or empty array field \"behaviours\"");
    std::set<std::string> behaviour_ids;
    for (const json& item : *behaviours) {
      if (!item.is_object()) fail("each behaviour must be an object");
      Behaviour behaviour;
      behaviour.id = require_string(item, "id", fail);
      behaviour.text = require_string(item, "text", fail);
      behaviour.phrases = require_strings(item, "phrases", fail);
      for (const std::string& phrase : behaviour.phrases) {
        behaviour.phrase_stem_hashes.emplace_back();
        for (const std::string& stemmed : stemmed_words(phrase)) behaviour.phrase_stem_hashes.back().push_back(word_hash(stemmed));
      }
      if (!behaviour_ids.insert(behaviour.id).second) fail("duplicate behaviour id " + behaviour.id);
      principle.behaviours.push_back(std::move(behaviour));
    }
    std::map<std::uint64_t, std::vector<std::pair<std::size_t, std::size_t>>> by_first_stem;
    for (std::size_t b = 0; b < principle.behaviours.size(); ++b)
      for (std::size_t p = 0; p < principle.behaviours[b].phrase_stem_hashes.size(); ++p)
        if (!principle.behaviours[b].phrase_stem_hashes[p].empty())
          by_first_stem[principle.behaviours[b].phrase_stem_hashes[p].front()].emplace_back(b, p);
    principle.phrases_by_first_stem = HashIndex<std::vector<std::pair<std::size_t, std::size_t>>>(by_first_stem);
    principles.push_back(std::move(principle));
  }
  return principles;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    fields.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

std::vector<Question> parse_questions(Source source, const std::vector<Principle>& principles) {
  auto known = [&](const std::string& id) {
    return std::any_of(principles.begin(), principles.end(), [&](const Principle& p) { return p.id == id; });
  };
  std::vector<Question> questions;
  std::set<std::string> ids;
  std::size_t lines = 0;
  for_each_line(source.text, [&](std::size_t line_number, std::string_view line) {
    lines = line_number;
    auto fail = [&](const std::string& what) { throw DataError(std::string(source.name), line_number, what); };
    if (line_number == 1) {
      if (line != "id\tprinciple\talso\ttext") fail("expected the header \"id<TAB>principle<TAB>also<TAB>text\"");
      return;
    }
    if (line.empty()) return;
    if (!is_valid_utf8(line)) fail("invalid UTF-8");
    std::vector<std::string> fields = split(line, '\t');
    if (fields.size() != 4) fail("expected 4 tab-separated fields, found " + std::to_string(fields.size()));
    Question question{fields[0], fields[3], fields[1] == "meta" ? std::string() : fields[1], {}};
    if (question.id.empty() || question.text.empty()) fail("empty id or text");
    if (!ids.insert(question.id).second) fail("duplicate question id " + question.id);
    if (!question.is_meta() && !known(question.principle)) fail("unknown principle " + question.principle);
    if (fields[2] != "-") {
      for (const std::string& also : split(fields[2], ',')) {
        if (!known(also)) fail("unknown secondary principle " + also);
        if (also == question.principle) fail("secondary principle repeats the primary one");
        question.also.push_back(also);
      }
    }
    questions.push_back(std::move(question));
  });
  if (lines == 0) throw DataError(std::string(source.name), 1, "empty file");
  return questions;
}

}  // namespace

KnowledgeBase::KnowledgeBase(Source principles_json, Source questions_tsv)
    : principles_(parse_principles(principles_json)),
      questions_(parse_questions(questions_tsv, principles_)) {}

const KnowledgeBase& KnowledgeBase::builtin() {
  static const KnowledgeBase knowledge(
      Source{"data/principles.json", embedded_file("data/principles.json")},
      Source{"data/questions.tsv", embedded_file("data/questions.tsv")});
  return knowledge;
}

const Principle* KnowledgeBase::find_principle(std::string_view id) const {
  for (const Principle& principle : principles_)
    if (principle.id == id) return &principle;
  return nullptr;
}

const Question* KnowledgeBase::find_question(std::string_view id) const {
  for (const Question& question : questions_)
    if (question.id == id) return &question;
  return nullptr;
}

std::vector<const Question*> KnowledgeBase::questions_for(std::string_view principle_id) const {
  std::vector<const Question*> found;
  for (const Question& question : questions_)
    if (question.principle == principle_id) found.push_back(&question);
  return found;
}

std::vector<const Question*> KnowledgeBase::meta_questions() const { return questions_for(""); }

std::vector<const Question*> KnowledgeBase::principle_questions() const {
  std::vector<const Question*> found;
  for (const Question& question : questions_)
    if (!question.is_meta()) found.push_back(&question);
  return found;
}

std::string KnowledgeBase::principle_ids() const {
  std::string ids;
  for (const Principle& principle : principles_) ids += (ids.empty() ? "" : ", ") + principle.id;
  return ids;
}

}  // namespace starcoach
