// The analyser's pipeline: sentences -> STAR parts -> story or not -> rules -> score
// -> the restructured answer.
#include "starcoach/analysis.hpp"
#include "starcoach/data_file.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "answer.hpp"
#include "starcoach/classifier.hpp"
#include "starcoach/fit.hpp"
#include "starcoach/sentence_judge.hpp"
#include "starcoach/errors.hpp"

namespace starcoach {

std::optional<int> Score::of(std::string_view area) const {
  if (area == "structure") return structure;
  if (area == "specificity") return specificity;
  if (area == "length") return length;
  if (area == "ownership") return ownership;
  if (area == "result") return result;
  if (area == "principle") return principle < 0 ? std::nullopt : std::optional(principle);
  if (area == "fit") return fit;
  return std::nullopt;
}


std::string_view role_name(Role role) {
  switch (role) {
    case Role::general: return "general";
    case Role::sales: return "sales";
    case Role::technical: return "technical";
  }
  return "general";
}

std::optional<Role> role_from_name(std::string_view name) {
  for (Role role : {Role::general, Role::sales, Role::technical})
    if (role_name(role) == name) return role;
  return std::nullopt;
}

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::suggestion: return "suggestion";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "warning";
}

bool Analysis::has_error() const {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::error; });
}

namespace detail {

bool Answer::quoted(std::size_t start, std::size_t end) const {
  return std::any_of(quotes.begin(), quotes.end(), [&](const Span& q) { return q.start <= start && end <= q.end; });
}

std::vector<PhraseMatch> Answer::find(const PhraseList& list, bool outside_quotes) const {
  std::vector<PhraseMatch> matches;
  for (std::size_t s = 0; s < sentences.size(); ++s) {
    const std::vector<Word>& words = sentences[s].words;
    for (std::size_t i = 0; i < words.size(); ++i) {
      const std::size_t length = list.match_at(words, i);
      if (length == 0) continue;
      const std::size_t start = words[i].start, end = words[i + length - 1].end;
      if (outside_quotes && quoted(start, end)) continue;
      matches.push_back({start, end, s, std::string(text.substr(start, end - start))});
    }
  }
  return matches;
}

bool Answer::sentence_has(std::size_t sentence, const PhraseList& list) const {
  const std::vector<Word>& words = sentences[sentence].words;
  for (std::size_t i = 0; i < words.size(); ++i)
    if (list.match_at(words, i) > 0) return true;
  return false;
}

std::vector<std::size_t> Answer::part_sentences(Part part) const {
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < sentences.size(); ++i)
    if (sentences[i].part == part) found.push_back(i);
  return found;
}

std::string_view Answer::sentence_text(std::size_t index) const {
  const Span& span = sentences[index].span;
  return text.substr(span.start, span.end - span.start);
}

Span Answer::span_of(std::size_t first, std::size_t last) const {
  return {sentences[first].span.start, sentences[last].span.end};
}

}  // namespace detail

namespace {

using detail::Answer;
using detail::AnswerSentence;

// Spans between straight or curly double quotes.
std::vector<Span> find_quotes(std::string_view text) {
  constexpr std::size_t none = std::string_view::npos;
  std::vector<Span> quotes;
  std::size_t open = none;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '"' && text[i] != '\xe2') continue;  // the first byte of both curly quotes
    const bool straight = text[i] == '"';
    const bool curly_open = text.compare(i, 3, "\xe2\x80\x9c") == 0;   // “
    const bool curly_close = text.compare(i, 3, "\xe2\x80\x9d") == 0;  // ”
    if (!straight && !curly_open && !curly_close) continue;
    if (open == none && !curly_close) {
      open = i;
    } else if (open != none && !curly_open) {
      quotes.push_back({open, i + (straight ? 1 : 3)});
      open = none;
    }
  }
  return quotes;
}

bool is_past_verb(const Word& word, const PhraseList& irregular, const PhraseList& not_past) {
  if (irregular.has_word(word.hash)) return true;
  const std::string& lower = word.lower;
  return lower.size() >= 4 && lower.compare(lower.size() - 2, 2, "ed") == 0 && !not_past.has_word(word.hash);
}

// Whether a sentence tells something in the past: a past verb, but not one of the present
// perfect ("I have worked in procurement for ten years", "I've always been curious"),
// which is who the candidate is now, not an event ("I could have checked" still looks
// back at one). The lexicon's lists are looked up once per answer, not once per sentence.
struct PastTense {
  explicit PastTense(const Lexicon& lexicon)
      : irregular(lexicon.list("irregular_past")), not_past(lexicon.list("not_past_ed")),
        perfect_auxiliaries(lexicon.list("perfect_auxiliaries")), modals(lexicon.list("modal_verbs")) {}

