#include "accounts.hpp"

#include "stores.hpp"

namespace starcoach::storage {

namespace {

std::vector<User> read_users(sql::Statement& query) {
  std::vector<User> found;
  while (query.next_row()) {
    User user;
    user.id = query.integer(0);
    user.email = query.text(1);
    user.name = query.text(2);
    user.role = role_from_text(query.text(3)).value_or(UserRole::candidate);
    user.created_at = query.text(4);
    user.has_password = static_cast<int>(query.integer(5)) != 0;
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
  sql::Query insert(db_.connection(), "INSERT INTO users (email, role, name) VALUES (?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id");
  insert->bind(1, email);
  insert->bind(2, role_name(role));
  insert->bind(3, name);
  if (!insert->next_row()) return std::nullopt;
  const long long id = insert->integer(0);
  insert->run();
  return id;
}

std::optional<User> Accounts::user(long long id) const {
  sql::Query query(db_.connection(), std::string(user_select) + " WHERE id = ?");
  query->bind(1, id);
  return first(read_users(*query));
}

std::optional<User> Accounts::user_by_email(const std::string& email) const {
  sql::Query query(db_.connection(), std::string(user_select) + " WHERE email = ?");
  query->bind(1, email);
  return first(read_users(*query));
}

std::vector<User> Accounts::users() const {
  sql::Query query(db_.connection(), std::string(user_select) + " ORDER BY id");
  return read_users(*query);
}

std::string Accounts::password_hash(long long user) const {
  sql::Query query(db_.connection(), "SELECT password_hash FROM users WHERE id = ?");
  query->bind(1, user);
  return query->next_row() ? query->text(0) : "";
}

void Accounts::set_password_hash(long long user, const std::string& hash) {
  sql::Query update(db_.connection(), "UPDATE users SET password_hash = ? WHERE id = ?");
  update->bind(1, hash);
  update->bind(2, user);
  update->run();
}

void Accounts::delete_user(long long user) {
  db_.connection().transaction([&] {
    // The practice data has an owner, not a foreign key (owner 0 is no user); the rest
    // follows the user by cascade: sessions, links, coaching, cohorts, assignments,
    // memberships, comments and reviews, and the comments on the deleted attempts.
    for (const char* statement : {"DELETE FROM attempts WHERE owner = ?", "DELETE FROM stories WHERE owner = ?",
                            "DELETE FROM mock_interviews WHERE owner = ?", "DELETE FROM sign_in_failures WHERE key = "
                                                                            "(SELECT 'account:' || email FROM users WHERE id = ?)",
                            "DELETE FROM audit_log WHERE user_id = ?", "DELETE FROM users WHERE id = ?"}) {
      sql::Query remove(db_.connection(), statement);
      remove->bind(1, user);
      remove->run();
    }
    return true;
  });
}

void Accounts::add_session(long long user, const std::string& token_hash, int days) {
  sql::Query expired(db_.connection(), "DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?");  // what signing in leaves behind
  expired->bind(1, user);
  expired->bind(2, sql::now());
  expired->run();
  sql::Query insert(db_.connection(), "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)");
  insert->bind(1, token_hash);
  insert->bind(2, user);
  insert->bind(3, sql::days_from_now(days));
  insert->run();
}

std::optional<User> Accounts::session_user(const std::string& token_hash) const {
  sql::Query query(db_.connection(), std::string(user_select) + " WHERE id = (SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?)");
  query->bind(1, token_hash);
  query->bind(2, sql::now());
  return first(read_users(*query));
}

void Accounts::end_session(const std::string& token_hash) {
  sql::Query remove(db_.connection(), "DELETE FROM sessions WHERE token_hash = ?");
  remove->bind(1, token_hash);
  remove->run();
}

void Accounts::end_sessions(long long user) {
  sql::Query remove(db_.connection(), "DELETE FROM sessions WHERE user_id = ?");
  remove->bind(1, user);
  remove->run();
}

void Accounts::add_link(const std::string& token_hash, const Link& link, int days) {
  sql::Query insert(db_.connection(), "INSERT INTO links (token_hash, kind, user_id, created_by, role, cohort_id, expires_at) VALUES "
                                      "(?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, NULLIF(?, 0), ?)");
  insert->bind(1, token_hash);
  insert->bind(2, link.kind);
  insert->bind(3, link.user_id);
  insert->bind(4, link.created_by);
  insert->bind(5, link.role);
  insert->bind(6, link.cohort_id);
  insert->bind(7, sql::days_from_now(days));
  insert->run();
}

std::optional<Link> Accounts::take_link(const std::string& token_hash, const std::string& kind) {
  // One statement finds and spends the link: two requests with the same link cannot both use it.
  const std::string now = sql::now();
  sql::Query update(db_.connection(), "UPDATE links SET used_at = ? WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?"
                                      " RETURNING kind, COALESCE(user_id, 0), COALESCE(created_by, 0), role, COALESCE(cohort_id, 0)");
  update->bind(1, now);
  update->bind(2, token_hash);
  update->bind(3, kind);
  update->bind(4, now);
  if (!update->next_row()) return std::nullopt;
  Link link{update->text(0), update->integer(1), update->integer(2), update->text(3), update->integer(4)};
  update->run();
  return link;
}

void Accounts::record_failure(const std::string& key) {
  sql::Query old(db_.connection(), "DELETE FROM sign_in_failures WHERE key = ? AND at <= ?");  // only the last day counts for anything
  old->bind(1, key);
  old->bind(2, sql::minutes_ago(24 * 60));
  old->run();
  sql::Query insert(db_.connection(), "INSERT INTO sign_in_failures (key, at) VALUES (?, ?)");
  insert->bind(1, key);
  insert->bind(2, sql::now());
  insert->run();
}

int Accounts::failures_since(const std::string& key, int minutes) const {
  sql::Query query(db_.connection(), "SELECT COUNT(*) FROM sign_in_failures WHERE key = ? AND at > ?");
  query->bind(1, key);
  query->bind(2, sql::minutes_ago(minutes));
  return query->next_row() ? static_cast<int>(query->integer(0)) : 0;
}

void Accounts::clear_failures(const std::string& key) {
  sql::Query remove(db_.connection(), "DELETE FROM sign_in_failures WHERE key = ?");
  remove->bind(1, key);
  remove->run();
}

void Accounts::audit(long long user, const std::string& action, const std::string& subject, const std::string& address) {
  sql::Query insert(db_.connection(), "INSERT INTO audit_log (user_id, action, subject, address) VALUES (NULLIF(?, 0), ?, ?, ?)");
  insert->bind(1, user);
  insert->bind(2, action);
  insert->bind(3, subject);
  insert->bind(4, address);
  insert->run();
}

std::vector<AuditEntry> Accounts::audit_log(int last) const {
  sql::Query query(db_.connection(), "SELECT a.id, a.at, COALESCE(a.user_id, 0), COALESCE(u.email, ''), a.action, a.subject, a.address"
                  " FROM audit_log a LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT ?");
  query->bind(1, static_cast<long long>(last));
  std::vector<AuditEntry> found;
  while (query->next_row())
    found.push_back({query->integer(0), query->text(1), query->integer(2), query->text(3),
                     query->text(4), query->text(5), query->text(6)});
  return found;
}

}  // namespace starcoach::storage
