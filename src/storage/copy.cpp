#include "copy.hpp"

#include <cmath>
#include <cstdio>

#include "database.hpp"
#include "starcoach/errors.hpp"

namespace starcoach::storage {

namespace {

// Every table, each after the tables it refers to; "id" marks those whose ids the target
// must then count on from.
struct Table {
  const char* name;
  bool has_id;
};
constexpr Table tables[] = {
    {"users", true},           {"sessions", false},        {"links", false},         {"sign_in_failures", false},
    {"coaching", false},       {"cohorts", true},          {"cohort_members", false}, {"assignments", true},
    {"stories", true},         {"story_principles", false}, {"attempts", true},      {"attempt_recordings", false},
    {"comments", true},        {"finding_reviews", true},  {"mock_interviews", true}, {"audit_log", true},
    {"schema_version", false},
};

// A cell as both databases can be compared on: SQLite and PostgreSQL name the same
// value in different types (an integer flag and a boolean, say).
std::string cell(const sql::Statement& row, int column) {
  switch (row.kind(column)) {
    case sql::Statement::Kind::null: return "NULL";
    case sql::Statement::Kind::integer: return std::to_string(row.integer(column));
    case sql::Statement::Kind::real: {
      char text[40];
      std::snprintf(text, sizeof text, "%.12g", row.real(column));
      return text;
    }
    default: return row.text(column);
  }
}

std::vector<std::vector<std::string>> rows_of(sql::Connection& connection, const std::string& table) {
  sql::Query query(connection, "SELECT * FROM " + table + " ORDER BY 1, 2");
  std::vector<std::vector<std::string>> rows;
  while (query->next_row()) {
    std::vector<std::string> row;
    for (int column = 0; column < query->column_count(); ++column) row.push_back(cell(*query, column));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

CopyReport copy_database(const std::string& from, const std::string& to) {
  Database source(from), target(to);
  sql::Connection& in = source.connection();
  sql::Connection& out = target.connection();
  for (const char* table : {"users", "attempts", "stories", "mock_interviews"}) {
    sql::Query count(out, std::string("SELECT COUNT(*) FROM ") + table);
    if (count->next_row() && count->integer(0) > 0)
      throw InputError("the target database already holds a practice (its " + std::string(table) + " are not empty); copy into an empty one");
  }
  CopyReport report;
  out.transaction([&] {
    for (const Table& table : tables) {
      if (std::string(table.name) == "schema_version") continue;  // the target's own, migrated to the same version
      sql::Query rows(in, std::string("SELECT * FROM ") + table.name + " ORDER BY 1, 2");
      std::string insert;
      while (rows->next_row()) {
        if (insert.empty()) {
          insert = std::string("INSERT INTO ") + table.name + " VALUES (";
          for (int column = 0; column < rows->column_count(); ++column) insert += column == 0 ? "?" : ", ?";
          insert += ")";
        }
        sql::Query copy(out, insert);
        for (int column = 0; column < rows->column_count(); ++column) {
          const int parameter = column + 1;
          switch (rows->kind(column)) {
            case sql::Statement::Kind::null: copy->bind_null(parameter); break;
            case sql::Statement::Kind::integer: copy->bind(parameter, rows->integer(column)); break;
            case sql::Statement::Kind::real: copy->bind(parameter, rows->real(column)); break;
            case sql::Statement::Kind::bytes: copy->bind_bytes(parameter, rows->text(column)); break;
            case sql::Statement::Kind::text: copy->bind(parameter, rows->text(column)); break;
          }
        }
        copy->run();
        ++report.rows;
      }
      if (table.has_id) out.ids_taken(table.name);
    }
    return true;
  });
  report.differences = differences(from, to);
  return report;
}

std::vector<std::string> differences(const std::string& a, const std::string& b) {
  Database first(a), second(b);
  std::vector<std::string> found;
  for (const Table& table : tables) {
    if (std::string(table.name) == "schema_version") continue;  // when each was applied differs, by design
    const auto left = rows_of(first.connection(), table.name), right = rows_of(second.connection(), table.name);
    if (left.size() != right.size())
      found.push_back(std::string(table.name) + ": " + std::to_string(left.size()) + " rows against " + std::to_string(right.size()));
    for (std::size_t row = 0; row < std::min(left.size(), right.size()); ++row)
      if (left[row] != right[row]) found.push_back(std::string(table.name) + " row " + std::to_string(row + 1) + " differs");
  }
  return found;
}

}  // namespace starcoach::storage