  bool told_in(const std::vector<Word>& words) const {
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (!is_past_verb(words[i], irregular, not_past)) continue;
      bool perfect = false;  // "have" one or two words before: "have worked", "have always worked"
      for (std::size_t back = 1; back <= 2 && back <= i && !perfect; ++back)
        perfect = perfect_auxiliaries.has_word(words[i - back].hash) && !(back < i && modals.has_word(words[i - back - 1].hash));
      if (!perfect) return true;
    }
    return false;
  }

  const PhraseList& irregular;
  const PhraseList& not_past;
  const PhraseList& perfect_auxiliaries;
  const PhraseList& modals;
};

// A sentence as the candidate wrote it, its first eight words and "..." when longer.
std::string excerpt(const Answer& answer, std::size_t index) {
  const std::vector<Word>& words = answer.sentences[index].words;
  if (words.size() <= 8) return std::string(answer.sentence_text(index));
  return std::string(answer.text.substr(words[0].start, words[7].end - words[0].start)) + "...";
}

// The sentence judge's verdict on each sentence, on the words outside quotes: a quote is
// someone else's words, not the candidate's judgement. A sentence is also judged with the
// one before it, since what it shows can depend on it: "He asked me to lower it to medium.
// I changed it to medium." gives in, though neither sentence does alone. The pair's
// verdict counts when it names a weak spot that can be such a reply (a judged rule's
// `with_sentence_before`), more surely than the sentence alone does, and one that the
// sentence alone already leans to (`pair_lean`): the words before cannot make a flag of a
// sentence that has nothing of it.
void judge_sentences(Answer& answer) {
  constexpr double pair_lean = 0.05;
  const SentenceJudge& judge = SentenceJudge::builtin();
  std::vector<std::string_view> replies;  // the labels a sentence can show as a reply to the one before
  for (const Rule& rule : answer.book->rules)
    if (rule.judged && rule.judged->with_sentence_before) replies.push_back(rule.judged->label);
  auto top_of = [](const std::vector<double>& probabilities) {
    return static_cast<std::size_t>(std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin());
  };
  std::vector<double> previous;  // the evidence of the sentence before, if it had words
  std::optional<Word> previous_last;
  for (AnswerSentence& sentence : answer.sentences) {
    std::vector<Word> own;
    for (const Word& word : sentence.words)
      if (!answer.quoted(word.start, word.end)) own.push_back(word);
    if (own.empty()) continue;
    const std::vector<double> evidence = judge.evidence(own);
    std::vector<double> probabilities = judge.probabilities(evidence);
    std::size_t top = top_of(probabilities);
    if (previous_last && !replies.empty()) {
      const std::vector<double> joint = judge.probabilities(judge.evidence_of_both(previous, evidence, *previous_last, own.front()));
      const std::size_t joint_top = top_of(joint);
      const std::string& label = judge.labels()[joint_top];
      const bool reply = std::find(replies.begin(), replies.end(), label) != replies.end();
      if (reply && joint[joint_top] > probabilities[top] && probabilities[joint_top] >= pair_lean) {
        probabilities = joint;
        top = joint_top;
      }
    }
    previous = evidence;
    previous_last = own.back();
    if (judge.labels()[top] == "neutral") continue;
    sentence.weak_spot = judge.labels()[top];
    sentence.weak_spot_probability = probabilities[top];
  }
}

// The answer's sentences: split, their words, their STAR parts, the quotes, the sentence
// judge's verdicts.
void read_sentences(Answer& answer) {
  const std::string_view text = answer.text;
  const std::vector<FoundSentence> found = SentenceSplitter::builtin().split(text);
  std::vector<std::string_view> sentence_texts;
  std::vector<std::vector<Word>> words;
  std::vector<std::optional<Part>> spoken_parts;
  for (const auto& [span, spoken_part] : found) {
    spoken_parts.push_back(spoken_part);
    sentence_texts.push_back(text.substr(span.start, span.end - span.start));
    words.push_back(words_of(sentence_texts.back()));
    for (Word& word : words.back()) {
      word.start += span.start;
      word.end += span.start;
    }
    answer.words += words.back().size();
  }
  const std::vector<Part> parts = StarLabeller::builtin().label_words(sentence_texts, words, spoken_parts);
  for (std::size_t i = 0; i < found.size(); ++i) {
    AnswerSentence& sentence = answer.sentences.emplace_back();
    sentence.span = found[i].span;
    sentence.part = parts[i];
    sentence.words = std::move(words[i]);
  }
  if (answer.sentences.empty()) throw InputError("answer has no words");
  answer.quotes = find_quotes(text);
  judge_sentences(answer);
}

