// The SQL connection the stores (database.cpp, accounts.cpp, coaching.cpp) are written
// against. Their statements use "?" placeholders and SQL that SQLite and PostgreSQL both
// read; times are computed here and bound as text ("2026-12-03T16:27:12.345Z"), never
// asked of the database's own clock. The SQLite connection is sqlite.cpp; a PostgreSQL
// one implements the same two classes.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

namespace starcoach::storage {

// The database cannot be opened, read or written; the message says which one and why.
class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace sql {

enum class Dialect { sqlite, postgresql };

// A prepared statement: bind its parameters (from 1), then read its rows or run it.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void bind(int index, const std::string& text) = 0;
  virtual void bind(int index, long long number) = 0;
  virtual void bind(int index, double number) = 0;
  virtual void bind_null(int index) = 0;
  virtual void bind_bytes(int index, const std::string& bytes) = 0;  // a BLOB (bytea)
  // True with a row to read, false when all were read. Throws DatabaseError: a list cut
  // short must never pass for the whole list.
  virtual bool next_row() = 0;
  virtual std::string text(int column) const = 0;  // empty for NULL; a BLOB's bytes
  virtual long long integer(int column) const = 0;  // 0 for NULL
  virtual double real(int column) const = 0;
  // For copying whole rows: how many columns, and what each holds in this row.
  enum class Kind { null, integer, real, text, bytes };
  virtual int column_count() const = 0;
  virtual Kind kind(int column) const = 0;
  // Runs a statement that returns no rows (or whose rows do not matter); returns the rows it changed.
  virtual long long run() = 0;

  void bind(int index, int number) { bind(index, static_cast<long long>(number)); }
  void bind(int index, bool flag) { bind(index, static_cast<long long>(flag)); }
  void bind(int index, const char* text) { bind(index, std::string(text)); }
};

class Connection;

// A statement borrowed from its connection for one use; given back (and reset) when it
// goes out of scope, so that the next use of the same SQL skips preparing it again.
class Query {
 public:
  Query(Connection& connection, const std::string& sql);
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  Statement* operator->() const { return statement_.get(); }
  Statement& operator*() const { return *statement_; }

 private:
  Connection& connection_;
  std::string sql_;
  std::unique_ptr<Statement> statement_;
};

class Connection {
 public:
  virtual ~Connection() = default;
  // The statement for `sql`, from the connection's cache or newly prepared.
  virtual std::unique_ptr<Statement> take(const std::string& sql) = 0;
  // Back into the cache, reset and unbound.
  virtual void give_back(const std::string& sql, std::unique_ptr<Statement> statement) = 0;
  // Runs statements without parameters (migrations, transactions).
  virtual void execute(const std::string& script) = 0;
  // The database's own consistency check: "ok" when it is sound.
  virtual std::string integrity_check() = 0;
  virtual const std::string& name() const = 0;  // for messages: the file, or the server
  virtual bool usable() const = 0;               // false once the server has dropped the connection
  virtual Dialect dialect() const = 0;            // which text of each migration to run
  // After rows were inserted with ids of their own (a restore, a copy): new rows must
  // not collide with them.
  virtual void ids_taken(const std::string& table) = 0;
  // Holds (or releases) the right to migrate the schema, across processes.
  virtual void lock_schema(bool lock) = 0;

  // Runs `work` in one transaction: all of it is written, or none of it.
  template <typename Work>
  auto transaction(Work work) {
    execute(begin_sql());
    try {
      auto result = work();
      execute("COMMIT");
      return result;
    } catch (...) {
      try {
        execute("ROLLBACK");
      } catch (const DatabaseError&) {  // the first error is the one to report
      }
      throw;
    }
  }

 protected:
  virtual const char* begin_sql() const = 0;  // a transaction that writes, taking its lock at once
};

// The time now and `days` from now, UTC, as the database keeps times.
std::string now();
std::string days_from_now(int days);
std::string minutes_ago(int minutes);

}  // namespace sql
}  // namespace starcoach::storage
