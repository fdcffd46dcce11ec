#include "starcoach/stories.hpp"

#include <algorithm>
#include <cmath>

#include "starcoach/analysis.hpp"
#include "starcoach/classifier.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/fit.hpp"
#include "starcoach/text.hpp"

namespace starcoach {

namespace {

constexpr std::size_t largest_story = 64 * 1024;

// A story shows a principle fully with this many of its behaviours.
constexpr double full_strength = 2.0;

std::string joined(const std::vector<std::string>& sentences) {
  std::string text;
  for (const std::string& sentence : sentences) text += (text.empty() ? "" : " ") + sentence;
  return text;
}

std::string trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

// The first `count` words of `text`, with "..." when cut.
std::string first_words(std::string_view text, std::size_t count) {
  const std::vector<Word> words = words_of(text);
  if (words.size() <= count) return trimmed(text);
  return std::string(text.substr(words.front().start, words[count - 1].end - words.front().start)) + "...";
}

// "Situation: ..." style fields, if the text is written that way.
bool read_fields(std::string_view text, Story& story) {
  std::string* current = nullptr;
  bool any = false;
  for_each_line(text, [&](std::size_t, std::string_view line) {
    const std::string lower = [&] {
      std::string head(line.substr(0, 12));
      for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return head;
    }();
    const std::pair<const char*, std::string*> fields[] = {
        {"situation:", &story.situation}, {"task:", &story.task}, {"action:", &story.action}, {"result:", &story.result}};
    for (const auto& [name, target] : fields) {
      if (lower.rfind(name, 0) == 0) {
        current = target;
        line.remove_prefix(std::string_view(name).size());
        any = true;
        break;
      }
    }
    if (current != nullptr && !trimmed(line).empty()) *current += (current->empty() ? "" : " ") + trimmed(line);
  });
  return any;
}

}  // namespace

std::string Story::text() const { return joined({situation, task, action, result}); }

int Story::strength_for(std::string_view principle) const {
  for (const StoryPrinciple& shown : principles)
    if (shown.id == principle) return shown.strength;
  return 0;
}

Story story_from_text(std::string_view text, const std::string& title, const std::string& role) {
  require_text(text, "story");
  if (text.size() > largest_story) throw InputError("story is larger than 64 KiB: keep it to what you would say");
  Story story;
  story.role = role;
  if (!read_fields(text, story)) {
    // The analyser's STAR parts, without the general lead-in and filler ("other").
    std::string* parts[] = {&story.situation, &story.task, &story.action, &story.result};
    for (const SentenceResult& sentence : analyse(text).sentences)
      if (sentence.part != Part::other)
        *parts[static_cast<int>(sentence.part)] += (parts[static_cast<int>(sentence.part)]->empty() ? "" : " ") + sentence.text;
  }
  if (trimmed(story.text()).empty()) throw InputError("story has no words");
  const std::string& opening = !story.situation.empty() ? story.situation : story.text();
  story.title = trimmed(title).empty() ? first_words(opening, 8) : trimmed(title);
  story.summary = first_words(!story.result.empty() ? story.result : story.text(), 20);
  story.principles = suggest_principles(story);
  return story;
}

std::vector<StoryPrinciple> suggest_principles(const Story& story) {
  std::vector<StoryPrinciple> shown;
  const std::string text = story.text();
  for (const Principle& principle : KnowledgeBase::builtin().principles()) {
    const int strength = static_cast<int>(find_evidence(text, principle).shown.size());
    if (strength > 0) shown.push_back({principle.id, strength});
  }
  std::stable_sort(shown.begin(), shown.end(), [](const auto& a, const auto& b) { return a.strength > b.strength; });
  return shown;
}

void apply_edit(Story& story, const StoryEdit& edit) {
  const std::pair<const std::optional<std::string>*, std::string*> fields[] = {
      {&edit.title, &story.title},   {&edit.role, &story.role},     {&edit.situation, &story.situation},
      {&edit.task, &story.task},     {&edit.action, &story.action}, {&edit.result, &story.result}};
  for (const auto& [given, field] : fields) {
    if (!*given) continue;
    if (!is_valid_utf8(**given)) throw InputError("the new text is not valid UTF-8");
    *field = **given;
  }
  if (edit.principles) {
    story.principles.clear();
    const std::string text = story.text();
    for (const std::string& id : *edit.principles) {
      const Principle* principle = KnowledgeBase::builtin().find_principle(id);
      if (principle == nullptr) throw InputError("\"" + id + "\" is not a principle id; valid ids: " + KnowledgeBase::builtin().principle_ids());
      const int shown = static_cast<int>(find_evidence(text, *principle).shown.size());
      story.principles.push_back({principle->id, std::max(1, shown)});
    }
  } else if (edit.situation || edit.task || edit.action || edit.result) {
    story.principles = suggest_principles(story);
  }
}

int Coverage::met() const {
  return static_cast<int>(std::count_if(rows.begin(), rows.end(), [](const CoverageRow& row) { return row.met; }));
}

Coverage coverage_of(const std::vector<Story>& stories, int target) {
  Coverage coverage;
  coverage.target = std::max(1, target);
  for (const Principle& principle : KnowledgeBase::builtin().principles()) {
    CoverageRow row{&principle, {}, 0, false};
    for (const Story& story : stories) {
      const int strength = story.strength_for(principle.id);
      row.strengths.push_back(strength);
      row.stories += strength > 0;
    }
    row.met = row.stories >= coverage.target;
    coverage.rows.push_back(std::move(row));
  }
  return coverage;
}

std::vector<StoryMatch> match_stories(std::string_view question, const std::vector<Story>& stories) {
  const std::vector<PrincipleScore> probes = QuestionClassifier::builtin().classify(question);
  std::vector<StoryMatch> matches;
  for (const Story& story : stories) {
    // Half what the story shows (its behaviours of the principles probed), half what it
    // is about (the fit to the question, as the analyser judges it): a story can be about
    // the right thing before its words name the behaviours.
    const double fit = judge_fit(probes, question, words_of(story.text())).score / 100.0;
    double score = 0;
    const PrincipleScore* best = nullptr;
    double best_part = -1;
    for (const PrincipleScore& probe : probes) {
      const double part = probe.score * std::min(1.0, story.strength_for(probe.principle->id) / full_strength);
      score += part;
      if (part > best_part) {
        best_part = part;
        best = &probe;
      }
    }
    const int strength = story.strength_for(best->principle->id);
    const std::string reason =
        strength > 0 && best_part >= 0.05 ? "The question probes " + best->principle->name + " (" +
                           std::to_string(static_cast<int>(std::lround(best->score * 100))) + "%); this story shows " +
                           std::to_string(strength) + " of its behaviours."
                     : "This story shows none of the principles the question probes most (" +
                           probes.front().principle->name + ").";
    matches.push_back({&story, (std::min(1.0, score) + fit) / 2, reason});
  }
  std::stable_sort(matches.begin(), matches.end(), [](const StoryMatch& a, const StoryMatch& b) { return a.score > b.score; });
  return matches;
}

}  // namespace starcoach