// Which sentences tell the story, which are general, and how many open the answer.
void detect_story(Answer& answer, std::string& reason) {
  const Lexicon& lexicon = answer.book->lexicon;
  const PhraseList& specific_markers = lexicon.list("specific_markers");
  const PhraseList& general_markers = lexicon.list("general_markers");
  const PastTense past_tense(lexicon);
  // A sentence the judge is this sure tells a habit counts as general, like "I always...".
  const double habit_probability = answer.book->find("story.general")->param("habit_probability");
  std::size_t story = 0, general = 0;
  std::optional<std::size_t> first_story, first_general;
  for (std::size_t i = 0; i < answer.sentences.size(); ++i) {
    AnswerSentence& sentence = answer.sentences[i];
    const bool specific = answer.sentence_has(i, specific_markers);
    const bool past = past_tense.told_in(sentence.words);
    sentence.general = (answer.sentence_has(i, general_markers) ||
                        (sentence.weak_spot == "habit" && sentence.weak_spot_probability >= habit_probability)) &&
                       !specific;
    sentence.story = !sentence.general && (past || specific) && sentence.part != Part::other;
    if (sentence.story && !first_story) first_story = i;
    if (sentence.general && !first_general) first_general = i;
    story += sentence.story;
    general += sentence.general;
  }
  // Before the story starts, "I use many research methods", "I like to combine surveys
  // with interviews": the candidate's methods in the present tense, with no past event, are
  // general talk too (method.md 6). Only there: later, the present tense can be a story
  // told as it happened ("so I go to my manager and I say...").
  const PhraseList& first_person = lexicon.list("first_person");
  for (std::size_t i = 0; i < answer.sentences.size() && !answer.sentences[i].story; ++i) {
    AnswerSentence& sentence = answer.sentences[i];
    const bool past = past_tense.told_in(sentence.words);
    if (!sentence.general && !past && answer.sentence_has(i, first_person) && !answer.sentence_has(i, specific_markers)) {
      sentence.general = true;
      general += 1;
      if (!first_general || *first_general > i) first_general = i;
    }
  }
  answer.is_story = story >= 2 || (story == 1 && answer.sentences.size() <= 2);
  answer.opening_sentences = 0;
  while (answer.opening_sentences < answer.sentences.size()) {
    const AnswerSentence& sentence = answer.sentences[answer.opening_sentences];
    if (sentence.story || (!sentence.general && sentence.part != Part::other)) break;
    ++answer.opening_sentences;
  }
  // General talk before the story tells none of its actions or results, wherever the
  // labeller put it: a career summary read as a result must not stand in for the story's
  // result. (As background, "I'm a nurse on a surgical ward", it may stay situation.)
  for (std::size_t i = 0; i < answer.opening_sentences; ++i) {
    AnswerSentence& sentence = answer.sentences[i];
    if (sentence.general && (sentence.part == Part::action || sentence.part == Part::result)) sentence.part = Part::other;
  }

  auto quote = [&](std::size_t index) { return "\"" + excerpt(answer, index) + "\""; };
  const std::string of = " of " + std::to_string(answer.sentences.size()) + " sentences";
  if (answer.is_story)
    reason = "It tells one past event: " + std::to_string(story) + of + " describe what happened, starting with " +
             quote(*first_story) + ".";
  else if (general > 0)
    reason = "It only says what you usually do or would do: " + std::to_string(general) + of +
             " are general, such as " + quote(*first_general) + ", and no past event is told.";
  else
    reason = "It tells no past event: no sentence says what happened, when or where.";
}

// Which behaviours of the principle the story shows, by the behaviours' phrases (stemmed),
// each with the sentence that shows it. Only a sentence of the story counts: a habit or
// an opinion ("I always put customers first", "I read a lot"), general talk around the
// story, claims a behaviour, the story shows it (method.md 2); an answer that tells no
// story shows none.
// How many words either side of a behaviour's phrase the judge reads when the sentence as a
// whole does not convince it.
constexpr std::size_t phrase_context = 8;

