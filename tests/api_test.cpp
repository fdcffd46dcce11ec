// The web API, tested against the real server binary on a free loopback port: every
// route, every error path, the security headers, and behaviour under slow or vanishing
// clients and on SIGTERM.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "database.hpp"
#include "starcoach/speaking.hpp"
#include "support/process.hpp"
#include "support/server.hpp"

namespace starcoach {
namespace {

using nlohmann::json;

class Api : public ::testing::Test {
 protected:
  // One server for the suite. If it cannot start, every test of the suite fails (a
  // failure in SetUpTestSuite alone would show the tests as skipped).
  static void SetUpTestSuite() {
    try {
      server_ = new test_support::ServerProcess();
    } catch (const std::exception& error) {
      start_error_ = error.what();
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (server_ == nullptr) FAIL() << start_error_;
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(10, 0);
    return c;
  }
  static json body_of(const httplib::Result& result) { return json::parse(result->body); }
  // The body of a GET that must succeed (null, with a failure recorded, when it does not).
  json get_ok(const std::string& path) const {
    auto result = client().Get(path);
    if (!result || result->status != 200) {
      ADD_FAILURE() << "GET " << path << " failed" << (result ? ": " + result->body : std::string());
      return nullptr;
    }
    return json::parse(result->body);
  }
  static void expect_error(const httplib::Result& result, int status, const std::string& code, const std::string& in_message = "") {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, status) << result->body;
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json; charset=utf-8");
    const json body = json::parse(result->body);
    EXPECT_EQ(body["error"]["code"], code) << result->body;
    EXPECT_NE(body["error"]["message"].get<std::string>().find(in_message), std::string::npos) << result->body;
  }
  static test_support::ServerProcess* server_;
  static std::string start_error_;
};
test_support::ServerProcess* Api::server_ = nullptr;
std::string Api::start_error_;

json cli_json(const std::vector<std::string>& arguments, const std::string& input = "") {
  return json::parse(test_support::run(STARCOACH_BINARY, arguments, input).out);
}

const std::string answer =
    "Last March I was a shift lead at a parcel depot in Leeds. Our biggest client complained that a third of their "
    "parcels arrived late. My task was to fix it within two weeks. I pulled the scan data and found the wrong van. "
    "I rewrote the loading checklist and trained the loaders myself. Late parcels fell from 31% to 4% in a month.";

TEST_F(Api, ServesThePageWithStrictHeaders) {
  auto page = client().Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<script type=\"module\" src=\"/main.js\""), std::string::npos);
  const std::string policy = page->get_header_value("Content-Security-Policy");
  EXPECT_NE(policy.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  // Every module the page imports is served, as JavaScript.
  for (const char* module : {"/main.js", "/shared.js", "/practice.js", "/mock.js", "/stories.js", "/history.js", "/principles.js", "/recorder.js"}) {
    auto script = client().Get(module);
    ASSERT_TRUE(script) << module;
    EXPECT_EQ(script->status, 200) << module;
    EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8") << module;
  }
  EXPECT_EQ(client().Get("/app.css")->status, 200);
}

TEST_F(Api, HealthSaysOk) {
  EXPECT_EQ(get_ok("/api/health"), json({{"status", "ok"}}));
}

TEST_F(Api, PrinciplesMatchTheCli) {
  EXPECT_EQ(get_ok("/api/principles"), cli_json({"principles", "--format", "json"}));
  EXPECT_EQ(get_ok("/api/principles/earn-trust"), cli_json({"principle", "earn-trust", "--format", "json"}));
  expect_error(client().Get("/api/principles/frugal"), 404, "not_found", "frugal");
}

// The page takes its constants from here; they must be the ones the analyser uses.
TEST_F(Api, SettingsAreTheOnesTheAnalyserUses) {
  const json settings = get_ok("/api/settings");
  EXPECT_EQ(settings["speaking"]["target_seconds"].get<double>(), Speaking::builtin().target_seconds);
  EXPECT_EQ(settings["speaking"]["default_words_per_minute"].get<double>(), Speaking::builtin().default_words_per_minute);
  const json check = cli_json({"check", "--format", "json", STARCOACH_SOURCE_DIR "/bench/answer-250.txt"});
  for (const json& area : settings["score_areas"]) EXPECT_TRUE(check["score"].contains(area.get<std::string>())) << area;
  EXPECT_EQ(settings["score_areas"].size(), check["score"].size() - 3);  // all but "overall", "explanations", "reasons"
  EXPECT_EQ(settings["principles"], get_ok("/api/principles").size());
  const std::string lowest = std::to_string(static_cast<int>(settings["speaking"]["words_per_minute"]["lowest"].get<double>()));
  const double too_slow = settings["speaking"]["words_per_minute"]["lowest"].get<double>() - 1;
  expect_error(client().Post("/api/check", json({{"text", "I fixed it."}, {"wpm", too_slow}}).dump(), "application/json"), 400,
               "wrong_value", lowest);
}

TEST_F(Api, QuestionsFilterAndPickAtRandom) {
  EXPECT_EQ(get_ok("/api/questions"), cli_json({"questions", "--format", "json"}));
  const json picked = get_ok("/api/questions?principle=frugality&random=3");
  ASSERT_EQ(picked.size(), 3u);
  for (const json& question : picked) EXPECT_EQ(question["principle"], "frugality");
  expect_error(client().Get("/api/questions?principle=nope"), 400, "unknown_principle", "\"principle\"");
  expect_error(client().Get("/api/questions?random=0"), 400, "wrong_type", "\"random\"");
  expect_error(client().Get("/api/questions?random=lots"), 400, "wrong_type", "\"random\"");
}

TEST_F(Api, CheckGivesExactlyTheCliJson) {
  const json request = {{"text", answer}, {"principle", "deliver-results"}, {"role", "technical"}, {"wpm", 150}};
  auto result = client().Post("/api/check", request.dump(), "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(body_of(result), cli_json({"check", "--format", "json", "--principle", "deliver-results", "--role",
                                       "technical", "--wpm", "150"},
                                      answer));
}

