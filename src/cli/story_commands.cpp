#include "story_commands.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include "database.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/analysis.hpp"
#include "starcoach/json.hpp"
#include "starcoach/stories.hpp"
#include "starcoach/text.hpp"

namespace starcoach::cli {

namespace {

storage::Database open_database(const StoryRequest& request) {
  return storage::Database(request.database.empty() ? storage::Database::default_path() : request.database);
}

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
  if (!request.title.empty()) story.title = request.title;
  if (!request.role.empty()) story.role = request.role;
  const std::pair<const std::optional<std::string>*, std::string*> parts[] = {
      {&request.situation, &story.situation}, {&request.task, &story.task},
      {&request.action, &story.action}, {&request.result, &story.result}};
  bool text_changed = false;
  for (const auto& [given, field] : parts) {
    if (!*given) continue;
    if (!is_valid_utf8(**given)) throw InputError("the new text is not valid UTF-8");
    *field = **given;
    text_changed = true;
  }
  if (request.principles) {
    // Given by hand: each listed principle, with the strength the story's words show (at least 1).
    story.principles.clear();
    std::string list = *request.principles;
    for (std::size_t start = 0; start <= list.size();) {
      const std::size_t end = std::min(list.find(',', start), list.size());
      const std::string id = list.substr(start, end - start);
      start = end + 1;
      if (id.empty()) continue;
      const Principle& principle = require_principle(id);
      const int shown = static_cast<int>(find_evidence(story.text(), principle).shown.size());
      story.principles.push_back({principle.id, std::max(1, shown)});
    }
  } else if (text_changed) {
    story.principles = suggest_principles(story);
  }
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
  output.out << t.paint("Coverage of the 16 principles", Style::bold) << t.paint("  (target: " + std::to_string(coverage.target) +
                                                                                   " stories each)", Style::dim) << "\n";
  int name_width = 0;
  for (const CoverageRow& row : coverage.rows) name_width = std::max(name_width, display_width(row.principle->name));
  output.out << std::string(static_cast<std::size_t>(name_width) + 2, ' ');
  for (const Story& story : stories) output.out << "#" << story.id << std::string(story.id < 10 ? 2 : 1, ' ');
  output.out << "\n";
  for (const CoverageRow& row : coverage.rows) {
    output.out << row.principle->name << std::string(static_cast<std::size_t>(name_width - display_width(row.principle->name) + 2), ' ');
    for (int strength : row.strengths) output.out << (strength == 0 ? t.paint("·", Style::dim) : t.paint(std::to_string(strength), Style::good)) << "  ";
    const bool customer = row.principle->id == "customer-obsession";
    const std::string status = row.stories == 0 ? (customer ? "no story: prepare one first" : "no story")
                               : row.met          ? "covered"
                                                  : "only " + std::to_string(row.stories);
    output.out << t.paint(status, row.stories == 0 ? Style::bad : row.met ? Style::good : Style::warn) << "\n";
  }
  output.out << "\n" << coverage.met() << " of 16 principles have " << coverage.target << " or more stories. "
             << t.paint("Numbers: behaviours of the principle each story shows.", Style::dim) << "\n";
  return 0;
}

}  // namespace starcoach::cli
