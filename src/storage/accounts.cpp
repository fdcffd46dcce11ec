#include "accounts.hpp"

#include "statement.hpp"

namespace starcoach::storage {

namespace {

// SQLite's clock, written the way every time in the database is.
const char* const now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

std::vector<User> read_users(Statement& query) {
  std::vector<User> found;
  while (query.next_row()) {
    User user;
    user.id = sqlite3_column_int64(query.get(), 0);
    user.email = query.text(1);
    user.name = query.text(2);
    user.role = role_from_text(query.text(3)).value_or(UserRole::candidate);
    user.created_at = query.text(4);
    user.has_password = sqlite3_column_int(query.get(), 5) != 0;
    found.push_back(std::move(user));
  }
  return found;
}

const char* const user_select = "SELECT id, email, name, role, created_at, password_hash <> '' FROM users";

std::optional<User> first(std::vector<User> users) {
  if (users.empty()) return std::nullopt;
  return std::move(users.front());
}

}  // namespace

std::string role_name(UserRole role) {
  switch (role) {
    case UserRole::admin: return "admin";
    case UserRole::coach: return "coach";
    case UserRole::candidate: return "candidate";
  }
  return "candidate";
}

std::optional<UserRole> role_from_text(const std::string& name) {
  for (UserRole role : {UserRole::admin, UserRole::coach, UserRole::candidate})
    if (role_name(role) == name) return role;
  return std::nullopt;
}

std::optional<long long> Accounts::add_user(const std::string& email, UserRole role, const std::string& name) {
  Statement insert(db_.handle(), "INSERT INTO users (email, role, name) VALUES (?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id");
  insert.bind(1, email);
  insert.bind(2, role_name(role));
  insert.bind(3, name);
  if (!insert.next_row()) return std::nullopt;
  const long long id = sqlite3_column_int64(insert.get(), 0);
  while (insert.next_row()) {
  }
  return id;
}

std::optional<User> Accounts::user(long long id) const {
  Statement query(db_.handle(), std::string(user_select) + " WHERE id = ?");
  query.bind(1, id);
  return first(read_users(query));
}

std::optional<User> Accounts::user_by_email(const std::string& email) const {
  Statement query(db_.handle(), std::string(user_select) + " WHERE email = ?");
  query.bind(1, email);
  return first(read_users(query));
}

std::vector<User> Accounts::users() const {
  Statement query(db_.handle(), std::string(user_select) + " ORDER BY id");
  return read_users(query);
}

std::string Accounts::password_hash(long long user) const {
  Statement query(db_.handle(), "SELECT password_hash FROM users WHERE id = ?");
  query.bind(1, user);
  return query.next_row() ? query.text(0) : "";
}

void Accounts::set_password_hash(long long user, const std::string& hash) {
  Statement update(db_.handle(), "UPDATE users SET password_hash = ? WHERE id = ?");
  update.bind(1, hash);
  update.bind(2, user);
  step_done(update, db_.handle(), db_.path());
}

void Accounts::delete_user(long long user) {
  in_transaction(db_.handle(), db_.path(), [&] {
    // The practice data has an owner, not a foreign key (owner 0 is no user); the rest
    // follows the user by cascade: sessions, links, coaching, cohorts, assignments,
    // memberships, comments and reviews, and the comments on the deleted attempts.
    for (const char* sql : {"DELETE FROM attempts WHERE owner = ?", "DELETE FROM stories WHERE owner = ?",
                            "DELETE FROM mock_interviews WHERE owner = ?", "DELETE FROM sign_in_failures WHERE key = "
                                                                            "(SELECT 'account:' || email FROM users WHERE id = ?)",
                            "DELETE FROM audit_log WHERE user_id = ?", "DELETE FROM users WHERE id = ?"}) {
      Statement remove(db_.handle(), sql);
      remove.bind(1, user);
      step_done(remove, db_.handle(), db_.path());
    }
    return true;
  });
}

void Accounts::add_session(long long user, const std::string& token_hash, int days) {
  Statement insert(db_.handle(), std::string("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, "
                                             "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || ? || ' days'))"));
  insert.bind(1, token_hash);
  insert.bind(2, user);
  insert.bind(3, static_cast<long long>(days));
  step_done(insert, db_.handle(), db_.path());
}

std::optional<User> Accounts::session_user(const std::string& token_hash) const {
  Statement query(db_.handle(), std::string(user_select) +
                                    " WHERE id = (SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > " + now + ")");
  query.bind(1, token_hash);
  return first(read_users(query));
}

void Accounts::end_session(const std::string& token_hash) {
  Statement remove(db_.handle(), "DELETE FROM sessions WHERE token_hash = ?");
  remove.bind(1, token_hash);
  step_done(remove, db_.handle(), db_.path());
}

void Accounts::end_sessions(long long user) {
  Statement remove(db_.handle(), "DELETE FROM sessions WHERE user_id = ?");
  remove.bind(1, user);
  step_done(remove, db_.handle(), db_.path());
}

void Accounts::add_link(const std::string& token_hash, const Link& link, int days) {
  Statement insert(db_.handle(),
                   "INSERT INTO links (token_hash, kind, user_id, created_by, role, cohort_id, expires_at) VALUES "
                   "(?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, NULLIF(?, 0), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+' || ? || ' days'))");
  insert.bind(1, token_hash);
  insert.bind(2, link.kind);
  insert.bind(3, link.user_id);
  insert.bind(4, link.created_by);
  insert.bind(5, link.role);
  insert.bind(6, link.cohort_id);
  insert.bind(7, static_cast<long long>(days));
  step_done(insert, db_.handle(), db_.path());
}

std::optional<Link> Accounts::take_link(const std::string& token_hash, const std::string& kind) {
  // One statement finds and spends the link: two requests with the same link cannot both use it.
  Statement update(db_.handle(), std::string("UPDATE links SET used_at = ") + now +
                                     " WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND expires_at > " + now +
                                     " RETURNING kind, COALESCE(user_id, 0), COALESCE(created_by, 0), role, COALESCE(cohort_id, 0)");
  update.bind(1, token_hash);
  update.bind(2, kind);
  if (!update.next_row()) return std::nullopt;
  Link link{update.text(0), sqlite3_column_int64(update.get(), 1), sqlite3_column_int64(update.get(), 2), update.text(3),
            sqlite3_column_int64(update.get(), 4)};
  while (update.next_row()) {
  }
  return link;
}

void Accounts::record_failure(const std::string& key) {
  Statement insert(db_.handle(), std::string("INSERT INTO sign_in_failures (key, at) VALUES (?, ") + now + ")");
  insert.bind(1, key);
  step_done(insert, db_.handle(), db_.path());
}

int Accounts::failures_since(const std::string& key, int minutes) const {
  Statement query(db_.handle(),
                  "SELECT COUNT(*) FROM sign_in_failures WHERE key = ? AND at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ? || ' minutes')");
  query.bind(1, key);
  query.bind(2, static_cast<long long>(minutes));
  return query.next_row() ? sqlite3_column_int(query.get(), 0) : 0;
}

void Accounts::clear_failures(const std::string& key) {
  Statement remove(db_.handle(), "DELETE FROM sign_in_failures WHERE key = ?");
  remove.bind(1, key);
  step_done(remove, db_.handle(), db_.path());
}

void Accounts::audit(long long user, const std::string& action, const std::string& subject, const std::string& address) {
  Statement insert(db_.handle(), "INSERT INTO audit_log (user_id, action, subject, address) VALUES (NULLIF(?, 0), ?, ?, ?)");
  insert.bind(1, user);
  insert.bind(2, action);
  insert.bind(3, subject);
  insert.bind(4, address);
  step_done(insert, db_.handle(), db_.path());
}

std::vector<AuditEntry> Accounts::audit_log(int last) const {
  Statement query(db_.handle(),
                  "SELECT a.id, a.at, COALESCE(a.user_id, 0), COALESCE(u.email, ''), a.action, a.subject, a.address"
                  " FROM audit_log a LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT ?");
  query.bind(1, static_cast<long long>(last));
  std::vector<AuditEntry> found;
  while (query.next_row())
    found.push_back({sqlite3_column_int64(query.get(), 0), query.text(1), sqlite3_column_int64(query.get(), 2), query.text(3),
                     query.text(4), query.text(5), query.text(6)});
  return found;
}

}  // namespace starcoach::storage
