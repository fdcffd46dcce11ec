#include "terminal.hpp"

#include <sys/ioctl.h>
#include <unicode/brkiter.h>
#include <unicode/unistr.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "starcoach/speaking.hpp"

namespace starcoach::cli {

Terminal Terminal::detect(std::FILE* stream) {
  const int fd = fileno(stream);
  const bool is_terminal = isatty(fd) == 1;
  const char* no_colour = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  const bool colour = is_terminal && (no_colour == nullptr || *no_colour == '\0') &&
                      !(term != nullptr && std::string_view(term) == "dumb");
  int width = 0;
  winsize size{};
  if (is_terminal && ioctl(fd, TIOCGWINSZ, &size) == 0) width = size.ws_col;
  if (width <= 0) {
    const char* columns = std::getenv("COLUMNS");
    width = columns != nullptr ? std::atoi(columns) : 0;
  }
  if (width <= 0) width = 80;
  return Terminal(colour, std::clamp(width, 40, 120));
}

std::string Terminal::paint(std::string_view text, Style style) const {
  if (!colour_ || style == Style::plain) return std::string(text);
  const char* code = "";
  switch (style) {
    case Style::bold: code = "1"; break;
    case Style::dim: code = "2"; break;
    case Style::accent: code = "1;36"; break;
    case Style::good: code = "32"; break;
    case Style::warn: code = "33"; break;
    case Style::bad: code = "31"; break;
    case Style::plain: break;
  }
  return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
}

int display_width(std::string_view text) {
  int width = 0;
  bool in_escape = false;  // a colour code (ESC [ ... m) takes no room
  for (unsigned char c : text) {
    if (c == 0x1b) in_escape = true;
    else if (in_escape) in_escape = c != 'm';
    else width += (c & 0xC0) != 0x80;  // count lead bytes only
  }
  return width;
}

std::string Terminal::wrap(std::string_view text, int indent, int first) const {
  if (first < 0) first = indent;
  const int room = std::max(20, width_ - indent);
  icu::UnicodeString unicode =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> breaker(icu::BreakIterator::createLineInstance(icu::Locale::getEnglish(), status));
  if (U_FAILURE(status)) return std::string(first, ' ') + std::string(text) + "\n";
  breaker->setText(unicode);

  std::string out = std::string(first, ' ');
  int column = 0;
  int32_t start = breaker->first();
  for (int32_t end = breaker->next(); end != icu::BreakIterator::DONE; start = end, end = breaker->next()) {
    std::string piece;
    icu::UnicodeString(unicode, start, end - start).toUTF8String(piece);
    std::string trimmed = piece.substr(0, piece.find_last_not_of(' ') + 1);
    const bool hard_break = !piece.empty() && piece.back() == '\n';
    if (hard_break) trimmed = piece.substr(0, piece.find_last_not_of(" \r\n") + 1);
    if (column > 0 && column + display_width(trimmed) > room) {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += "\n" + std::string(indent, ' ');
      column = 0;
    }
    out += hard_break ? trimmed : piece;
    column += display_width(hard_break ? trimmed : piece);
    if (hard_break) {
      out += "\n" + std::string(indent, ' ');
      column = 0;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "\n";
}

std::string bar(double fraction, int cells) {
  const int filled = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * cells + 0.5);
  std::string out;
  for (int i = 0; i < cells; ++i) out += i < filled ? "█" : "░";
  return out;
}

std::string minute_bar(double seconds) {
  constexpr int cells = 30;        // the bar holds one and a half times the target
  constexpr int minute_mark = 20;  // after cell 20: the target (data/analyser/speaking.json)
  const std::string filled = bar(seconds / (1.5 * Speaking::builtin().target_seconds), cells);
  // Each cell is one three-byte character, so the mark goes in at byte 3 * 20.
  return filled.substr(0, 3 * minute_mark) + "│" + filled.substr(3 * minute_mark);
}

}  // namespace starcoach::cli
