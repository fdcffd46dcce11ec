#include "server.hpp"

#include <sys/resource.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "accounts.hpp"
#include "api.hpp"
#include "auth.hpp"
#include "coaching.hpp"
#include "coaching_api.hpp"
#include "http_parts.hpp"
#include "work_queue.hpp"
#include "starcoach/embedded.hpp"
#include "starcoach/json.hpp"

namespace starcoach {
std::span<const EmbeddedFile> web_assets();  // generated from web/ (cmake/embed.cmake)
}

namespace starcoach::server {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

constexpr std::size_t largest_body = 64 * 1024;
// A recording for /api/transcribe or to keep (PUT /api/recordings/ID): 16 kHz 16-bit mono
// is 32 KB a second, so about four minutes.
constexpr std::size_t largest_recording = 8 * 1024 * 1024;
const std::string transcribe_route = "/api/transcribe";
const std::string recordings_route = "/api/recordings/";
// The routes whose body is a recording (audio/wav) rather than JSON.
bool takes_recording(const std::string& path) { return path == transcribe_route || path.rfind(recordings_route, 0) == 0; }
// Recordings that may wait for the recogniser while it transcribes another.
constexpr std::size_t most_waiting_recordings = 4;

// What a client may send and how slowly. A request's head (request line and headers)
// must arrive whole within head_deadline of the connection opening or of the previous
// answer; a body must keep up with slowest_body_rate, after a head start.
constexpr std::size_t largest_head = 16 * 1024;
constexpr std::size_t most_headers = 100;
constexpr std::size_t longest_target = 8 * 1024;
constexpr auto head_deadline = 5s;
constexpr std::size_t slowest_body_rate = 32 * 1024;  // bytes a second
// Threads that run the handlers (database reads and writes, waiting for an analysis or
// the recogniser); the network itself is served by the event loop, which never waits.
constexpr int handler_threads = 16;

std::chrono::steady_clock::duration allowed_for(std::size_t bytes) {
  return head_deadline + std::chrono::seconds(bytes / slowest_body_rate);
}

// No inline script or style, nothing from elsewhere: the page is only its own files.
const char* content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// A reply ready to send.
struct Answer {
  int status = 200;
  std::string body;
  std::string type = "application/json; charset=utf-8";
  std::string cache = "no-store";
  std::string retry_after;  // seconds, for "busy"
  bool close = false;       // the connection cannot be used again (its body was not read)
  std::vector<std::string> cookies;  // Set-Cookie values
};

Answer answer(const Reply& reply) {
  Answer written;
  written.status = reply.status;
  written.body = dump_json(reply.body, -1);
  written.cookies = reply.cookies;
  return written;
}

Answer refusal(int status, const std::string& code, const std::string& message) {
  Answer refused = answer(error_reply(status, code, message));
  refused.close = true;
  return refused;
}

const char* content_type(std::string_view path) {
  if (path.ends_with(".html")) return "text/html; charset=utf-8";
  if (path.ends_with(".css")) return "text/css; charset=utf-8";
  if (path.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (path.ends_with(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

// What a handler sees of a request.
struct Request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> query;
  std::string body;
  long long id = 0;  // the number at the end of /api/stories/17 and the like
  std::string cookie;   // the Cookie header
  std::string address;  // the client's IP address
};

// A route: a method and a path, where "{id}" stands for a number of 1 to 15 digits and
// "{name}" for any one path segment (passed as the request's path's last segment), and
// who may call it. Every route says so here, and the gate (below) holds them to it.
struct Route {
  std::string method;
  std::string pattern;
  Access access = Access::open;
  bool quick = false;          // answered on the event loop: no database, no analysis, no caller
  bool accounts_only = false;  // exists in coaching mode only (signing in and the like)
  std::function<Answer(const Request&, const Caller&)> handle;
};

bool matches(const std::string& pattern, const std::string& path, long long& id) {
  const std::size_t hole = pattern.find('{');
  if (hole == std::string::npos) return pattern == path;
  if (path.size() <= hole || path.compare(0, hole, pattern, 0, hole) != 0) return false;
  const std::string_view rest = std::string_view(path).substr(hole);
  if (rest.find('/') != std::string_view::npos) return false;
  if (pattern.compare(hole, std::string::npos, "{name}") == 0) return true;
  if (rest.size() > 15 || !std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  id = std::stoll(std::string(rest));
  return true;
}

// What a request must be before it is served. A web page on another site can make the
// user's browser send requests here: the Host check stops DNS rebinding (a hostile name
// that resolves to this computer), and a state-changing request must carry JSON (which a
// page on another origin cannot send without the browser asking first, and this server
// never says yes: it sends no CORS headers) and, when the browser says where it comes
// from, come from this server's own origin.
class RequestGuard {
 public:
  explicit RequestGuard(const ServeOptions& options) {
    hosts_.insert(lower_case(options.host));
    if (is_loopback(options.host)) hosts_.insert({"localhost", "127.0.0.1", "::1"});
    for (const std::string& name : options.allowed_hosts) hosts_.insert(lower_case(name));
  }

  std::optional<Answer> refuse(const http::request_header<>& head, const std::string& path) const {
    const std::string host = field(head, http::field::host);
    if (!hosts_.count(host_name(host)))
      return refusal(421, "wrong_host", "this server does not answer to that host name (see starcoach serve --allow-host)");
    const auto method = head.method();
    const bool changes = method == http::verb::post || method == http::verb::put || method == http::verb::delete_ ||
                         method == http::verb::patch;
    // Behind a proxy that speaks HTTPS, the page's origin is https:// and the host the same.
    const std::string origin = field(head, http::field::origin);
    if (changes && head.count(http::field::origin) && origin != "http://" + host && origin != "https://" + host)
      return refusal(403, "wrong_origin", "requests from another site are not accepted");
    const bool recording = takes_recording(path);
    if ((method == http::verb::post || method == http::verb::put) &&
        !has_type(field(head, http::field::content_type), recording ? "audio/wav" : "application/json"))
      return refusal(415, "wrong_content_type",
                     recording ? "send the recording with Content-Type: audio/wav" : "send JSON with Content-Type: application/json");
    const std::string encoding = lower_case(field(head, http::field::content_encoding));
    if (!encoding.empty() && encoding != "identity")
      return refusal(415, "compressed_body", "compressed request bodies are not accepted; send the body as it is");
    // Only recordings may be large, or of unknown length (chunked, in any spelling); the
    // parser counts what it receives against the limit, whatever the encoding.
    const std::string transfer = lower_case(field(head, http::field::transfer_encoding));
    if (!transfer.empty() && (!recording || transfer != "chunked")) {
      if (!recording || transfer.find("chunked") != std::string::npos)
        return refusal(413, "too_large", recording ? "the recording is larger than 8 MiB (about four minutes)"
                                                   : "the body is larger than 64 KiB, or of unknown length");
      return refusal(415, "compressed_body", "compressed request bodies are not accepted; send the body as it is");
    }
    return std::nullopt;
  }

 private:
  static std::string field(const http::request_header<>& head, http::field name) {
    auto found = head.find(name);
    return found == head.end() ? std::string() : std::string(found->value());
  }
  // "127.0.0.1:8080" -> "127.0.0.1", "[::1]:8080" -> "::1", lower case.
  static std::string host_name(const std::string& host) {
    if (!host.empty() && host.front() == '[') return lower_case(host.substr(1, host.find(']') - 1));
    return lower_case(host.substr(0, host.find(':')));
  }
  static bool has_type(std::string type, const std::string& wanted) {
    type = lower_case(type.substr(0, type.find(';')));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    return type == wanted || (wanted == "audio/wav" && (type == "audio/x-wav" || type == "audio/wave"));
  }
  std::set<std::string> hosts_;
};

// Who is calling, and whether they may call the route: the answer when they may not.
// In the private app everyone is its one user (owner 0) and coaching routes do not exist;
// in coaching mode the session cookie names the user, and the route's Access decides.
class Gate {
 public:
  Gate(storage::DatabasePool& databases, bool accounts) : databases_(databases), accounts_(accounts) {}

  std::optional<Answer> admit(const Route& route, const Request& request, Caller& caller) const {
    caller.address = request.address;
    if (!accounts_) {
      if (route.accounts_only || route.access == Access::coach || route.access == Access::admin)
        return answer(error_reply(404, "no_accounts", "this server runs without accounts (start it with starcoach serve --accounts)"));
      return std::nullopt;
    }
    const std::string token = auth::cookie_value(request.cookie, session_cookie);
    if (!token.empty() && token.size() <= 100) {
      auto database = databases_.lease();
      caller.session_hash = auth::token_hash(token);
      caller.user = storage::Accounts(*database).session_user(caller.session_hash);
      if (caller.user) {
        caller.owner = caller.user->id;
        if (const auto criteria = storage::Coaching(*database).criteria_for(caller.owner)) {
          try {
            caller.criteria = criteria_from_json(*criteria);
          } catch (const InputError&) {  // saved before a rule was retired: the rest of the practice goes on
          }
        }
      }
    }
    if (route.access == Access::open) return std::nullopt;
    if (!caller.user) return answer(error_reply(401, "sign_in", "sign in first"));
    const storage::UserRole role = caller.user->role;
    if ((route.access == Access::coach && role != storage::UserRole::coach) ||
        (route.access == Access::admin && role != storage::UserRole::admin))
      return answer(error_reply(403, "forbidden", std::string("only ") + access_name(route.access) + " may do this"));
    return std::nullopt;
  }

  bool accounts() const { return accounts_; }

 private:
  storage::DatabasePool& databases_;
  bool accounts_;
};

class Connection;

// Everything the connections share.
struct Shared {
  const RequestGuard& guard;
  const Gate& gate;
  bool trust_proxy;
  const std::vector<Route>& routes;
  net::io_context& events;
  net::thread_pool& handlers;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> open{0};
  std::mutex connections_guard{};
  std::set<Connection*> connections{};  // for closing the idle ones at the stop
};

// The answer to a request whose head passed the guard and whose body arrived.
Answer handle(const Route& route, const Request& request, const Gate& gate) {
  try {
    Caller caller;
    if (!route.quick)
      if (std::optional<Answer> refused = gate.admit(route, request, caller)) return std::move(*refused);
    return route.handle(request, caller);
  } catch (const storage::DatabaseError& database_error) {
    // The details (which file, why) go to the server's own log, never to the client.
    std::fprintf(stderr, "starcoach serve: %s\n", database_error.what());
    return answer(error_reply(503, "storage", "the practice database could not be read or written; try again"));
  } catch (...) {
    return answer(error_reply(500, "internal", "the server failed on this request"));
  }
}

// One client's connection, served on its own strand of the event loop: it reads a head
// (within a deadline), judges it, reads the body (at a minimum rate), hands the request
// to a handler thread unless it is quick, writes the answer, and waits for the next
// request on the same connection.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) { ++shared_.open; }
  ~Connection() {
    std::lock_guard lock(shared_.connections_guard);
    shared_.connections.erase(this);
    --shared_.open;
  }

  void start() {
    {
      std::lock_guard lock(shared_.connections_guard);
      shared_.connections.insert(this);
    }
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_head(); });
  }

  // At the stop: a connection waiting for a request is closed; one being answered finishes.
  void close_if_waiting() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->waiting_) self->stream_.socket().close();
    });
  }

 private:
  void read_head() {
    if (shared_.stopping) return close();
    request_ = Request{};
    keep_alive_ = false;
    parser_.emplace();
    parser_->header_limit(largest_head);
    // The body's limit depends on the route: it is set once the head is judged.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    waiting_ = true;
    stream_.expires_after(head_deadline);
    http::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      self->waiting_ = false;
      self->on_head(error);
    });
  }

  void on_head(beast::error_code error) {
    if (error == http::error::header_limit)
      return send(refusal(431, "head_too_large", "the request's headers are larger than 16 KiB"));
    if (error) return not_http(error) ? send(refusal(400, "bad_request", "the request could not be read")) : close();
    const auto& head = parser_->get();
    version_ = head.version();
    if (std::distance(head.begin(), head.end()) > static_cast<std::ptrdiff_t>(most_headers))
      return send(refusal(431, "too_many_headers", "the request has more than 100 headers"));
    if (head.target().size() > longest_target) return send(refusal(414, "too_long", "the address is too long"));
    request_.method = std::string(head.method_string());
    request_.cookie = std::string(head[http::field::cookie]);
    request_.address = client_address(head);
    const std::string target(head.target());
    request_.path = percent_decoded(target.substr(0, target.find('?')), false);
    if (target.find('?') != std::string::npos) request_.query = query_of(target.substr(target.find('?') + 1));
    if (auto refused = shared_.guard.refuse(head, request_.path)) return send(std::move(*refused));

    const bool recording = takes_recording(request_.path);
    const std::size_t limit = recording ? largest_recording : largest_body;
    if (parser_->content_length() && *parser_->content_length() > limit)
      return send(refusal(413, "too_large", recording ? "the recording is larger than 8 MiB (about four minutes)"
                                                      : "the body is larger than 64 KiB, or of unknown length"));
    parser_->body_limit(limit);
    if (parser_->is_done()) return dispatch();
    if (beast::iequals(head[http::field::expect], "100-continue")) {
      // The client waits for a word before it sends the body.
      auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, head.version());
      stream_.expires_after(head_deadline);
      return http::async_write(stream_, *go_on, [self = shared_from_this(), go_on, limit](beast::error_code error, std::size_t) {
        if (error) return self->close();
        self->read_body(limit);
      });
    }
    read_body(limit);
  }

  void read_body(std::size_t limit) {
    stream_.expires_after(allowed_for(parser_->content_length().value_or(limit)));
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      if (error == http::error::body_limit)
        return self->send(refusal(413, "too_large", takes_recording(self->request_.path)
                                                        ? "the recording is larger than 8 MiB (about four minutes)"
                                                        : "the body is larger than 64 KiB"));
      if (error) return not_http(error) ? self->send(refusal(400, "bad_request", "the request could not be read")) : self->close();
      self->dispatch();
    });
  }

  // The client's IP address: the connection's, or behind a trusted proxy the last one
  // the proxy added to X-Forwarded-For.
  std::string client_address(const http::request_header<>& head) {
    const std::string forwarded(head["X-Forwarded-For"]);
    if (shared_.trust_proxy && !forwarded.empty()) {
      std::string last = forwarded.substr(forwarded.rfind(',') == std::string::npos ? 0 : forwarded.rfind(',') + 1);
      std::erase(last, ' ');
      return last.substr(0, 64);
    }
    beast::error_code error;
    const tcp::endpoint peer = stream_.socket().remote_endpoint(error);
    return error ? "" : peer.address().to_string();
  }

  // The client sent something that is not HTTP (rather than going away or being slow).
  static bool not_http(beast::error_code error) {
    return error.category() == beast::error_code(http::error::bad_target).category() &&
           error != http::error::end_of_stream && error != http::error::partial_message;
  }

  void dispatch() {
    // What the answer needs of the request's head, before the parser hands the message over.
    version_ = parser_->get().version();
    keep_alive_ = parser_->get().keep_alive();
    request_.body = parser_->release().body();
    const Route* found = nullptr;
    bool other_method = false;
    const std::string method = request_.method == "HEAD" ? "GET" : request_.method;
    for (const Route& route : shared_.routes) {
      if (!matches(route.pattern, request_.path, request_.id)) continue;
      if (route.method == method) {
        found = &route;
        break;
      }
      other_method = true;
    }
    if (!found) {
      return send(other_method ? answer(error_reply(405, "method_not_allowed", "this route does not take " + request_.method))
                               : answer(error_reply(404, "not_found", "no such page or API route: " + request_.path)));
    }
    if (found->quick) return send(handle(*found, request_, shared_.gate));
    // The handler thread hands the answer back to this connection's strand; the guard
    // keeps the event loop running until it has.
    net::post(shared_.handlers, [self = shared_from_this(), found, work = net::make_work_guard(shared_.events)] {
      Answer answered = handle(*found, self->request_, self->shared_.gate);
      net::post(self->stream_.get_executor(),
                [self, answered = std::move(answered)]() mutable { self->send(std::move(answered)); });
    });
  }

  void send(Answer answered) {
    auto reply = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(answered.status),
                                                                    version_);
    reply->set(http::field::content_type, answered.type);
    reply->set(http::field::cache_control, answered.cache);
    if (!answered.retry_after.empty()) reply->set(http::field::retry_after, answered.retry_after);
    for (const std::string& cookie : answered.cookies) reply->insert(http::field::set_cookie, cookie);
    reply->set("Content-Security-Policy", content_security_policy);
    reply->set("X-Content-Type-Options", "nosniff");
    reply->set("X-Frame-Options", "DENY");
    reply->set("Referrer-Policy", "no-referrer");
    const bool keep = !answered.close && !shared_.stopping && keep_alive_;
    reply->keep_alive(keep);
    const std::size_t size = answered.body.size();
    reply->body() = std::move(answered.body);
    reply->prepare_payload();
    if (request_.method == "HEAD") {
      reply->body().clear();
      reply->content_length(size);
    }
    stream_.expires_after(allowed_for(size));
    http::async_write(stream_, *reply, [self = shared_from_this(), reply, keep](beast::error_code error, std::size_t) {
      if (error || !keep) return self->close();
      self->read_head();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;
  bool waiting_ = false;  // for a request's head
  unsigned version_ = 11;     // of the request being answered (HTTP/1.1 until a head is read)
  bool keep_alive_ = false;   // whether its client asked to keep the connection
};

// The page, its files and the JSON API, each route with who may call it.
std::vector<Route> routes(storage::DatabasePool& databases, WorkQueue& analyses, WorkQueue& transcriptions,
                          const ServeOptions& options) {
  std::vector<Route> table;
  // The page and its files, from the copies compiled into the binary.
  for (const EmbeddedFile& file : web_assets()) {
    const std::string url = file.path == "web/index.html" ? "/" : "/" + std::string(file.path.substr(4));
    table.push_back({"GET", url, Access::open, true, false, [file](const Request&, const Caller&) {
                       Answer page;
                       page.body = std::string(file.contents);
                       page.type = content_type(file.path);
                       page.cache = "no-cache";
                       return page;
                     }});
  }
  const bool secure = options.secure_cookies;
  // A route whose handler gives a Reply.
  auto route = [&table](std::string method, std::string pattern, Access access, auto handler, bool quick = false,
                        bool accounts_only = false) {
    table.push_back({std::move(method), std::move(pattern), access, quick, accounts_only,
                     [handler](const Request& request, const Caller& caller) { return answer(handler(request, caller)); }});
  };
  // Each request that reads or writes the database borrows a connection of its own,
  // acting for the caller.
  auto with_database = [&databases](Reply (*handler)(const Call&)) {
    return [&databases, handler](const Request& request, const Caller& caller) {
      auto database = databases.lease(caller.owner);
      return handler(Call{request.body, request.id, request.query, caller, *database});
    };
  };
  // The same, for handlers that set or end a session's cookie.
  auto with_cookies = [&databases, secure](Reply (*handler)(const Call&, bool)) {
    return [&databases, handler, secure](const Request& request, const Caller& caller) {
      auto database = databases.lease(caller.owner);
      return handler(Call{request.body, request.id, request.query, caller, *database}, secure);
    };
  };
  // Routes that analyse text run on the work queue, one analysis per core at a time, with
  // the criteria of the candidate's coach.
  auto analysed = [&analyses](Reply (*handler)(const std::string&, const Criteria*)) {
    return [&analyses, handler](const Request& request, const Caller& caller) {
      return analyses.run([&] { return handler(request.body, caller.criteria.get()); });
    };
  };
  auto plain = [&analyses](Reply (*handler)(const std::string&)) {
    return [&analyses, handler](const Request& request, const Caller&) { return analyses.run([&] { return handler(request.body); }); };
  };
  // Signing in hashes a password (64 MiB, a tenth of a second): on the work queue too.
  auto hashing = [&analyses, &databases, secure](Reply (*handler)(const Call&, bool)) {
    return [&analyses, &databases, handler, secure](const Request& request, const Caller& caller) {
      return analyses.run([&] {
        auto database = databases.lease(caller.owner);
        return handler(Call{request.body, request.id, request.query, caller, *database}, secure);
      });
    };
  };
  auto own = [&databases](auto handler) {
    return [&databases, handler](const Request& request, const Caller& caller) { return handler(request, *databases.lease(caller.owner)); };
  };
  const bool accounts = options.accounts;

  // The method's knowledge and the page's settings: anyone.
  route("GET", "/api/health", Access::open, [](const Request&, const Caller&) { return get_health(); }, true);
  route("GET", "/api/settings", Access::open, [](const Request&, const Caller&) { return get_settings(); });
  route("GET", "/api/principles", Access::open, [](const Request&, const Caller&) { return get_principles(); });
  route("GET", "/api/principles/{name}", Access::open,
        [](const Request& request, const Caller&) { return get_principle(request.path.substr(request.path.rfind('/') + 1)); });
  route("GET", "/api/questions", Access::open, [](const Request& request, const Caller&) { return get_questions(request.query); });

  // Signing in (coaching mode).
  route("GET", "/api/me", Access::open, [&databases, accounts](const Request& request, const Caller& caller) {
    auto database = databases.lease(caller.owner);
    return get_me(Call{request.body, request.id, request.query, caller, *database}, accounts);
  });
  route("POST", "/api/session", Access::open, hashing(post_session), false, true);
  route("DELETE", "/api/session", Access::own, with_cookies(delete_session), false, true);
  route("DELETE", "/api/sessions", Access::own, with_cookies(delete_sessions), false, true);
  route("POST", "/api/password", Access::open, hashing(post_password), false, true);
  route("POST", "/api/join", Access::open, hashing(post_join), false, true);
  route("DELETE", "/api/account", Access::own, hashing(delete_account), false, true);

  // The candidate's own practice.
  route("POST", "/api/check", Access::own, analysed(post_check));
  route("POST", "/api/classify", Access::own, plain(post_classify));
  route("POST", "/api/attempts", Access::own, [&analyses, &databases](const Request& request, const Caller& caller) {
    return analyses.run([&] { return post_attempt(request.body, *databases.lease(caller.owner), caller.criteria.get()); });
  });
  route("GET", "/api/attempts/{id}", Access::own, with_database(get_attempt));
  route("GET", "/api/history", Access::own, own([](const Request& request, storage::Database& db) { return get_history(request.query, db); }));
  route("GET", "/api/coverage", Access::own, own([](const Request& request, storage::Database& db) { return get_coverage(request.query, db); }));
  route("GET", "/api/stories", Access::own, own([](const Request&, storage::Database& db) { return get_stories(db); }));
  route("POST", "/api/stories", Access::own, own([](const Request& request, storage::Database& db) { return post_story(request.body, db); }));
  route("POST", "/api/stories/match", Access::own,
        own([](const Request& request, storage::Database& db) { return post_story_match(request.body, db); }));
  route("GET", "/api/stories/{id}", Access::own, own([](const Request& request, storage::Database& db) { return get_story(request.id, db); }));
  route("PUT", "/api/stories/{id}", Access::own,
        own([](const Request& request, storage::Database& db) { return put_story(request.id, request.body, db); }));
  route("DELETE", "/api/stories/{id}", Access::own,
        own([](const Request& request, storage::Database& db) { return delete_story(request.id, db); }));
  route("POST", "/api/mock/plan", Access::own, [](const Request& request, const Caller&) { return post_mock_plan(request.body); });
  route("POST", "/api/mock/follow-ups", Access::own, analysed(post_mock_follow_ups));
  route("POST", "/api/mock", Access::own, [&analyses, &databases](const Request& request, const Caller& caller) {
    return analyses.run([&] { return post_mock(request.body, *databases.lease(caller.owner)); });
  });
  route("GET", "/api/mock", Access::own, own([](const Request&, storage::Database& db) { return get_mock_interviews(db); }));
  route("GET", "/api/mock/{id}", Access::own,
        own([](const Request& request, storage::Database& db) { return get_mock_interview(request.id, request.query, db); }));
  route("GET", "/api/assignments", Access::own, with_database(get_assignments));
  route("POST", "/api/submissions", Access::own, with_database(post_submission));
  route("GET", "/api/export", Access::own, with_database(get_export));
  // A kept recording: stored for the candidate's own attempt, played by them and, once the
  // attempt is submitted, by their coach.
  auto recording_answer = [](const std::optional<std::string>& wav, long long id) {
    if (!wav) return answer(error_reply(404, "not_found", "no kept recording for the attempt " + std::to_string(id)));
    Answer audio;
    audio.body = *wav;
    audio.type = "audio/wav";
    audio.cache = "private, no-store";
    return audio;
  };
  route("PUT", "/api/recordings/{id}", Access::own, with_database(put_recording));
  table.push_back({"GET", "/api/recordings/{id}", Access::own, false, false, [&databases, recording_answer](const Request& request, const Caller& caller) {
                     return recording_answer(databases.lease(caller.owner)->recording(request.id), request.id);
                   }});
  table.push_back({"GET", "/api/coach/recordings/{id}", Access::coach, false, false,
                   [&databases, recording_answer](const Request& request, const Caller& caller) {
                     auto database = databases.lease(caller.owner);
                     return recording_answer(storage::Coaching(*database).submitted_recording(caller.owner, request.id), request.id);
                   }});

  // The coach, on their candidates' submitted work.
  route("GET", "/api/coach/candidates", Access::coach, with_database(get_candidates));
  route("POST", "/api/coach/invitations", Access::coach, with_database(post_candidate_invitation));
  route("GET", "/api/coach/cohorts", Access::coach, with_database(get_cohorts));
  route("POST", "/api/coach/cohorts", Access::coach, with_database(post_cohort));
  route("PUT", "/api/coach/cohorts/{id}", Access::coach, with_database(put_cohort));
  route("POST", "/api/coach/members", Access::coach, with_database(post_member));
  route("GET", "/api/coach/assignments", Access::coach, with_database(get_coach_assignments));
  route("POST", "/api/coach/assignments", Access::coach, with_database(post_assignment));
  route("GET", "/api/coach/queue", Access::coach, with_database(get_queue));
  route("GET", "/api/coach/attempts/{id}", Access::coach, with_database(get_coach_attempt));
  route("POST", "/api/coach/comments", Access::coach, with_database(post_comment));
  route("POST", "/api/coach/reviews", Access::coach, with_database(post_review));
  route("GET", "/api/coach/reports/{id}", Access::coach, with_database(get_candidate_report));
  route("GET", "/api/coach/cohort-reports/{id}", Access::coach, with_database(get_cohort_report));

  // The admin: accounts, never anyone's practice.
  route("GET", "/api/admin/users", Access::admin, with_database(get_users));
  route("POST", "/api/admin/users", Access::admin, with_database(post_user));
  route("DELETE", "/api/admin/users/{id}", Access::admin, with_database(delete_user));
  route("POST", "/api/admin/password-links", Access::admin, with_database(post_password_link));
  route("POST", "/api/admin/invitations", Access::admin, with_database(post_invitation));
  route("GET", "/api/admin/audit", Access::admin, with_database(get_audit));

  // Recognition takes seconds: it has its own worker (the recogniser is one at a time
  // anyway). At most a few recordings wait their turn; beyond that the answer is "busy"
  // at once, so that recordings never hold the handler threads that others need.
  table.push_back({"POST", transcribe_route, Access::own, false, false, [&transcriptions](const Request& request, const Caller&) {
                     try {
                       std::optional<Reply> reply =
                           transcriptions.try_run([&] { return post_transcribe(request.body); }, most_waiting_recordings);
                       if (reply) return answer(*reply);
                       Answer busy = answer(error_reply(503, "busy", "other recordings are being transcribed; try again in a few seconds"));
                       busy.retry_after = "10";
                       return busy;
                     } catch (const WorkQueue::Abandoned&) {
                       return answer(error_reply(503, "stopping", "the server is stopping; try again when it is back"));
                     }
                   }});
  return table;
}

// As many connections as the process may open files, less a margin for the database and
// the recogniser; idle connections cost memory only, not threads.
std::size_t most_connections() {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = std::min<rlim_t>(files.rlim_max, 65536);
    setrlimit(RLIMIT_NOFILE, &files);
    getrlimit(RLIMIT_NOFILE, &files);
  }
  return files.rlim_cur > 256 ? static_cast<std::size_t>(files.rlim_cur) - 128 : 128;
}

