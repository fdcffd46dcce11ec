// The database on PostgreSQL (the tests' own server, tests/support/postgres.sh): the
// migrations from every earlier schema, instances migrating at once, and a coach's SQLite
// file copied into PostgreSQL with every row compared. The coaching server's suite runs on
// PostgreSQL too (CTest's "postgresql." tests).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <thread>

#include "accounts.hpp"
#include "coaching.hpp"
#include "copy.hpp"
#include "database.hpp"
#include "support/postgres.hpp"
#include "support/process.hpp"

namespace starcoach::storage {
namespace {

TEST(Postgresql, MigratesFromEveryEarlierSchemaKeepingItsData) {
  for (int start = 1; start < Database::latest_schema(); ++start) {
    SCOPED_TRACE(start);
    const std::string url = test_support::fresh_postgres_database();
    {
      Database old(url, start);
      EXPECT_EQ(old.schema_version(), start);
      sql::Query insert(old.connection(), "INSERT INTO attempts (question, answer, score, spoken_seconds) VALUES (?, ?, ?, ?)");
      insert->bind(1, "Why?");
      insert->bind(2, "I did.");
      insert->bind(3, 50);
      insert->bind(4, 3.5);
      insert->run();
    }
    Database migrated(url);
    EXPECT_EQ(migrated.schema_version(), Database::latest_schema());
    ASSERT_EQ(migrated.attempts().size(), 1u);
    EXPECT_EQ(migrated.attempts()[0].answer, "I did.");
    EXPECT_EQ(migrated.attempts()[0].spoken_seconds, 3.5);
    EXPECT_TRUE(migrated.attempts()[0].findings.empty());
  }
}

// Several server instances starting at once on a new database: one migrates, the others
// wait for its advisory lock and find nothing left to do.
TEST(Postgresql, InstancesMigratingAtOnceDoNotRace) {
  const std::string url = test_support::fresh_postgres_database();
  std::vector<std::thread> instances;
  std::atomic<int> failures{0};
  for (int i = 0; i < 6; ++i)
    instances.emplace_back([&] {
      try {
        Database database(url);
        if (database.schema_version() != Database::latest_schema()) ++failures;
      } catch (const std::exception& error) {
        ADD_FAILURE() << error.what();
        ++failures;
      }
    });
  for (std::thread& instance : instances) instance.join();
  EXPECT_EQ(failures, 0);
}

// A coach's practice in an SQLite file: accounts, a cohort, an assignment, stories,
// attempts (one sent, with a recording, a comment and a review), a mock interview, the
// audit log.
std::string coachs_file() {
  char path[] = "/tmp/starcoach-copy-XXXXXX";
  close(mkstemp(path));
  std::remove(path);
  Database database(path);
  Accounts accounts(database);
  const long long coach = *accounts.add_user("coach@example.org", UserRole::coach, "Carla");
  const long long candidate = *accounts.add_user("ana@example.org", UserRole::candidate, "Ana");
  accounts.set_password_hash(candidate, "$argon2id$not-a-real-hash");
  accounts.add_session(candidate, "a-session-hash", 14);
  accounts.audit(candidate, "signed in", "", "127.0.0.1");
  Coaching coaching(database);
  coaching.add_candidate(coach, candidate);
  const long long cohort = coaching.add_cohort(coach, "Spring");
  coaching.add_member(coach, cohort, candidate);
  coaching.set_criteria(coach, cohort, {{"target_seconds", 90}});
  Assignment assignment;
  assignment.coach_id = coach;
  assignment.cohort_id = cohort;
  assignment.question = "Tell me about a hard deadline.";
  assignment.principle = "deliver-results";
  assignment.due_at = "2031-01-31";
  const long long assigned = coaching.add_assignment(assignment);
  database.set_owner(candidate);
  Story story;
  story.title = "Late parcels";
  story.action = "I rewrote the loading checklist.";
  story.principles = {{"ownership", 2}};
  database.share_story(database.add_story(story), true);
  Attempt attempt;
  attempt.question = "Tell me about a hard deadline.";
  attempt.answer = "Last March I rewrote the loading checklist — and late parcels fell from 31% to 4%.";
  attempt.score = 71;
  attempt.spoken_seconds = 27.428571428571427;
  attempt.findings = {"result.no-learning"};
  attempt.delivery = {{"words_per_minute", 131.5}, {"speaking_seconds", 41.2}, {"fillers", 2}};
  const long long sent = database.save_attempt(attempt);
  database.keep_recording(sent, std::string("RIFF\0\0\0\0WAVE", 12) + std::string(100, '\x7f'));
  database.submit_attempt(sent, assigned);
  database.save_attempt(attempt);  // a private one
  database.save_mock_interview({0, "", 64, 1, R"({"overall": 64})"});
  coaching.add_comment({0, sent, coach, "", 0, 10, "Good start.", ""});
  coaching.add_review({0, sent, coach, "", "result.no-learning", "dismissed", "Fine here.", ""});
  return path;
}

TEST(Postgresql, MigrateDataCopiesEveryRowOfACoachsFile) {
  const std::string file = coachs_file();
  const std::string url = test_support::fresh_postgres_database();
  const auto copied = test_support::run(STARCOACH_BINARY, {"migrate-data", "--from", file, "--database", url});
  ASSERT_EQ(copied.exit_code, 0) << copied.err;
  EXPECT_NE(copied.out.find("every row reads back the same"), std::string::npos) << copied.out;
  EXPECT_TRUE(differences(file, url).empty());
  {
    Database moved(url);
    Accounts accounts(moved);
    const std::optional<User> ana = accounts.user_by_email("ana@example.org");
    ASSERT_TRUE(ana);
    EXPECT_TRUE(accounts.session_user("a-session-hash"));  // signed-in users stay signed in
    moved.set_owner(ana->id);
    ASSERT_EQ(moved.attempts().size(), 2u);
    EXPECT_EQ(moved.attempts()[0].answer, "Last March I rewrote the loading checklist — and late parcels fell from 31% to 4%.");
    EXPECT_EQ(*moved.recording(moved.attempts()[0].id), std::string("RIFF\0\0\0\0WAVE", 12) + std::string(100, '\x7f'));
    EXPECT_EQ(Coaching(moved).comments_on(moved.attempts()[0].id).size(), 1u);
    // New rows take new ids, after the copied ones.
    Story next;
    next.title = "After the move";
    EXPECT_GT(moved.add_story(next), moved.stories().front().id);
  }
  // Copying into a database that holds a practice is refused, and changes nothing.
  const auto again = test_support::run(STARCOACH_BINARY, {"migrate-data", "--from", file, "--database", url});
  EXPECT_EQ(again.exit_code, 3);
  EXPECT_NE(again.err.find("already holds a practice"), std::string::npos) << again.err;
  std::remove(file.c_str());
}

TEST(Postgresql, MigrateSaysWhereTheSchemaIs) {
  const std::string url = test_support::fresh_postgres_database();
  const auto migrated = test_support::run(STARCOACH_BINARY, {"migrate", "--database", url});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("schema " + std::to_string(Database::latest_schema())), std::string::npos) << migrated.out;
  const auto unreachable = test_support::run(STARCOACH_BINARY, {"migrate", "--database", "postgresql://nobody:secret@127.0.0.1:1/none"});
  EXPECT_NE(unreachable.exit_code, 0);
  EXPECT_EQ(unreachable.err.find("secret"), std::string::npos) << "the password must never be shown: " << unreachable.err;
}

}  // namespace
}  // namespace starcoach::storage
