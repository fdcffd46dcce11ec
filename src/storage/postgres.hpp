// The PostgreSQL connection (libpq): statements prepared once per connection, "?"
// placeholders numbered for the server, a statement timeout, and an advisory lock so that
// instances starting at once run the migrations one at a time.
#pragma once

#include <memory>
#include <string>

#include "sql.hpp"

namespace starcoach::storage {

// "postgresql://USER@HOST:PORT/DB" (or postgres://); "postgresql://" alone takes
// everything from the standard PG* environment variables.
bool is_postgres_url(const std::string& address);

// The URL as it may be shown: "postgresql://user:secret@host/db" -> "postgresql://user@host/db".
std::string without_password(const std::string& url);

// Throws DatabaseError naming the server (never a password) and why.
std::unique_ptr<sql::Connection> open_postgres(const std::string& url);

}  // namespace starcoach::storage
