#include "command_line.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "database.hpp"
#include "starcoach/errors.hpp"

namespace starcoach::cli {

namespace {

constexpr int exit_usage = 2;
constexpr int exit_input = 3;
constexpr int exit_internal = 4;

std::string format_name(Format format) {
  switch (format) {
    case Format::json: return "json";
    case Format::markdown: return "markdown";
    case Format::jsonl: return "jsonl";
    case Format::text: break;
  }
  return "text";
}

}  // namespace

CommandLine::CommandLine()
    : app_("starcoach: practise behavioral interview answers, offline.\n"
           "Learn the Leadership Principles, practise the questions that probe them,\n"
           "and tell each answer as one specific story in STAR order.",
           "starcoach") {
  app_.set_version_flag("--version", std::string("starcoach ") + STARCOACH_VERSION);
  app_.require_subcommand(1, 1);
}

CLI::App* CommandLine::add(const std::string& name, const std::string& summary, Run run, CLI::App* group) {
  CLI::App* command = (group ? group : &app_)->add_subcommand(name, summary);
  if (!group) names_.push_back(name);
  commands_.emplace_back(command, std::move(run));
  return command;
}

CLI::App* CommandLine::add_group(const std::string& name, const std::string& summary) {
  CLI::App* group = app_.add_subcommand(name, summary);
  group->require_subcommand(1, 1);
  names_.push_back(name);
  return group;
}

void CommandLine::database_option(CLI::App* command, std::string& path) {
  path = storage::Database::default_path();
  command->add_option("--db,--database", path,
                      "Your practice: an SQLite file, or a PostgreSQL database (postgresql://USER@HOST:PORT/DB; "
                      "postgresql:// alone reads the standard PG* variables)")
      ->capture_default_str();
}

void CommandLine::format_option(CLI::App* command, const std::vector<Format>& allowed) {
  std::vector<std::string> names;
  for (Format format : allowed) names.push_back(format_name(format));
  format_name_ = names.front();
  command->add_option("--format", format_name_, "Output format")->check(CLI::IsMember(names))->default_str(names.front());
}

std::string CommandLine::command_list() const {
  std::string list;
  for (const std::string& name : names_) list += (list.empty() ? "" : ", ") + name;
  return list;
}

// CLI11's messages, made plain where they are unclear to a newcomer.
std::string CommandLine::usage_message(const CLI::ParseError& error, int argc, char** argv) const {
  const bool known = argc > 1 && std::find(names_.begin(), names_.end(), argv[1]) != names_.end();
  if (argc > 1 && argv[1][0] != '-' && !known)
    return "unknown command \"" + std::string(argv[1]) + "\"; the commands are " + command_list();
  std::string message = error.what();
  if (message == "A subcommand is required") return "which command? The commands are " + command_list();
  for (const std::string prefix : {"The following arguments were not expected: ", "The following argument was not expected: "})
    if (message.rfind(prefix, 0) == 0) return "unexpected argument: " + message.substr(prefix.size());
  return message;
}

int CommandLine::run(int argc, char** argv, std::istream& in, std::ostream& out) {
  try {
    app_.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app_.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app_.exit(version);
  } catch (const CLI::ParseError& error) {
    std::cerr << "starcoach: " << usage_message(error, argc, argv) << "\nRun 'starcoach --help' to see the commands.\n";
    return exit_usage;
  }
  Format format = Format::text;
  for (Format known : {Format::text, Format::json, Format::markdown, Format::jsonl})
    if (format_name_ == format_name(known)) format = known;
  const Output output{out, Terminal::detect(stdout), format};
  try {
    for (const auto& [command, run] : commands_)
      if (command->parsed()) return run(output, in);
  } catch (const storage::DatabaseError& error) {
    std::cerr << "starcoach: " << error.what() << "\n";
    return exit_input;
  } catch (const UsageError& error) {
    std::cerr << "starcoach: " << error.what() << "\n";
    return exit_usage;
  } catch (const InputError& error) {
    std::cerr << "starcoach: " << error.what() << "\n";
    return exit_input;
  } catch (const std::exception& error) {
    std::cerr << "starcoach: internal error: " << error.what() << "\n";
    return exit_internal;
  }
  return exit_usage;
}

}  // namespace starcoach::cli
