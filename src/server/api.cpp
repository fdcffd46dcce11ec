#include "api.hpp"

#include <cmath>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <random>

#include "starcoach/analysis.hpp"
#include "starcoach/classifier.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/json.hpp"
#include "starcoach/knowledge.hpp"
#include "starcoach/mock.hpp"
#include "starcoach/speaking.hpp"
#include "starcoach/stories.hpp"
#include "delivery.hpp"
#include "request_fields.hpp"

namespace starcoach::server {

Reply error_reply(int status, const std::string& code, const std::string& message) {
  return {status, {{"error", {{"code", code}, {"message", message}}}}, {}};
}

void Criteria::apply(AnalysisOptions& options) const {
  if (role) options.role = *role;
  if (target_seconds) options.target_seconds = *target_seconds;
  if (rules) options.rules = rules.get();
}

std::shared_ptr<const Criteria> criteria_from_json(const json& criteria) {
  static std::mutex guard;
  static std::map<std::string, std::shared_ptr<const Criteria>> made;  // a cohort's criteria change rarely
  if (!criteria.is_object()) throw InputError("the criteria must be an object");
  const std::string key = criteria.dump();
  {
    std::lock_guard lock(guard);
    if (auto found = made.find(key); found != made.end()) return found->second;
  }
  auto read = std::make_shared<Criteria>();
  for (const auto& [name, value] : criteria.items()) {
    if (name == "role") {
      if (!value.is_string() || !role_from_name(value.get<std::string>()))
        throw InputError("the criteria's \"role\" must be general, sales or technical");
      read->role = role_from_name(value.get<std::string>());
    } else if (name == "target_seconds") {
      if (!value.is_number() || value.get<double>() < 30 || value.get<double>() > 300)
        throw InputError("the criteria's \"target_seconds\" must be a number of seconds from 30 to 300");
      read->target_seconds = value.get<double>();
    } else if (name == "rules_off") {
      if (!value.is_array() || value.size() > 100) throw InputError("the criteria's \"rules_off\" must be a list of rule ids");
      auto book = std::make_shared<RuleBook>(RuleBook::builtin());
      for (const json& id : value) {
        if (!id.is_string() || book->find(id.get<std::string>()) == nullptr)
          throw InputError("the criteria's \"rules_off\" names " + id.dump().substr(0, 60) + ", which is not a rule id");
        std::erase_if(book->rules, [&](const Rule& rule) { return rule.id == id.get<std::string>(); });
      }
      read->rules = book;
    } else {
      throw InputError("the criteria have the unknown field \"" + name.substr(0, 60) + "\"; they take role, target_seconds and rules_off");
    }
  }
  std::lock_guard lock(guard);
  if (made.size() > 1000) made.clear();  // bounded, whatever the coaches do
  return made.emplace(key, std::move(read)).first->second;
}

Reply get_health() { return {200, {{"status", "ok"}}}; }

Reply get_settings() {
  const Speaking& speaking = Speaking::builtin();
  json areas = json::array(), rules = json::array();
  for (std::string_view area : score_areas) areas.push_back(area);
  for (const Rule& rule : RuleBook::builtin().rules) rules.push_back({{"id", rule.id}, {"title", rule.title}});  // for a coach's criteria
  return {200,
          {{"speaking",
            {{"target_seconds", speaking.target_seconds},
             {"default_words_per_minute", speaking.default_words_per_minute},
             {"words_per_minute", {{"lowest", speaking.lowest_words_per_minute}, {"highest", speaking.highest_words_per_minute}}}}},
           {"score_areas", areas},
           {"opening_principle", MockSettings::builtin().always_first},
           {"principles", knowledge().principles().size()},
           {"rules", rules}}};
}

Reply get_principles() { return {200, principles_json(knowledge())}; }

Reply get_principle(const std::string& id) {
  const Principle* principle = knowledge().find_principle(id);
  if (principle == nullptr) return error_reply(404, "not_found", "no principle with the id \"" + id + "\"");
  return {200, principle_json(knowledge(), *principle, true)};
}

Reply get_questions(const std::map<std::string, std::string>& query) {
  return guarded([&] {
    std::vector<const Question*> questions;
    auto principle = query.find("principle");
    if (principle != query.end() && !principle->second.empty()) {
      questions = knowledge().questions_for(principle_field(principle->second, "principle").id);
    } else {
      questions = knowledge().principle_questions();
    }
    auto random = query.find("random");
    if (random != query.end()) {
      const std::string& text = random->second;
      if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos || std::stoi(text) < 1)
        throw BadRequest{"wrong_type", "\"random\" must be a whole number from 1 to 9999"};
      std::mt19937_64 engine(std::random_device{}());
      std::shuffle(questions.begin(), questions.end(), engine);
      questions.resize(std::min<std::size_t>(questions.size(), static_cast<std::size_t>(std::stoi(text))));
    }
    return Reply{200, questions_json(questions)};
  });
}

