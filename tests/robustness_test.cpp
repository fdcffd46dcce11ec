// Bad and extreme input: each gets a result or a clear InputError, quickly, never a
// crash or a hang (method: the project's rule 5).
#include <gtest/gtest.h>

#include <chrono>

#include "starcoach/analysis.hpp"
#include "starcoach/errors.hpp"

namespace starcoach {
namespace {

// Sanitizer builds run several times slower; the bound is for catching hangs and
// quadratic blow-ups, not for measuring speed (bench/ does that).
#ifdef STARCOACH_SANITIZED
constexpr double slack = 10;
#else
constexpr double slack = 1;
#endif

double seconds_to_analyse(const std::string& text) {
  const auto start = std::chrono::steady_clock::now();
  const Analysis analysis = analyse(text);
  EXPECT_FALSE(analysis.sentences.empty());
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(Robustness, EmptyAndBlankInputAreInputErrors) {
  EXPECT_THROW(analyse(""), InputError);
  EXPECT_THROW(analyse(" \n\t "), InputError);
  EXPECT_THROW(analyse("... --- !!!"), InputError);
}

TEST(Robustness, InvalidUtf8IsAnInputError) {
  EXPECT_THROW(analyse("I fixed it \xff\xfe."), InputError);
  EXPECT_THROW(analyse(std::string("I fixed\0 it", 11) + "\xc0"), InputError);
}

TEST(Robustness, ASingleWordGetsAResult) {
  const Analysis analysis = analyse("Hello");
  EXPECT_EQ(analysis.words, 1u);
  EXPECT_FALSE(analysis.is_story);
}

TEST(Robustness, OneMebibyteOfTextIsQuick) {
  std::string text;
  while (text.size() < (1u << 20)) text += "Last March I was a shift lead at a depot. I pulled the scan data and found the wrong van. ";
  EXPECT_LT(seconds_to_analyse(text), 5.0 * slack);
}

TEST(Robustness, TenThousandSentencesWithoutPunctuationAreQuick) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "so then i went to the depot and i checked the van ";
  EXPECT_LT(seconds_to_analyse(text), 5.0 * slack);
}

TEST(Robustness, ControlCharactersAndNulBytesGetAResult) {
  const std::string text = std::string("Last year I\0 fixed\x01 the\x7f van.\r\nIt worked.", 40);
  EXPECT_NO_THROW(analyse(text));
}

}  // namespace
}  // namespace starcoach
