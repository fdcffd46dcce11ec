#include "commands.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <istream>
#include <iterator>
#include <memory>
#include <ostream>
#include <random>
#include <thread>

#include "command_line.hpp"
#include "database.hpp"
#include "report.hpp"
#include "delivery.hpp"
#include "transcriber.hpp"
#include "starcoach/analysis.hpp"
#include "starcoach/classifier.hpp"
#include "starcoach/draw.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/json.hpp"
#include "starcoach/knowledge.hpp"
#include "starcoach/text.hpp"

namespace starcoach::cli {

namespace {

const KnowledgeBase& knowledge() { return KnowledgeBase::builtin(); }

}  // namespace

const Principle& require_principle(const std::string& id) {
  const Principle* principle = knowledge().find_principle(id);
  if (principle == nullptr)
    throw UsageError("unknown principle \"" + id + "\"; valid ids: " + knowledge().principle_ids());
  return *principle;
}

namespace {

std::string pad(std::string_view text, int width) {
  return std::string(text) + std::string(static_cast<std::size_t>(std::max(0, width - display_width(text))), ' ');
}

// `count` questions picked by `seed`, the same with any standard library.
std::vector<const Question*> pick(std::vector<const Question*> questions, std::size_t count, std::uint64_t seed) {
  return Draw(seed).first_of_shuffle(std::move(questions), count);
}

std::uint64_t seed_or_random(std::optional<std::uint64_t> seed) {
  return seed ? *seed : (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
}

void print_question(const Output& output, const Question& question) {
  const Terminal& t = output.terminal;
  const std::string label = question.is_meta() ? "meta" : question.principle;
  output.out << t.paint(pad(question.id, 13), Style::accent) << t.paint(label, Style::dim) << "\n"
             << t.wrap(question.text, 13);
}

Role require_role(const std::string& name) {
  std::optional<Role> role = role_from_name(name);
  if (!role) throw UsageError("unknown role \"" + name + "\"; valid roles: general, sales, technical");
  return *role;
}

AnalysisOptions options_for(const CheckRequest& request) {
  AnalysisOptions options;
  options.role = require_role(request.role);
  options.words_per_minute = request.words_per_minute;
  options.question = request.question;
  if (!request.question_id.empty()) {
    const Question* question = knowledge().find_question(request.question_id);
    if (question == nullptr) throw UsageError("unknown question id \"" + request.question_id + "\"; see starcoach questions");
    options.question = question->text;
    options.principle = question->principle;
  }
  if (!request.principle.empty()) options.principle = require_principle(request.principle).id;
  return options;
}

}  // namespace

constexpr std::size_t largest_input = 16u << 20;

std::string read_input(const std::string& path, std::istream& in) {
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) throw InputError("cannot read " + path);
  }
  std::istream& source = path == "-" ? in : file;
  std::string text;
  char buffer[65536];
  while (source.read(buffer, sizeof buffer) || source.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(source.gcount()));
    if (text.size() > largest_input) throw InputError((path == "-" ? "input" : path) + " is larger than 16 MiB");
  }
  if (source.bad()) throw InputError("cannot read " + path);
  return text;
}

int check_answer(const Output& output, const CheckRequest& request, std::istream& in) {
  if (output.format == Format::jsonl) throw UsageError("--format jsonl goes with --batch");
  AnalysisOptions options = options_for(request);
  if (request.audio.empty()) {
    const Analysis analysis = analyse(read_input(request.file, in), options);
    if (output.format == Format::json) output.out << dump_json(analysis_json(analysis)) << "\n";
    else if (output.format == Format::markdown) output.out << markdown_report(analysis, options.words_per_minute);
    else output.out << text_report(analysis, output.terminal, options.words_per_minute);
    return analysis.has_error() ? 1 : 0;
  }
  // A recording: the analysis uses the candidate's real pace, and the report adds how it was said.
  const speech::Transcript transcript = speech::transcribe_wav(read_input(request.audio, in));
  if (transcript.words.empty()) throw InputError("no words were recognised in " + request.audio);
  const speech::Delivery delivery = speech::measure_delivery(transcript);
  options.words_per_minute = Speaking::builtin().clamped(delivery.words_per_minute);
  const Analysis analysis = analyse(transcript.text, options);
  if (output.format == Format::json) {
    nlohmann::json result = analysis_json(analysis);
    result["delivery"] = speech::delivery_json(delivery);
    output.out << dump_json(result) << "\n";
  } else if (output.format == Format::markdown) {
    output.out << markdown_delivery(delivery) << markdown_report(analysis, options.words_per_minute);
  } else {
    output.out << text_delivery(delivery, output.terminal) << text_report(analysis, output.terminal, options.words_per_minute);
  }
  return analysis.has_error() ? 1 : 0;
}

