#include "mock_command.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cmath>
#include <nlohmann/json.hpp>
#include <iostream>
#include <memory>
#include <ostream>
#include <random>

#include "command_line.hpp"
#include "database.hpp"
#include "delivery.hpp"
#include "transcriber.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/json.hpp"
#include "starcoach/mock.hpp"

extern char** environ;

namespace starcoach::cli {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Reads questions aloud with espeak-ng (or the program named by $STARCOACH_SPEAK_COMMAND,
// given the text as its one argument), without waiting for it: a new text cuts off the
// one still being spoken. Silent when the program cannot be started.
class Speaker {
 public:
  explicit Speaker(bool enabled) : enabled_(enabled) {}
  ~Speaker() { stop(); }
  Speaker(const Speaker&) = delete;
  Speaker& operator=(const Speaker&) = delete;

  void say(const std::string& text) {
    if (!enabled_) return;
    stop();
    const char* custom = std::getenv("STARCOACH_SPEAK_COMMAND");
    std::vector<std::string> words = custom != nullptr && *custom != '\0' ? std::vector<std::string>{custom, text}
                                                                          : std::vector<std::string>{"espeak-ng", "-s", "150", text};
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t quiet;  // the program's output would garble the interview
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&quiet, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_t own_group;  // its own process group, so that stopping it stops its children too
    posix_spawnattr_init(&own_group);
    posix_spawnattr_setflags(&own_group, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&own_group, 0);
    if (posix_spawnp(&child_, argv[0], &quiet, &own_group, argv.data(), environ) != 0) child_ = 0;
    posix_spawnattr_destroy(&own_group);
    posix_spawn_file_actions_destroy(&quiet);
  }

 private:
  // Ends the speech still going: asks the group to stop, and after half a second forces it.
  void stop() {
    if (child_ <= 0) return;
    kill(-child_, SIGTERM);
    for (int i = 0; i < 50 && waitpid(child_, nullptr, WNOHANG) == 0; ++i) usleep(10000);
    if (waitpid(child_, nullptr, WNOHANG) == 0) {
      kill(-child_, SIGKILL);
      waitpid(child_, nullptr, 0);
    }
    child_ = 0;
  }
  bool enabled_;
  pid_t child_ = 0;
};

std::string clock_text(double seconds) {
  const long whole = std::lround(std::abs(seconds));
  return std::to_string(whole / 60) + ":" + (whole % 60 < 10 ? "0" : "") + std::to_string(whole % 60);
}

// "[1:42 left] > " while there is time, "[0:12 over] > " after it; nothing when the
// answers come from a file or a pipe.
std::function<std::string()> countdown(const Terminal& t, Clock::time_point start, double allowed) {
  if (!isatty(STDIN_FILENO)) return [] { return std::string(); };
  return [&t, start, allowed] {
    const double left = allowed - std::chrono::duration<double>(Clock::now() - start).count();
    return left >= 0 ? t.paint("[" + clock_text(left) + " left]", Style::dim) + " > "
                     : t.paint("[" + clock_text(left) + " over]", Style::warn) + " > ";
  };
}

struct Answered {
  std::string text;
  double seconds;
  bool ended;  // the input ended: the interview stops here
  std::optional<SpokenDelivery> delivery = std::nullopt;  // when it was a recording
};

// An answer is typed, or spoken: a line "/wav FILE" names a recording (16 kHz mono WAV,
// e.g. from `arecord -f S16_LE -r 16000 -c 1 FILE`), which is transcribed, and then its
// speaking time is the answer's time.
Answered answer_with_countdown(const Output& output, std::istream& in, double allowed) {
  const Terminal& t = output.terminal;
  const Clock::time_point start = Clock::now();
  for (;;) {
    const std::optional<std::string> text = read_typed_answer(in, output.out, countdown(t, start, allowed),
                                                              [](const std::string& line) { return line.rfind("/wav ", 0) == 0; });
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!text || text->rfind("/wav ", 0) != 0) return {text.value_or(""), seconds, !text.has_value()};
    std::string file = text->substr(5);
    file.erase(0, file.find_first_not_of(' '));
    try {
      if (file.empty() || file == "-") throw InputError("name the recording's file after /wav");
      const speech::Transcript transcript = speech::transcribe_wav(read_input(file, in));
      if (transcript.words.empty()) throw InputError("no words were recognised in it");
      const speech::Delivery delivery = speech::measure_delivery(transcript);
      output.out << t.wrap(t.paint("Heard: ", Style::bold) + transcript.text, 4, 2);
      for (const std::string& note : delivery.notes) output.out << t.paint(t.wrap("- " + note, 4, 2), Style::dim);
      return {transcript.text, delivery.speaking_seconds, false, speech::spoken_delivery(delivery)};
    } catch (const std::exception& error) {  // a bad file, or no recogniser: the interview goes on
      output.out << t.wrap(t.paint("Could not use " + file + ": ", Style::warn) + error.what() +
                               ". Give another file, or type the answer.", 4, 2);
    }
  }
}

std::string text_scorecard(const Scorecard& card, const Terminal& t) {
  auto whole = [](double value) { return std::to_string(std::lround(value)); };
  std::string out = t.paint("Scorecard", Style::bold) + "  " + t.paint(whole(card.overall) + "/100", Style::bold) +
                    t.paint("  " + whole(card.answered) + " of " + whole(card.questions) + " answered, " + whole(card.over_time) +
                                " over time", Style::dim) + "\n";
  if (!card.strongest.empty()) out += t.wrap(t.paint("Strongest ", Style::good) + card.strongest, 12, 2);
  if (!card.weakest.empty()) out += t.wrap(t.paint("Weakest   ", Style::warn) + card.weakest, 12, 2);
  if (card.next_step) out += t.wrap(t.paint("Next      ", Style::bold) + card.next_step->title + ". " + card.next_step->hint, 12, 2);
  out += "\n" + t.paint("By principle", Style::bold) + "\n";
  for (const ScorecardPrinciple& line : card.principles) {
    const int score = line.score;
    out += "  " + t.paint(bar(score / 100.0, 10), Style::accent) + " " + (score < 10 ? "  " : score < 100 ? " " : "") + whole(score) +
           "  " + line.name + "\n";
  }
  int index = 0;
  for (const ScorecardAnswer& item : card.answers) {
    out += "\n" + t.paint(std::to_string(++index) + ". " + whole(item.score) + "/100", Style::bold) + "  " +
           t.paint(clock_text(item.seconds_spent) + " of " + clock_text(item.seconds_allowed) + (item.over_time ? " (over)" : ""),
                   item.over_time ? Style::warn : Style::dim) + "\n";
    out += t.wrap(item.question, 5);
    if (!item.strongest.empty()) out += t.wrap("+ " + item.strongest, 7, 5);
    if (!item.weakest.empty()) out += t.wrap("- " + item.weakest, 7, 5);
    if (item.delivery) out += t.paint(t.wrap("spoken: " + spoken_summary(*item.delivery), 7, 5), Style::dim);
    for (const ScorecardFollowUp& follow_up : item.follow_ups)
      out += t.wrap((follow_up.closed ? "✓ " : "· ") + follow_up.question + " " + closed_text(follow_up), 7, 5);
  }
  return out;
}

}  // namespace

