// The command line as a table of commands. Each module adds its own commands and their
// options (add_*_commands); the options several commands share, --db and --format, are
// declared here once. run() parses, runs the one command given, and turns errors into
// exit codes: 0 success, 1 an answer with an error-level finding, 2 usage, 3 input,
// 4 internal.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "commands.hpp"

namespace starcoach::cli {

class CommandLine {
 public:
  // Runs a command once the command line is parsed; returns its exit code.
  using Run = std::function<int(const Output& output, std::istream& in)>;

  CommandLine();

  // A command, or a subcommand of `group`; `run` is called when it is the one given.
  CLI::App* add(const std::string& name, const std::string& summary, Run run, CLI::App* group = nullptr);
  // A command that only holds subcommands ("story add", "story list", ...).
  CLI::App* add_group(const std::string& name, const std::string& summary);

  // --db (or --database): the SQLite file of the user's practice, the default file unless
  // given, or a postgresql:// URL.
  static void database_option(CLI::App* command, std::string& path);
  // --format, one of `allowed`, the first being the default. Every command's choice
  // lands in the one Output the command is given.
  void format_option(CLI::App* command, const std::vector<Format>& allowed = {Format::text, Format::json});

  int run(int argc, char** argv, std::istream& in, std::ostream& out);

 private:
  std::string usage_message(const CLI::ParseError& error, int argc, char** argv) const;
  std::string command_list() const;

  CLI::App app_;
  std::vector<std::string> names_;  // the top-level commands, in the order of --help
  std::vector<std::pair<CLI::App*, Run>> commands_;
  std::string format_name_ = "text";  // --format of the command given
};

// The modules' commands, each declared where it is implemented.
void add_serve_command(CommandLine& line);
void add_knowledge_commands(CommandLine& line);  // principles, principle, questions, classify
void add_check_commands(CommandLine& line);      // check, practice, transcribe
void add_story_commands(CommandLine& line);      // story add/list/show/edit/rm/match, coverage, export
void add_history_commands(CommandLine& line);    // history, backup, restore
void add_mock_command(CommandLine& line);
void add_admin_commands(CommandLine& line);      // admin add-user, admin reset-password, admin routes
void add_database_commands(CommandLine& line);   // migrate, migrate-data

}  // namespace starcoach::cli
