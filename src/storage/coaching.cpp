#include "coaching.hpp"

#include "stores.hpp"

namespace starcoach::storage {

namespace {

// Runs a statement with integer parameters and no rows to read; returns the rows changed.
long long change(Database& db, const std::string& text, std::initializer_list<long long> values) {
  sql::Query statement(db.connection(), text);
  int index = 0;
  for (long long value : values) statement->bind(++index, value);
  return statement->run();
}

bool exists(const Database& db, const std::string& text, std::initializer_list<long long> values) {
  sql::Query query(db.connection(), text);
  int index = 0;
  for (long long value : values) query->bind(++index, value);
  return query->next_row();
}

const char* const assignment_columns =
    "a.id, a.coach_id, COALESCE(a.candidate_id, 0), COALESCE(a.cohort_id, 0), a.question_id, a.question, a.principle,"
    " a.due_at, a.created_at";

Assignment read_assignment(const sql::Statement& query) {
  Assignment assignment;
  assignment.id = query.integer(0);
  assignment.coach_id = query.integer(1);
  assignment.candidate_id = query.integer(2);
  assignment.cohort_id = query.integer(3);
  assignment.question_id = query.text(4);
  assignment.question = query.text(5);
  assignment.principle = query.text(6);
  assignment.due_at = query.text(7);
  assignment.created_at = query.text(8);
  return assignment;
}

}  // namespace

void Coaching::add_candidate(long long coach, long long candidate) {
  change(db_, "INSERT INTO coaching (coach_id, candidate_id) VALUES (?, ?) ON CONFLICT DO NOTHING", {coach, candidate});
}

bool Coaching::coaches(long long coach, long long candidate) const {
  return exists(db_, "SELECT 1 FROM coaching WHERE coach_id = ? AND candidate_id = ?", {coach, candidate});
}

bool Coaching::has_coach(long long candidate) const {
  return exists(db_, "SELECT 1 FROM coaching WHERE candidate_id = ?", {candidate});
}

std::vector<User> Coaching::candidates_of(long long coach) const {
  sql::Query query(db_.connection(), "SELECT u.id, u.email, u.name, u.role, u.created_at, u.password_hash <> '' FROM users u"
                  " JOIN coaching c ON c.candidate_id = u.id WHERE c.coach_id = ? ORDER BY u.name, u.email");
  query->bind(1, coach);
  std::vector<User> found;
  while (query->next_row())
    found.push_back({query->integer(0), query->text(1), query->text(2), role_from_text(query->text(3)).value_or(UserRole::candidate),
                     query->text(4), static_cast<int>(query->integer(5)) != 0});
  return found;
}

long long Coaching::add_cohort(long long coach, const std::string& name) {
  sql::Query insert(db_.connection(), "INSERT INTO cohorts (coach_id, name) VALUES (?, ?) RETURNING id");
  insert->bind(1, coach);
  insert->bind(2, name);
  return returned_id(*insert);
}

std::vector<Cohort> Coaching::cohorts_of(long long coach) const {
  sql::Query query(db_.connection(), "SELECT id, coach_id, name, criteria FROM cohorts WHERE coach_id = ? ORDER BY id");
  query->bind(1, coach);
  std::vector<Cohort> found;
  while (query->next_row()) {
    nlohmann::json criteria = nlohmann::json::parse(query->text(3), nullptr, false);
    found.push_back({query->integer(0), query->integer(1), query->text(2),
                     criteria.is_object() ? criteria : nlohmann::json::object(), {}});
  }
  for (Cohort& cohort : found) {
    sql::Query members(db_.connection(), "SELECT candidate_id FROM cohort_members WHERE cohort_id = ? ORDER BY candidate_id");
    members->bind(1, cohort.id);
    while (members->next_row()) cohort.members.push_back(members->integer(0));
  }
  return found;
}

std::optional<Cohort> Coaching::cohort(long long coach, long long id) const {
  for (Cohort& cohort : cohorts_of(coach))
    if (cohort.id == id) return std::move(cohort);
  return std::nullopt;
}

bool Coaching::set_criteria(long long coach, long long cohort, const nlohmann::json& criteria) {
  sql::Query update(db_.connection(), "UPDATE cohorts SET criteria = ? WHERE id = ? AND coach_id = ?");
  update->bind(1, criteria.dump());
  update->bind(2, cohort);
  update->bind(3, coach);
  return update->run() > 0;
}

bool Coaching::add_member(long long coach, long long cohort, long long candidate) {
  if (!coaches(coach, candidate) || !exists(db_, "SELECT 1 FROM cohorts WHERE id = ? AND coach_id = ?", {cohort, coach}))
    return false;
  change(db_, "INSERT INTO cohort_members (cohort_id, candidate_id) VALUES (?, ?) ON CONFLICT DO NOTHING", {cohort, candidate});
  return true;
}

std::optional<nlohmann::json> Coaching::criteria_for(long long candidate) const {
  sql::Query query(db_.connection(), "SELECT c.criteria FROM cohorts c JOIN cohort_members m ON m.cohort_id = c.id"
                  " WHERE m.candidate_id = ? ORDER BY c.id DESC LIMIT 1");
  query->bind(1, candidate);
  if (!query->next_row()) return std::nullopt;
  nlohmann::json criteria = nlohmann::json::parse(query->text(0), nullptr, false);
  if (!criteria.is_object()) return std::nullopt;
  return criteria;
}

long long Coaching::add_assignment(const Assignment& assignment) {
  sql::Query insert(db_.connection(), "INSERT INTO assignments (coach_id, candidate_id, cohort_id, question_id, question, principle, due_at)"
                   " VALUES (?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?) RETURNING id");
  insert->bind(1, assignment.coach_id);
  insert->bind(2, assignment.candidate_id);
  insert->bind(3, assignment.cohort_id);
  insert->bind(4, assignment.question_id);
  insert->bind(5, assignment.question);
  insert->bind(6, assignment.principle);
  insert->bind(7, assignment.due_at);
  return returned_id(*insert);
}

std::vector<Assignment> Coaching::assignments_of_coach(long long coach) const {
  sql::Query query(db_.connection(), std::string("SELECT ") + assignment_columns + " FROM assignments a WHERE a.coach_id = ? ORDER BY a.due_at, a.id");
  query->bind(1, coach);
  std::vector<Assignment> found;
  while (query->next_row()) found.push_back(read_assignment(*query));
  return found;
}

std::vector<Assignment> Coaching::assignments_for(long long candidate) const {
  sql::Query query(db_.connection(), std::string("SELECT ") + assignment_columns +
                      ", COALESCE((SELECT MIN(t.id) FROM attempts t WHERE t.owner = ? AND t.assignment_id = a.id AND t.submitted_at IS NOT NULL), 0),"
                      " COALESCE((SELECT MIN(t.submitted_at) FROM attempts t WHERE t.owner = ? AND t.assignment_id = a.id), '')"
                      " FROM assignments a WHERE (a.candidate_id = ? OR a.cohort_id IN"
                      " (SELECT cohort_id FROM cohort_members WHERE candidate_id = ?))"
                      " AND EXISTS (SELECT 1 FROM coaching c WHERE c.coach_id = a.coach_id AND c.candidate_id = ?)"
                      " ORDER BY a.due_at, a.id");
  for (int parameter = 1; parameter <= 5; ++parameter) query->bind(parameter, candidate);
  std::vector<Assignment> found;
  while (query->next_row()) {
    Assignment assignment = read_assignment(*query);
    assignment.attempt_id = query->integer(9);
    assignment.submitted_at = query->text(10);
    found.push_back(std::move(assignment));
  }
  return found;
}

bool Coaching::is_assigned(long long assignment, long long candidate) const {
  for (const Assignment& mine : assignments_for(candidate))
    if (mine.id == assignment) return true;
  return false;
}

std::vector<Attempt> Coaching::submitted_to(long long coach, long long candidate) const {
  sql::Query query(db_.connection(), std::string(attempt_select) +
                                    " WHERE submitted_at IS NOT NULL AND owner IN (SELECT candidate_id FROM coaching WHERE coach_id = ?)"
                                    " AND (? = 0 OR owner = ?) ORDER BY submitted_at DESC, id DESC");
  query->bind(1, coach);
  query->bind(2, candidate);
  query->bind(3, candidate);
  return read_attempts(*query);
}

std::optional<Attempt> Coaching::submitted_attempt(long long coach, long long attempt) const {
  sql::Query query(db_.connection(), std::string(attempt_select) +
                                    " WHERE id = ? AND submitted_at IS NOT NULL AND owner IN (SELECT candidate_id FROM coaching WHERE coach_id = ?)");
  query->bind(1, attempt);
  query->bind(2, coach);
  std::vector<Attempt> found = read_attempts(*query);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<std::string> Coaching::submitted_recording(long long coach, long long attempt) const {
  return recording_of(db_.connection(), "a.submitted_at IS NOT NULL AND a.owner IN (SELECT candidate_id FROM coaching WHERE coach_id = ?)",
                      attempt, coach);
}

std::vector<Story> Coaching::shared_stories(long long coach, long long candidate) const {
  if (!coaches(coach, candidate)) return {};
  return stories_of(db_.connection(), candidate, true);
}

long long Coaching::add_comment(const Comment& comment) {
  sql::Query insert(db_.connection(), "INSERT INTO comments (attempt_id, author_id, span_start, span_end, text) VALUES (?, ?, ?, ?, ?) RETURNING id");
  insert->bind(1, comment.attempt_id);
  insert->bind(2, comment.author_id);
  insert->bind(3, static_cast<long long>(comment.start));
  insert->bind(4, static_cast<long long>(comment.end));
  insert->bind(5, comment.text);
  return returned_id(*insert);
}

std::vector<Comment> Coaching::comments_on(long long attempt) const {
  sql::Query query(db_.connection(), "SELECT c.id, c.attempt_id, c.author_id, COALESCE(NULLIF(u.name, ''), u.email), c.span_start, c.span_end, c.text,"
                  " c.created_at FROM comments c JOIN users u ON u.id = c.author_id WHERE c.attempt_id = ? ORDER BY c.span_start, c.id");
  query->bind(1, attempt);
  std::vector<Comment> found;
  while (query->next_row())
    found.push_back({query->integer(0), query->integer(1), query->integer(2), query->text(3),
                     static_cast<std::size_t>(query->integer(4)), static_cast<std::size_t>(query->integer(5)), query->text(6),
                     query->text(7)});
  return found;
}

long long Coaching::add_review(const FindingReview& review) {
  sql::Query insert(db_.connection(), "INSERT INTO finding_reviews (attempt_id, author_id, rule, kind, text) VALUES (?, ?, ?, ?, ?) RETURNING id");
  insert->bind(1, review.attempt_id);
  insert->bind(2, review.author_id);
  insert->bind(3, review.rule);
  insert->bind(4, review.kind);
  insert->bind(5, review.text);
  return returned_id(*insert);
}

std::vector<FindingReview> Coaching::reviews_of(long long attempt) const {
  sql::Query query(db_.connection(), "SELECT r.id, r.attempt_id, r.author_id, COALESCE(NULLIF(u.name, ''), u.email), r.rule, r.kind, r.text, r.created_at"
                  " FROM finding_reviews r JOIN users u ON u.id = r.author_id WHERE r.attempt_id = ? ORDER BY r.id");
  query->bind(1, attempt);
  std::vector<FindingReview> found;
  while (query->next_row())
    found.push_back({query->integer(0), query->integer(1), query->integer(2), query->text(3), query->text(4), query->text(5),
                     query->text(6), query->text(7)});
  return found;
}

bool Coaching::is_reviewed(long long attempt) const {
  return exists(db_, "SELECT 1 FROM comments WHERE attempt_id = ? UNION ALL SELECT 1 FROM finding_reviews WHERE attempt_id = ?",
                {attempt, attempt});
}

}  // namespace starcoach::storage