namespace {

// The options of a check request ({"text", "question", "principle", "role", "wpm"}), with
// the coach's criteria over them.
AnalysisOptions check_options(const json& request, const Criteria* criteria = nullptr) {
  AnalysisOptions options;
  options.question = string_field(request, "question", false);
  const std::string principle = string_field(request, "principle", false);
  if (!principle.empty()) options.principle = principle_field(principle, "principle").id;
  const std::string role = string_field(request, "role", false);
  if (!role.empty()) {
    std::optional<Role> parsed = role_from_name(role);
    if (!parsed) throw BadRequest{"wrong_value", "\"role\" must be general, sales or technical"};
    options.role = *parsed;
  }
  if (request.contains("wpm") && !request["wpm"].is_null()) {
    if (!request["wpm"].is_number()) throw BadRequest{"wrong_type", "\"wpm\" must be a number"};
    options.words_per_minute = request["wpm"].get<double>();
    const Speaking& speaking = Speaking::builtin();
    if (!speaking.accepts(options.words_per_minute))
      throw BadRequest{"wrong_value", "\"wpm\" must be " + speaking.accepted_range()};
  }
  if (criteria != nullptr) criteria->apply(options);
  return options;
}

double seconds_field(const json& object, const char* name) {
  auto found = object.find(name);
  if (found == object.end() || found->is_null()) return 0;
  if (!found->is_number() || found->get<double>() < 0 || found->get<double>() > 86400)
    throw BadRequest{"wrong_type", std::string("\"") + name + "\" must be a number of seconds"};
  return found->get<double>();
}

std::vector<std::string> id_list_field(const json& object, const char* name) {
  std::vector<std::string> ids;
  auto found = object.find(name);
  if (found == object.end() || found->is_null()) return ids;
  if (!found->is_array()) throw BadRequest{"wrong_type", std::string("\"") + name + "\" must be a list of principle ids"};
  for (const json& id : *found) {
    if (!id.is_string()) throw BadRequest{"wrong_type", std::string("\"") + name + "\" must be a list of principle ids"};
    ids.push_back(principle_field(id.get<std::string>(), name).id);
  }
  return ids;
}

// A spoken answer brings the delivery measures /api/transcribe gave it. Only those fields
// are kept, each of its own type and size: the object is stored and shown again later.
std::optional<json> delivery_field(const json& object) {
  auto found = object.find("delivery");
  if (found == object.end() || found->is_null()) return std::nullopt;
  auto fail = [](const std::string& what) -> json {
    throw BadRequest{"wrong_type", "\"delivery\" must be the delivery object that /api/transcribe returned: " + what};
  };
  if (!found->is_object()) return fail("it is not an object");
  constexpr std::size_t longest_list = 1000, longest_text = 500;
  auto number = [&](const json& value, const std::string& name) {
    if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0 || value.get<double>() > 1e6)
      fail("\"" + name + "\" must be a number from 0 to 1,000,000");
    return value.get<double>();
  };
  auto text = [&](const json& value, const std::string& name) {
    if (!value.is_string() || value.get_ref<const std::string&>().size() > longest_text) fail("\"" + name + "\" must be a short text");
    return value.get<std::string>();
  };
  json clean = json::object();
  for (const char* required : {"words_per_minute", "speaking_seconds", "fillers"})
    if (!found->contains(required)) fail(std::string("\"") + required + "\" is missing");
  for (const auto& [name, value] : found->items()) {
    if (name == "speaking_seconds" || name == "words" || name == "words_per_minute" || name == "fillers" ||
        name == "fillers_per_minute" || name == "long_pause_count") {
      clean[name] = number(value, name);
    } else if (name == "timing" || name == "pace" || name == "filler_level") {
      clean[name] = text(value, name);
    } else if (name == "filler_words" || name == "notes") {
      if (!value.is_array() || value.size() > longest_list) fail("\"" + name + "\" must be a list of texts");
      json list = json::array();
      for (const json& item : value) list.push_back(text(item, name));
      clean[name] = list;
    } else if (name == "long_pauses") {
      if (!value.is_array() || value.size() > longest_list) fail("\"long_pauses\" must be a list of {\"at\", \"seconds\"}");
      json list = json::array();
      for (const json& pause : value) {
        if (!pause.is_object() || pause.size() != 2 || !pause.contains("at") || !pause.contains("seconds"))
          fail("\"long_pauses\" must be a list of {\"at\", \"seconds\"}");
        list.push_back({{"at", number(pause["at"], "at")}, {"seconds", number(pause["seconds"], "seconds")}});
      }
      clean[name] = list;
    } else {
      fail("unknown field \"" + name + "\"");
    }
  }
  return clean;
}