TEST_F(Api, CheckRejectsBadRequestsNamingTheField) {
  auto post = [&](const std::string& body) { return client().Post("/api/check", body, "application/json"); };
  expect_error(post("{not json"), 400, "invalid_json");
  expect_error(post("[1, 2]"), 400, "invalid_json", "object");
  expect_error(post("{}"), 400, "missing_field", "\"text\"");
  expect_error(post(R"({"text": 42})"), 400, "wrong_type", "\"text\"");
  expect_error(post(R"({"text": "  "})"), 400, "empty_text", "\"text\"");
  expect_error(post("{\"text\": \"bad \xff byte\"}"), 400, "invalid_json", "UTF-8");
  expect_error(post(json({{"text", answer}, {"principle", "nope"}}).dump()), 400, "unknown_principle", "\"principle\"");
  expect_error(post(json({{"text", answer}, {"role", "pilot"}}).dump()), 400, "wrong_value", "\"role\"");
  expect_error(post(json({{"text", answer}, {"wpm", "fast"}}).dump()), 400, "wrong_type", "\"wpm\"");
  expect_error(post(json({{"text", answer}, {"wpm", 5}}).dump()), 400, "wrong_value", "\"wpm\"");
  expect_error(post(json({{"text", answer}, {"question", 7}}).dump()), 400, "wrong_type", "\"question\"");
  expect_error(post(json({{"text", std::string(70 * 1024, 'a')}}).dump()), 413, "too_large", "64 KiB");
}

TEST_F(Api, ClassifyMatchesTheCli) {
  const std::string question = "Tell me about a time you disagreed with your manager.";
  auto result = client().Post("/api/classify", json({{"question", question}}).dump(), "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(body_of(result), cli_json({"classify", question, "--format", "json"}));
  expect_error(client().Post("/api/classify", "{}", "application/json"), 400, "missing_field", "\"question\"");
  expect_error(client().Post("/api/classify", R"({"question": ""})", "application/json"), 400, "empty_text");
}

TEST_F(Api, AttemptsAreSavedInTheDatabase) {
  const json request = {{"text", answer}, {"question", "Tell me about a late delivery."}, {"question_id", "deliver-01"},
                        {"principle", "deliver-results"}};
  auto first = client().Post("/api/attempts", request.dump(), "application/json");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 201) << first->body;
  auto second = client().Post("/api/attempts", request.dump(), "application/json");
  ASSERT_TRUE(second);
  EXPECT_EQ(body_of(second)["id"].get<long long>(), body_of(first)["id"].get<long long>() + 1);
  EXPECT_EQ(body_of(second)["score"], cli_json({"check", "--format", "json", "--principle", "deliver-results",
                                                "--question", "Tell me about a late delivery."}, answer)["score"]["overall"]);
  storage::Database database(server_->database_path());
  EXPECT_GE(database.attempt_count(), 2);
  expect_error(client().Post("/api/attempts", "{}", "application/json"), 400, "missing_field", "\"text\"");
}

