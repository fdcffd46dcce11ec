#include "starcoach/json.hpp"

#include <cmath>

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
  for (const PrincipleScore& score : scores) {
    // Four decimals are plenty for a ranking and keep the output readable.
    double rounded = std::round(score.score * 10000.0) / 10000.0;
    principles.push_back({{"id", score.principle->id}, {"name", score.principle->name}, {"score", rounded}});
  }
  return {{"question", std::string(question)}, {"principles", principles}};
}

std::string dump_json(const json& value, int indent) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace starcoach
