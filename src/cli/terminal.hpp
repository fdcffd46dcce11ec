// How the CLI writes for people: wrapping to the terminal width, and colour only on a
// terminal and never when NO_COLOR is set.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace starcoach::cli {

enum class Style { plain, bold, dim, accent, good, warn, bad };

class Terminal {
 public:
  // Looks at `stream`: colour when it is a terminal, TERM is not "dumb" and NO_COLOR is
  // unset or empty; width from the terminal, else $COLUMNS, else 80 (at least 40).
  static Terminal detect(std::FILE* stream);
  Terminal(bool colour, int width) : colour_(colour), width_(width) {}

  bool colour() const { return colour_; }
  int width() const { return width_; }

  // `text` wrapped in the escape codes of `style` (unchanged without colour).
  std::string paint(std::string_view text, Style style) const;

  // `text` broken into lines no wider than the terminal at ICU's line-break
  // opportunities; every line starts with `indent` spaces, the first with `first`
  // spaces when given.
  std::string wrap(std::string_view text, int indent, int first = -1) const;

 private:
  bool colour_;
  int width_;
};

// Number of code points, colour codes left out: the display width of what the CLI prints.
int display_width(std::string_view text);

// A bar of `filled` of `total` cells, e.g. "██████░░░░".
std::string bar(double fraction, int cells);

// Speaking time on a scale of one and a half target lengths, with a mark at the target
// (one minute, data/analyser/speaking.json): "████████░░│░░░░".
std::string minute_bar(double seconds);

}  // namespace starcoach::cli
