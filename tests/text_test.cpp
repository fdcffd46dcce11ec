// Text utilities: UTF-8 checks, ICU word segmentation and stemming.
#include <gtest/gtest.h>

#include "starcoach/errors.hpp"
#include "starcoach/text.hpp"

namespace starcoach {
namespace {

TEST(Utf8, AcceptsWellFormedAndRejectsIllFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9 \xe2\x80\x99 \xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("truncated \xe2\x80"));
  EXPECT_FALSE(is_valid_utf8("overlong \xc0\xaf"));
  EXPECT_FALSE(is_valid_utf8("surrogate \xed\xa0\x80"));
}

TEST(RequireText, NamesTheInputInItsMessage) {
  EXPECT_NO_THROW(require_text("Why?", "question"));
  try {
    require_text(" \n\t", "question");
    FAIL() << "empty text accepted";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(), "question is empty");
  }
  EXPECT_THROW(require_text("bad \xff byte", "answer"), InputError);
}

TEST(Words, SplitsOnIcuWordBoundariesAndLowercases) {
  EXPECT_EQ(lowercase_words("I cut costs by 20%, didn't I?"),
            (std::vector<std::string>{"i", "cut", "costs", "by", "20", "didn't", "i"}));
  EXPECT_EQ(lowercase_words("Don\xe2\x80\x99t"), (std::vector<std::string>{"don't"}));
  EXPECT_EQ(count_words("  ...  "), 0u);
  EXPECT_EQ(count_words("Last spring, a client of ours called."), 7u);
}

TEST(Stem, ReducesInflectionsToOneStem) {
  EXPECT_EQ(stem("disagreed"), stem("disagree"));
  EXPECT_EQ(stem("customers"), stem("customer"));
  EXPECT_EQ(stemmed_words("Hiring hires"), (std::vector<std::string>{stem("hire"), stem("hire")}));
}

TEST(SpeakingTime, IsWordsOverRate) {
  EXPECT_DOUBLE_EQ(speaking_seconds(140, 140), 60.0);
  EXPECT_DOUBLE_EQ(speaking_seconds(70, 140), 30.0);
  EXPECT_DOUBLE_EQ(speaking_seconds(10, 0), 0.0);
}

}  // namespace
}  // namespace starcoach
