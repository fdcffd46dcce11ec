#include "starcoach/mock.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "starcoach/draw.hpp"
#include "starcoach/embedded.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/json.hpp"
#include "starcoach/rules.hpp"
#include "starcoach/sentence_judge.hpp"
#include "starcoach/text.hpp"

namespace starcoach {

using nlohmann::json;

namespace {

std::vector<std::string> question_list(const json& list, const std::string& where, Source source) {
  if (!list.is_array() || list.empty()) throw DataError(std::string(source.name), 1, where + ": expected a non-empty list of questions");
  std::vector<std::string> questions;
  for (const json& item : list) {
    if (!item.is_string() || item.get<std::string>().empty())
      throw DataError(std::string(source.name), 1, where + ": every question must be a non-empty string");
    questions.push_back(item.get<std::string>());
  }
  return questions;
}

const std::string& pick(const std::vector<std::string>& list, std::uint64_t seed, std::string_view salt) {
  return list[(seed + word_hash(salt)) % list.size()];
}


}  // namespace

FollowUpBank FollowUpBank::parse(Source source, const KnowledgeBase& knowledge) {
  const json document = parse_json_file(source);
  const std::string file(source.name);
  FollowUpBank bank;
  try {
    std::set<std::string> known_rules;
    for (const Rule& rule : RuleBook::builtin().rules) known_rules.insert(rule.id);
    for (const json& gap : document.at("gaps")) {
      Gap parsed{gap.at("id").get<std::string>(), gap.at("rules").get<std::vector<std::string>>(), {}, gap.at("needs").get<std::string>()};
      for (const std::string& rule : parsed.rules)
        if (!known_rules.contains(rule)) throw DataError(file, line_of(source.text, source.text.find(rule)), "gap " + parsed.id + ": unknown rule " + rule);
      parsed.questions = question_list(gap.at("questions"), "gap " + parsed.id, source);
      bank.gaps.push_back(std::move(parsed));
    }
    for (const Principle& principle : knowledge.principles()) {
      if (!document.at("principles").contains(principle.id)) throw DataError(file, 1, "no follow-ups for the principle " + principle.id);
      const json& entry = document.at("principles").at(principle.id);
      bank.weak[principle.id] = question_list(entry.at("weak"), principle.id + " weak", source);
      bank.deeper[principle.id] = question_list(entry.at("deeper"), principle.id + " deeper", source);
    }
    for (const auto& [id, entry] : document.at("principles").items())
      if (knowledge.find_principle(id) == nullptr) throw DataError(file, line_of(source.text, source.text.find("\"" + id + "\"")), "unknown principle " + id);
    bank.general_deeper = question_list(document.at("deeper"), "deeper", source);
  } catch (const json::exception& error) {
    throw DataError(file, 1, error.what());
  }
  return bank;
}

const FollowUpBank& FollowUpBank::builtin() {
  static const FollowUpBank bank =
      parse({"data/mock/followups.json", embedded_file("data/mock/followups.json")}, KnowledgeBase::builtin());
  return bank;
}

const MockSettings& MockSettings::builtin() {
  static const MockSettings settings = [] {
    const Source source{"data/mock/scorecard.json", embedded_file("data/mock/scorecard.json")};
    const json document = parse_json_file(source);
    try {
      MockSettings s;
      s.always_first = document.at("always_first").get<std::string>();
      s.default_questions = document.at("default_questions").get<int>();
      s.default_minutes_per_answer = document.at("default_minutes_per_answer").get<double>();
      s.passed = document.at("passed").get<std::string>();
      s.short_reply_words = document.at("short_reply_words").get<std::size_t>();
      s.reply_given = document.at("reply_given").get<std::string>();
      s.reply_missing = document.at("reply_missing").get<std::string>();
      for (std::string_view name : score_areas) {
        if (name == "fit") continue;  // a mock's answers are judged on fit by their follow-ups instead
        const std::string area(name);
        s.areas[area] = {document.at("areas").at(area).at("strong").get<std::string>(),
                         document.at("areas").at(area).at("weak").get<std::string>()};
      }
      // always_first is checked against the principles where the plan is made: loading
      // the knowledge base here would slow every command that only shows these defaults.
      return s;
    } catch (const json::exception& error) {
      throw DataError(std::string(source.name), 1, error.what());
    }
  }();
  return settings;
}

std::vector<const Question*> plan_interview(const std::vector<std::string>& principles, const std::vector<std::string>& excluded,
                                            int count, std::uint64_t seed) {
  const KnowledgeBase& knowledge = KnowledgeBase::builtin();
  if (count < 1 || count > 20) throw InputError("the number of questions must be from 1 to 20");
  for (const std::vector<std::string>* ids : {&principles, &excluded})
    for (const std::string& id : *ids)
      if (knowledge.find_principle(id) == nullptr)
        throw InputError("\"" + id + "\" is not a principle id; valid ids: " + knowledge.principle_ids());
  auto is_excluded = [&](const std::string& id) { return std::find(excluded.begin(), excluded.end(), id) != excluded.end(); };

  std::vector<std::string> pool;
  for (const Principle& principle : knowledge.principles())
    if ((principles.empty() || std::find(principles.begin(), principles.end(), principle.id) != principles.end()) &&
        !is_excluded(principle.id))
      pool.push_back(principle.id);
  // The loop's first question is about `always_first`, once; chosen principles fill the rest.
  const std::string& first = MockSettings::builtin().always_first;
  if (knowledge.find_principle(first) == nullptr)
    throw DataError("data/mock/scorecard.json", 1, "always_first: unknown principle " + first);
  const bool ask_first = !is_excluded(first);
  if (pool.empty() && !ask_first) throw InputError("every principle is excluded: there is nothing to ask about");

  Draw draw(seed);
  std::vector<const Question*> plan;
  std::set<const Question*> asked;
  auto ask_about = [&](const std::string& id) {
    std::vector<const Question*> options = knowledge.questions_for(id);
    std::erase_if(options, [&](const Question* q) { return asked.contains(q); });
    if (options.empty()) return false;
    const Question* chosen = options[draw.below(options.size())];
    plan.push_back(chosen);
    asked.insert(chosen);
    return true;
  };
  if (ask_first) ask_about(first);
  if (pool.size() > 1 || (pool.size() == 1 && pool.front() != first)) std::erase(pool, first);  // asked already
  const std::size_t principles_left = pool.size();
  pool = draw.first_of_shuffle(std::move(pool), principles_left);

  // Round after round over the principles, a question not asked yet from each.
  for (std::size_t round = 0; static_cast<int>(plan.size()) < count; ++round) {
    bool any = false;
    for (const std::string& id : pool) {
      if (static_cast<int>(plan.size()) == count) break;
      any = ask_about(id) || any;
    }
    if (!any) break;  // every question of these principles is asked
  }
  return plan;
}

std::vector<std::string> gaps_of(const Analysis& analysis) {
  std::vector<std::string> gaps;
  for (const FollowUpBank::Gap& gap : FollowUpBank::builtin().gaps)
    for (const Finding& finding : analysis.findings)
      if (std::find(gap.rules.begin(), gap.rules.end(), finding.rule) != gap.rules.end()) {
        gaps.push_back(gap.id);
        break;
      }
  return gaps;
}

namespace {

bool has_weak_evidence(const Analysis& analysis) {
  return std::any_of(analysis.findings.begin(), analysis.findings.end(),
                     [](const Finding& finding) { return finding.rule == "principle.weak-evidence"; });
}

}  // namespace

std::vector<FollowUp> choose_follow_ups(const Analysis& analysis, std::uint64_t seed) {
  const FollowUpBank& bank = FollowUpBank::builtin();
  std::vector<FollowUp> chosen;
  for (const std::string& gap : gaps_of(analysis)) {
    if (chosen.size() == 2) break;
    auto found = std::find_if(bank.gaps.begin(), bank.gaps.end(), [&](const FollowUpBank::Gap& g) { return g.id == gap; });
    chosen.push_back({gap, pick(found->questions, seed, gap), ""});
  }
  const std::string principle = analysis.principle ? analysis.principle->id : "";
  const bool weak = !principle.empty() && has_weak_evidence(analysis);
  if (chosen.size() < 2 && weak) chosen.push_back({"weak", pick(bank.weak.at(principle), seed, principle), ""});
  if (chosen.empty()) {
    const std::vector<std::string>& deeper = principle.empty() ? bank.general_deeper : bank.deeper.at(principle);
    chosen.push_back({"deeper", pick(deeper, seed, "deeper"), ""});
  }
  return chosen;
}

namespace {

// The words of a text, lower-cased, with a space before and after each: a phrase of the
// lexicon is in it when " phrase " is.
std::string spaced_words(std::string_view text) {
  std::string spaced = " ";
  for (const std::string& word : lowercase_words(text)) spaced += word + " ";
  return spaced;
}

bool has_phrase(const std::string& spaced, const PhraseList& list) {
  for (const std::string& phrase : list.texts)
    if (spaced.find(" " + spaced_words(phrase).substr(1)) != std::string::npos) return true;
  return false;
}

// A figure: a digit that is not a year on its own, or a number word ("half", "twice"),
// but not the "one" of "one of the best".
bool has_figure(std::string_view text) {
  const std::vector<std::string> words = lowercase_words(text);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    const bool digits = std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
    const bool year = word.size() == 4 && (word.starts_with("19") || word.starts_with("20")) &&
                      std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
    const bool one_of = word == "one" && i + 1 < words.size() && words[i + 1] == "of";
    if ((digits && !year) || (!one_of && RuleBook::builtin().lexicon.list("number_words").has_word(word_hash(word)))) return true;
  }
  return false;
}

// "I'd changed the grade" is what had been done, not what would be: "I'd" before a past
// participle.
bool had_done(const std::string& spaced) {
  for (std::size_t at = spaced.find(" i'd "); at != std::string::npos; at = spaced.find(" i'd ", at + 1)) {
    const std::size_t start = at + 5, end = spaced.find(' ', start);
    const std::string next = spaced.substr(start, end - start);
    if (next.ends_with("ed") || RuleBook::builtin().lexicon.list("irregular_past").has_word(word_hash(next))) return true;
  }
  return false;
}

// True when the sentence judge's first label for the sentence is blaming or judging others.
bool points_at_others(std::string_view sentence) {
  const SentenceJudge& judge = SentenceJudge::builtin();
  const std::vector<double> probabilities = judge.judge(words_of(sentence));
  const std::string& top = judge.labels()[static_cast<std::size_t>(std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin())];
  return top == "blame" || top == "speaks-badly";
}

// The reply's first sentence that gives what the gap asks for, as evidence; none when
// the reply does not give it.
std::optional<std::string> what_the_reply_gives(const std::string& kind, const Analysis& reply) {
  const Lexicon& lexicon = RuleBook::builtin().lexicon;
  auto fired = [&](const std::string& rule) {
    return std::any_of(reply.findings.begin(), reply.findings.end(), [&](const Finding& f) { return f.rule == rule; });
  };
  auto first = [&](auto gives) -> std::optional<std::string> {
    for (const SentenceResult& sentence : reply.sentences)
      if (gives(sentence, spaced_words(sentence.text))) return sentence.text;
    return std::nullopt;
  };
  auto own = [&](const std::string& spaced) { return has_phrase(spaced, lexicon.list("first_person")); };
  auto own_action = [&](const SentenceResult& s, const std::string& spaced) { return s.part == Part::action && own(spaced); };
  // A reply that turns to blaming others has not given its own part or its own lesson.
  const bool blames = std::any_of(reply.sentences.begin(), reply.sentences.end(),
                                  [](const SentenceResult& s) { return points_at_others(s.text); });
  // The figure of a result, not of the work done ("I rewrote 120 answers").
  if (kind == "no-number") return first([](const SentenceResult& s, const std::string&) { return s.part != Part::action && has_figure(s.text); });
  if (kind == "no-learning")
    return blames ? std::nullopt : first([&](const SentenceResult&, const std::string& spaced) {
      return (has_phrase(spaced, lexicon.list("learning_markers")) || has_phrase(spaced, lexicon.list("intention_markers"))) &&
             !has_phrase(spaced, lexicon.list("empty_lesson_markers")) &&
             !had_done(spaced);
    });
  if (kind == "missing-action") return first(own_action);
  if (kind == "we-not-i") return fired("ownership.we-not-i") ? std::nullopt : first(own_action);
  if (kind == "red-flag-blame") {
    for (const char* rule : {"redflag.blame", "redflag.handed-off", "redflag.speaks-badly", "redflag.gave-in", "redflag.unsure"})
      if (fired(rule)) return std::nullopt;
    return blames ? std::nullopt : first(own_action);
  }
  if (kind == "not-a-story") return reply.is_story ? first([](const SentenceResult& s, const std::string&) { return s.part != Part::other; }) : std::nullopt;
  if (kind == "missing-situation") return first([](const SentenceResult& s, const std::string&) { return s.part == Part::situation; });
  if (kind == "missing-task")
    return first([&](const SentenceResult& s, const std::string& spaced) { return s.part == Part::task || has_phrase(spaced, lexicon.list("task_markers")); });
  // An outcome that happened: not a lesson, and not what would or could have been done.
  if (kind == "missing-result")
    return first([&](const SentenceResult& s, const std::string& spaced) {
      return s.part == Part::result && !has_phrase(spaced, lexicon.list("learning_markers")) &&
             !has_phrase(spaced, lexicon.list("intention_markers")) && spaced.find(" would ") == std::string::npos;
    });
  if (kind == "too-long") {
    if (reply.words > MockSettings::builtin().short_reply_words) return std::nullopt;
    return first([](const SentenceResult& s, const std::string&) { return s.part == Part::action || s.part == Part::result; });
  }
  return reply.sentences.front().text;
}

std::string filled(std::string text, const std::string& needs, const std::string& evidence) {
  for (const auto& [hole, value] : {std::pair<std::string, std::string>{"{needs}", needs}, {"{evidence}", evidence}})
    if (const std::size_t at = text.find(hole); at != std::string::npos) text.replace(at, hole.size(), value);
  return text;
}

// A sentence of the reply as evidence: its first twelve words and "..." when longer.
std::string shortened(const std::string& sentence) {
  const std::vector<Word> words = words_of(sentence);
  if (words.size() <= 12) return sentence;
  return sentence.substr(0, words[11].end) + "...";
}

}  // namespace

