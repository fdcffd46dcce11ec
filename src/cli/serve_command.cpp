// `starcoach serve`: the practice web app on this computer (src/server).
#include <iostream>
#include <memory>

#include "command_line.hpp"
#include "database.hpp"
#include "postgres.hpp"
#include "server.hpp"

namespace starcoach::cli {

void add_serve_command(CommandLine& line) {
  auto options = std::make_shared<server::ServeOptions>();
  CLI::App* serve = line.add("serve", "Run the practice web app on this computer", [options](const Output& output, std::istream&) {
    if (!server::is_loopback(options->host)) {
      if (!options->allow_remote)
        throw UsageError("--host " + options->host + " lets other computers reach this server" +
                         (options->accounts ? "" : ", and it has no accounts: anyone on the network could read and change your stories") +
                         ". Add --allow-remote if that is what you want.");
      if (!options->accounts)
        std::cerr << "Warning: listening on " << options->host
                  << ". Anyone who can reach this address can read and change your practice: there are no accounts.\n";
      else if (!options->secure_cookies)
        std::cerr << "Warning: listening on " << options->host << " without HTTPS: passwords and sessions cross the network "
                  << "readable. Put a proxy that speaks HTTPS in front (README, \"For coaches\") and add --secure-cookies.\n";
    }
    const int code = server::serve(*options, [&](const std::string& address) {
      output.out << "starcoach is running at " << address << "\n"
                 << "Your practice is saved in "
                 << (storage::is_postgres_url(options->database) ? storage::without_password(options->database) : options->database)
                 << "\n"
                 << (options->accounts ? "Coaching mode: users sign in (starcoach admin add-user makes the first one).\n" : "")
                 << (options->host == "127.0.0.1" ? "Only this computer can reach it. " : "")
                 << "Open the address in your browser; press Ctrl+C to stop." << std::endl;
    });
    if (code != 0)
      throw UsageError("cannot listen on " + options->host + ":" + std::to_string(options->port) +
                       " (is the port in use? try --port 0)");
    return 0;
  });
  serve->add_option("--host", options->host, "Address to listen on (only this computer by default)")->default_str("127.0.0.1");
  serve->add_option("--port", options->port, "Port to listen on; 0 picks a free one")
      ->check(CLI::Range(0, 65535))->default_str("8080");
  CommandLine::database_option(serve, options->database);
  serve->add_option("--allow-host", options->allowed_hosts,
                    "Another name this server answers to (e.g. the computer's name on your network); repeatable");
  serve->add_flag("--allow-remote", options->allow_remote,
                  "Listen on an address other computers can reach: without --accounts, anyone on the network can then read and change your practice");
  serve->add_flag("--accounts", options->accounts,
                  "Coaching mode: admins, coaches and candidates sign in, and each sees only what is theirs or shared with them");
  serve->add_flag("--secure-cookies", options->secure_cookies,
                  "Send the session cookie over HTTPS only (behind a proxy that speaks HTTPS)");
  serve->add_option("--connections", options->connections, "Database connections this server keeps open at most")
      ->check(CLI::Range(1, 1000))->default_str("16");
  serve->add_flag("--trust-proxy", options->trust_proxy,
                  "Take the client's address from the X-Forwarded-For header that the proxy in front adds (for the sign-in limits)");

}

}  // namespace starcoach::cli
