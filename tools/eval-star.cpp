// Measures the sentence splitter and the STAR labeller on labelled answers.
//   eval-star [FILE]           default: data/star-corpus/test.txt (never tuned on)
//   eval-star --cross-validate train on all training files but one, test on that one,
//                              once for each file (the figures to tune on)
// Prints accuracy per part, the confusion matrix, accuracy on transcripts, how well the
// splitter finds sentence starts in unpunctuated transcripts, and per-word accuracy when
// every answer loses its punctuation (the cross-validated figure for spoken answers).
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "starcoach/corpus.hpp"
#include "starcoach/sentences.hpp"
#include "starcoach/star.hpp"
#include "starcoach/text.hpp"

namespace {

using namespace starcoach;

struct Tally {
  std::size_t matrix[5][5] = {};  // [gold][predicted]
  std::size_t transcript_total = 0, transcript_hits = 0;

  void add(Part gold, Part predicted, bool transcript) {
    ++matrix[static_cast<int>(gold)][static_cast<int>(predicted)];
    if (transcript) {
      ++transcript_total;
      transcript_hits += gold == predicted;
    }
  }
  std::size_t total() const {
    std::size_t sum = 0;
    for (auto& row : matrix) for (std::size_t cell : row) sum += cell;
    return sum;
  }
  std::size_t hits() const {
    std::size_t sum = 0;
    for (int i = 0; i < 5; ++i) sum += matrix[i][i];
    return sum;
  }
  void print(const char* title) const {
    std::printf("  %s: %.1f%% of %zu sentences (transcripts: %.1f%% of %zu)\n", title, 100.0 * hits() / total(),
                total(), transcript_total ? 100.0 * transcript_hits / transcript_total : 0.0, transcript_total);
  }
  void print_matrix() const {
    std::printf("    gold \\ predicted   S     T     A     R     O    recall\n");
    for (Part gold : all_parts) {
      const auto& row = matrix[static_cast<int>(gold)];
      std::size_t sum = 0;
      for (std::size_t cell : row) sum += cell;
      std::printf("    %-9s      ", std::string(part_name(gold)).c_str());
      for (std::size_t cell : row) std::printf("%5zu ", cell);
      std::printf("  %5.1f%%\n", sum ? 100.0 * row[static_cast<int>(gold)] / sum : 0.0);
    }
  }
};

struct Result {
  Tally given;       // labelling the authors' own sentences
  Tally end_to_end;  // splitting the joined text, then labelling
  std::size_t gold_starts = 0, found_starts = 0, right_starts = 0;  // transcripts only
  std::size_t bare_words = 0, bare_hits = 0;  // every answer as bare words, labelled per word
};

// Every answer as a recogniser would hear it (lower case, no punctuation): split, labelled,
// and each word scored against the part of the sentence it came from. Per word, since the
// units found need not match the authors' sentences.
void evaluate_bare_words(const StarLabeller& labeller, const SentenceSplitter& splitter, const LabelledAnswer& answer,
                         Result& result) {
  std::string bare;
  std::vector<Part> gold;
  for (const LabelledSentence& sentence : answer.sentences)
    for (const Word& word : words_of(sentence.text)) {
      bare += (bare.empty() ? "" : " ") + word.lower;
      gold.push_back(sentence.part);
    }
  const std::vector<Span> units = splitter.split(bare);
  std::vector<std::string_view> unit_texts;
  for (const Span& unit : units) unit_texts.push_back(std::string_view(bare).substr(unit.start, unit.end - unit.start));
  const std::vector<Part> parts = labeller.label(unit_texts);
  const std::vector<Word> words = words_of(bare);
  for (std::size_t w = 0; w < words.size() && w < gold.size(); ++w) {
    Part predicted = Part::other;
    for (std::size_t u = 0; u < units.size(); ++u)
      if (words[w].start >= units[u].start && words[w].start < units[u].end) predicted = parts[u];
    ++result.bare_words;
    result.bare_hits += predicted == gold[w];
  }
}

void evaluate(const StarLabeller& labeller, const SentenceSplitter& splitter, const std::vector<LabelledAnswer>& answers,
              Result& result) {
  for (const LabelledAnswer& answer : answers) {
    const bool transcript = answer.has_kind("transcript");
    std::vector<std::string_view> texts;
    for (const LabelledSentence& sentence : answer.sentences) texts.push_back(sentence.text);
    const std::vector<Part> given = labeller.label(texts);
    for (std::size_t i = 0; i < texts.size(); ++i) result.given.add(answer.sentences[i].part, given[i], transcript);

    // The joined text, with each authored sentence's byte span.
    const std::string text = answer.text();
    std::vector<Span> gold_spans;
    std::size_t at = 0;
    for (const LabelledSentence& sentence : answer.sentences) {
      gold_spans.push_back({at, at + sentence.text.size()});
      at += sentence.text.size() + 1;
    }
    const std::vector<Span> found = splitter.split(text);
    std::vector<std::string_view> found_texts;
    for (const Span& span : found) found_texts.push_back(std::string_view(text).substr(span.start, span.end - span.start));
    const std::vector<Part> parts = labeller.label(found_texts);
    for (std::size_t g = 0; g < gold_spans.size(); ++g) {
      // The found sentence that covers most of this authored sentence.
      std::size_t best = 0, best_overlap = 0;
      for (std::size_t f = 0; f < found.size(); ++f) {
        const std::size_t lo = std::max(found[f].start, gold_spans[g].start);
        const std::size_t hi = std::min(found[f].end, gold_spans[g].end);
        if (hi > lo && hi - lo > best_overlap) best = f, best_overlap = hi - lo;
      }
      result.end_to_end.add(answer.sentences[g].part, found.empty() ? Part::other : parts[best], transcript);
    }
    evaluate_bare_words(labeller, splitter, answer, result);
    if (transcript) {
      result.gold_starts += gold_spans.size();
      result.found_starts += found.size();
      for (const Span& span : found)
        for (const Span& gold : gold_spans) result.right_starts += span.start == gold.start;
    }
  }
}

void report(const Result& result) {
  result.given.print("labels on the authors' sentences");
  result.given.print_matrix();
  result.end_to_end.print("labels after splitting the text ourselves");
  const double precision = result.found_starts ? 1.0 * result.right_starts / result.found_starts : 0;
  const double recall = result.gold_starts ? 1.0 * result.right_starts / result.gold_starts : 0;
  std::printf("  sentence starts in transcripts: precision %.1f%%, recall %.1f%%, F1 %.1f%%\n", 100 * precision,
              100 * recall, precision + recall > 0 ? 200 * precision * recall / (precision + recall) : 0.0);
  std::printf("  every answer as bare words (no punctuation, no capitals): %.1f%% of %zu words labelled right\n",
              result.bare_words ? 100.0 * result.bare_hits / result.bare_words : 0.0, result.bare_words);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string argument = argc > 1 ? argv[1] : "";
    if (argument == "--cross-validate") {
      const std::vector<LabelledAnswer>& corpus = training_corpus();
      Result total;
      std::set<char> files;  // answer ids start with their file's letter: a001 is in train-a.txt
      for (const LabelledAnswer& answer : corpus) files.insert(answer.id[0]);
      for (char held : files) {
        std::vector<LabelledAnswer> train, test;
        for (const LabelledAnswer& answer : corpus) (answer.id[0] == held ? test : train).push_back(answer);
        evaluate(StarLabeller(train), SentenceSplitter(train), test, total);
      }
      std::printf("cross-validation over the training files (%zu answers)\n", corpus.size());
      report(total);
      return 0;
    }
    const std::string path = argument.empty() ? STARCOACH_SOURCE_DIR "/data/star-corpus/test.txt" : argument;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    const std::string contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::vector<LabelledAnswer> answers = parse_corpus({path, contents});
    Result result;
    evaluate(StarLabeller::builtin(), SentenceSplitter::builtin(), answers, result);
    std::printf("%s: %zu answers\n", path.c_str(), answers.size());
    report(result);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "eval-star: %s\n", error.what());
    return 1;
  }
  return 0;
}
