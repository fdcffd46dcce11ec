#include "backup.hpp"

#include <cmath>
#include <sodium.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "starcoach/errors.hpp"
#include "starcoach/json.hpp"

namespace starcoach::storage {

namespace {

using nlohmann::json;

constexpr const char* backup_format = "starcoach-backup";
constexpr std::size_t largest_recording = 8 * 1024 * 1024;

std::string base64_of(const std::string& bytes) {
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  text.pop_back();  // the terminating zero
  return text;
}

std::optional<std::string> bytes_of_base64(const std::string& text) {
  std::string bytes(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(), text.size(), nullptr, &length,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  bytes.resize(length);
  return bytes;
}

}  // namespace

json backup_json(const Backup& backup) {
  json stories = json::array(), attempts = json::array(), mocks = json::array();
  for (const Story& story : backup.stories) stories.push_back(story_json(story));
  for (const Attempt& attempt : backup.attempts) {
    json written = attempt_json(attempt);
    if (auto wav = backup.recordings.find(attempt.id); wav != backup.recordings.end()) written["recording"] = base64_of(wav->second);
    attempts.push_back(std::move(written));
  }
  for (const MockInterview& mock : backup.mock_interviews) mocks.push_back(mock_interview_json(mock));
  return {{"format", backup_format}, {"version", 3}, {"stories", stories}, {"attempts", attempts}, {"mock_interviews", mocks}};
}

Backup backup_of(const Database& database) {
  Backup backup{database.stories(), database.attempts(), database.mock_interviews(), {}};
  for (const Attempt& attempt : backup.attempts)
    if (attempt.has_recording)
      if (std::optional<std::string> wav = database.recording(attempt.id)) backup.recordings[attempt.id] = std::move(*wav);
  return backup;
}

std::string backup_text(const Backup& backup) { return dump_json(backup_json(backup)) + "\n"; }

Backup parse_backup(std::string_view text, const std::string& name) {
  bool too_deep = false;
  const json document = json::parse(
      text, [&too_deep](int depth, json::parse_event_t, json&) { return !(too_deep = too_deep || depth > 64); }, false);
  if (too_deep) throw InputError(name + " is not a starcoach backup: it is nested too deeply");
  const auto format = document.is_object() ? document.find("format") : document.end();
  if (document.is_discarded() || !document.is_object() || format == document.end() || *format != backup_format)
    throw InputError(name + " is not a starcoach backup");
  // The file is checked as a whole before anything is written: the first problem is named
  // and the database is left as it was.
  auto damaged = [&](const std::string& what) { return InputError(name + " cannot be restored: " + what); };
  const json version = document.value("version", json());
  if (!version.is_number_integer() || version.get<int>() < 1 || version.get<int>() > 3)
    throw damaged("it was written by another version of starcoach (backup version " + version.dump() + ")");
  // A whole number from `low` to `high`: a text, 2.5 or 1e300 is named, never converted.
  auto whole = [&](const json& value, long long low, long long high, const std::string& what) {
    if (!value.is_number_integer()) throw damaged(what + " is " + value.dump().substr(0, 40) + ", not a whole number");
    const long long number = value.is_number_unsigned() && value.get<unsigned long long>() > static_cast<unsigned long long>(high)
                                 ? high + 1
                                 : value.get<long long>();
    if (number < low || number > high) throw damaged(what + " is " + value.dump().substr(0, 40) + ", outside " +
                                                     std::to_string(low) + " to " + std::to_string(high));
    return number;
  };
  auto check_id = [&](const json& entry, const std::string& what) {
    const json& id = entry.at("id");
    if (id.is_number_integer() && id.get<long long>() <= 0)
      throw damaged(what + " has the id " + id.dump() + "; ids are positive");
    return whole(id, 1, 1LL << 53, what + "'s id");
  };
  auto check_score = [&](const json& score, const std::string& what) {
    if (!score.is_number_integer() || score.get<long long>() < 0 || score.get<long long>() > 100)
      throw damaged(what + " has the score " + score.dump().substr(0, 40) + "; scores are 0 to 100");
    return static_cast<int>(score.get<long long>());
  };
  std::vector<Story> stories;
  std::vector<Attempt> attempts;
  std::vector<MockInterview> mocks;
  std::map<long long, std::string> recordings;
  try {
    for (const json& entry : document.at("stories")) {
      const long long id = check_id(entry, "a story");
      try {
        Story story = story_from_json(entry);
        story.id = id;
        stories.push_back(std::move(story));
      } catch (const InputError& error) {
        throw damaged("story " + std::to_string(id) + ": " + error.what());
      }
    }
    for (const json& entry : document.at("attempts")) {
      const long long id = check_id(entry, "an attempt");
      try {
        Attempt attempt = attempt_from_json(entry);
        attempt.id = id;
        if (entry.contains("recording")) {
          const std::optional<std::string> wav = entry["recording"].is_string() ? bytes_of_base64(entry["recording"].get<std::string>()) : std::nullopt;
          if (!wav || wav->size() > largest_recording) throw InputError("its recording is not a WAV file in base64 of at most 8 MiB");
          recordings[id] = *wav;
          attempt.has_recording = true;
        }
        attempts.push_back(std::move(attempt));
      } catch (const InputError& error) {
        throw damaged("attempt " + std::to_string(id) + ": " + error.what());
      }
    }
    for (const json& entry : document.value("mock_interviews", json::array())) {
      const long long id = check_id(entry, "a mock interview");
      const std::string what = "mock interview " + std::to_string(id);
      const int questions = static_cast<int>(whole(entry.at("questions"), 0, 1000, what + "'s number of questions"));
      mocks.push_back({id, entry.at("created_at").get<std::string>(), check_score(entry.at("score"), what), questions,
                       dump_json(entry.at("scorecard"), -1)});
    }
  } catch (const json::exception& error) {
    throw damaged(std::string("a field is missing or of the wrong type (") + error.what() + ")");
  }
  return Backup{std::move(stories), std::move(attempts), std::move(mocks), std::move(recordings)};
}

}  // namespace starcoach::storage
