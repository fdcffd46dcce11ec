// Reading the plain files under data/: a named source (so errors can name the file),
// JSON whose syntax errors give the file and line, and messages with {placeholders}.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace starcoach {

struct Source {
  std::string_view name;
  std::string_view text;
};

// The line (from 1) of a byte offset in a text.
std::size_t line_of(std::string_view text, std::size_t byte_offset);

// Parses a JSON data file; throws DataError with the file and line of a syntax error.
nlohmann::json parse_json_file(Source source);

// Replaces each {name} in text with its value: "{count} fillers" -> "3 fillers".
std::string fill_placeholders(std::string text, const std::map<std::string, std::string>& values);

}  // namespace starcoach
