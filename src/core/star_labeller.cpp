#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>
#include <string>

#include "starcoach/corpus.hpp"
#include "starcoach/data_file.hpp"
#include "starcoach/embedded.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/perceptron.hpp"
#include "starcoach/star.hpp"
#include "starcoach/text.hpp"
#include "starcoach/trained_models.hpp"
#include "starcoach/word_clusters.hpp"

namespace starcoach {

std::string_view part_name(Part part) {
  switch (part) {
    case Part::situation: return "situation";
    case Part::task: return "task";
    case Part::action: return "action";
    case Part::result: return "result";
    case Part::other: return "other";
  }
  return "other";
}

char part_letter(Part part) { return "STARO"[static_cast<int>(part)]; }

std::optional<Part> part_from_letter(char letter) {
  for (Part part : all_parts)
    if (part_letter(part) == letter) return part;
  return std::nullopt;
}

namespace {

constexpr std::size_t part_count = all_parts.size();

// Spoken openers that say nothing about the sentence's role ("um so then i ...").
const std::unordered_set<std::string> openers = {"um", "uh", "erm", "so", "and", "well", "like", "basically",
                                                 "yeah", "okay", "ok", "then", "but", "actually", "you", "know"};

// Headings and leading labels that name a part ("## Outcome", "Result:"), from data/.
const std::unordered_map<std::string, std::string>& heading_sections() {
  static const std::unordered_map<std::string, std::string> sections = [] {
    std::unordered_map<std::string, std::string> map;
    const Source source{"data/labeller/headings.tsv", embedded_file("data/labeller/headings.tsv")};
    for_each_line(source.text, [&](std::size_t number, std::string_view line) {
      if (line.empty() || line.front() == '#' || line == "word\tsection") return;
      const std::size_t tab = line.find('\t');
      if (tab == std::string_view::npos) throw DataError(std::string(source.name), number, "expected word<TAB>section");
      map.emplace(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
    });
    return map;
  }();
  return sections;
}

// How a unit is laid out, read from its raw text: notes and templates say a lot with
// markup ("## Result", "- cut costs 30%", "**Task:** ...") that the words alone lose.
struct Layout {
  const char* mark = "plain";  // "heading" (#), "bullet" (-, *, 1.), "title" (a heading naming no part)
  std::string section;         // the part a heading or leading label names, if any
  bool label_alone = false;    // the unit is only that heading or label
};

Layout read_layout(std::string_view text) {
  Layout layout;
  auto skip = [&](std::string_view characters) {
    while (!text.empty() && characters.find(text.front()) != std::string_view::npos) text.remove_prefix(1);
  };
  skip(" \t");
  bool heading = false;
  if (!text.empty() && text.front() == '#') {
    heading = true;
    layout.mark = "heading";
  } else if (text.size() > 1 && (text[0] == '-' || text[0] == '*') && text[1] == ' ') {
    layout.mark = "bullet";
  } else if (text.rfind("\xe2\x80\xa2", 0) == 0) {  // a bullet sign
    layout.mark = "bullet";
    text.remove_prefix(3);
  } else {
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits > 0 && digits + 1 < text.size() && (text[digits] == '.' || text[digits] == ')') && text[digits + 1] == ' ')
      layout.mark = "bullet", text.remove_prefix(digits + 1);
  }
  skip("#-* \t_");
  // The label: a heading's text, or up to four words before a colon near the start.
  std::string_view label;
  const std::size_t colon = text.find(':');
  if (colon != std::string_view::npos && colon < 40) label = text.substr(0, colon);
  else if (heading) label = text;
  std::vector<std::string> label_words;
  std::string current;
  for (char c : label) {
    if (std::isalpha(static_cast<unsigned char>(c))) current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (c != '*' && c != '_' && !current.empty()) label_words.push_back(std::move(current)), current.clear();
  }
  if (!current.empty()) label_words.push_back(std::move(current));
  if (label_words.empty() || label_words.size() > 4) return layout;
  for (const std::string& word : label_words) {
    if (word.size() == 1 && label_words.size() > 1) continue;  // "a" in "A quick note:" is not "A:"
    auto found = heading_sections().find(word);
    if (found != heading_sections().end()) {
      layout.section = found->second;
      break;
    }
  }
  if (heading && layout.section.empty()) layout.mark = "title";
  if (!layout.section.empty()) {
    const std::string_view rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
    layout.label_alone = !has_letter_or_digit(rest);
  }
  return layout;
}

// What the labeller sees of one sentence in its answer. Punctuation and capitals are
// left out of the words on purpose, so that spoken transcripts look like written answers;
// the layout (headings, bullets, labels) and the section it stands in come from the raw text.
std::vector<Feature> sentence_features(const std::vector<Word>& words, const Layout& layout, std::string_view section,
                                       std::size_t index, std::size_t count) {
  std::vector<Feature> features = {feature("bias")};
  // Where in the answer, in thirds: coarse, so that a result told first can still be read as one.
  const char bucket[] = {static_cast<char>('0' + (count <= 1 ? 0 : (index * 3) / count)), 0};
  features.push_back(feature("pos", bucket));
  if (index == 0) features.push_back(feature("first"));
  features.push_back(feature("mark", layout.mark));
  if (!layout.section.empty()) features.push_back(feature(layout.label_alone ? "label-alone" : "label", layout.section));
  if (!section.empty()) features.push_back(feature("section", section));

  const char length[] = {static_cast<char>('0' + std::min<std::size_t>(words.size() / 6, 5)), 0};
  features.push_back(feature("len", length));

  std::size_t opener = 0;
  while (opener < words.size() && openers.count(words[opener].lower) != 0) ++opener;
  const WordClusters& clusters = WordClusters::builtin();
  if (opener < words.size()) {
    features.push_back(feature("f1", words[opener].lower));
    if (const WordCluster* cluster = clusters.find(words[opener].hash)) features.push_back(hashed_feature("f1c", cluster->fine));
    if (opener + 1 < words.size()) features.push_back(feature("f2", words[opener].lower, words[opener + 1].lower));
  }
  const bool number = std::any_of(words.begin(), words.end(), [](const Word& word) {
    return std::any_of(word.lower.begin(), word.lower.end(), [](char c) { return c >= '0' && c <= '9'; });
  });
  if (number) features.push_back(feature("digits"));
  const std::size_t first_word_feature = features.size();
  for (std::size_t i = 0; i < words.size(); ++i) {
    features.push_back(hashed_feature("w", words[i].stem_hash));
    if (const WordCluster* cluster = clusters.find(words[i].hash)) {
      features.push_back(hashed_feature("c", cluster->fine));
      features.push_back(hashed_feature("C", cluster->coarse));
    }
    if (i + 1 < words.size()) features.push_back(hashed_feature("b", words[i].stem_hash, words[i + 1].stem_hash));
  }
  // A word counts once, however often the sentence repeats it.
  std::sort(features.begin() + static_cast<std::ptrdiff_t>(first_word_feature), features.end());
  features.erase(std::unique(features.begin() + static_cast<std::ptrdiff_t>(first_word_feature), features.end()),
                 features.end());
  return features;
}

// Features of every sentence; a heading or label opens a section that lasts until the next.
std::vector<std::vector<Feature>> answer_features(const std::vector<std::string_view>& texts,
                                                  const std::vector<std::vector<Word>>& sentences) {
  std::vector<std::vector<Feature>> features;
  std::string section;
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const Layout layout = read_layout(texts[i]);
    if (!layout.section.empty()) section = layout.section;
    features.push_back(sentence_features(sentences[i], layout, section, i, sentences.size()));
  }
  return features;
}

std::vector<std::vector<Word>> words_of_sentences(const std::vector<std::string_view>& sentences) {
  std::vector<std::vector<Word>> words;
  for (std::string_view sentence : sentences) words.push_back(words_of(sentence));
  return words;
}

Feature previous_feature(std::size_t previous) {
  return feature("prev", previous == part_count ? "start" : part_name(all_parts[previous]));
}

// The best sequence of parts under the model (Viterbi over the five parts), keeping
// the parts already known (`known` is empty or has one entry per sentence).
std::vector<std::size_t> decode(const AveragedPerceptron& model, const std::vector<std::vector<Feature>>& features,
                                const std::vector<std::optional<Part>>& known = {}) {
  const std::size_t n = features.size();
  if (n == 0) return {};
  // transition[p][c]: score of part c after part p (p == part_count: the first sentence).
  std::vector<std::vector<double>> transition;
  for (std::size_t p = 0; p <= part_count; ++p) transition.push_back(model.scores({previous_feature(p)}));

  std::vector<std::vector<double>> best(n, std::vector<double>(part_count));
  std::vector<std::vector<std::size_t>> back(n, std::vector<std::size_t>(part_count, 0));
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> emission = model.scores(features[i]);
    if (!known.empty() && known[i])
      for (std::size_t c = 0; c < part_count; ++c)
        if (c != static_cast<std::size_t>(*known[i])) emission[c] = -1e100;
    for (std::size_t c = 0; c < part_count; ++c) {
      if (i == 0) {
        best[i][c] = emission[c] + transition[part_count][c];
        continue;
      }
      best[i][c] = -1e300;
      for (std::size_t p = 0; p < part_count; ++p) {
        const double score = best[i - 1][p] + transition[p][c] + emission[c];
        if (score > best[i][c]) {
          best[i][c] = score;
          back[i][c] = p;
        }
      }
    }
  }
  std::vector<std::size_t> path(n);
  path[n - 1] = static_cast<std::size_t>(std::max_element(best[n - 1].begin(), best[n - 1].end()) - best[n - 1].begin());
  for (std::size_t i = n - 1; i > 0; --i) path[i - 1] = back[i][path[i]];
  return path;
}

}  // namespace

