// What coaches and candidates share in coaching mode: which coach coaches whom, cohorts
// and their criteria, assignments, and the coach's comments and finding reviews on the
// attempts that candidates submitted. A coach reads only what their own candidates
// submitted or shared; every query here says so in its WHERE.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "accounts.hpp"
#include "database.hpp"

namespace starcoach::storage {

struct Cohort {
  long long id = 0;
  long long coach_id = 0;
  std::string name;
  nlohmann::json criteria = nlohmann::json::object();  // see server's criteria_from_json
  std::vector<long long> members;
};

struct Assignment {
  long long id = 0;
  long long coach_id = 0;
  long long candidate_id = 0;  // one candidate, or
  long long cohort_id = 0;     // everyone in a cohort
  std::string question_id, question, principle;
  std::string due_at;  // YYYY-MM-DD
  std::string created_at;
  // For a candidate's own list: their submitted answer, if any, and when.
  long long attempt_id = 0;
  std::string submitted_at;
};

// A comment on a span of an attempt's answer (UTF-8 byte offsets, [start, end)).
struct Comment {
  long long id = 0;
  long long attempt_id = 0;
  long long author_id = 0;
  std::string author;
  std::size_t start = 0, end = 0;
  std::string text, created_at;
};

// A coach's word on a finding: "dismissed" (text: the reason) or "added" (text: the finding).
struct FindingReview {
  long long id = 0;
  long long attempt_id = 0;
  long long author_id = 0;
  std::string author;
  std::string rule, kind, text, created_at;
};

class Coaching {
 public:
  explicit Coaching(Database& database) : db_(database) {}

  void add_candidate(long long coach, long long candidate);
  bool coaches(long long coach, long long candidate) const;
  bool has_coach(long long candidate) const;
  std::vector<User> candidates_of(long long coach) const;

  long long add_cohort(long long coach, const std::string& name);
  std::vector<Cohort> cohorts_of(long long coach) const;
  std::optional<Cohort> cohort(long long coach, long long id) const;  // only the coach's own
  bool set_criteria(long long coach, long long cohort, const nlohmann::json& criteria);
  bool add_member(long long coach, long long cohort, long long candidate);  // the candidate must be the coach's
  // The criteria that apply to a candidate's answers: those of their newest cohort, if any.
  std::optional<nlohmann::json> criteria_for(long long candidate) const;

  long long add_assignment(const Assignment& assignment);
  std::vector<Assignment> assignments_of_coach(long long coach) const;
  std::vector<Assignment> assignments_for(long long candidate) const;  // direct and through cohorts, by due date
  bool is_assigned(long long assignment, long long candidate) const;

  // Submitted attempts of the coach's candidates, newest first; `candidate` 0 for all.
  std::vector<Attempt> submitted_to(long long coach, long long candidate) const;
  std::optional<Attempt> submitted_attempt(long long coach, long long attempt) const;
  std::vector<Story> shared_stories(long long coach, long long candidate) const;
  // The recording of an attempt a candidate of this coach submitted and kept it for.
  std::optional<std::string> submitted_recording(long long coach, long long attempt) const;

  long long add_comment(const Comment& comment);
  std::vector<Comment> comments_on(long long attempt) const;
  long long add_review(const FindingReview& review);
  std::vector<FindingReview> reviews_of(long long attempt) const;
  bool is_reviewed(long long attempt) const;  // a comment or a review was written

 private:
  Database& db_;
};

}  // namespace starcoach::storage
