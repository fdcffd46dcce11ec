// The database under stress: a server killed with SIGKILL in the middle of saving
// keeps every attempt it acknowledged, and two processes (the server and the CLI) can
// write to the same database at once. On the SQLite file, and again on PostgreSQL (CTest's
// "postgresql." pass).
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "database.hpp"
#include "support/postgres.hpp"
#include "support/process.hpp"
#include "support/server.hpp"

namespace starcoach {
namespace {

using nlohmann::json;

const std::string answer =
    "Last March I was a shift lead at a parcel depot. My task was to stop late deliveries. I rewrote the checklist "
    "and trained the loaders myself. Late parcels fell from 31% to 4%.";

class Reliability : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = test_support::on_postgres() ? test_support::fresh_postgres_database()
                                            : (std::filesystem::temp_directory_path() /
                                               ("starcoach-reliability-" + std::to_string(::getpid()) + ".db")).string();
    remove_database();
  }
  void TearDown() override { remove_database(); }
  void remove_database() {
    if (test_support::on_postgres()) return;  // a database of its own, dropped with the tests' server
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(database_ + suffix);
  }
  std::string database_;
};

TEST_F(Reliability, EveryAcknowledgedAttemptSurvivesSigkill) {
  std::set<long long> acknowledged;
  std::mutex guard;  // the saver thread adds, the test thread counts
  auto count = [&] {
    std::lock_guard lock(guard);
    return acknowledged.size();
  };
  {
    test_support::ServerProcess server(database_);
    httplib::Client client("127.0.0.1", server.port());
    client.set_read_timeout(5, 0);
    const std::string body = json({{"text", answer}, {"principle", "ownership"}}).dump();
    std::atomic<bool> stop{false};
    std::thread saver([&] {
      while (!stop) {
        auto result = client.Post("/api/attempts", body, "application/json");
        if (!result) break;  // the server is gone
        if (result->status == 201) {
          std::lock_guard lock(guard);
          acknowledged.insert(json::parse(result->body)["id"].get<long long>());
        }
      }
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (count() < 30 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_GE(count(), 30u) << "the server did not save attempts";
    server.kill_now();  // in the middle of the loop
    stop = true;
    saver.join();
  }
  storage::Database database(database_);
  EXPECT_EQ(database.integrity_check(), "ok");
  std::set<long long> stored;
  for (const storage::Attempt& attempt : database.attempts()) stored.insert(attempt.id);
  for (long long id : acknowledged) EXPECT_TRUE(stored.count(id)) << "acknowledged attempt " << id << " was lost";
  EXPECT_GE(stored.size(), acknowledged.size());
}

TEST_F(Reliability, TheServerAndTheCliWriteToOneFileAtOnce) {
  test_support::ServerProcess server(database_);
  std::atomic<int> saved{0};
  std::thread saver([&] {
    httplib::Client client("127.0.0.1", server.port());
    const std::string body = json({{"text", answer}}).dump();
    for (int i = 0; i < 40; ++i) {
      auto result = client.Post("/api/attempts", body, "application/json");
      if (result && result->status == 201) ++saved;
    }
  });
  int added = 0;
  for (int i = 0; i < 5; ++i)
    added += test_support::run(STARCOACH_BINARY, {"story", "add", "--db", database_}, answer).exit_code == 0;
  saver.join();
  EXPECT_EQ(added, 5);
  EXPECT_EQ(saved, 40);
  storage::Database database(database_);
  EXPECT_EQ(database.stories().size(), 5u);
  EXPECT_EQ(database.attempt_count(), 40);
  EXPECT_EQ(database.integrity_check(), "ok");
}

TEST_F(Reliability, ManyClientsAndTheCliWritingAtOnceLoseNothingAndGetTheirOwnIds) {
  // Eight clients save stories and attempts as fast as they can for 20 s while the CLI adds
  // stories to the same file. Each text carries a mark of its own, so an id that belongs to
  // another row shows: every 201 must be in the database, under the id it was given.
  test_support::ServerProcess server(database_);
  struct Saved {
    std::string kind, mark;
    long long id;
  };
  std::vector<Saved> acknowledged;
  std::mutex guard;
  std::atomic<int> server_errors{0}, failures{0};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c)
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", server.port());
      client.set_read_timeout(30, 0);
      const bool stories = c % 2 == 0;
      for (int i = 0; std::chrono::steady_clock::now() < deadline; ++i) {
        const std::string mark = "mark-" + std::to_string(c) + "-" + std::to_string(i);
        const std::string body = stories ? json({{"text", answer}, {"title", mark}}).dump()
                                         : json({{"text", answer + " " + mark}}).dump();
        auto result = client.Post(stories ? "/api/stories" : "/api/attempts", body, "application/json");
        if (!result) {
          ++failures;
          continue;
        }
        if (result->status >= 500) ++server_errors;
        if (result->status != 201) continue;
        std::lock_guard lock(guard);
        acknowledged.push_back({stories ? "story" : "attempt", mark, json::parse(result->body)["id"].get<long long>()});
      }
    });
  int cli_added = 0;
  while (std::chrono::steady_clock::now() < deadline)
    cli_added += test_support::run(STARCOACH_BINARY, {"story", "add", "--title", "from the cli", "--db", database_}, answer).exit_code == 0;
  for (std::thread& client : clients) client.join();

  EXPECT_EQ(server_errors, 0);
  EXPECT_EQ(failures, 0);
  EXPECT_GT(cli_added, 0);
  EXPECT_GT(acknowledged.size(), 200u) << "too few saves to say anything";
  storage::Database database(database_);
  EXPECT_EQ(database.integrity_check(), "ok");
  std::map<long long, std::string> story_titles, attempt_answers;
  for (const Story& story : database.stories()) story_titles[story.id] = story.title;
  for (const storage::Attempt& attempt : database.attempts()) attempt_answers[attempt.id] = attempt.answer;
  int lost = 0, misnumbered = 0;
  for (const Saved& saved : acknowledged) {
    const auto& rows = saved.kind == "story" ? story_titles : attempt_answers;
    auto found = rows.find(saved.id);
    if (found == rows.end()) ++lost;
    else if (found->second.find(saved.mark) == std::string::npos) ++misnumbered;
  }
  EXPECT_EQ(lost, 0) << "of " << acknowledged.size() << " acknowledged writes";
  EXPECT_EQ(misnumbered, 0) << "of " << acknowledged.size() << " acknowledged writes";
  long long cli_stories = 0;
  for (const auto& [id, title] : story_titles) cli_stories += title == "from the cli";
  EXPECT_EQ(cli_stories, cli_added);
}

}  // namespace
}  // namespace starcoach
