// The commands about the principles, the questions and one answer (principles,
// principle, questions, classify, check, practice, transcribe), one function each, and
// what every command module shares (Output, Format, UsageError). Each writes its result
// to `out` and returns the exit code; usage and input problems are thrown as UsageError /
// starcoach::InputError and turned into exit codes 2 and 3 by CommandLine::run.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>

#include "starcoach/knowledge.hpp"
#include "starcoach/speaking.hpp"
#include "terminal.hpp"

namespace starcoach::cli {

enum class Format { text, json, markdown, jsonl };

// Exit code 2: the command line is wrong (unknown principle id, bad option value).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Output {
  std::ostream& out;
  Terminal terminal;
  Format format = Format::text;
};

// The principle with this id; throws UsageError listing the valid ids.
const Principle& require_principle(const std::string& id);

// The whole of `path` ("-": standard input); throws InputError when it cannot be read
// or is larger than 16 MiB.
std::string read_input(const std::string& path, std::istream& in);

int list_principles(const Output& output);
int show_principle(const Output& output, const std::string& id);

struct QuestionFilter {
  std::string principle;           // empty: all principles
  bool meta = false;               // the meta questions instead
  std::optional<std::size_t> random;
  std::optional<std::uint64_t> seed;
};
int list_questions(const Output& output, const QuestionFilter& filter);

int classify_question(const Output& output, const std::string& question);

struct CheckRequest {
  std::string file = "-";       // the answer: a file, or - for standard input
  std::string batch;            // a JSON Lines file of answers, instead of `file`
  std::string audio;            // a spoken answer (16 kHz mono WAV), transcribed first
  std::string question;
  std::string question_id;
  std::string principle;
  std::string role = "general";
  double words_per_minute = Speaking::builtin().default_words_per_minute;
};
// Exit code 1 when the analysis has an error-level finding.
int check_answer(const Output& output, const CheckRequest& request, std::istream& in);
int check_batch(const Output& output, const CheckRequest& request, std::istream& in);

// Interactive: asks a question, reads the answer from `in` until an empty line.
// Prints the transcript of a 16 kHz mono WAV file, with word timings in JSON.
int transcribe_audio(const Output& output, const std::string& file, std::istream& in);

// Reads a typed answer up to an empty line, writing `prompt()` before each line (it may
// show the time left). A first line that `is_command` accepts is returned at once.
// Nothing when the input ends before a first line.
std::optional<std::string> read_typed_answer(std::istream& in, std::ostream& out, const std::function<std::string()>& prompt,
                                             const std::function<bool(const std::string&)>& is_command = nullptr);

// The attempt is saved in the SQLite file at `database`.
int practice(const Output& output, std::istream& in, const std::string& principle,
             std::optional<std::uint64_t> seed, const std::string& database);

}  // namespace starcoach::cli
