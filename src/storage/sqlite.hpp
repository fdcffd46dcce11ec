// The SQLite connection: one file, WAL mode, foreign keys on, a statement cache.
#pragma once

#include <memory>
#include <string>

#include "sql.hpp"

namespace starcoach::storage {

// Opens (creating the file and its folder, 0700 and 0600, if needed) the SQLite file at
// `path`, or a database in memory for ":memory:". Throws DatabaseError.
std::unique_ptr<sql::Connection> open_sqlite(const std::string& path);

}  // namespace starcoach::storage