PrincipleEvidence evidence_in(const Answer& answer, const Principle& principle) {
  const SentenceJudge& judge = SentenceJudge::behaviours_of(principle);
  const ScoreWeights& settings = answer.book->score;
  std::vector<std::optional<std::size_t>> label_of(principle.behaviours.size());  // behaviour -> the judge's label
  for (std::size_t b = 0; b < principle.behaviours.size(); ++b) {
    auto found = std::find(judge.labels().begin(), judge.labels().end(), principle.behaviours[b].id);
    if (found != judge.labels().end()) label_of[b] = static_cast<std::size_t>(found - judge.labels().begin());
  }
  std::vector<std::optional<Span>> shown_in(principle.behaviours.size());
  for (const AnswerSentence& sentence : answer.sentences) {
    if (sentence.general || sentence.part == Part::other || !answer.is_story) continue;
    const std::vector<Word>& words = sentence.words;
    // Where each behaviour's first phrase starts and ends in the sentence, if one is there.
    std::vector<std::optional<std::pair<std::size_t, std::size_t>>> phrase(principle.behaviours.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
      const auto* starting_here = principle.phrases_by_first_stem.find(words[i].stem_hash);
      if (starting_here == nullptr) continue;
      for (const auto& [behaviour, phrase_index] : *starting_here) {
        const std::vector<std::uint64_t>& stems = principle.behaviours[behaviour].phrase_stem_hashes[phrase_index];
        if (phrase[behaviour] || i + stems.size() > words.size()) continue;
        bool same = true;
        for (std::size_t k = 1; k < stems.size() && same; ++k) same = words[i + k].stem_hash == stems[k];
        if (same) phrase[behaviour] = {i, i + stems.size()};
      }
    }
    // The phrase says where to look; the judge, which learned from whole sentences, says
    // whether the sentence really shows it ("a client complained" is not asking for
    // feedback). It reads the sentence, and the words around the phrase too, so that
    // a run-on sentence that also tells something else does not hide the behaviour.
    // Without a phrase, the judge alone never claims the situation: background says what
    // was there, not what the candidate did (and the judge's time is spent elsewhere).
    const bool background = sentence.part == Part::situation;
    if (background && std::none_of(phrase.begin(), phrase.end(), [](const auto& found) { return found.has_value(); })) continue;
    const std::vector<double> probabilities = judge.judge(words);
    for (std::size_t b = 0; b < principle.behaviours.size(); ++b) {
      if (shown_in[b] || !label_of[b]) continue;
      double p = probabilities[*label_of[b]];
      if (phrase[b] && p < settings.behaviour_with_phrase) {
        const auto [first, last] = *phrase[b];
        const std::vector<Word> around(words.begin() + static_cast<std::ptrdiff_t>(first - std::min(first, phrase_context)),
                                       words.begin() + static_cast<std::ptrdiff_t>(std::min(words.size(), last + phrase_context)));
        p = judge.judge(around)[*label_of[b]];
      }
      if ((phrase[b] && p >= settings.behaviour_with_phrase) || (p >= settings.behaviour_alone && !background)) shown_in[b] = sentence.span;
    }
  }
  // Shown behaviours in the order the story shows them; then the rest, as missing.
  std::vector<std::size_t> order;
  for (std::size_t b = 0; b < principle.behaviours.size(); ++b)
    if (shown_in[b]) order.push_back(b);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return shown_in[a]->start < shown_in[b]->start; });
  PrincipleEvidence evidence{principle.id, {}, {}, {}};
  for (std::size_t b : order) {
    evidence.shown.push_back(principle.behaviours[b].text);
    evidence.spans.push_back({principle.behaviours[b].id, shown_in[b]->start, shown_in[b]->end});
  }
  for (std::size_t b = 0; b < principle.behaviours.size(); ++b)
    if (!shown_in[b]) evidence.missing.push_back(principle.behaviours[b].text);
  return evidence;
}

// "...and stopping there": a rule with unless_followed_by is silent when the candidate
// goes on to act (a sentence of that part, with "I") after sentence `index`.
bool acts_after(const Answer& answer, const Rule& rule, std::size_t index) {
  if (!rule.unless_followed_by) return false;
  for (std::size_t i = index + 1; i < answer.sentences.size(); ++i) {
    const AnswerSentence& sentence = answer.sentences[i];
    // "So I held off and waited" is more of the weak spot, not a step out of it.
    const bool more_of_the_same = rule.judged && sentence.weak_spot == rule.judged->label;
    if (sentence.part == *rule.unless_followed_by && !more_of_the_same &&
        answer.sentence_has(i, answer.book->lexicon.list("first_person")))
      return true;
  }
  return false;
}

