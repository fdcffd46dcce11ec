// The candidate's "My coach" page (coaching mode): the coach's assignments with their due
// dates, and the answers the candidate sent, with the coach's comments marked in place
// and the findings the coach set aside or added.
import { $, api, byteToIndexMap, element, principleName } from "./shared.js";
import { practiseAssignment } from "./practice.js";

// An assignment with its due date, where it stands, and a button to practise it.
function assignmentItem(a) {
  const today = new Date().toISOString().slice(0, 10);
  const state = a.submitted_at ? (a.submitted_at.slice(0, 10) > a.due ? "sent late" : "sent") : today > a.due ? "overdue" : "to do";
  const practise = element("button", { type: "button", className: "secondary" }, a.submitted_at ? "Answer again" : "Practise this");
  practise.addEventListener("click", () => practiseAssignment(a));
  return element("li", { dataset: { assignment: a.id, state } }, element("strong", {}, `Due ${a.due}`), ` · ${state} · ${principleName(a.principle)}`,
    element("br"), a.question, element("br"), practise);
}

// On Practice: the assignments not sent yet, soonest due first.
export async function showOpenAssignments() {
  const open = (await api("/api/assignments")).filter((a) => !a.submitted_at);
  $("practice-assignments").hidden = open.length === 0;
  $("practice-assignment-list").replaceChildren(...open.map(assignmentItem));
}

export async function loadAssignments() {
  const [assignments, history] = await Promise.all([api("/api/assignments"), api("/api/history?last=500")]);
  $("my-assignments").replaceChildren(...(assignments.length ? assignments.map(assignmentItem)
    : [element("li", { className: "muted" }, "No assignments yet: your coach's questions will appear here.")]));

  const sent = history.attempts.filter((a) => a.submitted_at).slice(0, 20);
  const reviewed = await Promise.all(sent.map((a) => api(`/api/attempts/${a.id}`)));
  $("my-submissions").replaceChildren(...(reviewed.length ? reviewed.map(submissionCard)
    : [element("p", { className: "muted" }, "Nothing sent yet. On the Practice page, “Send to my coach” sends your answer.")]));
}

// An answer with its comments: each commented span marked and numbered, the comments below.
export function commentedAnswer(text, comments) {
  const at = byteToIndexMap(text);
  const paragraph = element("p", { className: "commented" });
  let position = 0;
  comments.forEach((comment, i) => {
    const start = at(comment.start), end = at(comment.end);
    if (start < position) return;  // overlaps the one before: listed, not marked
    paragraph.append(text.slice(position, start),
      element("mark", { dataset: { comment: i + 1 }, title: comment.text }, text.slice(start, end)), element("sup", {}, `${i + 1}`));
    position = end;
  });
  paragraph.append(text.slice(position));
  const list = element("ol", { className: "comments" }, ...comments.map((c) =>
    element("li", { dataset: { comment: c.id } }, c.text, element("span", { className: "muted small" }, ` · ${c.author}`))));
  return [paragraph, list];
}

// What the coach said about the findings; `who` names the coach ("Your coach", or "You" for the coach).
export function reviewList(reviews, who = "Your coach") {
  return element("ul", { className: "notes" }, ...reviews.map((r) => element("li", { dataset: { review: r.kind } },
    r.kind === "dismissed" ? `${who} set aside “${r.title}”: ${r.text}` : `${who} added: ${r.text}`)));
}

function submissionCard(attempt) {
  return element("article", { className: "submission", dataset: { attempt: attempt.id } },
    element("h3", {}, `${attempt.question || "(no question)"} · score ${attempt.score}`),
    element("p", { className: "muted small" }, `Sent ${attempt.submitted_at.slice(0, 10)}` +
      (attempt.comments.length || attempt.reviews.length ? "" : " · no comments yet")),
    ...(attempt.has_recording ? [element("audio", { controls: "", preload: "none", src: `/api/recordings/${attempt.id}`, "aria-label": "Your recording" })] : []),
    ...commentedAnswer(attempt.answer, attempt.comments), reviewList(attempt.reviews));
}
