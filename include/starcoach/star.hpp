// The parts of a STAR answer, and the labeller that assigns one to each sentence.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "starcoach/text.hpp"

namespace starcoach {

// "other" is anything outside the story: a general lead-in, filler, a closing remark.
enum class Part { situation, task, action, result, other };
constexpr std::array<Part, 5> all_parts = {Part::situation, Part::task, Part::action, Part::result, Part::other};

std::string_view part_name(Part part);          // "situation", ...
std::optional<Part> part_from_letter(char letter);  // 'S', 'T', 'A', 'R', 'O'
char part_letter(Part part);

class AveragedPerceptron;
struct LabelledAnswer;

// Labels a whole answer at once: a structured perceptron scores each sentence's
// features against each part, plus a score for each pair of neighbouring parts, and
// Viterbi picks the best sequence. So a sentence is read in context: answers mostly run
// S, T, A, R, but not always.
class StarLabeller {
 public:
  // Trains on `answers`, each also as bare words (as spoken) and told result-first, so
  // that a sentence is read by what it says more than by its layout or where it stands.
  explicit StarLabeller(const std::vector<LabelledAnswer>& answers, int epochs = 12);
  ~StarLabeller();
  StarLabeller(StarLabeller&&) noexcept;

  // A model saved with save(), used in place: the bytes (8-byte aligned) must outlive
  // it. Throws DataError for bytes that are not one.
  static StarLabeller load(std::string_view saved);
  std::string save() const;

  // Trained at build time on data/star-corpus/train-*.txt (tools/train-models.cpp).
  static const StarLabeller& builtin();

  std::vector<Part> label(const std::vector<std::string_view>& sentences) const;
  // The same, for sentences already split into words (`words[i]` are the words of
  // `sentences[i]`), keeping the parts already known where `known` (empty, or one entry
  // per sentence) has one: the rest are read in their light.
  std::vector<Part> label_words(const std::vector<std::string_view>& sentences,
                                const std::vector<std::vector<Word>>& words,
                                const std::vector<std::optional<Part>>& known = {}) const;

 private:
  explicit StarLabeller(std::unique_ptr<AveragedPerceptron> model);
  std::unique_ptr<AveragedPerceptron> model_;
};

}  // namespace starcoach
