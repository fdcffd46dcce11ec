// libFuzzer target: arbitrary bytes as a story for the story bank: split into STAR parts,
// its principles suggested, and matched against a question. Text it cannot take must give
// InputError; a story it takes must keep only text from the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "starcoach/errors.hpp"
#include "starcoach/json.hpp"
#include "starcoach/stories.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    starcoach::Story story = starcoach::story_from_text(text);
    if (story.situation.size() + story.task.size() + story.action.size() + story.result.size() > 2 * size + 16) std::abort();
    story.id = 1;
    story.principles = starcoach::suggest_principles(story);
    (void)starcoach::dump_json(starcoach::story_json(story));
    (void)starcoach::match_stories("Tell me about a time you saved money.", {story});
  } catch (const starcoach::InputError&) {
  }
  return 0;
}