TEST_F(Api, ASpokenAttemptKeepsItsDeliveryAndBadDeliveryIsRefused) {
  const json delivery = {{"speaking_seconds", 58.2}, {"words", 140}, {"words_per_minute", 144.3}, {"fillers", 2}, {"notes", json::array()}};
  auto saved = client().Post("/api/attempts", json({{"text", answer}, {"delivery", delivery}, {"wpm", 144.3}}).dump(), "application/json");
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->status, 201) << saved->body;
  const json history = get_ok("/api/history");
  EXPECT_EQ(history["attempts"][0]["delivery"]["words_per_minute"], 144.3);
  const auto shown = test_support::run(STARCOACH_BINARY, {"history", "--db", server_->database_path()});
  EXPECT_NE(shown.out.find("spoken: 58 s at 144 words a minute, 2 fillers, no long pauses"), std::string::npos) << shown.out;
  expect_error(client().Post("/api/attempts", json({{"text", answer}, {"delivery", "fast"}}).dump(), "application/json"), 400,
               "wrong_type", "\"delivery\"");
}

TEST_F(Api, TranscribeTakesAWavAndRefusesAnythingElse) {
  const std::string wav_path = ::testing::TempDir() + "api-spoken.wav";
  ASSERT_EQ(test_support::run("/usr/bin/flite", {"-voice", "rms", "-t", "my task was to stop the late deliveries", "-o", wav_path}).exit_code, 0);
  std::ifstream in(wav_path, std::ios::binary);
  const std::string wav((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(wav_path.c_str());
  auto result = client().Post("/api/transcribe", wav, "audio/wav");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const json transcript = body_of(result);
  EXPECT_NE(transcript["text"].get<std::string>().find("deliveries"), std::string::npos) << transcript["text"];
  EXPECT_GT(transcript["words"].size(), 4u);
  EXPECT_GT(transcript["delivery"]["words_per_minute"].get<double>(), 60);

  expect_error(client().Post("/api/transcribe", "", "audio/wav"), 400, "empty_body", "WAV");
  const std::string damaged("RIFF\x10\0\0\0WAVEjunk", 16);  // a chunk that claims more bytes than follow
  expect_error(client().Post("/api/transcribe", damaged, "audio/wav"), 400, "invalid_input");
  std::string stereo = wav;
  stereo[22] = 2;
  expect_error(client().Post("/api/transcribe", stereo, "audio/wav"), 400, "invalid_input", "16 kHz mono");
  std::string silence = wav.substr(0, 44) + std::string(32000, '\0');  // one second of silence (flite's header is 44 bytes)
  for (int i = 0; i < 4; ++i) silence[40 + i] = static_cast<char>((32000 >> (8 * i)) & 0xff);
  expect_error(client().Post("/api/transcribe", silence, "audio/wav"), 400, "no_speech");
}

TEST_F(Api, AMockInterviewIsPlannedFollowedUpScoredAndKept) {
  const json plan = body_of(client().Post("/api/mock/plan", json({{"questions", 3}, {"principles", {"ownership"}}}).dump(), "application/json"));
  ASSERT_EQ(plan["questions"].size(), 3u);
  EXPECT_EQ(plan["questions"][0]["principle"], "customer-obsession");
  EXPECT_EQ(plan["questions"][1]["principle"], "ownership");
  EXPECT_EQ(plan["questions"][2]["principle"], "ownership");
  EXPECT_GT(plan["minutes_per_answer"].get<double>(), 0);

  const json asked = body_of(client().Post("/api/mock/follow-ups",
      json({{"text", "I always put the customer first and I listen to what they need."}, {"principle", "customer-obsession"}}).dump(),
      "application/json"));
  ASSERT_FALSE(asked["follow_ups"].empty());
  EXPECT_EQ(asked["follow_ups"][0]["kind"], "not-a-story");
  EXPECT_EQ(asked["gaps"][0], "not-a-story");

  const json interview = {{"answers", {{{"question", plan["questions"][0]["text"]}, {"principle", "customer-obsession"}, {"text", answer},
                                        {"seconds_spent", 75}, {"seconds_allowed", 120},
                                        {"delivery", {{"speaking_seconds", 61}, {"words_per_minute", 150}, {"fillers", 3}, {"long_pauses", json::array()}}},
                                        {"follow_ups", {{{"kind", "deeper"}, {"question", "What was hardest?"}, {"answer", "Telling the loaders the list was wrong."}}}}},
                                       {{"question", plan["questions"][1]["text"]}, {"principle", "ownership"}, {"text", ""}}}}};
  auto created = client().Post("/api/mock", interview.dump(), "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const json saved = body_of(created);
  EXPECT_EQ(saved["questions"], 2);
  EXPECT_EQ(saved["scorecard"]["answered"], 1);
  EXPECT_EQ(saved["scorecard"]["answers"][0]["delivery"]["words_per_minute"], 150);
  const long long id = saved["id"].get<long long>();
  EXPECT_EQ(get_ok("/api/mock/" + std::to_string(id))["scorecard"], saved["scorecard"]);
  const json markdown = get_ok("/api/mock/" + std::to_string(id) + "?format=markdown");
  EXPECT_NE(markdown["markdown"].get<std::string>().find("# Mock interview scorecard"), std::string::npos);
  EXPECT_EQ(get_ok("/api/mock")[0]["id"], id);
  EXPECT_EQ(get_ok("/api/history")["mock_interviews"][0]["id"], id);

  expect_error(client().Get("/api/mock/99999"), 404, "not_found");
  expect_error(client().Get("/api/mock/" + std::to_string(id) + "?format=pdf"), 400, "wrong_value", "\"format\"");
  expect_error(client().Post("/api/mock/plan", R"({"questions": 0})", "application/json"), 400, "wrong_type", "\"questions\"");
  expect_error(client().Post("/api/mock/plan", R"({"principles": ["nope"]})", "application/json"), 400, "unknown_principle");
  expect_error(client().Post("/api/mock/plan", R"({"principles": "ownership"})", "application/json"), 400, "wrong_type");
  expect_error(client().Post("/api/mock/follow-ups", R"({"text": ""})", "application/json"), 400, "empty_text");
  expect_error(client().Post("/api/mock", R"({"answers": []})", "application/json"), 400, "wrong_type", "\"answers\"");
  expect_error(client().Post("/api/mock", R"({"answers": [{"text": "x"}]})", "application/json"), 400, "missing_field", "\"question\"");
  expect_error(client().Post("/api/mock", R"({"answers": [{"question": "q", "seconds_spent": -4}]})", "application/json"), 400,
               "wrong_type", "\"seconds_spent\"");
  expect_error(client().Post("/api/mock", R"({"answers": [{"question": "q", "follow_ups": [{"kind": "made-up", "question": "q"}]}]})",
                             "application/json"), 400, "wrong_value", "\"kind\"");
}

TEST_F(Api, StoriesCanBeAddedReadEditedMatchedAndRemoved) {
  const std::string budget =
      "Situation: Last year our team had no budget for a new scheduling tool.\nTask: I had to cut the hours lost to "
      "double bookings.\nAction: I reused the spreadsheet we already had and wrote a free script to flag clashes.\n"
      "Result: We saved 2,000 pounds and about 40 hours a month.";
  auto created = client().Post("/api/stories", json({{"text", budget}, {"title", "Budget"}}).dump(), "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const long long id = body_of(created)["id"];
  EXPECT_EQ(body_of(created)["task"], "I had to cut the hours lost to double bookings.");
  const std::string path = "/api/stories/" + std::to_string(id);
  EXPECT_EQ(get_ok(path)["title"], "Budget");

  auto edited = client().Put(path, json({{"title", "No budget"}, {"principles", {"frugality"}}}).dump(), "application/json");
  ASSERT_TRUE(edited);
  EXPECT_EQ(edited->status, 200) << edited->body;
  EXPECT_EQ(body_of(edited)["title"], "No budget");
  ASSERT_EQ(body_of(edited)["principles"].size(), 1u);

  const json match = body_of(client().Post("/api/stories/match", json({{"question", "Tell me about a time you saved money."}}).dump(),
                                           "application/json"));
  EXPECT_EQ(match["matches"][0]["id"], id);
  const json coverage = get_ok("/api/coverage?target=1");
  EXPECT_EQ(coverage["target"], 1);
  EXPECT_EQ(coverage["principles"].size(), 16u);

  expect_error(client().Put(path, json({{"principles", {"frugal"}}}).dump(), "application/json"), 400, "unknown_principle");
  expect_error(client().Put(path, R"({"title": 5})", "application/json"), 400, "wrong_type", "\"title\"");
  expect_error(client().Post("/api/stories", R"({"text": "   "})", "application/json"), 400, "invalid_input");
  expect_error(client().Get("/api/coverage?target=0"), 400, "wrong_type", "\"target\"");
  expect_error(client().Get("/api/history?principle=nope"), 400, "unknown_principle");
  ASSERT_EQ(client().Delete(path)->status, 200);
  expect_error(client().Get(path), 404, "not_found");
  expect_error(client().Delete(path), 404, "not_found");
  expect_error(client().Get("/api/stories/abc"), 404, "not_found");
}

TEST_F(Api, HistoryListsSavedAttemptsNewestFirst) {
  auto saved = client().Post("/api/attempts", json({{"text", answer}, {"principle", "ownership"}, {"seconds_spent", 58}}).dump(),
                             "application/json");
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->status, 201) << saved->body;
  const json history = get_ok("/api/history?principle=ownership");
  ASSERT_FALSE(history["attempts"].empty());
  EXPECT_EQ(history["attempts"][0]["id"], body_of(saved)["id"]);
  EXPECT_EQ(history["attempts"][0]["seconds_spent"], 58);
  EXPECT_TRUE(history["recurring"].is_array());
}

TEST_F(Api, UnknownRoutesAreJson404s) {
  expect_error(client().Get("/api/nothing"), 404, "not_found", "/api/nothing");
  expect_error(client().Get("/secret.txt"), 404, "not_found");
  auto result = client().Get("/api/nothing");
  EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff");
}

int connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  return fd;
}

// Sends only a request's head and returns what the server answers before any body.
std::string answer_to_head(int port, const std::string& head) {
  const int fd = connect_to(port);
  EXPECT_EQ(send(fd, head.data(), head.size(), MSG_NOSIGNAL), static_cast<ssize_t>(head.size()));
  timeval wait{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  std::string reply;
  char buffer[4096];
  for (ssize_t got; reply.find("}}") == std::string::npos && (got = recv(fd, buffer, sizeof buffer, 0)) > 0;) reply.append(buffer, got);
  close(fd);
  return reply;
}

TEST_F(Api, OversizedBodiesAreRefusedBeforeTheyAreRead) {
  std::string reply = answer_to_head(server_->port(), "POST /api/transcribe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: audio/wav\r\n"
                                                      "Content-Length: 9437184\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply;
  EXPECT_NE(reply.find("8 MiB"), std::string::npos) << reply;
  // The larger limit is for recordings only.
  reply = answer_to_head(server_->port(), "POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                          "Content-Length: 102400\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply;
  EXPECT_NE(reply.find("64 KiB"), std::string::npos) << reply;
  // A body of unknown length, in any spelling of "chunked", is not read for a JSON route.
  for (const char* spelling : {"chunked", "Chunked", "CHUNKED", "gzip, chunked"}) {
    reply = answer_to_head(server_->port(), std::string("POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                                         "application/json\r\nTransfer-Encoding: ") + spelling + "\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << spelling << "\n" << reply;
  }
  // A compressed body could inflate without limit: it is refused whatever its size.
  for (const char* encoding : {"gzip", "br", "deflate", "GZIP"}) {
    reply = answer_to_head(server_->port(), std::string("POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                                         "application/json\r\nContent-Encoding: ") + encoding +
                                                "\r\nContent-Length: 20\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 415", 0), 0u) << encoding << "\n" << reply;
  }
}

TEST_F(Api, DeepJsonIsRefusedAndDeliveryKeepsOnlyItsOwnFields) {
  // Deep nesting is refused as it is read, anywhere, and the server stays up.
  const std::string deep = std::string(30000, '[') + std::string(30000, ']');  // within 64 KiB
  expect_error(client().Post("/api/check", "{\"text\": \"I fixed it.\", \"x\": " + deep + "}", "application/json"), 400, "too_deep");
  const json delivery = {{"speaking_seconds", 50}, {"words_per_minute", 140}, {"fillers", 2}, {"notes", {"Good pace."}}};
  auto with = [&](const json& changed) {
    return client().Post("/api/attempts", json({{"text", answer}, {"delivery", changed}}).dump(), "application/json");
  };
  json nested = delivery;
  nested["notes"] = json::array({json::array({json::array({"deep"})})});
  expect_error(with(nested), 400, "wrong_type", "notes");
  json unknown = delivery;
  unknown["payload"] = std::string(1000, 'x');
  expect_error(with(unknown), 400, "wrong_type", "payload");
  json infinite = delivery;
  infinite["words_per_minute"] = 1e300;
  expect_error(with(infinite), 400, "wrong_type", "words_per_minute");
  auto saved = with(delivery);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 201) << saved->body;
  EXPECT_EQ(get_ok("/api/history")["attempts"][0]["delivery"], delivery);
  EXPECT_EQ(get_ok("/api/health")["status"], "ok");
}

TEST_F(Api, RequestsFromOtherSitesAndOtherHostNamesAreRefused) {
  const std::string story = json({{"text", answer}}).dump();
  const std::string own = "127.0.0.1:" + std::to_string(server_->port());
  auto post = [&](const httplib::Headers& headers, const std::string& type) {
    httplib::Client raw("127.0.0.1", server_->port());
    return raw.Post("/api/stories", headers, story, type);
  };
  const std::size_t before = body_of(client().Get("/api/stories")).size();
  // DNS rebinding: a hostile name that resolves to this computer.
  expect_error(post({{"Host", "attacker.example"}}, "application/json"), 421, "wrong_host");
  httplib::Client rebound("127.0.0.1", server_->port());
  expect_error(rebound.Get("/api/stories", {{"Host", "attacker.example:" + std::to_string(server_->port())}}), 421, "wrong_host");
  // A page elsewhere posting a "simple" request (no preflight) or naming its own origin.
  expect_error(post({}, "text/plain"), 415, "wrong_content_type");
  expect_error(post({}, "application/x-www-form-urlencoded"), 415, "wrong_content_type");
  expect_error(post({{"Origin", "http://attacker.example"}}, "application/json"), 403, "wrong_origin");
  expect_error(post({{"Origin", "http://127.0.0.1:1"}}, "application/json"), 403, "wrong_origin");
  EXPECT_EQ(body_of(client().Get("/api/stories")).size(), before) << "a refused request saved a story";
  // The app itself: its own origin, and the loopback names.
  auto saved = post({{"Origin", "http://" + own}}, "application/json");
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 201);
  auto named = post({{"Host", "localhost:" + std::to_string(server_->port())}}, "application/json; charset=utf-8");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->status, 201);
  EXPECT_FALSE(saved->has_header("Access-Control-Allow-Origin"));
  auto asked = httplib::Client("127.0.0.1", server_->port()).Options("/api/stories", {{"Origin", "http://attacker.example"}});
  ASSERT_TRUE(asked);
  EXPECT_FALSE(asked->has_header("Access-Control-Allow-Origin"));
}

TEST_F(Api, SlowAndVanishingClientsDoNotStallOthers) {
  // Ten clients that send half a request and then wait, and ten that hang up mid-body.
  std::vector<int> slow;
  const std::string head = "POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"te";
  for (int i = 0; i < 10; ++i) {
    slow.push_back(connect_to(server_->port()));
    ASSERT_GT(send(slow.back(), head.data(), head.size(), 0), 0);
    const int vanishing = connect_to(server_->port());
    ASSERT_GT(send(vanishing, head.data(), head.size(), 0), 0);
    close(vanishing);
  }
  const auto start = std::chrono::steady_clock::now();
  auto result = client().Post("/api/check", json({{"text", answer}}).dump(), "application/json");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
#ifdef STARCOACH_SANITIZED
  EXPECT_LT(seconds, 10.0);  // sanitizer builds run several times slower
#else
  EXPECT_LT(seconds, 2.0);
#endif
  for (int fd : slow) close(fd);
}

// Seconds until the server closes `fd` (recv returns 0 or fails), sending `trickle` one
// byte every `gap` meanwhile; -1 if it answered instead, or was still open after `most`.
double seconds_until_closed(int fd, const std::string& trickle, std::chrono::milliseconds gap, double most) {
  const auto start = std::chrono::steady_clock::now();
  timeval wait{0, static_cast<suseconds_t>(gap.count() * 1000)};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  for (std::size_t sent = 0;;) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds > most) return -1;
    if (sent < trickle.size() && send(fd, &trickle[sent++], 1, MSG_NOSIGNAL) < 0) return seconds;
    char byte;
    const ssize_t got = recv(fd, &byte, 1, 0);
    if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return seconds;
    if (got > 0) return -1;  // the server answered the trickled request
  }
}

TEST_F(Api, HundredsOfIdleAndTricklingClientsDoNotStallOthers) {
  // 500 connections: half hold a partial head, half trickle a head a byte at a time.
  std::vector<int> idle;
  const std::string head = "POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
  for (int i = 0; i < 500; ++i) {
    idle.push_back(connect_to(server_->port()));
    ASSERT_GT(send(idle.back(), head.data(), i % 2 ? head.size() : 1, MSG_NOSIGNAL), 0);
  }
  std::atomic<bool> done{false};
  std::thread trickler([&] {
    for (std::size_t at = 1; !done && at < head.size(); ++at) {
      for (std::size_t i = 0; i < idle.size(); i += 2) send(idle[i], &head[at], 1, MSG_NOSIGNAL);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  double slowest = 0;
  for (int i = 0; i < 30; ++i) {
    const auto start = std::chrono::steady_clock::now();
    auto result = i % 3 ? client().Get("/api/health") : client().Post("/api/check", json({{"text", answer}}).dump(), "application/json");
    slowest = std::max(slowest, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
  }
  done = true;
  trickler.join();
  for (int fd : idle) close(fd);
  EXPECT_LT(slowest, 1.0);
}

TEST_F(Api, HeadsAndBodiesThatTrickleAreCutOff) {
  // A head must be complete within 5 s, however steadily it trickles; a body must keep up
  // a minimum rate (here: 5 s and a second for 32 KiB of body).
  const std::string head = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + std::string(200, 'a') + "\r\n\r\n";
  const std::string body_head = "POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 40000\r\n\r\n";
  double head_closed = 0, body_closed = 0;
  std::thread trickled_head([&] {
    head_closed = seconds_until_closed(connect_to(server_->port()), head, std::chrono::milliseconds(100), 15);
  });
  std::thread trickled_body([&] {
    const int fd = connect_to(server_->port());
    ASSERT_EQ(send(fd, body_head.data(), body_head.size(), MSG_NOSIGNAL), static_cast<ssize_t>(body_head.size()));
    body_closed = seconds_until_closed(fd, std::string(400, ' '), std::chrono::milliseconds(50), 15);
  });
  trickled_head.join();
  trickled_body.join();
  EXPECT_GT(head_closed, 4.5);
  EXPECT_LT(head_closed, 7.0) << "-1: the trickled head was served or never cut off";
  EXPECT_GT(body_closed, 5.5);
  EXPECT_LT(body_closed, 8.0) << "-1: the trickled body was served or never cut off";
}

TEST_F(Api, TooManyOrTooLargeHeadersAreRefused) {
  std::string many = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 101; ++i) many += "X-Header-" + std::to_string(i) + ": 1\r\n";
  std::string reply = answer_to_head(server_->port(), many + "\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 431", 0), 0u) << reply;
  EXPECT_NE(reply.find("100 headers"), std::string::npos) << reply;
  reply = answer_to_head(server_->port(), "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(17000, 'a') + "\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 431", 0), 0u) << reply;
  EXPECT_NE(reply.find("16 KiB"), std::string::npos) << reply;
  reply = answer_to_head(server_->port(), "\x16\x03\x01 not http at all\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  // A hundred headers are still fine (the route is unknown, so that the answer is a JSON error).
  std::string hundred = "GET /api/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 99; ++i) hundred += "X-Header-" + std::to_string(i) + ": 1\r\n";
  reply = answer_to_head(server_->port(), hundred + "\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 404", 0), 0u) << reply;
}

TEST_F(Api, AClientThatAsksToCloseIsAnsweredAndClosedAndHttp10IsAnsweredIn10) {
  std::string reply = answer_to_head(server_->port(), "GET /api/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 404", 0), 0u) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
  reply = answer_to_head(server_->port(), "GET /api/nothing HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.0 404", 0), 0u) << reply;
}

TEST_F(Api, AddressesAreDecodedAndHeadRequestsAnswered) {
  expect_error(client().Get("/api/questions?principle=no%70e"), 400, "unknown_principle");
  EXPECT_EQ(body_of(client().Get("/api/principles/customer%2Dobsession"))["id"], "customer-obsession");
  auto head = client().Head("/");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  expect_error(client().Delete("/api/health"), 405, "method_not_allowed", "DELETE");
}

TEST(ApiShutdown, ASecondServerOnATakenPortFailsToStart) {
  test_support::ServerProcess first;
  const std::string database = ::testing::TempDir() + "second.db";
  // Under `timeout`: a second server that did start would otherwise run for ever.
  auto second = test_support::run("/usr/bin/timeout", {"10", STARCOACH_BINARY, "serve", "--port", std::to_string(first.port()), "--db", database});
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((database + suffix).c_str());
  EXPECT_EQ(second.exit_code, 2);
  EXPECT_NE(second.err.find("cannot listen"), std::string::npos) << second.err;
}

TEST(ApiShutdown, ListeningBeyondLoopbackIsADecision) {
  auto refused = test_support::run("/usr/bin/timeout", {"10", STARCOACH_BINARY, "serve", "--host", "0.0.0.0", "--port", "0"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--allow-remote"), std::string::npos) << refused.err;
}

TEST(ApiShutdown, SigtermStopsTheServerCleanly) {
  test_support::ServerProcess server;
  httplib::Client client("127.0.0.1", server.port());
  ASSERT_TRUE(client.Get("/api/health"));
  EXPECT_EQ(server.stop(), 0);
}

TEST(ApiShutdown, ABusyRecogniserSaysBusyAtOnceKeepsOthersServedAndStopsOnTime) {
  // Twelve long recordings at once: one is transcribed, four wait, the rest hear "busy"
  // with Retry-After at once; the other routes keep answering; SIGTERM still stops it.
  const std::string wav_path = ::testing::TempDir() + "api-long.wav";
  std::string text;
  for (int i = 0; i < 12; ++i) text += "my task was to stop the late deliveries so i rewrote the loading checklist. ";
  ASSERT_EQ(test_support::run("/usr/bin/flite", {"-voice", "rms", "-t", text, "-o", wav_path}).exit_code, 0);
  std::ifstream in(wav_path, std::ios::binary);
  const std::string wav((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(wav_path.c_str());

  test_support::ServerProcess server;
  std::atomic<int> busy{0}, stopping{0}, done{0}, other{0};
  std::vector<std::thread> senders;
  for (int i = 0; i < 12; ++i)
    senders.emplace_back([&] {
      httplib::Client client("127.0.0.1", server.port());
      client.set_read_timeout(120, 0);
      auto result = client.Post("/api/transcribe", wav, "audio/wav");
      if (!result) return;  // the server went away while it waited
      if (result->status == 503 && result->has_header("Retry-After")) ++busy;
      else if (result->status == 503) ++stopping;
      else if (result->status == 200) ++done;
      else ++other;
    });
  // While they wait, the rest of the app answers at once.
  httplib::Client client("127.0.0.1", server.port());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  double slowest = 0;
  for (int i = 0; i < 10; ++i) {
    const auto start = std::chrono::steady_clock::now();
    auto health = client.Get("/api/health");
    slowest = std::max(slowest, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
  }
#ifdef STARCOACH_SANITIZED
  EXPECT_LT(slowest, 1.0);
#else
  EXPECT_LT(slowest, 0.1);
#endif
  const auto asked_to_stop = std::chrono::steady_clock::now();
  server.stop();
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - asked_to_stop).count(), 6.0);
  for (std::thread& sender : senders) sender.join();
  EXPECT_GE(busy, 7) << "refused at once with Retry-After";
  EXPECT_EQ(other, 0);
}

}  // namespace
}  // namespace starcoach
