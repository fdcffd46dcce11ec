// The database's schema as numbered migrations (migrations.cpp), run in order by
// Database on open: one list, written in SQLite's dialect, with PostgreSQL's text made
// from it by the few rules where the two differ (migration_text).
#pragma once

#include <string>
#include <vector>

#include "sql.hpp"

namespace starcoach::storage {

const std::vector<const char*>& migrations();

// Migration `index` (0 for the first) in the dialect's words.
std::string migration_text(int index, sql::Dialect dialect);

}  // namespace starcoach::storage
