#include "server.hpp"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "api.hpp"
#include "work_queue.hpp"
#include "starcoach/embedded.hpp"
#include "starcoach/json.hpp"

namespace starcoach {
std::span<const EmbeddedFile> web_assets();  // generated from web/ (cmake/embed.cmake)
}

namespace starcoach::server {

namespace {

constexpr std::size_t largest_body = 64 * 1024;
// A recording for /api/transcribe: 16 kHz 16-bit mono is 32 KB a second, so about four minutes.
constexpr std::size_t largest_recording = 8 * 1024 * 1024;
const std::string transcribe_route = "/api/transcribe";
// Recordings that may wait for the recogniser while it transcribes another.
constexpr std::size_t most_waiting_recordings = 4;

// No inline script or style, nothing from elsewhere: the page is only its own files.
const char* content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

void secure(httplib::Response& res) {
  res.set_header("Content-Security-Policy", content_security_policy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
}

// A reply written out as JSON text, ready to send.
struct Written {
  int status;
  std::string body;
};

Written written(const Reply& reply) { return {reply.status, dump_json(reply.body, -1)}; }

void send(httplib::Response& res, Written reply) {
  res.status = reply.status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(reply.body), "application/json; charset=utf-8");
}

void send(httplib::Response& res, const Reply& reply) { send(res, written(reply)); }

const char* content_type(std::string_view path) {
  if (path.ends_with(".html")) return "text/html; charset=utf-8";
  if (path.ends_with(".css")) return "text/css; charset=utf-8";
  if (path.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (path.ends_with(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
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
    hosts_.insert(lower(options.host));
    if (is_loopback(options.host)) hosts_.insert({"localhost", "127.0.0.1", "::1"});
    for (const std::string& name : options.allowed_hosts) hosts_.insert(lower(name));
  }

  std::optional<Reply> refuse(const httplib::Request& req) const {
    const std::string host = req.get_header_value("Host");
    if (!hosts_.count(host_name(host)))
      return error_reply(421, "wrong_host", "this server does not answer to that host name (see starcoach serve --allow-host)");
    const bool changes = req.method == "POST" || req.method == "PUT" || req.method == "DELETE" || req.method == "PATCH";
    if (changes && req.has_header("Origin") && req.get_header_value("Origin") != "http://" + host)
      return error_reply(403, "wrong_origin", "requests from another site are not accepted");
    const bool recording = req.path == transcribe_route;
    if ((req.method == "POST" || req.method == "PUT") && !has_type(req, recording ? "audio/wav" : "application/json"))
      return error_reply(415, "wrong_content_type",
                         recording ? "send the recording with Content-Type: audio/wav" : "send JSON with Content-Type: application/json");
    const std::string encoding = lower(req.get_header_value("Content-Encoding"));
    if (!encoding.empty() && encoding != "identity")
      return error_reply(415, "compressed_body", "compressed request bodies are not accepted; send the body as it is");
    // Only recordings may be large: any other body over 64 KiB is refused before it is read.
    // A body of unknown length (chunked, in any spelling) is allowed for recordings only,
    // where the server counts what it receives (set_payload_max_length).
    const std::size_t limit = recording ? largest_recording : largest_body;
    const bool chunked = lower(req.get_header_value("Transfer-Encoding")).find("chunked") != std::string::npos;
    if (req.get_header_value<std::uint64_t>("Content-Length") > limit || (chunked && !recording))
      return error_reply(413, "too_large", recording ? "the recording is larger than 8 MiB (about four minutes)"
                                                     : "the body is larger than 64 KiB, or of unknown length");
    return std::nullopt;
  }

 private:
  // "127.0.0.1:8080" -> "127.0.0.1", "[::1]:8080" -> "::1", lower case.
  static std::string host_name(const std::string& host) {
    if (!host.empty() && host.front() == '[') return lower(host.substr(1, host.find(']') - 1));
    return lower(host.substr(0, host.find(':')));
  }
  static bool has_type(const httplib::Request& req, const std::string& wanted) {
    std::string type = lower(req.get_header_value("Content-Type"));
    type = type.substr(0, type.find(';'));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    return type == wanted || (wanted == "audio/wav" && (type == "audio/x-wav" || type == "audio/wave"));
  }
  std::set<std::string> hosts_;
};

void route(httplib::Server& server, const RequestGuard& guard, storage::DatabasePool& databases, WorkQueue& analyses,
           WorkQueue& transcriptions) {
  // Routes that analyse text run on the work queue, one analysis per core at a time.
  auto analysed = [&analyses](Reply (*handler)(const std::string&)) {
    return [&analyses, handler](const httplib::Request& req, httplib::Response& res) {
      send(res, analyses.run([&] { return written(handler(req.body)); }));  // writing the JSON is work too
    };
  };
  // Each request that reads or writes the database borrows a connection of its own.
  auto analysed_and_saved = [&analyses, &databases](Reply (*handler)(const std::string&, storage::Database&)) {
    return [&analyses, &databases, handler](const httplib::Request& req, httplib::Response& res) {
      send(res, analyses.run([&] { return written(handler(req.body, *databases.lease())); }));
    };
  };
  // The page and its files, from the copies compiled into the binary.
  for (const EmbeddedFile& file : web_assets()) {
    const std::string url = file.path == "web/index.html" ? "/" : "/" + std::string(file.path.substr(4));
    server.Get(url, [file](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "no-cache");
      res.set_content(std::string(file.contents), content_type(file.path));
    });
  }
  server.Get("/api/health", [](const httplib::Request&, httplib::Response& res) { send(res, get_health()); });
  server.Get("/api/principles", [](const httplib::Request&, httplib::Response& res) { send(res, get_principles()); });
  server.Get(R"(/api/principles/([^/]+))", [](const httplib::Request& req, httplib::Response& res) {
    send(res, get_principle(req.matches[1]));
  });
  server.Get("/api/questions", [](const httplib::Request& req, httplib::Response& res) {
    std::map<std::string, std::string> query(req.params.begin(), req.params.end());
    send(res, get_questions(query));
  });
  server.Post("/api/check", analysed(post_check));
  // Recognition takes seconds: it has its own worker (the recogniser is one at a time anyway),
  // at normal priority, so that it neither waits behind the connection threads nor delays analyses.
  // At most a few recordings wait their turn; beyond that the answer is "busy" at once,
  // so that recordings never hold the connection threads that other requests need.
  server.Post(transcribe_route, [&transcriptions](const httplib::Request& req, httplib::Response& res) {
    try {
      std::optional<Written> reply =
          transcriptions.try_run([&] { return written(post_transcribe(req.body)); }, most_waiting_recordings);
      if (reply) return send(res, std::move(*reply));
      res.set_header("Retry-After", "10");
      send(res, error_reply(503, "busy", "other recordings are being transcribed; try again in a few seconds"));
    } catch (const WorkQueue::Abandoned&) {
      send(res, error_reply(503, "stopping", "the server is stopping; try again when it is back"));
    }
  });
  server.Post("/api/classify", analysed(post_classify));
  server.Post("/api/attempts", analysed_and_saved(post_attempt));
  server.Get("/api/history", [&databases](const httplib::Request& req, httplib::Response& res) {
    send(res, get_history(std::map<std::string, std::string>(req.params.begin(), req.params.end()), *databases.lease()));
  });
  server.Get("/api/coverage", [&databases](const httplib::Request& req, httplib::Response& res) {
    send(res, get_coverage(std::map<std::string, std::string>(req.params.begin(), req.params.end()), *databases.lease()));
  });
  server.Get("/api/stories", [&databases](const httplib::Request&, httplib::Response& res) { send(res, get_stories(*databases.lease())); });
  server.Post("/api/stories", [&databases](const httplib::Request& req, httplib::Response& res) {
    send(res, post_story(req.body, *databases.lease()));
  });
  server.Post("/api/stories/match", [&databases](const httplib::Request& req, httplib::Response& res) {
    send(res, post_story_match(req.body, *databases.lease()));
  });
  server.Post("/api/mock/plan", [](const httplib::Request& req, httplib::Response& res) { send(res, post_mock_plan(req.body)); });
  server.Post("/api/mock/follow-ups", analysed(post_mock_follow_ups));
  server.Post("/api/mock", analysed_and_saved(post_mock));
  server.Get("/api/mock", [&databases](const httplib::Request&, httplib::Response& res) { send(res, get_mock_interviews(*databases.lease())); });
  server.Get(R"(/api/mock/(\d{1,15}))", [&databases](const httplib::Request& req, httplib::Response& res) {
    send(res, get_mock_interview(std::stoll(req.matches[1]), std::map<std::string, std::string>(req.params.begin(), req.params.end()), *databases.lease()));
  });
  // Story ids are numbers; anything else under /api/stories/ is a 404 like any unknown route.
  server.Get(R"(/api/stories/(\d{1,15}))", [&databases](const httplib::Request& req, httplib::Response& res) {
    send(res, get_story(std::stoll(req.matches[1]), *databases.lease()));
  });
  server.Put(R"(/api/stories/(\d{1,15}))", [&databases](const httplib::Request& req, httplib::Response& res) {
    send(res, put_story(std::stoll(req.matches[1]), req.body, *databases.lease()));
  });
  server.Delete(R"(/api/stories/(\d{1,15}))", [&databases](const httplib::Request& req, httplib::Response& res) {
    send(res, delete_story(std::stoll(req.matches[1]), *databases.lease()));
  });

  // Every request is judged on its head before its body is read: who it is for, where it
  // comes from, what it carries, and how much.
  server.set_pre_routing_handler([&guard](const httplib::Request& req, httplib::Response& res) {
    std::optional<Reply> refused = guard.refuse(req);
    if (!refused) return httplib::Server::HandlerResponse::Unhandled;
    send(res, *refused);  // the post-routing handler adds the security headers
    // The body was not read: the connection must not be used for another request, or the
    // unread body would be read as one.
    res.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  });

  // Every response carries the security headers; every error has a JSON body.
  server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) { secure(res); });
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already wrote its JSON error
    const std::map<int, std::pair<std::string, std::string>> errors = {
        {400, {"bad_request", "the request could not be read"}},
        {404, {"not_found", "no such page or API route: " + req.path}},
        {405, {"method_not_allowed", "this route does not take " + req.method}},
        {413, {"too_large", "the recording is larger than 8 MiB (about four minutes)"}},
        {414, {"too_long", "the address is too long"}}};
    auto found = errors.find(res.status);
    const auto& [code, message] = found != errors.end() ? found->second
                                                        : std::pair<std::string, std::string>{"error", "request failed"};
    send(res, error_reply(res.status, code, message));
    secure(res);
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const storage::DatabaseError& database_error) {
      // The details (which file, why) go to the server's own log, never to the client.
      std::fprintf(stderr, "starcoach serve: %s\n", database_error.what());
      send(res, error_reply(503, "storage", "the practice database could not be read or written; try again"));
    } catch (...) {
      send(res, error_reply(500, "internal", "the server failed on this request"));
    }
    secure(res);
  });
}

