#include "sqlite.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <vector>

namespace starcoach::storage {

namespace {

class SqliteStatement : public sql::Statement {
 public:
  SqliteStatement(sqlite3* db, const std::string& sql, const std::string& name) : db_(db), name_(name) {
    if (sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()) + 1, SQLITE_PREPARE_PERSISTENT, &statement_, nullptr) != SQLITE_OK)
      throw DatabaseError("database " + name + ": cannot prepare a query: " + sqlite3_errmsg(db));
  }
  ~SqliteStatement() override { sqlite3_finalize(statement_); }

  void bind(int index, const std::string& text) override {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void bind(int index, long long number) override { sqlite3_bind_int64(statement_, index, number); }
  void bind(int index, double number) override { sqlite3_bind_double(statement_, index, number); }
  void bind_null(int index) override { sqlite3_bind_null(statement_, index); }
  void bind_bytes(int index, const std::string& bytes) override {
    sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  }
  using sql::Statement::bind;

  bool next_row() override {
    const int stepped = sqlite3_step(statement_);
    if (stepped == SQLITE_ROW) return true;
    if (stepped == SQLITE_DONE) return false;
    throw DatabaseError("database " + name_ + ": " + sqlite3_errmsg(db_) + (stepped == SQLITE_CORRUPT ? " (the file is damaged)" : ""));
  }
  std::string text(int column) const override {
    if (sqlite3_column_type(statement_, column) == SQLITE_BLOB) {
      const void* bytes = sqlite3_column_blob(statement_, column);
      return bytes ? std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))) : "";
    }
    const unsigned char* value = sqlite3_column_text(statement_, column);
    return value ? std::string(reinterpret_cast<const char*>(value), static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))) : "";
  }
  long long integer(int column) const override { return sqlite3_column_int64(statement_, column); }
  double real(int column) const override { return sqlite3_column_double(statement_, column); }
  int column_count() const override { return sqlite3_column_count(statement_); }
  Kind kind(int column) const override {
    switch (sqlite3_column_type(statement_, column)) {
      case SQLITE_NULL: return Kind::null;
      case SQLITE_INTEGER: return Kind::integer;
      case SQLITE_FLOAT: return Kind::real;
      case SQLITE_BLOB: return Kind::bytes;
      default: return Kind::text;
    }
  }
  long long run() override {
    while (next_row()) {
    }
    return sqlite3_changes64(db_);
  }

  void reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

 private:
  sqlite3* db_;
  const std::string& name_;
  sqlite3_stmt* statement_ = nullptr;
};

class SqliteConnection : public sql::Connection {
 public:
  explicit SqliteConnection(const std::string& path) : path_(path) {
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
    const int opened = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (opened != SQLITE_OK) {
      const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close_v2(db_);
      throw DatabaseError("cannot open the database " + path + ": " + why);
    }
    sqlite3_busy_timeout(db_, 5000);  // another process (the CLI, the server) may be writing
    execute("PRAGMA journal_mode = WAL");
    execute("PRAGMA foreign_keys = ON");
    execute("PRAGMA synchronous = NORMAL");
  }
  ~SqliteConnection() override {
    cache_.clear();  // every statement is finalized before the connection closes
    sqlite3_close_v2(db_);
  }

  std::unique_ptr<sql::Statement> take(const std::string& sql) override {
    auto found = cache_.find(sql);
    if (found != cache_.end() && !found->second.empty()) {
      std::unique_ptr<SqliteStatement> statement = std::move(found->second.back());
      found->second.pop_back();
      return statement;
    }
    return std::make_unique<SqliteStatement>(db_, sql, path_);
  }
  void give_back(const std::string& sql, std::unique_ptr<sql::Statement> statement) override {
    auto* sqlite = static_cast<SqliteStatement*>(statement.release());
    sqlite->reset();
    cache_[sql].emplace_back(sqlite);
  }

  void execute(const std::string& script) override {
    char* message = nullptr;
    if (sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message != nullptr ? message : "unknown error";
      sqlite3_free(message);
      throw DatabaseError("database " + path_ + ": " + text);
    }
  }

  std::string integrity_check() override {
    sql::Query query(*this, "PRAGMA integrity_check");
    std::string result;
    while (query->next_row()) result += (result.empty() ? "" : "\n") + query->text(0);
    return result;
  }

  const std::string& name() const override { return path_; }
  sql::Dialect dialect() const override { return sql::Dialect::sqlite; }
  bool usable() const override { return true; }
  void ids_taken(const std::string&) override {}  // SQLite's next id is always above the largest
  // Each migration takes the write lock (BEGIN IMMEDIATE) and checks the version inside it.
  void lock_schema(bool) override {}

 protected:
  const char* begin_sql() const override { return "BEGIN IMMEDIATE"; }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  std::map<std::string, std::vector<std::unique_ptr<SqliteStatement>>> cache_;
};

}  // namespace

std::unique_ptr<sql::Connection> open_sqlite(const std::string& path) { return std::make_unique<SqliteConnection>(path); }

}  // namespace starcoach::storage
