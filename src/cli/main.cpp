// starcoach: the command-line front end. Parses the command line with CLI11 and hands
// each subcommand to commands.cpp. Exit codes: 0 success, 2 usage error, 3 input error.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <iterator>

#include "commands.hpp"
#include "export.hpp"
#include "history_commands.hpp"
#include "mock_command.hpp"
#include "story_commands.hpp"
#include "database.hpp"
#include "server.hpp"
#include "starcoach/errors.hpp"

namespace {

constexpr int exit_usage = 2;
constexpr int exit_input = 3;
constexpr int exit_internal = 4;

using starcoach::cli::Format;

void add_format_option(CLI::App* command, std::string& format) {
  command->add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
}

const CLI::Validator at_least_one(
    [](const std::string& value) {
      return value.find_first_not_of("0123456789") == std::string::npos && value.find_first_not_of('0') != std::string::npos
                 ? std::string() : "must be a whole number of 1 or more, not " + value;
    },
    "N");

constexpr std::string_view command_names[] = {"serve",  "principles", "principle", "questions", "classify",
                                              "check",  "practice",   "story",     "coverage",
                                              "history", "backup",    "restore",   "export",   "transcribe", "mock"};

std::string command_list() {
  std::string list;
  for (std::string_view name : command_names) list += (list.empty() ? "" : ", ") + std::string(name);
  return list;
}

// CLI11's messages, made plain where they are unclear to a newcomer.
std::string usage_message(const CLI::ParseError& error, int argc, char** argv) {
  const bool known = argc > 1 && std::find(std::begin(command_names), std::end(command_names),
                                           std::string_view(argv[1])) != std::end(command_names);
  if (argc > 1 && argv[1][0] != '-' && !known)
    return "unknown command \"" + std::string(argv[1]) + "\"; the commands are " + command_list();
  std::string message = error.what();
  if (message == "A subcommand is required") return "which command? The commands are " + command_list();
  for (const std::string prefix : {"The following arguments were not expected: ", "The following argument was not expected: "})
    if (message.rfind(prefix, 0) == 0) return "unexpected argument: " + message.substr(prefix.size());
  return message;
}

// A question given as "-" is read from standard input.
std::string read_argument(const std::string& value) {
  if (value != "-") return value;
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"starcoach: practise behavioral interview answers, offline.\n"
               "Learn the 16 Leadership Principles, practise the questions that probe them,\n"
               "and tell each answer as one specific story in STAR order.",
               "starcoach"};
  app.set_version_flag("--version", std::string("starcoach ") + STARCOACH_VERSION);
  app.require_subcommand(1, 1);

  std::string format = "text";
  std::string principle;
  std::string question;
  starcoach::cli::QuestionFilter filter;
  std::size_t random_count = 0;
  std::uint64_t seed = 0;

  starcoach::server::ServeOptions serve_options;
  CLI::App* serve = app.add_subcommand("serve", "Run the practice web app on this computer");
  serve->add_option("--host", serve_options.host, "Address to listen on (only this computer by default)")
      ->default_str("127.0.0.1");
  serve->add_option("--port", serve_options.port, "Port to listen on; 0 picks a free one")
      ->check(CLI::Range(0, 65535))->default_str("8080");
  serve->add_option("--db", serve_options.database, "The SQLite database file of your practice")
      ->default_str(starcoach::storage::Database::default_path());
  serve->add_option("--allow-host", serve_options.allowed_hosts,
                    "Another name this server answers to (e.g. the computer's name on your network); repeatable");
  serve->add_flag("--allow-remote", serve_options.allow_remote,
                  "Listen on an address other computers can reach: anyone on the network can then read and change your practice");

  CLI::App* principles = app.add_subcommand("principles", "List the 16 Leadership Principles");
  add_format_option(principles, format);

  CLI::App* principle_command = app.add_subcommand("principle", "Show one principle: summary, behaviours, questions");
  principle_command->add_option("id", principle, "Principle id, e.g. customer-obsession")->required();
  add_format_option(principle_command, format);

