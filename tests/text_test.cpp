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

TEST(Words, KeepsExactByteSpansAroundMultiByteCharacters) {
  // Two-, three- and four-byte characters (the emoji is two UTF-16 units inside ICU).
  const std::string text = "Caf\xc3\xa9 \xf0\x9f\x98\x80 grew na\xc3\xafve r\xc3\xa9sum\xc3\xa9s \xe2\x80\x94 fast";
  const std::vector<Word> words = words_of(text);
  std::vector<std::string> spans;
  for (const Word& word : words) spans.push_back(text.substr(word.start, word.end - word.start));
  EXPECT_EQ(spans, (std::vector<std::string>{"Caf\xc3\xa9", "grew", "na\xc3\xafve", "r\xc3\xa9sum\xc3\xa9s", "fast"}));
  EXPECT_EQ(words[0].lower, "caf\xc3\xa9");
  EXPECT_EQ(words[3].stem, stem("r\xc3\xa9sum\xc3\xa9s"));
}

TEST(Words, ReadIllFormedBytesWithoutLeavingTheText) {
  const std::string text = "I led \xff\xfe the \xe2\x80 team";
  std::vector<std::string> found;
  for (const Word& word : words_of(text)) {
    ASSERT_LE(word.start, word.end);
    ASSERT_LE(word.end, text.size());
    found.push_back(word.lower);
  }
  EXPECT_EQ(found, (std::vector<std::string>{"i", "led", "the", "team"}));
}

TEST(Stem, ReducesInflectionsToOneStem) {
  EXPECT_EQ(stem("disagreed"), stem("disagree"));
  EXPECT_EQ(stem("customers"), stem("customer"));
  EXPECT_EQ(stemmed_words("Hiring hires"), (std::vector<std::string>{stem("hire"), stem("hire")}));
  EXPECT_EQ(words_of("Hiring")[0].stem, stem("hiring"));
}

TEST(SpeakingTime, IsWordsOverRate) {
  EXPECT_DOUBLE_EQ(speaking_seconds(140, 140), 60.0);
  EXPECT_DOUBLE_EQ(speaking_seconds(70, 140), 30.0);
  EXPECT_DOUBLE_EQ(speaking_seconds(10, 0), 0.0);
}

}  // namespace
}  // namespace starcoach
