// A coach's progress report on a candidate or a cohort, from what the candidates
// submitted and shared (nothing private): scores over time per principle, the findings
// that come back, the principles their shared stories cover, and their assignments done,
// late and overdue. As JSON for the page, and as Markdown or HTML to hand on.
#pragma once

#include <string>
#include <vector>

#include "accounts.hpp"
#include "api.hpp"
#include "coaching.hpp"
#include "database.hpp"

namespace starcoach::server {

struct PrincipleProgress {
  std::string id, name;
  std::vector<std::pair<std::string, int>> scores;  // (submitted at, score), oldest first
};

struct AssignmentProgress {
  storage::Assignment assignment;
  std::string status;  // "done", "late" (done after the due day), "overdue" or "open"
};

struct CandidateProgress {
  storage::User candidate;
  int submitted = 0;
  int average = 0;  // of the submitted scores
  std::vector<PrincipleProgress> principles;
  std::vector<storage::RecurringFinding> recurring;  // less what the coach dismissed
  std::vector<std::string> covered;                  // principle names the shared stories show
  int shared_stories = 0;
  std::vector<AssignmentProgress> assignments;
  int count(const std::string& status) const;
};

struct ProgressReport {
  std::string title;
  std::string date;  // today, YYYY-MM-DD (UTC)
  std::vector<CandidateProgress> candidates;
};

ProgressReport candidate_report(storage::Database& database, long long coach, const storage::User& candidate);
ProgressReport cohort_report(storage::Database& database, long long coach, const storage::Cohort& cohort);

nlohmann::json report_json(const ProgressReport& report);
std::string report_markdown(const ProgressReport& report);
std::string report_html(const ProgressReport& report);
// format "json" (the report), "markdown" ({"markdown"}) or "html" ({"html"}); else a 400.
Reply report_reply(const ProgressReport& report, const std::string& format);

}  // namespace starcoach::server
