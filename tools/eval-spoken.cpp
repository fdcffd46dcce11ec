// Measures STAR labelling on spoken answers: each answer of the independent test split is
// spoken by flite, transcribed by PocketSphinx, and analysed as a transcript (no
// punctuation, no capitals, recognition errors). Accuracy is per word, since a transcript
// has no sentences to compare: each recognised word takes the gold label of the word it
// aligns with. Two baselines isolate the causes: the typed text, and the exact words
// without punctuation (a perfect recogniser).
//   eval-spoken [--limit N] [--voice rms|awb] [--text-only]   (--text-only: the two baselines, in seconds)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "starcoach/analysis.hpp"
#include "starcoach/corpus.hpp"
#include "starcoach/text.hpp"
#include "transcriber.hpp"

namespace {

using namespace starcoach;

struct LabelledWords {
  std::vector<std::string> words;
  std::vector<Part> parts;
};

LabelledWords gold_words(const LabelledAnswer& answer) {
  LabelledWords gold;
  for (const LabelledSentence& sentence : answer.sentences)
    for (const Word& word : words_of(sentence.text)) {
      gold.words.push_back(word.lower);
      gold.parts.push_back(sentence.part);
    }
  return gold;
}

// The part the analyser gives each word of `text`, in order.
std::vector<Part> predicted_parts(const std::string& text) {
  const Analysis analysis = analyse(text);
  std::vector<Part> parts;
  for (const Word& word : words_of(text)) {
    Part part = Part::other;
    for (const SentenceResult& sentence : analysis.sentences)
      if (word.start >= sentence.start && word.start < sentence.end) part = sentence.part;
    parts.push_back(part);
  }
  return parts;
}

// For each word of `heard`, the index of the gold word it aligns with (edit-distance
// alignment; an inserted word takes its predecessor's partner). Also counts the edits.
std::vector<std::size_t> align(const std::vector<std::string>& gold, const std::vector<std::string>& heard, std::size_t& edits) {
  const std::size_t n = gold.size(), m = heard.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j)
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (gold[i - 1] == heard[j - 1] ? 0u : 1u)});
  edits = d[n][m];
  std::vector<std::size_t> partner(m, 0);
  for (std::size_t i = n, j = m; j > 0;) {
    if (i > 0 && d[i][j] == d[i - 1][j - 1] + (gold[i - 1] == heard[j - 1] ? 0u : 1u)) {
      partner[--j] = --i;
    } else if (i > 0 && d[i][j] == d[i - 1][j] + 1) {
      --i;
    } else {
      partner[--j] = i > 0 ? i - 1 : 0;
    }
  }
  return partner;
}

struct Tally {  // words labelled right, of all
  std::size_t hits = 0, total = 0;
  void add(Part gold, Part predicted) { hits += gold == predicted, ++total; }
  double percent() const { return total ? 100.0 * static_cast<double>(hits) / static_cast<double>(total) : 0; }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t limit = 1000;
  std::string voice = "rms";
  bool text_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string option = argv[i];
    if (option == "--text-only") text_only = true;
    else if (option == "--limit" && i + 1 < argc) limit = std::stoul(argv[++i]);
    else if (option == "--voice" && i + 1 < argc) voice = argv[++i];
  }
  const std::string path = STARCOACH_SOURCE_DIR "/data/eval/star-test.txt";
  const std::string corpus = read_file(path);
  const std::vector<LabelledAnswer> answers = parse_corpus({path, corpus});
  const std::string folder = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  const std::string text_file = folder + "/eval-spoken.txt", wav_file = folder + "/eval-spoken.wav";

  Tally typed, unpunctuated, spoken;
  std::size_t edits = 0, reference_words = 0, count = 0;
  double audio_seconds = 0, recognition_seconds = 0;
  for (const LabelledAnswer& answer : answers) {
    if (count == limit) break;
    ++count;
    const LabelledWords gold = gold_words(answer);
    const std::vector<Part> typed_parts = predicted_parts(answer.text());
    for (std::size_t i = 0; i < gold.parts.size() && i < typed_parts.size(); ++i) typed.add(gold.parts[i], typed_parts[i]);
    std::string plain;
    for (const std::string& word : gold.words) plain += (plain.empty() ? "" : " ") + word;
    const std::vector<Part> plain_parts = predicted_parts(plain);
    for (std::size_t i = 0; i < gold.parts.size() && i < plain_parts.size(); ++i) unpunctuated.add(gold.parts[i], plain_parts[i]);

    if (text_only) continue;
    std::ofstream(text_file) << answer.text() << "\n";
    const std::string command = "flite -voice " + voice + " -f " + text_file + " -o " + wav_file;
    if (std::system(command.c_str()) != 0) {
      std::fprintf(stderr, "eval-spoken: flite failed: %s\n", command.c_str());
      return 1;
    }
    const auto start = std::chrono::steady_clock::now();
    const speech::Transcript transcript = speech::transcribe_wav(read_file(wav_file));
    recognition_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    audio_seconds += transcript.duration_seconds;
    if (transcript.words.empty()) continue;
    std::vector<std::string> heard;
    for (const Word& word : words_of(transcript.text)) heard.push_back(word.lower);
    std::size_t answer_edits = 0;
    const std::vector<std::size_t> partner = align(gold.words, heard, answer_edits);
    edits += answer_edits;
    reference_words += gold.words.size();
    const std::vector<Part> spoken_parts = predicted_parts(transcript.text);
    for (std::size_t j = 0; j < heard.size() && j < spoken_parts.size(); ++j) spoken.add(gold.parts[partner[j]], spoken_parts[j]);
    std::fprintf(stderr, "\r%zu answers", count);
  }
  std::fputc('\n', stderr);
  std::remove(text_file.c_str());
  std::remove(wav_file.c_str());
  std::printf("STAR labels per word on %zu test answers (data/eval/star-test.txt), voice %s\n", count, voice.c_str());
  std::printf("  typed text                        %5.1f%%  (%zu words)\n", typed.percent(), typed.total);
  std::printf("  same words, no punctuation        %5.1f%%\n", unpunctuated.percent());
  if (text_only) return 0;
  std::printf("  spoken: flite -> PocketSphinx     %5.1f%%  (%zu words heard)\n", spoken.percent(), spoken.total);
  std::printf("word error rate %.1f%%, %.0f s of speech recognised %.1fx faster than real time\n",
              100.0 * static_cast<double>(edits) / static_cast<double>(reference_words), audio_seconds,
              audio_seconds / recognition_seconds);
  return 0;
}
