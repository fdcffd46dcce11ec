// libFuzzer target: arbitrary bytes as the JSON body of each route of the web API, through
// the same parsing and checks the server uses (src/server/api.cpp, coaching_api.cpp), on a
// database in memory with a coach, a candidate and a submitted answer. The first byte
// picks the route; for the routes that take a query string, the bytes are the query
// string, read by the server's own decoder. Every reply must be a 2xx or a 4xx with a JSON
// error, never a crash or a 5xx, and must be writable as JSON. (Signing in is left out:
// each call would hash a password for a tenth of a second.)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "accounts.hpp"
#include "api.hpp"
#include "coaching.hpp"
#include "coaching_api.hpp"
#include "database.hpp"
#include "http_parts.hpp"
#include "starcoach/json.hpp"

using namespace starcoach;

namespace {

// The people of a small practice, made once: a coach, their candidate with a cohort and a
// submitted answer, and an admin.
struct Practice {
  storage::Database database{":memory:"};
  server::Caller coach, candidate, admin;
  long long attempt = 0;

  Practice() {
    storage::Accounts accounts(database);
    coach = caller(accounts, *accounts.add_user("coach@example.org", storage::UserRole::coach));
    candidate = caller(accounts, *accounts.add_user("ana@example.org", storage::UserRole::candidate));
    admin = caller(accounts, *accounts.add_user("admin@example.org", storage::UserRole::admin));
    storage::Coaching coaching(database);
    coaching.add_candidate(coach.owner, candidate.owner);
    coaching.add_member(coach.owner, coaching.add_cohort(coach.owner, "Spring"), candidate.owner);
    database.set_owner(candidate.owner);
    storage::Attempt answer;
    answer.question = "Why?";
    answer.answer = "Last March I rewrote the loading checklist myself.";
    answer.findings = {"result.no-learning"};
    attempt = database.save_attempt(answer);
    database.submit_attempt(attempt, 0);
  }
  static server::Caller caller(storage::Accounts& accounts, long long id) {
    server::Caller made;
    made.owner = id;
    made.user = accounts.user(id);
    made.address = "127.0.0.1";
    return made;
  }
  server::Reply as(const server::Caller& who, server::Reply (*handler)(const server::Call&), const std::string& body,
                   long long id = 1, const std::map<std::string, std::string>& query = {}) {
    database.set_owner(who.owner);
    return handler(server::Call{body, id, query, who, database});
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static storage::Database database(":memory:");
  static Practice practice;
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  server::Reply reply;
  switch (data[0] % 26) {
    case 0: reply = server::post_check(body); break;
    case 1: reply = server::post_classify(body); break;
    case 2: reply = server::post_attempt(body, database); break;
    case 3: reply = server::post_story(body, database); break;
    case 4: reply = server::put_story(1, body, database); break;
    case 5: reply = server::post_story_match(body, database); break;
    case 6: reply = server::post_mock_plan(body); break;
    case 7: reply = server::post_mock_follow_ups(body); break;
    case 8: reply = server::post_mock(body, database); break;
    case 9: reply = server::get_questions(server::query_of(body)); break;
    case 10: reply = server::get_history(server::query_of(body), database); break;
    case 11: reply = server::get_mock_interview(1, server::query_of(body), database); break;
    case 12: reply = practice.as(practice.candidate, server::post_submission, body); break;
    case 13: reply = practice.as(practice.candidate, server::put_recording, body, practice.attempt); break;
    case 14: reply = practice.as(practice.coach, server::post_cohort, body); break;
    case 15: reply = practice.as(practice.coach, server::put_cohort, body); break;
    case 16: reply = practice.as(practice.coach, server::post_member, body); break;
    case 17: reply = practice.as(practice.coach, server::post_assignment, body); break;
    case 18: reply = practice.as(practice.coach, server::post_comment, body); break;
    case 19: reply = practice.as(practice.coach, server::post_review, body); break;
    case 20: reply = practice.as(practice.coach, server::post_candidate_invitation, body); break;
    case 21: reply = practice.as(practice.coach, server::get_candidate_report, "", practice.candidate.owner, server::query_of(body)); break;
    case 22: reply = practice.as(practice.admin, server::post_user, body); break;
    case 23: reply = practice.as(practice.admin, server::post_password_link, body); break;
    case 24: reply = practice.as(practice.admin, server::post_invitation, body); break;
    default: reply = practice.as(practice.admin, server::get_audit, "", 1, server::query_of(body)); break;
  }
  if (reply.status >= 500 || reply.status < 200) std::abort();
  if (reply.status >= 400 && !reply.body.contains("error")) std::abort();
  (void)dump_json(reply.body, -1);
  return 0;
}