StarLabeller::StarLabeller(const std::vector<LabelledAnswer>& answers, int epochs)
    : model_(std::make_unique<AveragedPerceptron>(part_count)) {
  struct Example {
    std::vector<std::vector<Feature>> features;
    std::vector<std::size_t> gold;
  };
  std::vector<Example> examples;
  auto learn_from = [&](const std::vector<const LabelledSentence*>& sentences, bool bare) {
    std::vector<std::string> bare_texts;
    std::vector<std::string_view> texts;
    Example example;
    for (const LabelledSentence* sentence : sentences) {
      if (bare) {
        // As a recogniser hears it: lower case, no punctuation, no layout.
        std::string words;
        for (const Word& word : words_of(sentence->text)) words += (words.empty() ? "" : " ") + word.lower;
        bare_texts.push_back(std::move(words));
      }
      example.gold.push_back(static_cast<std::size_t>(sentence->part));
    }
    for (std::size_t i = 0; i < sentences.size(); ++i) texts.push_back(bare ? std::string_view(bare_texts[i]) : sentences[i]->text);
    example.features = answer_features(texts, words_of_sentences(texts));
    examples.push_back(std::move(example));
  };
  for (const LabelledAnswer& answer : answers) {
    std::vector<const LabelledSentence*> as_told, result_first;
    for (const LabelledSentence& sentence : answer.sentences) {
      as_told.push_back(&sentence);
      if (sentence.part == Part::result) result_first.push_back(&sentence);
    }
    learn_from(as_told, false);
    // Spoken, the same answer loses its punctuation and layout: the words must carry it.
    if (!answer.has_kind("transcript")) learn_from(as_told, true);
    // Many coaches teach "headline first": the same answer with its results moved to the front.
    for (const LabelledSentence& sentence : answer.sentences)
      if (sentence.part != Part::result) result_first.push_back(&sentence);
    if (result_first != as_told) learn_from(result_first, false);
  }
  // Fixed seed: the same corpus always gives the same model.
  in_shuffled_epochs(examples.size(), epochs, 20261127, [&](std::size_t index) {
    const Example& example = examples[index];
    const std::vector<std::size_t> predicted = decode(*model_, example.features);
    for (std::size_t i = 0; i < predicted.size(); ++i) {
      const std::size_t gold_previous = i == 0 ? part_count : example.gold[i - 1];
      const std::size_t predicted_previous = i == 0 ? part_count : predicted[i - 1];
      if (predicted[i] == example.gold[i] && gold_previous == predicted_previous) continue;
      std::vector<Feature> features = example.features[i];
      features.push_back(previous_feature(gold_previous));
      model_->update(features, example.gold[i], 1.0);
      features.back() = previous_feature(predicted_previous);
      model_->update(features, predicted[i], -1.0);
    }
    model_->tick();
  });
  model_->average();
}