std::string answer_text(const json& request) {
  const std::string text = string_field(request, "text", true);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw BadRequest{"empty_text", "\"text\" is empty"};
  return text;
}

}  // namespace

Reply post_check(const std::string& body, const Criteria* criteria) {
  return guarded([&] {
    const json request = parse_object(body);
    const AnalysisOptions options = check_options(request, criteria);
    return Reply{200, analysis_json(analyse(answer_text(request), options))};
  });
}

Reply post_attempt(const std::string& body, storage::Database& database, const Criteria* criteria) {
  return guarded([&] {
    const json request = parse_object(body);
    const AnalysisOptions options = check_options(request, criteria);
    const std::string text = answer_text(request);
    const Analysis analysis = analyse(text, options);
    storage::Attempt attempt = storage::attempt_from(analysis, options, text, string_field(request, "question_id", false),
                                                     seconds_field(request, "seconds_spent"));
    if (const std::optional<json> delivery = delivery_field(request)) attempt.delivery = *delivery;
    const long long id = database.save_attempt(attempt);
    return Reply{201, {{"id", id}, {"score", analysis.score.overall}}};
  });
}

namespace {

Reply story_reply(int status, const std::optional<Story>& story, long long id) {
  if (!story) return error_reply(404, "not_found", "no story with the id " + std::to_string(id));
  return {status, story_json(*story)};
}

}  // namespace

Reply get_stories(storage::Database& database) {
  json list = json::array();
  for (const Story& story : database.stories()) list.push_back(story_json(story));
  return {200, list};
}

Reply post_story(const std::string& body, storage::Database& database) {
  return guarded([&] {
    const json request = parse_object(body);
    const std::string text = string_field(request, "text", true);
    Story story = story_from_text(text, string_field(request, "title", false), string_field(request, "role", false));
    const long long id = database.add_story(story);
    return story_reply(201, database.story(id), id);
  });
}

Reply get_story(long long id, storage::Database& database) { return story_reply(200, database.story(id), id); }

