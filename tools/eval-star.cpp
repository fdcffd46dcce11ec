// Measures the sentence splitter and the STAR labeller on labelled answers.
//   eval-star                  the independent test split, data/eval/star-test.txt (report only)
//   eval-star --dev            the independent dev split, data/eval/star-dev.txt (decide on this)
//   eval-star FILE             any corpus file
//   eval-star --cross-validate train on all training files but one, test on that one,
//                              once for each file (the figure beside the independent one)
// The first lines are the headline figures: typed answers, the same answers as bare words
// (what a recogniser hears), and the same answers told result-first. Then the confusion
// matrix, accuracy per style (the corpus's "kind" tags), and the sentence splitter.
// EVAL_VERBOSE=1 lists every unit labelled wrong.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "corpus_files.hpp"
#include "starcoach/corpus.hpp"
#include "starcoach/sentences.hpp"
#include "starcoach/star.hpp"
#include "starcoach/text.hpp"

namespace {

using namespace starcoach;

struct Tally {
  std::size_t matrix[5][5] = {};  // [gold][predicted]

  void add(Part gold, Part predicted) { ++matrix[static_cast<int>(gold)][static_cast<int>(predicted)]; }
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
  double percent() const { return total() ? 100.0 * hits() / total() : 0.0; }
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
  Tally given;             // labelling the authors' own units
  Tally typed;             // typed answers (not transcripts): split by us, then labelled
  Tally transcripts;       // the authors' own transcripts: split by us, then labelled
  Tally result_first;      // typed answers with their result units moved to the front
  std::map<std::string, Tally> per_kind;  // split by us, per "kind" tag
  std::size_t gold_starts = 0, found_starts = 0, right_starts = 0;  // transcripts only
  std::size_t bare_words = 0, bare_hits = 0;  // every answer as bare words, labelled per word
  std::size_t bare_given_hits = 0;            // the same, cut at the authors' own sentence breaks
  std::size_t bare_gold_starts = 0, bare_found_starts = 0, bare_right_starts = 0;  // sentence starts in bare words
};

// The parts of the sentences `splitter` finds in `text`, read as the analyser reads them:
// the labeller's, keeping the parts the splitter read in unpunctuated stretches.
std::vector<Part> label_found(const StarLabeller& labeller, std::string_view text, const std::vector<FoundSentence>& found) {
  std::vector<std::string_view> texts;
  std::vector<std::optional<Part>> spoken_parts;
  for (const auto& [span, spoken_part] : found) {
    texts.push_back(text.substr(span.start, span.end - span.start));
    spoken_parts.push_back(spoken_part);
  }
  std::vector<std::vector<Word>> words;
  for (std::string_view sentence : texts) words.push_back(words_of(sentence));
  return labeller.label_words(texts, words, spoken_parts);
}

// Splits the answer's text as the analyser does, labels what it found, and scores each
// authored unit by the found sentence that covers most of it.
std::vector<Part> label_end_to_end(const StarLabeller& labeller, const SentenceSplitter& splitter,
                                   const LabelledAnswer& answer, std::vector<FoundSentence>* found_out = nullptr) {
  const std::string text = answer.text();
  const std::vector<FoundSentence> found = splitter.split(text);
  const std::vector<Part> parts = label_found(labeller, text, found);
  std::vector<Part> labels;
  for (const auto& [start, end] : answer.unit_spans()) {
    std::size_t best = 0, best_overlap = 0;
    for (std::size_t f = 0; f < found.size(); ++f) {
      const std::size_t lo = std::max(found[f].span.start, start), hi = std::min(found[f].span.end, end);
      if (hi > lo && hi - lo > best_overlap) best = f, best_overlap = hi - lo;
    }
    labels.push_back(found.empty() ? Part::other : parts[best]);
  }
  if (found_out) *found_out = found;
  return labels;
}

// The answer told headline first: its result units, then everything else in order.
// False when that is the order it already has.
bool result_first(const LabelledAnswer& answer, LabelledAnswer& moved) {
  moved = answer;
  moved.sentences.clear();
  for (const LabelledSentence& sentence : answer.sentences)
    if (sentence.part == Part::result) moved.sentences.push_back(sentence);
  for (const LabelledSentence& sentence : answer.sentences)
    if (sentence.part != Part::result) moved.sentences.push_back(sentence);
  for (std::size_t i = 0; i < answer.sentences.size(); ++i)
    if (moved.sentences[i].part != answer.sentences[i].part) return true;
  return false;
}

// Every answer as a recogniser would hear it (lower case, no punctuation): split, labelled,
// and each word scored against the part of the unit it came from. Per word, since the
// units found need not match the authors' units.
void evaluate_bare_words(const StarLabeller& labeller, const SentenceSplitter& splitter, const LabelledAnswer& answer,
                         Result& result) {
  std::vector<std::size_t> unit_words;
  const std::string bare = answer.spoken(&unit_words);
  std::vector<Part> gold;
  for (std::size_t u = 0; u < unit_words.size(); ++u) gold.insert(gold.end(), unit_words[u], answer.sentences[u].part);
  if (bare.empty()) return;
  // With perfect sentence breaks, to tell the splitter's share of the errors from the labeller's.
  const std::vector<Word> words = words_of(bare);
  std::vector<std::string> bare_units;
  std::vector<std::string_view> bare_unit_views;
  std::set<std::size_t> gold_starts;  // word indices where an author's unit starts
  for (std::size_t u = 0, at = 0; u < unit_words.size(); at += unit_words[u++]) {
    gold_starts.insert(at);
    std::string unit;
    for (std::size_t w = at; w < at + unit_words[u]; ++w) unit += (unit.empty() ? "" : " ") + words[w].lower;
    bare_units.push_back(std::move(unit));
  }
  for (const std::string& unit : bare_units) bare_unit_views.push_back(unit);
  const std::vector<Part> given = labeller.label(bare_unit_views);
  for (std::size_t u = 0; u < given.size(); ++u)
    if (given[u] == answer.sentences[u].part) result.bare_given_hits += unit_words[u];
  std::vector<Span> units;
  const std::vector<FoundSentence> found = splitter.split(bare);
  for (const FoundSentence& sentence : found) units.push_back(sentence.span);
  const std::vector<Part> parts = label_found(labeller, bare, found);
  result.bare_gold_starts += gold_starts.size() - 1;
  for (std::size_t w = 1; w < words.size(); ++w) {
    bool found_start = false;
    for (const Span& unit : units) found_start = found_start || unit.start == words[w].start;
    result.bare_found_starts += found_start;
    result.bare_right_starts += found_start && gold_starts.count(w);
  }
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
    for (std::size_t i = 0; i < texts.size(); ++i) result.given.add(answer.sentences[i].part, given[i]);

    std::vector<FoundSentence> found;
    const std::vector<Part> labels = label_end_to_end(labeller, splitter, answer, &found);
    for (std::size_t g = 0; g < labels.size(); ++g) {
      const Part gold = answer.sentences[g].part;
      if (std::getenv("EVAL_VERBOSE") && gold != labels[g])
        std::printf("  miss %s %c->%c: %s\n", answer.id.c_str(), part_letter(gold), part_letter(labels[g]),
                    answer.sentences[g].text.c_str());
      (transcript ? result.transcripts : result.typed).add(gold, labels[g]);
      for (const std::string& kind : answer.kinds) result.per_kind[kind].add(gold, labels[g]);
    }
    LabelledAnswer moved;
    if (!transcript && result_first(answer, moved)) {
      const std::vector<Part> moved_labels = label_end_to_end(labeller, splitter, moved);
      for (std::size_t g = 0; g < moved_labels.size(); ++g) result.result_first.add(moved.sentences[g].part, moved_labels[g]);
    }
    evaluate_bare_words(labeller, splitter, answer, result);
    if (transcript) {
      const auto spans = answer.unit_spans();
      result.gold_starts += spans.size();
      result.found_starts += found.size();
      for (const FoundSentence& sentence : found)
        for (const auto& gold : spans) result.right_starts += sentence.span.start == gold.first;
    }
  }
}