// The connection threads read requests and write answers; the analyses run on the work
// queue's threads. Connection threads run at a lower priority, so that under load the
// analyses in the queue are not starved by dozens of threads each doing a little I/O.
class ConnectionThreads : public httplib::ThreadPool {
 public:
  using httplib::ThreadPool::ThreadPool;
  void enqueue(std::function<void()> connection) override {
    httplib::ThreadPool::enqueue([connection = std::move(connection)] {
      thread_local bool lowered = false;  // once per thread; a thread serves many connections
      if (!lowered) {
        setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);  // if refused, only fairness suffers
        lowered = true;
      }
      connection();
    });
  }
};

// httplib listens with a backlog of 5 connections: when dozens of clients connect at once
// the rest are dropped and retried by TCP a second later. Listening again on the bound
// socket only lengthens the queue.
class Server : public httplib::Server {
 public:
  void lengthen_backlog() { ::listen(svr_sock_, SOMAXCONN); }
};

}  // namespace

bool is_loopback(const std::string& host) {
  const std::string name = lower(host);
  return name == "localhost" || name == "::1" || name == "[::1]" || name.rfind("127.", 0) == 0;
}

int serve(const ServeOptions& options, const std::function<void(const std::string&)>& announce) {
  // SIGINT and SIGTERM are taken by one thread that stops the server; httplib then
  // finishes the requests in flight before listen() returns.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  storage::DatabasePool databases(options.database.empty() ? storage::Database::default_path() : options.database);
  // Train the models and load the rules now, so the first user does not wait for it.
  (void)post_check(R"({"text": "Last year I fixed it.", "question": "Why?"})");
  WorkQueue analyses(std::max(1u, std::thread::hardware_concurrency()));
  WorkQueue transcriptions(1);
  Server server;
  const RequestGuard guard(options);
  route(server, guard, databases, analyses, transcriptions);
  server.set_payload_max_length(largest_recording);
  // A slow or silent client holds one worker for at most this long.
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  // httplib gives each open connection a worker: enough workers for many keep-alive
  // clients, and connections kept for many requests rather than re-opened every few.
  server.set_keep_alive_timeout(5);
  server.set_keep_alive_max_count(10000);
  server.set_tcp_nodelay(true);  // answers go out at once, not after the peer's delayed ACK
  server.new_task_queue = [] { return new ConnectionThreads(128); };
  // SO_REUSEADDR only, not httplib's default SO_REUSEPORT: a second server on a port that
  // is taken must fail to start, not quietly take half of the first one's requests.
  server.set_socket_options([](int socket) {
    const int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });

  const int port = options.port == 0 ? server.bind_to_any_port(options.host) : options.port;
  if (options.port != 0 && !server.bind_to_port(options.host, options.port)) return -1;
  if (port < 0) return -1;
  server.lengthen_backlog();
  announce("http://" + options.host + ":" + std::to_string(port) + "/");

  // On SIGINT or SIGTERM: recordings not yet started are dropped (their clients hear
  // "stopping"), the requests in flight finish, and the server stops. Only a recording
  // being transcribed cannot be cut short; if it would keep the server past a few seconds,
  // the process ends without it: it writes nothing, and every acknowledged write is
  // already in the database.
  std::mutex stopped_guard;
  std::condition_variable stopped_signal;
  bool stopped = false;
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    transcriptions.abandon();
    server.stop();
    std::unique_lock lock(stopped_guard);
    if (!stopped_signal.wait_for(lock, std::chrono::milliseconds(4500), [&] { return stopped; })) {
      std::fprintf(stderr, "starcoach serve: stopped without waiting for the recording being transcribed\n");
      std::_Exit(0);
    }
  });
  const bool listened = server.listen_after_bind();
  {
    std::lock_guard lock(stopped_guard);
    stopped = true;
  }
  stopped_signal.notify_all();
  if (!listened) pthread_kill(stopper.native_handle(), SIGTERM);  // wake the stopper if listen failed
  stopper.join();
  return listened ? 0 : -1;
}

}  // namespace starcoach::server