// The sentences the judge is sure show the rule's weak spot, in other words than its
// phrases: the whole sentence is the span (once per sentence). A sentence some red flag,
// this one included, already names by its phrases (`named`) is left to that flag.
void judged_hits(const Answer& answer, const Rule& rule, const std::vector<bool>& named, std::vector<detail::Hit>& hits) {
  for (std::size_t i = 0; i < answer.sentences.size(); ++i) {
    const AnswerSentence& sentence = answer.sentences[i];
    if (named[i]) continue;
    if (sentence.weak_spot != rule.judged->label || sentence.weak_spot_probability < rule.judged->probability) continue;
    if (rule.judged->own_act && !answer.sentence_has(i, answer.book->lexicon.list("self_subjects"))) continue;
    if (acts_after(answer, rule, i)) continue;
    hits.push_back({sentence.span.start, sentence.span.end, sentence.part, {{"matched", excerpt(answer, i)}}});
  }
}

// Where a phrase of the rule's `near.first` is followed closely, in the same sentence, by
// one of `near.then`: the span runs from the first to the second (once per sentence). Both
// lists of matches are in text order, so one pass over each keeps a huge answer linear.
void near_hits(const Answer& answer, const Rule& rule, std::vector<detail::Hit>& hits) {
  const Rule::Near& near = *rule.near;
  const std::vector<detail::PhraseMatch> thens = answer.find(near.then, true);
  std::size_t next = 0;  // the first `then` that may follow the current `first`
  std::optional<std::size_t> last_sentence;
  for (const detail::PhraseMatch& first : answer.find(near.first, true)) {
    while (next < thens.size() && thens[next].start < first.end) ++next;
    if (next == thens.size()) break;
    const detail::PhraseMatch& then = thens[next];
    if (then.sentence != first.sentence || last_sentence == first.sentence) continue;
    if (near.own_act && !answer.sentence_has(first.sentence, answer.book->lexicon.list("self_subjects"))) continue;
    const std::vector<Word>& words = answer.sentences[first.sentence].words;
    const auto between = std::count_if(words.begin(), words.end(),
                                       [&](const Word& word) { return word.start >= first.end && word.start < then.start; });
    if (static_cast<std::size_t>(between) > near.within) continue;
    hits.push_back({first.start, then.end, answer.sentences[first.sentence].part,
                    {{"matched", std::string(answer.text.substr(first.start, then.end - first.start))}}});
    last_sentence = first.sentence;
  }
}

void apply_rules(const Answer& answer, std::vector<Finding>& findings) {
  const std::vector<Rule>& rules = answer.book->rules;
  std::vector<std::vector<detail::Hit>> hits(rules.size());
  // The sentences a judged rule (a red flag) names in its own words: they get that flag,
  // and not also another flag's reading by the judge, which would blame the same words twice.
  std::vector<bool> named(answer.sentences.size(), false);
  auto name_sentence_of = [&](const detail::Hit& hit) {  // the sentences are in text order
    auto after = std::upper_bound(answer.sentences.begin(), answer.sentences.end(), hit.start,
                                  [](std::size_t at, const AnswerSentence& sentence) { return at < sentence.span.start; });
    if (after != answer.sentences.begin() && hit.start < std::prev(after)->span.end) named[std::prev(after) - answer.sentences.begin()] = true;
  };
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const Rule& rule = rules[r];
    if (rule.kind != RuleKind::phrases) continue;
    for (const detail::PhraseMatch& match : answer.find(rule.phrases, true)) {
      if (acts_after(answer, rule, match.sentence)) continue;
      hits[r].push_back({match.start, match.end, answer.sentences[match.sentence].part, {{"matched", match.text}}});
    }
    if (rule.near) near_hits(answer, rule, hits[r]);
    if (rule.judged)
      for (const detail::Hit& hit : hits[r]) name_sentence_of(hit);
  }
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const Rule& rule = rules[r];
    if (rule.kind == RuleKind::phrases) {
      if (rule.judged) judged_hits(answer, rule, named, hits[r]);
    } else if (rule.kind == RuleKind::rate) {
      const std::vector<detail::PhraseMatch> matches = answer.find(answer.book->lexicon.list(rule.lexicon), true);
      const double minutes = answer.seconds() / 60.0;
      const double rate = minutes > 0 ? static_cast<double>(matches.size()) / minutes : 0;
      if (matches.size() >= static_cast<std::size_t>(rule.param("min_count")) && rate > rule.param("per_minute")) {
        const detail::PhraseMatch& first = matches.front();
        hits[r].push_back({first.start, first.end, answer.sentences[first.sentence].part,
                           {{"matched", first.text}, {"count", std::to_string(matches.size())},
                            {"rate", std::to_string(static_cast<long>(std::lround(rate)))}}});
      }
    } else {
      detail::check_of(rule)(rule, answer, hits[r]);
    }
    auto role_message = rule.role_messages.find(answer.role);
    const std::string& message = role_message != rule.role_messages.end() ? role_message->second : rule.message;
    for (const detail::Hit& hit : hits[r])
      findings.push_back({rule.id, hit.severity.value_or(rule.severity), fill_placeholders(message, hit.values), fill_placeholders(rule.hint, hit.values), hit.start,
                          hit.end, hit.part, static_cast<int>(std::lround(rule.penalty * hit.weight))});
  }
  // Most important first: by severity, then by how much the rule costs the score, then
  // in the order of the text. The same rule on the same span is reported once.
  std::stable_sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.penalty != b.penalty) return a.penalty > b.penalty;
    return a.start < b.start;
  });
  findings.erase(std::unique(findings.begin(), findings.end(),
                             [](const Finding& a, const Finding& b) {
                               return a.rule == b.rule && a.start == b.start && a.end == b.end;
                             }),
                 findings.end());
}