ReplyVerdict judge_reply(const FollowUp& follow_up, const std::string& answer, const AnalysisOptions& options) {
  if (words_of(follow_up.answer).empty()) return {false, "No reply yet."};
  const Analysis reply = analyse(follow_up.answer, options);
  if (follow_up.kind == "deeper") {
    const bool closed = reply.words >= 5;  // a few words do not answer a probe
    return {closed, closed ? "You answered the follow-up." : "Say a little more: a sentence or two."};
  }
  if (follow_up.kind == "weak") {
    const Analysis together = analyse(answer.empty() ? follow_up.answer : answer + "\n" + follow_up.answer, options);
    const bool closed = !has_weak_evidence(together);
    return {closed, closed ? "Your reply showed more of what the question looks for."
                           : "Still missing: more of what the question looks for."};
  }
  const FollowUpBank& bank = FollowUpBank::builtin();
  auto gap = std::find_if(bank.gaps.begin(), bank.gaps.end(), [&](const FollowUpBank::Gap& g) { return g.id == follow_up.kind; });
  const std::string needs = gap == bank.gaps.end() ? "what was asked" : gap->needs;
  const MockSettings& settings = MockSettings::builtin();
  const std::optional<std::string> given = what_the_reply_gives(follow_up.kind, reply);
  if (!given) return {false, filled(settings.reply_missing, needs, "")};
  return {true, filled(settings.reply_given, needs, shortened(*given))};
}

