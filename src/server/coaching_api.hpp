// Coaching mode's API: signing in, the candidate's assignments and submissions, the
// coach's candidates, cohorts, review and reports, and the admin's users and audit log.
// Who may call each route is declared once, in the routes table (server.cpp), as an
// Access; the handlers here then read and write only the caller's own data, or what
// the caller's candidates submitted or shared.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "accounts.hpp"
#include "api.hpp"
#include "database.hpp"

namespace starcoach::server {

// Who may call a route.
enum class Access {
  open,   // anyone: the page, the method's knowledge, signing in
  own,    // the caller's own practice: in the private app its one user; with accounts, anyone signed in
  coach,  // a signed-in coach, on what their own candidates submitted or shared
  admin,  // a signed-in admin: users, links and the audit log, never anyone's practice
};
const char* access_name(Access access);

// Who is calling: in the private app, owner 0 and no user; with accounts, the signed-in
// user (or nobody).
struct Caller {
  long long owner = 0;
  std::optional<storage::User> user;
  std::string session_hash;  // of the session's token
  std::string address;       // the client's IP address
  std::shared_ptr<const Criteria> criteria;  // of the candidate's cohort, if any
};

// What a coaching handler gets of the request.
struct Call {
  const std::string& body;
  long long id;  // from the path, where it has one
  const std::map<std::string, std::string>& query;
  const Caller& caller;
  storage::Database& database;
};

inline constexpr const char* session_cookie = "starcoach_session";
inline constexpr int session_days = 14;

// The Set-Cookie value of a new session, and of ending one.
std::string session_cookie_value(const std::string& token, bool secure);
std::string ended_session_cookie(bool secure);

// Sign-in and accounts. `secure`: cookies only over HTTPS.
Reply get_me(const Call& call, bool accounts);
Reply post_session(const Call& call, bool secure);
Reply delete_session(const Call& call, bool secure);
Reply delete_sessions(const Call& call, bool secure);
Reply post_password(const Call& call, bool secure);
Reply post_join(const Call& call, bool secure);
Reply delete_account(const Call& call, bool secure);

// The candidate.
Reply get_assignments(const Call& call);
Reply get_attempt(const Call& call);
Reply post_submission(const Call& call);
Reply get_export(const Call& call);
// The body is the recording (a 16 kHz mono WAV file) of the caller's attempt `call.id`.
Reply put_recording(const Call& call);

// The coach.
Reply get_candidates(const Call& call);
Reply post_candidate_invitation(const Call& call);
Reply get_cohorts(const Call& call);
Reply post_cohort(const Call& call);
Reply put_cohort(const Call& call);
Reply post_member(const Call& call);
Reply get_coach_assignments(const Call& call);
Reply post_assignment(const Call& call);
Reply get_queue(const Call& call);
Reply get_coach_attempt(const Call& call);
Reply post_comment(const Call& call);
Reply post_review(const Call& call);
Reply get_candidate_report(const Call& call);
Reply get_cohort_report(const Call& call);

// The admin.
Reply get_users(const Call& call);
Reply post_user(const Call& call);
Reply delete_user(const Call& call);
Reply post_password_link(const Call& call);
Reply post_invitation(const Call& call);
Reply get_audit(const Call& call);

// For `starcoach admin add-user`: creates the user and a link to set the password;
// returns the link's token. Throws InputError when the email is taken or invalid.
std::string add_user_with_link(storage::Database& database, const std::string& email, storage::UserRole role,
                               const std::string& name);
std::string password_link_for(storage::Database& database, long long user);

}  // namespace starcoach::server
