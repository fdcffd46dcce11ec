#include "starcoach/mock.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

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

bool FollowUpBank::is_kind(std::string_view kind) const {
  return kind == weak_kind || kind == deeper_kind ||
         std::any_of(gaps.begin(), gaps.end(), [&](const Gap& gap) { return gap.id == kind; });
}

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
  if (chosen.size() < 2 && weak) chosen.push_back({FollowUpBank::weak_kind, pick(bank.weak.at(principle), seed, principle), ""});
  if (chosen.empty()) {
    const std::vector<std::string>& deeper = principle.empty() ? bank.general_deeper : bank.deeper.at(principle);
    chosen.push_back({FollowUpBank::deeper_kind, pick(deeper, seed, FollowUpBank::deeper_kind), ""});
  }
  return chosen;
}

namespace {

// "I'd changed the grade" is what had been done, not what would be: "I'd" before a past
// participle.
bool had_done(const std::vector<Word>& words) {
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i].lower != "i'd") continue;
    const std::string& next = words[i + 1].lower;
    if (next.ends_with("ed") || RuleBook::builtin().lexicon.list("irregular_past").has_word(words[i + 1].hash)) return true;
  }
  return false;
}

bool has_word(const std::vector<Word>& words, std::string_view word) {
  return std::any_of(words.begin(), words.end(), [&](const Word& w) { return w.lower == word; });
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
  using Words = std::vector<Word>;
  auto first = [&](auto gives) -> std::optional<std::string> {
    for (const SentenceResult& sentence : reply.sentences)
      if (gives(sentence, words_of(sentence.text))) return sentence.text;
    return std::nullopt;
  };
  auto own_action = [&](const SentenceResult& s, const Words& words) {
    return s.part == Part::action && lexicon.list("first_person").found_in(words);
  };
  // A reply that turns to blaming others has not given its own part or its own lesson.
  const bool blames = std::any_of(reply.sentences.begin(), reply.sentences.end(),
                                  [](const SentenceResult& s) { return points_at_others(s.text); });
  // The figure of a result, not of the work done ("I rewrote 120 answers").
  if (kind == "no-number")
    return first([&](const SentenceResult& s, const Words& words) { return s.part != Part::action && has_figure(words, lexicon); });
  if (kind == "no-learning")
    return blames ? std::nullopt : first([&](const SentenceResult&, const Words& words) {
      return (lexicon.list("learning_markers").found_in(words) || lexicon.list("intention_markers").found_in(words)) &&
             !lexicon.list("empty_lesson_markers").found_in(words) && !had_done(words);
    });
  if (kind == "missing-action") return first(own_action);
  if (kind == "we-not-i") return fired("ownership.we-not-i") ? std::nullopt : first(own_action);
  if (kind == "red-flag-blame") {
    // The red flags that point away from the candidate. Owning up to having avoided the
    // conflict or cut a corner is the candidate's own part, the answer this gap asks for.
    for (const char* rule : {"redflag.blame", "redflag.handed-off", "redflag.speaks-badly", "redflag.gave-in", "redflag.unsure"})
      if (fired(rule)) return std::nullopt;
    return blames ? std::nullopt : first(own_action);
  }
  if (kind == "not-a-story") return reply.is_story ? first([](const SentenceResult& s, const Words&) { return s.part != Part::other; }) : std::nullopt;
  if (kind == "missing-situation") return first([](const SentenceResult& s, const Words&) { return s.part == Part::situation; });
  if (kind == "missing-task")
    return first([&](const SentenceResult& s, const Words& words) { return s.part == Part::task || lexicon.list("task_markers").found_in(words); });
  // An outcome that happened: not a lesson, and not what would or could have been done.
  if (kind == "missing-result")
    return first([&](const SentenceResult& s, const Words& words) {
      return s.part == Part::result && !lexicon.list("learning_markers").found_in(words) &&
             !lexicon.list("intention_markers").found_in(words) && !has_word(words, "would");
    });
  if (kind == "too-long") {
    if (reply.words > MockSettings::builtin().short_reply_words) return std::nullopt;
    return first([](const SentenceResult& s, const Words&) { return s.part == Part::action || s.part == Part::result; });
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
  if (follow_up.kind == FollowUpBank::deeper_kind) {
    const bool closed = reply.words >= 5;  // a few words do not answer a probe
    return {closed, closed ? "You answered the follow-up." : "Say a little more: a sentence or two."};
  }
  if (follow_up.kind == FollowUpBank::weak_kind) {
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

Scorecard score_interview(const std::vector<MockAnswer>& answers) {
  const KnowledgeBase& knowledge = KnowledgeBase::builtin();
  Scorecard card;
  std::map<std::string, std::pair<double, int>> by_principle;  // id -> {sum of scores, answers}
  std::map<std::string, double> area_sums;
  std::map<std::string, int> area_counts;
  std::map<std::string, std::pair<int, Finding>> rule_counts;  // rule -> {answers, the latest finding}
  double total = 0;

  for (const MockAnswer& answer : answers) {
    const Principle* principle = answer.principle.empty() ? nullptr : knowledge.find_principle(answer.principle);
    ScorecardAnswer item;
    item.question_id = answer.question_id;
    item.question = answer.question;
    item.principle = answer.principle;
    item.principle_name = principle ? principle->name : "";
    item.answer = answer.answer;
    item.seconds_spent = answer.seconds_spent;
    item.seconds_allowed = answer.seconds_allowed;
    item.over_time = answer.seconds_allowed > 0 && answer.seconds_spent > answer.seconds_allowed;
    item.delivery = answer.delivery;
    card.over_time += item.over_time;
    AnalysisOptions options;
    options.question = answer.question;
    options.principle = principle ? principle->id : "";
    if (answer.answer.find_first_not_of(" \t\r\n") == std::string::npos) {
      // Passed: scores nothing, and counts against its principle.
      item.weakest = MockSettings::builtin().passed;
      if (principle) by_principle[principle->id].second += 1;
    } else {
      const Analysis analysis = analyse(answer.answer, options);
      ++card.answered;
      total += analysis.score.overall;
      const std::map<std::string, double> scores = counted_scores(analysis);
      for (const auto& [area, value] : scores) {
        area_sums[area] += value;
        area_counts[area] += 1;
      }
      std::tie(item.strongest, item.weakest) = strong_and_weak(scores);
      std::set<std::string> counted;  // a rule counts once per answer, however often it matched
      for (const Finding& finding : analysis.findings) {
        item.findings.push_back({finding.rule, RuleBook::builtin().title_of(finding.rule)});
        if (finding.severity != Severity::suggestion && counted.insert(finding.rule).second) {
          auto& [count, latest] = rule_counts.try_emplace(finding.rule, 0, finding).first->second;
          ++count;
          latest = finding;
        }
      }
      item.score = analysis.score.overall;
      item.scores = analysis.score;
      if (principle) {
        by_principle[principle->id].first += analysis.score.overall;
        by_principle[principle->id].second += 1;
      }
    }
    for (const FollowUp& follow_up : answer.follow_ups) {
      const ReplyVerdict verdict = judge_reply(follow_up, answer.answer, options);
      item.follow_ups.push_back({follow_up.kind, follow_up.question, follow_up.answer, verdict.closed, verdict.note});
    }
    card.answers.push_back(std::move(item));
  }

  for (const Principle& principle : knowledge.principles()) {
    auto found = by_principle.find(principle.id);
    if (found == by_principle.end()) continue;
    const auto [sum, count] = found->second;
    card.principles.push_back({principle.id, principle.name, static_cast<int>(sum / count + 0.5), count});
  }
  std::map<std::string, double> area_means;
  for (const auto& [area, sum] : area_sums) area_means[area] = sum / area_counts[area];
  std::tie(card.strongest, card.weakest) = strong_and_weak(area_means);

  // The next thing to practise: the problem found in most answers (ties: the costlier one).
  const std::pair<int, Finding>* top = nullptr;
  for (const auto& [rule, entry] : rule_counts)
    if (top == nullptr || entry.first > top->first || (entry.first == top->first && entry.second.penalty > top->second.penalty))
      top = &entry;
  if (top != nullptr) card.next_step = NextStep{top->second.rule, RuleBook::builtin().title_of(top->second.rule), top->second.hint};
  card.questions = static_cast<int>(answers.size());
  card.overall = card.answered == 0 ? 0 : static_cast<int>(total / static_cast<double>(answers.size()) + 0.5);
  return card;
}

json scorecard_json(const Scorecard& card) {
  json answers = json::array();
  for (const ScorecardAnswer& item : card.answers) {
    json findings = json::array(), follow_ups = json::array();
    for (const ScorecardFinding& finding : item.findings) findings.push_back({{"rule", finding.rule}, {"title", finding.title}});
    for (const ScorecardFollowUp& follow_up : item.follow_ups)
      follow_ups.push_back({{"kind", follow_up.kind}, {"question", follow_up.question}, {"answer", follow_up.answer},
                            {"closed", follow_up.closed}, {"note", follow_up.note}});
    answers.push_back({{"question_id", item.question_id}, {"question", item.question}, {"principle", item.principle},
                       {"principle_name", item.principle_name}, {"answer", item.answer}, {"score", item.score},
                       {"scores", item.scores ? score_json(*item.scores) : json::object()},
                       {"seconds_spent", item.seconds_spent}, {"seconds_allowed", item.seconds_allowed},
                       {"over_time", item.over_time}, {"strongest", item.strongest}, {"weakest", item.weakest},
                       {"findings", findings}, {"delivery", item.delivery ? spoken_delivery_json(*item.delivery) : json(nullptr)},
                       {"follow_ups", follow_ups}});
  }
  json principles = json::array();
  for (const ScorecardPrinciple& line : card.principles)
    principles.push_back({{"id", line.id}, {"name", line.name}, {"score", line.score}, {"answers", line.answers}});
  return {{"overall", card.overall},
          {"questions", card.questions},
          {"answered", card.answered},
          {"over_time", card.over_time},
          {"strongest", card.strongest},
          {"weakest", card.weakest},
          {"next_step", card.next_step ? json{{"rule", card.next_step->rule}, {"title", card.next_step->title}, {"hint", card.next_step->hint}}
                                       : json(nullptr)},
          {"principles", principles},
          {"answers", answers}};
}

Scorecard scorecard_from_json(const json& saved) {
  auto whole = [](const json& object, const char* name) { return static_cast<int>(std::lround(number_member(object, name))); };
  Scorecard card;
  card.overall = whole(saved, "overall");
  card.questions = whole(saved, "questions");
  card.answered = whole(saved, "answered");
  card.over_time = whole(saved, "over_time");
  card.strongest = text_member(saved, "strongest");
  card.weakest = text_member(saved, "weakest");
  const json& next = object_member(saved, "next_step");
  if (!next.empty()) card.next_step = NextStep{text_member(next, "rule"), text_member(next, "title"), text_member(next, "hint")};
  for (const json& line : list_member(saved, "principles"))
    card.principles.push_back({text_member(line, "id"), text_member(line, "name"), whole(line, "score"), whole(line, "answers")});
  for (const json& entry : list_member(saved, "answers")) {
    ScorecardAnswer item;
    item.question_id = text_member(entry, "question_id");
    item.question = text_member(entry, "question");
    item.principle = text_member(entry, "principle");
    item.principle_name = text_member(entry, "principle_name");
    item.answer = text_member(entry, "answer");
    item.score = whole(entry, "score");
    if (const json& scores = object_member(entry, "scores"); !scores.empty()) item.scores = score_from_json(scores);
    item.seconds_spent = number_member(entry, "seconds_spent");
    item.seconds_allowed = number_member(entry, "seconds_allowed");
    item.over_time = flag_member(entry, "over_time");
    item.strongest = text_member(entry, "strongest");
    item.weakest = text_member(entry, "weakest");
    for (const json& finding : list_member(entry, "findings"))
      item.findings.push_back({text_member(finding, "rule"), text_member(finding, "title")});
    if (const json& delivery = object_member(entry, "delivery"); !delivery.empty()) item.delivery = spoken_delivery_of(delivery);
    for (const json& follow_up : list_member(entry, "follow_ups")) {
      ScorecardFollowUp read{text_member(follow_up, "kind"), text_member(follow_up, "question"), text_member(follow_up, "answer"),
                             flag_member(follow_up, "closed"), text_member(follow_up, "note")};
      read.note = closed_text(read);  // scorecards saved before replies were judged have no note
      item.follow_ups.push_back(std::move(read));
    }
    card.answers.push_back(std::move(item));
  }
  return card;
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

json spoken_delivery_json(const SpokenDelivery& d) {
  return {{"speaking_seconds", d.speaking_seconds}, {"words_per_minute", d.words_per_minute}, {"fillers", d.fillers},
          {"long_pause_count", d.long_pause_count}};
}

std::string spoken_summary(const SpokenDelivery& d) {
  return whole(d.speaking_seconds) + " s at " + whole(d.words_per_minute) + " words a minute, " + counted(d.fillers, "filler") + ", " +
         (std::lround(d.long_pause_count) == 0 ? std::string("no long pauses") : counted(d.long_pause_count, "long pause"));
}

// What the scorecard says of a reply; scorecards saved before replies were judged on
// their content have no note.
std::string closed_text(const ScorecardFollowUp& follow_up) {
  if (!follow_up.note.empty()) return follow_up.note;
  if (follow_up.kind == FollowUpBank::deeper_kind) return follow_up.closed ? "You answered the follow-up." : "No reply yet.";
  return follow_up.closed ? "Your reply filled the gap." : "The gap is still open.";
}

std::string scorecard_markdown(const Scorecard& card) {
  std::string out = "# Mock interview scorecard\n\n";
  out += "**Overall: " + std::to_string(card.overall) + "/100** over " + counted(card.questions, "question") + " (" +
         std::to_string(card.answered) + " answered, " + std::to_string(card.over_time) + " over time).\n\n";
  if (!card.strongest.empty()) out += "- **Strongest:** " + card.strongest + "\n";
  if (!card.weakest.empty()) out += "- **Weakest:** " + card.weakest + "\n";
  if (card.next_step) out += "- **Practise next:** " + card.next_step->title + ". " + card.next_step->hint + "\n";
  out += "\n## By principle\n\n| Principle | Score | Answers |\n|---|---|---|\n";
  for (const ScorecardPrinciple& line : card.principles)
    out += "| " + line.name + " | " + std::to_string(line.score) + " | " + std::to_string(line.answers) + " |\n";
  int index = 0;
  for (const ScorecardAnswer& item : card.answers) {
    out += "\n## " + std::to_string(++index) + ". " + item.question + "\n\n";
    if (!item.principle_name.empty()) out += "*" + item.principle_name + "*. ";
    out += "Score " + std::to_string(item.score) + "/100, " + whole(item.seconds_spent) + " s of " + whole(item.seconds_allowed) + " s" +
           (item.over_time ? " (over time)" : "") + ".\n\n";
    if (!item.strongest.empty()) out += "- Strongest: " + item.strongest + "\n";
    if (!item.weakest.empty()) out += "- Weakest: " + item.weakest + "\n";
    if (item.delivery) out += "- Spoken: " + spoken_summary(*item.delivery) + "\n";
    out += "\n" + quoted(item.answer.empty() ? "(no answer)" : item.answer);
    for (const ScorecardFollowUp& follow_up : item.follow_ups) {
      out += "\n**Follow-up:** " + follow_up.question + "\n\n";
      out += quoted(follow_up.answer.empty() ? "(no reply)" : follow_up.answer);
      out += "\n" + closed_text(follow_up) + "\n";
    }
  }
  return out;
}

}  // namespace starcoach