void accept(tcp::acceptor& acceptor, Shared& shared, std::size_t limit) {
  acceptor.async_accept(net::make_strand(acceptor.get_executor()), [&acceptor, &shared, limit](beast::error_code error, tcp::socket socket) {
    if (error == net::error::operation_aborted || !acceptor.is_open()) return;  // stopping
    if (!error) {
      socket.set_option(tcp::no_delay(true), error);  // answers go out at once, not after the peer's delayed ACK
      if (shared.open < limit) std::make_shared<Connection>(std::move(socket), shared)->start();
      // else: the socket closes here; the client may try again
    }
    accept(acceptor, shared, limit);
  });
}

}  // namespace

std::vector<RouteInfo> route_list() {
  storage::DatabasePool nothing(":memory:");
  WorkQueue idle(1), also_idle(1);
  std::vector<RouteInfo> list;
  for (const Route& route : routes(nothing, idle, also_idle, ServeOptions{}))
    if (route.pattern.rfind("/api/", 0) == 0)
      list.push_back({route.method, route.pattern, route.access == Access::open  ? "open"
                                                   : route.access == Access::own ? "own"
                                                   : route.access == Access::coach ? "coach"
                                                                                   : "admin",
                      access_name(route.access), route.accounts_only});
  return list;
}

bool is_loopback(const std::string& host) {
  const std::string name = lower_case(host);
  return name == "localhost" || name == "::1" || name == "[::1]" || name.rfind("127.", 0) == 0;
}

