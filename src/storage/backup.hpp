// The backup file: everything in the database as one JSON document, and back. Reading
// checks the file as a whole (known principles, scores 0 to 100, positive ids, a known
// version, sensible nesting) before anything is written, and names the first problem.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "database.hpp"
#include "starcoach/stories.hpp"

namespace starcoach::storage {

struct Backup {
  std::vector<Story> stories;
  std::vector<Attempt> attempts;
  std::vector<MockInterview> mock_interviews;
  std::map<long long, std::string> recordings;  // the kept recordings (WAV files), by attempt id
};

// Everything of the database's owner.
Backup backup_of(const Database& database);

// {"format": "starcoach-backup", "version": 3, "stories", "attempts", "mock_interviews"}; an
// attempt with a kept recording has it as "recording", the WAV file in base64.
nlohmann::json backup_json(const Backup& backup);
std::string backup_text(const Backup& backup);  // backup_json, as the file is written

// Throws InputError naming `name` (the file) and the first problem.
Backup parse_backup(std::string_view text, const std::string& name);

}  // namespace starcoach::storage
