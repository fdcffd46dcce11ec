// What the stores of this folder (database.cpp, accounts.cpp, coaching.cpp) share: the
// attempts' and stories' reading, and the id an INSERT ... RETURNING id gives.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "database.hpp"
#include "sql.hpp"

namespace starcoach::storage {

// "SELECT ... FROM attempts" with every column read_attempts reads; add the WHERE.
extern const char* const attempt_select;
std::vector<Attempt> read_attempts(sql::Statement& query);
// An owner's stories (or only those shared with their coaches), oldest first.
std::vector<Story> stories_of(sql::Connection& connection, long long owner, bool shared_only);
// An attempt's recording, when `condition` (with one parameter, `who`) holds for its row `a`.
std::optional<std::string> recording_of(sql::Connection& connection, const std::string& condition, long long attempt, long long who);
// Runs an INSERT ... RETURNING id and gives that id.
long long returned_id(sql::Statement& insert);

}  // namespace starcoach::storage
