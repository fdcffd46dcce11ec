// The backup file: everything in the database as one JSON document, and back. Reading
// checks the file as a whole (known principles, scores 0 to 100, positive ids, a known
// version, sensible nesting) before anything is written, and names the first problem.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "database.hpp"
#include "starcoach/stories.hpp"

namespace starcoach::cli {

struct Backup {
  std::vector<Story> stories;
  std::vector<storage::Attempt> attempts;
  std::vector<storage::MockInterview> mock_interviews;
};

// {"format": "starcoach-backup", "version": 2, "stories", "attempts", "mock_interviews"}
std::string backup_text(const Backup& backup);

// Throws InputError naming `name` (the file) and the first problem.
Backup parse_backup(std::string_view text, const std::string& name);

}  // namespace starcoach::cli
