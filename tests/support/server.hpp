// Starts the real `starcoach serve --port 0 --db FRESH-FILE [OPTIONS...]` for a test, and
// stops it with SIGTERM.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace starcoach::test_support {

class ServerProcess {
 public:
  // Starts the server (on `database`, else a fresh file) and waits until it says where it listens.
  explicit ServerProcess(const std::string& database = "", const std::vector<std::string>& options = {});
  ~ServerProcess();  // SIGTERM, then waits for it to exit
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  const std::string& database_path() const { return database_path_; }
  std::string output() const;  // everything it printed so far
  // Sends SIGTERM and returns the exit status once it has stopped (-1 if it had to be killed).
  int stop();
  // Kills it at once with SIGKILL, as a crash or power cut of the process would.
  void kill_now();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string output_path_;
  std::string database_path_;  // the SQLite file of this server
  bool owns_database_ = true;  // a fresh file, removed at the end
};

}  // namespace starcoach::test_support
