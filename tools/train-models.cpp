// Build step: trains the STAR labeller and the sentence splitter on the labelled corpus,
// the question classifier on the questions and principles in data/ (embedded in the
// trainer as in the program), and the sentence judge on the labelled sentences, and writes
// their weights, with the word clusters' lookup index, which the build then compiles in.
//   train-models OUT.bin FILE...
// Each file's folder says what it teaches: data/star-corpus (answers labelled by STAR
// part), data/redflags (sentences labelled by weak spot), data/behaviours (sentences
// labelled by the principle's behaviour they show), data/fit (stories with a question they
// answer and one they do not).
// Deterministic (fixed seeds, weights saved in feature order): the same corpus always
// gives the same file, which tests/trained_models_test.cpp checks.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "corpus_files.hpp"
#include "starcoach/classifier.hpp"
#include "starcoach/fit.hpp"
#include "starcoach/sentence_judge.hpp"
#include "starcoach/sentences.hpp"
#include "starcoach/situation.hpp"
#include "starcoach/star.hpp"
#include "starcoach/trained_models.hpp"
#include "starcoach/word_clusters.hpp"

namespace starcoach {

// The trainer is linked from the same objects as the program, before the program's
// models exist: it has none of its own.
std::string_view trained_models_file() { return {}; }
}  // namespace starcoach

int main(int argc, char** argv) {
  using namespace starcoach;
  if (argc < 3) {
    std::fprintf(stderr, "usage: train-models OUT.bin TRAINING.txt...\n");
    return 2;
  }
  try {
    std::vector<std::string> answer_files, sentence_files, behaviour_files, fit_files;
    for (int i = 2; i < argc; ++i) {
      const std::string path = argv[i];
      if (path.find("/star-corpus/") != std::string::npos) answer_files.push_back(path);
      else if (path.find("/redflags/") != std::string::npos) sentence_files.push_back(path);
      else if (path.find("/behaviours/") != std::string::npos) behaviour_files.push_back(path);
      else if (path.find("/fit/") != std::string::npos) fit_files.push_back(path);
      else throw std::runtime_error(path + " is in none of data/star-corpus, data/redflags, data/behaviours and data/fit");
    }
    const std::vector<LabelledAnswer> corpus = read_corpus_files(answer_files);
    const auto sentences = read_sentence_files(sentence_files);
    std::string file;
    add_trained_model(file, "word-clusters", WordClusters::builtin().save());
    add_trained_model(file, "star-labeller", StarLabeller(corpus).save());
    add_trained_model(file, "sentence-splitter", SentenceSplitter(corpus).save());
    const QuestionClassifier classifier(KnowledgeBase::builtin(), ClassifierData::builtin_with_examples());
    add_trained_model(file, "question-classifier", classifier.save());
    // The stories of data/fit, one file per author, also teach what stories of a principle
    // and of a question's situation talk about.
    const std::vector<std::vector<FitTrainingStory>> fit_stories = read_fit_files(fit_files);
    const auto principle_examples = principle_sentences(behaviour_files);
    const std::vector<LabelledAnswer> stories = stories_to_profile(corpus, fit_stories);
    const AnswerProfiler profiler(KnowledgeBase::builtin(), stories, principle_examples);
    add_trained_model(file, "answer-profiler", profiler.save());
    const SituationModel situations(stories);
    add_trained_model(file, "situation-model", situations.save());
    add_trained_model(file, "situation-judge", train_situation_judge(corpus, fit_stories, classifier, profiler).save());
    add_trained_model(file, "sentence-judge", SentenceJudge(sentences).save());
    const std::vector<BehaviourSentence> behaviours = read_behaviour_files(behaviour_files);
    for (const Principle& principle : KnowledgeBase::builtin().principles())
      add_trained_model(file, SentenceJudge::behaviour_model_name(principle.id),
                        SentenceJudge(behaviour_training_for(behaviours, principle.id), SentenceJudge::Priors::equal).save());
    const std::string out = argv[1], temporary = out + ".tmp";
    {
      std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
      stream.write(file.data(), static_cast<std::streamsize>(file.size()));
      if (!stream.flush()) throw std::runtime_error("cannot write " + temporary);
    }
    if (std::rename(temporary.c_str(), out.c_str()) != 0) throw std::runtime_error("cannot write " + out);
    std::printf("trained on %zu answers and %zu sentences: %zu bytes of weights\n", corpus.size(), sentences.size(), file.size());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "train-models: %s\n", error.what());
    return 1;
  }
  return 0;
}