int mock_interview(const Output& output, std::istream& in, const MockRequest& request) {
  const MockSettings& settings = MockSettings::builtin();
  const int count = request.questions > 0 ? request.questions : settings.default_questions;
  const double minutes = request.minutes_per_answer > 0 ? request.minutes_per_answer : settings.default_minutes_per_answer;
  const std::uint64_t seed = request.seed ? *request.seed : std::random_device{}();
  std::vector<const Question*> plan;
  try {
    plan = plan_interview(request.principles, request.exclude, count, seed);
  } catch (const InputError& error) {
    throw UsageError(error.what());
  }
  storage::Database database(request.database);  // opened first: a bad path fails before the interview

  // The conversation goes to stdout, unless stdout is for a JSON or Markdown document.
  const bool plain = output.format == Format::text;
  const Output talk{plain ? output.out : std::cerr, plain ? output.terminal : Terminal::detect(stderr), Format::text};
  const Terminal& t = talk.terminal;
  Speaker speaker(request.speak);
  talk.out << t.paint("Mock interview", Style::bold) << "  "
             << t.paint(std::to_string(plan.size()) + (plan.size() == 1 ? " question, " : " questions, ") + clock_text(minutes * 60) + " an answer" +
                            (request.speak ? ", read aloud (turn off with --no-speak)" : ""), Style::dim) << "\n"
             << t.wrap("Answer as you would out loud: one specific story, in STAR order. Finish each answer with an empty "
                       "line; an empty answer skips the question. To answer with a recording, type /wav and its file.", 0) << "\n";

  std::vector<MockAnswer> answers;
  bool ended = false;
  for (std::size_t i = 0; i < plan.size() && !ended; ++i) {
    const Question& question = *plan[i];
    const Principle& principle = *KnowledgeBase::builtin().find_principle(question.principle);
    talk.out << t.paint("Question " + std::to_string(i + 1) + " of " + std::to_string(plan.size()), Style::bold) << "  "
               << t.paint(principle.name, Style::dim) << "\n" << t.wrap(question.text, 2);
    speaker.say(question.text);
    const Answered answered = answer_with_countdown(talk, in, minutes * 60);
    ended = answered.ended;
    if (ended && answered.text.empty()) break;
    MockAnswer answer{question.id, question.text, question.principle, answered.text, answered.seconds, minutes * 60, {},
                      answered.delivery};
    if (answered.text.find_first_not_of(" \t\n") == std::string::npos) {
      talk.out << t.paint("  Skipped.", Style::dim) << "\n\n";
      answers.push_back(std::move(answer));
      continue;
    }
    talk.out << t.paint("  Time: " + clock_text(answered.seconds), answered.seconds > minutes * 60 ? Style::warn : Style::dim) << "\n";
    AnalysisOptions options;
    options.question = question.text;
    options.principle = question.principle;
    const Analysis analysis = analyse(answered.text, options);
    for (FollowUp follow_up : choose_follow_ups(analysis, seed + i)) {
      if (ended) break;
      talk.out << t.paint("Follow-up", Style::bold) << "\n" << t.wrap(follow_up.question, 2);
      speaker.say(follow_up.question);
      const Answered reply = answer_with_countdown(talk, in, minutes * 30);
      ended = reply.ended;
      follow_up.answer = reply.text;
      answer.follow_ups.push_back(std::move(follow_up));
    }
    answers.push_back(std::move(answer));
    talk.out << "\n";
  }
  if (answers.empty()) throw InputError("the interview ended before the first answer; nothing was saved");

  const Scorecard scorecard = score_interview(answers);
  const long long id =
      database.save_mock_interview({0, "", scorecard.overall, scorecard.questions, dump_json(scorecard_json(scorecard), -1)});
  if (output.format == Format::json) {
    output.out << dump_json(storage::mock_interview_json(*database.mock_interview(id))) << "\n";
    return 0;
  }
  if (output.format == Format::markdown) {
    output.out << scorecard_markdown(scorecard);
    return 0;
  }
  output.out << "\n" << text_scorecard(scorecard, t) << "\n"
             << t.paint(t.wrap("Saved as mock interview " + std::to_string(id) + ". Keep it as Markdown with:", 0), Style::dim)
             << "  starcoach mock --show " << id << " --format markdown > scorecard.md\n";
  return 0;
}

