// The request target's decoding: what the server's routes see of a path and a query.
#include <gtest/gtest.h>

#include "http_parts.hpp"

using namespace starcoach::server;

TEST(HttpParts, PercentEscapesAreDecodedAndBrokenOnesKept) {
  EXPECT_EQ(percent_decoded("/api/principles/customer%2Dobsession", false), "/api/principles/customer-obsession");
  EXPECT_EQ(percent_decoded("a+b%20c", true), "a b c");
  EXPECT_EQ(percent_decoded("a+b", false), "a+b");
  EXPECT_EQ(percent_decoded("100%", true), "100%");
  EXPECT_EQ(percent_decoded("%zz%4", true), "%zz%4");
  EXPECT_EQ(percent_decoded("%00%ff", false), std::string("\0\xff", 2));
}

TEST(HttpParts, QueryStringsBecomeNamesAndValues) {
  const auto query = query_of("principle=ownership&random=1&&flag&principle=later&empty=");
  EXPECT_EQ(query.at("principle"), "ownership");  // the first value wins
  EXPECT_EQ(query.at("random"), "1");
  EXPECT_EQ(query.at("flag"), "");
  EXPECT_EQ(query.at("empty"), "");
  EXPECT_EQ(query.size(), 4u);
  EXPECT_TRUE(query_of("").empty());
  EXPECT_TRUE(query_of("&&&").empty());
  EXPECT_EQ(query_of("q=tell+me%3F").at("q"), "tell me?");
}

TEST(HttpParts, LowerCaseTouchesAsciiLettersOnly) {
  EXPECT_EQ(lower_case("Chunked, GZIP"), "chunked, gzip");
  EXPECT_EQ(lower_case("\xc3\x89T\xc3\x89"), "\xc3\x89t\xc3\x89");
}