int serve(const ServeOptions& options, const std::function<void(const std::string&)>& announce) {
  storage::DatabasePool databases(options.database.empty() ? storage::Database::default_path() : options.database, options.connections);
  // Train the models and load the rules now, so the first user does not wait for it.
  (void)post_check(R"({"text": "Last year I fixed it.", "question": "Why?"})");
  WorkQueue analyses(std::max(1u, std::thread::hardware_concurrency()));
  WorkQueue transcriptions(1);
  if (options.accounts) auth::start();
  const RequestGuard guard(options);
  const Gate gate(databases, options.accounts);
  const std::vector<Route> table = routes(databases, analyses, transcriptions, options);
  net::thread_pool handlers(handler_threads);
  net::io_context events;
  Shared shared{guard, gate, options.trust_proxy, table, events, handlers};

  tcp::acceptor acceptor(events);
  beast::error_code error;
  tcp::resolver resolver(events);
  auto found = resolver.resolve(options.host, std::to_string(options.port), tcp::resolver::numeric_service, error);
  if (error || found.empty()) return -1;
  const tcp::endpoint endpoint = found.begin()->endpoint();
  // SO_REUSEADDR only, not SO_REUSEPORT: a second server on a port that is taken must
  // fail to start, not quietly take half of the first one's requests.
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(net::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(net::socket_base::max_listen_connections, error);
  if (error) return -1;
  accept(acceptor, shared, most_connections());
  announce("http://" + options.host + ":" + std::to_string(acceptor.local_endpoint().port()) + "/");

  // On SIGINT or SIGTERM: no new connections, recordings not yet started are dropped
  // (their clients hear "stopping"), idle connections close, the requests in flight are
  // answered, and the server stops. Only a recording being transcribed cannot be cut
  // short; if it would keep the server past a few seconds, the process ends without it:
  // it writes nothing, and every acknowledged write is already in the database.
  std::mutex stopped_guard;
  std::condition_variable stopped_signal;
  bool stopped = false;
  std::thread watchdog;
  net::signal_set signals(events, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) {
    shared.stopping = true;
    acceptor.close();
    transcriptions.abandon();
    {
      std::lock_guard lock(shared.connections_guard);
      for (Connection* connection : shared.connections)
        if (auto alive = connection->weak_from_this().lock()) alive->close_if_waiting();
    }
    watchdog = std::thread([&] {
      std::unique_lock lock(stopped_guard);
      if (!stopped_signal.wait_for(lock, 4500ms, [&] { return stopped; })) {
        std::fprintf(stderr, "starcoach serve: stopped without waiting for the recording being transcribed\n");
        std::_Exit(0);
      }
    });
  });
  events.run();
  handlers.join();
  {
    std::lock_guard lock(stopped_guard);
    stopped = true;
  }
  stopped_signal.notify_all();
  if (watchdog.joinable()) watchdog.join();
  return 0;
}

}  // namespace starcoach::server