namespace {

enum class LineOutcome { clean, error_finding, bad_line };

// One line of a batch: its JSON result, and how it went. A bad line is reported in
// place, as {"id", "error"}, so one typo does not lose the other answers.
std::pair<std::string, LineOutcome> analyse_line(const std::string& line, std::size_t number,
                                                 const AnalysisOptions& defaults) {
  try {
    const nlohmann::json entry = nlohmann::json::parse(line);
    if (!entry.is_object() || !entry.contains("text") || !entry["text"].is_string())
      throw InputError("each line needs a \"text\" string");
    AnalysisOptions options = defaults;
    if (entry.contains("question")) options.question = entry.at("question").get<std::string>();
    if (entry.contains("principle")) options.principle = require_principle(entry.at("principle").get<std::string>()).id;
    if (entry.contains("role")) options.role = require_role(entry.at("role").get<std::string>());
    if (entry.contains("wpm")) options.words_per_minute = entry.at("wpm").get<double>();
    const Analysis analysis = analyse(entry["text"].get<std::string>(), options);
    nlohmann::json result = analysis_json(analysis);
    result["id"] = entry.contains("id") ? entry["id"] : nlohmann::json(number);
    return {dump_json(result, -1), analysis.has_error() ? LineOutcome::error_finding : LineOutcome::clean};
  } catch (const std::exception& error) {
    std::string message = error.what();
    if (dynamic_cast<const nlohmann::json::exception*>(&error) != nullptr)
      message = "line is not valid JSON or has a field of the wrong type";
    const nlohmann::json result = {
        {"id", number}, {"error", {{"code", "bad_line"}, {"message", "line " + std::to_string(number) + ": " + message}}}};
    return {dump_json(result, -1), LineOutcome::bad_line};
  }
}

}  // namespace

int check_batch(const Output& output, const CheckRequest& request, std::istream& in) {
  if (output.format != Format::jsonl && output.format != Format::json)
    throw UsageError("--batch writes JSON Lines: use --format jsonl");
  const AnalysisOptions defaults = options_for(request);
  std::ifstream file;
  if (request.batch != "-") {
    file.open(request.batch);
    if (!file) throw InputError("cannot read " + request.batch);
  }
  std::istream& source = request.batch == "-" ? in : file;

  // Lines are read in chunks and analysed on every core; results keep the input order.
  constexpr std::size_t chunk_size = 1024;
  const std::size_t workers = std::max(1u, std::thread::hardware_concurrency());
  bool any_error_finding = false, any_bad_line = false;
  std::size_t number = 0;
  while (source) {
    std::vector<std::pair<std::size_t, std::string>> lines;  // line number, text
    for (std::string line; lines.size() < chunk_size && std::getline(source, line);)
      if (++number, line.find_first_not_of(" \t\r") != std::string::npos) lines.emplace_back(number, std::move(line));
    std::vector<std::pair<std::string, LineOutcome>> results(lines.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t i = next++; i < lines.size(); i = next++)
        results[i] = analyse_line(lines[i].second, lines[i].first, defaults);
    };
    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < workers && lines.size() > 1; ++w) threads.emplace_back(work);
    work();
    for (std::thread& thread : threads) thread.join();
    for (const auto& [json, outcome] : results) {
      output.out << json << "\n";
      any_error_finding = any_error_finding || outcome == LineOutcome::error_finding;
      any_bad_line = any_bad_line || outcome == LineOutcome::bad_line;
    }
  }
  return any_bad_line ? 3 : any_error_finding ? 1 : 0;
}

