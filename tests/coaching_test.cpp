// Coaching mode (starcoach serve --accounts), against the real server binary: who may call
// every route on whose data (the matrix below is the specification, and a route the
// server has without a row fails), what stays private, sessions, sign-in limits,
// deleting an account, the export, a coach's criteria, and the assignment loop.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "backup.hpp"
#include "database.hpp"
#include "support/postgres.hpp"
#include "support/process.hpp"
#include "support/server.hpp"

namespace starcoach {
namespace {

using nlohmann::json;

const std::string password = "a long test password";
const std::string answer =
    "Last March I was a shift lead at a parcel depot in Leeds. Our biggest client complained that a third of their "
    "parcels arrived late. My task was to fix it within two weeks. I pulled the scan data and found the wrong van. "
    "I rewrote the loading checklist and trained the loaders myself. Late parcels fell from 31% to 4% in a month.";

// Half a second of silence as a 16 kHz mono 16-bit WAV file.
std::string silent_wav() {
  const std::uint32_t samples = 8000, data = samples * 2;
  std::string wav = "RIFF";
  auto put = [&wav](std::uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) wav += static_cast<char>((value >> (8 * i)) & 0xff);
  };
  put(36 + data, 4);
  wav += "WAVEfmt ";
  put(16, 4), put(1, 2), put(1, 2), put(16000, 4), put(32000, 4), put(2, 2), put(16, 2);
  wav += "data";
  put(data, 4);
  wav.append(data, '\0');
  return wav;
}

struct Response {
  int status = 0;
  json body;
  std::string set_cookie;
};

// The people of the matrix, in its columns' order.
enum Who { anonymous, candidate_a, candidate_b, coach_of_a, other_coach, admin, people };
const char* const who_names[people] = {"anonymous", "candidate A", "candidate B", "A's coach", "another coach", "an admin"};

class Coaching : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      server_ = new test_support::ServerProcess(test_support::fresh_database(), {"--accounts"});
      build_the_practice();
    } catch (const std::exception& error) {
      start_error_ = error.what();
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (!start_error_.empty()) FAIL() << start_error_;
  }

  static Response call(const std::string& method, const std::string& path, const std::string& cookie = "",
                       const json& body = nullptr, httplib::Headers headers = {}) {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(20, 0);
    if (!cookie.empty()) headers.emplace("Cookie", "starcoach_session=" + cookie);
    const std::string text = body.is_null() ? "" : body.dump();
    httplib::Result result = method == "GET"    ? client.Get(path, headers)
                             : method == "POST" ? client.Post(path, headers, text, "application/json")
                             : method == "PUT"  ? client.Put(path, headers, text, "application/json")
                                                : client.Delete(path, headers, text, "application/json");
    if (!result) throw std::runtime_error(method + " " + path + ": no answer");
    Response response{result->status, json::parse(result->body, nullptr, false), result->get_header_value("Set-Cookie")};
    return response;
  }
  static std::string cookie_of(const Response& response) {
    const std::string& header = response.set_cookie;
    const std::size_t start = header.find('=') + 1;
    return header.substr(start, header.find(';') - start);
  }
  static Response expect(int status, const Response& response, const std::string& what) {
    if (response.status != status)
      throw std::runtime_error(what + ": expected " + std::to_string(status) + ", got " + std::to_string(response.status) + " " +
                               response.body.dump());
    return response;
  }

  // A user made by `starcoach admin add-user`, who sets a password with the printed link.
  static std::string add_user(const std::string& email, const std::string& role) {
    const auto made = test_support::run(STARCOACH_BINARY, {"admin", "add-user", email, "--role", role, "--db", server_->database_path()});
    const std::size_t at = made.out.find("#set-password=");
    if (made.exit_code != 0 || at == std::string::npos) throw std::runtime_error("admin add-user failed: " + made.err);
    const std::string token = made.out.substr(at + 14, made.out.find('\n', at) - at - 14);
    return cookie_of(expect(200, call("POST", "/api/password", "", {{"token", token}, {"password", password}}), "set a password"));
  }
  // A candidate who joins with a coach's invitation.
  static std::string join(const std::string& coach_cookie, const std::string& email, long long cohort = 0) {
    json invitation = json::object();
    if (cohort) invitation["cohort_id"] = cohort;
    const Response link = expect(201, call("POST", "/api/coach/invitations", coach_cookie, invitation), "invite");
    const std::string path = link.body["path"];
    const std::string token = path.substr(path.find('=') + 1);
    return cookie_of(expect(201, call("POST", "/api/join", "", {{"token", token}, {"email", email}, {"name", email.substr(0, email.find('@'))}, {"password", password}}), "join"));
  }
  static long long id_of(const std::string& cookie) { return call("GET", "/api/me", cookie).body["user"]["id"]; }
  static long long new_attempt(const std::string& cookie) {
    return expect(201, call("POST", "/api/attempts", cookie, {{"text", answer}, {"question", "Tell me about a time you fixed a customer's problem."}}),
                  "save an attempt").body["id"];
  }
  static long long new_story(const std::string& cookie) {
    return expect(201, call("POST", "/api/stories", cookie, {{"text", answer}, {"title", "Late parcels"}}), "add a story").body["id"];
  }
  static int send_wav(const std::string& method, const std::string& path, const std::string& cookie) {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(20, 0);
    httplib::Headers headers;
    if (!cookie.empty()) headers.emplace("Cookie", "starcoach_session=" + cookie);
    auto result = method == "PUT" ? client.Put(path, headers, silent_wav(), "audio/wav") : client.Post(path, headers, silent_wav(), "audio/wav");
    return result ? result->status : -1;
  }
  static void keep_recording(const std::string& cookie, long long attempt) {
    if (send_wav("PUT", "/api/recordings/" + std::to_string(attempt), cookie) != 200) throw std::runtime_error("keep a recording");
  }
  static json mock_body() {
    return {{"answers", json::array({{{"question", "Tell me about a customer problem."}, {"text", answer}, {"seconds_spent", 50}, {"seconds_allowed", 120}}})}};
  }

  static void build_the_practice() {
    cookies_[admin] = add_user("admin@example.org", "admin");
    cookies_[coach_of_a] = add_user("coach.a@example.org", "coach");
    cookies_[other_coach] = add_user("coach.b@example.org", "coach");
    cohort_ = expect(201, call("POST", "/api/coach/cohorts", cookies_[coach_of_a], {{"name", "Spring"}}), "cohort").body["id"];
    cookies_[candidate_a] = join(cookies_[coach_of_a], "ana@example.org", cohort_);
    cookies_[candidate_b] = join(cookies_[other_coach], "ben@example.org");
    const std::string& a = cookies_[candidate_a];
    values_["{a}"] = id_of(a);
    values_["{b}"] = id_of(cookies_[candidate_b]);
    values_["{cohort}"] = cohort_;
    values_["{a_submitted}"] = new_attempt(a);
    expect(200, call("POST", "/api/submissions", a, {{"attempt_id", values_["{a_submitted}"]}}), "submit");
    values_["{a_private}"] = new_attempt(a);
    values_["{a_to_submit}"] = new_attempt(a);
    values_["{a_shared_story}"] = new_story(a);
    expect(200, call("PUT", "/api/stories/" + std::to_string(values_["{a_shared_story}"]), a, {{"shared", true}}), "share");
    values_["{a_private_story}"] = new_story(a);
    values_["{a_doomed_story}"] = new_story(a);
    values_["{a_mock}"] = expect(201, call("POST", "/api/mock", a, mock_body()), "mock").body["id"];
    values_["{a_recorded_private}"] = new_attempt(a);
    keep_recording(a, values_["{a_recorded_private}"]);
    values_["{a_recorded_submitted}"] = new_attempt(a);
    keep_recording(a, values_["{a_recorded_submitted}"]);
    expect(200, call("POST", "/api/submissions", a, {{"attempt_id", values_["{a_recorded_submitted}"]}}), "submit");
    const auto doomed = test_support::run(STARCOACH_BINARY, {"admin", "add-user", "doomed@example.org", "--db", server_->database_path()});
    values_["{doomed_user}"] = call("GET", "/api/admin/users", cookies_[admin]).body.back()["id"];
  }

  static std::string filled(std::string text) {
    for (const auto& [name, value] : values_)
      for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name))
        text.replace(at, name.size(), std::to_string(value));
    return text;
  }

  static test_support::ServerProcess* server_;
  static std::string start_error_;
  static std::array<std::string, people> cookies_;
  static std::map<std::string, long long> values_;
  static long long cohort_;
};
test_support::ServerProcess* Coaching::server_ = nullptr;
std::string Coaching::start_error_;
std::array<std::string, people> Coaching::cookies_;
std::map<std::string, long long> Coaching::values_;
long long Coaching::cohort_ = 0;

