// What the rules look for, in code: the general kinds (a part missing, a part or a
// sentence too long, a word list absent from a part, an answer too short), whose rules
// are data, and the checks that cannot be data, which a rule names. The rule
// (data/analyser/rules.json) supplies the thresholds, message and hint; method.md
// sections are given beside each.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <stdexcept>

#include "answer.hpp"
#include "starcoach/knowledge.hpp"
#include "starcoach/speaking.hpp"
#include "starcoach/word_clusters.hpp"

namespace starcoach::detail {

namespace {

std::string number(double value) { return std::to_string(static_cast<long>(std::lround(value))); }

bool has_digit(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Span whole(const Answer& answer) { return answer.span_of(0, answer.sentences.size() - 1); }

// The sentences of a part as one span (first to last), or nothing.
std::optional<Span> part_span(const Answer& answer, Part part) {
  const std::vector<std::size_t> found = answer.part_sentences(part);
  if (found.empty()) return std::nullopt;
  return answer.span_of(found.front(), found.back());
}

std::size_t part_words(const Answer& answer, Part part) {
  std::size_t words = 0;
  for (std::size_t index : answer.part_sentences(part)) words += answer.sentences[index].words.size();
  return words;
}

// method.md 2: a behavioral answer tells one specific story.
void general_answer(const Rule&, const Answer& answer, std::vector<Hit>& hits) {
  if (answer.is_story) return;
  const Span span = whole(answer);
  hits.push_back({span.start, span.end, std::nullopt, {}});
}

// method.md 6: at most one general sentence opens the answer.
void general_opening(const Rule& rule, const Answer& answer, std::vector<Hit>& hits) {
  if (!answer.is_story || answer.opening_sentences <= static_cast<std::size_t>(rule.param("lead_in_sentences"))) return;
  const Span span = answer.span_of(0, answer.opening_sentences - 1);
  hits.push_back({span.start, span.end, Part::other, {{"count", std::to_string(answer.opening_sentences)}}});
}

// Kind part-missing (method.md 3: every part of STAR is there). The empty span marks where it belongs.
void missing_part(const Rule& rule, const Answer& answer, std::vector<Hit>& hits) {
  if (!answer.is_story || !answer.part_sentences(*rule.part).empty()) return;
  // Where it belongs: after the last sentence of an earlier part, else before the first of a later one.
  std::size_t at = answer.sentences[answer.opening_sentences < answer.sentences.size() ? answer.opening_sentences : 0].span.start;
  for (std::size_t i = 0; i < answer.sentences.size(); ++i)
    if (answer.sentences[i].part < *rule.part) at = answer.sentences[i].span.end;
  if (*rule.part == Part::result) at = answer.sentences.back().span.end;
  hits.push_back({at, at, *rule.part, {}});
}

// method.md 3: S, T, A, R in that order. Flags a result told before any action, or
// background (situation, task) told after the result.
void order(const Rule&, const Answer& answer, std::vector<Hit>& hits) {
  const std::vector<std::size_t> actions = answer.part_sentences(Part::action);
  const std::vector<std::size_t> results = answer.part_sentences(Part::result);
  if (actions.empty() || results.empty()) return;
  std::optional<std::size_t> misplaced;
  if (results.front() < actions.front()) {
    misplaced = results.front();
  } else {
    for (std::size_t i = results.front() + 1; i < answer.sentences.size() && !misplaced; ++i) {
      const Part part = answer.sentences[i].part;
      if (part == Part::situation || part == Part::task) misplaced = i;
    }
  }
  if (!misplaced) return;
  const AnswerSentence& sentence = answer.sentences[*misplaced];
  hits.push_back({sentence.span.start, sentence.span.end, sentence.part,
                  {{"part", std::string(part_name(sentence.part))}}});
}

// Kind part-sentences (method.md 4: situation, task and result take two to four sentences each).
void part_too_long(const Rule& rule, const Answer& answer, std::vector<Hit>& hits) {
  for (Part part : rule.parts) {
    const std::vector<std::size_t> found = answer.part_sentences(part);
    if (found.size() <= static_cast<std::size_t>(rule.param("max_sentences"))) continue;
    const Span span = answer.span_of(found.front(), found.back());
    hits.push_back({span.start, span.end, part,
                    {{"part", std::string(part_name(part))}, {"count", std::to_string(found.size())}}});
  }
}

// method.md 3: the action is the longest part.
void action_too_short(const Rule&, const Answer& answer, std::vector<Hit>& hits) {
  const std::optional<Span> actions = part_span(answer, Part::action);
  if (!actions) return;
  const std::size_t action_words = part_words(answer, Part::action);
  // The lesson belongs to the result (method.md 3) but says nothing about how much was
  // done: a result grown by "What I learned..." does not make the action too short.
  const PhraseList& lessons = answer.book->lexicon.list("learning_markers");
  auto words_of_part = [&](Part part) {
    std::size_t words = 0;
    for (std::size_t index : answer.part_sentences(part))
      if (part != Part::result || !answer.sentence_has(index, lessons)) words += answer.sentences[index].words.size();
    return words;
  };
  Part longest = Part::action;
  std::size_t longest_words = action_words;
  for (Part part : {Part::situation, Part::task, Part::result}) {
    if (words_of_part(part) > longest_words) {
      longest = part;
      longest_words = words_of_part(part);
    }
  }
  if (longest == Part::action) return;
  hits.push_back({actions->start, actions->end, Part::action, {{"part", std::string(part_name(longest))}}});
}

// method.md 4: about one minute (data/analyser/speaking.json). The span starts at the
// sentence during which the minute runs out.
void over_minute(const Rule& rule, const Answer& answer, std::vector<Hit>& hits) {
  const double limit = answer.target_seconds;
  if (answer.seconds() <= limit) return;
  std::size_t words = 0, first_over = answer.sentences.size() - 1;
  for (std::size_t i = 0; i < answer.sentences.size(); ++i) {
    words += answer.sentences[i].words.size();
    if (answer.seconds_of(words) > limit) {
      first_over = i;
      break;
    }
  }
  const Span span = answer.span_of(first_over, answer.sentences.size() - 1);
  // The further past the minute, the faster it costs: a few seconds over cost next to
  // nothing (the method asks for about a minute), full_penalty_seconds over cost the
  // penalty, twice that over cost it 2^growth times, up to most_penalties times.
  const double over = (answer.seconds() - limit) / rule.param("full_penalty_seconds");
  const double weight = std::min(std::pow(over, rule.param("growth")), rule.param("most_penalties"));
  // "one minute" as the method says it; a coach's own target (90 s for senior roles) in seconds.
  const std::string target = limit == 60 ? "one minute" : number(limit) + " seconds";
  hits.push_back({span.start, span.end, std::nullopt, {{"seconds", number(answer.seconds())}, {"target", target}}, weight});
}

// Kind answer-seconds (method.md 4: too short to tell a story).
void too_short(const Rule& rule, const Answer& answer, std::vector<Hit>& hits) {
  if (answer.seconds() >= rule.param("min_seconds")) return;
  const Span span = whole(answer);
  hits.push_back({span.start, span.end, std::nullopt, {{"seconds", number(answer.seconds())}}});
}

// method.md 3: the result is quantified where possible.
void result_not_quantified(const Rule&, const Answer& answer, std::vector<Hit>& hits) {
  const std::vector<std::size_t> results = answer.part_sentences(Part::result);
  if (results.empty()) return;
  for (std::size_t index : results)
    if (has_figure(answer.sentences[index].words, answer.book->lexicon)) return;
  const Span span = answer.span_of(results.front(), results.back());
  hits.push_back({span.start, span.end, Part::result, {}});
}

// Kind phrases-absent: no phrase of the rule's list from the start of its part to the
// end (method.md 3: the result says what was learned or would be done differently).
void no_learning(const Rule& rule, const Answer& answer, std::vector<Hit>& hits) {
  const std::vector<std::size_t> found = answer.part_sentences(*rule.part);
  if (found.empty()) return;
  const PhraseList& markers = answer.book->lexicon.list(rule.lexicon);
  for (std::size_t i = found.front(); i < answer.sentences.size(); ++i)
    if (answer.sentence_has(i, markers)) return;
  const AnswerSentence& last = answer.sentences[found.back()];
  hits.push_back({last.span.start, last.span.end, *rule.part, {}});
}

// method.md 3: the actions are about "I", not "we". Told all as "we", a story may have no
// sentence the labeller reads as an action: then every sentence is read.
void we_not_i(const Rule& rule, const Answer& answer, std::vector<Hit>& hits) {
  if (answer.sentences.empty()) return;
  const bool has_actions = !answer.part_sentences(Part::action).empty();
  auto counted = [&](const PhraseMatch& match) { return !has_actions || answer.sentences[match.sentence].part == Part::action; };
  std::size_t team = 0, self = 0;
  for (const PhraseMatch& match : answer.find(answer.book->lexicon.list("team_words"), true)) team += counted(match);
  for (const PhraseMatch& match : answer.find(answer.book->lexicon.list("self_subjects"), true)) self += counted(match);
  if (team <= self || team < static_cast<std::size_t>(rule.param("min_team_words"))) return;
  const std::vector<std::size_t> read = has_actions ? answer.part_sentences(Part::action) : std::vector<std::size_t>{0, answer.sentences.size() - 1};
  const Span span = answer.span_of(read.front(), read.back());
  hits.push_back({span.start, span.end, has_actions ? std::optional<Part>(Part::action) : std::nullopt,
                  {{"team", std::to_string(team)}, {"self", std::to_string(self)}}});
}

bool is_acronym(std::string_view word) {
  std::size_t capitals = 0;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if (c >= 'A' && c <= 'Z') ++capitals;
    else if (!(c >= '0' && c <= '9') && !(c == 's' && i + 1 == word.size())) return false;
  }
  return capitals >= 2 && word.size() <= 7;
}

// method.md 4: acronyms and internal names are explained at first use.
void unexplained_acronym(const Rule&, const Answer& answer, std::vector<Hit>& hits) {
  const std::vector<std::string>& common = answer.book->lexicon.list("common_acronyms").texts;
  std::vector<std::string> seen;
  const std::string_view text = answer.text;
  for (std::size_t s = 0; s < answer.sentences.size(); ++s) {
    for (const Word& word : answer.sentences[s].words) {
      std::string original(text.substr(word.start, word.end - word.start));
      std::string base = original.size() > 2 && original.back() == 's' ? original.substr(0, original.size() - 1) : original;
      if (!is_acronym(original) || std::find(seen.begin(), seen.end(), base) != seen.end()) continue;
      seen.push_back(base);
      if (std::find(common.begin(), common.end(), base) != common.end()) continue;
      // Explained: "(SLA)" after its expansion, or "SLA (service level agreement)", or "SLA, which means".
      const bool in_brackets = word.start > 0 && text[word.start - 1] == '(';
      std::string_view after = text.substr(word.end, 24);
      while (!after.empty() && after.front() == ' ') after.remove_prefix(1);
      const bool expanded_after = after.rfind("(", 0) == 0 || after.rfind(", which", 0) == 0 ||
                                  after.rfind("stands for", 0) == 0 || after.rfind("means", 0) == 0 ||
                                  after.rfind(", meaning", 0) == 0;
      if (in_brackets || expanded_after) continue;
      hits.push_back({word.start, word.end, answer.sentences[s].part, {{"matched", original}}});
    }
  }
}

// method.md 4 (a minute spoken): sentences short enough to follow by ear.
// Kind sentence-words.
void long_sentence(const Rule& rule, const Answer& answer, std::vector<Hit>& hits) {
  for (const AnswerSentence& sentence : answer.sentences) {
    if (sentence.words.size() <= static_cast<std::size_t>(rule.param("max_words"))) continue;
    hits.push_back({sentence.span.start, sentence.span.end, sentence.part, {{"count", std::to_string(sentence.words.size())}}});
  }
}

// method.md 4: technical people jump into detail before the situation is clear.
void too_technical(const Rule& rule, const Answer& answer, std::vector<Hit>& hits) {
  if (answer.role != Role::technical) return;
  const std::vector<std::size_t> actions = answer.part_sentences(Part::action);
  const std::size_t before = actions.empty() ? std::min<std::size_t>(3, answer.sentences.size()) : actions.front();
  if (before == 0) return;
  const PhraseList& terms = answer.book->lexicon.list("technical_terms");
  std::vector<PhraseMatch> technical;
  for (const PhraseMatch& match : answer.find(terms, false))
    if (match.sentence < before) technical.push_back(match);
  std::size_t words = 0;
  for (std::size_t i = 0; i < before; ++i) {
    words += answer.sentences[i].words.size();
    for (const Word& word : answer.sentences[i].words) {
      const std::string_view original = answer.text.substr(word.start, word.end - word.start);
      const bool listed = std::any_of(technical.begin(), technical.end(),
                                      [&](const PhraseMatch& m) { return m.start <= word.start && word.end <= m.end; });
      if (!listed && (is_acronym(original) || (has_digit(original) && std::any_of(original.begin(), original.end(), ::isalpha))))
        technical.push_back({word.start, word.end, i, std::string(original)});
    }
  }
  if (words == 0 || static_cast<double>(technical.size()) / static_cast<double>(words) <= rule.param("max_technical_share")) return;
  std::sort(technical.begin(), technical.end(), [](const PhraseMatch& a, const PhraseMatch& b) { return a.start < b.start; });
  std::string examples;
  for (std::size_t i = 0; i < technical.size() && i < 3; ++i) examples += (i ? ", " : "") + technical[i].text;
  const AnswerSentence& first = answer.sentences[technical.front().sentence];
  hits.push_back({first.span.start, first.span.end, first.part, {{"matched", examples}}});
}

// The principle's missing behaviours, those nearest to what the story is about first:
// the ones whose words (or near-synonyms) the story already uses are the ones it could
// bring out.
// The stems and word groups of some words, sorted and once each.
std::vector<std::uint64_t> meaning_of(const std::vector<Word>& words) {
  const WordClusters& clusters = WordClusters::builtin();
  std::vector<std::uint64_t> keys;
  for (const Word& word : words) {
    if (word.stem.size() <= 3) continue;  // "the", "and", "you": no meaning of their own
    keys.push_back(word.stem_hash);
    if (const WordCluster* cluster = clusters.find(word.hash)) keys.push_back(0x9e3779b97f4a7c15ULL ^ cluster->fine);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// What each behaviour of the built-in principles means: its text and its phrases, read
// once (the analyser would otherwise break them into words for every answer).
const std::vector<std::uint64_t>& meaning_of(const Behaviour& behaviour) {
  static const std::map<const Behaviour*, std::vector<std::uint64_t>> meanings = [] {
    std::map<const Behaviour*, std::vector<std::uint64_t>> all;
    for (const Principle& principle : KnowledgeBase::builtin().principles())
      for (const Behaviour& known : principle.behaviours) {
        std::string words = known.text;
        for (const std::string& phrase : known.phrases) words += " " + phrase;
        all[&known] = meaning_of(words_of(words));
      }
    return all;
  }();
  thread_local std::vector<std::uint64_t> other;  // a principle of a coach's own, read each time
  if (auto found = meanings.find(&behaviour); found != meanings.end()) return found->second;
  std::string words = behaviour.text;
  for (const std::string& phrase : behaviour.phrases) words += " " + phrase;
  return other = meaning_of(words_of(words));
}

std::vector<std::string> missing_by_fit(const Answer& answer, const PrincipleEvidence& evidence) {
  std::vector<Word> all_words;
  for (const AnswerSentence& sentence : answer.sentences) all_words.insert(all_words.end(), sentence.words.begin(), sentence.words.end());
  const std::vector<std::uint64_t> story = meaning_of(all_words);
  std::vector<std::pair<std::size_t, std::string>> ranked;  // (shared keys, behaviour text)
  for (const std::string& missing : evidence.missing) {
    std::size_t shared = 0;
    for (const Behaviour& behaviour : answer.principle->behaviours)
      if (behaviour.text == missing)
        for (std::uint64_t key : meaning_of(behaviour)) shared += std::binary_search(story.begin(), story.end(), key);
    ranked.emplace_back(shared, missing);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> texts;
  for (const auto& [shared, text] : ranked) texts.push_back(text);
  return texts;
}

// method.md 1: the story shows the behaviours of the principle the question probes. The
// finding names what it shows and suggests what this story could show.
void weak_evidence(const Rule& rule, const Answer& answer, std::vector<Hit>& hits) {
  if (!answer.evidence || !answer.principle || !answer.is_story) return;
  const PrincipleEvidence& evidence = *answer.evidence;
  if (evidence.shown.size() >= static_cast<std::size_t>(rule.param("min_behaviours"))) return;
  auto lower_first = [](std::string text) {
    if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
  };
  std::string shown = "It shows none of the behaviours this principle looks for.";
  if (!evidence.shown.empty()) {
    shown = "It shows that you " + lower_first(evidence.shown.front());
    for (std::size_t i = 1; i < evidence.shown.size(); ++i) shown += (i + 1 == evidence.shown.size() ? ", and " : ", ") + lower_first(evidence.shown[i]);
    shown += ".";
  }
  const std::vector<std::string> suggested = missing_by_fit(answer, evidence);
  std::string missing;
  for (std::size_t i = 0; i < suggested.size() && i < 3; ++i) missing += (i ? "; " : "") + lower_first(suggested[i]);
  const Span span = whole(answer);
  hits.push_back({span.start, span.end, std::nullopt,
                  {{"principle", answer.principle->name}, {"shown", shown}, {"missing", missing}}});
}

// method.md 2: the story must answer the question asked; an interviewer stops one that
// is about something else.
void off_question(const Rule& rule, const Answer& answer, std::vector<Hit>& hits) {
  if (!answer.fit || answer.fit->score >= rule.param("warning_below")) return;
  std::string example = answer.fit->asked->behaviours.empty() ? "" : answer.fit->asked->behaviours.front().text;
  if (!example.empty()) example[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(example[0])));
  const Span span = whole(answer);
  Hit hit{span.start, span.end, std::nullopt,
          {{"asked", answer.fit->asked->name}, {"about", story_topic(*answer.fit)}, {"example", example}}};
  if (answer.fit->score < rule.param("error_below")) hit.severity = Severity::error;
  hits.push_back(hit);
}

}  // namespace

const Check& find_check(const std::string& name) {
  static const std::map<std::string, Check> checks = {
      {"general-answer", general_answer}, {"general-opening", general_opening},
      {"order", order},                   {"action-too-short", action_too_short},
      {"over-minute", over_minute},       {"result-not-quantified", result_not_quantified},
      {"we-not-i", we_not_i},             {"unexplained-acronym", unexplained_acronym},
      {"too-technical", too_technical},   {"weak-evidence", weak_evidence},
      {"off-question", off_question}};
  return checks.at(name);
}

const std::vector<std::string>& check_params(const std::string& name) {
  static const std::map<std::string, std::vector<std::string>> params = {
      {"general-opening", {"lead_in_sentences"}},
      {"over-minute", {"full_penalty_seconds", "growth", "most_penalties"}},
      {"we-not-i", {"min_team_words"}},
      {"too-technical", {"max_technical_share"}},
      {"weak-evidence", {"min_behaviours"}},
      {"off-question", {"warning_below", "error_below"}}};
  static const std::vector<std::string> none;
  auto found = params.find(name);
  return found == params.end() ? none : found->second;
}

const Check& check_of(const Rule& rule) {
  static const std::map<RuleKind, Check> general = {
      {RuleKind::part_missing, missing_part},     {RuleKind::part_sentences, part_too_long},
      {RuleKind::sentence_words, long_sentence},  {RuleKind::phrases_absent, no_learning},
      {RuleKind::answer_seconds, too_short}};
  return rule.kind == RuleKind::check ? find_check(rule.check) : general.at(rule.kind);
}

}  // namespace starcoach::detail