  CLI::App* questions = app.add_subcommand("questions", "List interview questions from the bank");
  questions->add_option("--principle", filter.principle, "Only questions that probe this principle id");
  questions->add_flag("--meta", filter.meta, "The meta questions (which principle you identify with, why Amazon)");
  CLI::Option* random_option =
      questions->add_option("--random", random_count, "Pick N questions at random")->check(at_least_one);
  CLI::Option* questions_seed = questions->add_option("--seed", seed, "Seed for --random, to repeat a pick");
  add_format_option(questions, format);

  CLI::App* classify = app.add_subcommand("classify", "Which principles does an interview question probe?");
  classify->add_option("question", question, "The question text, or - to read it from standard input")->required();
  add_format_option(classify, format);

  starcoach::cli::CheckRequest check_request;
  CLI::App* check = app.add_subcommand("check", "Coach one answer: STAR parts, findings, score, STAR order");
  check->add_option("file", check_request.file, "The answer: a text file, or - for standard input (the default)");
  CLI::Option* question_option = check->add_option("--question", check_request.question, "The question it answers");
  check->add_option("--question-id", check_request.question_id, "The id of a bank question it answers")
      ->excludes(question_option);
  check->add_option("--principle", check_request.principle, "Check the story against this principle id");
  check->add_option("--role", check_request.role, "Your kind of role: general, sales or technical")->default_str("general");
  check->add_option("--wpm", check_request.words_per_minute, "Your speaking speed in words per minute")
      ->check(CLI::Range(40.0, 400.0))->default_str("140");
  CLI::Option* batch_option =
      check->add_option("--batch", check_request.batch, "A JSON Lines file of answers ({\"id\",\"text\",...} per line)");
  check->add_option("--audio", check_request.audio, "A spoken answer (16 kHz mono WAV): transcribe it, then check it")
      ->excludes(batch_option);
  check->add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown", "jsonl"}))->default_str("text");

  CLI::App* practice = app.add_subcommand("practice", "Answer a question in the terminal");
  practice->add_option("--principle", principle, "Ask a question that probes this principle id");
  CLI::Option* practice_seed = practice->add_option("--seed", seed, "Seed that picks the question");

  starcoach::cli::StoryRequest story_request;
  auto add_db_option = [&](CLI::App* command) {
    command->add_option("--db", story_request.database, "The SQLite database file of your practice")
        ->default_str(starcoach::storage::Database::default_path());
  };
  CLI::App* story = app.add_subcommand("story", "Your story bank: add, list, show, edit, rm, match");
  story->require_subcommand(1, 1);
  CLI::App* story_add = story->add_subcommand("add", "Add a story from a file or standard input (free text, or Situation:/Task:/Action:/Result: fields)");
  story_add->add_option("file", story_request.file, "The story: a text file, or - for standard input (the default)");
  story_add->add_option("--title", story_request.title, "A short title (default: the story's first words)");
  story_add->add_option("--role", story_request.role, "The job the story comes from");
  CLI::App* story_list = story->add_subcommand("list", "List your stories and the principles they show");
  CLI::App* story_show = story->add_subcommand("show", "Show one story in STAR form");
  CLI::App* story_edit = story->add_subcommand("edit", "Correct a story's parts, title or principles");
  CLI::App* story_rm = story->add_subcommand("rm", "Remove a story");
  for (CLI::App* command : {story_show, story_edit, story_rm})
    command->add_option("id", story_request.id, "The story's number (see story list)")->required()->check(CLI::PositiveNumber);
  story_edit->add_option("--title", story_request.title, "New title");
  story_edit->add_option("--role", story_request.role, "New role");
  story_edit->add_option("--situation", story_request.situation, "New situation text");
  story_edit->add_option("--task", story_request.task, "New task text");
  story_edit->add_option("--action", story_request.action, "New action text");
  story_edit->add_option("--result", story_request.result, "New result text");
  story_edit->add_option("--principles", story_request.principles, "The principles it shows, as ids separated by commas");
  CLI::App* story_match = story->add_subcommand("match", "Which of your stories best answers a question?");
  story_match->add_option("question", story_request.question, "The interview question")->required();
  CLI::App* coverage = app.add_subcommand("coverage", "Which principles your stories cover, and which they miss");
  coverage->add_option("--target", story_request.target, "Stories wanted per principle")->check(CLI::Range(1, 20))->default_str("2");
  for (CLI::App* command : {story_add, story_list, story_show, story_edit, story_rm, story_match, coverage}) {
    add_db_option(command);
    add_format_option(command, format);
  }

