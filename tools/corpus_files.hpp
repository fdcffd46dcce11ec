// Reading the labelled STAR corpus and the labelled sentences from the source tree, for the build-time trainer, the
// evaluation programs and the tests (the program itself carries only the trained weights).
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "starcoach/corpus.hpp"
#include "starcoach/fit.hpp"
#include "starcoach/sentence_judge.hpp"
#include "starcoach/situation.hpp"
#include "starcoach/text.hpp"

namespace starcoach {

inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline std::vector<LabelledAnswer> read_corpus_file(const std::string& path) { return parse_corpus({path, read_text_file(path)}); }

// The files FOLDER/PREFIX*EXTENSION, in the order of their names.
inline std::vector<std::string> files_named(const std::string& folder, const std::string& prefix, const std::string& extension) {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && entry.path().extension() == extension) paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

// The training answers, data/star-corpus/train-*.txt.
inline std::vector<std::string> training_corpus_files(const std::string& source_dir) {
  return files_named(source_dir + "/data/star-corpus", "train-", ".txt");
}

// The labelled sentences, data/redflags/training-*.tsv.
inline std::vector<std::string> sentence_training_files(const std::string& source_dir) {
  return files_named(source_dir + "/data/redflags", "training-", ".tsv");
}

inline std::vector<std::pair<std::string, std::string>> read_sentence_files(const std::vector<std::string>& paths) {
  std::vector<std::pair<std::string, std::string>> sentences;
  for (const std::string& path : paths)
    for (auto& pair : SentenceJudge::read_tsv(path, read_text_file(path))) sentences.push_back(std::move(pair));
  return sentences;
}

inline std::vector<LabelledAnswer> read_corpus_files(const std::vector<std::string>& paths) {
  std::vector<LabelledAnswer> answers;
  for (const std::string& path : paths) {
    std::vector<LabelledAnswer> part = read_corpus_file(path);
    answers.insert(answers.end(), part.begin(), part.end());
  }
  return answers;
}

// The sentences labelled with the behaviour of a principle they show, or "none".
struct BehaviourSentence {
  std::string principle, label, sentence;
};

// data/behaviours/training-*.tsv.
inline std::vector<std::string> behaviour_training_files(const std::string& source_dir) {
  return files_named(source_dir + "/data/behaviours", "training-", ".tsv");
}

// "principle<TAB>label<TAB>sentence" lines; throws naming the line at fault.
inline std::vector<BehaviourSentence> read_behaviour_files(const std::vector<std::string>& paths) {
  std::vector<BehaviourSentence> sentences;
  for (const std::string& path : paths)
    for_each_line(read_text_file(path), [&](std::size_t number, std::string_view line) {
      if (line.empty()) return;
      const std::size_t first = line.find('\t'), second = line.find('\t', first + 1);
      if (first == std::string_view::npos || second == std::string_view::npos || line.find('\t', second + 1) != std::string_view::npos)
        throw std::runtime_error(path + ":" + std::to_string(number) + ": expected principle<TAB>label<TAB>sentence");
      sentences.push_back({std::string(line.substr(0, first)), std::string(line.substr(first + 1, second - first - 1)),
                           std::string(line.substr(second + 1))});
    });
  return sentences;
}

// The sentences that show a behaviour, as {principle id, sentence}: what the answer
// profiler learns from besides the answers ("none" sentences show no principle).
inline std::vector<std::pair<std::string, std::string>> principle_sentences(const std::vector<std::string>& paths) {
  std::vector<std::pair<std::string, std::string>> sentences;
  for (BehaviourSentence& sentence : read_behaviour_files(paths))
    if (sentence.label != "none") sentences.emplace_back(std::move(sentence.principle), std::move(sentence.sentence));
  return sentences;
}

// What one principle's behaviour judge learns from: its own sentences with their labels,
// and, as "none", every `spread`-th behaviour sentence of the other principles (they show
// something else; all of them would outweigh the principle's own twelve a behaviour).
inline std::vector<std::pair<std::string, std::string>> behaviour_training_for(const std::vector<BehaviourSentence>& all,
                                                                               const std::string& principle,
                                                                               std::size_t spread = 40) {
  std::vector<std::pair<std::string, std::string>> labelled;
  std::size_t others = 0;
  for (const BehaviourSentence& sentence : all) {
    if (sentence.principle == principle) labelled.emplace_back(sentence.label, sentence.sentence);
    else if (sentence.label != "none" && others++ % spread == 0) labelled.emplace_back("none", sentence.sentence);
  }
  return labelled;
}

// data/fit/training-*.tsv, one file per author: stories with a question they answer and
// one they do not.
inline std::vector<std::string> fit_training_files(const std::string& source_dir) {
  return files_named(source_dir + "/data/fit", "training-", ".tsv");
}

// Each file's stories, file by file (the trainer measures each author's stories with
// models trained without them).
inline std::vector<std::vector<FitTrainingStory>> read_fit_files(const std::vector<std::string>& paths) {
  std::vector<std::vector<FitTrainingStory>> stories;
  for (const std::string& path : paths) stories.push_back(read_fit_training(path, read_text_file(path)));
  return stories;
}

// The answers the answer profiler and the situation model learn from: the corpus, and the
// stories of data/fit but those of file `left_out` (none left out by default). Of a fit
// story they read only its principle, its question and its words.
inline std::vector<LabelledAnswer> stories_to_profile(const std::vector<LabelledAnswer>& corpus,
                                                      const std::vector<std::vector<FitTrainingStory>>& fit_stories,
                                                      std::size_t left_out = static_cast<std::size_t>(-1)) {
  std::vector<LabelledAnswer> answers = corpus;
  for (std::size_t file = 0; file < fit_stories.size(); ++file) {
    if (file == left_out) continue;
    for (const FitTrainingStory& story : fit_stories[file]) {
      LabelledAnswer& answer = answers.emplace_back();
      answer.principle = story.principle;
      answer.question = story.question;
      answer.sentences.push_back({Part::other, story.answer});
    }
  }
  return answers;
}

// The situation judge weighs what the situation model measures, so it must learn from
// measures of stories the model did not see: each author's stories are measured by a
// model trained without them, as a stranger's story will be.
inline SituationJudge train_situation_judge(const std::vector<LabelledAnswer>& corpus,
                                            const std::vector<std::vector<FitTrainingStory>>& fit_stories,
                                            const QuestionClassifier& classifier, const AnswerProfiler& profiler) {
  std::vector<SituationJudge::Example> examples;
  for (std::size_t i = 0; i < fit_stories.size(); ++i) {
    const std::vector<SituationJudge::Example> fresh =
        fit_examples(fit_stories[i], classifier, profiler, SituationModel(stories_to_profile(corpus, fit_stories, i)));
    examples.insert(examples.end(), fresh.begin(), fresh.end());
  }
  return SituationJudge(examples);
}

}  // namespace starcoach
