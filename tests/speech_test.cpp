// Offline transcription: speech synthesised at test time with Debian's flite (voice
// "rms"), recognised by PocketSphinx, with a ceiling on the word error rate; and clear
// errors for files that are not 16 kHz mono WAV.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "starcoach/errors.hpp"
#include "support/process.hpp"
#include "delivery.hpp"
#include "transcriber.hpp"

#include <nlohmann/json.hpp>

namespace starcoach::speech {
namespace {

std::string synthesise(const std::string& text, const std::string& name) {
  const std::string path = ::testing::TempDir() + name + ".wav";
  const std::string command = "flite -voice rms -t '" + text + "' -o " + path;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path.c_str());
  return bytes;
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

// Word error rate: word-level edit distance over the reference length.
double word_error_rate(const std::string& reference, const std::string& hypothesis) {
  const std::vector<std::string> r = words(reference), h = words(hypothesis);
  std::vector<std::vector<std::size_t>> d(r.size() + 1, std::vector<std::size_t>(h.size() + 1));
  for (std::size_t i = 0; i <= r.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= h.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= r.size(); ++i)
    for (std::size_t j = 1; j <= h.size(); ++j)
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1)});
  return static_cast<double>(d[r.size()][h.size()]) / static_cast<double>(r.size());
}

TEST(Speech, TranscribesSynthesisedAnswersWithFewErrorsAndWordTimes) {
  const std::vector<std::string> answers = {
      "last march i was a shift lead at a parcel depot my task was to stop late deliveries",
      "i called the client the same day and i rewrote the checklist with the loaders",
      "late parcels fell by half in one month and the client renewed the contract"};
  std::size_t errors_in_words = 0, reference_words = 0;
  double audio = 0, spent = 0;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const std::string wav = synthesise(answers[i], "answer-" + std::to_string(i));
    const auto start = std::chrono::steady_clock::now();
    const Transcript transcript = transcribe_wav(wav);
    spent += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    audio += transcript.duration_seconds;
    errors_in_words += static_cast<std::size_t>(word_error_rate(answers[i], transcript.text) * words(answers[i]).size() + 0.5);
    reference_words += words(answers[i]).size();
    ASSERT_FALSE(transcript.words.empty());
    for (std::size_t w = 0; w < transcript.words.size(); ++w) {
      EXPECT_LT(transcript.words[w].start, transcript.words[w].end);
      EXPECT_LE(transcript.words[w].end, transcript.duration_seconds + 0.05);
      if (w > 0) {
        EXPECT_LE(transcript.words[w - 1].end, transcript.words[w].start + 1e-9);
      }
    }
  }
  const double rate = static_cast<double>(errors_in_words) / static_cast<double>(reference_words);
  std::cout << "word error rate " << rate << ", real-time factor " << spent / audio << "\n";
  EXPECT_LE(rate, 0.30);
}

TEST(Speech, RejectsWhatIsNotSixteenKilohertzMonoWav) {
  EXPECT_THROW(read_wav("not a wav"), InputError);
  EXPECT_THROW(read_wav(""), InputError);
  std::string wav = synthesise("hello", "hello");
  ASSERT_GT(wav.size(), 44u);
  EXPECT_FALSE(read_wav(wav).empty());
  std::string stereo = wav;
  stereo[22] = 2;  // the channel count of the format chunk
  try {
    read_wav(stereo);
    FAIL() << "accepted two channels";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("expected 16 kHz mono 16-bit PCM WAV"), std::string::npos) << error.what();
  }
  EXPECT_THROW(read_wav(wav.substr(0, 30)), InputError);  // cut short inside the format chunk
  // Found by fuzz/wav-fuzz.cpp: a data chunk with no samples (it copied zero bytes to nowhere).
  std::string empty = wav.substr(0, 40) + std::string(4, '\0');
  EXPECT_THROW(read_wav(empty), InputError);
}