StarLabeller::~StarLabeller() = default;
StarLabeller::StarLabeller(StarLabeller&&) noexcept = default;

StarLabeller::StarLabeller(std::unique_ptr<AveragedPerceptron> model) : model_(std::move(model)) {}

StarLabeller StarLabeller::load(std::string_view saved) {
  auto model = std::make_unique<AveragedPerceptron>(AveragedPerceptron::load(saved));
  if (model->classes() != part_count || !saved.empty()) throw DataError("trained models", 1, "the STAR labeller is not a model of the five parts");
  return StarLabeller(std::move(model));
}

std::string StarLabeller::save() const {
  std::string saved;
  model_->save(saved);
  return saved;
}

const StarLabeller& StarLabeller::builtin() {
  static const StarLabeller labeller = load(trained_model(trained_models_file(), "star-labeller"));
  return labeller;
}

std::vector<Part> StarLabeller::label(const std::vector<std::string_view>& sentences) const {
  return label_words(sentences, words_of_sentences(sentences));
}

std::vector<Part> StarLabeller::label_words(const std::vector<std::string_view>& sentences,
                                            const std::vector<std::vector<Word>>& words,
                                            const std::vector<std::optional<Part>>& known) const {
  std::vector<Part> parts;
  for (std::size_t index : decode(*model_, answer_features(sentences, words), known)) parts.push_back(all_parts[index]);
  return parts;
}

}  // namespace starcoach
