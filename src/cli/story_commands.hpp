// The story bank in the terminal: story add/list/show/edit/rm/match and coverage.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "commands.hpp"

namespace starcoach::cli {

struct StoryRequest {
  std::string database;  // the SQLite file
  std::string file = "-";
  std::string title, role;
  long long id = 0;
  std::optional<std::string> situation, task, action, result, principles;  // story edit
  std::string question;  // story match
  int target = 2;        // coverage
};

int story_add(const Output& output, const StoryRequest& request, std::istream& in);
int story_list(const Output& output, const StoryRequest& request);
int story_show(const Output& output, const StoryRequest& request);
int story_edit(const Output& output, const StoryRequest& request);
int story_remove(const Output& output, const StoryRequest& request);
int story_match(const Output& output, const StoryRequest& request);
int show_coverage(const Output& output, const StoryRequest& request);

}  // namespace starcoach::cli
