#include "history_commands.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "backup.hpp"
#include "command_line.hpp"
#include "database.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/json.hpp"
#include "starcoach/mock.hpp"

namespace starcoach::cli {

using storage::Backup;
using storage::backup_text;
using storage::parse_backup;

namespace {

using nlohmann::json;

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

storage::Database open_database(const HistoryRequest& request) { return storage::Database(request.database); }

}  // namespace

int show_history(const Output& output, const HistoryRequest& request) {
  if (!request.principle.empty()) require_principle(request.principle);
  const storage::History history = storage::history_of(open_database(request), request.principle, request.last);
  if (output.format == Format::json) {
    output.out << dump_json(storage::history_json(history)) << "\n";
    return 0;
  }
  const Terminal& t = output.terminal;
  if (history.attempts.empty() && history.mock_interviews.empty()) {
    output.out << "No practice saved yet. Run starcoach practice, or save an attempt on the web page.\n";
    return 0;
  }
  output.out << t.paint("Your practice, newest first", Style::bold) << "\n";
  for (const storage::Attempt& attempt : history.attempts) {
    output.out << "  " << attempt.created_at.substr(0, 10) << "  " << t.paint(bar(attempt.score / 100.0, 10), Style::accent) << " "
               << (attempt.score < 10 ? " " : "") << attempt.score << "  "
               << t.paint(attempt.principle.empty() ? "" : require_principle(attempt.principle).name, Style::dim) << "\n"
               << t.wrap(attempt.question.empty() ? "(no question)" : attempt.question, 6);
    if (attempt.delivery.is_object())
      output.out << t.paint(t.wrap("spoken: " + spoken_summary(spoken_delivery_of(attempt.delivery)), 6), Style::dim);
  }
  if (!history.mock_interviews.empty()) {
    output.out << "\n" << t.paint("Mock interviews", Style::bold) << t.paint("  (see one with: starcoach mock --show N)", Style::dim) << "\n";
    for (const storage::MockInterview& mock : history.mock_interviews)
      output.out << "  " << mock.created_at.substr(0, 10) << "  " << t.paint(bar(mock.score / 100.0, 10), Style::accent) << " "
                 << (mock.score < 10 ? " " : "") << mock.score << "  #" << mock.id << ", " << mock.questions << " questions\n";
  }
  if (!history.recurring.empty()) {
    output.out << "\n" << t.paint("What comes back most", Style::bold) << "\n";
    for (std::size_t i = 0; i < history.recurring.size() && i < 5; ++i)
      output.out << "  " << history.recurring[i].count << "x  " << history.recurring[i].title << "\n";
  }
  return 0;
}

int backup(const Output& output, const HistoryRequest& request) {
  const storage::Database database = open_database(request);
  const Backup backup = storage::backup_of(database);
  write_file_safely(request.file, backup_text(backup));
  output.out << "Saved " << backup.stories.size() << " stories, " << backup.attempts.size() << " attempts and "
             << backup.mock_interviews.size() << " mock interviews to " << request.file << ".\n";
  return 0;
}

int restore(const Output& output, const HistoryRequest& request) {
  std::ifstream in(request.file, std::ios::binary);
  if (!in) throw InputError("cannot read " + request.file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const Backup backup = parse_backup(text, request.file);
  const std::vector<Story>& stories = backup.stories;
  const std::vector<storage::Attempt>& attempts = backup.attempts;
  const std::vector<storage::MockInterview>& mocks = backup.mock_interviews;
  storage::Database database = open_database(request);
  if (!request.replace && (!database.stories().empty() || database.attempt_count() > 0 || !database.mock_interviews().empty()))
    throw UsageError("the database already holds stories, attempts or mock interviews; restore with --replace to overwrite them");
  database.replace_all(stories, attempts, mocks, backup.recordings);
  output.out << "Restored " << stories.size() << " stories, " << attempts.size() << " attempts and " << mocks.size()
             << " mock interviews.\n";
  return 0;
}

void add_history_commands(CommandLine& line) {
  auto request = std::make_shared<HistoryRequest>();
  auto run = [request](int (*command)(const Output&, const HistoryRequest&)) {
    return [request, command](const Output& output, std::istream&) { return command(output, *request); };
  };
  CLI::App* history = line.add("history", "Your practice attempts and the findings that come back most", run(show_history));
  history->add_option("--principle", request->principle, "Only attempts for this principle id");
  history->add_option("--last", request->last, "How many attempts, newest first")->check(CLI::Range(1, 100000))->default_str("20");
  line.format_option(history);
  CLI::App* backup_command = line.add("backup", "Write every story and attempt to a JSON file", run(backup));
  backup_command->add_option("file", request->file, "The backup file to write")->required();
  CLI::App* restore_command = line.add("restore", "Read stories and attempts back from a backup file", run(restore));
  restore_command->add_option("file", request->file, "The backup file to read")->required();
  restore_command->add_flag("--replace", request->replace, "Overwrite the stories and attempts already in the database");
  for (CLI::App* command : {history, backup_command, restore_command}) CommandLine::database_option(command, request->database);
}

}  // namespace starcoach::cli
