// The mock interview in the terminal: questions the way a loop asks them, a countdown in
// each line's prompt, follow-up questions, optional reading aloud with espeak-ng, and a
// scorecard saved in the database.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"

namespace starcoach::cli {

struct MockRequest {
  std::vector<std::string> principles;  // empty: all
  std::vector<std::string> exclude;
  int questions = 0;                    // 0: the default of data/mock/scorecard.json
  double minutes_per_answer = 0;        // 0: the default
  bool speak = false;                   // read questions aloud with espeak-ng
  std::optional<std::uint64_t> seed;
  std::string database;                 // the SQLite file
};

int mock_interview(const Output& output, std::istream& in, const MockRequest& request);

// A saved scorecard: as text, JSON or Markdown (for keeping or sharing).
int show_mock_interview(const Output& output, long long id, const std::string& database);

}  // namespace starcoach::cli