Score score_of(const Answer& answer, const std::vector<Finding>& findings) {
  const RuleBook& book = *answer.book;
  std::map<std::string, int> sub;
  for (std::string_view area : score_areas) sub[std::string(area)] = 100;
  std::map<std::string, std::vector<std::string>> reasons;
  for (const Finding& finding : findings) {
    for (const Rule& rule : book.rules) {
      if (rule.id != finding.rule) continue;
      sub[rule.area] = std::max(0, sub[rule.area] - finding.penalty);
      if (std::find(reasons[rule.area].begin(), reasons[rule.area].end(), rule.title) == reasons[rule.area].end())
        reasons[rule.area].push_back(rule.title);
    }
  }
  const bool has_principle = answer.evidence.has_value();
  if (has_principle) {
    const double shown = static_cast<double>(answer.evidence->shown.size());
    sub["principle"] = static_cast<int>(std::lround(100.0 * std::min(1.0, shown / book.score.principle_target_behaviours)));
  }
  if (answer.fit) sub["fit"] = answer.fit->score;
  double total = 0, weights = 0;
  for (const auto& [area, weight] : book.score.weights) {
    if (area == "principle" && !has_principle) continue;
    if (area == "fit" && !answer.fit) continue;
    total += weight * sub[area];
    weights += weight;
  }
  Score score;
  double overall = weights > 0 ? total / weights : 0;
  // A capped answer is scaled into [0, cap], not cut at the cap: it cannot score well, and
  // a better-told one still scores higher than a worse one.
  auto cap_at = [&overall](double cap) { overall = std::min(overall, cap * overall / 100.0); };
  if (!answer.is_story) cap_at(book.score.general_answer_cap);
  // A story about something else does not answer the question, however well it is told.
  std::optional<double> off_question_cap;
  for (const Finding& finding : findings)
    if (finding.rule == "fit.off-question")
      off_question_cap = finding.severity == Severity::error ? book.score.unrelated_story_cap : book.score.off_question_cap;
  if (off_question_cap) cap_at(*off_question_cap);
  score.overall = static_cast<int>(std::lround(overall));
  score.structure = sub["structure"];
  score.specificity = sub["specificity"];
  score.length = sub["length"];
  score.ownership = sub["ownership"];
  score.result = sub["result"];
  score.principle = has_principle ? sub["principle"] : -1;
  for (std::string_view name : score_areas) {
    if (name == "fit") continue;  // explained below, only when the question is known
    const std::string area(name);
    std::string reason;
    if (area == "principle") {
      if (has_principle) {
        // Name the behaviours, not only their number, so the candidate knows what counted.
        reason = std::to_string(answer.evidence->shown.size()) + " of " + std::to_string(answer.principle->behaviours.size()) +
                 " behaviours shown";
        for (std::size_t i = 0; i < answer.evidence->shown.size(); ++i) reason += (i ? "; " : ": ") + answer.evidence->shown[i];
      } else {
        reason = "not scored (give the question or the principle)";
      }
    } else if (reasons[area].empty()) {
      reason = "no problems found";
    } else {
      for (std::size_t i = 0; i < reasons[area].size(); ++i) reason += (i ? ", " : "") + reasons[area][i];
    }
    score.reasons[area] = reason;
    score.explanations.push_back(area == "principle" && !has_principle ? area + ": " + reason
                                                                       : area + " " + std::to_string(sub[area]) + ": " + reason);
  }
  if (answer.fit) {
    score.fit = answer.fit->score;
    if (off_question_cap)
      score.reasons["fit"] = "the story is about " + story_topic(*answer.fit) + ", the question about " + answer.fit->asked->name;
    else if (answer.fit->situation < QuestionFit::untold_situation)
      score.reasons["fit"] = "the story shows what the question probes, but says little of the situation it describes";
    else if (answer.fit->situation < QuestionFit::told_situation)
      score.reasons["fit"] = "the story shows what the question probes; make clear that it is the situation the question describes";
    else
      score.reasons["fit"] = "the story answers what the question asks";
    score.explanations.push_back("fit " + std::to_string(answer.fit->score) + ": " + score.reasons["fit"]);
  }
  if (!answer.is_story)
    score.explanations.push_back("overall scaled to at most " + std::to_string(static_cast<int>(book.score.general_answer_cap)) +
                                 ": an answer without a specific story does not answer the question");
  if (off_question_cap)
    score.explanations.push_back("overall scaled to at most " + std::to_string(static_cast<int>(*off_question_cap)) +
                                 ": a story about something else does not answer the question");
  return score;
}

