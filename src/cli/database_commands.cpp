// `starcoach migrate` and `starcoach migrate-data`: the schema of a database brought up
// to date on purpose (before starting several servers on it), and a practice moved from
// one database to another, such as a coach's SQLite file into PostgreSQL.
#include <iostream>
#include <memory>

#include "command_line.hpp"
#include "copy.hpp"
#include "database.hpp"
#include "postgres.hpp"

namespace starcoach::cli {

namespace {

struct MigrateRequest {
  std::string from;
  std::string database;
};

std::string shown(const std::string& database) {
  return storage::is_postgres_url(database) ? storage::without_password(database) : database;
}

}  // namespace

void add_database_commands(CommandLine& line) {
  auto request = std::make_shared<MigrateRequest>();
  CLI::App* migrate = line.add("migrate", "Bring a database's schema up to date (instances starting at once wait for each other)",
                               [request](const Output& output, std::istream&) {
                                 const storage::Database database(request->database);
                                 output.out << shown(request->database) << " is at schema " << database.schema_version() << ", the newest.\n";
                                 return 0;
                               });
  CommandLine::database_option(migrate, request->database);

  CLI::App* copy = line.add(
      "migrate-data", "Copy a whole practice (every account and answer) into an empty database, and check every row",
      [request](const Output& output, std::istream&) {
        const storage::CopyReport report = storage::copy_database(request->from, request->database);
        if (!report.differences.empty()) {
          for (const std::string& difference : report.differences) std::cerr << "starcoach: " << difference << "\n";
          throw InputError("the copy does not read back as the original (above); the target keeps it for you to look at");
        }
        output.out << "Copied " << report.rows << " rows from " << shown(request->from) << " to " << shown(request->database)
                   << "; every row reads back the same.\n";
        return 0;
      });
  copy->add_option("--from", request->from, "The database to copy: an SQLite file, or a postgresql:// URL")->required();
  CommandLine::database_option(copy, request->database);
}

}  // namespace starcoach::cli
