// `starcoach serve`: the practice web app and its JSON API, from the one binary.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace starcoach::server {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (the chosen address is printed)
  std::string database;  // the SQLite file; empty: storage::Database::default_path()
  std::vector<std::string> allowed_hosts;  // names this server also answers to (--allow-host)
  bool allow_remote = false;  // listening on anything but loopback is a decision (--allow-remote)
  bool accounts = false;        // coaching mode: users sign in (--accounts)
  bool secure_cookies = false;  // the session cookie only over HTTPS, behind a proxy that speaks it (--secure-cookies)
  bool trust_proxy = false;     // the client's address is the last X-Forwarded-For entry (--trust-proxy)
  std::size_t connections = 16; // database connections at most (--connections); each handler thread needs one
};

// The API's routes and who may call each: "open", "own", "coach" or "admin".
struct RouteInfo {
  std::string method, pattern, access, who;
  bool accounts_only = false;
};
std::vector<RouteInfo> route_list();

// True when `host` is a loopback address (127.x.y.z, ::1, localhost).
bool is_loopback(const std::string& host);

// Serves until SIGINT or SIGTERM, then lets requests in flight finish. `announce` is
// called once with the address, e.g. "http://127.0.0.1:8080/". Returns 0 after a clean
// stop and -1 when the address cannot be bound; throws storage::DatabaseError when the
// database cannot be opened.
int serve(const ServeOptions& options, const std::function<void(const std::string&)>& announce);

}  // namespace starcoach::server
