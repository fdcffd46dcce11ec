// Runs a program the way a user would, for the CLI tests: given arguments, standard
// input and environment, it returns the exit code and everything printed.
#pragma once

#include <string>
#include <vector>

namespace starcoach::test_support {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal number when the program was killed by a signal
  std::string out;
  std::string err;
};

// Runs `program` with `arguments`, feeding `input` on standard input. Extra
// environment entries ("NAME=value") are added to the current environment.
ProcessResult run(const std::string& program, const std::vector<std::string>& arguments, const std::string& input = "",
        const std::vector<std::string>& environment = {});

}  // namespace starcoach::test_support