  starcoach::cli::HistoryRequest history_request;
  CLI::App* history = app.add_subcommand("history", "Your practice attempts and the findings that come back most");
  history->add_option("--principle", history_request.principle, "Only attempts for this principle id");
  history->add_option("--last", history_request.last, "How many attempts, newest first")->check(CLI::Range(1, 100000))->default_str("20");
  add_format_option(history, format);
  CLI::App* backup = app.add_subcommand("backup", "Write every story and attempt to a JSON file");
  backup->add_option("file", history_request.file, "The backup file to write")->required();
  CLI::App* restore = app.add_subcommand("restore", "Read stories and attempts back from a backup file");
  restore->add_option("file", history_request.file, "The backup file to read")->required();
  restore->add_flag("--replace", history_request.replace, "Overwrite the stories and attempts already in the database");
  std::string export_format = "md";
  CLI::App* export_sheet = app.add_subcommand("export", "Write a printable prep sheet of your stories, per principle");
  export_sheet->add_option("--format", export_format, "md (Markdown) or html (prints on A4 and Letter)")
      ->check(CLI::IsMember({"md", "html"}))->default_str("md");
  for (CLI::App* command : {history, backup, restore, practice, export_sheet})
    command->add_option("--db", history_request.database, "The SQLite database file of your practice")
        ->default_str(starcoach::storage::Database::default_path());

  std::string audio_file;
  CLI::App* transcribe = app.add_subcommand("transcribe", "Turn a spoken answer (16 kHz mono WAV) into text, offline");
  transcribe->add_option("file", audio_file, "The recording: 16 kHz mono 16-bit WAV")->required();
  add_format_option(transcribe, format);

