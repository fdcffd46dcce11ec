// Speed of the analyser (Google Benchmark). The README quotes its figures.
//   build/analyser-bench
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <string>

#include "starcoach/analysis.hpp"
#include "starcoach/classifier.hpp"
#include "starcoach/json.hpp"
#include "starcoach/text.hpp"

namespace {

// bench/answer-250.txt: 250 words with every part of STAR, a general opening and a few findings.
std::string answer_250() {
  std::ifstream in(STARCOACH_SOURCE_DIR "/bench/answer-250.txt");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Times analyse() and the JSON of its result; the models are loaded before the timing.
void time_analysis(benchmark::State& state, const std::string& answer, const starcoach::AnalysisOptions& options) {
  starcoach::analyse(answer, options);
  for (auto _ : state) {
    starcoach::Analysis analysis = starcoach::analyse(answer, options);
    std::string json = starcoach::dump_json(starcoach::analysis_json(analysis), -1);
    benchmark::DoNotOptimize(json);
  }
  state.SetItemsProcessed(state.iterations());
}

void analyse_one_answer(benchmark::State& state) { time_analysis(state, answer_250(), {"", "customer-obsession"}); }
BENCHMARK(analyse_one_answer)->Unit(benchmark::kMicrosecond);

// The same with the question asked: the fit (principles and situation) on top.
void analyse_one_answer_to_a_question(benchmark::State& state) {
  starcoach::AnalysisOptions options;
  options.question = "Tell me about a time you went out of your way for a customer.";
  time_analysis(state, answer_250(), options);
}
BENCHMARK(analyse_one_answer_to_a_question)->Unit(benchmark::kMicrosecond);

// The same answer as a recogniser hears it (lower case, no punctuation): the splitter
// weighs every way of cutting it into sentences.
void analyse_one_spoken_answer(benchmark::State& state) {
  std::string spoken;
  for (const starcoach::Word& word : starcoach::words_of(answer_250())) spoken += (spoken.empty() ? "" : " ") + word.lower;
  time_analysis(state, spoken, {"", "customer-obsession"});
}
BENCHMARK(analyse_one_spoken_answer)->Unit(benchmark::kMicrosecond);

void classify_one_question(benchmark::State& state) {
  const auto& classifier = starcoach::QuestionClassifier::builtin();
  for (auto _ : state) benchmark::DoNotOptimize(classifier.classify("Tell me about a time you disagreed with your manager."));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(classify_one_question)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
