// libFuzzer target: arbitrary bytes into the analyser and the question classifier.
// Valid UTF-8 must give a result; anything else must give InputError, never a crash.
// Built by the "fuzz" CMake preset of script/fuzz (clang, AddressSanitizer, UBSan).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "starcoach/analysis.hpp"
#include "starcoach/classifier.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/json.hpp"
#include "starcoach/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The first byte picks the options, so the role- and principle-specific rules run too.
  starcoach::AnalysisOptions options;
  if (size > 0) {
    options.role = static_cast<starcoach::Role>(data[0] % 3);
    if (data[0] & 0x08) options.principle = "customer-obsession";
    if (data[0] & 0x10) options.question = "Tell me about a time you saved money.";
    // The answer as its own question: any words reach the fit's question side too.
    if ((data[0] & 0x30) == 0x20) options.question = std::string(text.substr(1));
  }
  auto usable = [](std::string_view words) {
    return starcoach::is_valid_utf8(words) && words.find_first_not_of(" \t\r\n\f\v") != std::string_view::npos;
  };
  const bool valid = usable(text) && usable(options.question.empty() ? "-" : options.question);
  try {
    const starcoach::Analysis analysis = starcoach::analyse(text, options);
    for (const starcoach::Finding& finding : analysis.findings)
      if (finding.start > finding.end || finding.end > size) std::abort();  // spans must lie inside the input
    for (const starcoach::SentenceResult& sentence : analysis.sentences)
      if (sentence.start >= sentence.end || sentence.end > size) std::abort();
    (void)starcoach::dump_json(starcoach::analysis_json(analysis));
    (void)starcoach::QuestionClassifier::builtin().classify(text);
  } catch (const starcoach::InputError&) {
    if (valid && starcoach::count_words(text) > 0) std::abort();  // a real answer was refused
  }
  return 0;
}