Reply put_story(long long id, const std::string& body, storage::Database& database) {
  return guarded([&] {
    std::optional<Story> story = database.story(id);
    if (!story) return error_reply(404, "not_found", "no story with the id " + std::to_string(id));
    const json request = parse_object(body);
    StoryEdit edit;
    for (const auto& [name, field] : {std::pair{"title", &edit.title}, {"role", &edit.role}, {"situation", &edit.situation},
                                      {"task", &edit.task}, {"action", &edit.action}, {"result", &edit.result}})
      if (request.contains(name)) *field = string_field(request, name, true);
    if (request.contains("principles")) {
      if (!request["principles"].is_array()) throw BadRequest{"wrong_type", "\"principles\" must be a list of principle ids"};
      edit.principles.emplace();
      for (const json& id_value : request["principles"]) {
        if (!id_value.is_string()) throw BadRequest{"wrong_type", "\"principles\" must be a list of principle ids"};
        edit.principles->push_back(principle_field(id_value.get<std::string>(), "principles").id);
      }
    }
    if (request.contains("shared")) {  // with the candidate's coaches
      if (!request["shared"].is_boolean()) throw BadRequest{"wrong_type", "\"shared\" must be true or false"};
      database.share_story(id, request["shared"].get<bool>());
    }
    apply_edit(*story, edit);
    database.update_story(*story);
    return story_reply(200, database.story(id), id);
  });
}

Reply delete_story(long long id, storage::Database& database) {
  if (!database.remove_story(id)) return error_reply(404, "not_found", "no story with the id " + std::to_string(id));
  return {200, {{"removed", id}}};
}

Reply post_story_match(const std::string& body, storage::Database& database) {
  return guarded([&] {
    const json request = parse_object(body);
    const std::string question = string_field(request, "question", true);
    if (question.find_first_not_of(" \t\r\n") == std::string::npos) throw BadRequest{"empty_text", "\"question\" is empty"};
    const std::vector<Story> stories = database.stories();
    return Reply{200, matches_json(question, match_stories(question, stories))};
  });
}

Reply get_coverage(const std::map<std::string, std::string>& query, storage::Database& database) {
  return guarded([&] {
    const int target = number_parameter(query, "target", 2, 1, 20);
    const std::vector<Story> stories = database.stories();
    return Reply{200, coverage_json(coverage_of(stories, target), stories)};
  });
}

Reply get_history(const std::map<std::string, std::string>& query, storage::Database& database) {
  return guarded([&] {
    auto principle = query.find("principle");
    const std::string id = principle == query.end() ? "" : principle->second;
    if (!id.empty()) principle_field(id, "principle");
    return Reply{200, storage::history_json(storage::history_of(database, id, number_parameter(query, "last", 200, 1, 100000)))};
  });
}

Reply post_transcribe(const std::string& body) {
  return guarded([&] {
    if (body.empty()) throw BadRequest{"empty_body", "the body is empty: send the recording as a 16 kHz mono 16-bit WAV file"};
    const speech::Transcript transcript = speech::transcribe_wav(body);
    if (transcript.words.empty())
      throw BadRequest{"no_speech", "no words were recognised in the recording: check the microphone and speak closer to it"};
    return Reply{200, speech::transcript_json(transcript)};
  });
}

Reply post_mock_plan(const std::string& body) {
  return guarded([&] {
    const json request = parse_object(body);
    const MockSettings& settings = MockSettings::builtin();
    int count = settings.default_questions;
    if (request.contains("questions") && !request["questions"].is_null()) {
      if (!request["questions"].is_number_integer() || request["questions"].get<int>() < 1 || request["questions"].get<int>() > 20)
        throw BadRequest{"wrong_type", "\"questions\" must be a whole number from 1 to 20"};
      count = request["questions"].get<int>();
    }
    const auto plan = plan_interview(id_list_field(request, "principles"), id_list_field(request, "exclude"), count,
                                     std::random_device{}());
    return Reply{200, {{"questions", questions_json(plan)}, {"minutes_per_answer", settings.default_minutes_per_answer}}};
  });
}

