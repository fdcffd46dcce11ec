// Private to the text code: runs an ICU break iterator (words, sentences) over UTF-8 text.
#pragma once

#include <unicode/brkiter.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace starcoach::detail {

// Calls visit(start, end, rule_status) for each segment `breaker` finds in `text`, with
// UTF-8 byte offsets. ICU iterates UTF-16 several times faster than UTF-8 (its UTF-8
// reader refills a small buffer every few dozen characters), so the text is converted
// once, with each UTF-16 unit's byte offset kept to map the breaks back.
// Ill-formed bytes read as U+FFFD, as ICU's own UTF-8 reader would read them.
template <typename Visit>
void for_each_segment(icu::BreakIterator& breaker, std::string_view text, Visit visit) {
  // A UTF-8 sequence never needs more UTF-16 units than it has bytes.
  std::vector<UChar> units(text.size());
  std::vector<std::size_t> byte_of(text.size() + 1);  // byte offset of each unit, and of the end
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t at = i;
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // most text is ASCII
      units[count] = static_cast<UChar>(text[i++]);
      byte_of[count++] = at;
      continue;
    }
    UChar32 c;
    U8_NEXT(text.data(), i, text.size(), c);
    if (c < 0) c = 0xFFFD;
    if (U_IS_BMP(c)) {
      units[count] = static_cast<UChar>(c);
      byte_of[count++] = at;
    } else {
      units[count] = U16_LEAD(c);
      byte_of[count++] = at;
      units[count] = U16_TRAIL(c);
      byte_of[count++] = at;
    }
  }
  byte_of[count] = text.size();

  UErrorCode status = U_ZERO_ERROR;
  struct Close {
    void operator()(UText* utext) const { utext_close(utext); }
  };
  std::unique_ptr<UText, Close> utext(
      utext_openUChars(nullptr, units.data(), static_cast<int64_t>(count), &status));
  if (U_FAILURE(status)) throw std::runtime_error("ICU could not open the text");
  breaker.setText(utext.get(), status);
  int32_t start = breaker.first();
  for (int32_t end = breaker.next(); end != icu::BreakIterator::DONE; start = end, end = breaker.next())
    visit(byte_of[static_cast<std::size_t>(start)], byte_of[static_cast<std::size_t>(end)], breaker.getRuleStatus());
}

}  // namespace starcoach::detail