void report(const Result& result) {
  std::printf("  typed answers, split by us: %.1f%% of %zu units | as bare words: %.1f%% of %zu words | result moved first: %.1f%% of %zu units\n",
              result.typed.percent(), result.typed.total(),
              result.bare_words ? 100.0 * result.bare_hits / result.bare_words : 0.0, result.bare_words,
              result.result_first.percent(), result.result_first.total());
  std::printf("  the authors' own transcripts, split by us: %.1f%% of %zu units\n", result.transcripts.percent(),
              result.transcripts.total());
  std::printf("  bare words cut at the authors' sentence breaks: %.1f%% of the words\n",
              result.bare_words ? 100.0 * result.bare_given_hits / result.bare_words : 0.0);
  std::printf("  on the authors' own units: %.1f%% of %zu\n", result.given.percent(), result.given.total());
  result.given.print_matrix();
  std::printf("  per style (split by us):\n");
  for (const auto& [kind, tally] : result.per_kind)
    std::printf("    %-22s %5.1f%% of %4zu units\n", kind.c_str(), tally.percent(), tally.total());
  const double precision = result.found_starts ? 1.0 * result.right_starts / result.found_starts : 0;
  const double recall = result.gold_starts ? 1.0 * result.right_starts / result.gold_starts : 0;
  std::printf("  sentence starts in transcripts: precision %.1f%%, recall %.1f%%, F1 %.1f%%\n", 100 * precision,
              100 * recall, precision + recall > 0 ? 200 * precision * recall / (precision + recall) : 0.0);
  const double bare_precision = result.bare_found_starts ? 1.0 * result.bare_right_starts / result.bare_found_starts : 0;
  const double bare_recall = result.bare_gold_starts ? 1.0 * result.bare_right_starts / result.bare_gold_starts : 0;
  std::printf("  sentence starts in bare words: precision %.1f%%, recall %.1f%%, F1 %.1f%%\n", 100 * bare_precision,
              100 * bare_recall,
              bare_precision + bare_recall > 0 ? 200 * bare_precision * bare_recall / (bare_precision + bare_recall) : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string argument = argc > 1 ? argv[1] : "";
    if (argument == "--cross-validate") {
      const std::vector<LabelledAnswer> corpus = read_corpus_files(training_corpus_files(STARCOACH_SOURCE_DIR));
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
    std::string path = argument;
    if (argument.empty()) path = STARCOACH_SOURCE_DIR "/data/eval/star-test.txt";
    if (argument == "--dev") path = STARCOACH_SOURCE_DIR "/data/eval/star-dev.txt";
    const std::vector<LabelledAnswer> answers = read_corpus_file(path);
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