// Every route, as each person, on A's resources. Columns: anonymous, candidate A,
// candidate B (another coach's), A's coach, another coach, an admin. A's cell runs last,
// so that a route that deletes A's resource finds it for everyone before A.
struct Row {
  std::string method, pattern, path, body;
  std::array<int, people> expected;
};
const int ok = 200, made = 201, bad = 400, who = 401, forbidden = 403, none = 404;
const std::vector<Row> matrix = {
    {"GET", "/api/health", "/api/health", "", {ok, ok, ok, ok, ok, ok}},
    {"GET", "/api/settings", "/api/settings", "", {ok, ok, ok, ok, ok, ok}},
    {"GET", "/api/principles", "/api/principles", "", {ok, ok, ok, ok, ok, ok}},
    {"GET", "/api/principles/{name}", "/api/principles/ownership", "", {ok, ok, ok, ok, ok, ok}},
    {"GET", "/api/questions", "/api/questions", "", {ok, ok, ok, ok, ok, ok}},
    {"GET", "/api/me", "/api/me", "", {ok, ok, ok, ok, ok, ok}},
    {"POST", "/api/session", "/api/session", R"({"email": "nobody{person}@example.org", "password": "not the password"})", {who, who, who, who, who, who}},
    {"POST", "/api/password", "/api/password", R"({"token": "made-up", "password": "long enough, surely"})", {bad, bad, bad, bad, bad, bad}},
    {"POST", "/api/join", "/api/join", R"({"token": "made-up", "email": "new@example.org", "password": "long enough, surely"})", {bad, bad, bad, bad, bad, bad}},
    {"DELETE", "/api/account", "/api/account", R"({"password": "not the password"})", {who, forbidden, forbidden, forbidden, forbidden, forbidden}},
    {"POST", "/api/check", "/api/check", R"({"text": "Last year I fixed the late parcels myself."})", {who, ok, ok, ok, ok, ok}},
    {"POST", "/api/classify", "/api/classify", R"({"question": "Tell me about a time you disagreed."})", {who, ok, ok, ok, ok, ok}},
    {"POST", "/api/attempts", "/api/attempts", R"({"text": "Last year I fixed the late parcels myself."})", {who, made, made, made, made, made}},
    {"GET", "/api/attempts/{id}", "/api/attempts/{a_private}", "", {who, ok, none, none, none, none}},
    {"GET", "/api/attempts/{id}", "/api/attempts/{a_submitted}", "", {who, ok, none, none, none, none}},
    {"GET", "/api/history", "/api/history", "", {who, ok, ok, ok, ok, ok}},
    {"GET", "/api/coverage", "/api/coverage", "", {who, ok, ok, ok, ok, ok}},
    {"GET", "/api/stories", "/api/stories", "", {who, ok, ok, ok, ok, ok}},
    {"POST", "/api/stories", "/api/stories", R"({"text": "Last year I fixed the late parcels myself."})", {who, made, made, made, made, made}},
    {"POST", "/api/stories/match", "/api/stories/match", R"({"question": "Tell me about a customer."})", {who, ok, ok, ok, ok, ok}},
    {"GET", "/api/stories/{id}", "/api/stories/{a_private_story}", "", {who, ok, none, none, none, none}},
    {"GET", "/api/stories/{id}", "/api/stories/{a_shared_story}", "", {who, ok, none, none, none, none}},
    {"PUT", "/api/stories/{id}", "/api/stories/{a_private_story}", R"({"title": "Renamed"})", {who, ok, none, none, none, none}},
    {"DELETE", "/api/stories/{id}", "/api/stories/{a_doomed_story}", "", {who, ok, none, none, none, none}},
    {"POST", "/api/mock/plan", "/api/mock/plan", "{}", {who, ok, ok, ok, ok, ok}},
    {"POST", "/api/mock/follow-ups", "/api/mock/follow-ups", R"({"text": "Last year I fixed the late parcels myself."})", {who, ok, ok, ok, ok, ok}},
    {"POST", "/api/mock", "/api/mock", "MOCK", {who, made, made, made, made, made}},
    {"GET", "/api/mock", "/api/mock", "", {who, ok, ok, ok, ok, ok}},
    {"GET", "/api/mock/{id}", "/api/mock/{a_mock}", "", {who, ok, none, none, none, none}},
    {"GET", "/api/assignments", "/api/assignments", "", {who, ok, ok, ok, ok, ok}},
    {"POST", "/api/submissions", "/api/submissions", R"({"attempt_id": {a_to_submit}})", {who, ok, none, none, none, none}},
    {"GET", "/api/export", "/api/export", "", {who, ok, ok, ok, ok, ok}},
    {"POST", "/api/transcribe", "/api/transcribe", "WAV", {who, bad, bad, bad, bad, bad}},  // silence: no words
    {"PUT", "/api/recordings/{id}", "/api/recordings/{a_private}", "WAV", {who, ok, none, none, none, none}},
    {"GET", "/api/recordings/{id}", "/api/recordings/{a_recorded_private}", "", {who, ok, none, none, none, none}},
    {"GET", "/api/coach/recordings/{id}", "/api/coach/recordings/{a_recorded_submitted}", "", {who, forbidden, forbidden, ok, none, forbidden}},
    {"GET", "/api/coach/recordings/{id}", "/api/coach/recordings/{a_recorded_private}", "", {who, forbidden, forbidden, none, none, forbidden}},
    {"GET", "/api/coach/candidates", "/api/coach/candidates", "", {who, forbidden, forbidden, ok, ok, forbidden}},
    {"POST", "/api/coach/invitations", "/api/coach/invitations", "{}", {who, forbidden, forbidden, made, made, forbidden}},
    {"POST", "/api/coach/invitations", "/api/coach/invitations", R"({"cohort_id": {cohort}})", {who, forbidden, forbidden, made, none, forbidden}},
    {"GET", "/api/coach/cohorts", "/api/coach/cohorts", "", {who, forbidden, forbidden, ok, ok, forbidden}},
    {"POST", "/api/coach/cohorts", "/api/coach/cohorts", R"({"name": "Autumn"})", {who, forbidden, forbidden, made, made, forbidden}},
    {"PUT", "/api/coach/cohorts/{id}", "/api/coach/cohorts/{cohort}", R"({"criteria": {}})", {who, forbidden, forbidden, ok, none, forbidden}},
    {"POST", "/api/coach/members", "/api/coach/members", R"({"cohort_id": {cohort}, "candidate_id": {a}})", {who, forbidden, forbidden, ok, none, forbidden}},
    {"POST", "/api/coach/members", "/api/coach/members", R"({"cohort_id": {cohort}, "candidate_id": {b}})", {who, forbidden, forbidden, none, none, forbidden}},
    {"GET", "/api/coach/assignments", "/api/coach/assignments", "", {who, forbidden, forbidden, ok, ok, forbidden}},
    {"POST", "/api/coach/assignments", "/api/coach/assignments",
     R"({"candidate_id": {a}, "question": "Tell me about a hard deadline.", "principle": "deliver-results", "due": "2030-01-31"})",
     {who, forbidden, forbidden, made, none, forbidden}},
    {"GET", "/api/coach/queue", "/api/coach/queue", "", {who, forbidden, forbidden, ok, ok, forbidden}},
    {"GET", "/api/coach/attempts/{id}", "/api/coach/attempts/{a_submitted}", "", {who, forbidden, forbidden, ok, none, forbidden}},
    {"GET", "/api/coach/attempts/{id}", "/api/coach/attempts/{a_private}", "", {who, forbidden, forbidden, none, none, forbidden}},
    {"POST", "/api/coach/comments", "/api/coach/comments", R"({"attempt_id": {a_submitted}, "start": 0, "end": 10, "text": "Good start."})",
     {who, forbidden, forbidden, made, none, forbidden}},
    {"POST", "/api/coach/comments", "/api/coach/comments", R"({"attempt_id": {a_private}, "start": 0, "end": 10, "text": "Peeking."})",
     {who, forbidden, forbidden, none, none, forbidden}},
    {"POST", "/api/coach/reviews", "/api/coach/reviews", R"({"attempt_id": {a_submitted}, "kind": "added", "text": "Say what you learned."})",
     {who, forbidden, forbidden, made, none, forbidden}},
    {"GET", "/api/coach/reports/{id}", "/api/coach/reports/{a}", "", {who, forbidden, forbidden, ok, none, forbidden}},
    {"GET", "/api/coach/reports/{id}", "/api/coach/reports/{b}", "", {who, forbidden, forbidden, none, ok, forbidden}},
    {"GET", "/api/coach/cohort-reports/{id}", "/api/coach/cohort-reports/{cohort}", "", {who, forbidden, forbidden, ok, none, forbidden}},
    {"GET", "/api/admin/users", "/api/admin/users", "", {who, forbidden, forbidden, forbidden, forbidden, ok}},
    {"POST", "/api/admin/users", "/api/admin/users", R"({"email": "made@example.org", "role": "coach"})", {who, forbidden, forbidden, forbidden, forbidden, made}},
    {"DELETE", "/api/admin/users/{id}", "/api/admin/users/{doomed_user}", "", {who, forbidden, forbidden, forbidden, forbidden, ok}},
    {"POST", "/api/admin/password-links", "/api/admin/password-links", R"({"user_id": {a}})", {who, forbidden, forbidden, forbidden, forbidden, made}},
    {"POST", "/api/admin/invitations", "/api/admin/invitations", R"({"role": "coach"})", {who, forbidden, forbidden, forbidden, forbidden, made}},
    {"GET", "/api/admin/audit", "/api/admin/audit", "", {who, forbidden, forbidden, forbidden, forbidden, ok}},
    // Last: they end the session they are called with (each person signs in again for them).
    {"DELETE", "/api/session", "/api/session", "", {who, ok, ok, ok, ok, ok}},
    {"DELETE", "/api/sessions", "/api/sessions", "", {who, ok, ok, ok, ok, ok}},
};

