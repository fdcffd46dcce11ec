// The two kinds of failure the core reports; front ends map them to exit codes or HTTP status.
#pragma once

#include <stdexcept>
#include <string>

namespace starcoach {

// A data file under data/ is malformed. The message names the file and line.
class DataError : public std::runtime_error {
 public:
  DataError(const std::string& file, std::size_t line, const std::string& what)
      : std::runtime_error(file + ":" + std::to_string(line) + ": " + what) {}
};

// The user gave input the core cannot work with (empty text, invalid UTF-8, ...).
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace starcoach