namespace {

// The sub-scores of an analysis that count: all but principle when no principle is known.
std::map<std::string, double> counted_scores(const Analysis& analysis) {
  std::map<std::string, double> scores;
  for (std::string_view area : score_areas)
    if (area != "fit")
      if (const std::optional<int> score = analysis.score.of(area)) scores[std::string(area)] = *score;
  return scores;
}

// The strongest and weakest of some sub-scores, as the scorecard's phrases (ties: the
// earlier area in score.json's order).
std::pair<std::string, std::string> strong_and_weak(const std::map<std::string, double>& scores) {
  const MockSettings& settings = MockSettings::builtin();
  std::string best, worst;
  for (std::string_view name : score_areas) {
    const std::string area(name);
    if (!scores.contains(area)) continue;
    if (best.empty() || scores.at(area) > scores.at(best)) best = area;
    if (worst.empty() || scores.at(area) < scores.at(worst)) worst = area;
  }
  if (best.empty()) return {"", ""};
  return {settings.areas.at(best).first, scores.at(worst) >= 100 ? "" : settings.areas.at(worst).second};
}

}  // namespace

json score_interview(const std::vector<MockAnswer>& answers) {
  const KnowledgeBase& knowledge = KnowledgeBase::builtin();
  json listed = json::array();
  std::map<std::string, std::pair<double, int>> by_principle;  // id -> {sum of scores, answers}
  std::map<std::string, double> area_sums;
  std::map<std::string, int> area_counts;
  std::map<std::string, std::pair<int, Finding>> rule_counts;  // rule -> {answers, the latest finding}
  double total = 0;
  int answered = 0, over_time = 0;

  for (const MockAnswer& answer : answers) {
    const Principle* principle = answer.principle.empty() ? nullptr : knowledge.find_principle(answer.principle);
    const bool over = answer.seconds_allowed > 0 && answer.seconds_spent > answer.seconds_allowed;
    over_time += over;
    json item = {{"question_id", answer.question_id}, {"question", answer.question}, {"principle", answer.principle},
                 {"principle_name", principle ? principle->name : ""}, {"answer", answer.answer},
                 {"seconds_spent", answer.seconds_spent}, {"seconds_allowed", answer.seconds_allowed}, {"over_time", over}};
    json follow_ups = json::array();
    if (answer.answer.find_first_not_of(" \t\r\n") == std::string::npos) {
      // Passed: scores nothing, and counts against its principle.
      item.update({{"score", 0}, {"scores", json::object()}, {"strongest", ""}, {"weakest", MockSettings::builtin().passed}, {"findings", json::array()}});
      if (principle) by_principle[principle->id].second += 1;
    } else {
      AnalysisOptions options;
      options.question = answer.question;
      options.principle = principle ? principle->id : "";
      const Analysis analysis = analyse(answer.answer, options);
      ++answered;
      total += analysis.score.overall;
      const std::map<std::string, double> scores = counted_scores(analysis);
      for (const auto& [area, value] : scores) {
        area_sums[area] += value;
        area_counts[area] += 1;
      }
      const auto [strongest, weakest] = strong_and_weak(scores);
      json findings = json::array();
      std::set<std::string> counted;  // a rule counts once per answer, however often it matched
      for (const Finding& finding : analysis.findings) {
        findings.push_back({{"rule", finding.rule}, {"title", RuleBook::builtin().title_of(finding.rule)}});
        if (finding.severity != Severity::suggestion && counted.insert(finding.rule).second) {
          auto& [count, latest] = rule_counts.try_emplace(finding.rule, 0, finding).first->second;
          ++count;
          latest = finding;
        }
      }
      item.update({{"score", analysis.score.overall}, {"scores", analysis_json(analysis)["score"]},
                   {"strongest", strongest}, {"weakest", weakest}, {"findings", findings}});
      if (principle) {
        by_principle[principle->id].first += analysis.score.overall;
        by_principle[principle->id].second += 1;
      }
    }
    for (const FollowUp& follow_up : answer.follow_ups) {
      AnalysisOptions options;
      options.question = answer.question;
      options.principle = principle ? principle->id : "";
      const ReplyVerdict verdict = judge_reply(follow_up, answer.answer, options);
      follow_ups.push_back({{"kind", follow_up.kind}, {"question", follow_up.question}, {"answer", follow_up.answer},
                            {"closed", verdict.closed},
                            {"note", verdict.note}});
    }
    item["follow_ups"] = follow_ups;
    item["delivery"] = nullptr;
    if (answer.delivery)
      item["delivery"] = {{"speaking_seconds", answer.delivery->speaking_seconds}, {"words_per_minute", answer.delivery->words_per_minute},
                          {"fillers", answer.delivery->fillers}, {"long_pause_count", answer.delivery->long_pause_count}};
    listed.push_back(item);
  }

  json principles = json::array();
  for (const Principle& principle : knowledge.principles()) {
    auto found = by_principle.find(principle.id);
    if (found == by_principle.end()) continue;
    const auto [sum, count] = found->second;
    principles.push_back({{"id", principle.id}, {"name", principle.name}, {"score", static_cast<int>(sum / count + 0.5)}, {"answers", count}});
  }
  std::map<std::string, double> area_means;
  for (const auto& [area, sum] : area_sums) area_means[area] = sum / area_counts[area];
  const auto [strongest, weakest] = strong_and_weak(area_means);

  // The next thing to practise: the problem found in most answers (ties: the costlier one).
  json next_step = nullptr;
  const std::pair<int, Finding>* top = nullptr;
  for (const auto& [rule, entry] : rule_counts)
    if (top == nullptr || entry.first > top->first || (entry.first == top->first && entry.second.penalty > top->second.penalty))
      top = &entry;
  if (top != nullptr) {
    next_step = {{"rule", top->second.rule}, {"title", RuleBook::builtin().title_of(top->second.rule)}, {"hint", top->second.hint}};
  }
  return {{"overall", answered == 0 ? 0 : static_cast<int>(total / static_cast<double>(answers.size()) + 0.5)},
          {"questions", answers.size()},
          {"answered", answered},
          {"over_time", over_time},
          {"strongest", strongest},
          {"weakest", weakest},
          {"next_step", next_step},
          {"principles", principles},
          {"answers", listed}};
}

