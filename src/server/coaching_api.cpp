#include "coaching_api.hpp"

#include <algorithm>

#include "auth.hpp"
#include "http_parts.hpp"
#include "backup.hpp"
#include "coaching.hpp"
#include "progress_report.hpp"
#include "request_fields.hpp"
#include "transcriber.hpp"
#include "starcoach/json.hpp"
#include "starcoach/rules.hpp"

namespace starcoach::server {

namespace {

using storage::Accounts;
using storage::Coaching;
using storage::User;
using storage::UserRole;

// Failed sign-ins allowed in a quarter of an hour: per account, and per address (which
// may be a whole office behind one router).
constexpr int failures_per_account = 5;
constexpr int failures_per_address = 30;
constexpr int failure_window_minutes = 15;
constexpr int password_link_days = 7;
constexpr int invitation_days = 14;

const User& signed_in(const Call& call) { return *call.caller.user; }  // the routes table guarantees one

json user_json(const User& user) {
  return {{"id", user.id}, {"email", user.email}, {"name", user.name}, {"role", storage::role_name(user.role)}};
}

std::string email_field(const json& request) {
  std::string email = string_field(request, "email", true);
  while (!email.empty() && email.back() == ' ') email.pop_back();
  while (!email.empty() && email.front() == ' ') email.erase(email.begin());
  email = lower_case(email);
  const std::size_t at = email.find('@');
  if (email.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= email.size() ||
      email.find_first_of(" \t\r\n<>,;\"") != std::string::npos)
    throw BadRequest{"wrong_value", "\"email\" must be an email address"};
  return email;
}

std::string short_text(const json& request, const char* name, bool required, std::size_t longest) {
  const std::string text = string_field(request, name, required);
  if (text.size() > longest)
    throw BadRequest{"too_long", std::string("\"") + name + "\" must be at most " + std::to_string(longest) + " bytes"};
  if (required && text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw BadRequest{"empty_text", std::string("\"") + name + "\" is empty"};
  return text;
}

long long id_field(const json& request, const char* name, bool required) {
  auto found = request.find(name);
  if (found == request.end() || found->is_null()) {
    if (required) throw BadRequest{"missing_field", std::string("\"") + name + "\" is required"};
    return 0;
  }
  if (!found->is_number_integer() || found->get<long long>() < 1)
    throw BadRequest{"wrong_type", std::string("\"") + name + "\" must be an id (a whole number from 1)"};
  return found->get<long long>();
}

// "YYYY-MM-DD", a real day.
std::string date_field(const json& request, const char* name) {
  const std::string date = string_field(request, name, true);
  auto digits = [&](std::size_t from, std::size_t count) {
    return std::all_of(date.begin() + static_cast<long>(from), date.begin() + static_cast<long>(from + count),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  const bool shaped = date.size() == 10 && date[4] == '-' && date[7] == '-' && digits(0, 4) && digits(5, 2) && digits(8, 2);
  const int month = shaped ? std::stoi(date.substr(5, 2)) : 0, day = shaped ? std::stoi(date.substr(8, 2)) : 0;
  if (!shaped || month < 1 || month > 12 || day < 1 || day > 31)
    throw BadRequest{"wrong_value", std::string("\"") + name + "\" must be a date written YYYY-MM-DD"};
  return date;
}

Reply not_found(const std::string& what) { return error_reply(404, "not_found", "no " + what); }

// A new session for `user`: the reply carries its cookie.
Reply signed_in_reply(Accounts& accounts, const User& user, bool secure, int status = 200) {
  const std::string token = auth::new_token();
  accounts.add_session(user.id, auth::token_hash(token), session_days);
  Reply reply{status, {{"user", user_json(user)}}, {session_cookie_value(token, secure)}};
  return reply;
}

// A hash to check wrong emails against, so that a wrong email takes as long as a wrong password.
const std::string& decoy_hash() {
  static const std::string hash = auth::hash_password("a password that no account has");
  return hash;
}

json comment_json(const storage::Comment& comment) {
  return {{"id", comment.id},     {"author", comment.author}, {"start", comment.start},
          {"end", comment.end},   {"text", comment.text},     {"created_at", comment.created_at}};
}

json review_json(const storage::FindingReview& review) {
  return {{"id", review.id},         {"author", review.author}, {"rule", review.rule},
          {"title", RuleBook::builtin().title_of(review.rule)}, {"kind", review.kind},
          {"text", review.text},     {"created_at", review.created_at}};
}

// An attempt with what its coaches said about it.
void add_what_coaches_said(json& written, long long attempt, const Coaching& coaching) {
  json comments = json::array(), reviews = json::array();
  for (const storage::Comment& comment : coaching.comments_on(attempt)) comments.push_back(comment_json(comment));
  for (const storage::FindingReview& review : coaching.reviews_of(attempt)) reviews.push_back(review_json(review));
  written["comments"] = comments;
  written["reviews"] = reviews;
}

json reviewed_attempt_json(const storage::Attempt& attempt, const Coaching& coaching) {
  json written = storage::attempt_json(attempt);
  add_what_coaches_said(written, attempt.id, coaching);
  return written;
}

json assignment_json(const storage::Assignment& assignment) {
  return {{"id", assignment.id},
          {"question", assignment.question},
          {"question_id", assignment.question_id},
          {"principle", assignment.principle},
          {"due", assignment.due_at},
          {"candidate_id", assignment.candidate_id == 0 ? json(nullptr) : json(assignment.candidate_id)},
          {"cohort_id", assignment.cohort_id == 0 ? json(nullptr) : json(assignment.cohort_id)},
          {"attempt_id", assignment.attempt_id == 0 ? json(nullptr) : json(assignment.attempt_id)},
          {"submitted_at", assignment.submitted_at.empty() ? json(nullptr) : json(assignment.submitted_at)},
          {"created_at", assignment.created_at}};
}

json cohort_json(const storage::Cohort& cohort) {
  return {{"id", cohort.id}, {"name", cohort.name}, {"criteria", cohort.criteria}, {"members", cohort.members}};
}

json link_json(const std::string& kind, const std::string& token) {
  return {{"path", std::string("/#") + (kind == "password" ? "set-password=" : "join=") + token}};
}

// Only a candidate of this coach, or a 404 that says no more than "no such candidate".
const User candidate_of(const Call& call, long long candidate) {
  Coaching coaching(call.database);
  if (!coaching.coaches(signed_in(call).id, candidate)) throw BadRequest{"not_found", ""};
  return *Accounts(call.database).user(candidate);
}

// `guarded`, and a BadRequest{"not_found"} is a 404.
template <typename Handler>
Reply answered(const char* missing, Handler handler) {
  return guarded([&]() -> Reply {
    try {
      return handler();
    } catch (const BadRequest& bad) {
      if (bad.code == "not_found") return not_found(missing);
      throw;
    }
  });
}

}  // namespace

const char* access_name(Access access) {
  switch (access) {
    case Access::open: return "anyone";
    case Access::own: return "the signed-in user, on their own data";
    case Access::coach: return "a coach, on their candidates' submitted work";
    case Access::admin: return "an admin";
  }
  return "";
}

std::string session_cookie_value(const std::string& token, bool secure) {
  return std::string(session_cookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(session_days * 86400) + (secure ? "; Secure" : "");
}

std::string ended_session_cookie(bool secure) {
  return std::string(session_cookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure ? "; Secure" : "");
}

// --- Signing in -------------------------------------------------------------------------

Reply get_me(const Call& call, bool accounts) {
  return {200, {{"accounts", accounts}, {"user", call.caller.user ? user_json(*call.caller.user) : json(nullptr)}}, {}};
}

Reply post_session(const Call& call, bool secure) {
  return guarded([&]() -> Reply {
    const json request = parse_object(call.body);
    const std::string email = email_field(request);
    const std::string password = string_field(request, "password", true);
    Accounts accounts(call.database);
    const std::string account_key = "account:" + email, address_key = "address:" + call.caller.address;
    if (accounts.failures_since(account_key, failure_window_minutes) >= failures_per_account ||
        accounts.failures_since(address_key, failure_window_minutes) >= failures_per_address)
      return error_reply(429, "too_many_attempts", "Too many wrong passwords. Wait a quarter of an hour and try again.");
    const std::optional<User> user = accounts.user_by_email(email);
    const std::string hash = user ? accounts.password_hash(user->id) : "";
    const bool matches = auth::password_matches(hash.empty() ? decoy_hash() : hash, password) && !hash.empty();
    if (!matches) {
      accounts.record_failure(account_key);
      accounts.record_failure(address_key);
      accounts.audit(user ? user->id : 0, "sign-in failed", email, call.caller.address);
      return error_reply(401, "wrong_password", "The email or the password is wrong.");
    }
    accounts.clear_failures(account_key);
    accounts.audit(user->id, "signed in", "", call.caller.address);
    return signed_in_reply(accounts, *user, secure);
  });
}

Reply delete_session(const Call& call, bool secure) {
  Accounts(call.database).end_session(call.caller.session_hash);
  return {200, {{"signed_out", true}}, {ended_session_cookie(secure)}};
}

Reply delete_sessions(const Call& call, bool secure) {
  Accounts accounts(call.database);
  accounts.end_sessions(signed_in(call).id);
  accounts.audit(signed_in(call).id, "signed out everywhere", "", call.caller.address);
  return {200, {{"signed_out", true}}, {ended_session_cookie(secure)}};
}

Reply post_password(const Call& call, bool secure) {
  return guarded([&]() -> Reply {
    const json request = parse_object(call.body);
    const std::string token = short_text(request, "token", true, 200);
    const std::string password = string_field(request, "password", true);
    if (const std::string problem = auth::password_problem(password); !problem.empty())
      throw BadRequest{"weak_password", problem};
    Accounts accounts(call.database);
    const std::optional<storage::Link> link = accounts.take_link(auth::token_hash(token), "password");
    if (!link) return error_reply(400, "link_used", "This link works only once and for a week. Ask for a new one.");
    const std::optional<User> user = accounts.user(link->user_id);
    if (!user) return error_reply(400, "link_used", "This link's account no longer exists.");
    accounts.set_password_hash(user->id, auth::hash_password(password));
    accounts.end_sessions(user->id);  // a reset ends every session the old password opened
    accounts.audit(user->id, "password set", "", call.caller.address);
    return signed_in_reply(accounts, *user, secure);
  });
}

Reply post_join(const Call& call, bool secure) {
  return guarded([&]() -> Reply {
    const json request = parse_object(call.body);
    const std::string token = short_text(request, "token", true, 200);
    const std::string email = email_field(request);
    const std::string name = short_text(request, "name", false, 200);
    const std::string password = string_field(request, "password", true);
    if (const std::string problem = auth::password_problem(password); !problem.empty())
      throw BadRequest{"weak_password", problem};
    Accounts accounts(call.database);
    if (accounts.user_by_email(email)) return error_reply(409, "email_taken", "There is an account with this email already: sign in.");
    const std::optional<storage::Link> link = accounts.take_link(auth::token_hash(token), "invitation");
    if (!link) return error_reply(400, "link_used", "This invitation works only once and for two weeks. Ask for a new one.");
    const std::optional<long long> id = accounts.add_user(email, storage::role_from_text(link->role).value_or(UserRole::candidate), name);
    if (!id) return error_reply(409, "email_taken", "There is an account with this email already: sign in.");
    accounts.set_password_hash(*id, auth::hash_password(password));
    Coaching coaching(call.database);
    if (link->created_by != 0 && link->role == "candidate") {
      const std::optional<User> inviter = accounts.user(link->created_by);
      if (inviter && inviter->role == UserRole::coach) {
        coaching.add_candidate(inviter->id, *id);
        if (link->cohort_id != 0) coaching.add_member(inviter->id, link->cohort_id, *id);
      }
    }
    accounts.audit(*id, "joined", "invited by user " + std::to_string(link->created_by), call.caller.address);
    return signed_in_reply(accounts, *accounts.user(*id), secure, 201);
  });
}

Reply delete_account(const Call& call, bool secure) {
  return guarded([&]() -> Reply {
    const json request = parse_object(call.body);
    const std::string password = string_field(request, "password", true);
    Accounts accounts(call.database);
    if (!auth::password_matches(accounts.password_hash(signed_in(call).id), password))
      return error_reply(403, "wrong_password", "The password is wrong; your account is unchanged.");
    accounts.delete_user(signed_in(call).id);
    accounts.audit(0, "account deleted", "user " + std::to_string(signed_in(call).id), call.caller.address);
    return {200, {{"deleted", true}}, {ended_session_cookie(secure)}};
  });
}

// --- The candidate -----------------------------------------------------------------------

Reply get_assignments(const Call& call) {
  json list = json::array();
  for (const storage::Assignment& assignment : Coaching(call.database).assignments_for(call.caller.owner))
    list.push_back(assignment_json(assignment));
  return {200, list, {}};
}

Reply get_attempt(const Call& call) {
  const std::optional<storage::Attempt> attempt = call.database.attempt(call.id);
  if (!attempt) return not_found("attempt with the id " + std::to_string(call.id));
  return {200, reviewed_attempt_json(*attempt, Coaching(call.database)), {}};
}

Reply post_submission(const Call& call) {
  return answered("such attempt or assignment of yours", [&]() -> Reply {
    const json request = parse_object(call.body);
    const long long attempt = id_field(request, "attempt_id", true);
    const long long assignment = id_field(request, "assignment_id", false);
    Coaching coaching(call.database);
    if (!call.database.attempt(attempt)) throw BadRequest{"not_found", ""};
    if (assignment != 0 && !coaching.is_assigned(assignment, call.caller.owner)) throw BadRequest{"not_found", ""};
    if (!coaching.has_coach(call.caller.owner))
      return error_reply(409, "no_coach", "You have no coach yet. Join one with the invitation link they send you.");
    if (!call.database.submit_attempt(attempt, assignment)) throw BadRequest{"not_found", ""};
    return {200, storage::attempt_json(*call.database.attempt(attempt)), {}};
  });
}

Reply put_recording(const Call& call) {
  return guarded([&]() -> Reply {
    speech::read_wav(call.body);  // throws InputError: a 400 naming what the file is instead
    if (!call.database.keep_recording(call.id, call.body)) return not_found("attempt with the id " + std::to_string(call.id));
    return {200, {{"kept", call.id}, {"bytes", call.body.size()}}, {}};
  });
}

Reply get_export(const Call& call) {
  // The backup (which `starcoach restore` reads), with what the coaches said on each attempt.
  json everything = storage::backup_json(storage::backup_of(call.database));
  Coaching coaching(call.database);
  for (json& attempt : everything["attempts"]) add_what_coaches_said(attempt, attempt["id"].get<long long>(), coaching);
  everything["account"] = call.caller.user ? user_json(*call.caller.user) : json(nullptr);
  json assignments = json::array();
  for (const storage::Assignment& assignment : coaching.assignments_for(call.caller.owner)) assignments.push_back(assignment_json(assignment));
  everything["assignments"] = assignments;
  return {200, everything, {}};
}

// --- The coach ---------------------------------------------------------------------------

Reply get_candidates(const Call& call) {
  Coaching coaching(call.database);
  json list = json::array();
  for (const User& candidate : coaching.candidates_of(signed_in(call).id)) {
    json entry = user_json(candidate);
    const std::vector<storage::Attempt> submitted = coaching.submitted_to(signed_in(call).id, candidate.id);
    entry["submitted"] = submitted.size();
    entry["last_submitted_at"] = submitted.empty() ? json(nullptr) : json(submitted.front().submitted_at);
    list.push_back(entry);
  }
  return {200, list, {}};
}

Reply post_candidate_invitation(const Call& call) {
  return answered("such cohort of yours", [&]() -> Reply {
    const json request = parse_object(call.body);
    const long long cohort = id_field(request, "cohort_id", false);
    if (cohort != 0 && !Coaching(call.database).cohort(signed_in(call).id, cohort)) throw BadRequest{"not_found", ""};
    const std::string token = auth::new_token();
    Accounts accounts(call.database);
    accounts.add_link(auth::token_hash(token), {"invitation", 0, signed_in(call).id, "candidate", cohort}, invitation_days);
    accounts.audit(signed_in(call).id, "invited a candidate", cohort ? "cohort " + std::to_string(cohort) : "", call.caller.address);
    return {201, link_json("invitation", token), {}};
  });
}

Reply get_cohorts(const Call& call) {
  json list = json::array();
  for (const storage::Cohort& cohort : Coaching(call.database).cohorts_of(signed_in(call).id)) list.push_back(cohort_json(cohort));
  return {200, list, {}};
}

Reply post_cohort(const Call& call) {
  return guarded([&]() -> Reply {
    const json request = parse_object(call.body);
    const std::string name = short_text(request, "name", true, 200);
    Coaching coaching(call.database);
    const long long id = coaching.add_cohort(signed_in(call).id, name);
    return {201, cohort_json(*coaching.cohort(signed_in(call).id, id)), {}};
  });
}

Reply put_cohort(const Call& call) {
  return answered("such cohort of yours", [&]() -> Reply {
    const json request = parse_object(call.body);
    if (!request.contains("criteria")) throw BadRequest{"missing_field", "\"criteria\" is required"};
    criteria_from_json(request["criteria"]);  // throws InputError: a 400 saying what is wrong
    Coaching coaching(call.database);
    if (!coaching.set_criteria(signed_in(call).id, call.id, request["criteria"])) throw BadRequest{"not_found", ""};
    return {200, cohort_json(*coaching.cohort(signed_in(call).id, call.id)), {}};
  });
}

Reply post_member(const Call& call) {
  return answered("such cohort or candidate of yours", [&]() -> Reply {
    const json request = parse_object(call.body);
    const long long cohort = id_field(request, "cohort_id", true), candidate = id_field(request, "candidate_id", true);
    Coaching coaching(call.database);
    if (!coaching.add_member(signed_in(call).id, cohort, candidate)) throw BadRequest{"not_found", ""};
    return {200, cohort_json(*coaching.cohort(signed_in(call).id, cohort)), {}};
  });
}

Reply get_coach_assignments(const Call& call) {
  json list = json::array();
  for (const storage::Assignment& assignment : Coaching(call.database).assignments_of_coach(signed_in(call).id))
    list.push_back(assignment_json(assignment));
  return {200, list, {}};
}

Reply post_assignment(const Call& call) {
  return answered("such candidate or cohort of yours", [&]() -> Reply {
    const json request = parse_object(call.body);
    storage::Assignment assignment;
    assignment.coach_id = signed_in(call).id;
    assignment.candidate_id = id_field(request, "candidate_id", false);
    assignment.cohort_id = id_field(request, "cohort_id", false);
    if ((assignment.candidate_id == 0) == (assignment.cohort_id == 0))
      throw BadRequest{"missing_field", "give either \"candidate_id\" or \"cohort_id\""};
    Coaching coaching(call.database);
    if (assignment.candidate_id != 0) candidate_of(call, assignment.candidate_id);
    if (assignment.cohort_id != 0 && !coaching.cohort(assignment.coach_id, assignment.cohort_id)) throw BadRequest{"not_found", ""};
    assignment.question_id = short_text(request, "question_id", false, 100);
    if (!assignment.question_id.empty()) {
      const Question* bank = knowledge().find_question(assignment.question_id);
      if (bank == nullptr) throw BadRequest{"wrong_value", "\"question_id\" is not a question of the bank"};
      assignment.question = bank->text;
      assignment.principle = bank->principle;
    } else {
      assignment.question = short_text(request, "question", true, 1000);
      const std::string principle = string_field(request, "principle", true);
      assignment.principle = principle_field(principle, "principle").id;
    }
    assignment.due_at = date_field(request, "due");
    const long long id = coaching.add_assignment(assignment);
    for (const storage::Assignment& made : coaching.assignments_of_coach(assignment.coach_id))
      if (made.id == id) return {201, assignment_json(made), {}};
    return not_found("assignment");
  });
}

Reply get_queue(const Call& call) {
  Coaching coaching(call.database);
  Accounts accounts(call.database);
  json list = json::array();
  for (const storage::Attempt& attempt : coaching.submitted_to(signed_in(call).id, 0)) {
    const std::optional<User> candidate = accounts.user(attempt.owner);
    list.push_back({{"id", attempt.id},
                    {"candidate", candidate ? user_json(*candidate) : json(nullptr)},
                    {"question", attempt.question},
                    {"principle", attempt.principle},
                    {"score", attempt.score},
                    {"submitted_at", attempt.submitted_at},
                    {"assignment_id", attempt.assignment_id == 0 ? json(nullptr) : json(attempt.assignment_id)},
                    {"reviewed", coaching.is_reviewed(attempt.id)}});
  }
  return {200, list, {}};
}

Reply get_coach_attempt(const Call& call) {
  Coaching coaching(call.database);
  const std::optional<storage::Attempt> attempt = coaching.submitted_attempt(signed_in(call).id, call.id);
  if (!attempt) return not_found("submitted attempt with the id " + std::to_string(call.id) + " from your candidates");
  Accounts(call.database).audit(signed_in(call).id, "read an attempt", "attempt " + std::to_string(attempt->id) + " of user " +
                                std::to_string(attempt->owner), call.caller.address);
  json written = reviewed_attempt_json(*attempt, coaching);
  written["candidate"] = user_json(*Accounts(call.database).user(attempt->owner));
  return {200, written, {}};
}

Reply post_comment(const Call& call) {
  return answered("submitted attempt with that id from your candidates", [&]() -> Reply {
    const json request = parse_object(call.body);
    Coaching coaching(call.database);
    const std::optional<storage::Attempt> attempt = coaching.submitted_attempt(signed_in(call).id, id_field(request, "attempt_id", true));
    if (!attempt) throw BadRequest{"not_found", ""};
    storage::Comment comment;
    comment.attempt_id = attempt->id;
    comment.author_id = signed_in(call).id;
    const long long start = request.value("start", json(-1)).is_number_integer() ? request["start"].get<long long>() : -1;
    const long long end = request.value("end", json(-1)).is_number_integer() ? request["end"].get<long long>() : -1;
    if (start < 0 || end <= start || static_cast<std::size_t>(end) > attempt->answer.size())
      throw BadRequest{"wrong_value", "\"start\" and \"end\" must mark a span of the answer (byte offsets, start < end <= its length)"};
    comment.start = static_cast<std::size_t>(start);
    comment.end = static_cast<std::size_t>(end);
    comment.text = short_text(request, "text", true, 4000);
    const long long id = coaching.add_comment(comment);
    for (const storage::Comment& made : coaching.comments_on(attempt->id))
      if (made.id == id) return {201, comment_json(made), {}};
    return not_found("comment");
  });
}

Reply post_review(const Call& call) {
  return answered("submitted attempt with that id from your candidates", [&]() -> Reply {
    const json request = parse_object(call.body);
    Coaching coaching(call.database);
    const std::optional<storage::Attempt> attempt = coaching.submitted_attempt(signed_in(call).id, id_field(request, "attempt_id", true));
    if (!attempt) throw BadRequest{"not_found", ""};
    storage::FindingReview review;
    review.attempt_id = attempt->id;
    review.author_id = signed_in(call).id;
    review.kind = string_field(request, "kind", true);
    review.text = short_text(request, "text", true, 4000);
    if (review.kind == "dismissed") {
      review.rule = string_field(request, "rule", true);
      if (std::find(attempt->findings.begin(), attempt->findings.end(), review.rule) == attempt->findings.end())
        throw BadRequest{"wrong_value", "\"rule\" must be one of the attempt's findings"};
    } else if (review.kind == "added") {
      review.rule = "coach";
    } else {
      throw BadRequest{"wrong_value", "\"kind\" must be dismissed (one of the findings, with your reason) or added (your own finding)"};
    }
    const long long id = coaching.add_review(review);
    for (const storage::FindingReview& made : coaching.reviews_of(attempt->id))
      if (made.id == id) return {201, review_json(made), {}};
    return not_found("review");
  });
}

Reply get_candidate_report(const Call& call) {
  return answered("candidate of yours with that id", [&]() -> Reply {
    const User candidate = candidate_of(call, call.id);
    const std::string format = call.query.count("format") ? call.query.at("format") : "json";
    Accounts(call.database).audit(signed_in(call).id, "read a report", "user " + std::to_string(candidate.id), call.caller.address);
    return report_reply(candidate_report(call.database, signed_in(call).id, candidate), format);
  });
}

Reply get_cohort_report(const Call& call) {
  return answered("cohort of yours with that id", [&]() -> Reply {
    const std::optional<storage::Cohort> cohort = Coaching(call.database).cohort(signed_in(call).id, call.id);
    if (!cohort) throw BadRequest{"not_found", ""};
    const std::string format = call.query.count("format") ? call.query.at("format") : "json";
    Accounts(call.database).audit(signed_in(call).id, "read a report", "cohort " + std::to_string(cohort->id), call.caller.address);
    return report_reply(cohort_report(call.database, signed_in(call).id, *cohort), format);
  });
}

// --- The admin ---------------------------------------------------------------------------

Reply get_users(const Call& call) {
  json list = json::array();
  for (const User& user : Accounts(call.database).users()) {
    json entry = user_json(user);
    entry["created_at"] = user.created_at;
    entry["has_password"] = user.has_password;
    list.push_back(entry);
  }
  return {200, list, {}};
}

std::string add_user_with_link(storage::Database& database, const std::string& email, UserRole role, const std::string& name) {
  const std::optional<long long> id = Accounts(database).add_user(email, role, name);
  if (!id) throw InputError("there is an account with the email " + email + " already");
  return password_link_for(database, *id);
}

std::string password_link_for(storage::Database& database, long long user) {
  const std::string token = auth::new_token();
  Accounts(database).add_link(auth::token_hash(token), {"password", user, 0, "", 0}, password_link_days);
  return token;
}

Reply post_user(const Call& call) {
  return guarded([&]() -> Reply {
    const json request = parse_object(call.body);
    const std::string email = email_field(request);
    const std::optional<UserRole> role = storage::role_from_text(string_field(request, "role", true));
    if (!role) throw BadRequest{"wrong_value", "\"role\" must be admin, coach or candidate"};
    const std::string name = short_text(request, "name", false, 200);
    Accounts accounts(call.database);
    if (accounts.user_by_email(email)) return error_reply(409, "email_taken", "There is an account with this email already.");
    const std::string token = add_user_with_link(call.database, email, *role, name);
    accounts.audit(signed_in(call).id, "added a user", email + " as " + storage::role_name(*role), call.caller.address);
    json reply = link_json("password", token);
    reply["user"] = user_json(*accounts.user_by_email(email));
    return {201, reply, {}};
  });
}

Reply delete_user(const Call& call) {
  Accounts accounts(call.database);
  if (!accounts.user(call.id)) return not_found("user with the id " + std::to_string(call.id));
  if (call.id == signed_in(call).id) return error_reply(409, "own_account", "Delete your own account from its own page, not as an admin.");
  accounts.delete_user(call.id);
  accounts.audit(signed_in(call).id, "deleted a user", "user " + std::to_string(call.id), call.caller.address);
  return {200, {{"deleted", call.id}}, {}};
}

Reply post_password_link(const Call& call) {
  return answered("user with that id", [&]() -> Reply {
    const json request = parse_object(call.body);
    const long long user = id_field(request, "user_id", true);
    Accounts accounts(call.database);
    if (!accounts.user(user)) throw BadRequest{"not_found", ""};
    const std::string token = password_link_for(call.database, user);
    accounts.audit(signed_in(call).id, "made a password link", "user " + std::to_string(user), call.caller.address);
    return {201, link_json("password", token), {}};
  });
}

Reply post_invitation(const Call& call) {
  return guarded([&]() -> Reply {
    const json request = parse_object(call.body);
    const std::optional<UserRole> role = storage::role_from_text(string_field(request, "role", true));
    if (!role) throw BadRequest{"wrong_value", "\"role\" must be admin, coach or candidate"};
    const std::string token = auth::new_token();
    Accounts accounts(call.database);
    accounts.add_link(auth::token_hash(token), {"invitation", 0, signed_in(call).id, storage::role_name(*role), 0}, invitation_days);
    accounts.audit(signed_in(call).id, "invited a user", "as " + storage::role_name(*role), call.caller.address);
    return {201, link_json("invitation", token), {}};
  });
}

Reply get_audit(const Call& call) {
  return guarded([&]() -> Reply {
    json list = json::array();
    for (const storage::AuditEntry& entry : Accounts(call.database).audit_log(number_parameter(call.query, "last", 200, 1, 10000)))
      list.push_back({{"id", entry.id}, {"at", entry.at}, {"user_id", entry.user_id == 0 ? json(nullptr) : json(entry.user_id)},
                      {"email", entry.email}, {"action", entry.action}, {"subject", entry.subject}, {"address", entry.address}});
    return {200, list, {}};
  });
}

}  // namespace starcoach::server
