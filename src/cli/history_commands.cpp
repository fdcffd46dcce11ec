#include "history_commands.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "database.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/json.hpp"
#include "starcoach/mock.hpp"

namespace starcoach::cli {

namespace {

using nlohmann::json;

constexpr const char* backup_format = "starcoach-backup";

storage::Database open_database(const HistoryRequest& request) {
  return storage::Database(request.database.empty() ? storage::Database::default_path() : request.database);
}

}  // namespace

int show_history(const Output& output, const HistoryRequest& request) {
  if (!request.principle.empty()) require_principle(request.principle);
  const json history = storage::history_json(open_database(request), request.principle, request.last);
  if (output.format == Format::json) {
    output.out << dump_json(history) << "\n";
    return 0;
  }
  const Terminal& t = output.terminal;
  if (history["attempts"].empty() && history["mock_interviews"].empty()) {
    output.out << "No practice saved yet. Run starcoach practice, or save an attempt on the web page.\n";
    return 0;
  }
  output.out << t.paint("Your practice, newest first", Style::bold) << "\n";
  for (const json& attempt : history["attempts"]) {
    const int score = attempt["score"].get<int>();
    const std::string principle = attempt["principle"].get<std::string>();
    const std::string question = attempt["question"].get<std::string>();
    output.out << "  " << attempt["created_at"].get<std::string>().substr(0, 10) << "  "
               << t.paint(bar(score / 100.0, 10), Style::accent) << " " << (score < 10 ? " " : "") << score << "  "
               << t.paint(principle.empty() ? "" : require_principle(principle).name, Style::dim) << "\n"
               << t.wrap(question.empty() ? "(no question)" : question, 6);
    const json& delivery = object_member(attempt, "delivery");
    if (!delivery.empty()) output.out << t.paint(t.wrap("spoken: " + spoken_summary(spoken_delivery_of(delivery)), 6), Style::dim);
  }
  if (!history["mock_interviews"].empty()) {
    output.out << "\n" << t.paint("Mock interviews", Style::bold) << t.paint("  (see one with: starcoach mock --show N)", Style::dim) << "\n";
    for (const json& mock : history["mock_interviews"]) {
      const int score = mock["score"].get<int>();
      output.out << "  " << mock["created_at"].get<std::string>().substr(0, 10) << "  " << t.paint(bar(score / 100.0, 10), Style::accent)
                 << " " << (score < 10 ? " " : "") << score << "  #" << mock["id"].get<long long>() << ", "
                 << mock["questions"].get<int>() << " questions\n";
    }
  }
  if (!history["recurring"].empty()) {
    output.out << "\n" << t.paint("What comes back most", Style::bold) << "\n";
    for (std::size_t i = 0; i < history["recurring"].size() && i < 5; ++i)
      output.out << "  " << history["recurring"][i]["count"].get<int>() << "x  "
                 << history["recurring"][i]["title"].get<std::string>() << "\n";
  }
  return 0;
}

int backup(const Output& output, const HistoryRequest& request) {
  const storage::Database database = open_database(request);
  json stories = json::array(), attempts = json::array(), mocks = json::array();
  for (const Story& story : database.stories()) stories.push_back(story_json(story));
  for (const storage::Attempt& attempt : database.attempts()) attempts.push_back(storage::attempt_json(attempt));
  for (const storage::MockInterview& mock : database.mock_interviews()) mocks.push_back(storage::mock_interview_json(mock));
  const std::string text = dump_json(
      {{"format", backup_format}, {"version", 2}, {"stories", stories}, {"attempts", attempts}, {"mock_interviews", mocks}});
  // Write beside the target, then rename: a failed backup never leaves half a file.
  const std::string temporary = request.file + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text << "\n";
    if (!out.flush()) throw InputError("cannot write " + request.file);
  }
  if (std::rename(temporary.c_str(), request.file.c_str()) != 0) throw InputError("cannot write " + request.file);
  output.out << "Saved " << stories.size() << " stories, " << attempts.size() << " attempts and " << mocks.size()
             << " mock interviews to " << request.file << ".\n";
  return 0;
}

int restore(const Output& output, const HistoryRequest& request) {
  std::ifstream in(request.file, std::ios::binary);
  if (!in) throw InputError("cannot read " + request.file);
  const json document = json::parse(in, nullptr, false);
  if (document.is_discarded() || !document.is_object() || document.value("format", "") != backup_format)
    throw InputError(request.file + " is not a starcoach backup");
  std::vector<Story> stories;
  std::vector<storage::Attempt> attempts;
  std::vector<storage::MockInterview> mocks;
  try {
    for (const json& entry : document.at("stories")) {
      Story story;
      story.id = entry.at("id").get<long long>();
      for (const auto& [key, field] : {std::pair{"title", &story.title}, {"situation", &story.situation}, {"task", &story.task},
                                       {"action", &story.action}, {"result", &story.result}, {"role", &story.role},
                                       {"summary", &story.summary}, {"created_at", &story.created_at}, {"updated_at", &story.updated_at}})
        *field = entry.at(key).get<std::string>();
      for (const json& principle : entry.at("principles"))
        story.principles.push_back({principle.at("id").get<std::string>(), principle.at("strength").get<int>()});
      stories.push_back(std::move(story));
    }
    for (const json& entry : document.at("attempts")) {
      storage::Attempt attempt;
      attempt.id = entry.at("id").get<long long>();
      for (const auto& [key, field] : {std::pair{"created_at", &attempt.created_at}, {"question_id", &attempt.question_id},
                                       {"question", &attempt.question}, {"principle", &attempt.principle}, {"answer", &attempt.answer}})
        *field = entry.at(key).get<std::string>();
      attempt.score = entry.at("score").get<int>();
      attempt.spoken_seconds = entry.at("spoken_seconds").get<double>();
      attempt.seconds_spent = entry.at("seconds_spent").get<double>();
      attempt.sub_scores = dump_json(entry.at("scores"), -1);
      attempt.findings = dump_json(entry.at("findings"), -1);
      attempt.delivery = dump_json(entry.value("delivery", json()), -1);  // version 1 backups have none
      attempts.push_back(std::move(attempt));
    }
    for (const json& entry : document.value("mock_interviews", json::array()))
      mocks.push_back({entry.at("id").get<long long>(), entry.at("created_at").get<std::string>(), entry.at("score").get<int>(),
                       entry.at("questions").get<int>(), dump_json(entry.at("scorecard"), -1)});
  } catch (const json::exception& error) {
    throw InputError(request.file + " is damaged: " + error.what());
  }
  storage::Database database = open_database(request);
  if (!request.replace && (!database.stories().empty() || database.attempt_count() > 0 || !database.mock_interviews().empty()))
    throw UsageError("the database already holds stories, attempts or mock interviews; restore with --replace to overwrite them");
  database.replace_all(stories, attempts, mocks);
  output.out << "Restored " << stories.size() << " stories, " << attempts.size() << " attempts and " << mocks.size()
             << " mock interviews.\n";
  return 0;
}

}  // namespace starcoach::cli