TEST(Speech, CheckTranscribesAndAnalysesASpokenAnswer) {
  const std::string wav = synthesise(
      "last march i was a shift lead at a parcel depot. my task was to stop late deliveries. "
      "i rewrote the checklist and trained the loaders myself. late parcels fell by half in one month.", "spoken");
  const std::string path = ::testing::TempDir() + "spoken-answer.wav";
  std::ofstream(path, std::ios::binary) << wav;
  const auto run = test_support::run(STARCOACH_BINARY, {"check", "--audio", path, "--format", "json"});
  std::remove(path.c_str());
  ASSERT_LE(run.exit_code, 1) << run.err;
  const nlohmann::json result = nlohmann::json::parse(run.out);
  EXPECT_GE(result["answer"]["words"].get<int>(), 25);
  EXPECT_GE(result["sentences"].size(), 2u);  // the transcript has no punctuation: the splitter cut it
  EXPECT_EQ(result["is_story"], true);
  const auto bad = test_support::run(STARCOACH_BINARY, {"check", "--audio", "/no/such.wav"});
  EXPECT_EQ(bad.exit_code, 3);
}

// A transcript with word times, one word every `step` seconds, `gap_after` adding a pause.
Transcript timed(const std::vector<std::string>& words, double step, std::size_t gap_after = 0, double gap = 0) {
  Transcript transcript;
  double at = 0.5;
  for (std::size_t i = 0; i < words.size(); ++i) {
    transcript.words.push_back({words[i], at, at + step * 0.8});
    transcript.text += (i ? " " : "") + words[i];
    at += step + (i + 1 == gap_after ? gap : 0);
  }
  transcript.duration_seconds = at + 0.5;
  return transcript;
}

TEST(Delivery, MeasuresPacePausesAndFillersFromWordTimes) {
  // 150 words at 0.4 s each: one minute at 150 words a minute, with four "um" and one "you know".
  std::vector<std::string> words;
  for (int i = 0; i < 150; ++i) words.push_back(i % 40 == 5 ? "um" : "parcel");
  words[100] = "you";
  words[101] = "know";
  const Delivery d = measure_delivery(timed(words, 0.4, 60, 3.0));
  EXPECT_NEAR(d.speaking_seconds, 150 * 0.4 - 0.4 * 0.2 + 3.0, 0.01);
  EXPECT_NEAR(d.words_per_minute, 150 / (d.speaking_seconds / 60), 0.01);
  EXPECT_EQ(d.pace, "good");
  EXPECT_EQ(d.timing, "good");
  ASSERT_EQ(d.long_pauses.size(), 1u);
  EXPECT_NEAR(d.long_pauses[0].seconds, 3.0 + 0.4 * 0.2, 0.01);
  EXPECT_EQ(d.fillers, 5u);
  EXPECT_EQ(d.filler_words.front(), "um");
  EXPECT_EQ(d.filler_level, "some");  // about 4.8 a minute
  ASSERT_EQ(d.notes.size(), 4u);      // time, pace, pauses, fillers
  EXPECT_EQ(d.notes[2].rfind("1 long pause (over 2 seconds)", 0), 0u) << d.notes[2];
  EXPECT_EQ(d.notes[3].rfind("5 filler words such as \"um\"", 0), 0u) << d.notes[3];
}

TEST(Delivery, NamesFastHesitantAndOverlongDelivery) {
  std::vector<std::string> words(300, "word");
  for (std::size_t i = 0; i < words.size(); i += 20) words[i] = "uh";
  const Delivery fast = measure_delivery(timed(words, 0.3));  // 200 words a minute for 90 seconds
  EXPECT_EQ(fast.pace, "fast");
  EXPECT_EQ(fast.timing, "over");
  EXPECT_EQ(fast.filler_level, "hesitant");
  EXPECT_NE(fast.notes[0].find("90 seconds"), std::string::npos) << fast.notes[0];
  const Delivery slow = measure_delivery(timed(std::vector<std::string>(20, "word"), 0.6));
  EXPECT_EQ(slow.pace, "slow");
  EXPECT_EQ(slow.timing, "short");
  EXPECT_EQ(slow.filler_level, "fluent");
  EXPECT_THROW(measure_delivery(Transcript{}), InputError);
}

}  // namespace
}  // namespace starcoach::speech
