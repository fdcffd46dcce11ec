#include "database.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <map>
#include <vector>

#include "starcoach/errors.hpp"
#include "starcoach/json.hpp"
#include "starcoach/mock.hpp"
#include "starcoach/rules.hpp"
#include "statement.hpp"

namespace starcoach::storage {

namespace {

// Each migration takes the schema from version i to i + 1. Only ever append.
const std::vector<const char*> migrations = {
    // 1: practice attempts.
    "CREATE TABLE attempts ("
    "  id INTEGER PRIMARY KEY,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
    "  question_id TEXT NOT NULL DEFAULT '',"
    "  question TEXT NOT NULL,"
    "  principle TEXT NOT NULL DEFAULT '',"
    "  answer TEXT NOT NULL,"
    "  score INTEGER NOT NULL,"
    "  spoken_seconds REAL NOT NULL)",
    // 2: the story bank, and the principles each story shows.
    "CREATE TABLE stories ("
    "  id INTEGER PRIMARY KEY,"
    "  title TEXT NOT NULL,"
    "  situation TEXT NOT NULL DEFAULT '',"
    "  task TEXT NOT NULL DEFAULT '',"
    "  action TEXT NOT NULL DEFAULT '',"
    "  result TEXT NOT NULL DEFAULT '',"
    "  role TEXT NOT NULL DEFAULT '',"
    "  summary TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
    "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
    "CREATE TABLE story_principles ("
    "  story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,"
    "  principle TEXT NOT NULL,"
    "  strength INTEGER NOT NULL,"
    "  PRIMARY KEY (story_id, principle))",
    // 3: what the history shows of each attempt.
    "ALTER TABLE attempts ADD COLUMN seconds_spent REAL NOT NULL DEFAULT 0;"
    "ALTER TABLE attempts ADD COLUMN sub_scores TEXT NOT NULL DEFAULT '{}';"
    "ALTER TABLE attempts ADD COLUMN findings TEXT NOT NULL DEFAULT '[]'",
    // 4: how a spoken attempt was delivered, and the scorecards of mock interviews.
    "ALTER TABLE attempts ADD COLUMN delivery TEXT NOT NULL DEFAULT 'null';"
    "CREATE TABLE mock_interviews ("
    "  id INTEGER PRIMARY KEY,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
    "  score INTEGER NOT NULL,"
    "  questions INTEGER NOT NULL,"
    "  scorecard TEXT NOT NULL)",
    // 5: accounts for coaching mode. Each person's rows carry their owner: 0 is the single
    // user of the private app, else a user's id. An attempt is private until submitted to
    // the candidate's coaches; a story until shared with them.
    "ALTER TABLE attempts ADD COLUMN owner INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE attempts ADD COLUMN submitted_at TEXT;"
    "ALTER TABLE attempts ADD COLUMN assignment_id INTEGER;"
    "ALTER TABLE stories ADD COLUMN owner INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE stories ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE mock_interviews ADD COLUMN owner INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX attempts_by_owner ON attempts (owner, id);"
    "CREATE INDEX stories_by_owner ON stories (owner, id);"
    "CREATE INDEX mock_interviews_by_owner ON mock_interviews (owner, id);"
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  email TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL DEFAULT '',"
    "  role TEXT NOT NULL CHECK (role IN ('admin', 'coach', 'candidate')),"
    "  password_hash TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
    "CREATE TABLE sessions ("
    "  token_hash TEXT PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
    "  expires_at TEXT NOT NULL);"
    "CREATE INDEX sessions_by_user ON sessions (user_id);"
    // One-time links: setting a password, or joining as an invited user.
    "CREATE TABLE links ("
    "  token_hash TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('password', 'invitation')),"
    "  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
    "  created_by INTEGER REFERENCES users(id) ON DELETE CASCADE,"
    "  role TEXT NOT NULL DEFAULT '',"
    "  cohort_id INTEGER,"
    "  expires_at TEXT NOT NULL,"
    "  used_at TEXT);"
    "CREATE TABLE sign_in_failures (key TEXT NOT NULL, at TEXT NOT NULL);"
    "CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);"
    "CREATE TABLE coaching ("
    "  coach_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  candidate_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  PRIMARY KEY (coach_id, candidate_id));"
    "CREATE TABLE cohorts ("
    "  id INTEGER PRIMARY KEY,"
    "  coach_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL,"
    "  criteria TEXT NOT NULL DEFAULT '{}',"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
    "CREATE TABLE cohort_members ("
    "  cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,"
    "  candidate_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  PRIMARY KEY (cohort_id, candidate_id));"
    "CREATE TABLE assignments ("
    "  id INTEGER PRIMARY KEY,"
    "  coach_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  candidate_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
    "  cohort_id INTEGER REFERENCES cohorts(id) ON DELETE CASCADE,"
    "  question_id TEXT NOT NULL DEFAULT '',"
    "  question TEXT NOT NULL,"
    "  principle TEXT NOT NULL DEFAULT '',"
    "  due_at TEXT NOT NULL,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
    "CREATE TABLE comments ("
    "  id INTEGER PRIMARY KEY,"
    "  attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,"
    "  author_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  span_start INTEGER NOT NULL,"
    "  span_end INTEGER NOT NULL,"
    "  text TEXT NOT NULL,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
    // A coach's word on the analyser's findings: one dismissed (with the reason), or one added.
    "CREATE TABLE finding_reviews ("
    "  id INTEGER PRIMARY KEY,"
    "  attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,"
    "  author_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  rule TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('dismissed', 'added')),"
    "  text TEXT NOT NULL,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
    "CREATE TABLE audit_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
    "  user_id INTEGER,"
    "  action TEXT NOT NULL,"
    "  subject TEXT NOT NULL DEFAULT '',"
    "  address TEXT NOT NULL DEFAULT '')",
};

}  // namespace

Attempt attempt_from(const Analysis& analysis, const AnalysisOptions& options, const std::string& answer,
                     const std::string& question_id, double seconds_spent) {
  Attempt attempt;
  attempt.question_id = question_id;
  attempt.question = options.question;
  attempt.principle = analysis.principle ? analysis.principle->id : options.principle;
  attempt.answer = answer;
  attempt.score = analysis.score.overall;
  attempt.spoken_seconds = analysis.spoken_seconds;
  attempt.seconds_spent = seconds_spent;
  attempt.scores = analysis.score;
  for (const Finding& finding : analysis.findings) attempt.findings.push_back(finding.rule);
  return attempt;
}

Attempt attempt_from_json(const nlohmann::json& saved) {
  if (!saved.is_object()) throw InputError("an attempt must be an object");
  Attempt attempt;
  for (const auto& [key, field] : {std::pair{"created_at", &attempt.created_at}, {"question_id", &attempt.question_id},
                                   {"question", &attempt.question}, {"principle", &attempt.principle}, {"answer", &attempt.answer}}) {
    if (!saved.contains(key) || !saved[key].is_string()) throw InputError(std::string("its \"") + key + "\" is missing or not a text");
    *field = saved[key].get<std::string>();
  }
  if (!attempt.principle.empty() && KnowledgeBase::builtin().find_principle(attempt.principle) == nullptr)
    throw InputError("it names the unknown principle \"" + attempt.principle + "\"");
  const nlohmann::json score = saved.value("score", nlohmann::json());
  if (!score.is_number_integer() || score.get<long long>() < 0 || score.get<long long>() > 100)
    throw InputError("it has the score " + score.dump().substr(0, 40) + "; scores are 0 to 100");
  attempt.score = static_cast<int>(score.get<long long>());
  for (const auto& [key, field] : {std::pair{"spoken_seconds", &attempt.spoken_seconds}, {"seconds_spent", &attempt.seconds_spent}}) {
    const nlohmann::json seconds = saved.value(key, nlohmann::json());
    if (!seconds.is_number() || !(seconds.get<double>() >= 0 && seconds.get<double>() < 1e6))
      throw InputError("it has a time that is not a number of seconds");
    *field = seconds.get<double>();
  }
  if (!saved.contains("scores") || !saved["scores"].is_object()) throw InputError("its scores are missing or not an object");
  attempt.scores = score_from_json(saved["scores"]);
  if (!saved.contains("findings") || !saved["findings"].is_array()) throw InputError("its findings are missing or not a list");
  for (const nlohmann::json& rule : saved["findings"]) {
    if (!rule.is_string()) throw InputError("its findings must be rule ids");
    attempt.findings.push_back(rule.get<std::string>());
  }
  attempt.delivery = saved.value("delivery", nlohmann::json());
  // Backups before coaching mode have neither: the attempt is private.
  const nlohmann::json submitted = saved.value("submitted_at", nlohmann::json());
  if (!submitted.is_null() && !submitted.is_string()) throw InputError("its \"submitted_at\" must be a time or null");
  attempt.submitted_at = submitted.is_string() ? submitted.get<std::string>() : "";
  const nlohmann::json assignment = saved.value("assignment_id", nlohmann::json());
  if (!assignment.is_null() && !(assignment.is_number_integer() && assignment.get<long long>() > 0))
    throw InputError("its \"assignment_id\" must be an id or null");
  attempt.assignment_id = assignment.is_null() ? 0 : assignment.get<long long>();
  return attempt;
}

nlohmann::json attempt_json(const Attempt& attempt) {
  using nlohmann::json;
  return {{"id", attempt.id},
          {"created_at", attempt.created_at},
          {"question_id", attempt.question_id},
          {"question", attempt.question},
          {"principle", attempt.principle},
          {"answer", attempt.answer},
          {"score", attempt.score},
          {"scores", score_json(attempt.scores)},
          {"spoken_seconds", attempt.spoken_seconds},
          {"seconds_spent", attempt.seconds_spent},
          {"findings", attempt.findings},
          {"delivery", attempt.delivery},
          {"submitted_at", attempt.submitted_at.empty() ? json(nullptr) : json(attempt.submitted_at)},
          {"assignment_id", attempt.assignment_id == 0 ? json(nullptr) : json(attempt.assignment_id)}};
}

namespace {

// A mock interview in a list: without its scorecard.
nlohmann::json mock_summary_json(const MockInterview& mock) {
  return {{"id", mock.id}, {"created_at", mock.created_at}, {"score", mock.score}, {"questions", mock.questions}};
}

}  // namespace

nlohmann::json mock_interview_list(const Database& database) {
  nlohmann::json list = nlohmann::json::array();
  const std::vector<MockInterview> mocks = database.mock_interviews();
  for (auto mock = mocks.rbegin(); mock != mocks.rend(); ++mock) list.push_back(mock_summary_json(*mock));
  return list;
}

nlohmann::json mock_interview_json(const MockInterview& mock) {
  return {{"id", mock.id},
          {"created_at", mock.created_at},
          {"score", mock.score},
          {"questions", mock.questions},
          // Read through the type, so that an old scorecard comes out in today's form.
          {"scorecard", scorecard_json(scorecard_from_json(nlohmann::json::parse(mock.scorecard, nullptr, false)))}};
}

History history_of(const Database& database, const std::string& principle, int last) {
  History history;
  history.attempts = database.attempts();
  std::erase_if(history.attempts, [&](const Attempt& a) { return !principle.empty() && a.principle != principle; });
  std::reverse(history.attempts.begin(), history.attempts.end());  // newest first
  if (last >= 0 && history.attempts.size() > static_cast<std::size_t>(last)) history.attempts.resize(static_cast<std::size_t>(last));
  std::map<std::string, int> counts;
  for (const Attempt& attempt : history.attempts)
    for (const std::string& rule : attempt.findings) ++counts[rule];
  for (const auto& [rule, count] : counts) history.recurring.push_back({rule, RuleBook::builtin().title_of(rule), count});
  std::stable_sort(history.recurring.begin(), history.recurring.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  history.mock_interviews = database.mock_interviews();
  std::reverse(history.mock_interviews.begin(), history.mock_interviews.end());
  for (MockInterview& mock : history.mock_interviews) mock.scorecard.clear();
  return history;
}

nlohmann::json history_json(const History& history) {
  using nlohmann::json;
  json attempts = json::array(), recurring = json::array(), mocks = json::array();
  for (const Attempt& attempt : history.attempts) attempts.push_back(attempt_json(attempt));
  for (const RecurringFinding& finding : history.recurring)
    recurring.push_back({{"rule", finding.rule}, {"title", finding.title}, {"count", finding.count}});
  for (const MockInterview& mock : history.mock_interviews) mocks.push_back(mock_summary_json(mock));
  return {{"attempts", attempts}, {"recurring", recurring}, {"mock_interviews", mocks}};
}

std::string Database::default_path() {
  const char* data_home = std::getenv("XDG_DATA_HOME");
  std::filesystem::path base;
  if (data_home != nullptr && *data_home != '\0') {
    base = data_home;
  } else {
    const char* home = std::getenv("HOME");
    base = std::filesystem::path(home != nullptr && *home != '\0' ? home : ".") / ".local" / "share";
  }
  return (base / "starcoach" / "starcoach.db").string();
}

int Database::latest_schema() { return static_cast<int>(migrations.size()); }

Database::Database(const std::string& path, int schema) : path_(path) {
  // The stories are private (employers, colleagues, numbers): a new folder is the user's
  // alone (0700) and so is a new file (0600); SQLite gives its journal files the same mode.
  std::error_code error;
  const bool in_memory = path == ":memory:";  // for tests and fuzzing: nothing on disk
  const std::filesystem::path parent = in_memory ? std::filesystem::path() : std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent, error)) {
    std::filesystem::create_directories(parent, error);
    if (!error) std::filesystem::permissions(parent, std::filesystem::perms::owner_all, error);
  }
  if (error) throw DatabaseError("cannot create the folder " + parent.string() + ": " + error.message());
  // O_EXCL: only a file that does not exist yet is opened (and closed) here. Closing any
  // descriptor of a file drops every POSIX lock this process holds on it, and SQLite's
  // other connections to it rely on those locks.
  const int created = in_memory ? -1 : ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (created >= 0) ::close(created);
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  db_.reset(raw);
  if (opened != SQLITE_OK)
    throw DatabaseError("cannot open the database " + path + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(db_.get(), 5000);  // another process (the CLI, the server) may be writing
  execute("PRAGMA journal_mode = WAL");
  execute("PRAGMA foreign_keys = ON");
  execute("PRAGMA synchronous = NORMAL");
  migrate(schema);
}

void Database::execute(const std::string& sql) const {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    throw DatabaseError("database " + path_ + ": " + text);
  }
}

