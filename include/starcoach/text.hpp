// Text utilities shared by the classifier and the analyser: UTF-8 checks, ICU word
// segmentation and Snowball stemming.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace starcoach {

// True when `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

// Throws InputError unless `text` is valid UTF-8 with at least one non-space character.
// `what` names the input in the message ("question", "answer").
void require_text(std::string_view text, std::string_view what);

// True when `text` (UTF-8) holds at least one letter or digit.
bool has_letter_or_digit(std::string_view text);

// `text` safe inside HTML, as text or in a quoted attribute: & < > " ' escaped.
std::string html_escaped(std::string_view text);

// A 64-bit FNV-1a hash of a word, so that word lists can be matched by comparing numbers.
constexpr std::uint64_t word_hash(std::string_view word) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : word) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return hash;
}

// A word of a text: its UTF-8 byte span, its lower-case form and its stem, with their
// hashes (computed once here: the rules, the labeller and the principle evidence use them).
struct Word {
  std::size_t start;
  std::size_t end;
  std::string lower;
  std::uint64_t hash;
  std::string stem;
  std::uint64_t stem_hash;
};

// The words of `text` with their byte spans, as ICU's word break rules find them.
std::vector<Word> words_of(std::string_view text);

// The words of `text`, lower-cased, as ICU's word break rules find them
// (numbers count as words; punctuation and spaces do not).
std::vector<std::string> lowercase_words(std::string_view text);

// Number of words, as lowercase_words counts them.
std::size_t count_words(std::string_view text);

// English Snowball stem of a lower-case word ("decisions" -> "decis").
std::string stem(std::string_view word);

// Stems of lowercase_words(text), in order.
std::vector<std::string> stemmed_words(std::string_view text);

// Calls visit(line_number, line) for each line of `text` (numbered from 1), without
// its line ending ("\n" or "\r\n"). For the line-based data files.
template <typename Visit>
void for_each_line(std::string_view text, Visit visit) {
  std::size_t line_number = 0;
  for (std::string_view rest = text; !rest.empty();) {
    const std::size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    visit(++line_number, line);
  }
}

// Seconds it takes to say `words` words at `words_per_minute`.
double speaking_seconds(std::size_t words, double words_per_minute);

}  // namespace starcoach