int transcribe_audio(const Output& output, const std::string& file, std::istream& in) {
  const speech::Transcript transcript = speech::transcribe_wav(read_input(file, in));
  if (output.format == Format::json) {
    output.out << dump_json(speech::transcript_json(transcript)) << "\n";
    return 0;
  }
  const Terminal& t = output.terminal;
  if (transcript.words.empty()) {
    output.out << t.paint("(no words recognised)", Style::warn) << "\n";
    return 0;
  }
  output.out << t.wrap(transcript.text, 0) << "\n" << text_delivery(speech::measure_delivery(transcript), t);
  return 0;
}

int list_principles(const Output& output) {
  if (output.format == Format::json) {
    output.out << dump_json(principles_json(knowledge())) << "\n";
    return 0;
  }
  const Terminal& t = output.terminal;
  int number = 0;
  for (const Principle& principle : knowledge().principles()) {
    const std::size_t count = knowledge().questions_for(principle.id).size();
    ++number;
    const std::string head = (number < 10 ? " " : "") + std::to_string(number) + ". ";
    output.out << head << t.paint(principle.name, Style::bold) << "\n"
               << t.paint(t.wrap(principle.id + " · " + std::to_string(count) + " questions", 4), Style::dim)
               << t.wrap(principle.summary, 4) << "\n";
  }
  output.out << t.paint("More on one principle: starcoach principle ID", Style::dim) << "\n";
  return 0;
}

int show_principle(const Output& output, const std::string& id) {
  const Principle& principle = require_principle(id);
  if (output.format == Format::json) {
    output.out << dump_json(principle_json(knowledge(), principle, true)) << "\n";
    return 0;
  }
  const Terminal& t = output.terminal;
  output.out << t.paint(principle.name, Style::accent) << "  " << t.paint(principle.id, Style::dim) << "\n"
             << t.wrap(principle.summary, 0) << "\n"
             << t.paint("A strong story shows that you:", Style::bold) << "\n";
  for (const Behaviour& behaviour : principle.behaviours) output.out << t.wrap("• " + behaviour.text, 4, 2);
  const std::vector<const Question*> questions = knowledge().questions_for(principle.id);
  output.out << "\n" << t.paint("Questions that probe it (" + std::to_string(questions.size()) + " in the bank):", Style::bold) << "\n";
  constexpr std::size_t shown = 5;
  for (std::size_t i = 0; i < questions.size() && i < shown; ++i) output.out << t.wrap("• " + questions[i]->text, 4, 2);
  if (questions.size() > shown)
    output.out << t.paint("  All of them: starcoach questions --principle " + principle.id, Style::dim) << "\n";
  return 0;
}

int list_questions(const Output& output, const QuestionFilter& filter) {
  if (filter.meta && !filter.principle.empty()) throw UsageError("--meta and --principle cannot be combined");
  std::vector<const Question*> questions;
  if (filter.meta) {
    questions = knowledge().meta_questions();
  } else if (!filter.principle.empty()) {
    questions = knowledge().questions_for(require_principle(filter.principle).id);
  } else {
    questions = knowledge().principle_questions();
  }
  if (filter.random) questions = pick(std::move(questions), *filter.random, seed_or_random(filter.seed));

  if (output.format == Format::json) {
    output.out << dump_json(questions_json(questions)) << "\n";
    return 0;
  }
  for (const Question* question : questions) print_question(output, *question);
  return 0;
}

int classify_question(const Output& output, const std::string& question) {
  const std::vector<PrincipleScore> scores = QuestionClassifier::builtin().classify(question);
  if (output.format == Format::json) {
    output.out << dump_json(classification_json(question, scores)) << "\n";
    return 0;
  }
  const Terminal& t = output.terminal;
  output.out << t.paint("Question", Style::bold) << "\n" << t.wrap(question, 2)
             << "\n" << t.paint("Principles it probes, most likely first", Style::bold) << "\n";
  const std::size_t shown = likely_count(scores);
  int name_width = 0;
  for (std::size_t i = 0; i < shown; ++i) name_width = std::max(name_width, display_width(scores[i].principle->name));
  for (std::size_t i = 0; i < shown; ++i) {
    const int percent = static_cast<int>(std::lround(scores[i].score * 100));
    output.out << "  " << std::to_string(i + 1) << ". " << pad(scores[i].principle->name, name_width) << "  "
               << t.paint(bar(scores[i].score, 20), i == 0 ? Style::accent : Style::dim) << " "
               << (percent < 10 ? " " : "") << percent << "%\n";
  }
  output.out << t.paint("  All " + std::to_string(knowledge().principles().size()) + " scores: add --format json", Style::dim) << "\n";
  return 0;
}

