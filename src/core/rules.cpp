#include "starcoach/rules.hpp"

#include "answer.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "starcoach/data_file.hpp"
#include "starcoach/embedded.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/speaking.hpp"
#include "starcoach/text.hpp"

namespace starcoach {

using nlohmann::json;

Phrase phrase_words(const std::string& text) { return lowercase_words(text); }

double Rule::param(const std::string& name) const {
  auto found = params.find(name);
  if (found == params.end()) throw DataError("data/analyser/rules.json", 1, "rule " + id + " needs the param " + name);
  return found->second;
}

const PhraseList& Lexicon::list(const std::string& name) const {
  auto found = lists.find(name);
  if (found == lists.end()) throw DataError("data/analyser/lexicon.json", 1, "no word list named " + name);
  return found->second;
}

namespace {

const std::map<std::string, RuleKind> kinds = {
    {"phrases", RuleKind::phrases},           {"rate", RuleKind::rate},
    {"part-missing", RuleKind::part_missing}, {"part-sentences", RuleKind::part_sentences},
    {"sentence-words", RuleKind::sentence_words}, {"phrases-absent", RuleKind::phrases_absent},
    {"answer-seconds", RuleKind::answer_seconds}, {"check", RuleKind::check}};
bool is_area(const std::string& name) { return std::find(score_areas.begin(), score_areas.end(), name) != score_areas.end(); }

PhraseList phrase_list(const json& words) {
  PhraseList list;
  std::map<std::uint64_t, std::vector<std::size_t>> by_first_word;
  for (const json& word : words) {
    list.texts.push_back(word.get<std::string>());
    list.phrases.push_back(phrase_words(list.texts.back()));
    list.hashes.emplace_back();
    for (const std::string& word : list.phrases.back()) list.hashes.back().push_back(word_hash(word));
    if (!list.hashes.back().empty()) by_first_word[list.hashes.back().front()].push_back(list.hashes.size() - 1);
  }
  list.by_first_word = HashIndex<std::vector<std::size_t>>(by_first_word);
  return list;
}

std::optional<Part> part_named(const std::string& name) {
  for (Part part : all_parts)
    if (part_name(part) == name) return part;
  return std::nullopt;
}

AnalysisOptions example_options(const json& options) {
  AnalysisOptions parsed;
  if (options.is_null()) return parsed;
  if (options.contains("wpm")) parsed.words_per_minute = options["wpm"].get<double>();
  if (options.contains("role")) parsed.role = role_from_name(options["role"].get<std::string>()).value();
  if (options.contains("principle")) parsed.principle = options["principle"].get<std::string>();
  if (options.contains("question")) parsed.question = options["question"].get<std::string>();
  return parsed;
}

Rule parse_rule(const json& entry, const Lexicon& lexicon) {
  Rule rule;
  rule.id = entry.at("id").get<std::string>();
  rule.title = entry.at("title").get<std::string>();
  const std::string kind = entry.at("kind").get<std::string>();
  if (!kinds.contains(kind)) throw std::runtime_error("unknown kind " + kind);
  rule.kind = kinds.at(kind);
  if (rule.kind == RuleKind::check) {
    rule.check = entry.at("check").get<std::string>();
    try {
      detail::find_check(rule.check);
    } catch (const std::out_of_range&) {
      throw std::runtime_error("unknown check " + rule.check);
    }
  }
  const std::string severity = entry.at("severity").get<std::string>();
  if (severity == "error") rule.severity = Severity::error;
  else if (severity == "warning") rule.severity = Severity::warning;
  else if (severity == "suggestion") rule.severity = Severity::suggestion;
  else throw std::runtime_error("unknown severity " + severity);
  rule.area = entry.at("area").get<std::string>();
  if (!is_area(rule.area)) throw std::runtime_error("unknown area " + rule.area);
  rule.penalty = entry.at("penalty").get<int>();
  rule.method = entry.at("method").get<std::string>();
  rule.message = entry.at("message").get<std::string>();
  rule.hint = entry.at("hint").get<std::string>();
  if (entry.contains("role_messages"))
    for (const auto& [role, message] : entry["role_messages"].items())
      rule.role_messages[role_from_name(role).value()] = message.get<std::string>();
  if (entry.contains("part")) {
    rule.part = part_named(entry["part"].get<std::string>());
    if (!rule.part) throw std::runtime_error("unknown part");
  }
  if (entry.contains("parts"))
    for (const json& name : entry["parts"]) {
      const std::optional<Part> part = part_named(name.get<std::string>());
      if (!part) throw std::runtime_error("unknown part in parts");
      rule.parts.push_back(*part);
    }
  if (entry.contains("phrases")) rule.phrases = phrase_list(entry["phrases"]);
  if (entry.contains("unless_followed_by")) rule.unless_followed_by = part_named(entry["unless_followed_by"].get<std::string>());
  if (entry.contains("judged")) {
    const json& judged = entry["judged"];
    rule.judged = Rule::Judged{judged.at("label").get<std::string>(), judged.at("probability").get<double>(),
                               judged.value("own_act", false), judged.value("with_sentence_before", false)};
    if (rule.judged->probability <= 0 || rule.judged->probability > 1) throw std::runtime_error("judged probability must be in (0, 1]");
  }
  if (entry.contains("near")) {
    if (rule.kind != RuleKind::phrases) throw std::runtime_error("only a phrases rule has near");
    const json& near = entry["near"];
    rule.near = Rule::Near{phrase_list(near.at("first")), phrase_list(near.at("then")), near.at("within").get<std::size_t>(),
                           near.value("own_act", false)};
  }
  if (entry.contains("lexicon")) {
    rule.lexicon = entry["lexicon"].get<std::string>();
    lexicon.list(rule.lexicon);  // must exist
  }
  if (entry.contains("params"))
    for (const auto& [name, value] : entry["params"].items()) rule.params[name] = value.get<double>();
  // What each kind needs, so that a rule book's mistakes show when it is read, not when it runs.
  auto require = [&](bool present, const std::string& what) {
    if (!present) throw std::runtime_error("a " + kind + " rule needs " + what);
  };
  switch (rule.kind) {
    case RuleKind::phrases:
      require(!rule.phrases.phrases.empty(), "phrases");
      if (rule.near) require(!rule.near->first.phrases.empty() && !rule.near->then.phrases.empty(), "phrases in near.first and near.then");
      break;
    case RuleKind::rate: require(!rule.lexicon.empty() && rule.params.contains("per_minute") && rule.params.contains("min_count"),
                                 "a lexicon and the params per_minute and min_count"); break;
    case RuleKind::part_missing: require(rule.part.has_value(), "a part"); break;
    case RuleKind::part_sentences: require(!rule.parts.empty() && rule.params.contains("max_sentences"), "parts and the param max_sentences"); break;
    case RuleKind::sentence_words: require(rule.params.contains("max_words"), "the param max_words"); break;
    case RuleKind::phrases_absent: require(rule.part.has_value() && !rule.lexicon.empty(), "a part and a lexicon"); break;
    case RuleKind::answer_seconds: require(rule.params.contains("min_seconds"), "the param min_seconds"); break;
    case RuleKind::check:
      for (const std::string& param : detail::check_params(rule.check))
        require(rule.params.contains(param), "the param " + param);
      break;
  }

  const json& examples = entry.at("examples");
  const json& trigger = examples.at("trigger");
  rule.trigger.text = trigger.at("text").get<std::string>();
  rule.trigger.options = example_options(trigger.value("options", json()));
  rule.trigger.span = trigger.at("span").get<std::string>();
  const json& clean = examples.at("clean");
  rule.clean.text = clean.at("text").get<std::string>();
  rule.clean.options = example_options(clean.value("options", json()));
  return rule;
}

}  // namespace

RuleBook RuleBook::parse(Source rules_json, Source lexicon_json, Source score_json) {
  RuleBook book;
  const json lexicon = parse_json_file(lexicon_json);
  for (const auto& [name, entry] : lexicon.items()) {
    if (name == "about") continue;
    try {
      book.lexicon.lists[name] = phrase_list(entry.at("words"));
    } catch (const json::exception& error) {
      throw DataError(std::string(lexicon_json.name), 1, "list " + name + ": " + error.what());
    }
  }

  const json rules = parse_json_file(rules_json);
  std::set<std::string> ids;
  for (const json& entry : rules.at("rules")) {
    const std::string id = entry.value("id", "?");
    std::size_t line = 1;
    if (std::size_t at = rules_json.text.find("\"" + id + "\""); at != std::string_view::npos)
      for (std::size_t i = 0; i < at; ++i) line += rules_json.text[i] == '\n';
    try {
      book.rules.push_back(parse_rule(entry, book.lexicon));
    } catch (const std::exception& error) {
      throw DataError(std::string(rules_json.name), line, "rule " + id + ": " + error.what());
    }
    if (!ids.insert(id).second) throw DataError(std::string(rules_json.name), line, "duplicate rule " + id);
  }

  const json score = parse_json_file(score_json);
  try {
    for (const auto& [area, weight] : score.at("weights").items()) {
      if (!is_area(area)) throw std::runtime_error("unknown area " + area);
      book.score.weights[area] = weight.get<double>();
    }
    book.score.principle_target_behaviours = score.at("principle_target_behaviours").get<double>();
    book.score.behaviour_with_phrase = score.at("behaviour_with_phrase").get<double>();
    book.score.behaviour_alone = score.at("behaviour_alone").get<double>();
    book.score.general_answer_cap = score.at("general_answer_cap").get<double>();
    book.score.off_question_cap = score.at("off_question_cap").get<double>();
    book.score.unrelated_story_cap = score.at("unrelated_story_cap").get<double>();
  } catch (const std::exception& error) {
    throw DataError(std::string(score_json.name), 1, error.what());
  }
  return book;
}

const Rule* RuleBook::find(std::string_view id) const {
  for (const Rule& rule : rules)
    if (rule.id == id) return &rule;
  return nullptr;
}

std::string RuleBook::title_of(std::string_view id) const {
  const Rule* rule = find(id);
  return rule ? rule->title : std::string(id);
}

const Speaking& Speaking::builtin() {
  static const Speaking speaking = [] {
    const Source source{"data/analyser/speaking.json", embedded_file("data/analyser/speaking.json")};
    const json document = parse_json_file(source);
    try {
      Speaking s;
      s.target_seconds = document.at("target_seconds").get<double>();
      s.default_words_per_minute = document.at("default_words_per_minute").get<double>();
      s.lowest_words_per_minute = document.at("words_per_minute").at("lowest").get<double>();
      s.highest_words_per_minute = document.at("words_per_minute").at("highest").get<double>();
      if (!(s.target_seconds > 0 && s.lowest_words_per_minute > 0 && s.accepts(s.default_words_per_minute)))
        throw DataError(std::string(source.name), 1, "the target must be positive and the default pace inside the range");
      return s;
    } catch (const json::exception& error) {
      throw DataError(std::string(source.name), 1, error.what());
    }
  }();
  return speaking;
}

const RuleBook& RuleBook::builtin() {
  static const RuleBook book = parse({"data/analyser/rules.json", embedded_file("data/analyser/rules.json")},
                                     {"data/analyser/lexicon.json", embedded_file("data/analyser/lexicon.json")},
                                     {"data/analyser/score.json", embedded_file("data/analyser/score.json")});
  return book;
}

namespace {

// "After two weeks", "by the end of the two years", "three months later": the number says
// when, not how much changed.
bool is_time_frame(const std::vector<Word>& words, std::size_t i, const Lexicon& lexicon) {
  if (i + 1 >= words.size() || !lexicon.list("time_units").has_word(words[i + 1].hash)) return false;
  const bool frame_before = i > 0 && lexicon.list("time_frame_before").has_word(words[i - 1].hash);
  const bool frame_after = i + 2 < words.size() && lexicon.list("time_frame_after").has_word(words[i + 2].hash);
  return frame_before || frame_after;
}

}  // namespace

bool has_figure(const std::vector<Word>& words, const Lexicon& lexicon) {
  const PhraseList& number_words = lexicon.list("number_words");
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i].lower;
    const bool digits = std::any_of(word.begin(), word.end(), is_digit);
    const bool year = word.size() == 4 && (word.starts_with("19") || word.starts_with("20")) && std::all_of(word.begin(), word.end(), is_digit);
    const bool one_of = word == "one" && i + 1 < words.size() && words[i + 1].lower == "of";
    const bool number = (digits && !year) || (!one_of && number_words.has_word(words[i].hash));
    if (number && !is_time_frame(words, i, lexicon)) return true;
  }
  return false;
}

}  // namespace starcoach
