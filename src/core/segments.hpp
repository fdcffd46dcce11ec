// Private to the text code: runs an ICU break iterator (words, sentences) over UTF-8 text.
#pragma once

#include <unicode/brkiter.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace starcoach::detail {

// Calls visit(start, end, rule_status) for each segment `breaker` finds in `text`, with
// UTF-8 byte offsets. ICU iterates UTF-16 several times faster than UTF-8 (its UTF-8
// reader refills a small buffer every few dozen characters), so the text is converted
// once. ASCII text keeps its offsets; otherwise each UTF-16 unit's byte offset is kept
// to map the breaks back. Ill-formed bytes read as U+FFFD, as ICU's UTF-8 reader does.
template <typename Visit>
void for_each_segment(icu::BreakIterator& breaker, std::string_view text, Visit visit) {
  const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  std::vector<UChar> units;
  std::vector<std::size_t> byte_of;  // unless ASCII: the byte offset of each unit, and of the end
  if (ascii) {
    units.assign(text.begin(), text.end());
  } else {
    units.reserve(text.size());  // a UTF-8 sequence never needs more UTF-16 units than it has bytes
    byte_of.reserve(text.size() + 1);
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t at = i;
      UChar32 c;
      U8_NEXT(text.data(), i, text.size(), c);
      if (c < 0) c = 0xFFFD;
      if (U_IS_BMP(c)) {
        units.push_back(static_cast<UChar>(c));
        byte_of.push_back(at);
      } else {
        units.push_back(U16_LEAD(c));
        units.push_back(U16_TRAIL(c));
        byte_of.insert(byte_of.end(), 2, at);
      }
    }
    byte_of.push_back(text.size());
  }
  auto byte_at = [&](int32_t unit) { return ascii ? static_cast<std::size_t>(unit) : byte_of[static_cast<std::size_t>(unit)]; };

  UErrorCode status = U_ZERO_ERROR;
  struct Close {
    void operator()(UText* utext) const { utext_close(utext); }
  };
  std::unique_ptr<UText, Close> utext(
      utext_openUChars(nullptr, units.data(), static_cast<int64_t>(units.size()), &status));
  if (U_FAILURE(status)) throw std::runtime_error("ICU could not open the text");
  breaker.setText(utext.get(), status);
  int32_t start = breaker.first();
  for (int32_t end = breaker.next(); end != icu::BreakIterator::DONE; start = end, end = breaker.next())
    visit(byte_at(start), byte_at(end), breaker.getRuleStatus());
}

}  // namespace starcoach::detail