std::optional<std::string> read_typed_answer(std::istream& in, std::ostream& out, const std::function<std::string()>& prompt,
                                             const std::function<bool(const std::string&)>& is_command) {
  std::string answer;
  bool any_line = false;
  out << prompt() << std::flush;
  for (std::string line; std::getline(in, line); out << prompt() << std::flush) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!any_line && is_command && is_command(line)) return line;
    any_line = true;
    if (line.find_first_not_of(" \t") == std::string::npos) break;
    answer += (answer.empty() ? "" : "\n") + line;
  }
  if (!any_line) return std::nullopt;
  return answer;
}

int practice(const Output& output, std::istream& in, const std::string& principle_id,
             std::optional<std::uint64_t> seed, const std::string& database) {
  std::vector<const Question*> pool;
  if (principle_id.empty()) {
    pool = knowledge().principle_questions();
  } else {
    pool = knowledge().questions_for(require_principle(principle_id).id);
  }
  const Question& question = *pick(pool, 1, seed_or_random(seed)).front();
  const Principle& principle = *knowledge().find_principle(question.principle);

  const Terminal& t = output.terminal;
  output.out << t.paint("Question", Style::bold) << "  " << t.paint("(" + principle.name + ")", Style::dim) << "\n"
             << t.wrap(question.text, 2) << "\n"
             << t.paint("Tell one specific story: Situation, Task, Action, Result. Aim for about one minute.", Style::dim)
             << "\n" << t.paint("Type your answer; finish with an empty line.", Style::dim) << "\n";
  output.out.flush();

  const auto asked = std::chrono::steady_clock::now();
  const std::string answer = read_typed_answer(in, output.out, [] { return std::string(); }).value_or("");
  require_text(answer, "answer");

  AnalysisOptions options;
  options.question = question.text;
  options.principle = question.principle;
  const Analysis analysis = analyse(answer, options);
  const double seconds_spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count();
  output.out << "\n" << text_report(analysis, t, options.words_per_minute);
  storage::Database saved(database);
  const long long id = saved.save_attempt(storage::attempt_from(analysis, options, answer, question.id, seconds_spent));
  output.out << "\n" << t.paint("Saved as attempt " + std::to_string(id) + ". See your progress with: starcoach history", Style::dim) << "\n";
  return 0;
}