// For each sentence, whether it says again what earlier ones said: nine in ten of its
// content words (by stem) are already there. One pass, so that long texts stay quick.
std::vector<bool> repeated_sentences(const Answer& answer) {
  const AnswerProfiler& profiler = AnswerProfiler::builtin();
  std::unordered_set<std::uint64_t> said;
  std::vector<bool> repeated;
  for (const AnswerSentence& sentence : answer.sentences) {
    std::size_t content = 0, known = 0;
    for (const Word& word : sentence.words)
      if (profiler.counts(word)) ++content, known += said.count(word.stem_hash);
    repeated.push_back(content >= 4 && 10 * known >= 9 * content);
    for (const Word& word : sentence.words)
      if (profiler.counts(word)) said.insert(word.stem_hash);
  }
  return repeated;
}

// True when a sentence carries the story whatever its label: a figure (information), or
// the candidate's own part in a past event ("I found that...", "I sent it...").
bool carries_story(const Answer& answer, std::size_t index) {
  const AnswerSentence& sentence = answer.sentences[index];
  return has_figure(sentence.words, answer.book->lexicon) || (sentence.story && answer.sentence_has(index, answer.book->lexicon.list("first_person")));
}

Restructured restructure(const Answer& answer) {
  Restructured out;
  std::vector<std::string>* parts[] = {&out.situation, &out.task, &out.action, &out.result};
  for (std::size_t i = 0; i < answer.sentences.size(); ++i) {
    const std::string text(answer.sentence_text(i));
    const AnswerSentence& sentence = answer.sentences[i];
    if (i < answer.opening_sentences) {
      // The first general sentence stays as a lead-in; the rest of the opening goes.
      if (i == 0) out.situation.insert(out.situation.begin(), text);
      else out.cut.push_back(text);
    } else if (sentence.part == Part::other && !carries_story(answer, i)) {
      out.cut.push_back(text);
    } else if (sentence.part == Part::other) {
      // A sentence the labeller could not place but that carries the story stays, beside
      // the one before it.
      std::size_t before = i;
      while (before > 0 && answer.sentences[before].part == Part::other) --before;
      const Part near = answer.sentences[before].part == Part::other ? Part::situation : answer.sentences[before].part;
      parts[static_cast<int>(near)]->push_back(text);
    } else {
      parts[static_cast<int>(sentence.part)]->push_back(text);
    }
  }
  // Over a minute: offer what adds least, until it fits (method.md 4): background beyond
  // the first sentence of the situation, a sentence that repeats an earlier one, and
  // sentences that tell no part of the story. Never the candidate's own actions, the task
  // or the result: they carry the story.
  const double target = answer.target_seconds;
  if (answer.seconds() > target) {
    double seconds = answer.seconds();
    for (std::size_t i = 1; i < answer.opening_sentences && i < answer.sentences.size(); ++i)
      seconds -= answer.seconds_of(answer.sentences[i].words.size());
    std::vector<std::size_t> chosen;
    // A repetition goes even when it is an action: the story is told once already.
    auto offer = [&](std::size_t index, bool repetition = false) {
      if (seconds <= target || (!repetition && carries_story(answer, index)) ||
          std::find(chosen.begin(), chosen.end(), index) != chosen.end())
        return;
      chosen.push_back(index);
      seconds -= answer.seconds_of(answer.sentences[index].words.size());
    };
    const std::size_t first = std::min(answer.opening_sentences, answer.sentences.size());
    for (std::size_t i = first; i < answer.sentences.size(); ++i)
      if (answer.sentences[i].part == Part::other) offer(i);
    const std::vector<bool> repeated = repeated_sentences(answer);
    for (std::size_t i = first; i < answer.sentences.size(); ++i)
      if (repeated[i]) offer(i, true);
    // Background is what comes before the candidate acts; a "situation" sentence told after
    // the first action is a finding or an outcome the labeller misread.
    bool first_situation = true;
    for (std::size_t i = first; i < answer.sentences.size(); ++i) {
      if (answer.sentences[i].part == Part::action) break;
      if (answer.sentences[i].part != Part::situation) continue;
      if (!first_situation) offer(i);
      first_situation = false;
    }
    std::sort(chosen.begin(), chosen.end());
    for (std::size_t index : chosen) out.trim_candidates.emplace_back(answer.sentence_text(index));
  }
  return out;
}

}  // namespace

