#include "starcoach/json.hpp"

#include <cmath>

#include "starcoach/errors.hpp"

namespace starcoach {

using nlohmann::json;

json principle_json(const KnowledgeBase& knowledge, const Principle& principle, bool detailed) {
  json behaviours = json::array();
  for (const Behaviour& behaviour : principle.behaviours) {
    if (detailed)
      behaviours.push_back({{"id", behaviour.id}, {"text", behaviour.text}, {"phrases", behaviour.phrases}});
    else
      behaviours.push_back(behaviour.text);
  }
  const std::vector<const Question*> questions = knowledge.questions_for(principle.id);
  json result = {{"id", principle.id},
                 {"name", principle.name},
                 {"summary", principle.summary},
                 {"behaviours", behaviours},
                 {"question_count", questions.size()}};
  if (detailed) {
    result["question_cues"] = principle.question_cues;
    result["questions"] = questions_json(questions);
  }
  return result;
}

json principles_json(const KnowledgeBase& knowledge) {
  json result = json::array();
  for (const Principle& principle : knowledge.principles()) result.push_back(principle_json(knowledge, principle));
  return result;
}

json question_json(const Question& question) {
  return {{"id", question.id},
          {"text", question.text},
          {"principle", question.is_meta() ? json(nullptr) : json(question.principle)},
          {"also", question.also}};
}

json questions_json(const std::vector<const Question*>& questions) {
  json result = json::array();
  for (const Question* question : questions) result.push_back(question_json(*question));
  return result;
}

json classification_json(std::string_view question, const std::vector<PrincipleScore>& scores) {
  json principles = json::array();
  const std::size_t likely = likely_count(scores);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    // Four decimals are plenty for a ranking and keep the output readable.
    double rounded = std::round(scores[i].score * 10000.0) / 10000.0;
    principles.push_back({{"id", scores[i].principle->id}, {"name", scores[i].principle->name}, {"score", rounded}, {"likely", i < likely}});
  }
  return {{"question", std::string(question)}, {"principles", principles}};
}

namespace {

double tenths(double value) { return std::round(value * 10.0) / 10.0; }

}  // namespace

// Built field by field in place: nlohmann's initializer lists copy every element, so the
// sentence and finding arrays were copied once more (about a tenth of the analyser's time).
json score_json(const Score& score) {
  return {{"overall", score.overall},
          {"structure", score.structure},
          {"specificity", score.specificity},
          {"length", score.length},
          {"ownership", score.ownership},
          {"result", score.result},
          {"principle", score.principle < 0 ? json(nullptr) : json(score.principle)},
          {"fit", score.fit ? json(*score.fit) : json(nullptr)},
          {"explanations", score.explanations},
          {"reasons", score.reasons}};
}

Score score_from_json(const json& saved) {
  auto whole = [&](const char* name) { return static_cast<int>(std::lround(number_member(saved, name))); };
  Score score;
  score.overall = whole("overall");
  score.structure = whole("structure");
  score.specificity = whole("specificity");
  score.length = whole("length");
  score.ownership = whole("ownership");
  score.result = whole("result");
  const bool principle_scored = saved.is_object() && saved.contains("principle") && saved["principle"].is_number();
  score.principle = principle_scored ? whole("principle") : -1;
  if (saved.is_object() && saved.contains("fit") && saved["fit"].is_number()) score.fit = whole("fit");
  for (const json& line : list_member(saved, "explanations"))
    if (line.is_string()) score.explanations.push_back(line.get<std::string>());
  for (std::string_view area : score_areas)
    if (const std::string reason = text_member(object_member(saved, "reasons"), std::string(area).c_str()); !reason.empty())
      score.reasons[std::string(area)] = reason;
  return score;
}

json analysis_json(const Analysis& analysis) {
  json result = json::object();
  json& answer = result["answer"];
  answer["words"] = analysis.words;
  answer["sentences"] = analysis.sentences.size();
  answer["spoken_seconds"] = tenths(analysis.spoken_seconds);
  result["is_story"] = analysis.is_story;
  result["story_reason"] = analysis.story_reason;

  json& sentences = result["sentences"] = json::array();
  for (const SentenceResult& sentence : analysis.sentences) {
    json& entry = sentences.emplace_back(json::object());
    entry["start"] = sentence.start;
    entry["end"] = sentence.end;
    entry["text"] = sentence.text;
    entry["part"] = part_name(sentence.part);
  }
  json& parts = result["parts"] = json::object();
  for (Part part : {Part::situation, Part::task, Part::action, Part::result}) {
    const PartSummary& summary = analysis.parts[static_cast<int>(part)];
    json& entry = parts[std::string(part_name(part))];
    entry["sentences"] = summary.sentences;
    entry["words"] = summary.words;
    entry["seconds"] = tenths(summary.seconds);
  }
  json& findings = result["findings"] = json::array();
  for (const Finding& finding : analysis.findings) {
    json& entry = findings.emplace_back(json::object());
    entry["rule"] = finding.rule;
    entry["severity"] = severity_name(finding.severity);
    entry["message"] = finding.message;
    entry["hint"] = finding.hint;
    entry["start"] = finding.start;
    entry["end"] = finding.end;
    entry["part"] = finding.part ? json(part_name(*finding.part)) : json(nullptr);
  }
  json& principle = result["principle"];
  if (analysis.principle) {
    principle["id"] = analysis.principle->id;
    // Each behaviour shown, with the sentence that shows it (a byte span, as for findings).
    json shown = json::array();
    for (std::size_t i = 0; i < analysis.principle->shown.size(); ++i) {
      const EvidenceSpan& span = analysis.principle->spans[i];
      shown.push_back({{"behaviour", analysis.principle->shown[i]}, {"id", span.behaviour}, {"start", span.start}, {"end", span.end}});
    }
    principle["shown"] = shown;
    principle["missing"] = analysis.principle->missing;
  }
  result["score"] = score_json(analysis.score);
  const Restructured& r = analysis.restructured;
  result["restructured"] = {{"situation", r.situation}, {"task", r.task}, {"action", r.action},
                            {"result", r.result},       {"cut", r.cut},   {"trim_candidates", r.trim_candidates}};
  return result;
}

