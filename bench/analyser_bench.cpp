// Speed of the analyser (Google Benchmark). The README quotes its figures.
//   build/analyser-bench
#include <benchmark/benchmark.h>

#include "starcoach/analysis.hpp"
#include "starcoach/classifier.hpp"
#include "starcoach/json.hpp"

namespace {

// A 250-word answer with every part of STAR, a general opening and a few findings.
const std::string answer_250 =
    "I believe the customer always comes first, and I try to show that in everything I do. "
    "Last March I was a shift lead at a parcel depot in Leeds, with twelve loaders on the night shift. "
    "Our biggest client, a chain of forty bookshops, complained that a third of their parcels arrived late, "
    "and they said they would move to another carrier if it did not stop. "
    "My task was to find out why and fix it within two weeks, without extra staff or overtime. "
    "First I pulled the scan data for every late parcel from the last month and sorted it by van, driver and shift. "
    "I found that most late parcels had been loaded on the wrong van at the door, mostly between two and four in the morning. "
    "I watched the loading for three nights and saw that the van numbers on the labels were too small to read quickly. "
    "So I rewrote the loading checklist, printed larger van numbers, and trained the loaders on it myself in short sessions at the start of each shift. "
    "I also asked our IT team to add a second scan at the door, so a wrong van now beeps before it leaves. "
    "We reviewed the numbers together every Friday, and I shared them with the client each week. "
    "Late parcels fell from 31% to 4% in one month, and the client renewed its contract for two more years. "
    "My manager asked me to roll out the same checklist to the two other depots in the region. "
    "I learned to look at the data before I decide what the problem is, and to ask the people who do the work.";

void analyse_one_answer(benchmark::State& state) {
  starcoach::analyse(answer_250);  // train the models once, outside the timing
  for (auto _ : state) {
    starcoach::Analysis analysis = starcoach::analyse(answer_250, {"", "customer-obsession"});
    std::string json = starcoach::dump_json(starcoach::analysis_json(analysis), -1);
    benchmark::DoNotOptimize(json);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(analyse_one_answer)->Unit(benchmark::kMicrosecond);

void classify_one_question(benchmark::State& state) {
  const auto& classifier = starcoach::QuestionClassifier::builtin();
  for (auto _ : state) benchmark::DoNotOptimize(classifier.classify("Tell me about a time you disagreed with your manager."));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(classify_one_question)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