int show_mock_interview(const Output& output, long long id, const std::string& database) {
  const storage::Database opened(database);
  const std::optional<storage::MockInterview> mock = opened.mock_interview(id);
  if (!mock) throw UsageError("there is no mock interview " + std::to_string(id) + "; see them with: starcoach history");
  const Scorecard scorecard = scorecard_from_json(json::parse(mock->scorecard, nullptr, false));
  if (output.format == Format::json) output.out << dump_json(storage::mock_interview_json(*mock)) << "\n";
  else if (output.format == Format::markdown) output.out << scorecard_markdown(scorecard);
  else
    output.out << output.terminal.paint("Mock interview " + std::to_string(id) + " on " + mock->created_at.substr(0, 10), Style::dim)
               << "\n" << text_scorecard(scorecard, output.terminal);
  return 0;
}

void add_mock_command(CommandLine& line) {
  struct Mock {
    MockRequest request;
    long long shown = 0;
    std::uint64_t seed = 0;
    CLI::Option* seed_option = nullptr;
  };
  auto mock = std::make_shared<Mock>();
  CLI::App* command = line.add("mock", "A timed mock interview with follow-up questions and a scorecard", [mock](const Output& output, std::istream& in) {
    if (mock->shown > 0) return show_mock_interview(output, mock->shown, mock->request.database);
    MockRequest request = mock->request;
    if (mock->seed_option->count() > 0) request.seed = mock->seed;
    return mock_interview(output, in, request);
  });
  const MockSettings& settings = MockSettings::builtin();
  command->add_option("--principles", mock->request.principles,
                      "Ask about these principle ids (separated by commas), after the opening " + settings.always_first + " question")
      ->delimiter(',');
  command->add_option("--exclude", mock->request.exclude,
                      "Leave out these principle ids; --exclude " + settings.always_first + " drops the opening question")
      ->delimiter(',');
  command->add_option("--questions", mock->request.questions, "How many questions")
      ->check(CLI::Range(1, 20))->default_str(std::to_string(settings.default_questions));
  command->add_option("--minutes-per-answer", mock->request.minutes_per_answer, "Time for each answer; you may run over, the time is kept")
      ->check(CLI::Range(0.25, 30.0))->default_str(CLI::detail::to_string(settings.default_minutes_per_answer));
  mock->seed_option = command->add_option("--seed", mock->seed, "Seed that picks the questions");
  mock->request.speak = isatty(STDOUT_FILENO) && isatty(STDIN_FILENO);
  command->add_flag("--speak,!--no-speak", mock->request.speak, "Read the questions aloud with espeak-ng (default on a terminal)");
  command->add_option("--show", mock->shown, "Show a saved scorecard instead (its number, see history)")->check(CLI::PositiveNumber);
  line.format_option(command, {Format::text, Format::json, Format::markdown});
  CommandLine::database_option(command, mock->request.database);
}

}  // namespace starcoach::cli
