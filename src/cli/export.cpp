#include "export.hpp"

#include <algorithm>

#include "starcoach/analysis.hpp"
#include "starcoach/knowledge.hpp"
#include "starcoach/text.hpp"

namespace starcoach::cli {

namespace {

std::string principle_count() { return std::to_string(KnowledgeBase::builtin().principles().size()); }

struct Entry {
  const Story* story;
  int score;  // the analyser's overall score of the story told for this principle
};

// Each principle with the stories that show it, strongest first.
std::vector<std::pair<const Principle*, std::vector<Entry>>> sheet(const std::vector<Story>& stories) {
  std::vector<std::pair<const Principle*, std::vector<Entry>>> sections;
  for (const Principle& principle : KnowledgeBase::builtin().principles()) {
    std::vector<Entry> entries;
    for (const Story& story : stories) {
      if (story.strength_for(principle.id) == 0 || story.text().find_first_not_of(" ") == std::string::npos) continue;
      AnalysisOptions options;
      options.principle = principle.id;
      entries.push_back({&story, analyse(story.text(), options).score.overall});
    }
    std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
      return a.story->strength_for(principle.id) > b.story->strength_for(principle.id);
    });
    sections.emplace_back(&principle, std::move(entries));
  }
  return sections;
}

const std::pair<const char*, std::string Story::*> parts[] = {
    {"Situation", &Story::situation}, {"Task", &Story::task}, {"Action", &Story::action}, {"Result", &Story::result}};

}  // namespace

std::string prep_sheet_markdown(const std::vector<Story>& stories) {
  std::string out = "# Interview prep sheet\n\nYour stories for each of the " + principle_count() + " Leadership Principles, in STAR form.\n";
  for (const auto& [principle, entries] : sheet(stories)) {
    out += "\n## " + principle->name + "\n\n";
    if (entries.empty()) out += "*No story yet: prepare one.*\n";
    for (const Entry& entry : entries) {
      out += "### " + entry.story->title + " (score " + std::to_string(entry.score) + ")\n\n";
      for (const auto& [name, member] : parts) {
        const std::string& text = entry.story->*member;
        out += "- **" + std::string(name) + ":** " + (text.empty() ? "*missing*" : text) + "\n";
      }
      out += "\n";
    }
  }
  return out;
}

std::string prep_sheet_html(const std::vector<Story>& stories) {
  std::string out =
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Interview prep sheet</title>\n<style>\n"
      "@page { margin: 15mm; }\n"
      "body { font-family: system-ui, 'DejaVu Sans', sans-serif; color: #1c2430; line-height: 1.45; max-width: 180mm; margin: 0 auto; }\n"
      "h1 { font-size: 20pt; } h2 { font-size: 14pt; border-bottom: 2px solid #1f5fa8; margin-top: 1.5em; }\n"
      "h2 { break-after: avoid; } article { break-inside: avoid; margin-bottom: 1em; }\n"
      "h3 { font-size: 11.5pt; margin: 0.6em 0 0.2em; } dl { margin: 0; } dt { font-weight: 700; }\n"
      "dd { margin: 0 0 0.3em 1.2em; } .none { color: #8a5300; font-style: italic; } .score { color: #556070; font-weight: 400; }\n"
      "</style>\n</head>\n<body>\n<h1>Interview prep sheet</h1>\n<p>Your stories for each of the " + principle_count() + " Leadership Principles, in STAR form.</p>\n";
  for (const auto& [principle, entries] : sheet(stories)) {
    out += "<section>\n<h2>" + html_escaped(principle->name) + "</h2>\n";
    if (entries.empty()) out += "<p class=\"none\">No story yet: prepare one.</p>\n";
    for (const Entry& entry : entries) {
      out += "<article>\n<h3>" + html_escaped(entry.story->title) + " <span class=\"score\">score " +
             std::to_string(entry.score) + "</span></h3>\n<dl>\n";
      for (const auto& [name, member] : parts) {
        const std::string& text = entry.story->*member;
        out += "<dt>" + std::string(name) + "</dt><dd>" + (text.empty() ? "<span class=\"none\">missing</span>" : html_escaped(text)) + "</dd>\n";
      }
      out += "</dl>\n</article>\n";
    }
    out += "</section>\n";
  }
  return out + "</body>\n</html>\n";
}

}  // namespace starcoach::cli
