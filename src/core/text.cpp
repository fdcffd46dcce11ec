#include "starcoach/text.hpp"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "segments.hpp"
#include "starcoach/errors.hpp"

namespace starcoach {

bool is_valid_utf8(std::string_view text) {
  if (text.empty()) return true;
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = 0;
  // Pre-flighting reports U_INVALID_CHAR_FOUND for any ill-formed sequence.
  u_strFromUTF8(nullptr, 0, &length, text.data(), static_cast<int32_t>(text.size()), &status);
  return status != U_INVALID_CHAR_FOUND && text.size() < INT32_MAX;
}

void require_text(std::string_view text, std::string_view what) {
  if (!is_valid_utf8(text)) throw InputError(std::string(what) + " is not valid UTF-8 text");
  if (text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos)
    throw InputError(std::string(what) + " is empty");
}

std::string html_escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

bool has_letter_or_digit(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    UChar32 c;
    U8_NEXT(text.data(), i, text.size(), c);
    if (c >= 0 && u_isalnum(c)) return true;
  }
  return false;
}

namespace {

// Creating a break iterator loads ICU's rules; one per thread is reused.
icu::BreakIterator& word_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> created(
        icu::BreakIterator::createWordInstance(icu::Locale::getEnglish(), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU word break rules are missing");
    return created;
  }();
  return *breaker;
}

// Calls visit(start, end) with the UTF-8 byte offsets of each word.
template <typename Visit>
void for_each_word(std::string_view text, Visit visit) {
  detail::for_each_segment(word_breaker(), text, [&](std::size_t start, std::size_t end, int32_t status) {
    if (status < UBRK_WORD_NONE_LIMIT) return;  // spaces, punctuation, symbols
    // ICU counts some symbols ("@") as words; a word here has a letter or a digit.
    if (has_letter_or_digit(text.substr(start, end - start))) visit(start, end);
  });
}

std::string lowercase(std::string_view word) {
  // Most words are ASCII: lower-case them directly, and leave the rest to ICU.
  if (std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    std::string lower(word);
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
  }
  icu::UnicodeString unicode =
      icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  unicode.toLower(icu::Locale::getEnglish());
  // Curly apostrophes become straight ones so "don’t" and "don't" are one word.
  unicode.findAndReplace(icu::UnicodeString(static_cast<UChar>(0x2019)), icu::UnicodeString("'"));
  std::string utf8;
  unicode.toUTF8String(utf8);
  return utf8;
}

}  // namespace

std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> words;
  words.reserve(text.size() / 4 + 1);  // English averages over five characters a word with its space
  for_each_word(text, [&](std::size_t start, std::size_t end) {
    std::string lower = lowercase(text.substr(start, end - start));
    const std::uint64_t hash = word_hash(lower);
    std::string stemmed = stem(lower);
    const std::uint64_t stem_hash = word_hash(stemmed);
    words.push_back({start, end, std::move(lower), hash, std::move(stemmed), stem_hash});
  });
  return words;
}

std::vector<std::string> lowercase_words(std::string_view text) {
  std::vector<std::string> words;
  for_each_word(text, [&](std::size_t start, std::size_t end) { words.push_back(lowercase(text.substr(start, end - start))); });
  return words;
}

std::size_t count_words(std::string_view text) {
  std::size_t count = 0;
  for_each_word(text, [&](std::size_t, std::size_t) { ++count; });
  return count;
}

std::string stem(std::string_view word) {
  struct Free {
    void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
  };
  // Snowball stemmers are not thread-safe; each thread keeps its own, with a memo of the
  // words it has seen (answers reuse a small vocabulary), emptied when it grows large.
  thread_local std::unique_ptr<sb_stemmer, Free> stemmer(sb_stemmer_new("english", "UTF_8"));
  thread_local std::unordered_map<std::string, std::string> memo;
  if (!stemmer) throw std::runtime_error("the Snowball English stemmer is missing");
  std::string key(word);
  if (auto found = memo.find(key); found != memo.end()) return found->second;
  const sb_symbol* stemmed = sb_stemmer_stem(
      stemmer.get(), reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
  if (stemmed == nullptr) return key;  // out of memory: fall back to the word itself
  std::string result(reinterpret_cast<const char*>(stemmed), static_cast<std::size_t>(sb_stemmer_length(stemmer.get())));
  if (memo.size() > 50000) memo.clear();
  memo.emplace(std::move(key), result);
  return result;
}

std::vector<std::string> stemmed_words(std::string_view text) {
  std::vector<std::string> stems = lowercase_words(text);
  for (std::string& word : stems) word = stem(word);
  return stems;
}

double speaking_seconds(std::size_t words, double words_per_minute) {
  return words_per_minute > 0 ? static_cast<double>(words) * 60.0 / words_per_minute : 0.0;
}

}  // namespace starcoach
