// The secrets of coaching mode, with libsodium: passwords hashed with Argon2id, and
// random tokens (sessions, one-time links) of which only a hash is stored.
#pragma once

#include <string>

namespace starcoach::server::auth {

// Throws std::runtime_error when libsodium cannot start (no source of randomness).
void start();

// Argon2id at libsodium's "interactive" cost: about 64 MiB and a tenth of a second each.
std::string hash_password(const std::string& password);
bool password_matches(const std::string& hash, const std::string& password);
// Why a new password is refused, or empty when it is fine: 10 to 1024 bytes.
std::string password_problem(const std::string& password);

// 32 random bytes, as URL-safe base64 (43 characters).
std::string new_token();
// What the database keeps of a token: its BLAKE2b hash, in hex.
std::string token_hash(const std::string& token);

// The value of cookie `name` in a Cookie header, or empty.
std::string cookie_value(const std::string& header, const std::string& name);

}  // namespace starcoach::server::auth
