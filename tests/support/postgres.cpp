#include "postgres.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace starcoach::test_support {

bool on_postgres() {
  const char* folder = std::getenv("STARCOACH_TEST_POSTGRES");
  return folder != nullptr && *folder != '\0';
}

std::string fresh_postgres_database() {
  const char* folder = std::getenv("STARCOACH_TEST_POSTGRES");
  std::ifstream file(std::string(folder ? folder : "") + "/url");
  std::string url;
  if (!folder || !std::getline(file, url))
    throw std::runtime_error("the tests' PostgreSQL server is not running: run the tests with ctest (it starts one)");
  static std::atomic<int> made{0};
  const std::string name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++made);
  PGconn* connection = PQconnectdb(url.c_str());
  PGresult* result = PQexec(connection, ("CREATE DATABASE " + name).c_str());
  const bool created = PQresultStatus(result) == PGRES_COMMAND_OK;
  const std::string why = PQerrorMessage(connection);
  PQclear(result);
  PQfinish(connection);
  if (!created) throw std::runtime_error("cannot create a test database: " + why);
  return url.substr(0, url.rfind('/') + 1) + name;
}

std::string fresh_database() { return on_postgres() ? fresh_postgres_database() : ""; }

}  // namespace starcoach::test_support
