// The models are trained at build time (tools/train-models.cpp) and their weights compiled
// in. These tests train them again from the same data and require the very same bytes:
// the weights in the program are what the corpus teaches, reproducibly (fixed seeds).
#include <gtest/gtest.h>

#include <algorithm>

#include "corpus_files.hpp"
#include "starcoach/classifier.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/perceptron.hpp"
#include "starcoach/fit.hpp"
#include "starcoach/sentence_judge.hpp"
#include "starcoach/sentences.hpp"
#include "starcoach/situation.hpp"
#include "starcoach/star.hpp"
#include "starcoach/trained_models.hpp"
#include "starcoach/word_clusters.hpp"

namespace starcoach {
namespace {

const std::vector<LabelledAnswer>& corpus() {
  static const std::vector<LabelledAnswer> answers = read_corpus_files(training_corpus_files(STARCOACH_SOURCE_DIR));
  return answers;
}

TEST(TrainedModels, TheLabellerInTheProgramIsTheOneTheCorpusTeaches) {
  ASSERT_GT(corpus().size(), 700u);
  const std::string_view built_in = trained_model(trained_models_file(), "star-labeller");
  EXPECT_TRUE(StarLabeller(corpus()).save() == built_in) << "run the build again: the weights are out of date";
}

TEST(TrainedModels, TheSplitterInTheProgramIsTheOneTheCorpusTeaches) {
  EXPECT_TRUE(SentenceSplitter(corpus()).save() == trained_model(trained_models_file(), "sentence-splitter"));
}

TEST(TrainedModels, TheClassifierInTheProgramIsTheOneTheDataTeach) {
  const QuestionClassifier trained(KnowledgeBase::builtin(), ClassifierData::builtin_with_examples());
  EXPECT_TRUE(trained.save() == trained_model(trained_models_file(), "question-classifier"));
  EXPECT_EQ(QuestionClassifier::builtin().classify("Biggest mistake?").front().principle->id,
            trained.classify("Biggest mistake?").front().principle->id);
}

// The corpus and the stories of data/fit, as the answer profiler and the situation model
// learn from them.
const std::vector<LabelledAnswer>& stories() {
  static const std::vector<LabelledAnswer> answers =
      stories_to_profile(corpus(), read_fit_files(fit_training_files(STARCOACH_SOURCE_DIR)));
  return answers;
}

TEST(TrainedModels, TheAnswerProfilerInTheProgramIsTheOneTheCorpusTeaches) {
  ASSERT_GE(stories().size(), corpus().size() + 500);
  const AnswerProfiler trained(KnowledgeBase::builtin(), stories(),
                               principle_sentences(behaviour_training_files(STARCOACH_SOURCE_DIR)));
  EXPECT_TRUE(trained.save() == trained_model(trained_models_file(), "answer-profiler"));
}

TEST(TrainedModels, TheSituationModelInTheProgramIsTheOneTheCorpusTeaches) {
  const SituationModel trained(stories());
  EXPECT_TRUE(trained.save() == trained_model(trained_models_file(), "situation-model"));
  // Saved bytes read back to the same model; damaged ones are refused, never read past.
  EXPECT_TRUE(SituationModel::load(trained.save()).save() == trained.save());
  const std::string saved = trained.save();
  for (std::size_t cut : {std::size_t{0}, std::size_t{7}, std::size_t{20}, saved.size() / 2, saved.size() - 1})
    EXPECT_THROW(SituationModel::load(std::string_view(saved).substr(0, cut)), DataError) << cut;
  EXPECT_THROW(SituationModel::load(saved + "x"), DataError);
}

TEST(TrainedModels, TheSituationJudgeInTheProgramIsTheOneTheFitStoriesTeach) {
  const std::vector<std::vector<FitTrainingStory>> fit_stories = read_fit_files(fit_training_files(STARCOACH_SOURCE_DIR));
  const SituationJudge trained =
      train_situation_judge(corpus(), fit_stories, QuestionClassifier::builtin(), AnswerProfiler::builtin());
  const std::string saved = trained.save();
  EXPECT_TRUE(saved == trained_model(trained_models_file(), "situation-judge"));
  EXPECT_TRUE(SituationJudge::load(saved).save() == saved);
  EXPECT_THROW(SituationJudge::load(std::string_view(saved).substr(0, saved.size() - 1)), DataError);
  EXPECT_THROW(SituationJudge::load(saved + "x"), DataError);
}

TEST(TrainedModels, TheSentenceJudgeInTheProgramIsTheOneTheSentencesTeach) {
  const auto sentences = read_sentence_files(sentence_training_files(STARCOACH_SOURCE_DIR));
  ASSERT_GT(sentences.size(), 3000u);
  const SentenceJudge trained(sentences);
  EXPECT_TRUE(trained.save() == trained_model(trained_models_file(), "sentence-judge"));
  EXPECT_EQ(trained.labels(), SentenceJudge::builtin().labels());
  EXPECT_THROW(SentenceJudge::load("neutral\n\nxy"), DataError);
  EXPECT_THROW(SentenceJudge::load("no blank line"), DataError);
}

TEST(TrainedModels, EachPrinciplesBehaviourJudgeIsTheOneTheSentencesTeach) {
  const std::vector<BehaviourSentence> sentences = read_behaviour_files(behaviour_training_files(STARCOACH_SOURCE_DIR));
  ASSERT_GT(sentences.size(), 1500u);
  for (const Principle& principle : KnowledgeBase::builtin().principles()) {
    const SentenceJudge trained(behaviour_training_for(sentences, principle.id), SentenceJudge::Priors::equal);
    EXPECT_TRUE(trained.save() == trained_model(trained_models_file(), SentenceJudge::behaviour_model_name(principle.id))) << principle.id;
    // Every behaviour of the principle has sentences to learn from, and nothing else does.
    std::vector<std::string> expected = {"none"};
    for (const Behaviour& behaviour : principle.behaviours) expected.push_back(behaviour.id);
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(SentenceJudge::behaviours_of(principle).labels(), expected) << principle.id;
  }
}

TEST(TrainedModels, BrokenOrMissingWeightsAreADataError) {
  std::string file;
  add_trained_model(file, "star-labeller", StarLabeller(std::vector<LabelledAnswer>(corpus().begin(), corpus().begin() + 5)).save());
  EXPECT_NO_THROW(StarLabeller::load(trained_model(file, "star-labeller")));
  EXPECT_THROW(trained_model(file, "no-such-model"), DataError);
  EXPECT_THROW(trained_model("not a model file", "star-labeller"), DataError);
  EXPECT_THROW(trained_model(file.substr(0, file.size() - 3), "star-labeller"), DataError);
  const std::string_view saved = trained_model(file, "star-labeller");
  EXPECT_THROW(StarLabeller::load(saved.substr(0, saved.size() - 1)), DataError);
  AveragedPerceptron two_classes(2);
  two_classes.update({feature("word")}, 0, 1.0);
  two_classes.average();
  std::string two_class_bytes;
  two_classes.save(two_class_bytes);
  EXPECT_THROW(SentenceSplitter::load(two_class_bytes), DataError);  // two classes, not the five parts
}

TEST(WordClusters, GroupNearSynonymsAndKnowEverydayWords) {
  const WordClusters& clusters = WordClusters::builtin();
  EXPECT_GE(clusters.size(), 40000u);
  const WordCluster* customer = clusters.find(word_hash("customer"));
  const WordCluster* customers = clusters.find(word_hash("customers"));
  ASSERT_NE(customer, nullptr);
  ASSERT_NE(customers, nullptr);
  EXPECT_EQ(customer->fine, customers->fine);
  EXPECT_EQ(clusters.find(word_hash("zzxqwibble")), nullptr);
  EXPECT_THROW(WordClusters("SCWC0001 but cut short"), DataError);
  EXPECT_THROW(WordClusters(""), DataError);
}

TEST(WordClusters, TheIndexInTheProgramIsTheOneTheConverterMade) {
  const std::string built = WordClusters(word_clusters_file()).save();
  EXPECT_TRUE(built == trained_model(trained_models_file(), "word-clusters")) << "run the build again: the index is out of date";
  // The index read in place finds what the one built here finds.
  const WordClusters rebuilt(word_clusters_file());
  for (const char* word : {"customer", "budget", "onboarded", "squandered", "zzxqwibble"}) {
    const WordCluster* in_place = WordClusters::builtin().find(word_hash(word));
    const WordCluster* here = rebuilt.find(word_hash(word));
    ASSERT_EQ(in_place == nullptr, here == nullptr) << word;
    if (here) {
      EXPECT_EQ(in_place->fine, here->fine) << word;
    }
  }
  EXPECT_THROW(WordClusters::load(built.substr(0, built.size() - 8)), DataError);
}

}  // namespace
}  // namespace starcoach
