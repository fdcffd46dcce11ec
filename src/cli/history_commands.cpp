#include "history_commands.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "database.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/json.hpp"
#include "starcoach/knowledge.hpp"
#include "starcoach/mock.hpp"

namespace starcoach::cli {

namespace {

using nlohmann::json;

constexpr const char* backup_format = "starcoach-backup";

// Writes `text` to `path` as a careful program does: into a new file beside it, flushed to
// the disk, then renamed over the target, so a failure never leaves half a file. Only a
// regular file is replaced (not a folder, link, device or pipe), and it keeps its
// permissions; a new file is the user's alone (0600), as the backup holds private stories.
void write_file_safely(const std::string& path, const std::string& text) {
  auto failed = [&](const std::string& what) { return InputError("cannot write " + path + ": " + what); };
  mode_t mode = 0600;
  struct stat target;
  if (::lstat(path.c_str(), &target) == 0) {
    if (!S_ISREG(target.st_mode)) throw failed("it is not a regular file (a folder, link, device or pipe); choose a file name");
    mode = target.st_mode & 07777;
  } else if (errno != ENOENT) {
    throw failed(std::strerror(errno));
  }
  std::string temporary = path + ".partial-XXXXXX";
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) throw failed(std::string("cannot create a file beside it: ") + std::strerror(errno));
  bool written = ::fchmod(fd, mode) == 0;
  for (std::size_t done = 0; written && done < text.size();) {
    const ssize_t wrote = ::write(fd, text.data() + done, text.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    written = wrote > 0;
    if (written) done += static_cast<std::size_t>(wrote);
  }
  const int error = written ? (::fsync(fd) == 0 ? 0 : errno) : errno;
  if (::close(fd) != 0 || error != 0 || !written || ::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(error != 0 ? error : errno);
    ::unlink(temporary.c_str());
    throw failed(reason);
  }
}

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
  write_file_safely(request.file, text + "\n");
  output.out << "Saved " << stories.size() << " stories, " << attempts.size() << " attempts and " << mocks.size()
             << " mock interviews to " << request.file << ".\n";
  return 0;
}

int restore(const Output& output, const HistoryRequest& request) {
  std::ifstream in(request.file, std::ios::binary);
  if (!in) throw InputError("cannot read " + request.file);
  bool too_deep = false;
  const json document = json::parse(
      in, [&too_deep](int depth, json::parse_event_t, json&) { return !(too_deep = too_deep || depth > 64); }, false);
  if (too_deep) throw InputError(request.file + " is not a starcoach backup: it is nested too deeply");
  if (document.is_discarded() || !document.is_object() || document.value("format", "") != backup_format)
    throw InputError(request.file + " is not a starcoach backup");
  // The file is checked as a whole before anything is written: the first problem is named
  // and the database is left as it was.
  auto damaged = [&](const std::string& what) { return InputError(request.file + " cannot be restored: " + what); };
  const json version = document.value("version", json());
  if (!version.is_number_integer() || version.get<int>() < 1 || version.get<int>() > 2)
    throw damaged("it was written by another version of starcoach (backup version " + version.dump() + ")");
  const KnowledgeBase& knowledge = KnowledgeBase::builtin();
  auto check_id = [&](const json& entry, const std::string& what) {
    const long long id = entry.at("id").get<long long>();
    if (id <= 0) throw damaged(what + " has the id " + std::to_string(id) + "; ids are positive");
    return id;
  };
  auto check_score = [&](int score, const std::string& what) {
    if (score < 0 || score > 100) throw damaged(what + " has the score " + std::to_string(score) + "; scores are 0 to 100");
    return score;
  };
  auto check_principle = [&](const std::string& id, const std::string& what) {
    if (!id.empty() && knowledge.find_principle(id) == nullptr) throw damaged(what + " names the unknown principle \"" + id + "\"");
    return id;
  };
  std::vector<Story> stories;
  std::vector<storage::Attempt> attempts;
  std::vector<storage::MockInterview> mocks;
  try {
    for (const json& entry : document.at("stories")) {
      Story story;
      story.id = check_id(entry, "a story");
      const std::string what = "story " + std::to_string(story.id);
      for (const auto& [key, field] : {std::pair{"title", &story.title}, {"situation", &story.situation}, {"task", &story.task},
                                       {"action", &story.action}, {"result", &story.result}, {"role", &story.role},
                                       {"summary", &story.summary}, {"created_at", &story.created_at}, {"updated_at", &story.updated_at}})
        *field = entry.at(key).get<std::string>();
      for (const json& principle : entry.at("principles"))
        story.principles.push_back({check_principle(principle.at("id").get<std::string>(), what),
                                    check_score(principle.at("strength").get<int>(), what)});
      stories.push_back(std::move(story));
    }
    for (const json& entry : document.at("attempts")) {
      storage::Attempt attempt;
      attempt.id = check_id(entry, "an attempt");
      const std::string what = "attempt " + std::to_string(attempt.id);
      for (const auto& [key, field] : {std::pair{"created_at", &attempt.created_at}, {"question_id", &attempt.question_id},
                                       {"question", &attempt.question}, {"principle", &attempt.principle}, {"answer", &attempt.answer}})
        *field = entry.at(key).get<std::string>();
      check_principle(attempt.principle, what);
      attempt.score = check_score(entry.at("score").get<int>(), what);
      attempt.spoken_seconds = entry.at("spoken_seconds").get<double>();
      attempt.seconds_spent = entry.at("seconds_spent").get<double>();
      if (!(attempt.spoken_seconds >= 0 && attempt.spoken_seconds < 1e6 && attempt.seconds_spent >= 0 && attempt.seconds_spent < 1e6))
        throw damaged(what + " has a time that is not a number of seconds");
      attempt.sub_scores = dump_json(entry.at("scores"), -1);
      attempt.findings = dump_json(entry.at("findings"), -1);
      attempt.delivery = dump_json(entry.value("delivery", json()), -1);  // version 1 backups have none
      attempts.push_back(std::move(attempt));
    }
    for (const json& entry : document.value("mock_interviews", json::array())) {
      const long long id = check_id(entry, "a mock interview");
      const std::string what = "mock interview " + std::to_string(id);
      const int questions = entry.at("questions").get<int>();
      if (questions < 0 || questions > 1000) throw damaged(what + " has " + std::to_string(questions) + " questions");
      mocks.push_back({id, entry.at("created_at").get<std::string>(), check_score(entry.at("score").get<int>(), what), questions,
                       dump_json(entry.at("scorecard"), -1)});
    }
  } catch (const json::exception& error) {
    throw damaged(std::string("a field is missing or of the wrong type (") + error.what() + ")");
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
