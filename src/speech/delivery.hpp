// How a spoken answer was delivered, measured from the recogniser's word times: speaking
// time against one minute, pace, long pauses and filler words, each with a short note.
// The bands are in data/speech/delivery.json.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "starcoach/mock.hpp"
#include "transcriber.hpp"

namespace starcoach::speech {

struct Pause {
  double at;       // seconds from the start of the recording
  double seconds;  // how long the silence lasted
};

struct Delivery {
  double speaking_seconds = 0;  // from the first word to the end of the last
  std::size_t words = 0;
  double words_per_minute = 0;
  std::string timing;  // short, good or over
  std::string pace;    // slow, good or fast
  std::vector<Pause> long_pauses;
  std::size_t fillers = 0;
  double fillers_per_minute = 0;
  std::string filler_level;             // fluent, some or hesitant
  std::vector<std::string> filler_words;  // the fillers heard, most frequent first
  std::vector<std::string> notes;       // one plain sentence per measure
};

// Throws InputError when the transcript has no words.
Delivery measure_delivery(const Transcript& transcript);

// What a scorecard keeps of it (starcoach/mock.hpp).
SpokenDelivery spoken_delivery(const Delivery& delivery);

// {"speaking_seconds","words","words_per_minute","timing","pace","long_pauses":[{"at","seconds"}],
//  "fillers","fillers_per_minute","filler_level","filler_words","notes"}
nlohmann::json delivery_json(const Delivery& delivery);

// {"text","duration_seconds","words":[{"word","start","end"}]} and, when it has words, "delivery".
nlohmann::json transcript_json(const Transcript& transcript);

}  // namespace starcoach::speech
