#include "server.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

namespace starcoach::test_support {

ServerProcess::ServerProcess(const std::string& database, const std::vector<std::string>& options) {
  char path[] = "/tmp/starcoach-server-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  output_path_ = path;
  database_path_ = database.empty() ? output_path_ + ".db" : database;
  owns_database_ = database.empty();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int out = open(output_path_.c_str(), O_WRONLY | O_TRUNC);
    dup2(out, 1);
    dup2(out, 2);
    std::vector<std::string> arguments = {STARCOACH_BINARY, "serve", "--port", "0", "--db", database_path_};
    arguments.insert(arguments.end(), options.begin(), options.end());
    std::vector<char*> pointers;
    for (std::string& argument : arguments) pointers.push_back(argument.data());
    pointers.push_back(nullptr);
    execv(STARCOACH_BINARY, pointers.data());
    _exit(127);
  }
  // Ready when it says where it listens: "starcoach is running at http://127.0.0.1:PORT/"
  // (printed once the socket listens). A busy machine or a sanitizer build may take a
  // while, so the wait is generous; a server that exits instead is reported at once.
  const std::string marker = "http://127.0.0.1:";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::string text;
  while (port_ == 0) {
    std::ifstream in(output_path_);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (const std::size_t at = text.find(marker); at != std::string::npos && text.find('/', at + marker.size()) != std::string::npos) {
      port_ = std::stoi(text.substr(at + marker.size()));
      break;
    }
    int status = 0;
    const bool exited = waitpid(pid_, &status, WNOHANG) == pid_;
    if (exited) pid_ = -1;
    if (exited || std::chrono::steady_clock::now() > deadline) {
      stop();
      throw std::runtime_error(std::string("the server did not start") + (exited ? " (it exited)" : " within 30 s") +
                               "; it said: " + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int attempt = 0; attempt < 400; ++attempt) {  // up to 10 s
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

void ServerProcess::kill_now() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

ServerProcess::~ServerProcess() {
  stop();
  std::remove(output_path_.c_str());
  if (owns_database_)
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((database_path_ + suffix).c_str());
}

std::string ServerProcess::output() const {
  std::ifstream in(output_path_);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace starcoach::test_support
