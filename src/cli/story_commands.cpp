#include "story_commands.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <ostream>

#include "command_line.hpp"
#include "database.hpp"
#include "export.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/analysis.hpp"
#include "starcoach/json.hpp"
#include "starcoach/mock.hpp"
#include "starcoach/stories.hpp"
#include "starcoach/text.hpp"

namespace starcoach::cli {

namespace {

storage::Database open_database(const StoryRequest& request) { return storage::Database(request.database); }

Story require_story(const storage::Database& database, long long id) {
  std::optional<Story> story = database.story(id);
  if (!story) throw UsageError("no story with the id " + std::to_string(id) + "; see starcoach story list");
  return *story;
}

std::string principle_names(const Story& story) {
  std::string names;
  for (const StoryPrinciple& shown : story.principles)
    names += (names.empty() ? "" : ", ") + require_principle(shown.id).name + " (" + std::to_string(shown.strength) + ")";
  return names.empty() ? "none found yet" : names;
}

void print_story(const Output& output, const Story& story) {
  const Terminal& t = output.terminal;
  output.out << t.paint("#" + std::to_string(story.id) + "  " + story.title, Style::bold) << "\n";
  if (!story.role.empty()) output.out << t.paint("  from: " + story.role, Style::dim) << "\n";
  const std::pair<const char*, const std::string*> parts[] = {
      {"Situation", &story.situation}, {"Task", &story.task}, {"Action", &story.action}, {"Result", &story.result}};
  for (const auto& [name, text] : parts) {
    output.out << "  " << t.paint(name, Style::accent) << "\n";
    output.out << (text->empty() ? t.paint("    (missing: add this part)", Style::warn) + "\n" : t.wrap(*text, 4));
  }
  output.out << "  " << t.paint("Shows", Style::accent) << "\n" << t.wrap(principle_names(story), 4);
}

}  // namespace

int story_add(const Output& output, const StoryRequest& request, std::istream& in) {
  Story story = story_from_text(read_input(request.file, in), request.title, request.role);
  storage::Database database = open_database(request);
  story.id = database.add_story(story);
  story = require_story(database, story.id);
  if (output.format == Format::json) {
    output.out << dump_json(story_json(story)) << "\n";
    return 0;
  }
  output.out << "Saved your story. Check the split into STAR and correct it with starcoach story edit "
             << story.id << ".\n\n";
  print_story(output, story);
  return 0;
}

int story_list(const Output& output, const StoryRequest& request) {
  const std::vector<Story> stories = open_database(request).stories();
  if (output.format == Format::json) {
    nlohmann::json list = nlohmann::json::array();
    for (const Story& story : stories) list.push_back(story_json(story));
    output.out << dump_json(list) << "\n";
    return 0;
  }
  if (stories.empty()) output.out << "No stories yet. Add one with: starcoach story add FILE\n";
  for (const Story& story : stories)
    output.out << output.terminal.paint("#" + std::to_string(story.id), Style::accent) << "  " << story.title << "\n"
               << output.terminal.paint(output.terminal.wrap("shows " + principle_names(story), 6), Style::dim);
  return 0;
}

int story_show(const Output& output, const StoryRequest& request) {
  const Story story = require_story(open_database(request), request.id);
  if (output.format == Format::json) output.out << dump_json(story_json(story)) << "\n";
  else print_story(output, story);
  return 0;
}

int story_edit(const Output& output, const StoryRequest& request) {
  storage::Database database = open_database(request);
  Story story = require_story(database, request.id);
  StoryEdit edit{request.title.empty() ? std::nullopt : std::optional(request.title),
                 request.role.empty() ? std::nullopt : std::optional(request.role),
                 request.situation, request.task, request.action, request.result, std::nullopt};
  if (request.principles) {
    edit.principles.emplace();
    const std::string& list = *request.principles;
    for (std::size_t start = 0; start <= list.size();) {
      const std::size_t end = std::min(list.find(',', start), list.size());
      const std::string id = list.substr(start, end - start);
      start = end + 1;
      if (!id.empty()) edit.principles->push_back(require_principle(id).id);
    }
  }
  apply_edit(story, edit);
  database.update_story(story);
  story = require_story(database, story.id);
  if (output.format == Format::json) output.out << dump_json(story_json(story)) << "\n";
  else print_story(output, story);
  return 0;
}

int story_remove(const Output& output, const StoryRequest& request) {
  if (!open_database(request).remove_story(request.id))
    throw UsageError("no story with the id " + std::to_string(request.id) + "; see starcoach story list");
  if (output.format == Format::json) output.out << dump_json({{"removed", request.id}}) << "\n";
  else output.out << "Removed story #" << request.id << ".\n";
  return 0;
}

int story_match(const Output& output, const StoryRequest& request) {
  require_text(request.question, "question");
  const std::vector<Story> stories = open_database(request).stories();
  const std::vector<StoryMatch> matches = match_stories(request.question, stories);
  if (output.format == Format::json) {
    output.out << dump_json(matches_json(request.question, matches)) << "\n";
    return 0;
  }
  const Terminal& t = output.terminal;
  if (matches.empty()) output.out << "No stories yet. Add one with: starcoach story add FILE\n";
  for (const StoryMatch& match : matches) {
    const int percent = static_cast<int>(std::lround(match.score * 100));
    output.out << t.paint(bar(match.score, 10), Style::accent) << " " << (percent < 10 ? " " : "") << percent << "%  "
               << t.paint("#" + std::to_string(match.story->id) + " " + match.story->title, Style::bold) << "\n"
               << t.paint(t.wrap(match.reason, 16), Style::dim);
  }
  return 0;
}

int show_coverage(const Output& output, const StoryRequest& request) {
  const std::vector<Story> stories = open_database(request).stories();
  const Coverage coverage = coverage_of(stories, request.target);
  if (output.format == Format::json) {
    output.out << dump_json(coverage_json(coverage, stories)) << "\n";
    return 0;
  }
  const Terminal& t = output.terminal;
  output.out << t.paint("Coverage of the " + std::to_string(coverage.rows.size()) + " principles", Style::bold) << t.paint("  (target: " + std::to_string(coverage.target) +
                                                                                   " stories each)", Style::dim) << "\n";
  int name_width = 0;
  for (const CoverageRow& row : coverage.rows) name_width = std::max(name_width, display_width(row.principle->name));
  output.out << std::string(static_cast<std::size_t>(name_width) + 2, ' ');
  for (const Story& story : stories) output.out << "#" << story.id << std::string(story.id < 10 ? 2 : 1, ' ');
  output.out << "\n";
  for (const CoverageRow& row : coverage.rows) {
    output.out << row.principle->name << std::string(static_cast<std::size_t>(name_width - display_width(row.principle->name) + 2), ' ');
    for (int strength : row.strengths) output.out << (strength == 0 ? t.paint("·", Style::dim) : t.paint(std::to_string(strength), Style::good)) << "  ";
    const bool opening = row.principle->id == MockSettings::builtin().always_first;  // every loop asks it first
    const std::string status = row.stories == 0 ? (opening ? "no story: prepare one first" : "no story")
                               : row.met          ? "covered"
                                                  : "only " + std::to_string(row.stories);
    output.out << t.paint(status, row.stories == 0 ? Style::bad : row.met ? Style::good : Style::warn) << "\n";
  }
  output.out << "\n" << coverage.met() << " of " << coverage.rows.size() << " principles have " << coverage.target << " or more stories. "
             << t.paint("Numbers: behaviours of the principle each story shows.", Style::dim) << "\n";
  return 0;
}

void add_story_commands(CommandLine& line) {
  auto request = std::make_shared<StoryRequest>();
  auto run = [request](int (*command)(const Output&, const StoryRequest&)) {
    return [request, command](const Output& output, std::istream&) { return command(output, *request); };
  };
  CLI::App* story = line.add_group("story", "Your story bank: add, list, show, edit, rm, match");
  CLI::App* add = line.add("add", "Add a story from a file or standard input (free text, or Situation:/Task:/Action:/Result: fields)",
                           [request](const Output& output, std::istream& in) { return story_add(output, *request, in); }, story);
  add->add_option("file", request->file, "The story: a text file, or - for standard input (the default)");
  add->add_option("--title", request->title, "A short title (default: the story's first words)");
  add->add_option("--role", request->role, "The job the story comes from");
  CLI::App* list = line.add("list", "List your stories and the principles they show", run(story_list), story);
  CLI::App* show = line.add("show", "Show one story in STAR form", run(story_show), story);
  CLI::App* edit = line.add("edit", "Correct a story's parts, title or principles", run(story_edit), story);
  CLI::App* remove = line.add("rm", "Remove a story", run(story_remove), story);
  for (CLI::App* command : {show, edit, remove})
    command->add_option("id", request->id, "The story's number (see story list)")->required()->check(CLI::PositiveNumber);
  edit->add_option("--title", request->title, "New title");
  edit->add_option("--role", request->role, "New role");
  edit->add_option("--situation", request->situation, "New situation text");
  edit->add_option("--task", request->task, "New task text");
  edit->add_option("--action", request->action, "New action text");
  edit->add_option("--result", request->result, "New result text");
  edit->add_option("--principles", request->principles, "The principles it shows, as ids separated by commas");
  CLI::App* match = line.add("match", "Which of your stories best answers a question?", run(story_match), story);
  match->add_option("question", request->question, "The interview question")->required();
  CLI::App* coverage = line.add("coverage", "Which principles your stories cover, and which they miss", run(show_coverage));
  coverage->add_option("--target", request->target, "Stories wanted per principle")->check(CLI::Range(1, 20))->default_str("2");
  for (CLI::App* command : {add, list, show, edit, remove, match, coverage}) {
    CommandLine::database_option(command, request->database);
    line.format_option(command);
  }

  // The prep sheet has formats of its own: a document, not a report.
  auto sheet_format = std::make_shared<std::string>("md");
  CLI::App* sheet = line.add("export", "Write a printable prep sheet of your stories, per principle", [request, sheet_format](const Output& output, std::istream&) {
    const std::vector<Story> stories = open_database(*request).stories();
    output.out << (*sheet_format == "html" ? prep_sheet_html(stories) : prep_sheet_markdown(stories));
    return 0;
  });
  sheet->add_option("--format", *sheet_format, "md (Markdown) or html (prints on A4 and Letter)")
      ->check(CLI::IsMember({"md", "html"}))->default_str("md");
  CommandLine::database_option(sheet, request->database);
}

}  // namespace starcoach::cli
