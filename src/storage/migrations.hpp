// The database's schema as numbered migrations (migrations.cpp), run in order by
// Database on open. Written in SQLite's dialect.
#pragma once

#include <vector>

namespace starcoach::storage {

const std::vector<const char*>& migrations();

}  // namespace starcoach::storage