PrincipleEvidence find_evidence(std::string_view text, const Principle& principle) {
  // The same reading as an analysis, so that the story bank, the finding and the JSON agree.
  Answer answer;
  answer.book = &RuleBook::builtin();
  if (words_of(text).empty()) return evidence_in(answer, principle);
  answer.text = text;
  read_sentences(answer);
  std::string reason;
  detect_story(answer, reason);
  return evidence_in(answer, principle);
}

Analysis analyse(std::string_view text, const AnalysisOptions& options) {
  require_text(text, "answer");
  const Speaking& speaking = Speaking::builtin();
  if (!speaking.accepts(options.words_per_minute))
    throw InputError("words per minute must be " + speaking.accepted_range());
  const KnowledgeBase& knowledge = KnowledgeBase::builtin();
  Answer answer;
  answer.text = text;
  answer.book = options.rules ? options.rules : &RuleBook::builtin();
  answer.role = options.role;
  answer.words_per_minute = options.words_per_minute;
  answer.target_seconds = options.target_seconds;
  // What the question probes, read once: it names the principle when none is given, and
  // the fit weighs the story against it.
  std::vector<PrincipleScore> asked;
  if (!options.question.empty()) {
    require_text(options.question, "question");
    asked = QuestionClassifier::builtin().classify(options.question);
  }
  if (!options.principle.empty()) {
    answer.principle = knowledge.find_principle(options.principle);
    if (!answer.principle)
      throw InputError("unknown principle \"" + options.principle + "\"; valid ids: " + knowledge.principle_ids());
  } else if (!asked.empty()) {
    answer.principle = asked.front().principle;
  }

  read_sentences(answer);

  Analysis analysis;
  detect_story(answer, analysis.story_reason);
  if (answer.principle) answer.evidence = evidence_in(answer, *answer.principle);
  if (!options.question.empty()) {
    std::vector<Word> all_words;
    for (const detail::AnswerSentence& sentence : answer.sentences)
      all_words.insert(all_words.end(), sentence.words.begin(), sentence.words.end());
    answer.fit = judge_fit(asked, options.question, all_words);
  }
  analysis.words = answer.words;
  analysis.spoken_seconds = answer.seconds();
  analysis.is_story = answer.is_story;
  for (const AnswerSentence& sentence : answer.sentences) {
    analysis.sentences.push_back({sentence.span.start, sentence.span.end,
                                  std::string(text.substr(sentence.span.start, sentence.span.end - sentence.span.start)),
                                  sentence.part, sentence.words.size()});
    if (sentence.part != Part::other) {
      PartSummary& summary = analysis.parts[static_cast<int>(sentence.part)];
      ++summary.sentences;
      summary.words += sentence.words.size();
      summary.seconds = answer.seconds_of(summary.words);
    }
  }
  apply_rules(answer, analysis.findings);
  analysis.principle = answer.evidence;
  analysis.score = score_of(answer, analysis.findings);
  analysis.restructured = restructure(answer);
  return analysis;
}

}  // namespace starcoach
