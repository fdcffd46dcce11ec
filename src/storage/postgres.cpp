#include "postgres.hpp"

#include <libpq-fe.h>

#include "starcoach/errors.hpp"
#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

namespace starcoach::storage {

namespace {

// libpq's handles, freed with their own functions.
struct ResultFree {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultFree>;

constexpr unsigned bytea_type = 17;  // PostgreSQL's type oid for bytea

// "?" placeholders become "$1", "$2", ... (none inside quoted text).
std::string numbered(const std::string& sql) {
  std::string out;
  int next = 0;
  bool quoted = false;
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      out += "$" + std::to_string(++next);
    } else {
      out += c;
    }
  }
  return out;
}

class PostgresStatement : public sql::Statement {
 public:
  PostgresStatement(PGconn* connection, std::string name, int parameters, const std::string& where)
      : connection_(connection), name_(std::move(name)), where_(where), values_(static_cast<std::size_t>(parameters)),
        binary_(static_cast<std::size_t>(parameters), 0), present_(static_cast<std::size_t>(parameters), false) {}

  void bind(int index, const std::string& text) override {
    // PostgreSQL's text cannot hold U+0000 (SQLite's can): said as the input's fault, a 400.
    if (text.find('\0') != std::string::npos)
      throw InputError("the text holds a NUL character (U+0000), which this server's database cannot store; remove it");
    set(index, text, false);
  }
  void bind(int index, long long number) override { set(index, std::to_string(number), false); }
  void bind(int index, double number) override {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", number);
    set(index, text, false);
  }
  void bind_null(int index) override { present_.at(static_cast<std::size_t>(index - 1)) = false; }
  void bind_bytes(int index, const std::string& bytes) override { set(index, bytes, true); }
  using sql::Statement::bind;

  bool next_row() override {
    if (!result_) execute();
    if (row_ + 1 >= PQntuples(result_.get())) return false;
    ++row_;
    return true;
  }
  std::string text(int column) const override {
    if (PQgetisnull(result_.get(), row_, column)) return "";
    const char* value = PQgetvalue(result_.get(), row_, column);
    if (PQftype(result_.get(), column) == bytea_type) {
      std::size_t length = 0;
      unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(value), &length);
      std::string out(reinterpret_cast<const char*>(bytes), length);
      PQfreemem(bytes);
      return out;
    }
    return std::string(value, static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)));
  }
  long long integer(int column) const override {
    if (PQgetisnull(result_.get(), row_, column)) return 0;
    const std::string value = PQgetvalue(result_.get(), row_, column);
    if (value == "t") return 1;  // booleans (EXISTS, comparisons) come as t and f
    if (value == "f") return 0;
    return std::stoll(value);
  }
  double real(int column) const override {
    return PQgetisnull(result_.get(), row_, column) ? 0 : std::stod(PQgetvalue(result_.get(), row_, column));
  }
  int column_count() const override { return PQnfields(result_.get()); }
  Kind kind(int column) const override {
    if (PQgetisnull(result_.get(), row_, column)) return Kind::null;
    switch (PQftype(result_.get(), column)) {
      case 16: case 20: case 21: case 23: return Kind::integer;  // bool, int8, int2, int4
      case 700: case 701: case 1700: return Kind::real;          // float4, float8, numeric
      case bytea_type: return Kind::bytes;
      default: return Kind::text;
    }
  }
  long long run() override {
    if (!result_) execute();
    const char* changed = PQcmdTuples(result_.get());
    return changed && *changed ? std::stoll(changed) : 0;
  }

  void reset() {
    result_.reset();
    row_ = -1;
    std::fill(present_.begin(), present_.end(), false);
  }

 private:
  void set(int index, std::string value, bool binary) {
    const auto at = static_cast<std::size_t>(index - 1);
    values_.at(at) = std::move(value);
    binary_.at(at) = binary ? 1 : 0;
    present_.at(at) = true;
  }
  void execute() {
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) {
      values[i] = present_[i] ? values_[i].data() : nullptr;
      lengths[i] = static_cast<int>(values_[i].size());
    }
    result_.reset(PQexecPrepared(connection_, name_.c_str(), static_cast<int>(values.size()), values.data(), lengths.data(),
                                 binary_.data(), 0));
    const ExecStatusType status = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      const std::string why = result_ ? PQresultErrorMessage(result_.get()) : PQerrorMessage(connection_);
      result_.reset();
      throw DatabaseError("database " + where_ + ": " + why);
    }
    row_ = -1;
  }

  PGconn* connection_;
  std::string name_;
  const std::string& where_;
  std::vector<std::string> values_;
  std::vector<int> binary_;
  std::vector<bool> present_;
  Result result_;
  int row_ = -1;
};

