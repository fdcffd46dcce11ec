#include "history_commands.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "database.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/json.hpp"
#include "starcoach/rules.hpp"

namespace starcoach::cli {

namespace {

using nlohmann::json;

constexpr const char* backup_format = "starcoach-backup";

storage::Database open_database(const HistoryRequest& request) {
  return storage::Database(request.database.empty() ? storage::Database::default_path() : request.database);
}

json attempt_json(const storage::Attempt& attempt) {
  return {{"id", attempt.id},
          {"created_at", attempt.created_at},
          {"question_id", attempt.question_id},
          {"question", attempt.question},
          {"principle", attempt.principle},
          {"answer", attempt.answer},
          {"score", attempt.score},
          {"scores", json::parse(attempt.sub_scores, nullptr, false, true)},
          {"spoken_seconds", attempt.spoken_seconds},
          {"seconds_spent", attempt.seconds_spent},
          {"findings", json::parse(attempt.findings, nullptr, false, true)}};
}

std::string rule_title(const std::string& id) {
  for (const Rule& rule : RuleBook::builtin().rules)
    if (rule.id == id) return rule.title;
  return id;
}

}  // namespace

int show_history(const Output& output, const HistoryRequest& request) {
  if (!request.principle.empty()) require_principle(request.principle);
  std::vector<storage::Attempt> attempts = open_database(request).attempts();
  std::erase_if(attempts, [&](const storage::Attempt& a) { return !request.principle.empty() && a.principle != request.principle; });
  std::reverse(attempts.begin(), attempts.end());  // newest first
  if (attempts.size() > static_cast<std::size_t>(request.last)) attempts.resize(static_cast<std::size_t>(request.last));

  std::map<std::string, int> counts;
  for (const storage::Attempt& attempt : attempts) {
    const json findings = json::parse(attempt.findings, nullptr, false);
    if (findings.is_array())
      for (const json& rule : findings)
        if (rule.is_string()) ++counts[rule.get<std::string>()];
  }
  std::vector<std::pair<std::string, int>> recurring(counts.begin(), counts.end());
  std::stable_sort(recurring.begin(), recurring.end(), [](const auto& a, const auto& b) { return a.second > b.second; });

  if (output.format == Format::json) {
    json list = json::array(), common = json::array();
    for (const storage::Attempt& attempt : attempts) list.push_back(attempt_json(attempt));
    for (const auto& [rule, count] : recurring) common.push_back({{"rule", rule}, {"title", rule_title(rule)}, {"count", count}});
    output.out << dump_json({{"attempts", list}, {"recurring", common}}) << "\n";
    return 0;
  }
  const Terminal& t = output.terminal;
  if (attempts.empty()) {
    output.out << "No practice saved yet. Run starcoach practice, or save an attempt on the web page.\n";
    return 0;
  }
  output.out << t.paint("Your practice, newest first", Style::bold) << "\n";
  for (const storage::Attempt& attempt : attempts) {
    const std::string date = attempt.created_at.substr(0, 10);
    output.out << "  " << date << "  " << t.paint(bar(attempt.score / 100.0, 10), Style::accent) << " "
               << (attempt.score < 10 ? " " : "") << attempt.score << "  "
               << t.paint(attempt.principle.empty() ? "" : require_principle(attempt.principle).name, Style::dim) << "\n"
               << t.wrap(attempt.question.empty() ? "(no question)" : attempt.question, 6);
  }
  if (!recurring.empty()) {
    output.out << "\n" << t.paint("What comes back most", Style::bold) << "\n";
    for (std::size_t i = 0; i < recurring.size() && i < 5; ++i)
      output.out << "  " << recurring[i].second << "x  " << rule_title(recurring[i].first) << "\n";
  }
  return 0;
}

int backup(const Output& output, const HistoryRequest& request) {
  const storage::Database database = open_database(request);
  json stories = json::array(), attempts = json::array();
  for (const Story& story : database.stories()) stories.push_back(story_json(story));
  for (const storage::Attempt& attempt : database.attempts()) attempts.push_back(attempt_json(attempt));
  const std::string text = dump_json({{"format", backup_format}, {"version", 1}, {"stories", stories}, {"attempts", attempts}});
  // Write beside the target, then rename: a failed backup never leaves half a file.
  const std::string temporary = request.file + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text << "\n";
    if (!out.flush()) throw InputError("cannot write " + request.file);
  }
  if (std::rename(temporary.c_str(), request.file.c_str()) != 0) throw InputError("cannot write " + request.file);
  output.out << "Saved " << stories.size() << " stories and " << attempts.size() << " attempts to " << request.file << ".\n";
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
      attempts.push_back(std::move(attempt));
    }
  } catch (const json::exception& error) {
    throw InputError(request.file + " is damaged: " + error.what());
  }
  storage::Database database = open_database(request);
  if (!request.replace && (!database.stories().empty() || database.attempt_count() > 0))
    throw UsageError("the database already holds stories or attempts; restore with --replace to overwrite them");
  database.replace_all(stories, attempts);
  output.out << "Restored " << stories.size() << " stories and " << attempts.size() << " attempts.\n";
  return 0;
}

}  // namespace starcoach::cli
