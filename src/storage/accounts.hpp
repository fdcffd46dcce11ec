// Coaching mode's accounts: users and their roles, sign-in sessions, one-time links
// (setting a password, invitations), failed sign-ins for the rate limit, and the audit
// log. Secrets are never stored: passwords as Argon2id hashes, tokens as their hashes
// (src/server/auth.hpp makes both).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "database.hpp"

namespace starcoach::storage {

enum class UserRole { admin, coach, candidate };
std::string role_name(UserRole role);
std::optional<UserRole> role_from_text(const std::string& name);

struct User {
  long long id = 0;
  std::string email;
  std::string name;
  UserRole role = UserRole::candidate;
  std::string created_at;
  bool has_password = false;
};

// A one-time link: "password" sets the password of `user_id`; "invitation" creates a
// user of `role`, who joins `created_by` (a coach inviting a candidate) and `cohort_id`.
struct Link {
  std::string kind;
  long long user_id = 0;
  long long created_by = 0;
  std::string role;
  long long cohort_id = 0;
};

struct AuditEntry {
  long long id = 0;
  std::string at;
  long long user_id = 0;
  std::string email;  // of user_id, when the user still exists
  std::string action, subject, address;
};

// Every method runs on the given connection, whatever its owner.
class Accounts {
 public:
  explicit Accounts(Database& database) : db_(database) {}

  // A new user without a password; nullopt when the email is taken.
  std::optional<long long> add_user(const std::string& email, UserRole role, const std::string& name = "");
  std::optional<User> user(long long id) const;
  std::optional<User> user_by_email(const std::string& email) const;
  std::vector<User> users() const;
  std::string password_hash(long long user) const;  // empty: no password set yet
  void set_password_hash(long long user, const std::string& hash);
  // Deletes the user and everything that is theirs: their practice data, their sessions,
  // links, cohorts and assignments (as a coach), comments and reviews they wrote.
  void delete_user(long long user);

  void add_session(long long user, const std::string& token_hash, int days);
  std::optional<User> session_user(const std::string& token_hash) const;  // nullopt when unknown or expired
  void end_session(const std::string& token_hash);
  void end_sessions(long long user);

  void add_link(const std::string& token_hash, const Link& link, int days);
  // The link of that kind, used up in the same step; nullopt when unknown, used or expired.
  std::optional<Link> take_link(const std::string& token_hash, const std::string& kind);

  void record_failure(const std::string& key);
  int failures_since(const std::string& key, int minutes) const;
  void clear_failures(const std::string& key);

  void audit(long long user, const std::string& action, const std::string& subject, const std::string& address);
  std::vector<AuditEntry> audit_log(int last) const;  // newest first

 private:
  Database& db_;
};

}  // namespace starcoach::storage