class PostgresConnection : public sql::Connection {
 public:
  explicit PostgresConnection(const std::string& url) {
    connection_ = PQconnectdb(url.c_str());
    // For messages: the server, never the password a URL may carry.
    where_ = connection_ ? std::string(PQhost(connection_) ? PQhost(connection_) : "") + ":" +
                               (PQport(connection_) ? PQport(connection_) : "") + "/" + (PQdb(connection_) ? PQdb(connection_) : "")
                         : url;
    if (!connection_ || PQstatus(connection_) != CONNECTION_OK) {
      const std::string why = connection_ ? PQerrorMessage(connection_) : "out of memory";
      PQfinish(connection_);
      throw DatabaseError("cannot connect to the PostgreSQL database " + where_ + ": " + why);
    }
    // No request may hold a connection for long; messages in English, quietly.
    execute("SET statement_timeout = '10s'; SET lock_timeout = '5s'; SET client_min_messages = warning");
  }
  ~PostgresConnection() override { PQfinish(connection_); }

  std::unique_ptr<sql::Statement> take(const std::string& text) override {
    auto found = cache_.find(text);
    if (found != cache_.end() && !found->second.idle.empty()) {
      std::unique_ptr<PostgresStatement> statement = std::move(found->second.idle.back());
      found->second.idle.pop_back();
      return statement;
    }
    // Prepared once per connection under a name of its own; a second copy in use at the
    // same time (a statement inside the loop of another) reuses the same prepared name.
    Prepared& prepared = cache_[text];
    if (prepared.name.empty()) {
      prepared.name = "s" + std::to_string(cache_.size());
      const std::string numbered_sql = numbered(text);
      prepared.parameters = 0;
      for (char c : text) prepared.parameters += c == '?';
      Result made(PQprepare(connection_, prepared.name.c_str(), numbered_sql.c_str(), 0, nullptr));
      if (!made || PQresultStatus(made.get()) != PGRES_COMMAND_OK) {
        const std::string why = made ? PQresultErrorMessage(made.get()) : PQerrorMessage(connection_);
        cache_.erase(text);
        throw DatabaseError("database " + where_ + ": cannot prepare a query: " + why);
      }
    }
    return std::make_unique<PostgresStatement>(connection_, prepared.name, prepared.parameters, where_);
  }
  void give_back(const std::string& text, std::unique_ptr<sql::Statement> statement) override {
    auto* postgres = static_cast<PostgresStatement*>(statement.release());
    postgres->reset();
    cache_[text].idle.emplace_back(postgres);
  }

  void execute(const std::string& script) override {
    Result result(PQexec(connection_, script.c_str()));
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      throw DatabaseError("database " + where_ + ": " + (result ? PQresultErrorMessage(result.get()) : PQerrorMessage(connection_)));
  }

  std::string integrity_check() override {
    execute("SELECT 1");  // PostgreSQL checks its own pages; a connection that answers is sound
    return "ok";
  }
  const std::string& name() const override { return where_; }
  sql::Dialect dialect() const override { return sql::Dialect::postgresql; }
  bool usable() const override { return PQstatus(connection_) == CONNECTION_OK && PQtransactionStatus(connection_) == PQTRANS_IDLE; }

  void ids_taken(const std::string& table) override {
    execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), GREATEST((SELECT MAX(id) FROM " + table + "), 1))");
  }
  void lock_schema(bool lock) override {
    // One instance at a time runs the migrations; the others wait, then find nothing to do.
    execute(lock ? "SELECT pg_advisory_lock(4781001)" : "SELECT pg_advisory_unlock(4781001)");
  }

 protected:
  const char* begin_sql() const override { return "BEGIN"; }

 private:
  struct Prepared {
    std::string name;
    int parameters = 0;
    std::vector<std::unique_ptr<PostgresStatement>> idle;
  };
  PGconn* connection_ = nullptr;
  std::string where_;
  std::map<std::string, Prepared> cache_;
};

}  // namespace

std::string without_password(const std::string& url) {
  const std::size_t scheme = url.find("://"), at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const std::size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + url.substr(at);
}

bool is_postgres_url(const std::string& address) {
  return address.rfind("postgresql://", 0) == 0 || address.rfind("postgres://", 0) == 0;
}

std::unique_ptr<sql::Connection> open_postgres(const std::string& url) { return std::make_unique<PostgresConnection>(url); }

}  // namespace starcoach::storage
