// Moving a practice from one database to another (`starcoach migrate-data`): every row
// of every table, ids kept, in one transaction on the target, then every row compared.
#pragma once

#include <string>
#include <vector>

namespace starcoach::storage {

struct CopyReport {
  long long rows = 0;                    // copied
  std::vector<std::string> differences;  // rows that do not read back equal (empty: none)
};

// Copies the database at `from` (an SQLite file or a postgresql:// URL) into `to`, which
// must hold no practice yet (both are migrated to the newest schema first). Throws
// DatabaseError, or InputError when the target is not empty.
CopyReport copy_database(const std::string& from, const std::string& to);

// The rows of `a` and `b` that differ, table by table ("attempts row 3: column 5 ...").
std::vector<std::string> differences(const std::string& a, const std::string& b);

}  // namespace starcoach::storage