  starcoach::cli::MockRequest mock_request;
  long long mock_shown = 0;
  std::string mock_format = "text";
  CLI::App* mock = app.add_subcommand("mock", "A timed mock interview with follow-up questions and a scorecard");
  mock->add_option("--principles", mock_request.principles, "Ask about these principle ids (separated by commas), after the opening Customer Obsession question")->delimiter(',');
  mock->add_option("--exclude", mock_request.exclude, "Leave out these principle ids; --exclude customer-obsession drops the opening question")
      ->delimiter(',');
  mock->add_option("--questions", mock_request.questions, "How many questions")->check(CLI::Range(1, 20))->default_str("4");
  mock->add_option("--minutes-per-answer", mock_request.minutes_per_answer, "Time for each answer; you may run over, the time is kept")
      ->check(CLI::Range(0.25, 30.0))->default_str("2");
  CLI::Option* mock_seed = mock->add_option("--seed", seed, "Seed that picks the questions");
  mock_request.speak = isatty(STDOUT_FILENO) && isatty(STDIN_FILENO);
  mock->add_flag("--speak,!--no-speak", mock_request.speak, "Read the questions aloud with espeak-ng (default on a terminal)");
  mock->add_option("--show", mock_shown, "Show a saved scorecard instead (its number, see history)")->check(CLI::PositiveNumber);
  mock->add_option("--format", mock_format, "Output format")->check(CLI::IsMember({"text", "json", "markdown"}))->default_str("text");
  mock->add_option("--db", mock_request.database, "The SQLite database file of your practice")
      ->default_str(starcoach::storage::Database::default_path());

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    std::cerr << "starcoach: " << usage_message(error, argc, argv) << "\nRun 'starcoach --help' to see the commands.\n";
    return exit_usage;
  }

  if (mock->parsed()) format = mock_format;
  const Format chosen = format == "json" ? Format::json : format == "markdown" ? Format::markdown
                      : format == "jsonl" ? Format::jsonl : Format::text;
  starcoach::cli::Output output{std::cout, starcoach::cli::Terminal::detect(stdout), chosen};
  try {
    if (serve->parsed()) {
      if (!starcoach::server::is_loopback(serve_options.host)) {
        if (!serve_options.allow_remote) {
          std::cerr << "starcoach: --host " << serve_options.host
                    << " lets other computers reach this server, and it has no accounts: anyone on the network could read "
                       "and change your stories. Add --allow-remote if that is what you want.\n";
          return exit_usage;
        }
        std::cerr << "Warning: listening on " << serve_options.host
                  << ". Anyone who can reach this address can read and change your practice: there are no accounts.\n";
      }
      const std::string database =
          serve_options.database.empty() ? starcoach::storage::Database::default_path() : serve_options.database;
      const int code = starcoach::server::serve(serve_options, [&](const std::string& address) {
        std::cout << "starcoach is running at " << address << "\n"
                  << "Your practice is saved in " << database << "\n"
                  << (serve_options.host == "127.0.0.1" ? "Only this computer can reach it. " : "")
                  << "Open the address in your browser; press Ctrl+C to stop." << std::endl;
      });
      if (code != 0) {
        std::cerr << "starcoach: cannot listen on " << serve_options.host << ":" << serve_options.port
                  << " (is the port in use? try --port 0)\n";
        return exit_usage;
      }
      return 0;
    }
    if (story_add->parsed()) return starcoach::cli::story_add(output, story_request, std::cin);
    if (story_list->parsed()) return starcoach::cli::story_list(output, story_request);
    if (story_show->parsed()) return starcoach::cli::story_show(output, story_request);
    if (story_edit->parsed()) return starcoach::cli::story_edit(output, story_request);
    if (story_rm->parsed()) return starcoach::cli::story_remove(output, story_request);
    if (story_match->parsed()) return starcoach::cli::story_match(output, story_request);
    if (coverage->parsed()) return starcoach::cli::show_coverage(output, story_request);
    if (history->parsed()) return starcoach::cli::show_history(output, history_request);
    if (mock->parsed()) {
      if (mock_shown > 0) return starcoach::cli::show_mock_interview(output, mock_shown, mock_request.database);
      if (mock_seed->count() > 0) mock_request.seed = seed;
      return starcoach::cli::mock_interview(output, std::cin, mock_request);
    }
    if (transcribe->parsed()) return starcoach::cli::transcribe_audio(output, audio_file, std::cin);
    if (export_sheet->parsed()) {
      const std::vector<starcoach::Story> stories =
          starcoach::storage::Database(history_request.database.empty() ? starcoach::storage::Database::default_path()
                                                                        : history_request.database).stories();
      std::cout << (export_format == "html" ? starcoach::cli::prep_sheet_html(stories) : starcoach::cli::prep_sheet_markdown(stories));
      return 0;
    }
    if (backup->parsed()) return starcoach::cli::backup(output, history_request);
    if (restore->parsed()) return starcoach::cli::restore(output, history_request);
    if (principles->parsed()) return starcoach::cli::list_principles(output);
    if (principle_command->parsed()) return starcoach::cli::show_principle(output, principle);
    if (questions->parsed()) {
      if (random_option->count() > 0) filter.random = random_count;
      if (questions_seed->count() > 0) filter.seed = seed;
      return starcoach::cli::list_questions(output, filter);
    }
    if (classify->parsed()) return starcoach::cli::classify_question(output, read_argument(question));
    if (check->parsed())
      return check_request.batch.empty() ? starcoach::cli::check_answer(output, check_request, std::cin)
                                         : starcoach::cli::check_batch(output, check_request, std::cin);
    if (practice->parsed()) {
      std::optional<std::uint64_t> chosen_seed;
      if (practice_seed->count() > 0) chosen_seed = seed;
      return starcoach::cli::practice(output, std::cin, principle, chosen_seed, history_request.database);
    }
  } catch (const starcoach::storage::DatabaseError& error) {
    std::cerr << "starcoach: " << error.what() << "\n";
    return exit_input;
  } catch (const starcoach::cli::UsageError& error) {
    std::cerr << "starcoach: " << error.what() << "\n";
    return exit_usage;
  } catch (const starcoach::InputError& error) {
    std::cerr << "starcoach: " << error.what() << "\n";
    return exit_input;
  } catch (const std::exception& error) {
    std::cerr << "starcoach: internal error: " << error.what() << "\n";
    return exit_internal;
  }
  return exit_usage;
}
