// How long an answer should take to say, and the speaking speeds starcoach assumes and
// accepts: data/analyser/speaking.json, the one source for the analyser, the CLI, the API
// and the page (which reads it from GET /api/settings).
#pragma once

#include <string>

namespace starcoach {

struct Speaking {
  double target_seconds = 60;             // "about one minute" (method.md 4)
  double default_words_per_minute = 140;  // when the candidate's own pace is not known
  double lowest_words_per_minute = 40;    // a pace outside these is refused (typed) or
  double highest_words_per_minute = 400;  // brought inside them (measured from speech)

  bool accepts(double words_per_minute) const {
    return words_per_minute >= lowest_words_per_minute && words_per_minute <= highest_words_per_minute;
  }
  double clamped(double words_per_minute) const {
    return words_per_minute < lowest_words_per_minute    ? lowest_words_per_minute
           : words_per_minute > highest_words_per_minute ? highest_words_per_minute
                                                         : words_per_minute;
  }

  // "between 40 and 400", for messages about a pace that is not accepted.
  std::string accepted_range() const {
    return "between " + std::to_string(static_cast<int>(lowest_words_per_minute)) + " and " +
           std::to_string(static_cast<int>(highest_words_per_minute));
  }

  // The settings built into the program; throws DataError when the file is malformed.
  static const Speaking& builtin();
};

}  // namespace starcoach
