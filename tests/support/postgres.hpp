// The tests' PostgreSQL server (tests/support/postgres.sh, started by CTest as a fixture).
#pragma once

#include <string>

namespace starcoach::test_support {

// True when this run is the PostgreSQL pass of a suite: CTest then names the server's
// folder in STARCOACH_TEST_POSTGRES.
bool on_postgres();

// A new, empty database on the tests' server: its postgresql:// URL. Throws when the
// server is not there (run the tests through CTest, which starts it).
std::string fresh_postgres_database();

// The database a test's server should use: a fresh PostgreSQL database on the
// PostgreSQL pass, else "" (a fresh SQLite file).
std::string fresh_database();

}  // namespace starcoach::test_support
