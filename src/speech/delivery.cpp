#include "delivery.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "starcoach/data_file.hpp"
#include "starcoach/embedded.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/rules.hpp"
#include "starcoach/text.hpp"

namespace starcoach::speech {

namespace {

using nlohmann::json;

struct Bands {
  double over_seconds, short_seconds;
  double slow_below, fast_above;
  double long_pause_seconds;
  double fluent_at_most, hesitant_from;
  std::map<std::string, std::string> notes;
};

const Bands& bands() {
  static const Bands loaded = [] {
    const Source source{"data/speech/delivery.json", embedded_file("data/speech/delivery.json")};
    const json document = parse_json_file(source);
    try {
      Bands b;
      b.over_seconds = document.at("over_seconds").get<double>();
      b.short_seconds = document.at("short_seconds").get<double>();
      b.slow_below = document.at("pace_words_per_minute").at("slow_below").get<double>();
      b.fast_above = document.at("pace_words_per_minute").at("fast_above").get<double>();
      b.long_pause_seconds = document.at("long_pause_seconds").get<double>();
      b.fluent_at_most = document.at("fillers_per_minute").at("fluent_at_most").get<double>();
      b.hesitant_from = document.at("fillers_per_minute").at("hesitant_from").get<double>();
      b.notes = document.at("notes").get<std::map<std::string, std::string>>();
      for (const char* name : {"time_good", "time_over", "time_short", "pace_good", "pace_slow", "pace_fast", "pauses",
                               "fillers_none", "fillers_fluent", "fillers_some", "fillers_hesitant"})
        if (!b.notes.contains(name)) throw DataError(std::string(source.name), 1, std::string("notes: \"") + name + "\" is missing");
      return b;
    } catch (const json::exception& error) {
      throw DataError(std::string(source.name), 1, error.what());
    }
  }();
  return loaded;
}

std::string whole(double value) { return std::to_string(std::lround(value)); }

// "1 long pause", "3 long pauses".
std::string counted(std::size_t count, const std::string& noun, const std::string& plural) {
  return std::to_string(count) + " " + (count == 1 ? noun : plural);
}

std::string one_decimal(double value) {
  const long tenths = std::lround(value * 10);
  return std::to_string(tenths / 10) + (tenths % 10 == 0 ? "" : "." + std::to_string(tenths % 10));
}

}  // namespace

Delivery measure_delivery(const Transcript& transcript) {
  if (transcript.words.empty()) throw InputError("no words were recognised in the recording");
  const Bands& b = bands();
  Delivery d;
  d.words = transcript.words.size();
  d.speaking_seconds = std::max(0.1, transcript.words.back().end - transcript.words.front().start);
  const double minutes = d.speaking_seconds / 60.0;
  d.words_per_minute = static_cast<double>(d.words) / minutes;
  for (std::size_t i = 1; i < transcript.words.size(); ++i) {
    const double gap = transcript.words[i].start - transcript.words[i - 1].end;
    if (gap >= b.long_pause_seconds) d.long_pauses.push_back({transcript.words[i - 1].end, gap});
  }

  // Fillers are the lexicon's phrases ("um", "you know"), matched on the transcript's words.
  const PhraseList& fillers = RuleBook::builtin().lexicon.list("fillers");
  const std::vector<Word> words = words_of(transcript.text);
  std::map<std::string, std::size_t> heard;
  for (std::size_t at = 0; at < words.size();) {
    const std::size_t length = fillers.match_at(words, at);
    if (length == 0) {
      ++at;
      continue;
    }
    ++heard[transcript.text.substr(words[at].start, words[at + length - 1].end - words[at].start)];
    d.fillers += 1;
    at += length;
  }
  std::vector<std::pair<std::string, std::size_t>> ranked(heard.begin(), heard.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  for (const auto& [filler, count] : ranked) d.filler_words.push_back(filler);
  d.fillers_per_minute = static_cast<double>(d.fillers) / minutes;

  d.timing = d.speaking_seconds > b.over_seconds ? "over" : d.speaking_seconds < b.short_seconds ? "short" : "good";
  d.pace = d.words_per_minute < b.slow_below ? "slow" : d.words_per_minute > b.fast_above ? "fast" : "good";
  d.filler_level = d.fillers_per_minute >= b.hesitant_from ? "hesitant" : d.fillers_per_minute > b.fluent_at_most ? "some" : "fluent";

  const long seconds = std::lround(d.speaking_seconds);
  const std::map<std::string, std::string> values = {
      {"duration", std::to_string(seconds) + (seconds == 1 ? " second" : " seconds")},
      {"wpm", whole(d.words_per_minute)},
      {"fillers", counted(d.fillers, "filler word", "filler words")},
      {"rate", one_decimal(d.fillers_per_minute)},
      {"pauses", counted(d.long_pauses.size(), "long pause", "long pauses")},
      {"limit", one_decimal(b.long_pause_seconds)},
      {"example", d.filler_words.empty() ? "" : d.filler_words.front()}};
  d.notes.push_back(fill_placeholders(b.notes.at("time_" + d.timing), values));
  d.notes.push_back(fill_placeholders(b.notes.at("pace_" + d.pace), values));
  if (!d.long_pauses.empty()) d.notes.push_back(fill_placeholders(b.notes.at("pauses"), values));
  d.notes.push_back(fill_placeholders(b.notes.at(d.fillers == 0 ? "fillers_none" : "fillers_" + d.filler_level), values));
  return d;
}

SpokenDelivery spoken_delivery(const Delivery& d) {
  return {d.speaking_seconds, d.words_per_minute, static_cast<double>(d.fillers), static_cast<double>(d.long_pauses.size())};
}

json delivery_json(const Delivery& d) {
  json pauses = json::array();
  for (const Pause& pause : d.long_pauses) pauses.push_back({{"at", pause.at}, {"seconds", pause.seconds}});
  return {{"speaking_seconds", d.speaking_seconds},
          {"words", d.words},
          {"words_per_minute", d.words_per_minute},
          {"timing", d.timing},
          {"pace", d.pace},
          {"long_pauses", pauses},
          {"fillers", d.fillers},
          {"fillers_per_minute", d.fillers_per_minute},
          {"filler_level", d.filler_level},
          {"filler_words", d.filler_words},
          {"notes", d.notes}};
}

json transcript_json(const Transcript& transcript) {
  json words = json::array();
  for (const TimedWord& word : transcript.words) words.push_back({{"word", word.word}, {"start", word.start}, {"end", word.end}});
  json result = {{"text", transcript.text}, {"duration_seconds", transcript.duration_seconds}, {"words", words}};
  if (!transcript.words.empty()) result["delivery"] = delivery_json(measure_delivery(transcript));
  return result;
}

}  // namespace starcoach::speech