namespace {

// Markdown quote of a text that may have several lines.
std::string quoted(const std::string& text) {
  std::string out = "> ";
  for (char c : text) out += c == '\n' ? std::string("\n> ") : std::string(1, c);
  return out + "\n";
}

}  // namespace

namespace {

std::string whole(double value) { return std::to_string(std::lround(value)); }

// "1 question", "3 questions".
std::string counted(double count, const std::string& noun) { return whole(count) + " " + noun + (std::lround(count) == 1 ? "" : "s"); }

}  // namespace

SpokenDelivery spoken_delivery_of(const json& delivery) {
  const json& pauses = list_member(delivery, "long_pauses");
  return {number_member(delivery, "speaking_seconds"), number_member(delivery, "words_per_minute"), number_member(delivery, "fillers"),
          pauses.empty() ? number_member(delivery, "long_pause_count") : static_cast<double>(pauses.size())};
}

std::string spoken_summary(const SpokenDelivery& d) {
  return whole(d.speaking_seconds) + " s at " + whole(d.words_per_minute) + " words a minute, " + counted(d.fillers, "filler") + ", " +
         (std::lround(d.long_pause_count) == 0 ? std::string("no long pauses") : counted(d.long_pause_count, "long pause"));
}

// What the scorecard says of a reply; scorecards saved before replies were judged on
// their content have no note.
std::string closed_text(const json& follow_up) {
  if (!text_member(follow_up, "note").empty()) return text_member(follow_up, "note");
  if (text_member(follow_up, "kind") == "deeper") return flag_member(follow_up, "closed") ? "You answered the follow-up." : "No reply yet.";
  return flag_member(follow_up, "closed") ? "Your reply filled the gap." : "The gap is still open.";
}

