// The small pieces of HTTP that Boost.Beast leaves to its user: a request target's path
// and query string, decoded.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace starcoach::server {

// ASCII lower case ("Chunked" -> "chunked"); other bytes as they are.
std::string lower_case(std::string_view text);

// "%2F" -> "/", and "+" -> " " when `plus_is_space` (in a query string). A "%" that is
// not followed by two hex digits stays as it is.
std::string percent_decoded(std::string_view text, bool plus_is_space);

// "principle=ownership&random=1" -> {principle: ownership, random: 1}, decoded. A name
// given twice keeps its first value; "flag" alone has the empty value.
std::map<std::string, std::string> query_of(std::string_view query);

}  // namespace starcoach::server
