// The practice database: a schema version and forward migrations run on open, on an SQL
// connection (sql.hpp; the embedded SQLite file, sqlite.hpp). It holds each person's own
// data: the story bank, the practice attempts and the mock interviews, each as a type
// with one JSON form. Coaching mode's accounts and sharing are accounts.hpp and coaching.hpp.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sql.hpp"
#include "starcoach/analysis.hpp"
#include "starcoach/stories.hpp"

namespace starcoach::storage {

struct Attempt {
  std::string question_id;  // may be empty: a question typed by the user
  std::string question;
  std::string principle;    // may be empty
  std::string answer;
  int score = 0;
  double spoken_seconds = 0;
  double seconds_spent = 0;            // how long the candidate took, when known
  Score scores;                        // the analyser's sub-scores and why
  std::vector<std::string> findings;   // the ids of the rules found
  nlohmann::json delivery;             // a spoken attempt's delivery measures (src/speech's delivery_json), kept whole; null when typed
  long long id = 0;                    // set when read back
  std::string created_at;              // set when read back
  std::string submitted_at;            // when the candidate sent it to their coaches; empty: private
  long long assignment_id = 0;         // the coach's assignment it answers, if any
  long long owner = 0;                 // set when read back
  bool has_recording = false;          // its recording was kept (set when read back)
};

// The attempt to save for an analysed answer.
Attempt attempt_from(const Analysis& analysis, const AnalysisOptions& options, const std::string& answer,
                     const std::string& question_id = "", double seconds_spent = 0);

// {"id","created_at","question_id","question","principle","answer","score","scores",
//  "spoken_seconds","seconds_spent","findings","delivery","submitted_at","assignment_id"}
// (the last two null when the attempt is private or answers no assignment)
nlohmann::json attempt_json(const Attempt& attempt);
// And back (all but "id"), checked: texts are texts, a known principle or none, a score of
// 0 to 100, times in seconds; throws InputError saying what is wrong. A missing "delivery"
// (backups of version 1) reads as none.
Attempt attempt_from_json(const nlohmann::json& attempt);

// One finished mock interview and its scorecard (see starcoach/mock.hpp).
struct MockInterview {
  long long id = 0;        // set when read back
  std::string created_at;  // set when read back
  int score = 0;
  int questions = 0;
  std::string scorecard = "{}";  // as JSON
};

// {"id","created_at","score","questions","scorecard"}
nlohmann::json mock_interview_json(const MockInterview& mock);


class Database;

// The mock interviews, newest first, without their scorecards: [{"id","created_at","score","questions"}].
nlohmann::json mock_interview_list(const Database& database);

// The practice history, as the CLI and the page show it.
struct RecurringFinding {
  std::string rule, title;
  int count = 0;  // the attempts it was found in
};
struct History {
  std::vector<Attempt> attempts;                // newest first
  std::vector<RecurringFinding> recurring;      // most frequent first
  std::vector<MockInterview> mock_interviews;   // newest first, without their scorecards
};
// The attempts for `principle` (all when empty), at most `last` (all when negative).
History history_of(const Database& database, const std::string& principle, int last);
// {"attempts": [attempt_json...], "recurring": [{"rule","title","count"}], "mock_interviews": mock_interview_list(...)}
nlohmann::json history_json(const History& history);

// Each person's data (stories, attempts, mock interviews) is read and written for the
// connection's owner: 0 is the single user of the private app; in coaching mode, the
// signed-in user's id (DatabasePool::lease sets it for each request). No method of this
// class reads or changes another owner's rows.
class Database {
 public:
  // Opens (creating the file and its folder if needed) and migrates to the newest
  // schema, or only up to `schema` (for tests of the migrations).
  explicit Database(const std::string& path, int schema = latest_schema());
  ~Database();
  Database(Database&&) noexcept = default;

  static int latest_schema();

  // $XDG_DATA_HOME/starcoach/starcoach.db, else ~/.local/share/starcoach/starcoach.db.
  static std::string default_path();

  const std::string& path() const { return path_; }
  long long owner() const { return owner_; }
  void set_owner(long long owner) { owner_ = owner; }
  // SQLite's own consistency check: "ok" when the file is sound.
  std::string integrity_check() const;
  int schema_version() const;

  // Saves one practice attempt; returns its id.
  long long save_attempt(const Attempt& attempt);
  long long attempt_count() const;
  std::vector<Attempt> attempts() const;  // oldest first
  std::optional<Attempt> attempt(long long id) const;
  // A spoken attempt's recording (a WAV file), kept or replaced; false when the owner has
  // no such attempt. And read back: nullopt when there is none.
  bool keep_recording(long long attempt, const std::string& wav);
  std::optional<std::string> recording(long long attempt) const;
  // Sends an attempt to the owner's coaches (answering an assignment, when not 0); false
  // when the owner has no such attempt. Submitting again changes nothing.
  bool submit_attempt(long long id, long long assignment_id);

  // Replaces everything with the given stories, attempts and mock interviews, ids and
  // times kept, in one transaction (for restoring a backup).
  void replace_all(const std::vector<Story>& stories, const std::vector<Attempt>& attempts,
                   const std::vector<MockInterview>& mock_interviews, const std::map<long long, std::string>& recordings = {});

  // Mock interviews: save returns the new id.
  long long save_mock_interview(const MockInterview& mock);
  std::vector<MockInterview> mock_interviews() const;  // oldest first
  std::optional<MockInterview> mock_interview(long long id) const;

  // The story bank. add_story returns the new id; update_story and remove_story
  // return false when there is no story with that id.
  long long add_story(const Story& story);
  bool update_story(const Story& story);
  bool remove_story(long long id);
  std::vector<Story> stories() const;  // oldest first
  std::optional<Story> story(long long id) const;
  // Shares a story with the owner's coaches, or stops sharing it; false when there is no such story.
  bool share_story(long long id, bool shared);

  // The connection, for the other stores of the same database (Accounts, Coaching).
  sql::Connection& connection() const { return *connection_; }
  bool usable() const { return connection_->usable(); }

 private:
  void migrate(int schema);

  std::string path_;
  std::unique_ptr<sql::Connection> connection_;
  long long owner_ = 0;
};

// Connections for many threads. SQLite's transactions belong to a connection, so threads
// must not share one: each request borrows a connection of its own, and gives it back when
// it is done. The pool grows to the number of requests served at once.
class DatabasePool {
 public:
  // Opens the first connection at once (creating and migrating the database). At most
  // `most` connections are open at once (0: as many as requests); a request beyond them
  // waits for one to come back.
  explicit DatabasePool(std::string path, std::size_t most = 0);

  class Lease {
   public:
    Lease(Lease&&) noexcept = default;
    ~Lease();
    Database& operator*() const { return *connection_; }
    Database* operator->() const { return connection_.get(); }

   private:
    friend class DatabasePool;
    Lease(DatabasePool* pool, std::unique_ptr<Database> connection) : pool_(pool), connection_(std::move(connection)) {}
    DatabasePool* pool_;
    std::unique_ptr<Database> connection_;
  };

  // A connection for this request alone, acting for `owner` (see Database); it goes back
  // to the pool with the lease.
  Lease lease(long long owner = 0);

 private:
  void give_back(std::unique_ptr<Database> connection);

  std::string path_;
  std::size_t most_;
  std::size_t open_ = 0;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Database>> idle_;
};

}  // namespace starcoach::storage
