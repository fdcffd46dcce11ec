// starcoach: the command-line front end. Each module declares its own commands
// (command_line.hpp); main puts them in the order --help lists them and runs the one given.
#include <iostream>

#include "command_line.hpp"

int main(int argc, char** argv) {
  using namespace starcoach::cli;
  CommandLine line;
  add_serve_command(line);
  add_knowledge_commands(line);
  add_check_commands(line);
  add_story_commands(line);
  add_history_commands(line);
  add_mock_command(line);
  add_admin_commands(line);
  add_database_commands(line);
  return line.run(argc, argv, std::cin, std::cout);
}
