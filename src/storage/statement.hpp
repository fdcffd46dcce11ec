// The SQLite helpers the storage files share: a prepared statement that cleans up after
// itself, and transactions that roll back when anything in them throws.
#pragma once

#include <sqlite3.h>

#include <string>
#include <vector>

#include "database.hpp"

namespace starcoach::storage {

class Statement {
 public:
  void bind(int index, const std::string& text) {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void bind(int index, long long number) { sqlite3_bind_int64(statement_, index, number); }
  std::string text(int column) const {
    const unsigned char* value = sqlite3_column_text(statement_, column);
    return value ? std::string(reinterpret_cast<const char*>(value), static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))) : "";
  }
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()) + 1, &statement_, nullptr) != SQLITE_OK)
      throw DatabaseError(std::string("cannot prepare a query: ") + sqlite3_errmsg(db));
  }
  // Steps a query: true with a row to read, false when all were read. A damaged file or a
  // failed read throws: a list cut short must never pass for the whole list.
  bool next_row() {
    const int stepped = sqlite3_step(statement_);
    if (stepped == SQLITE_ROW) return true;
    if (stepped == SQLITE_DONE) return false;
    throw DatabaseError(std::string("cannot read the database: ") + sqlite3_errmsg(db_) +
                        (stepped == SQLITE_CORRUPT ? " (the file is damaged)" : ""));
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return statement_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};


// Runs `work` in one transaction, so a story and its principles are saved together or not at all.
template <typename Work>
auto in_transaction(sqlite3* db, const std::string& path, Work work) {
  auto run = [&](const char* sql) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
      throw DatabaseError("database " + path + ": " + sqlite3_errmsg(db));
  };
  run("BEGIN IMMEDIATE");
  try {
    auto result = work();
    run("COMMIT");
    return result;
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

// Steps an INSERT ... RETURNING id and gives that id: the id comes from the statement
// that inserted the row, never from a connection-wide "last inserted" value.
inline long long step_returning_id(Statement& statement, sqlite3* db, const std::string& path) {
  if (sqlite3_step(statement.get()) != SQLITE_ROW) throw DatabaseError("database " + path + ": " + sqlite3_errmsg(db));
  const long long id = sqlite3_column_int64(statement.get(), 0);
  if (sqlite3_step(statement.get()) != SQLITE_DONE) throw DatabaseError("database " + path + ": " + sqlite3_errmsg(db));
  return id;
}

inline void step_done(Statement& statement, sqlite3* db, const std::string& path) {
  if (sqlite3_step(statement.get()) != SQLITE_DONE) throw DatabaseError("database " + path + ": " + sqlite3_errmsg(db));
}

// "SELECT ... FROM attempts" with every column read_attempts reads; add the WHERE.
extern const char* const attempt_select;
std::vector<Attempt> read_attempts(Statement& query);
// An owner's stories (or only those shared with their coaches), oldest first.
std::vector<Story> stories_of(sqlite3* db, long long owner, bool shared_only);

}  // namespace starcoach::storage
