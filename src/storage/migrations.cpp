// The schema, as numbered migrations: the one place where the tables are defined. Only
// ever append; each takes the schema from version i to i + 1.
#include "migrations.hpp"

#include <regex>

namespace starcoach::storage {

const std::vector<const char*>& migrations() {
  static const std::vector<const char*> list = {
      // 1: practice attempts.
      "CREATE TABLE attempts ("
      "  id INTEGER PRIMARY KEY,"
      "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
      "  question_id TEXT NOT NULL DEFAULT '',"
      "  question TEXT NOT NULL,"
      "  principle TEXT NOT NULL DEFAULT '',"
      "  answer TEXT NOT NULL,"
      "  score INTEGER NOT NULL,"
      "  spoken_seconds REAL NOT NULL)",
      // 2: the story bank, and the principles each story shows.
      "CREATE TABLE stories ("
      "  id INTEGER PRIMARY KEY,"
      "  title TEXT NOT NULL,"
      "  situation TEXT NOT NULL DEFAULT '',"
      "  task TEXT NOT NULL DEFAULT '',"
      "  action TEXT NOT NULL DEFAULT '',"
      "  result TEXT NOT NULL DEFAULT '',"
      "  role TEXT NOT NULL DEFAULT '',"
      "  summary TEXT NOT NULL DEFAULT '',"
      "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
      "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
      "CREATE TABLE story_principles ("
      "  story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,"
      "  principle TEXT NOT NULL,"
      "  strength INTEGER NOT NULL,"
      "  PRIMARY KEY (story_id, principle))",
      // 3: what the history shows of each attempt.
      "ALTER TABLE attempts ADD COLUMN seconds_spent REAL NOT NULL DEFAULT 0;"
      "ALTER TABLE attempts ADD COLUMN sub_scores TEXT NOT NULL DEFAULT '{}';"
      "ALTER TABLE attempts ADD COLUMN findings TEXT NOT NULL DEFAULT '[]'",
      // 4: how a spoken attempt was delivered, and the scorecards of mock interviews.
      "ALTER TABLE attempts ADD COLUMN delivery TEXT NOT NULL DEFAULT 'null';"
      "CREATE TABLE mock_interviews ("
      "  id INTEGER PRIMARY KEY,"
      "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
      "  score INTEGER NOT NULL,"
      "  questions INTEGER NOT NULL,"
      "  scorecard TEXT NOT NULL)",
      // 5: accounts for coaching mode. Each person's rows carry their owner: 0 is the single
      // user of the private app, else a user's id. An attempt is private until submitted to
      // the candidate's coaches; a story until shared with them.
      "ALTER TABLE attempts ADD COLUMN owner INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE attempts ADD COLUMN submitted_at TEXT;"
      "ALTER TABLE attempts ADD COLUMN assignment_id INTEGER;"
      "ALTER TABLE stories ADD COLUMN owner INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE stories ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE mock_interviews ADD COLUMN owner INTEGER NOT NULL DEFAULT 0;"
      "CREATE INDEX attempts_by_owner ON attempts (owner, id);"
      "CREATE INDEX stories_by_owner ON stories (owner, id);"
      "CREATE INDEX mock_interviews_by_owner ON mock_interviews (owner, id);"
      "CREATE TABLE users ("
      "  id INTEGER PRIMARY KEY,"
      "  email TEXT NOT NULL UNIQUE,"
      "  name TEXT NOT NULL DEFAULT '',"
      "  role TEXT NOT NULL CHECK (role IN ('admin', 'coach', 'candidate')),"
      "  password_hash TEXT NOT NULL DEFAULT '',"
      "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
      "CREATE TABLE sessions ("
      "  token_hash TEXT PRIMARY KEY,"
      "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
      "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
      "  expires_at TEXT NOT NULL);"
      "CREATE INDEX sessions_by_user ON sessions (user_id);"
      // One-time links: setting a password, or joining as an invited user.
      "CREATE TABLE links ("
      "  token_hash TEXT PRIMARY KEY,"
      "  kind TEXT NOT NULL CHECK (kind IN ('password', 'invitation')),"
      "  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
      "  created_by INTEGER REFERENCES users(id) ON DELETE CASCADE,"
      "  role TEXT NOT NULL DEFAULT '',"
      "  cohort_id INTEGER,"
      "  expires_at TEXT NOT NULL,"
      "  used_at TEXT);"
      "CREATE TABLE sign_in_failures (key TEXT NOT NULL, at TEXT NOT NULL);"
      "CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);"
      "CREATE TABLE coaching ("
      "  coach_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
      "  candidate_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
      "  PRIMARY KEY (coach_id, candidate_id));"
      "CREATE TABLE cohorts ("
      "  id INTEGER PRIMARY KEY,"
      "  coach_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
      "  name TEXT NOT NULL,"
      "  criteria TEXT NOT NULL DEFAULT '{}',"
      "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
      "CREATE TABLE cohort_members ("
      "  cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,"
      "  candidate_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
      "  PRIMARY KEY (cohort_id, candidate_id));"
      "CREATE TABLE assignments ("
      "  id INTEGER PRIMARY KEY,"
      "  coach_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
      "  candidate_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
      "  cohort_id INTEGER REFERENCES cohorts(id) ON DELETE CASCADE,"
      "  question_id TEXT NOT NULL DEFAULT '',"
      "  question TEXT NOT NULL,"
      "  principle TEXT NOT NULL DEFAULT '',"
      "  due_at TEXT NOT NULL,"
      "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
      "CREATE TABLE comments ("
      "  id INTEGER PRIMARY KEY,"
      "  attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,"
      "  author_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
      "  span_start INTEGER NOT NULL,"
      "  span_end INTEGER NOT NULL,"
      "  text TEXT NOT NULL,"
      "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
      // A coach's word on the analyser's findings: one dismissed (with the reason), or one added.
      "CREATE TABLE finding_reviews ("
      "  id INTEGER PRIMARY KEY,"
      "  attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,"
      "  author_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
      "  rule TEXT NOT NULL,"
      "  kind TEXT NOT NULL CHECK (kind IN ('dismissed', 'added')),"
      "  text TEXT NOT NULL,"
      "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));"
      "CREATE TABLE audit_log ("
      "  id INTEGER PRIMARY KEY,"
      "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
      "  user_id INTEGER,"
      "  action TEXT NOT NULL,"
      "  subject TEXT NOT NULL DEFAULT '',"
      "  address TEXT NOT NULL DEFAULT '')",
      // 6: a spoken attempt's recording, kept when the candidate chooses to (for their coach).
      "CREATE TABLE attempt_recordings ("
      "  attempt_id INTEGER PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,"
      "  wav BLOB NOT NULL)",
  };
  return list;
}

// Where PostgreSQL differs: ids are BIGINT (an "id INTEGER PRIMARY KEY" is an identity
// column), real numbers DOUBLE PRECISION, bytes BYTEA, and the clock of a column's default
// is to_char(now()) written as SQLite's strftime writes it.
std::string migration_text(int index, sql::Dialect dialect) {
  std::string text = migrations().at(static_cast<std::size_t>(index));
  if (dialect == sql::Dialect::sqlite) return text;
  static const std::vector<std::pair<std::regex, std::string>> rules = {
      {std::regex(R"(\bid INTEGER PRIMARY KEY\b)"), "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
      {std::regex(R"(\bINTEGER\b)"), "BIGINT"},
      {std::regex(R"(\bREAL\b)"), "DOUBLE PRECISION"},
      {std::regex(R"(\bBLOB\b)"), "BYTEA"},
      {std::regex(R"(strftime\('%Y-%m-%dT%H:%M:%fZ', 'now'\))"),
       R"(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))"},
  };
  for (const auto& [pattern, replacement] : rules) text = std::regex_replace(text, pattern, replacement);
  return text;
}

}  // namespace starcoach::storage
