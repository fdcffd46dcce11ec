// libFuzzer target: arbitrary bytes as the JSON body of each route of the web API, through
// the same parsing and checks the server uses (src/server/api.cpp), on a database in
// memory. The first byte picks the route; for the routes that take a query string, the
// bytes are the query string, read by the server's own decoder. Every reply must be a 2xx or a 4xx with a JSON
// error, never a crash or a 5xx, and must be writable as JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api.hpp"
#include "database.hpp"
#include "http_parts.hpp"
#include "starcoach/json.hpp"

using namespace starcoach;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static storage::Database database(":memory:");
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  server::Reply reply;
  switch (data[0] % 12) {
    case 0: reply = server::post_check(body); break;
    case 1: reply = server::post_classify(body); break;
    case 2: reply = server::post_attempt(body, database); break;
    case 3: reply = server::post_story(body, database); break;
    case 4: reply = server::put_story(1, body, database); break;
    case 5: reply = server::post_story_match(body, database); break;
    case 6: reply = server::post_mock_plan(body); break;
    case 7: reply = server::post_mock_follow_ups(body); break;
    case 8: reply = server::post_mock(body, database); break;
    case 9: reply = server::get_questions(server::query_of(body)); break;
    case 10: reply = server::get_history(server::query_of(body), database); break;
    default: reply = server::get_mock_interview(1, server::query_of(body), database); break;
  }
  if (reply.status >= 500 || reply.status < 200) std::abort();
  if (reply.status >= 400 && !reply.body.contains("error")) std::abort();
  (void)dump_json(reply.body, -1);
  return 0;
}