namespace {

// A number of 1 or more, in CLI11's terms.
const CLI::Validator at_least_one(
    [](const std::string& value) {
      return value.find_first_not_of("0123456789") == std::string::npos && value.find_first_not_of('0') != std::string::npos
                 ? std::string() : "must be a whole number of 1 or more, not " + value;
    },
    "N");

// A question given as "-" is read from standard input.
std::string read_argument(const std::string& value, std::istream& in) {
  if (value != "-") return value;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

void add_knowledge_commands(CommandLine& line) {
  CLI::App* principles = line.add("principles", "List the Leadership Principles",
                                  [](const Output& output, std::istream&) { return list_principles(output); });
  line.format_option(principles);

  auto principle = std::make_shared<std::string>();
  CLI::App* principle_command = line.add("principle", "Show one principle: summary, behaviours, questions",
                                         [principle](const Output& output, std::istream&) { return show_principle(output, *principle); });
  principle_command->add_option("id", *principle, "Principle id, e.g. customer-obsession")->required();
  line.format_option(principle_command);

  struct Questions {
    QuestionFilter filter;
    std::size_t random = 0;
    std::uint64_t seed = 0;
    CLI::Option *random_option = nullptr, *seed_option = nullptr;
  };
  auto questions = std::make_shared<Questions>();
  CLI::App* questions_command = line.add("questions", "List interview questions from the bank", [questions](const Output& output, std::istream&) {
    QuestionFilter filter = questions->filter;
    if (questions->random_option->count() > 0) filter.random = questions->random;
    if (questions->seed_option->count() > 0) filter.seed = questions->seed;
    return list_questions(output, filter);
  });
  questions_command->add_option("--principle", questions->filter.principle, "Only questions that probe this principle id");
  questions_command->add_flag("--meta", questions->filter.meta, "The meta questions (which principle you identify with, why Amazon)");
  questions->random_option = questions_command->add_option("--random", questions->random, "Pick N questions at random")->check(at_least_one);
  questions->seed_option = questions_command->add_option("--seed", questions->seed, "Seed for --random, to repeat a pick");
  line.format_option(questions_command);

  auto question = std::make_shared<std::string>();
  CLI::App* classify = line.add("classify", "Which principles does an interview question probe?",
                                [question](const Output& output, std::istream& in) {
                                  return classify_question(output, read_argument(*question, in));
                                });
  classify->add_option("question", *question, "The question text, or - to read it from standard input")->required();
  line.format_option(classify);
}

void add_check_commands(CommandLine& line) {
  auto request = std::make_shared<CheckRequest>();
  CLI::App* check = line.add("check", "Coach one answer: STAR parts, findings, score, STAR order", [request](const Output& output, std::istream& in) {
    return request->batch.empty() ? check_answer(output, *request, in) : check_batch(output, *request, in);
  });
  check->add_option("file", request->file, "The answer: a text file, or - for standard input (the default)");
  CLI::Option* question_option = check->add_option("--question", request->question, "The question it answers");
  check->add_option("--question-id", request->question_id, "The id of a bank question it answers")->excludes(question_option);
  check->add_option("--principle", request->principle, "Check the story against this principle id");
  check->add_option("--role", request->role, "Your kind of role: general, sales or technical")->default_str("general");
  const Speaking& speaking = Speaking::builtin();
  const CLI::Validator accepted_pace(
      [&speaking](const std::string& value) {
        char* end = nullptr;
        const double pace = std::strtod(value.c_str(), &end);
        return end != value.c_str() && *end == '\0' && speaking.accepts(pace) ? std::string()
                                                                              : "must be a number " + speaking.accepted_range() + ", not " + value;
      },
      "WPM");
  check->add_option("--wpm", request->words_per_minute, "Your speaking speed in words per minute")
      ->check(accepted_pace)
      ->capture_default_str();
  CLI::Option* batch_option =
      check->add_option("--batch", request->batch, "A JSON Lines file of answers ({\"id\",\"text\",...} per line)");
  check->add_option("--audio", request->audio, "A spoken answer (16 kHz mono WAV): transcribe it, then check it")
      ->excludes(batch_option);
  line.format_option(check, {Format::text, Format::json, Format::markdown, Format::jsonl});

  struct Practice {
    std::string principle, database;
    std::uint64_t seed = 0;
    CLI::Option* seed_option = nullptr;
  };
  auto practice_options = std::make_shared<Practice>();
  CLI::App* practice_command = line.add("practice", "Answer a question in the terminal", [practice_options](const Output& output, std::istream& in) {
    std::optional<std::uint64_t> seed;
    if (practice_options->seed_option->count() > 0) seed = practice_options->seed;
    return practice(output, in, practice_options->principle, seed, practice_options->database);
  });
  practice_command->add_option("--principle", practice_options->principle, "Ask a question that probes this principle id");
  practice_options->seed_option = practice_command->add_option("--seed", practice_options->seed, "Seed that picks the question");
  CommandLine::database_option(practice_command, practice_options->database);

  auto audio_file = std::make_shared<std::string>();
  CLI::App* transcribe = line.add("transcribe", "Turn a spoken answer (16 kHz mono WAV) into text, offline",
                                  [audio_file](const Output& output, std::istream& in) { return transcribe_audio(output, *audio_file, in); });
  transcribe->add_option("file", *audio_file, "The recording: 16 kHz mono 16-bit WAV")->required();
  line.format_option(transcribe);
}

}  // namespace starcoach::cli
