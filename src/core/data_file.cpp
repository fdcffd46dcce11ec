#include "starcoach/data_file.hpp"

#include <nlohmann/json.hpp>

#include "starcoach/errors.hpp"

namespace starcoach {

std::size_t line_of(std::string_view text, std::size_t byte_offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

nlohmann::json parse_json_file(Source source) {
  try {
    return nlohmann::json::parse(source.text);
  } catch (const nlohmann::json::parse_error& error) {
    throw DataError(std::string(source.name), line_of(source.text, error.byte), "invalid JSON");
  }
}

std::string fill_placeholders(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    const std::string key = "{" + name + "}";
    for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  }
  return text;
}

}  // namespace starcoach