json story_json(const Story& story) {
  json principles = json::array();
  for (const StoryPrinciple& principle : story.principles)
    principles.push_back({{"id", principle.id}, {"strength", principle.strength}});
  return {{"id", story.id},           {"title", story.title},     {"situation", story.situation},
          {"task", story.task},       {"action", story.action},   {"result", story.result},
          {"role", story.role},       {"summary", story.summary}, {"principles", principles},
          {"created_at", story.created_at}, {"updated_at", story.updated_at}, {"shared", story.shared}};
}

Story story_from_json(const json& saved) {
  if (!saved.is_object()) throw InputError("a story must be an object");
  Story story;
  for (const auto& [key, field] : {std::pair{"title", &story.title}, {"situation", &story.situation}, {"task", &story.task},
                                   {"action", &story.action}, {"result", &story.result}, {"role", &story.role},
                                   {"summary", &story.summary}, {"created_at", &story.created_at}, {"updated_at", &story.updated_at}}) {
    if (!saved.contains(key) || !saved[key].is_string()) throw InputError(std::string("its \"") + key + "\" is missing or not a text");
    *field = saved[key].get<std::string>();
  }
  if (!saved.contains("principles") || !saved["principles"].is_array()) throw InputError("its \"principles\" are missing or not a list");
  for (const json& shown : saved["principles"]) {
    const std::string id = shown.is_object() && shown.contains("id") && shown["id"].is_string() ? shown["id"].get<std::string>() : "";
    if (KnowledgeBase::builtin().find_principle(id) == nullptr) throw InputError("it names the unknown principle \"" + id + "\"");
    const json strength = shown.value("strength", json());
    if (!strength.is_number_integer() || strength.get<long long>() < 0 || strength.get<long long>() > 100)
      throw InputError("it shows " + id + " with the strength " + strength.dump().substr(0, 40) + "; strengths are 0 to 100");
    story.principles.push_back({id, static_cast<int>(strength.get<long long>())});
  }
  const json shared = saved.value("shared", json(false));  // backups of version 1 and 2 have none
  if (!shared.is_boolean()) throw InputError("its \"shared\" must be true or false");
  story.shared = shared.get<bool>();
  return story;
}

json coverage_json(const Coverage& coverage, const std::vector<Story>& stories) {
  json listed = json::array();
  for (const Story& story : stories) listed.push_back({{"id", story.id}, {"title", story.title}});
  json rows = json::array();
  for (const CoverageRow& row : coverage.rows)
    rows.push_back({{"id", row.principle->id}, {"name", row.principle->name}, {"stories", row.stories},
                    {"met", row.met}, {"strengths", row.strengths}});
  return {{"target", coverage.target}, {"stories", listed}, {"principles", rows}};
}

json matches_json(std::string_view question, const std::vector<StoryMatch>& matches) {
  json listed = json::array();
  for (const StoryMatch& match : matches)
    listed.push_back({{"id", match.story->id}, {"title", match.story->title},
                      {"score", std::round(match.score * 1000.0) / 1000.0}, {"reason", match.reason}});
  return {{"question", std::string(question)}, {"matches", listed}};
}

std::string dump_json(const json& value, int indent) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

namespace {

const nlohmann::json* member(const nlohmann::json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto found = object.find(name);
  return found == object.end() ? nullptr : &*found;
}

}  // namespace

std::string text_member(const nlohmann::json& object, const char* name) {
  const nlohmann::json* value = member(object, name);
  return value && value->is_string() ? value->get<std::string>() : std::string();
}

double number_member(const nlohmann::json& object, const char* name) {
  const nlohmann::json* value = member(object, name);
  return value && value->is_number() ? value->get<double>() : 0.0;
}

bool flag_member(const nlohmann::json& object, const char* name) {
  const nlohmann::json* value = member(object, name);
  return value && value->is_boolean() && value->get<bool>();
}

const nlohmann::json& list_member(const nlohmann::json& object, const char* name) {
  static const nlohmann::json empty = nlohmann::json::array();
  const nlohmann::json* value = member(object, name);
  return value && value->is_array() ? *value : empty;
}

const nlohmann::json& object_member(const nlohmann::json& object, const char* name) {
  static const nlohmann::json empty = nlohmann::json::object();
  const nlohmann::json* value = member(object, name);
  return value && value->is_object() ? *value : empty;
}

}  // namespace starcoach
