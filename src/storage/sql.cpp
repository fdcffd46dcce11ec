#include "sql.hpp"

#include <chrono>
#include <ctime>

namespace starcoach::storage::sql {

Query::Query(Connection& connection, const std::string& sql) : connection_(connection), sql_(sql), statement_(connection.take(sql)) {}

Query::~Query() {
  if (statement_) connection_.give_back(sql_, std::move(statement_));
}

namespace {

// "2026-12-03T16:27:12.345Z", as SQLite's strftime('%Y-%m-%dT%H:%M:%fZ') writes it: such
// times sort as text in time order.
std::string written(std::chrono::system_clock::time_point when) {
  const auto milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(milliseconds / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return std::string(text, length) + "." + std::to_string(1000 + milliseconds % 1000).substr(1) + "Z";
}

}  // namespace

std::string now() { return written(std::chrono::system_clock::now()); }
std::string days_from_now(int days) { return written(std::chrono::system_clock::now() + std::chrono::hours(24) * days); }
std::string minutes_ago(int minutes) { return written(std::chrono::system_clock::now() - std::chrono::minutes(minutes)); }

}  // namespace starcoach::storage::sql
