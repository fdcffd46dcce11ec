// Sentence splitting, STAR labelling and story detection: behaviour on the cases
// method.md names, and floors on the held-out test split (tools/eval-star prints the
// exact figures).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>

#include "corpus_files.hpp"
#include "starcoach/analysis.hpp"
#include "starcoach/corpus.hpp"
#include "starcoach/errors.hpp"
#include "starcoach/sentences.hpp"

namespace starcoach {
namespace {

std::vector<std::string> sentences_of(std::string_view text) {
  std::vector<std::string> out;
  for (const FoundSentence& found : SentenceSplitter::builtin().split(text)) out.emplace_back(text.substr(found.span.start, found.span.end - found.span.start));
  return out;
}

TEST(Splitter, KeepsAbbreviationsAndDecimalsInsideSentences) {
  EXPECT_EQ(sentences_of("We cut costs by 3.5% in Q2, e.g. by sharing vans. Then I left."),
            (std::vector<std::string>{"We cut costs by 3.5% in Q2, e.g. by sharing vans.", "Then I left."}));
}

TEST(Splitter, EndsASentenceAtEveryLineBreakSoBulletsSplit) {
  EXPECT_EQ(sentences_of("What I did:\n- called the client\n- fixed the label\n\n  \nDone"),
            (std::vector<std::string>{"What I did:", "- called the client", "- fixed the label", "Done"}));
}

TEST(Splitter, LeavesOutStretchesWithoutWords) {
  EXPECT_EQ(sentences_of("... !!! \n -- \n Hello there."), (std::vector<std::string>{"Hello there."}));
  EXPECT_TRUE(sentences_of("").empty());
}

TEST(Splitter, CutsAnUnpunctuatedTranscriptIntoSentenceSizedUnits) {
  const std::string transcript =
      "so last year i was working at a call centre for a bank and um one day a customer called because his card "
      "was blocked and he was really angry so i listened to him and i checked his account and i found that the "
      "fraud system had blocked it by mistake so i unblocked it and i called him back the next morning and in the "
      "end he thanked me and i learned to always check the logs first";
  const std::vector<std::string> units = sentences_of(transcript);
  EXPECT_GE(units.size(), 4u);
  for (const std::string& unit : units) EXPECT_LE(std::count(unit.begin(), unit.end(), ' ') + 1, 35) << unit;
}

TEST(Splitter, ReadsTheStoryOfATranscriptWhileCuttingIt) {
  const std::string transcript =
      "last spring i was the only support engineer for a small accounting software company and our biggest "
      "client a chain of dental clinics said they would leave if their invoices kept failing my job was to "
      "stop the failures before the end of the month so i went through three weeks of error logs and found "
      "that one tax rule rounded the wrong way and i fixed the rule and wrote a test for it and then i called "
      "their finance lead every friday to check the numbers with her after that not one invoice failed and "
      "they renewed their contract for two more years";
  const std::vector<FoundSentence> found = SentenceSplitter::builtin().split(transcript);
  ASSERT_GE(found.size(), 4u);
  std::string parts;
  for (const FoundSentence& sentence : found) {
    ASSERT_TRUE(sentence.spoken_part.has_value());
    if (parts.empty() || parts.back() != part_letter(*sentence.spoken_part)) parts += part_letter(*sentence.spoken_part);
  }
  EXPECT_EQ(parts, "STAR");
  // A typed sentence keeps its reading to the labeller, who sees the whole answer.
  EXPECT_FALSE(SentenceSplitter::builtin().split("I fixed the rule.").front().spoken_part.has_value());
}

TEST(Splitter, NeverLeavesASpokenUnitOverFortyWords) {
  // Words with no likely sentence start at all still come out in units a sentence long,
  // and a huge run of them in time (a unit is never longer than forty words, so the
  // reading grows linearly with the run).
  std::string run;
  for (int i = 0; i < 20000; ++i) run += i % 2 ? "blue " : "green ";
  const std::vector<std::string> units = sentences_of(run);
  ASSERT_GE(units.size(), 20000u / 40);
  for (const std::string& unit : units) ASSERT_LE(std::count(unit.begin(), unit.end(), ' ') + 1, 40) << unit;
}

TEST(Labeller, LabelsAClassicStarAnswerInOrder) {
  const std::vector<std::string_view> sentences = {
      "Last March I was a shift lead at a parcel depot in Leeds.",
      "My task was to find out why parcels were late and fix it within two weeks.",
      "I pulled the scan data and found that most were loaded on the wrong van.",
      "I rewrote the loading checklist and trained the loaders myself.",
      "Late parcels fell from 31% to 4% in one month."};
  EXPECT_EQ(StarLabeller::builtin().label(sentences),
            (std::vector<Part>{Part::situation, Part::task, Part::action, Part::action, Part::result}));
}

TEST(Labeller, ReadsAResultToldFirstAsAResult) {
  const std::vector<std::string_view> sentences = {
      "Refunds now take three days instead of twelve.",
      "Last spring I ran the returns desk of a garden centre chain.",
      "Customers waited almost two weeks for their money and complained every day.",
      "I had to shorten that wait without hiring anyone.",
      "I mapped every step a refund went through and removed the two manual sign-offs.",
      "Then I trained the desk to approve refunds under 50 pounds on the spot."};
  const std::vector<Part> parts = StarLabeller::builtin().label(sentences);
  EXPECT_EQ(parts.front(), Part::result);
  EXPECT_EQ(parts[1], Part::situation);
  EXPECT_EQ(parts.back(), Part::action);
}

TEST(Labeller, ReadsHeadingsAndBulletNotes) {
  const std::vector<std::string_view> lines = {
      "## Situation", "- night shift, 14 pickers, scanners kept dropping wifi",
      "## What I did", "- logged every drop for a week", "- moved two access points with IT",
      "## Outcome", "- drops down from 30 a night to 2"};
  EXPECT_EQ(StarLabeller::builtin().label(lines),
            (std::vector<Part>{Part::situation, Part::situation, Part::action, Part::action, Part::action, Part::result,
                               Part::result}));
}

TEST(Labeller, MeetsItsFloorsOnTheHeldOutTestSplit) {
  std::ifstream in(STARCOACH_SOURCE_DIR "/data/eval/star-test.txt");
  ASSERT_TRUE(in);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t total = 0, right = 0;
  for (const LabelledAnswer& answer : parse_corpus({"star-test.txt", text})) {
    std::vector<std::string_view> sentences;
    for (const LabelledSentence& sentence : answer.sentences) sentences.push_back(sentence.text);
    const std::vector<Part> parts = StarLabeller::builtin().label(sentences);
    for (std::size_t i = 0; i < parts.size(); ++i) right += parts[i] == answer.sentences[i].part;
    total += parts.size();
  }
  ASSERT_GE(total, 500u);
  EXPECT_GE(100.0 * right / total, 88.0);  // measured 92.6% (README)
}

TEST(Labeller, MeetsItsFloorOnTheHeldOutTestSplitHeardAsBareWords) {
  // Each answer as a recogniser hears it, through the whole analyser: every word is scored
  // by the part of the sentence it lands in.
  std::size_t total = 0, right = 0;
  for (const LabelledAnswer& answer : read_corpus_file(STARCOACH_SOURCE_DIR "/data/eval/star-test.txt")) {
    std::vector<std::size_t> unit_words;
    const std::string bare = answer.spoken(&unit_words);
    std::vector<Part> gold;
    for (std::size_t u = 0; u < unit_words.size(); ++u) gold.insert(gold.end(), unit_words[u], answer.sentences[u].part);
    const Analysis analysis = analyse(bare);
    const std::vector<Word> words = words_of(bare);
    ASSERT_EQ(words.size(), gold.size());
    for (std::size_t w = 0; w < words.size(); ++w)
      for (const SentenceResult& sentence : analysis.sentences)
        if (words[w].start >= sentence.start && words[w].start < sentence.end) right += sentence.part == gold[w];
    total += gold.size();
  }
  ASSERT_GE(total, 8000u);
  EXPECT_GE(100.0 * right / total, 82.0);  // measured 85.9% with eval-star (README)
}

TEST(Story, TellsAPastEventFromGeneralStatements) {
  EXPECT_FALSE(analyse("I always put the customer first. I would call them and I try to find a solution. "
                       "Good service is very important to me.").is_story);
  EXPECT_TRUE(analyse("Last year a customer called me because her order was lost. I found it in the depot and "
                      "drove it to her house myself. She ordered again the next week.").is_story);
}

TEST(Story, QuotedSpeechIsNotTheCandidatesOwnWords) {
  const std::string quoted =
      "Last year a client shouted \"it's not my job to fix your mistakes\" at me on the phone. I apologised, found "
      "the lost order in our system and sent it the same day. My task was to keep the account. He renewed for two years.";
  for (const Finding& finding : analyse(quoted).findings) EXPECT_NE(finding.rule, "redflag.handed-off");
  const std::string own = "Last year a client shouted at me. I told him it's not my job to fix his mistakes. He left.";
  bool flagged = false;
  for (const Finding& finding : analyse(own).findings) flagged = flagged || finding.rule == "redflag.handed-off";
  EXPECT_TRUE(flagged);
}

bool has_rule(const Analysis& analysis, std::string_view rule) {
  return std::any_of(analysis.findings.begin(), analysis.findings.end(),
                     [&](const Finding& finding) { return finding.rule == rule; });
}

TEST(Story, ACareerInThePresentPerfectIsGeneralTalkNotTheStorysResult) {
  // "I have worked ... for ten years" is who the candidate is now, not the event; it opens
  // the answer with general talk, and it is no result of the story.
  const Analysis analysis = analyse(
      "I have worked in procurement for about ten years, first in electronics and now in fashion. I think procurement "
      "is really about relationships. Last spring my manager asked me to find a cheaper t-shirt factory. I visited the "
      "best offer before signing and saw blocked fire exits. I reported it with photos and proposed a second factory.");
  EXPECT_TRUE(has_rule(analysis, "story.general-opening"));
  EXPECT_TRUE(has_rule(analysis, "star.missing-result"));
  EXPECT_NE(analysis.sentences.front().part, Part::result);
  // "I could have checked" still looks back at the event.
  EXPECT_TRUE(analyse("I could have checked the list myself. I called the depot and asked for the scans.").is_story);
}

TEST(Story, SkippingASafeguardIsARedFlagRefusingToIsNot) {
  const std::string opening = "Last spring I ran the launch of a payroll app for a chain of bakeries. ";
  EXPECT_TRUE(has_rule(analyse(opening + "The legal team needed two weeks, so I skipped the legal review and went live on the "
                                         "first of May. Sign-ups doubled in a month."),
                       "redflag.cut-corners"));
  EXPECT_FALSE(has_rule(analyse(opening + "The sales lead wanted us to skip the legal review, and I said no. I asked legal which "
                                          "clauses mattered most, and we went live a week late. Sign-ups doubled in a month."),
                        "redflag.cut-corners"));
  EXPECT_TRUE(has_rule(analyse(opening + "I kept quiet in the planning meeting, although I knew the date was wrong. We went live "
                                         "two weeks late."),
                       "redflag.avoided-conflict"));
}

TEST(Story, ASentenceARedFlagNamesInItsOwnWordsGetsThatFlagOnly) {
  // The judge reads "I kept quiet..." as giving in too; one sentence, one red flag.
  const Analysis analysis = analyse(
      "Last spring I ran the launch of a payroll app for a chain of bakeries. In the planning meeting I kept quiet, "
      "although I knew the date was tight. Sign-ups doubled in a month.");
  int red_flags = 0;
  for (const Finding& finding : analysis.findings) red_flags += finding.rule.rfind("redflag.", 0) == 0;
  EXPECT_EQ(red_flags, 1);
  EXPECT_TRUE(has_rule(analysis, "redflag.avoided-conflict"));
}

TEST(Story, NearPhrasesStayLinearOnAHugeAnswer) {
  // Thousands of cues and safeguards in one answer: each list is read once, in order.
  std::string text = "Last year I ran a depot. ";
  for (int i = 0; i < 4000; ++i) text += "Without asking, the team waited. The approval came. ";
  const auto started = std::chrono::steady_clock::now();
  const Analysis analysis = analyse(text);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_FALSE(analysis.sentences.empty());
}

TEST(Story, WaitingAfterDoubtIsNotAStepOutOfIt) {
  const std::string opening =
      "Last spring I planned freight for a drinks maker, and a port strike was announced for the next week. "
      "I honestly wasn't sure if the strike would happen, so I didn't book any trucks. ";
  // A step out of the doubt silences the red flag; more waiting told as an action does not.
  EXPECT_FALSE(has_rule(analyse(opening + "I called two hauliers that afternoon and reserved ten trucks on a cancellable "
                                          "rate. We shipped every container on time."),
                        "redflag.unsure"));
  EXPECT_TRUE(has_rule(analyse(opening + "So I held off and kept waiting for more clarity. We missed two sailings."),
                       "redflag.unsure"));
}

TEST(Story, GivingInIsShownInTheCandidatesOwnWordsNotInThePressure) {
  const std::string answer =
      "Last year I led testing for a booking app release. Two days before launch I found that some bookings showed "
      "the wrong date. My manager said the client expected the release on Monday and that it was not worth a fight. "
      "I lowered the severity to medium like he asked, and we released on Monday.";
  bool flagged = false;
  for (const Finding& finding : analyse(answer).findings) {
    if (finding.rule != "redflag.gave-in") continue;
    flagged = true;
    const std::string span = answer.substr(finding.start, finding.end - finding.start);
    EXPECT_EQ(span.find("My manager said"), std::string::npos) << span;  // the pressure is someone else's
  }
  EXPECT_TRUE(flagged);
}

TEST(Story, WhatASentenceShowsCanDependOnTheOneBefore) {
  // "I marked it as minor" is not clearly giving in alone; after the pressure it is.
  const std::string opening = "Last spring I led testing for a food delivery app, and I found a bug that charged some "
                              "orders twice. ";
  const std::string pressure = "The delivery lead asked me to mark the bug as minor so it would not block the launch. ";
  const std::string caved = "I marked it as minor, and we launched on Friday as planned.";
  const std::string held = "I kept it as major and showed him the twelve orders it had already broken.";
  EXPECT_TRUE(has_rule(analyse(opening + pressure + caved), "redflag.gave-in"));
  EXPECT_FALSE(has_rule(analyse(opening + caved), "redflag.gave-in"));
  EXPECT_FALSE(has_rule(analyse(opening + pressure + held), "redflag.gave-in"));
}

TEST(Story, WeIsReadAsTheSubjectWhateverTheLabels) {
  // Told all in "we", the story may have no sentence the labeller reads as an action.
  const std::string we = "Last autumn our bakery had six weeks to open a second shop. We found the site, we hired four "
                         "bakers, we set up the ovens and the till, and we opened two days early. We sold 9,000 loaves "
                         "in the first month.";
  EXPECT_TRUE(has_rule(analyse(we), "ownership.we-not-i"));
  // "Our supplier" and "my manager" are not who acted.
  const std::string i = "Last autumn I had six weeks to open a second shop for our bakery. I found the site with our "
                        "landlord's agent, I hired four bakers, and I set up the ovens with our supplier. We opened two "
                        "days early and sold 9,000 loaves in the first month.";
  EXPECT_FALSE(has_rule(analyse(i), "ownership.we-not-i"));
}

TEST(Story, ATimeFrameIsNotAMeasuredResult) {
  const std::string story = "Last spring I ran the returns desk of a sports shop. My job was to cut the queue at the "
                            "desk. I moved refunds under 20 euros to the tills and trained six cashiers to do them. ";
  EXPECT_TRUE(has_rule(analyse(story + "After two weeks the customers were much happier."), "result.not-quantified"));
  EXPECT_FALSE(has_rule(analyse(story + "After two weeks the wait had fallen from 25 minutes to 8."), "result.not-quantified"));
}

TEST(Restructure, RegroupsTheCandidatesOwnSentencesAndCutsTheGeneralOpening) {
  const std::string answer =
      "I am someone who always puts customers first. In my opinion you have to listen. "
      "In the end, late parcels fell from 31% to 4% in a month. Last March I was a shift lead at a parcel depot. "
      "My task was to stop the late deliveries. I rewrote the loading checklist and trained the loaders myself.";
  const Restructured r = analyse(answer).restructured;
  ASSERT_FALSE(r.situation.empty());
  EXPECT_EQ(r.situation.front(), "I am someone who always puts customers first.");
  EXPECT_EQ(r.cut, (std::vector<std::string>{"In my opinion you have to listen."}));
  EXPECT_EQ(r.result, (std::vector<std::string>{"In the end, late parcels fell from 31% to 4% in a month."}));
  // Never invents text: every regrouped sentence is a sentence of the answer.
  for (const auto* part : {&r.situation, &r.task, &r.action, &r.result, &r.cut})
    for (const std::string& sentence : *part) EXPECT_NE(answer.find(sentence), std::string::npos) << sentence;
}

TEST(Restructure, OffersTrimCandidatesOnlyOverAMinuteAndNeverTheStory) {
  std::string answer = "Last March I was a shift lead at a parcel depot in Leeds. My task was to fix late parcels. ";
  const std::string repeated = "I checked every van on the dock that night and wrote down each wrong label I found.";
  for (int i = 0; i < 12; ++i) answer += repeated + " ";
  answer += "Late parcels fell from 31% to 4% in a month.";
  const Analysis analysis = analyse(answer);
  ASSERT_GT(analysis.spoken_seconds, 60);
  // The repetitions are offered; the first telling, the task and the result are not.
  const std::vector<std::string>& offered = analysis.restructured.trim_candidates;
  ASSERT_FALSE(offered.empty());
  for (const std::string& sentence : offered) EXPECT_EQ(sentence, repeated);
  EXPECT_LT(offered.size(), 12u);
  EXPECT_TRUE(analyse("Last March I was a shift lead. I fixed the labels. Late parcels fell by half.").restructured.trim_candidates.empty());
}

}  // namespace
}  // namespace starcoach
