#include "database.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <vector>

#include "starcoach/errors.hpp"
#include "starcoach/json.hpp"
#include "starcoach/mock.hpp"
#include "starcoach/rules.hpp"
#include "migrations.hpp"
#include "postgres.hpp"
#include "sqlite.hpp"
#include "stores.hpp"

namespace starcoach::storage {

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
          {"assignment_id", attempt.assignment_id == 0 ? json(nullptr) : json(attempt.assignment_id)},
          {"has_recording", attempt.has_recording}};
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

int Database::latest_schema() { return static_cast<int>(migrations().size()); }

Database::Database(const std::string& path, int schema)
    : path_(path), connection_(is_postgres_url(path) ? open_postgres(path) : open_sqlite(path)) {
  migrate(schema);
}

Database::~Database() = default;

std::string Database::integrity_check() const { return connection_->integrity_check(); }

int Database::schema_version() const {
  sql::Query query(*connection_, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
  return query->next_row() ? static_cast<int>(query->integer(0)) : 0;
}

void Database::migrate(int schema) {
  // Several processes may open the database at once (the server's instances, the CLI):
  // one migrates at a time, and each step checks, inside its transaction, that it is
  // still to be done.
  connection_->lock_schema(true);
  try {
    connection_->execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    if (schema_version() > latest_schema())
      throw DatabaseError("the database " + connection_->name() + " was written by a newer starcoach (schema " +
                          std::to_string(schema_version()) + ")");
    for (int version = 0; version < std::min(schema, latest_schema()); ++version) {
      connection_->transaction([&] {
        if (schema_version() > version) return 0LL;
        connection_->execute(migration_text(version, connection_->dialect()));
        sql::Query record(*connection_, "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)");
        record->bind(1, version + 1);
        record->bind(2, sql::now());
        return record->run();
      });
    }
  } catch (...) {
    connection_->lock_schema(false);
    throw;
  }
  connection_->lock_schema(false);
}

const char* const attempt_select =
    "SELECT id, created_at, question_id, question, principle, answer, score, spoken_seconds, seconds_spent,"
    " sub_scores, findings, delivery, COALESCE(submitted_at, ''), COALESCE(assignment_id, 0), owner,"
    " EXISTS (SELECT 1 FROM attempt_recordings r WHERE r.attempt_id = attempts.id) FROM attempts";

std::vector<Attempt> read_attempts(sql::Statement& query) {
  std::vector<Attempt> found;
  while (query.next_row()) {
    Attempt attempt;
    attempt.id = query.integer(0);
    attempt.created_at = query.text(1);
    attempt.question_id = query.text(2);
    attempt.question = query.text(3);
    attempt.principle = query.text(4);
    attempt.answer = query.text(5);
    attempt.score = static_cast<int>(query.integer(6));
    attempt.spoken_seconds = query.real(7);
    attempt.seconds_spent = query.real(8);
    // Written by this program as JSON; a damaged cell reads as empty rather than failing the list.
    attempt.scores = score_from_json(nlohmann::json::parse(query.text(9), nullptr, false));
    const nlohmann::json rules = nlohmann::json::parse(query.text(10), nullptr, false);
    if (rules.is_array())
      for (const nlohmann::json& rule : rules)
        if (rule.is_string()) attempt.findings.push_back(rule.get<std::string>());
    attempt.delivery = nlohmann::json::parse(query.text(11), nullptr, false);
    if (attempt.delivery.is_discarded()) attempt.delivery = nullptr;
    attempt.submitted_at = query.text(12);
    attempt.assignment_id = query.integer(13);
    attempt.owner = query.integer(14);
    attempt.has_recording = query.integer(15) != 0;
    found.push_back(std::move(attempt));
  }
  return found;
}

long long returned_id(sql::Statement& insert) {
  if (!insert.next_row()) throw DatabaseError("an insert returned no id");
  const long long id = insert.integer(0);  // from this statement, never a connection-wide "last inserted" value
  insert.run();
  return id;
}

namespace {

// The columns an attempt is saved with, in the order bind_attempt binds them.
const char* const attempt_columns =
    "question_id, question, principle, answer, score, spoken_seconds, seconds_spent, sub_scores, findings, delivery";

// Binds an attempt's fields, from question_id to delivery, starting at parameter `first`;
// returns the next parameter.
int bind_attempt(sql::Statement& statement, int first, const Attempt& attempt) {
  int index = first;
  for (const std::string* field : {&attempt.question_id, &attempt.question, &attempt.principle, &attempt.answer})
    statement.bind(index++, *field);
  statement.bind(index++, attempt.score);
  statement.bind(index++, attempt.spoken_seconds);
  statement.bind(index++, attempt.seconds_spent);
  statement.bind(index++, dump_json(score_json(attempt.scores), -1));
  statement.bind(index++, dump_json(nlohmann::json(attempt.findings), -1));
  statement.bind(index++, dump_json(attempt.delivery, -1));
  return index;
}

}  // namespace

long long Database::save_attempt(const Attempt& attempt) {
  sql::Query insert(*connection_, std::string("INSERT INTO attempts (") + attempt_columns +
                                      ", owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  insert->bind(bind_attempt(*insert, 1, attempt), owner_);
  return returned_id(*insert);
}

std::vector<Attempt> Database::attempts() const {
  sql::Query query(*connection_, std::string(attempt_select) + " WHERE owner = ? ORDER BY id");
  query->bind(1, owner_);
  return read_attempts(*query);
}

std::optional<Attempt> Database::attempt(long long id) const {
  sql::Query query(*connection_, std::string(attempt_select) + " WHERE owner = ? AND id = ?");
  query->bind(1, owner_);
  query->bind(2, id);
  std::vector<Attempt> found = read_attempts(*query);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

bool Database::keep_recording(long long attempt, const std::string& wav) {
  if (!this->attempt(attempt)) return false;
  sql::Query insert(*connection_, "INSERT INTO attempt_recordings (attempt_id, wav) VALUES (?, ?) ON CONFLICT (attempt_id) DO UPDATE SET wav = excluded.wav");
  insert->bind(1, attempt);
  insert->bind_bytes(2, wav);
  return insert->run() > 0;
}

std::optional<std::string> recording_of(sql::Connection& connection, const std::string& condition, long long attempt, long long who) {
  sql::Query query(connection, "SELECT r.wav FROM attempt_recordings r JOIN attempts a ON a.id = r.attempt_id WHERE r.attempt_id = ? AND " + condition);
  query->bind(1, attempt);
  query->bind(2, who);
  if (!query->next_row()) return std::nullopt;
  return query->text(0);
}

std::optional<std::string> Database::recording(long long attempt) const { return recording_of(*connection_, "a.owner = ?", attempt, owner_); }

bool Database::submit_attempt(long long id, long long assignment_id) {
  sql::Query update(*connection_, "UPDATE attempts SET submitted_at = COALESCE(submitted_at, ?),"
                                  " assignment_id = COALESCE(assignment_id, NULLIF(?, 0)) WHERE owner = ? AND id = ?");
  update->bind(1, sql::now());
  update->bind(2, assignment_id);
  update->bind(3, owner_);
  update->bind(4, id);
  return update->run() > 0;
}

long long Database::attempt_count() const {
  sql::Query query(*connection_, "SELECT COUNT(*) FROM attempts WHERE owner = ?");
  query->bind(1, owner_);
  return query->next_row() ? query->integer(0) : 0;
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
int bind_story(sql::Statement& statement, int first, const Story& story, bool with_times) {
  for (const StoryColumn& column : story_columns) statement.bind(first++, story.*column.field);
  if (with_times)
    for (const StoryColumn& column : story_times) statement.bind(first++, story.*column.field);
  return first;
}

// The stories a SELECT of "id", story_column_list(true) and "shared" finds, with their principles.
std::vector<Story> read_stories(sql::Statement& query, sql::Statement& principles) {
  std::vector<Story> found;
  while (query.next_row()) {
    Story story;
    story.id = query.integer(0);
    int index = 0;
    for (const StoryColumn& column : story_columns) story.*column.field = query.text(++index);
    for (const StoryColumn& column : story_times) story.*column.field = query.text(++index);
    story.shared = query.integer(++index) != 0;
    found.push_back(std::move(story));
  }
  while (principles.next_row()) {
    const long long id = principles.integer(0);
    for (Story& story : found)
      if (story.id == id) story.principles.push_back({principles.text(1), static_cast<int>(principles.integer(2))});
  }
  return found;
}

void save_principles(sql::Connection& connection, const Story& story, long long id) {
  sql::Query clear(connection, "DELETE FROM story_principles WHERE story_id = ?");
  clear->bind(1, id);
  clear->run();
  for (const StoryPrinciple& principle : story.principles) {
    sql::Query insert(connection, "INSERT INTO story_principles (story_id, principle, strength) VALUES (?, ?, ?)");
    insert->bind(1, id);
    insert->bind(2, principle.id);
    insert->bind(3, principle.strength);
    insert->run();
  }
}

}  // namespace

std::vector<Story> stories_of(sql::Connection& connection, long long owner, bool shared_only) {
  sql::Query query(connection, "SELECT id, " + story_column_list(true) + ", shared FROM stories WHERE owner = ?" +
                                   (shared_only ? " AND shared = 1" : "") + " ORDER BY id");
  query->bind(1, owner);
  sql::Query principles(connection, "SELECT story_id, principle, strength FROM story_principles WHERE story_id IN"
                                    " (SELECT id FROM stories WHERE owner = ?) ORDER BY story_id, strength DESC, principle");
  principles->bind(1, owner);
  return read_stories(*query, *principles);
}

long long Database::add_story(const Story& story) {
  return connection_->transaction([&] {
    sql::Query insert(*connection_, "INSERT INTO stories (" + story_column_list(false) + ", shared, owner) VALUES (" +
                                        placeholders(std::size(story_columns) + 2) + ") RETURNING id");
    const int next = bind_story(*insert, 1, story, false);
    insert->bind(next, story.shared);
    insert->bind(next + 1, owner_);
    const long long id = returned_id(*insert);
    save_principles(*connection_, story, id);
    return id;
  });
}

bool Database::update_story(const Story& story) {
  return connection_->transaction([&] {
    sql::Query update(*connection_, "UPDATE stories SET " + story_column_list(false, " = ?") + ", updated_at = ? WHERE id = ? AND owner = ?");
    const int next = bind_story(*update, 1, story, false);
    update->bind(next, sql::now());
    update->bind(next + 1, story.id);
    update->bind(next + 2, owner_);
    if (update->run() == 0) return false;
    save_principles(*connection_, story, story.id);
    return true;
  });
}

bool Database::remove_story(long long id) {
  sql::Query remove(*connection_, "DELETE FROM stories WHERE id = ? AND owner = ?");
  remove->bind(1, id);
  remove->bind(2, owner_);
  return remove->run() > 0;
}

std::vector<Story> Database::stories() const { return stories_of(*connection_, owner_, false); }

bool Database::share_story(long long id, bool shared) {
  sql::Query update(*connection_, "UPDATE stories SET shared = ? WHERE id = ? AND owner = ?");
  update->bind(1, shared);
  update->bind(2, id);
  update->bind(3, owner_);
  return update->run() > 0;
}

std::optional<Story> Database::story(long long id) const {
  sql::Query query(*connection_, "SELECT id, " + story_column_list(true) + ", shared FROM stories WHERE id = ? AND owner = ?");
  query->bind(1, id);
  query->bind(2, owner_);
  sql::Query principles(*connection_, "SELECT story_id, principle, strength FROM story_principles WHERE story_id = ? ORDER BY strength DESC, principle");
  principles->bind(1, id);
  std::vector<Story> found = read_stories(*query, *principles);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

void Database::replace_all(const std::vector<Story>& stories, const std::vector<Attempt>& attempts,
                           const std::vector<MockInterview>& mock_interviews, const std::map<long long, std::string>& recordings) {
  connection_->transaction([&] {
    for (const char* table : {"stories", "attempts", "mock_interviews"}) {
      sql::Query clear(*connection_, std::string("DELETE FROM ") + table + " WHERE owner = ?");  // story_principles: by cascade
      clear->bind(1, owner_);
      clear->run();
    }
    for (const Story& story : stories) {
      sql::Query insert(*connection_, "INSERT INTO stories (id, " + story_column_list(true) + ", shared, owner) VALUES (" +
                                          placeholders(3 + std::size(story_columns) + std::size(story_times)) + ")");
      insert->bind(1, story.id);
      const int next = bind_story(*insert, 2, story, true);
      insert->bind(next, story.shared);
      insert->bind(next + 1, owner_);
      insert->run();
      save_principles(*connection_, story, story.id);
    }
    for (const Attempt& attempt : attempts) {
      sql::Query insert(*connection_, std::string("INSERT INTO attempts (id, created_at, ") + attempt_columns +
                                          ", owner, submitted_at, assignment_id)"
                                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, 0))");
      insert->bind(1, attempt.id);
      insert->bind(2, attempt.created_at);
      const int next = bind_attempt(*insert, 3, attempt);
      insert->bind(next, owner_);
      insert->bind(next + 1, attempt.submitted_at);
      insert->bind(next + 2, attempt.assignment_id);
      insert->run();
    }
    for (const MockInterview& mock : mock_interviews) {
      sql::Query insert(*connection_, "INSERT INTO mock_interviews (id, created_at, score, questions, scorecard, owner) VALUES (?, ?, ?, ?, ?, ?)");
      insert->bind(1, mock.id);
      insert->bind(2, mock.created_at);
      insert->bind(3, mock.score);
      insert->bind(4, mock.questions);
      insert->bind(5, mock.scorecard);
      insert->bind(6, owner_);
      insert->run();
    }
    for (const auto& [attempt, wav] : recordings)
      if (!keep_recording(attempt, wav)) throw DatabaseError("a recording belongs to the attempt " + std::to_string(attempt) + ", which is not restored");
    for (const char* table : {"stories", "attempts", "mock_interviews"}) connection_->ids_taken(table);
    return true;
  });
}

long long Database::save_mock_interview(const MockInterview& mock) {
  sql::Query insert(*connection_, "INSERT INTO mock_interviews (score, questions, scorecard, owner) VALUES (?, ?, ?, ?) RETURNING id");
  insert->bind(1, mock.score);
  insert->bind(2, mock.questions);
  insert->bind(3, mock.scorecard);
  insert->bind(4, owner_);
  return returned_id(*insert);
}

namespace {

std::vector<MockInterview> read_mock_interviews(sql::Statement& query) {
  std::vector<MockInterview> found;
  while (query.next_row())
    found.push_back({query.integer(0), query.text(1), static_cast<int>(query.integer(2)), static_cast<int>(query.integer(3)), query.text(4)});
  return found;
}

}  // namespace

std::vector<MockInterview> Database::mock_interviews() const {
  sql::Query query(*connection_, "SELECT id, created_at, score, questions, scorecard FROM mock_interviews WHERE owner = ? ORDER BY id");
  query->bind(1, owner_);
  return read_mock_interviews(*query);
}

std::optional<MockInterview> Database::mock_interview(long long id) const {
  sql::Query query(*connection_, "SELECT id, created_at, score, questions, scorecard FROM mock_interviews WHERE id = ? AND owner = ?");
  query->bind(1, id);
  query->bind(2, owner_);
  std::vector<MockInterview> found = read_mock_interviews(*query);
  if (found.empty()) return std::nullopt;
  return found.front();
}

DatabasePool::DatabasePool(std::string path, std::size_t most) : path_(std::move(path)), most_(most) {
  idle_.push_back(std::make_unique<Database>(path_));  // creates and migrates the database now, once
  open_ = 1;
}

DatabasePool::Lease DatabasePool::lease(long long owner) {
  std::unique_ptr<Database> connection;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || most_ == 0 || open_ < most_; });
    if (!idle_.empty()) {
      connection = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++open_;
    }
  }
  if (!connection) {
    try {
      connection = std::make_unique<Database>(path_);  // opened outside the lock: it may wait for the file or the server
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      --open_;
      returned_.notify_one();
      throw;
    }
  }
  connection->set_owner(owner);
  return Lease(this, std::move(connection));
}

void DatabasePool::give_back(std::unique_ptr<Database> connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (connection->usable()) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;  // a connection the server dropped is closed; the next request opens a new one
  }
  returned_.notify_one();
}

DatabasePool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

}  // namespace starcoach::storage
