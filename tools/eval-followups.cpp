// Measures whether the mock interview judges a follow-up reply on what it says: each row
// of data/eval/followup-replies-*.jsonl is an answer, a follow-up of one kind, a reply, and
// whether the reply supplies what was asked (written in a separate pass).
//   eval-followups          the test split (report only)
//   eval-followups --dev    the dev split (decide on this one)
//   EVAL_VERBOSE=1          also lists each wrong verdict
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "starcoach/mock.hpp"
#include "eval_sets.hpp"

int main(int argc, char** argv) try {
  using namespace starcoach;
  const std::string split = split_of(argc, argv);
  const std::string path = STARCOACH_SOURCE_DIR "/data/eval/followup-replies-" + split + ".jsonl";
  const bool verbose = std::getenv("EVAL_VERBOSE") != nullptr;
  struct Counts {
    int right = 0, total = 0, closed_wrongly = 0, open_wrongly = 0;
  };
  std::map<std::string, Counts> by_kind;
  Counts all;
  for (const nlohmann::json& row : read_jsonl(path)) {
    const FollowUp follow_up{row["kind"].get<std::string>(), row["question"].get<std::string>(), row["reply"].get<std::string>()};
    const bool supplies = row["supplies"].get<bool>();
    const ReplyVerdict verdict = judge_reply(follow_up, row["answer"].get<std::string>(), {});
    for (Counts* counts : {&by_kind[follow_up.kind], &all}) {
      ++counts->total;
      counts->right += verdict.closed == supplies;
      counts->closed_wrongly += verdict.closed && !supplies;
      counts->open_wrongly += !verdict.closed && supplies;
    }
    if (verbose && verdict.closed != supplies)
      std::printf("  %s %s (%s): %s\n    reply: %s\n    said: %s\n", row["id"].get<std::string>().c_str(), follow_up.kind.c_str(),
                  supplies ? "supplies" : "does not", verdict.closed ? "closed" : "open", follow_up.answer.c_str(),
                  verdict.note.c_str());
  }
  std::printf("%s: %d replies; the verdict is right on %.1f%% (%d closed that should stay open, %d left open that answered)\n",
              path.c_str(), all.total, 100.0 * all.right / all.total, all.closed_wrongly, all.open_wrongly);
  for (const auto& [kind, counts] : by_kind)
    std::printf("    %-18s %2d/%-2d right  (%d closed wrongly, %d left open wrongly)\n", kind.c_str(), counts.right, counts.total,
                counts.closed_wrongly, counts.open_wrongly);
  return 0;
} catch (const std::exception& error) {
  std::fprintf(stderr, "eval-followups: %s\n", error.what());
  return 1;
}
