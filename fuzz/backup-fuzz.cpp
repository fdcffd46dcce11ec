// libFuzzer target: arbitrary bytes as a backup file for `starcoach restore`. A file it
// cannot take must give InputError naming the problem, never a crash; a file it takes
// must hold only what restore may write (positive ids, scores 0 to 100).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "backup.hpp"
#include "starcoach/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const starcoach::storage::Backup backup = starcoach::storage::parse_backup({reinterpret_cast<const char*>(data), size}, "fuzz.json");
    for (const starcoach::Story& story : backup.stories)
      if (story.id <= 0) std::abort();
    for (const starcoach::storage::Attempt& attempt : backup.attempts)
      if (attempt.id <= 0 || attempt.score < 0 || attempt.score > 100) std::abort();
    (void)starcoach::storage::backup_text(backup);
  } catch (const starcoach::InputError&) {
  }
  return 0;
}