TEST_F(Coaching, EveryRouteHasARowAndEveryRowARoute) {
  const auto listed = test_support::run(STARCOACH_BINARY, {"admin", "routes", "--format", "json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::set<std::pair<std::string, std::string>> routes, rows;
  for (const json& route : json::parse(listed.out)) routes.insert({route["method"].get<std::string>(), route["pattern"].get<std::string>()});
  for (const Row& row : matrix) rows.insert({row.method, row.pattern});
  for (const auto& route : routes) EXPECT_TRUE(rows.count(route)) << route.first << " " << route.second << " has no row in the matrix";
  for (const auto& row : rows) EXPECT_TRUE(routes.count(row)) << row.first << " " << row.second << " is not a route";
  EXPECT_GE(routes.size(), 50u);
  // The PostgreSQL pass really is on PostgreSQL.
  EXPECT_EQ(server_->database_path().rfind("postgresql://", 0) == 0, test_support::on_postgres()) << server_->database_path();
}

TEST_F(Coaching, EveryRouteAnswersEachPersonAsTheMatrixSays) {
  const std::array<Who, people> order = {anonymous, candidate_b, other_coach, admin, coach_of_a, candidate_a};
  const std::string emails[people] = {"", "ana@example.org", "ben@example.org", "coach.a@example.org", "coach.b@example.org", "admin@example.org"};
  for (const Row& row : matrix) {
    const bool ends_session = row.pattern == "/api/session" || row.pattern == "/api/sessions";
    for (Who person : order) {
      std::string cookie = cookies_[person];
      if (ends_session && row.method == "DELETE" && person != anonymous)
        cookie = cookie_of(call("POST", "/api/session", "", {{"email", emails[person]}, {"password", password}}));
      const std::string path = filled(row.path);
      Response response;
      if (row.body == "WAV") {
        response.status = send_wav(row.method, path, cookie);
        response.body = json::parse(R"({"error": "not read"})");
      } else if (row.method == "GET" && row.pattern.find("recordings") != std::string::npos) {
        httplib::Client client("127.0.0.1", server_->port());
        httplib::Headers headers;
        if (!cookie.empty()) headers.emplace("Cookie", "starcoach_session=" + cookie);
        auto result = client.Get(path, headers);
        ASSERT_TRUE(result);
        response.status = result->status;
        response.body = result->status == 200 ? json(nullptr) : json::parse(result->body, nullptr, false);
        if (result->status == 200) {
          EXPECT_EQ(result->body, silent_wav()) << path;
        }
      } else {
        std::string text = filled(row.body);
        if (const std::size_t at = text.find("{person}"); at != std::string::npos) text.replace(at, 8, std::to_string(person));
        const json body = row.body == "MOCK" ? mock_body() : text.empty() ? json(nullptr) : json::parse(text);
        response = call(row.method, path, cookie, body);
      }
      EXPECT_EQ(response.status, row.expected[person])
          << row.method << " " << path << " as " << who_names[person] << ": " << response.body.dump().substr(0, 300);
      if (response.status >= 400) {
        EXPECT_TRUE(response.body.contains("error")) << row.method << " " << path;
      }
    }
  }
  // Signing out everywhere ended everyone's sessions: the other tests sign in again.
  for (Who person : order)
    if (person != anonymous) cookies_[person] = cookie_of(call("POST", "/api/session", "", {{"email", emails[person]}, {"password", password}}));
}

TEST_F(Coaching, TheCoachSeesOnlyWhatWasSubmittedOrShared) {
  const json queue = call("GET", "/api/coach/queue", cookies_[coach_of_a]).body;
  std::set<long long> queued;
  for (const json& entry : queue) queued.insert(entry["id"].get<long long>());
  EXPECT_TRUE(queued.count(values_["{a_submitted}"]));
  EXPECT_FALSE(queued.count(values_["{a_private}"]));
  EXPECT_TRUE(call("GET", "/api/coach/queue", cookies_[other_coach]).body.size() <= 1);  // only B's, if any
  const json report = call("GET", "/api/coach/reports/" + std::to_string(values_["{a}"]), cookies_[coach_of_a]).body;
  ASSERT_EQ(report["candidates"].size(), 1u);
  EXPECT_EQ(report["candidates"][0]["shared_stories"], 1);  // of A's several stories, one is shared
  // Submitted answers only: A has more attempts than that.
  EXPECT_LT(report["candidates"][0]["submitted"].get<int>(), call("GET", "/api/history", cookies_[candidate_a]).body["attempts"].size());
  // The admin manages accounts and never reads anyone's practice.
  EXPECT_EQ(call("GET", "/api/coach/attempts/" + std::to_string(values_["{a_submitted}"]), cookies_[admin]).status, 403);
}

TEST_F(Coaching, TheCandidateReadsTheCoachsCommentsInPlace) {
  const std::string& coach = cookies_[coach_of_a];
  const long long attempt = new_attempt(cookies_[candidate_a]);
  expect(200, call("POST", "/api/submissions", cookies_[candidate_a], {{"attempt_id", attempt}}), "submit");
  const json full = call("GET", "/api/coach/attempts/" + std::to_string(attempt), coach).body;
  const std::string text = full["answer"];
  const std::size_t start = text.find("I rewrote"), end = text.find('.', start) + 1;
  expect(201, call("POST", "/api/coach/comments", coach, {{"attempt_id", attempt}, {"start", start}, {"end", end}, {"text", "Say how many loaders."}}), "comment");
  ASSERT_FALSE(full["findings"].empty());
  const std::string dismissed = full["findings"][0];
  expect(201, call("POST", "/api/coach/reviews", coach, {{"attempt_id", attempt}, {"kind", "dismissed"}, {"rule", dismissed}, {"text", "Fine for this role."}}), "dismiss");
  EXPECT_EQ(call("POST", "/api/coach/reviews", coach, {{"attempt_id", attempt}, {"kind", "dismissed"}, {"rule", "no.such-rule"}, {"text", "x"}}).status, 400);
  EXPECT_EQ(call("POST", "/api/coach/comments", coach, {{"attempt_id", attempt}, {"start", 5}, {"end", 100000}, {"text", "x"}}).status, 400);

  const json seen = call("GET", "/api/attempts/" + std::to_string(attempt), cookies_[candidate_a]).body;
  ASSERT_EQ(seen["comments"].size(), 1u);
  EXPECT_EQ(seen["comments"][0]["start"], start);
  EXPECT_EQ(seen["comments"][0]["end"], end);
  EXPECT_EQ(text.substr(start, end - start), "I rewrote the loading checklist and trained the loaders myself.");
  EXPECT_EQ(seen["comments"][0]["author"], "coach.a@example.org");
  ASSERT_EQ(seen["reviews"].size(), 1u);
  EXPECT_EQ(seen["reviews"][0]["rule"], dismissed);
  EXPECT_EQ(seen["reviews"][0]["kind"], "dismissed");
  EXPECT_EQ(seen["reviews"][0]["text"], "Fine for this role.");
}

TEST_F(Coaching, AnAssignmentGoesFromTheCoachToTheCandidateAndIntoTheReport) {
  const std::string& coach = cookies_[coach_of_a];
  const json assignment = expect(201, call("POST", "/api/coach/assignments", coach,
                                           {{"cohort_id", cohort_}, {"question_id", "own-02"}, {"due", "2020-01-31"}}), "assign").body;
  EXPECT_FALSE(assignment["question"].get<std::string>().empty());  // the bank's question, with its principle
  EXPECT_EQ(assignment["principle"], "ownership");
  bool listed = false;
  for (const json& mine : call("GET", "/api/assignments", cookies_[candidate_a]).body) listed |= mine["id"] == assignment["id"];
  EXPECT_TRUE(listed);
  for (const json& theirs : call("GET", "/api/assignments", cookies_[candidate_b]).body) EXPECT_NE(theirs["id"], assignment["id"]);
  // B cannot answer A's cohort's assignment.
  const long long b_attempt = new_attempt(cookies_[candidate_b]);
  EXPECT_EQ(call("POST", "/api/submissions", cookies_[candidate_b], {{"attempt_id", b_attempt}, {"assignment_id", assignment["id"]}}).status, 404);
  const json report_before = call("GET", "/api/coach/cohort-reports/" + std::to_string(cohort_), coach).body;
  auto status_in = [&](const json& report) {
    for (const json& entry : report["candidates"][0]["assignments"])
      if (entry["id"] == assignment["id"]) return entry["status"].get<std::string>();
    return std::string("missing");
  };
  EXPECT_EQ(status_in(report_before), "overdue");  // due in 2020
  const long long attempt = new_attempt(cookies_[candidate_a]);
  expect(200, call("POST", "/api/submissions", cookies_[candidate_a], {{"attempt_id", attempt}, {"assignment_id", assignment["id"]}}), "answer");
  EXPECT_EQ(status_in(call("GET", "/api/coach/cohort-reports/" + std::to_string(cohort_), coach).body), "late");
  const json markdown = call("GET", "/api/coach/reports/" + std::to_string(values_["{a}"]) + "?format=markdown", coach).body;
  EXPECT_NE(markdown["markdown"].get<std::string>().find("| late |"), std::string::npos);
  const json html = call("GET", "/api/coach/reports/" + std::to_string(values_["{a}"]) + "?format=html", coach).body;
  EXPECT_NE(html["html"].get<std::string>().find("<td>late</td>"), std::string::npos);
  EXPECT_EQ(call("GET", "/api/coach/reports/" + std::to_string(values_["{a}"]) + "?format=pdf", coach).status, 400);
}

TEST_F(Coaching, TheCohortsCriteriaChangeWhatTheAnalyserSays) {
  const json body = {{"text", answer}, {"wpm", 80}};  // about 44 seconds to say
  auto rules_for = [&](const std::string& cookie) {
    std::set<std::string> rules;
    const json checked = expect(200, call("POST", "/api/check", cookie, body), "check").body;
    for (const json& finding : checked["findings"]) rules.insert(finding["rule"].get<std::string>());
    return rules;
  };
  const std::set<std::string> before = rules_for(cookies_[candidate_a]);
  ASSERT_TRUE(before.count("result.no-learning")) << json(before).dump();
  ASSERT_FALSE(before.count("length.over-minute"));
  EXPECT_EQ(call("PUT", "/api/coach/cohorts/" + std::to_string(cohort_), cookies_[coach_of_a], {{"criteria", {{"rules_off", {"no.such-rule"}}}}}).status, 400);
  EXPECT_EQ(call("PUT", "/api/coach/cohorts/" + std::to_string(cohort_), cookies_[coach_of_a], {{"criteria", {{"target_seconds", 5}}}}).status, 400);
  expect(200, call("PUT", "/api/coach/cohorts/" + std::to_string(cohort_), cookies_[coach_of_a],
                   {{"criteria", {{"rules_off", {"result.no-learning"}}, {"target_seconds", 30}}}}), "criteria");
  const std::set<std::string> after = rules_for(cookies_[candidate_a]);
  EXPECT_FALSE(after.count("result.no-learning"));
  EXPECT_TRUE(after.count("length.over-minute"));
  EXPECT_EQ(rules_for(cookies_[candidate_b]), before);  // another coach's candidate: unchanged
  expect(200, call("PUT", "/api/coach/cohorts/" + std::to_string(cohort_), cookies_[coach_of_a], {{"criteria", json::object()}}), "reset");
}

TEST_F(Coaching, SessionsAreHttpOnlyStrictAndEndWhenAsked) {
  add_user("sam@example.org", "candidate");
  const Response first = call("POST", "/api/session", "", {{"email", "sam@example.org"}, {"password", password}});
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(first.set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(first.set_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(first.set_cookie.find("Secure"), std::string::npos);  // plain HTTP on loopback here
  const std::string one = cookie_of(first);
  const std::string two = cookie_of(call("POST", "/api/session", "", {{"email", "sam@example.org"}, {"password", password}}));
  EXPECT_EQ(call("GET", "/api/stories", one).status, 200);
  EXPECT_EQ(call("DELETE", "/api/session", one).status, 200);
  EXPECT_EQ(call("GET", "/api/stories", one).status, 401);
  EXPECT_EQ(call("GET", "/api/stories", two).status, 200);
  const std::string three = cookie_of(call("POST", "/api/session", "", {{"email", "sam@example.org"}, {"password", password}}));
  EXPECT_EQ(call("DELETE", "/api/sessions", two).status, 200);  // everywhere
  EXPECT_EQ(call("GET", "/api/stories", three).status, 401);
  EXPECT_EQ(call("GET", "/api/stories", "made-up-token").status, 401);
  // Another site cannot use the cookie for a change, even if the browser sent it.
  EXPECT_EQ(call("POST", "/api/stories", cookies_[candidate_a], {{"text", answer}}, {{"Origin", "http://attacker.example"}}).status, 403);
}

TEST_F(Coaching, PasswordsAreHashedNeverLoggedAndGuessingIsLimited) {
  EXPECT_EQ(server_->output().find(password), std::string::npos);
  {
    storage::Database database(server_->database_path());
    storage::sql::Query query(database.connection(), "SELECT password_hash FROM users WHERE email = ?");
    query->bind(1, "ana@example.org");
    ASSERT_TRUE(query->next_row());
    const std::string hash = query->text(0);
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
    EXPECT_EQ(hash.find(password), std::string::npos);
  }
  add_user("guessed@example.org", "candidate");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(call("POST", "/api/session", "", {{"email", "guessed@example.org"}, {"password", "guess number " + std::to_string(i)}}).status, 401);
  const Response limited = call("POST", "/api/session", "", {{"email", "guessed@example.org"}, {"password", password}});
  EXPECT_EQ(limited.status, 429);  // even the right password, for a quarter of an hour
  EXPECT_EQ(limited.body["error"]["code"], "too_many_attempts");
  EXPECT_EQ(call("POST", "/api/session", "", {{"email", "ana@example.org"}, {"password", password}}).status, 200);  // others still can
  // The audit log has the sign-ins and the coach's reads.
  call("GET", "/api/coach/attempts/" + std::to_string(values_["{a_submitted}"]), cookies_[coach_of_a]);
  call("GET", "/api/coach/reports/" + std::to_string(values_["{a}"]), cookies_[coach_of_a]);
  std::set<std::string> actions;
  for (const json& entry : call("GET", "/api/admin/audit?last=1000", cookies_[admin]).body) actions.insert(entry["action"]);
  for (const char* action : {"signed in", "sign-in failed", "read an attempt", "read a report", "joined", "password set"})
    EXPECT_TRUE(actions.count(action)) << action;
}

TEST_F(Coaching, DeletingAnAccountLeavesNothingOfIt) {
  const std::string cookie = join(cookies_[coach_of_a], "leaving@example.org", cohort_);
  const long long id = id_of(cookie);
  const long long attempt = new_attempt(cookie);
  expect(200, call("POST", "/api/submissions", cookie, {{"attempt_id", attempt}}), "submit");
  expect(201, call("POST", "/api/coach/comments", cookies_[coach_of_a], {{"attempt_id", attempt}, {"start", 0}, {"end", 4}, {"text", "Hm."}}), "comment");
  new_story(cookie);
  expect(201, call("POST", "/api/mock", cookie, mock_body()), "mock");
  EXPECT_EQ(call("DELETE", "/api/account", cookie, {{"password", "not it at all"}}).status, 403);
  const Response deleted = call("DELETE", "/api/account", cookie, {{"password", password}});
  ASSERT_EQ(deleted.status, 200);
  EXPECT_NE(deleted.set_cookie.find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(call("GET", "/api/stories", cookie).status, 401);
  storage::Database database(server_->database_path());
  auto count = [&](const std::string& sql) {
    storage::sql::Query query(database.connection(), sql);
    query->bind(1, id);
    return query->next_row() ? query->integer(0) : -1;
  };
  for (const char* sql : {"SELECT COUNT(*) FROM users WHERE id = ?", "SELECT COUNT(*) FROM attempts WHERE owner = ?",
                          "SELECT COUNT(*) FROM stories WHERE owner = ?", "SELECT COUNT(*) FROM mock_interviews WHERE owner = ?",
                          "SELECT COUNT(*) FROM sessions WHERE user_id = ?", "SELECT COUNT(*) FROM coaching WHERE candidate_id = ?",
                          "SELECT COUNT(*) FROM cohort_members WHERE candidate_id = ?", "SELECT COUNT(*) FROM links WHERE user_id = ?",
                          "SELECT COUNT(*) FROM audit_log WHERE user_id = ?",
                          "SELECT COUNT(*) FROM comments WHERE attempt_id NOT IN (SELECT id FROM attempts) AND ? > 0",
                          "SELECT COUNT(*) FROM sign_in_failures WHERE key = 'account:leaving@example.org' AND ? > 0"})
    EXPECT_EQ(count(sql), 0) << sql;
}

TEST_F(Coaching, TheExportHasEverythingAndReadsBackAsABackup) {
  const std::string& a = cookies_[candidate_a];
  expect(201, call("POST", "/api/coach/assignments", cookies_[coach_of_a],
                   {{"candidate_id", values_["{a}"]}, {"question_id", "own-02"}, {"due", "2031-05-01"}}), "assign");
  expect(201, call("POST", "/api/coach/comments", cookies_[coach_of_a],
                   {{"attempt_id", values_["{a_submitted}"]}, {"start", 0}, {"end", 10}, {"text", "Good start."}}), "comment");
  const json exported = expect(200, call("GET", "/api/export", a), "export").body;
  EXPECT_EQ(exported["account"]["email"], "ana@example.org");
  EXPECT_FALSE(exported["assignments"].empty());
  // Everything A has, as the database holds it.
  storage::Database database(server_->database_path());
  database.set_owner(values_["{a}"]);
  const storage::Backup held = storage::backup_of(database);
  const storage::Backup read = storage::parse_backup(exported.dump(), "export.json");
  EXPECT_TRUE(storage::backup_json(read) == storage::backup_json(held));
  ASSERT_EQ(read.recordings.size(), 2u);  // the kept recordings, whole
  for (const auto& [attempt, wav] : read.recordings) EXPECT_EQ(wav, silent_wav()) << attempt;
  EXPECT_GE(read.attempts.size(), 3u);
  EXPECT_GE(read.stories.size(), 2u);
  EXPECT_EQ(read.mock_interviews.size(), held.mock_interviews.size());
  bool commented = false;
  for (const json& attempt : exported["attempts"]) commented |= !attempt["comments"].empty();
  EXPECT_TRUE(commented);
  // And restores into a private app's file of its own.
  char path[] = "/tmp/starcoach-export-XXXXXX";
  close(mkstemp(path));
  std::remove(path);
  {
    storage::Database fresh(path);
    fresh.replace_all(read.stories, read.attempts, read.mock_interviews, read.recordings);
    EXPECT_TRUE(storage::backup_json(storage::backup_of(fresh)) == storage::backup_json(held));
  }
  std::remove(path);
}

// SQLite keeps any text; PostgreSQL's text cannot hold U+0000, and says so as a 400.
TEST_F(Coaching, TextWithANulCharacterIsKeptOrRefusedPlainly) {
  const std::string text = std::string("Last year I fixed the late parcels") + '\0' + " myself.";
  const Response saved = call("POST", "/api/stories", cookies_[candidate_a], {{"text", text}});
  if (test_support::on_postgres()) {
    EXPECT_EQ(saved.status, 400);
    EXPECT_NE(saved.body["error"]["message"].get<std::string>().find("NUL"), std::string::npos) << saved.body.dump();
  } else {
    EXPECT_EQ(saved.status, 201) << saved.body.dump();
  }
  EXPECT_EQ(call("GET", "/api/stories", cookies_[candidate_a]).status, 200);  // and the server goes on
}

TEST_F(Coaching, WithoutAccountsTheCoachingRoutesDoNotExist) {
  test_support::ServerProcess single;
  httplib::Client client("127.0.0.1", single.port());
  EXPECT_EQ(client.Get("/api/coach/queue")->status, 404);
  EXPECT_EQ(client.Post("/api/session", R"({"email": "a@b.c", "password": "x"})", "application/json")->status, 404);
  EXPECT_EQ(json::parse(client.Get("/api/me")->body), json({{"accounts", false}, {"user", nullptr}}));
  EXPECT_EQ(client.Get("/api/stories")->status, 200);
}

}  // namespace
}  // namespace starcoach