std::string Database::integrity_check() const {
  Statement query(db_.get(), "PRAGMA integrity_check");
  std::string result;
  while (query.next_row()) result += (result.empty() ? "" : "\n") + query.text(0);
  return result;
}

int Database::schema_version() const {
  Statement query(db_.get(), "SELECT COALESCE(MAX(version), 0) FROM schema_version");
  return query.next_row() ? sqlite3_column_int(query.get(), 0) : 0;
}

void Database::migrate(int schema) {
  execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  const int current = schema_version();
  if (current > static_cast<int>(migrations.size()))
    throw DatabaseError("the database " + path_ + " was written by a newer starcoach (schema " + std::to_string(current) + ")");
  for (int version = current; version < std::min(schema, latest_schema()); ++version) {
    execute("BEGIN IMMEDIATE");
    try {
      execute(migrations[static_cast<std::size_t>(version)]);
      execute("INSERT INTO schema_version (version, applied_at) VALUES (" + std::to_string(version + 1) +
              ", strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
      execute("COMMIT");
    } catch (...) {
      sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
}

extern const char* const attempt_select;
const char* const attempt_select =
    "SELECT id, created_at, question_id, question, principle, answer, score, spoken_seconds, seconds_spent,"
    " sub_scores, findings, delivery, COALESCE(submitted_at, ''), COALESCE(assignment_id, 0), owner FROM attempts";

std::vector<Attempt> read_attempts(Statement& query) {
  std::vector<Attempt> found;
  while (query.next_row()) {
    Attempt attempt;
    attempt.id = sqlite3_column_int64(query.get(), 0);
    attempt.created_at = query.text(1);
    attempt.question_id = query.text(2);
    attempt.question = query.text(3);
    attempt.principle = query.text(4);
    attempt.answer = query.text(5);
    attempt.score = sqlite3_column_int(query.get(), 6);
    attempt.spoken_seconds = sqlite3_column_double(query.get(), 7);
    attempt.seconds_spent = sqlite3_column_double(query.get(), 8);
    // Written by this program as JSON; a damaged cell reads as empty rather than failing the list.
    attempt.scores = score_from_json(nlohmann::json::parse(query.text(9), nullptr, false));
    const nlohmann::json rules = nlohmann::json::parse(query.text(10), nullptr, false);
    if (rules.is_array())
      for (const nlohmann::json& rule : rules)
        if (rule.is_string()) attempt.findings.push_back(rule.get<std::string>());
    attempt.delivery = nlohmann::json::parse(query.text(11), nullptr, false);
    if (attempt.delivery.is_discarded()) attempt.delivery = nullptr;
    attempt.submitted_at = query.text(12);
    attempt.assignment_id = sqlite3_column_int64(query.get(), 13);
    attempt.owner = sqlite3_column_int64(query.get(), 14);
    found.push_back(std::move(attempt));
  }
  return found;
}

namespace {

// Binds an attempt's fields, from question_id to delivery, starting at parameter `first`.
void bind_attempt(Statement& statement, int first, const Attempt& attempt) {
  int index = first - 1;
  for (const std::string* field : {&attempt.question_id, &attempt.question, &attempt.principle, &attempt.answer})
    statement.bind(++index, *field);
  statement.bind(++index, static_cast<long long>(attempt.score));
  sqlite3_bind_double(statement.get(), ++index, attempt.spoken_seconds);
  sqlite3_bind_double(statement.get(), ++index, attempt.seconds_spent);
  statement.bind(++index, dump_json(score_json(attempt.scores), -1));
  statement.bind(++index, dump_json(nlohmann::json(attempt.findings), -1));
  statement.bind(++index, dump_json(attempt.delivery, -1));
}

}  // namespace

long long Database::save_attempt(const Attempt& attempt) {
  Statement insert(db_.get(),
                   "INSERT INTO attempts (question_id, question, principle, answer, score, spoken_seconds, seconds_spent,"
                   " sub_scores, findings, delivery, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  bind_attempt(insert, 1, attempt);
  insert.bind(11, owner_);
  if (sqlite3_step(insert.get()) != SQLITE_ROW)
    throw DatabaseError("cannot save the attempt in " + path_ + ": " + sqlite3_errmsg(db_.get()));
  const long long id = sqlite3_column_int64(insert.get(), 0);  // from this statement, not the connection
  if (sqlite3_step(insert.get()) != SQLITE_DONE)
    throw DatabaseError("cannot save the attempt in " + path_ + ": " + sqlite3_errmsg(db_.get()));
  return id;
}

std::vector<Attempt> Database::attempts() const {
  Statement query(db_.get(), std::string(attempt_select) + " WHERE owner = ? ORDER BY id");
  query.bind(1, owner_);
  return read_attempts(query);
}

std::optional<Attempt> Database::attempt(long long id) const {
  Statement query(db_.get(), std::string(attempt_select) + " WHERE owner = ? AND id = ?");
  query.bind(1, owner_);
  query.bind(2, id);
  std::vector<Attempt> found = read_attempts(query);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

bool Database::submit_attempt(long long id, long long assignment_id) {
  Statement update(db_.get(),
                   "UPDATE attempts SET submitted_at = COALESCE(submitted_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
                   " assignment_id = COALESCE(assignment_id, NULLIF(?, 0)) WHERE owner = ? AND id = ?");
  update.bind(1, assignment_id);
  update.bind(2, owner_);
  update.bind(3, id);
  step_done(update, db_.get(), path_);
  return sqlite3_changes(db_.get()) > 0;
}

namespace {

// The stories table's text columns and the Story member each holds: the one list that
// every statement about stories is written from. The candidate edits the first ones;
// the database keeps the times.
struct StoryColumn {
  const char* name;
  std::string Story::*field;
};
constexpr StoryColumn story_columns[] = {{"title", &Story::title},   {"situation", &Story::situation}, {"task", &Story::task},
                                         {"action", &Story::action}, {"result", &Story::result},       {"role", &Story::role},
                                         {"summary", &Story::summary}};
constexpr StoryColumn story_times[] = {{"created_at", &Story::created_at}, {"updated_at", &Story::updated_at}};

// "title, situation, ..." (with the times when asked), or with `suffix` after each name
// (" = ?" for an UPDATE).
std::string story_column_list(bool with_times, const char* suffix = "") {
  std::string list;
  for (const StoryColumn& column : story_columns) list += std::string(list.empty() ? "" : ", ") + column.name + suffix;
  if (with_times)
    for (const StoryColumn& column : story_times) list += std::string(", ") + column.name + suffix;
  return list;
}

std::string placeholders(std::size_t count) {
  std::string list;
  for (std::size_t i = 0; i < count; ++i) list += i == 0 ? "?" : ", ?";
  return list;
}

// Binds the story's columns (and times) from parameter `first` on; returns the next one.
int bind_story(Statement& statement, int first, const Story& story, bool with_times) {
  for (const StoryColumn& column : story_columns) statement.bind(first++, story.*column.field);
  if (with_times)
    for (const StoryColumn& column : story_times) statement.bind(first++, story.*column.field);
  return first;
}

// The stories a SELECT of "id", story_column_list(true) and "shared" finds, with their principles.
std::vector<Story> read_stories(Statement& query, Statement& principles) {
  std::vector<Story> found;
  while (query.next_row()) {
    Story story;
    story.id = sqlite3_column_int64(query.get(), 0);
    int index = 0;
    for (const StoryColumn& column : story_columns) story.*column.field = query.text(++index);
    for (const StoryColumn& column : story_times) story.*column.field = query.text(++index);
    story.shared = sqlite3_column_int(query.get(), ++index) != 0;
    found.push_back(std::move(story));
  }
  while (principles.next_row()) {
    const long long id = sqlite3_column_int64(principles.get(), 0);
    for (Story& story : found)
      if (story.id == id) story.principles.push_back({principles.text(1), sqlite3_column_int(principles.get(), 2)});
  }
  return found;
}

void save_principles(sqlite3* db, const std::string& path, const Story& story, long long id) {
  Statement clear(db, "DELETE FROM story_principles WHERE story_id = ?");
  clear.bind(1, id);
  step_done(clear, db, path);
  for (const StoryPrinciple& principle : story.principles) {
    Statement insert(db, "INSERT INTO story_principles (story_id, principle, strength) VALUES (?, ?, ?)");
    insert.bind(1, id);
    insert.bind(2, principle.id);
    insert.bind(3, static_cast<long long>(principle.strength));
    step_done(insert, db, path);
  }
}

}  // namespace

std::vector<Story> stories_of(sqlite3* db, long long owner, bool shared_only) {
  Statement query(db, "SELECT id, " + story_column_list(true) + ", shared FROM stories WHERE owner = ?" +
                          (shared_only ? " AND shared = 1" : "") + " ORDER BY id");
  query.bind(1, owner);
  Statement principles(db, "SELECT story_id, principle, strength FROM story_principles WHERE story_id IN"
                           " (SELECT id FROM stories WHERE owner = ?) ORDER BY story_id, strength DESC, principle");
  principles.bind(1, owner);
  return read_stories(query, principles);
}

long long Database::add_story(const Story& story) {
  return in_transaction(db_.get(), path_, [&] {
    Statement insert(db_.get(), "INSERT INTO stories (" + story_column_list(false) + ", shared, owner) VALUES (" +
                                    placeholders(std::size(story_columns) + 2) + ") RETURNING id");
    const int next = bind_story(insert, 1, story, false);
    insert.bind(next, static_cast<long long>(story.shared));
    insert.bind(next + 1, owner_);
    const long long id = step_returning_id(insert, db_.get(), path_);
    save_principles(db_.get(), path_, story, id);
    return id;
  });
}

bool Database::update_story(const Story& story) {
  return in_transaction(db_.get(), path_, [&] {
    Statement update(db_.get(), "UPDATE stories SET " + story_column_list(false, " = ?") +
                                    ", updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND owner = ?");
    const int next = bind_story(update, 1, story, false);
    update.bind(next, story.id);
    update.bind(next + 1, owner_);
    step_done(update, db_.get(), path_);
    if (sqlite3_changes(db_.get()) == 0) return false;
    save_principles(db_.get(), path_, story, story.id);
    return true;
  });
}

bool Database::remove_story(long long id) {
  Statement remove(db_.get(), "DELETE FROM stories WHERE id = ? AND owner = ?");
  remove.bind(1, id);
  remove.bind(2, owner_);
  step_done(remove, db_.get(), path_);
  return sqlite3_changes(db_.get()) > 0;
}

std::vector<Story> Database::stories() const { return stories_of(db_.get(), owner_, false); }

bool Database::share_story(long long id, bool shared) {
  Statement update(db_.get(), "UPDATE stories SET shared = ? WHERE id = ? AND owner = ?");
  update.bind(1, static_cast<long long>(shared));
  update.bind(2, id);
  update.bind(3, owner_);
  step_done(update, db_.get(), path_);
  return sqlite3_changes(db_.get()) > 0;
}

std::optional<Story> Database::story(long long id) const {
  Statement query(db_.get(), "SELECT id, " + story_column_list(true) + ", shared FROM stories WHERE id = ? AND owner = ?");
  query.bind(1, id);
  query.bind(2, owner_);
  Statement principles(db_.get(), "SELECT story_id, principle, strength FROM story_principles WHERE story_id = ? ORDER BY strength DESC, principle");
  principles.bind(1, id);
  std::vector<Story> found = read_stories(query, principles);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

void Database::replace_all(const std::vector<Story>& stories, const std::vector<Attempt>& attempts,
                           const std::vector<MockInterview>& mock_interviews) {
  in_transaction(db_.get(), path_, [&] {
    for (const char* table : {"stories", "attempts", "mock_interviews"}) {
      Statement clear(db_.get(), std::string("DELETE FROM ") + table + " WHERE owner = ?");  // story_principles: by cascade
      clear.bind(1, owner_);
      step_done(clear, db_.get(), path_);
    }
    for (const Story& story : stories) {
      Statement insert(db_.get(), "INSERT INTO stories (id, " + story_column_list(true) + ", shared, owner) VALUES (" +
                                      placeholders(3 + std::size(story_columns) + std::size(story_times)) + ")");
      insert.bind(1, story.id);
      const int next = bind_story(insert, 2, story, true);
      insert.bind(next, static_cast<long long>(story.shared));
      insert.bind(next + 1, owner_);
      step_done(insert, db_.get(), path_);
      save_principles(db_.get(), path_, story, story.id);
    }
    for (const Attempt& attempt : attempts) {
      Statement insert(db_.get(),
                       "INSERT INTO attempts (id, created_at, question_id, question, principle, answer, score, spoken_seconds,"
                       " seconds_spent, sub_scores, findings, delivery, owner, submitted_at, assignment_id)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, 0))");
      insert.bind(1, attempt.id);
      insert.bind(2, attempt.created_at);
      bind_attempt(insert, 3, attempt);
      insert.bind(13, owner_);
      insert.bind(14, attempt.submitted_at);
      insert.bind(15, attempt.assignment_id);
      step_done(insert, db_.get(), path_);
    }
    for (const MockInterview& mock : mock_interviews) {
      Statement insert(db_.get(), "INSERT INTO mock_interviews (id, created_at, score, questions, scorecard, owner) VALUES (?, ?, ?, ?, ?, ?)");
      insert.bind(1, mock.id);
      insert.bind(2, mock.created_at);
      insert.bind(3, static_cast<long long>(mock.score));
      insert.bind(4, static_cast<long long>(mock.questions));
      insert.bind(5, mock.scorecard);
      insert.bind(6, owner_);
      step_done(insert, db_.get(), path_);
    }
    return true;
  });
}

long long Database::attempt_count() const {
  Statement query(db_.get(), "SELECT COUNT(*) FROM attempts WHERE owner = ?");
  query.bind(1, owner_);
  return query.next_row() ? sqlite3_column_int64(query.get(), 0) : 0;
}

long long Database::save_mock_interview(const MockInterview& mock) {
  Statement insert(db_.get(), "INSERT INTO mock_interviews (score, questions, scorecard, owner) VALUES (?, ?, ?, ?) RETURNING id");
  insert.bind(1, static_cast<long long>(mock.score));
  insert.bind(2, static_cast<long long>(mock.questions));
  insert.bind(3, mock.scorecard);
  insert.bind(4, owner_);
  return step_returning_id(insert, db_.get(), path_);
}

namespace {

std::vector<MockInterview> read_mock_interviews(Statement& query) {
  std::vector<MockInterview> found;
  while (query.next_row())
    found.push_back({sqlite3_column_int64(query.get(), 0), query.text(1), sqlite3_column_int(query.get(), 2),
                     sqlite3_column_int(query.get(), 3), query.text(4)});
  return found;
}

}  // namespace

std::vector<MockInterview> Database::mock_interviews() const {
  Statement query(db_.get(), "SELECT id, created_at, score, questions, scorecard FROM mock_interviews WHERE owner = ? ORDER BY id");
  query.bind(1, owner_);
  return read_mock_interviews(query);
}

std::optional<MockInterview> Database::mock_interview(long long id) const {
  Statement query(db_.get(), "SELECT id, created_at, score, questions, scorecard FROM mock_interviews WHERE id = ? AND owner = ?");
  query.bind(1, id);
  query.bind(2, owner_);
  std::vector<MockInterview> found = read_mock_interviews(query);
  if (found.empty()) return std::nullopt;
  return found.front();
}

}  // namespace starcoach::storage

namespace starcoach::storage {

DatabasePool::DatabasePool(std::string path) : path_(std::move(path)) {
  idle_.push_back(std::make_unique<Database>(path_));  // creates and migrates the file now, once
}

DatabasePool::Lease DatabasePool::lease(long long owner) {
  std::unique_ptr<Database> connection;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      connection = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!connection) connection = std::make_unique<Database>(path_);  // opened outside the lock: it may wait for the file
  connection->set_owner(owner);
  return Lease(this, std::move(connection));
}

void DatabasePool::give_back(std::unique_ptr<Database> connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(connection));
}

DatabasePool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

}  // namespace starcoach::storage
