#include "progress_report.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "starcoach/knowledge.hpp"
#include "starcoach/rules.hpp"
#include "starcoach/stories.hpp"
#include "starcoach/text.hpp"

namespace starcoach::server {

namespace {

using nlohmann::json;

std::string today() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[11];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

std::string status_of(const storage::Assignment& assignment, const std::string& date) {
  if (!assignment.submitted_at.empty()) return assignment.submitted_at.substr(0, 10) > assignment.due_at ? "late" : "done";
  return date > assignment.due_at ? "overdue" : "open";
}

CandidateProgress progress_of(storage::Database& database, long long coach, const storage::User& candidate,
                              const std::string& date) {
  const storage::Coaching coaching(database);
  CandidateProgress progress;
  progress.candidate = candidate;
  std::vector<storage::Attempt> attempts = coaching.submitted_to(coach, candidate.id);
  std::reverse(attempts.begin(), attempts.end());  // oldest first
  progress.submitted = static_cast<int>(attempts.size());
  int total = 0;
  std::map<std::string, PrincipleProgress> principles;
  std::map<std::string, int> findings;
  for (const storage::Attempt& attempt : attempts) {
    total += attempt.score;
    if (!attempt.principle.empty()) {
      PrincipleProgress& row = principles[attempt.principle];
      row.id = attempt.principle;
      row.scores.emplace_back(attempt.submitted_at, attempt.score);
    }
    std::set<std::string> dismissed;
    for (const storage::FindingReview& review : coaching.reviews_of(attempt.id))
      if (review.kind == "dismissed") dismissed.insert(review.rule);
    for (const std::string& rule : attempt.findings)
      if (!dismissed.count(rule)) ++findings[rule];
  }
  progress.average = attempts.empty() ? 0 : total / static_cast<int>(attempts.size());
  for (const Principle& principle : KnowledgeBase::builtin().principles()) {  // in the method's order
    auto found = principles.find(principle.id);
    if (found == principles.end()) continue;
    found->second.name = principle.name;
    progress.principles.push_back(found->second);
  }
  for (const auto& [rule, count] : findings) progress.recurring.push_back({rule, RuleBook::builtin().title_of(rule), count});
  std::stable_sort(progress.recurring.begin(), progress.recurring.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  const std::vector<Story> stories = coaching.shared_stories(coach, candidate.id);
  progress.shared_stories = static_cast<int>(stories.size());
  for (const CoverageRow& row : coverage_of(stories, 1).rows)
    if (row.stories > 0) progress.covered.push_back(row.principle->name);
  for (const storage::Assignment& assignment : coaching.assignments_for(candidate.id))
    if (assignment.coach_id == coach) progress.assignments.push_back({assignment, status_of(assignment, date)});
  return progress;
}

// One line of Markdown: no line breaks, and the characters that start markup escaped.
std::string md(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') c = ' ';
    if (std::string_view("\\`*_[]<>|#").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string score_trend(const PrincipleProgress& row) {
  std::string trend;
  for (const auto& [at, score] : row.scores) trend += (trend.empty() ? "" : " → ") + std::to_string(score);
  return trend;
}

}  // namespace

int CandidateProgress::count(const std::string& status) const {
  return static_cast<int>(std::count_if(assignments.begin(), assignments.end(), [&](const auto& a) { return a.status == status; }));
}

ProgressReport candidate_report(storage::Database& database, long long coach, const storage::User& candidate) {
  ProgressReport report;
  report.date = today();
  report.title = "Progress of " + (candidate.name.empty() ? candidate.email : candidate.name);
  report.candidates.push_back(progress_of(database, coach, candidate, report.date));
  return report;
}

ProgressReport cohort_report(storage::Database& database, long long coach, const storage::Cohort& cohort) {
  ProgressReport report;
  report.date = today();
  report.title = "Progress of the cohort " + cohort.name;
  const storage::Accounts accounts(database);
  for (long long member : cohort.members)
    if (const std::optional<storage::User> user = accounts.user(member)) report.candidates.push_back(progress_of(database, coach, *user, report.date));
  return report;
}

json report_json(const ProgressReport& report) {
  json candidates = json::array();
  for (const CandidateProgress& progress : report.candidates) {
    json principles = json::array(), recurring = json::array(), assignments = json::array();
    for (const PrincipleProgress& row : progress.principles) {
      json scores = json::array();
      for (const auto& [at, score] : row.scores) scores.push_back({{"at", at}, {"score", score}});
      principles.push_back({{"id", row.id}, {"name", row.name}, {"scores", scores}});
    }
    for (const storage::RecurringFinding& finding : progress.recurring)
      recurring.push_back({{"rule", finding.rule}, {"title", finding.title}, {"count", finding.count}});
    for (const AssignmentProgress& entry : progress.assignments)
      assignments.push_back({{"id", entry.assignment.id}, {"question", entry.assignment.question}, {"due", entry.assignment.due_at},
                             {"status", entry.status},
                             {"submitted_at", entry.assignment.submitted_at.empty() ? json(nullptr) : json(entry.assignment.submitted_at)}});
    candidates.push_back({{"candidate", {{"id", progress.candidate.id}, {"email", progress.candidate.email}, {"name", progress.candidate.name}}},
                          {"submitted", progress.submitted},
                          {"average", progress.average},
                          {"principles", principles},
                          {"recurring", recurring},
                          {"shared_stories", progress.shared_stories},
                          {"covered", progress.covered},
                          {"assignments", assignments},
                          {"assignments_summary",
                           {{"done", progress.count("done")}, {"late", progress.count("late")},
                            {"overdue", progress.count("overdue")}, {"open", progress.count("open")}}}});
  }
  return {{"title", report.title}, {"date", report.date}, {"candidates", candidates}};
}

std::string report_markdown(const ProgressReport& report) {
  std::ostringstream out;
  out << "# " << md(report.title) << "\n\n" << "As of " << report.date << ". Only what the candidates submitted or shared is counted.\n";
  for (const CandidateProgress& progress : report.candidates) {
    out << "\n## " << md(progress.candidate.name.empty() ? progress.candidate.email : progress.candidate.name) << "\n\n";
    out << "- Answers submitted: " << progress.submitted;
    if (progress.submitted > 0) out << " (average score " << progress.average << ")";
    out << "\n- Assignments: " << progress.count("done") << " done, " << progress.count("late") << " late, "
        << progress.count("overdue") << " overdue, " << progress.count("open") << " open\n";
    out << "- Shared stories: " << progress.shared_stories << ", covering "
        << (progress.covered.empty() ? std::string("no principle yet") : std::to_string(progress.covered.size()) + " principles") << "\n";
    if (!progress.principles.empty()) {
      out << "\n| Principle | Scores, oldest first |\n|---|---|\n";
      for (const PrincipleProgress& row : progress.principles) out << "| " << md(row.name) << " | " << score_trend(row) << " |\n";
    }
    if (!progress.recurring.empty()) {
      out << "\nWhat comes back most:\n\n";
      for (std::size_t i = 0; i < progress.recurring.size() && i < 5; ++i)
        out << "- " << md(progress.recurring[i].title) << " (" << progress.recurring[i].count << "×)\n";
    }
    if (!progress.assignments.empty()) {
      out << "\n| Assignment | Due | Status |\n|---|---|---|\n";
      for (const AssignmentProgress& entry : progress.assignments)
        out << "| " << md(entry.assignment.question) << " | " << entry.assignment.due_at << " | " << entry.status << " |\n";
    }
  }
  return out.str();
}

std::string report_html(const ProgressReport& report) {
  std::ostringstream out;
  out << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << html_escaped(report.title)
      << "</title></head><body>\n<h1>" << html_escaped(report.title) << "</h1>\n<p>As of " << report.date
      << ". Only what the candidates submitted or shared is counted.</p>\n";
  for (const CandidateProgress& progress : report.candidates) {
    out << "<h2>" << html_escaped(progress.candidate.name.empty() ? progress.candidate.email : progress.candidate.name) << "</h2>\n<ul>"
        << "<li>Answers submitted: " << progress.submitted;
    if (progress.submitted > 0) out << " (average score " << progress.average << ")";
    out << "</li><li>Assignments: " << progress.count("done") << " done, " << progress.count("late") << " late, "
        << progress.count("overdue") << " overdue, " << progress.count("open") << " open</li><li>Shared stories: "
        << progress.shared_stories << ", covering " << progress.covered.size() << " principles</li></ul>\n";
    if (!progress.principles.empty()) {
      out << "<table><tr><th>Principle</th><th>Scores, oldest first</th></tr>\n";
      for (const PrincipleProgress& row : progress.principles)
        out << "<tr><td>" << html_escaped(row.name) << "</td><td>" << html_escaped(score_trend(row)) << "</td></tr>\n";
      out << "</table>\n";
    }
    if (!progress.recurring.empty()) {
      out << "<p>What comes back most:</p><ul>\n";
      for (std::size_t i = 0; i < progress.recurring.size() && i < 5; ++i)
        out << "<li>" << html_escaped(progress.recurring[i].title) << " (" << progress.recurring[i].count << "×)</li>\n";
      out << "</ul>\n";
    }
    if (!progress.assignments.empty()) {
      out << "<table><tr><th>Assignment</th><th>Due</th><th>Status</th></tr>\n";
      for (const AssignmentProgress& entry : progress.assignments)
        out << "<tr><td>" << html_escaped(entry.assignment.question) << "</td><td>" << entry.assignment.due_at << "</td><td>"
            << entry.status << "</td></tr>\n";
      out << "</table>\n";
    }
  }
  out << "</body></html>\n";
  return out.str();
}

Reply report_reply(const ProgressReport& report, const std::string& format) {
  if (format == "json") return {200, report_json(report), {}};
  if (format == "markdown") return {200, {{"markdown", report_markdown(report)}}, {}};
  if (format == "html") return {200, {{"html", report_html(report)}}, {}};
  return error_reply(400, "wrong_value", "\"format\" must be json, markdown or html");
}

}  // namespace starcoach::server
