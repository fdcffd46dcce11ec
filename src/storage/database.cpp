#include "database.hpp"

#include <cstdlib>
#include <filesystem>
#include <vector>

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
};

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK)
      throw DatabaseError(std::string("cannot prepare a query: ") + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return statement_; }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace

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

Database::Database(const std::string& path) : path_(path) {
  std::error_code error;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, error);
  if (error) throw DatabaseError("cannot create the folder " + parent.string() + ": " + error.message());
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  db_.reset(raw);
  if (opened != SQLITE_OK)
    throw DatabaseError("cannot open the database " + path + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(db_.get(), 5000);  // another process (the CLI, the server) may be writing
  execute("PRAGMA journal_mode = WAL");
  execute("PRAGMA foreign_keys = ON");
  execute("PRAGMA synchronous = NORMAL");
  migrate();
}

void Database::execute(const std::string& sql) const {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    throw DatabaseError("database " + path_ + ": " + text);
  }
}

int Database::schema_version() const {
  Statement query(db_.get(), "SELECT COALESCE(MAX(version), 0) FROM schema_version");
  return sqlite3_step(query.get()) == SQLITE_ROW ? sqlite3_column_int(query.get(), 0) : 0;
}

void Database::migrate() {
  execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  const int current = schema_version();
  if (current > static_cast<int>(migrations.size()))
    throw DatabaseError("the database " + path_ + " was written by a newer starcoach (schema " + std::to_string(current) + ")");
  for (int version = current; version < static_cast<int>(migrations.size()); ++version) {
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

long long Database::save_attempt(const Attempt& attempt) {
  Statement insert(db_.get(),
                   "INSERT INTO attempts (question_id, question, principle, answer, score, spoken_seconds) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
  sqlite3_bind_text(insert.get(), 1, attempt.question_id.data(), static_cast<int>(attempt.question_id.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(insert.get(), 2, attempt.question.data(), static_cast<int>(attempt.question.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(insert.get(), 3, attempt.principle.data(), static_cast<int>(attempt.principle.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(insert.get(), 4, attempt.answer.data(), static_cast<int>(attempt.answer.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int(insert.get(), 5, attempt.score);
  sqlite3_bind_double(insert.get(), 6, attempt.spoken_seconds);
  if (sqlite3_step(insert.get()) != SQLITE_DONE)
    throw DatabaseError("cannot save the attempt in " + path_ + ": " + sqlite3_errmsg(db_.get()));
  return sqlite3_last_insert_rowid(db_.get());
}

long long Database::attempt_count() const {
  Statement query(db_.get(), "SELECT COUNT(*) FROM attempts");
  return sqlite3_step(query.get()) == SQLITE_ROW ? sqlite3_column_int64(query.get(), 0) : 0;
}

}  // namespace starcoach::storage
