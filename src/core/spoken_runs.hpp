// Private to the sentence splitter: reads a run of words with no punctuation (a spoken
// transcript) as a sequence of units, each with its part of the story, in one pass.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "starcoach/star.hpp"
#include "starcoach/text.hpp"

namespace starcoach {

class AveragedPerceptron;
struct LabelledAnswer;

namespace detail {

struct SpokenUnit {
  std::size_t start, end;  // word indices, [start, end)
  Part part;
  bool operator==(const SpokenUnit&) const = default;
};

// Where the sentences of `words` start and what part each tells: the cut and parts that
// score best together under `model` (a model of the five parts trained below). Where the
// part changes is itself a strong sign that a sentence starts, so the two are decided
// together rather than one after the other.
std::vector<SpokenUnit> read_spoken_run(const AveragedPerceptron& model, std::span<const Word> words);

// Trains `model` (five classes) on every answer as bare words, lower case and without
// punctuation, the authors' sentences and parts being the truth.
void train_spoken_runs(AveragedPerceptron& model, const std::vector<LabelledAnswer>& answers, int epochs);

}  // namespace detail
}  // namespace starcoach
