// Reading a request's JSON body and query, for the API's handlers: each problem becomes
// a BadRequest, which `guarded` turns into a 400 naming the field.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "api.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/knowledge.hpp"

namespace starcoach::server {

using nlohmann::json;

inline const KnowledgeBase& knowledge() { return KnowledgeBase::builtin(); }

// A request that cannot be served as asked: becomes a 400 naming the field.
struct BadRequest {
  std::string code;
  std::string message;
};

// No request needs more than a few levels; deeper nesting is refused as it is read, so
// that nothing deep is ever stored, written out or freed recursively.
inline constexpr int deepest_json = 64;

inline json parse_object(const std::string& body) {
  bool too_deep = false;
  json parsed = json::parse(
      body,
      [&too_deep](int depth, json::parse_event_t, json&) {
        if (depth > deepest_json) too_deep = true;
        return !too_deep;
      },
      false);  // no exceptions: invalid JSON becomes "discarded"
  if (too_deep) throw BadRequest{"too_deep", "the JSON is nested more than " + std::to_string(deepest_json) + " levels deep"};
  if (parsed.is_discarded()) throw BadRequest{"invalid_json", "the body is not valid JSON in UTF-8"};
  if (!parsed.is_object()) throw BadRequest{"invalid_json", "the body must be a JSON object"};
  return parsed;
}

inline std::string string_field(const json& object, const char* name, bool required) {
  auto found = object.find(name);
  if (found == object.end() || found->is_null()) {
    if (required) throw BadRequest{"missing_field", std::string("\"") + name + "\" is required"};
    return "";
  }
  if (!found->is_string()) throw BadRequest{"wrong_type", std::string("\"") + name + "\" must be a string"};
  return found->get<std::string>();
}

inline const Principle& principle_field(const std::string& id, const char* name) {
  const Principle* principle = knowledge().find_principle(id);
  if (principle == nullptr)
    throw BadRequest{"unknown_principle", std::string("\"") + name + "\" is not a principle id; valid ids: " +
                                              knowledge().principle_ids()};
  return *principle;
}

template <typename Handler>
Reply guarded(Handler handler) {
  try {
    return handler();
  } catch (const BadRequest& bad) {
    return error_reply(400, bad.code, bad.message);
  } catch (const InputError& error) {
    return error_reply(400, "invalid_input", error.what());
  }
}

inline int number_parameter(const std::map<std::string, std::string>& query, const char* name, int fallback, int low, int high) {
  auto found = query.find(name);
  if (found == query.end()) return fallback;
  const std::string& text = found->second;
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(text) < low || std::stoi(text) > high)
    throw BadRequest{"wrong_type", std::string("\"") + name + "\" must be a whole number from " + std::to_string(low) +
                                       " to " + std::to_string(high)};
  return std::stoi(text);
}

}  // namespace starcoach::server
