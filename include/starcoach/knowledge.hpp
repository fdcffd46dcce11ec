// The knowledge base: the 16 Leadership Principles and the question bank, loaded
// from data/principles.json and data/questions.tsv.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "starcoach/data_file.hpp"
#include "starcoach/hash_index.hpp"

namespace starcoach {

// Something a strong story shows, with the phrases that reveal it in an answer.
struct Behaviour {
  std::string id;
  std::string text;
  std::vector<std::string> phrases;
  std::vector<std::vector<std::uint64_t>> phrase_stem_hashes;  // each phrase as hashed word stems, for matching
};

struct Principle {
  std::string id;       // stable id, e.g. "customer-obsession"
  std::string name;     // Amazon's name
  std::string summary;  // our own one- or two-sentence summary
  std::vector<Behaviour> behaviours;
  std::vector<std::string> question_cues;  // words interviewers use when they probe it

  // Every behaviour phrase, by the hash of its first stem: (behaviour, phrase) indices.
  HashIndex<std::vector<std::pair<std::size_t, std::size_t>>> phrases_by_first_stem;
};

struct Question {
  std::string id;
  std::string text;
  std::string principle;          // primary principle id; empty for a meta question
  std::vector<std::string> also;  // secondary principle ids

  bool is_meta() const { return principle.empty(); }
};

class KnowledgeBase {
 public:
  // Parses and validates both files; throws DataError naming file and line.
  KnowledgeBase(Source principles_json, Source questions_tsv);

  // The knowledge base built from the embedded data files (loaded once).
  static const KnowledgeBase& builtin();

  const std::vector<Principle>& principles() const { return principles_; }
  const std::vector<Question>& questions() const { return questions_; }

  // nullptr when there is no such id.
  const Principle* find_principle(std::string_view id) const;
  const Question* find_question(std::string_view id) const;

  // Questions whose primary principle is `principle_id`, in bank order.
  std::vector<const Question*> questions_for(std::string_view principle_id) const;
  std::vector<const Question*> meta_questions() const;
  // Every question that probes a principle (all but the meta questions).
  std::vector<const Question*> principle_questions() const;

  // "customer-obsession, ownership, ..." for error messages.
  std::string principle_ids() const;

 private:
  std::vector<Principle> principles_;
  std::vector<Question> questions_;
};

}  // namespace starcoach
