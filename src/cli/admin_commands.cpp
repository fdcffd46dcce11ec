// `starcoach admin`: the accounts of coaching mode, from the server's own computer. It
// prints one-time links instead of mailing them: no mail server is needed.
#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "accounts.hpp"
#include "coaching_api.hpp"
#include "command_line.hpp"
#include "database.hpp"
#include "http_parts.hpp"
#include "server.hpp"
#include "starcoach/errors.hpp"

namespace starcoach::cli {

namespace {

struct AdminRequest {
  std::string database;
  std::string email;
  std::string role = "candidate";
  std::string name;
  std::string url = "http://127.0.0.1:8080";
};

void print_link(const Output& output, const AdminRequest& request, const std::string& email, const std::string& what,
                const std::string& path) {
  std::string base = request.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  output.out << what << "\n  " << base << path << "\n"
             << "It works once, for a week. Send it to " << email << " yourself (it opens the page to set a password).\n";
}

}  // namespace

void add_admin_commands(CommandLine& line) {
  CLI::App* admin = line.add_group("admin", "Manage the accounts of coaching mode (starcoach serve --accounts)");
  auto request = std::make_shared<AdminRequest>();

  CLI::App* add_user = line.add(
      "add-user", "Add a user and print a one-time link to set their password",
      [request](const Output& output, std::istream&) {
        const std::optional<storage::UserRole> role = storage::role_from_text(request->role);
        if (!role) throw UsageError("--role must be admin, coach or candidate");
        const std::string email = server::lower_case(request->email);
        if (email.find('@') == std::string::npos || email.size() > 254 || email.find(' ') != std::string::npos)
          throw UsageError(request->email + " is not an email address");
        storage::Database database(request->database);
        const std::string token = server::add_user_with_link(database, email, *role, request->name);
        print_link(output, *request, email, "Added " + email + " as " + request->role + ". Their link to set a password:", "/#set-password=" + token);
        return 0;
      },
      admin);
  add_user->add_option("email", request->email, "The user's email address (their name to sign in)")->required();
  add_user->add_option("--role", request->role, "admin, coach or candidate")->default_str("candidate");
  add_user->add_option("--name", request->name, "The name the others see");
  add_user->add_option("--url", request->url, "The address the users open, as the server announces it")->default_str("http://127.0.0.1:8080");
  CommandLine::database_option(add_user, request->database);

  CLI::App* reset = line.add(
      "reset-password", "Print a one-time link for a user to set a new password",
      [request](const Output& output, std::istream&) {
        storage::Database database(request->database);
        const std::optional<storage::User> user = storage::Accounts(database).user_by_email(server::lower_case(request->email));
        if (!user) throw InputError("there is no account with the email " + request->email);
        print_link(output, *request, user->email, "A link for " + user->email + " to set a new password:", "/#set-password=" +
                                                                                               server::password_link_for(database, user->id));
        return 0;
      },
      admin);
  reset->add_option("email", request->email, "The user's email address")->required();
  reset->add_option("--url", request->url, "The address the users open, as the server announces it")->default_str("http://127.0.0.1:8080");
  CommandLine::database_option(reset, request->database);

  CLI::App* routes = line.add(
      "routes", "List the web API's routes and who may call each", [](const Output& output, std::istream&) {
        const std::vector<server::RouteInfo> list = server::route_list();
        if (output.format == Format::json) {
          nlohmann::json written = nlohmann::json::array();
          for (const server::RouteInfo& route : list)
            written.push_back({{"method", route.method}, {"pattern", route.pattern}, {"access", route.access},
                               {"accounts_only", route.accounts_only}});
          output.out << written.dump(2) << "\n";
          return 0;
        }
        for (const server::RouteInfo& route : list)
          output.out << route.method << std::string(8 - std::min<std::size_t>(7, route.method.size()), ' ') << route.pattern
                     << std::string(34 - std::min<std::size_t>(33, route.pattern.size()), ' ') << route.who
                     << (route.accounts_only ? " (with --accounts)" : "") << "\n";
        return 0;
      },
      admin);
  line.format_option(routes);
}

}  // namespace starcoach::cli
