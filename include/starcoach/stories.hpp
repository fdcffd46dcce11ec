// The candidate's story bank: stories in STAR form, the principles each shows, the
// coverage of all 16 principles, and which story best answers a question. Pure logic:
// storage lives in src/storage.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starcoach/knowledge.hpp"

namespace starcoach {

struct StoryPrinciple {
  std::string id;    // principle id
  int strength = 0;  // behaviours of the principle the story shows
};

struct Story {
  long long id = 0;
  std::string title;
  std::string situation, task, action, result;
  std::string role;     // the job it comes from
  std::string summary;  // one line
  std::vector<StoryPrinciple> principles;  // strongest first
  std::string created_at, updated_at;
  bool shared = false;  // with the candidate's coaches (coaching mode)

  // The four parts as one text, in STAR order.
  std::string text() const;
  int strength_for(std::string_view principle) const;  // 0 when not listed
};

// A story from the candidate's text: either four fields ("Situation: ...", "Task: ...",
// "Action: ...", "Result: ...", one or more lines each) or free text, which the
// analyser splits into STAR. Suggests the principles and a summary. Throws InputError.
Story story_from_text(std::string_view text, const std::string& title = "", const std::string& role = "");

// The principles the story shows, strongest first: those with at least one behaviour.
std::vector<StoryPrinciple> suggest_principles(const Story& story);

// A change to a story, as the story bank's editors (the CLI, the API) take it: each
// field given replaces the story's.
struct StoryEdit {
  std::optional<std::string> title, role, situation, task, action, result;
  std::optional<std::vector<std::string>> principles;  // principle ids, chosen by hand
};

// Applies `edit` to `story`. Principles chosen by hand take the strength the story's
// words show (at least 1); a change to the story's parts without a choice of principles
// suggests them again. Throws InputError for text that is not valid UTF-8 or an unknown
// principle id (the front ends check ids first, to answer in their own terms).
void apply_edit(Story& story, const StoryEdit& edit);

struct CoverageRow {
  const Principle* principle;
  std::vector<int> strengths;  // per story, in the order given
  int stories = 0;             // stories that show it
  bool met = false;            // as many stories as the target
};

struct Coverage {
  int target = 2;
  std::vector<CoverageRow> rows;  // the 16 principles, in order
  int met() const;
};

// Principles x stories. Customer Obsession always needs at least one story.
Coverage coverage_of(const std::vector<Story>& stories, int target = 2);

struct StoryMatch {
  const Story* story;
  double score;        // in [0, 1]
  std::string reason;  // why, in one line
};

// The stories ranked for a question: how strongly each shows the principles the
// question probes, weighted by how likely the question probes each.
std::vector<StoryMatch> match_stories(std::string_view question, const std::vector<Story>& stories);

}  // namespace starcoach
