#include "report.hpp"

#include <cmath>

#include "starcoach/speaking.hpp"

namespace starcoach::cli {

namespace {

const char* part_title(Part part) {
  switch (part) {
    case Part::situation: return "Situation";
    case Part::task: return "Task";
    case Part::action: return "Action";
    case Part::result: return "Result";
    case Part::other: return "Other";
  }
  return "Other";
}

Style part_style(Part part) {
  switch (part) {
    case Part::situation: return Style::accent;
    case Part::task: return Style::warn;
    case Part::action: return Style::good;
    case Part::result: return Style::bold;
    case Part::other: return Style::dim;
  }
  return Style::plain;
}

Style severity_style(Severity severity) {
  return severity == Severity::error ? Style::bad : severity == Severity::warning ? Style::warn : Style::dim;
}

std::string count_of(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

std::string rounded(double value) { return std::to_string(static_cast<long>(std::lround(value))); }

int percent_of(std::size_t part, std::size_t total) {
  return total == 0 ? 0 : static_cast<int>(std::lround(100.0 * static_cast<double>(part) / static_cast<double>(total)));
}

std::size_t story_words(const Analysis& analysis) {
  std::size_t words = 0;
  for (const PartSummary& part : analysis.parts) words += part.words;
  return words;
}

const std::vector<std::string>& restructured_part(const Restructured& r, Part part) {
  switch (part) {
    case Part::situation: return r.situation;
    case Part::task: return r.task;
    case Part::action: return r.action;
    default: return r.result;
  }
}

}  // namespace

std::string text_report(const Analysis& analysis, const Terminal& t, double words_per_minute) {
  std::string out;
  out += t.paint("Your answer", Style::bold) + t.paint("  " + count_of(analysis.words, "word") + ", about " +
                                                         rounded(analysis.spoken_seconds) + " s at " +
                                                         rounded(words_per_minute) + " words a minute", Style::dim) + "\n";
  for (const SentenceResult& sentence : analysis.sentences) {
    const std::string tag = std::string(" ") + part_letter(sentence.part) + "  ";
    out += t.paint(tag, part_style(sentence.part)) + t.wrap(sentence.text, 4, 0);
  }
  out += t.paint("  S situation  T task  A action  R result  O other (not part of the story)", Style::dim) + "\n\n";

  const bool over = analysis.spoken_seconds > Speaking::builtin().target_seconds;
  out += t.paint("Time   ", Style::bold) + t.paint(minute_bar(analysis.spoken_seconds), over ? Style::warn : Style::good) +
         " " + rounded(analysis.spoken_seconds) + " s" + t.paint("  (│ = one minute)", Style::dim) + "\n";
  const std::size_t words = story_words(analysis);
  out += t.paint("Parts  ", Style::bold);
  for (Part part : {Part::situation, Part::task, Part::action, Part::result})
    out += t.paint(std::string(1, part_letter(part)), part_style(part)) + " " +
           std::to_string(percent_of(analysis.parts[static_cast<int>(part)].words, words)) + "%  ";
  out += t.paint("(action should be the largest)", Style::dim) + "\n";
  out += t.paint("Story  ", Style::bold) + t.wrap((analysis.is_story ? "Yes. " : "No. ") + analysis.story_reason, 7, 0) + "\n";

  out += t.paint(analysis.findings.empty() ? "No findings: well done." : "What to improve, most important first", Style::bold) + "\n";
  for (const Finding& finding : analysis.findings) {
    const std::string label = std::string(severity_name(finding.severity));
    out += "  " + t.paint(label, severity_style(finding.severity)) + std::string(12 - label.size(), ' ') +
           t.wrap(finding.message, 14, 0) + std::string(14, ' ') + t.paint("Fix: ", Style::bold) +
           t.wrap(finding.hint, 19, 0).substr(0);
  }
  out += "\n" + t.paint("Score  " + std::to_string(analysis.score.overall) + "/100", Style::bold) + "\n";
  for (const std::string& line : analysis.score.explanations) out += t.wrap(line, 4, 2);

  const Restructured& r = analysis.restructured;
  out += "\n" + t.paint("Your answer in STAR order", Style::bold) + t.paint("  (your own sentences, regrouped)", Style::dim) + "\n";
  for (Part part : {Part::situation, Part::task, Part::action, Part::result}) {
    const std::vector<std::string>& sentences = restructured_part(r, part);
    out += "  " + t.paint(part_title(part), part_style(part)) + "\n";
    if (sentences.empty()) out += t.paint("    (missing: add this part)", Style::warn) + "\n";
    for (const std::string& sentence : sentences) out += t.wrap(sentence, 4);
  }
  if (!r.cut.empty()) {
    out += "  " + t.paint("Left out (general or filler)", Style::dim) + "\n";
    for (const std::string& sentence : r.cut) out += t.paint(t.wrap(sentence, 4), Style::dim);
  }
  if (!r.trim_candidates.empty()) {
    out += "  " + t.paint("To get under a minute, consider cutting", Style::warn) + "\n";
    for (const std::string& sentence : r.trim_candidates) out += t.wrap("- " + sentence, 6, 4);
  }
  return out;
}

std::string markdown_report(const Analysis& analysis, double words_per_minute) {
  std::string out = "## Your answer\n\n";
  out += count_of(analysis.words, "word") + ", about " + rounded(analysis.spoken_seconds) + " seconds at " +
         rounded(words_per_minute) + " words a minute.\n\n";
  for (const SentenceResult& sentence : analysis.sentences)
    out += "- **" + std::string(1, part_letter(sentence.part)) + "** " + sentence.text + "\n";
  out += "\n**Story:** " + std::string(analysis.is_story ? "yes. " : "no. ") + analysis.story_reason + "\n\n";
  out += "## What to improve\n\n";
  if (analysis.findings.empty()) out += "No findings: well done.\n";
  for (const Finding& finding : analysis.findings)
    out += "- **" + std::string(severity_name(finding.severity)) + "** (`" + finding.rule + "`): " + finding.message +
           " *Fix:* " + finding.hint + "\n";
  out += "\n## Score: " + std::to_string(analysis.score.overall) + "/100\n\n";
  for (const std::string& line : analysis.score.explanations) out += "- " + line + "\n";
  out += "\n## Your answer in STAR order\n";
  const Restructured& r = analysis.restructured;
  for (Part part : {Part::situation, Part::task, Part::action, Part::result}) {
    out += "\n### " + std::string(part_title(part)) + "\n\n";
    const std::vector<std::string>& sentences = restructured_part(r, part);
    if (sentences.empty()) out += "*(missing: add this part)*\n";
    for (const std::string& sentence : sentences) out += sentence + "\n";
  }
  if (!r.cut.empty()) {
    out += "\n### Left out (general or filler)\n\n";
    for (const std::string& sentence : r.cut) out += "- " + sentence + "\n";
  }
  if (!r.trim_candidates.empty()) {
    out += "\n### To get under a minute, consider cutting\n\n";
    for (const std::string& sentence : r.trim_candidates) out += "- " + sentence + "\n";
  }
  return out;
}

std::string text_delivery(const speech::Delivery& d, const Terminal& t) {
  const auto marked = [&](const std::string& verdict) { return verdict == "good" || verdict == "fluent" ? Style::good : Style::warn; };
  std::string out = t.paint("Delivery", Style::bold) + t.paint("  (measured from your recording)", Style::dim) + "\n";
  out += "  Spoken  " + t.paint(minute_bar(d.speaking_seconds), marked(d.timing)) + " " + rounded(d.speaking_seconds) + " s\n";
  out += "  Pace    " + t.paint(rounded(d.words_per_minute) + " words a minute", marked(d.pace)) +
         t.paint("  (comfortable: 130 to 160)", Style::dim) + "\n";
  out += "  Fillers " + t.paint(count_of(d.fillers, "filler") + ", " + rounded(d.fillers_per_minute) + " a minute", marked(d.filler_level)) +
         "   Long pauses " + std::to_string(d.long_pauses.size()) + "\n";
  for (const std::string& note : d.notes) out += t.wrap("- " + note, 4, 2);
  return out + "\n";
}

std::string markdown_delivery(const speech::Delivery& d) {
  std::string out = "## Delivery\n\n";
  out += "Spoken for " + rounded(d.speaking_seconds) + " s, " + rounded(d.words_per_minute) + " words a minute, " +
         count_of(d.fillers, "filler word") + ", " + count_of(d.long_pauses.size(), "long pause") + ".\n\n";
  for (const std::string& note : d.notes) out += "- " + note + "\n";
  return out + "\n";
}

}  // namespace starcoach::cli
