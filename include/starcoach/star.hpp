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
  // Trains on `answers` (a few hundred answers take a few tens of milliseconds).
  explicit StarLabeller(const std::vector<LabelledAnswer>& answers, int epochs = 12);
  ~StarLabeller();
  StarLabeller(StarLabeller&&) noexcept;

  // Trained on the embedded training corpus, once.
  static const StarLabeller& builtin();

  std::vector<Part> label(const std::vector<std::string_view>& sentences) const;
  // The same, for sentences already split into words.
  std::vector<Part> label_words(const std::vector<std::vector<Word>>& sentences) const;

 private:
  std::unique_ptr<AveragedPerceptron> model_;
};

}  // namespace starcoach
