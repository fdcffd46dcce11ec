// One function per subcommand. Each writes its result to `out` and returns the exit
// code; usage and input problems are thrown as UsageError / starcoach::InputError and
// turned into exit codes 2 and 3 by main.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>

#include "terminal.hpp"

namespace starcoach::cli {

enum class Format { text, json };

// Exit code 2: the command line is wrong (unknown principle id, bad option value).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Output {
  std::ostream& out;
  Terminal terminal;
  Format format = Format::text;
};

int list_principles(const Output& output);
int show_principle(const Output& output, const std::string& id);

struct QuestionFilter {
  std::string principle;           // empty: all principles
  bool meta = false;               // the meta questions instead
  std::optional<std::size_t> random;
  std::optional<std::uint64_t> seed;
};
int list_questions(const Output& output, const QuestionFilter& filter);

int classify_question(const Output& output, const std::string& question);

// Interactive: asks a question, reads the answer from `in` until an empty line.
int practice(const Output& output, std::istream& in, const std::string& principle,
             std::optional<std::uint64_t> seed);

}  // namespace starcoach::cli