std::string scorecard_markdown(const json& card) {
  std::string out = "# Mock interview scorecard\n\n";
  out += "**Overall: " + whole(number_member(card, "overall")) + "/100** over " + counted(number_member(card, "questions"), "question") +
         " (" + whole(number_member(card, "answered")) + " answered, " + whole(number_member(card, "over_time")) + " over time).\n\n";
  if (!text_member(card, "strongest").empty()) out += "- **Strongest:** " + text_member(card, "strongest") + "\n";
  if (!text_member(card, "weakest").empty()) out += "- **Weakest:** " + text_member(card, "weakest") + "\n";
  const json& next = object_member(card, "next_step");
  if (!next.empty()) out += "- **Practise next:** " + text_member(next, "title") + ". " + text_member(next, "hint") + "\n";
  out += "\n## By principle\n\n| Principle | Score | Answers |\n|---|---|---|\n";
  for (const json& line : list_member(card, "principles"))
    out += "| " + text_member(line, "name") + " | " + whole(number_member(line, "score")) + " | " + whole(number_member(line, "answers")) + " |\n";
  int index = 0;
  for (const json& item : list_member(card, "answers")) {
    out += "\n## " + std::to_string(++index) + ". " + text_member(item, "question") + "\n\n";
    if (!text_member(item, "principle_name").empty()) out += "*" + text_member(item, "principle_name") + "*. ";
    out += "Score " + whole(number_member(item, "score")) + "/100, " + whole(number_member(item, "seconds_spent")) + " s of " +
           whole(number_member(item, "seconds_allowed")) + " s" + (flag_member(item, "over_time") ? " (over time)" : "") + ".\n\n";
    if (!text_member(item, "strongest").empty()) out += "- Strongest: " + text_member(item, "strongest") + "\n";
    if (!text_member(item, "weakest").empty()) out += "- Weakest: " + text_member(item, "weakest") + "\n";
    const json& spoken = object_member(item, "delivery");
    if (!spoken.empty()) out += "- Spoken: " + spoken_summary(spoken_delivery_of(spoken)) + "\n";
    const std::string answer = text_member(item, "answer");
    out += "\n" + quoted(answer.empty() ? "(no answer)" : answer);
    for (const json& follow_up : list_member(item, "follow_ups")) {
      out += "\n**Follow-up:** " + text_member(follow_up, "question") + "\n\n";
      const std::string reply = text_member(follow_up, "answer");
      out += quoted(reply.empty() ? "(no reply)" : reply);
      out += "\n" + closed_text(follow_up) + "\n";
    }
  }
  return out;
}

}  // namespace starcoach
