// Offline speech recognition with Debian's PocketSphinx and its US English model: a
// spoken answer (16 kHz mono 16-bit WAV) becomes text with a time for every word.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace starcoach::speech {

struct TimedWord {
  std::string word;
  double start;  // seconds from the start of the recording
  double end;
};

struct Transcript {
  std::string text;
  double duration_seconds = 0;
  std::vector<TimedWord> words;
};

// The samples of a 16 kHz mono 16-bit PCM WAV file; throws InputError naming what the
// file is instead (another format, sample rate or channel count, or not a WAV at all).
std::vector<short> read_wav(std::string_view bytes);

// Transcribes a WAV file's bytes. Throws InputError for a file it cannot read.
Transcript transcribe_wav(std::string_view bytes);

}  // namespace starcoach::speech
