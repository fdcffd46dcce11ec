// The evaluation sets (data/eval/) are only worth their figures if the models never saw
// anything like them. Fails when an evaluation item has a near-duplicate in what a model
// learns from, or in the other split: content-word Jaccard of 0.5 or more (stems, stop
// words left out), or a shared run of 8 words with at least 3 content words among them
// (so that a template such as "give me an example of a time when you" is not a match).
// Keyword lists (a principle's cue words
// and behaviour phrases of fewer than three content words) are vocabulary, not examples,
// and are not compared. Every offending pair is listed, so the data can be mended.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "corpus_files.hpp"
#include "starcoach/classifier.hpp"
#include "starcoach/corpus.hpp"
#include "starcoach/knowledge.hpp"
#include "starcoach/sentences.hpp"
#include "starcoach/text.hpp"

namespace starcoach {
namespace {

constexpr double jaccard_limit = 0.5;
constexpr std::size_t run_length = 8;

struct Item {
  std::string where;  // file and line, or answer id
  std::string text;
  std::vector<std::uint64_t> content;  // sorted, unique stem hashes of content words
  std::vector<std::uint64_t> runs;     // hashes of every run of `run_length` words
};

Item make_item(std::string where, std::string text) {
  static const std::vector<std::uint64_t> stopwords = [] {
    std::vector<std::uint64_t> stems;
    for (const std::string& word : ClassifierData::builtin().stopwords) stems.push_back(word_hash(stem(word)));
    std::sort(stems.begin(), stems.end());
    return stems;
  }();
  Item item{std::move(where), std::move(text), {}, {}};
  const std::vector<std::string> words = lowercase_words(item.text);
  std::vector<bool> is_content;
  for (const std::string& word : words) {
    const std::uint64_t hash = word_hash(stem(word));
    is_content.push_back(!std::binary_search(stopwords.begin(), stopwords.end(), hash));
    if (is_content.back()) item.content.push_back(hash);
  }
  std::sort(item.content.begin(), item.content.end());
  item.content.erase(std::unique(item.content.begin(), item.content.end()), item.content.end());
  for (std::size_t i = 0; i + run_length <= words.size(); ++i) {
    if (std::count(is_content.begin() + i, is_content.begin() + i + run_length, true) < 3) continue;
    std::string run;
    for (std::size_t j = i; j < i + run_length; ++j) run += words[j] + ' ';
    item.runs.push_back(word_hash(run));
  }
  std::sort(item.runs.begin(), item.runs.end());
  return item;
}

double jaccard(const Item& a, const Item& b) {
  if (a.content.empty() || b.content.empty()) return 0;
  std::vector<std::uint64_t> shared;
  std::set_intersection(a.content.begin(), a.content.end(), b.content.begin(), b.content.end(), std::back_inserter(shared));
  return static_cast<double>(shared.size()) / static_cast<double>(a.content.size() + b.content.size() - shared.size());
}

bool shares_run(const Item& a, const Item& b) {
  std::vector<std::uint64_t> shared;
  std::set_intersection(a.runs.begin(), a.runs.end(), b.runs.begin(), b.runs.end(), std::back_inserter(shared));
  return !shared.empty();
}

// Every near-duplicate pair between `judged` and `learned`, one per line, but the pairs
// of `reviewed` ("judged where|learned where").
std::string near_duplicates(const std::vector<Item>& judged, const std::vector<Item>& learned,
                            const std::set<std::string>& reviewed = {}) {
  std::string found;
  for (const Item& a : judged)
    for (const Item& b : learned) {
      const double overlap = jaccard(a, b);
      if ((overlap >= jaccard_limit || shares_run(a, b)) && !reviewed.count(a.where + "|" + b.where))
        found += a.where + " \"" + a.text.substr(0, 90) + "\"\n    ~ " + b.where + " \"" + b.text.substr(0, 90) +
                 "\" (Jaccard " + std::to_string(overlap).substr(0, 4) + ")\n";
    }
  return found;
}

std::string read(const std::string& relative) {
  std::ifstream in(std::string(STARCOACH_SOURCE_DIR) + "/" + relative);
  if (!in) throw std::runtime_error("cannot read " + relative);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The question column of a TSV file (the last field), one item per line after the header.
std::vector<Item> tsv_questions(const std::string& relative) {
  std::vector<Item> items;
  for_each_line(read(relative), [&](std::size_t number, std::string_view line) {
    if (number == 1 || line.empty()) return;
    items.push_back(make_item(relative + ":" + std::to_string(number), std::string(line.substr(line.rfind('\t') + 1))));
  });
  return items;
}

std::vector<Item> corpus_answers(const std::string& relative) {
  std::vector<Item> items;
  for (const LabelledAnswer& answer : read_corpus_file(std::string(STARCOACH_SOURCE_DIR) + "/" + relative))
    items.push_back(make_item(relative + " " + answer.id, answer.text()));
  return items;
}

std::vector<Item> what_the_classifier_learns() {
  std::vector<Item> items = tsv_questions("data/classifier/training.tsv");
  for (const Question& question : KnowledgeBase::builtin().questions()) items.push_back(make_item("question bank " + question.id, question.text));
  for (const Principle& principle : KnowledgeBase::builtin().principles()) {
    std::vector<std::string> phrases = principle.question_cues;
    for (const Behaviour& behaviour : principle.behaviours) {
      phrases.push_back(behaviour.text);
      phrases.insert(phrases.end(), behaviour.phrases.begin(), behaviour.phrases.end());
    }
    for (const std::string& phrase : phrases) {
      Item item = make_item("principle " + principle.id, phrase);
      if (item.content.size() >= 3) items.push_back(std::move(item));
    }
  }
  return items;
}

std::vector<Item> what_the_labeller_learns() {
  std::vector<Item> items;
  for (const LabelledAnswer& answer : read_corpus_files(training_corpus_files(STARCOACH_SOURCE_DIR))) items.push_back(make_item("training answer " + answer.id, answer.text()));
  return items;
}

TEST(Independence, NoEvaluationQuestionHasANearCopyInTheClassifiersTraining) {
  const std::vector<Item> learned = what_the_classifier_learns();
  ASSERT_GT(learned.size(), 1000u);
  for (const char* split : {"data/eval/classifier-dev.tsv", "data/eval/classifier-test.tsv"}) {
    const std::vector<Item> judged = tsv_questions(split);
    ASSERT_GE(judged.size(), 250u) << split;
    EXPECT_EQ(near_duplicates(judged, learned), "") << split;
  }
}

TEST(Independence, NoEvaluationAnswerHasANearCopyInTheLabellersTraining) {
  const std::vector<Item> learned = what_the_labeller_learns();
  ASSERT_GT(learned.size(), 500u);
  for (const char* split : {"data/eval/star-dev.txt", "data/eval/star-test.txt"}) {
    const std::vector<Item> judged = corpus_answers(split);
    ASSERT_GE(judged.size(), 50u) << split;
    EXPECT_EQ(near_duplicates(judged, learned), "") << split;
  }
}

std::vector<Item> eval_sentences(const std::string& relative, const std::vector<const char*>& fields);

// The fit sets (data/eval/fit-*.jsonl): their answers against what the answer model
// learns from. Their questions are the classic forms any list holds, as real interviews
// ask them; the question classifier's own generalisation is measured on its own sets above.
std::vector<Item> fit_items(const std::string& relative, const char* field) {
  std::vector<Item> items;
  std::set<std::string> seen;
  for_each_line(read(relative), [&](std::size_t number, std::string_view line) {
    if (line.empty()) return;
    const nlohmann::json row = nlohmann::json::parse(line);
    const std::string text = row[field].get<std::string>();
    if (seen.insert(text).second) items.push_back(make_item(relative + ":" + std::to_string(number), text));
  });
  return items;
}

// The answer profiler and the situation model learn from the corpus and from the stories
// of data/fit.
std::vector<Item> what_the_answer_models_learn() {
  std::vector<Item> items = what_the_labeller_learns();
  for (const std::vector<FitTrainingStory>& file : read_fit_files(fit_training_files(STARCOACH_SOURCE_DIR)))
    for (const FitTrainingStory& story : file) items.push_back(make_item("data/fit story: " + story.question, story.answer));
  return items;
}

// Order pairs that share a run of eight words with a corpus answer, each read and found
// to share only a stock phrase, not a story (the phrase follows each pair). Retelling a
// training story would show as more than one such run, or as a Jaccard overlap.
const std::set<std::string> stock_phrases_shared = {
    "data/eval/order-pairs-dev.jsonl:2|training answer i003",    // "I was a shift lead in a distribution ..."
    "data/eval/order-pairs-dev.jsonl:39|training answer d070",   // "... one thing he did well and one thing ..."
    "data/eval/order-pairs-dev.jsonl:60|training answer g053",   // "... a quality inspector at a factory that makes ..."
    "data/eval/order-pairs-dev.jsonl:61|training answer c073",   // "... months later they renewed for three years and ..."
    "data/eval/order-pairs-dev.jsonl:79|training answer c033",   // "... every week, not only at the end of ..."
    "data/eval/order-pairs-dev.jsonl:79|training answer g048",   // "... fleet manager for a food distribution company with ..."
    "data/eval/order-pairs-dev.jsonl:89|training answer a003",   // "I asked their operations manager if I could spend a ..."
    "data/eval/order-pairs-dev.jsonl:89|training answer c076",   // "... if I could spend a day in two of their ..."
    "data/eval/order-pairs-dev.jsonl:96|training answer i039",   // "... said it was within normal variation and the ..."
    "data/eval/order-pairs-test.jsonl:11|training answer i028",  // "I decided to find out why it kept happening"
    "data/eval/order-pairs-test.jsonl:46|training answer c022",  // "... and my manager asked me to show the ..."
    "data/eval/order-pairs-test.jsonl:51|training answer g013",  // "I was a lab technician in a university ..."
    "data/eval/order-pairs-test.jsonl:83|training answer a037",  // "... had asked me to fix it, but I ..."
    "data/eval/order-pairs-test.jsonl:83|training answer i002",  // "... had asked me to fix it, but I ..."
    "data/eval/order-pairs-test.jsonl:87|training answer c073",  // "... and told her exactly what had happened and ..."
    "data/eval/order-pairs-test.jsonl:109|training answer d002", // "... is very important and I always try to ..."
};

TEST(Independence, TheFitSetsAnswersHaveNoNearCopyInWhatTheAnswerModelLearnsFrom) {
  const std::vector<Item> answers = what_the_answer_models_learn();
  ASSERT_GT(answers.size(), what_the_labeller_learns().size() + 500);
  for (const char* split : {"data/eval/fit-dev.jsonl", "data/eval/fit-test.jsonl", "data/eval/fit-stories-dev.jsonl",
                            "data/eval/fit-stories-test.jsonl"})
    EXPECT_EQ(near_duplicates(fit_items(split, "answer"), answers), "") << split;
  // The order pairs are scored with every model, the fit's among them.
  for (const char* split : {"data/eval/order-pairs-dev.jsonl", "data/eval/order-pairs-test.jsonl"})
    for (const char* field : {"weaker", "stronger"})
      EXPECT_EQ(near_duplicates(fit_items(split, field), answers, stock_phrases_shared), "") << split;
  // The answer model also learns from the behaviour sentences: every sentence of the fit
  // sets and of the order pairs is compared with them.
  std::vector<Item> sentences;
  for (const auto& [principle, sentence] : principle_sentences(behaviour_training_files(STARCOACH_SOURCE_DIR)))
    sentences.push_back(make_item("data/behaviours " + principle, sentence));
  ASSERT_GT(sentences.size(), 1000u);
  for (const char* split : {"data/eval/fit-dev.jsonl", "data/eval/fit-test.jsonl"})
    EXPECT_EQ(near_duplicates(eval_sentences(split, {"answer"}), sentences), "") << split;
  for (const char* split : {"data/eval/order-pairs-dev.jsonl", "data/eval/order-pairs-test.jsonl"})
    EXPECT_EQ(near_duplicates(eval_sentences(split, {"weaker", "stronger"}), sentences), "") << split;
  EXPECT_EQ(near_duplicates(fit_items("data/eval/fit-test.jsonl", "answer"), fit_items("data/eval/fit-dev.jsonl", "answer")), "");
  EXPECT_EQ(near_duplicates(fit_items("data/eval/fit-stories-test.jsonl", "answer"),
                            fit_items("data/eval/fit-stories-dev.jsonl", "answer")),
            "");
}

// The sentence judge learns from single sentences (data/redflags/): every sentence of the
// advice and follow-up evaluation sets is compared with them, one by one.
std::vector<Item> eval_sentences(const std::string& relative, const std::vector<const char*>& fields) {
  std::vector<Item> items;
  std::set<std::string> seen;
  for_each_line(read(relative), [&](std::size_t number, std::string_view line) {
    if (line.empty()) return;
    const nlohmann::json row = nlohmann::json::parse(line);
    for (const char* field : fields) {
      const std::string text = row[field].get<std::string>();
      for (const auto& [span, spoken_part] : SentenceSplitter::builtin().split(text)) {
        const std::string sentence = text.substr(span.start, span.end - span.start);
        Item item = make_item(relative + ":" + std::to_string(number) + " " + field, sentence);
        if (item.content.size() >= 3 && seen.insert(sentence).second) items.push_back(std::move(item));
      }
    }
  });
  return items;
}

TEST(Independence, NoEvaluationSentenceHasANearCopyInTheSentenceJudgesTraining) {
  std::vector<Item> learned;
  for (const auto& [label, sentence] : read_sentence_files(sentence_training_files(STARCOACH_SOURCE_DIR)))
    learned.push_back(make_item("data/redflags " + label, sentence));
  ASSERT_GT(learned.size(), 3000u);
  for (const char* split : {"data/eval/weak-improved-dev.jsonl", "data/eval/weak-improved-test.jsonl",
                            "data/eval/conflict-corners-dev.jsonl", "data/eval/conflict-corners-test.jsonl"})
    EXPECT_EQ(near_duplicates(eval_sentences(split, {"weak", "improved"}), learned), "") << split;
  for (const char* split : {"data/eval/followup-replies-dev.jsonl", "data/eval/followup-replies-test.jsonl"})
    EXPECT_EQ(near_duplicates(eval_sentences(split, {"reply"}), learned), "") << split;
}

TEST(Independence, NoEvidenceSentenceHasANearCopyInTheBehaviourJudgesTraining) {
  std::vector<Item> learned;
  for (const BehaviourSentence& sentence : read_behaviour_files(behaviour_training_files(STARCOACH_SOURCE_DIR)))
    learned.push_back(make_item("data/behaviours " + sentence.principle + " " + sentence.label, sentence.sentence));
  ASSERT_GT(learned.size(), 1500u);
  EXPECT_EQ(near_duplicates(eval_sentences("data/eval/behaviours.jsonl", {"answer"}), learned), "");
}

TEST(Independence, TheDevAndTestSplitsDoNotShareItems) {
  EXPECT_EQ(near_duplicates(tsv_questions("data/eval/classifier-test.tsv"), tsv_questions("data/eval/classifier-dev.tsv")), "");
  EXPECT_EQ(near_duplicates(corpus_answers("data/eval/star-test.txt"), corpus_answers("data/eval/star-dev.txt")), "");
  for (const char* field : {"weaker", "stronger"})
    EXPECT_EQ(near_duplicates(fit_items("data/eval/order-pairs-test.jsonl", field), fit_items("data/eval/order-pairs-dev.jsonl", field)), "");
  EXPECT_EQ(near_duplicates(fit_items("data/eval/trims-test.jsonl", "answer"), fit_items("data/eval/trims-dev.jsonl", "answer")), "");
  for (const char* field : {"weak", "improved"}) {
    EXPECT_EQ(near_duplicates(fit_items("data/eval/weak-improved-test.jsonl", field), fit_items("data/eval/weak-improved-dev.jsonl", field)), "");
    EXPECT_EQ(near_duplicates(fit_items("data/eval/conflict-corners-test.jsonl", field), fit_items("data/eval/conflict-corners-dev.jsonl", field)), "");
  }
}

TEST(Independence, TheCheckSeesACopyAndARewordedSibling) {
  // The check itself must be able to fail: a copy, a sibling, and an unrelated question.
  const std::vector<Item> learned = {make_item("train:2", "Tell me about a time you had to work with a very tight budget.")};
  EXPECT_NE(near_duplicates({make_item("eval:2", "Tell me about a time you had to work with a very tight budget!")}, learned), "");
  EXPECT_NE(near_duplicates({make_item("eval:3", "Describe a time when you worked with a tight budget.")}, learned), "");
  EXPECT_EQ(near_duplicates({make_item("eval:4", "Biggest mistake you made with a customer?")}, learned), "");
}

}  // namespace
}  // namespace starcoach