Reply post_mock_follow_ups(const std::string& body, const Criteria* criteria) {
  return guarded([&] {
    const json request = parse_object(body);
    const AnalysisOptions options = check_options(request, criteria);
    const Analysis analysis = analyse(answer_text(request), options);
    json follow_ups = json::array();
    for (const FollowUp& follow_up : choose_follow_ups(analysis, std::random_device{}()))
      follow_ups.push_back({{"kind", follow_up.kind}, {"question", follow_up.question}});
    return Reply{200, {{"gaps", gaps_of(analysis)}, {"follow_ups", follow_ups}, {"score", analysis.score.overall}}};
  });
}

namespace {

MockAnswer mock_answer(const json& entry) {
  if (!entry.is_object()) throw BadRequest{"wrong_type", "each of \"answers\" must be an object"};
  MockAnswer answer;
  answer.question = string_field(entry, "question", true);
  answer.question_id = string_field(entry, "question_id", false);
  const std::string principle = string_field(entry, "principle", false);
  if (!principle.empty()) answer.principle = principle_field(principle, "principle").id;
  answer.answer = string_field(entry, "text", false);
  answer.seconds_spent = seconds_field(entry, "seconds_spent");
  answer.seconds_allowed = seconds_field(entry, "seconds_allowed");
  if (const std::optional<json> delivery = delivery_field(entry)) answer.delivery = spoken_delivery_of(*delivery);
  auto follow_ups = entry.find("follow_ups");
  if (follow_ups != entry.end() && !follow_ups->is_null()) {
    if (!follow_ups->is_array() || follow_ups->size() > 4)
      throw BadRequest{"wrong_type", "\"follow_ups\" must be a list of at most four {kind, question, answer}"};
    for (const json& item : *follow_ups) {
      if (!item.is_object()) throw BadRequest{"wrong_type", "each follow-up must be an object {kind, question, answer}"};
      FollowUp follow_up{string_field(item, "kind", true), string_field(item, "question", true), string_field(item, "answer", false)};
      if (!FollowUpBank::builtin().is_kind(follow_up.kind))
        throw BadRequest{"wrong_value", "\"kind\" must be a gap id, \"weak\" or \"deeper\""};
      answer.follow_ups.push_back(std::move(follow_up));
    }
  }
  return answer;
}

}  // namespace

Reply post_mock(const std::string& body, storage::Database& database) {
  return guarded([&] {
    const json request = parse_object(body);
    const auto answers = request.find("answers");
    if (answers == request.end() || !answers->is_array() || answers->empty() || answers->size() > 20)
      throw BadRequest{"wrong_type", "\"answers\" must be a list of 1 to 20 answers"};
    std::vector<MockAnswer> parsed;
    for (const json& entry : *answers) parsed.push_back(mock_answer(entry));
    const Scorecard scorecard = score_interview(parsed);
    storage::MockInterview mock{0, "", scorecard.overall, scorecard.questions, dump_json(scorecard_json(scorecard), -1)};
    const long long id = database.save_mock_interview(mock);
    return Reply{201, storage::mock_interview_json(*database.mock_interview(id))};
  });
}

Reply get_mock_interviews(storage::Database& database) { return {200, storage::mock_interview_list(database)}; }

Reply get_mock_interview(long long id, const std::map<std::string, std::string>& query, storage::Database& database) {
  const std::optional<storage::MockInterview> mock = database.mock_interview(id);
  if (!mock) return error_reply(404, "not_found", "no mock interview with the id " + std::to_string(id));
  auto format = query.find("format");
  if (format == query.end() || format->second == "json") return {200, storage::mock_interview_json(*mock)};
  if (format->second != "markdown") return error_reply(400, "wrong_value", "\"format\" must be json or markdown");
  return {200, {{"id", id}, {"markdown", scorecard_markdown(scorecard_from_json(json::parse(mock->scorecard, nullptr, false)))}}};
}

Reply post_classify(const std::string& body) {
  return guarded([&] {
    const json request = parse_object(body);
    const std::string question = string_field(request, "question", true);
    if (question.find_first_not_of(" \t\r\n") == std::string::npos)
      throw BadRequest{"empty_text", "\"question\" is empty"};
    return Reply{200, classification_json(question, QuestionClassifier::builtin().classify(question))};
  });
}

}  // namespace starcoach::server
