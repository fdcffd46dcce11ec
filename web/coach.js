// The coach's page (coaching mode): answers to review, candidates and invitations,
// assignments, cohorts with their criteria, and progress reports. A review shows the
// answer sentence by sentence: select a sentence to comment on it, set aside one of the
// analyser's findings with a reason, or add a finding of your own.
import { $, api, download, element, knowledge, principleName, spokenSummary } from "./shared.js";
import { commentedAnswer, reviewList } from "./assignments.js";

const coaching = { candidates: [], cohorts: [] };

// A problem (in the error colour) or, with `done`, what just happened.
function status(text, done = false) {
  $("coaching-status").textContent = text;
  $("coaching-status").dataset.done = done;
}

function linkBox(box, path, what) {
  const url = new URL(path, location.href).href;
  const field = element("input", { type: "text", readonly: "", value: url, "aria-label": what });
  box.replaceChildren(`${what} (works once; send it yourself): `, field);
  box.hidden = false;
  field.select();
}

const nameOf = (user) => user?.name || user?.email || "";

export async function loadCoaching() {
  const [candidates, cohorts, queue, assignments] = await Promise.all([
    api("/api/coach/candidates"), api("/api/coach/cohorts"), api("/api/coach/queue"), api("/api/coach/assignments")]);
  Object.assign(coaching, { candidates, cohorts });
  fillPickers();
  $("review-queue").replaceChildren(...(queue.length ? queue.map((entry) => {
    const open = element("button", { type: "button", className: "secondary" }, entry.reviewed ? "Open" : "Review");
    open.addEventListener("click", () => openReview(entry.id).catch((error) => status(error.message)));
    return element("li", { dataset: { attempt: entry.id, reviewed: entry.reviewed } }, element("strong", {}, `${entry.score}`),
      ` · ${nameOf(entry.candidate)} · ${entry.submitted_at.slice(0, 10)}${entry.reviewed ? " · reviewed" : ""}`,
      element("br"), element("span", { className: "muted" }, entry.question || "(no question)"), element("br"), open);
  }) : [element("li", { className: "muted" }, "Nothing to review: answers your candidates send appear here.")]));
  $("candidate-list").replaceChildren(...(candidates.length ? candidates.map((candidate) => {
    const report = element("button", { type: "button", className: "secondary" }, "Progress report");
    report.addEventListener("click", () => showReport(`/api/coach/reports/${candidate.id}`, nameOf(candidate)).catch((error) => status(error.message)));
    return element("li", { dataset: { candidate: candidate.id } }, element("strong", {}, nameOf(candidate)),
      ` · ${candidate.submitted} sent`, element("br"), report);
  }) : [element("li", { className: "muted" }, "No candidates yet: invite one below.")]));
  $("coach-assignments").replaceChildren(...assignments.map((a) => element("li", {},
    element("strong", {}, `Due ${a.due}`), ` · ${a.cohort_id ? cohortName(a.cohort_id) : nameOf(candidates.find((c) => c.id === a.candidate_id))}`,
    element("br"), element("span", { className: "muted" }, a.question))));
  $("cohort-list").replaceChildren(...cohorts.map(cohortCard));
}

const cohortName = (id) => coaching.cohorts.find((c) => c.id === id)?.name ?? `cohort ${id}`;

function fillPickers() {
  const options = (list) => list.map(([value, text]) => element("option", { value }, text));
  $("invite-cohort").replaceChildren(...options([["", "None"], ...coaching.cohorts.map((c) => [c.id, c.name])]));
  $("assign-to").replaceChildren(
    element("optgroup", { label: "Cohorts" }, ...options(coaching.cohorts.map((c) => [`cohort:${c.id}`, c.name]))),
    element("optgroup", { label: "Candidates" }, ...options(coaching.candidates.map((c) => [`candidate:${c.id}`, nameOf(c)]))));
  if ($("assign-principle").options.length === 0)
    $("assign-principle").append(...options(knowledge.principles.map((p) => [p.id, p.name])));
}

async function fillQuestionBank() {
  if ($("assign-question").options.length > 1) return;
  const questions = await api("/api/questions");
  $("assign-question").append(...questions.map((q) => element("option", { value: q.id }, `${principleName(q.principle)}: ${q.text}`)));
}

function cohortCard(cohort) {
  const criteria = cohort.criteria;
  const role = element("select", { "aria-label": `Role for ${cohort.name}` },
    ...[["", "As the candidate chooses"], ["general", "General"], ["sales", "Sales"], ["technical", "Technical"]].map(([value, text]) =>
      element("option", value === (criteria.role ?? "") ? { value, selected: "" } : { value }, text)));
  const seconds = element("input", { type: "number", min: "30", max: "300", step: "5", value: criteria.target_seconds ?? knowledge.settings.speaking.target_seconds,
    "aria-label": `Length target in seconds for ${cohort.name}` });
  const off = new Set(criteria.rules_off ?? []);
  const rules = knowledge.settings.rules.map((rule) => element("label", { className: "inline" },
    element("input", off.has(rule.id) ? { type: "checkbox", value: rule.id } : { type: "checkbox", value: rule.id, checked: "" }), ` ${rule.title}`));
  const save = element("button", { type: "submit", className: "secondary" }, "Save criteria");
  const form = element("form", { className: "criteria" },
    element("label", {}, "Role ", role), element("label", {}, "Length target (seconds) ", seconds),
    element("details", {}, element("summary", {}, "Rules that apply"), element("div", { className: "checks" }, ...rules)), save);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = { target_seconds: Number(seconds.value), rules_off: [...form.querySelectorAll("input[type=checkbox]:not(:checked)")].map((box) => box.value) };
    if (role.value) chosen.role = role.value;
    try {
      await api(`/api/coach/cohorts/${cohort.id}`, { criteria: chosen }, "PUT");
      status(`Saved the criteria of ${cohort.name}: its candidates' answers are now judged by them.`, true);
    } catch (error) {
      status(error.message);
    }
  });
  const outside = coaching.candidates.filter((c) => !cohort.members.includes(c.id));
  const pick = element("select", { "aria-label": `Candidate to add to ${cohort.name}` }, ...outside.map((c) => element("option", { value: c.id }, nameOf(c))));
  const add = element("button", { type: "button", className: "secondary" }, "Add to cohort");
  add.addEventListener("click", async () => {
    try {
      await api("/api/coach/members", { cohort_id: cohort.id, candidate_id: Number(pick.value) });
      await loadCoaching();
    } catch (error) {
      status(error.message);
    }
  });
  const report = element("button", { type: "button", className: "secondary" }, "Progress report");
  report.addEventListener("click", () => showReport(`/api/coach/cohort-reports/${cohort.id}`, cohort.name).catch((error) => status(error.message)));
  const members = cohort.members.map((id) => nameOf(coaching.candidates.find((c) => c.id === id))).filter(Boolean);
  return element("article", { className: "cohort", dataset: { cohort: cohort.id } }, element("h3", {}, cohort.name),
    element("p", { className: "muted small" }, members.length ? members.join(", ") : "No candidates yet."),
    ...(outside.length ? [element("div", { className: "inline-form" }, pick, add)] : []), form, report);
}

// --- Reviewing one answer ---------------------------------------------------------------

async function openReview(id) {
  const attempt = await api(`/api/coach/attempts/${id}`);
  const analysis = await api("/api/check", { text: attempt.answer, question: attempt.question || undefined, principle: attempt.principle || undefined });
  const box = $("review");
  let chosen = null;  // the sentence commented on
  const note = element("textarea", { rows: "2", id: "comment-text", "aria-label": "Your comment on the selected sentence" });
  const send = element("button", { type: "button", id: "comment-send", disabled: "" }, "Comment on the selected sentence");
  const sentences = analysis.sentences.map((s) => {
    const button = element("button", { type: "button", className: "sentence-pick", "aria-pressed": "false", dataset: { part: s.part } }, s.text);
    button.addEventListener("click", () => {
      for (const other of box.querySelectorAll(".sentence-pick")) other.setAttribute("aria-pressed", "false");
      button.setAttribute("aria-pressed", "true");
      chosen = s;
      send.disabled = false;
      note.focus();
    });
    return button;
  });
  send.addEventListener("click", async () => {
    if (!chosen || !note.value.trim()) return;
    try {
      await api("/api/coach/comments", { attempt_id: id, start: chosen.start, end: chosen.end, text: note.value });
      await openReview(id);
      status("Comment saved: your candidate sees it on their answer.", true);
    } catch (error) {
      status(error.message);
    }
  });
  const titles = new Map(knowledge.settings.rules.map((rule) => [rule.id, rule.title]));
  const dismissed = new Set(attempt.reviews.filter((r) => r.kind === "dismissed").map((r) => r.rule));
  const findings = attempt.findings.map((rule) => {
    if (dismissed.has(rule)) return element("li", { dataset: { rule } }, `${titles.get(rule) ?? rule} (set aside)`);
    const reason = element("input", { type: "text", maxlength: "4000", placeholder: "Why it does not apply", "aria-label": `Why “${titles.get(rule) ?? rule}” does not apply` });
    const aside = element("button", { type: "button", className: "secondary" }, "Set aside");
    aside.addEventListener("click", () => review(id, { kind: "dismissed", rule, text: reason.value || "Not for this answer." }));
    return element("li", { dataset: { rule } }, `${titles.get(rule) ?? rule} `, reason, " ", aside);
  });
  const own = element("input", { type: "text", maxlength: "4000", id: "own-finding", "aria-label": "A finding of your own" });
  const addOwn = element("button", { type: "button", className: "secondary" }, "Add finding");
  addOwn.addEventListener("click", () => own.value.trim() && review(id, { kind: "added", text: own.value }));
  box.replaceChildren(
    element("h2", { className: "card-title" }, `${nameOf(attempt.candidate)} · ${attempt.question || "(no question)"} · score ${attempt.score}`),
    ...(attempt.delivery ? [element("p", { className: "small" }, `Spoken: ${spokenSummary(attempt.delivery)}`)] : []),
    ...(attempt.has_recording ? [element("audio", { controls: "", preload: "none", src: `/api/coach/recordings/${id}`, "aria-label": "The candidate's recording" })] : []),
    element("p", { className: "muted small" }, "Select a sentence to comment on it."),
    element("div", { className: "sentences" }, ...sentences), note, send,
    element("h3", {}, "Comments so far"), ...commentedAnswer(attempt.answer, attempt.comments),
    element("h3", {}, "The analyser's findings"), element("ul", { className: "notes" }, ...findings),
    element("div", { className: "inline-form" }, own, addOwn), reviewList(attempt.reviews, "You"));
  box.hidden = false;
  box.scrollIntoView({ block: "start" });
}

async function review(id, body) {
  try {
    await api("/api/coach/reviews", { attempt_id: id, ...body });
    await openReview(id);
    status("Saved: your candidate sees it on their answer.", true);
  } catch (error) {
    status(error.message);
  }
}

// --- Progress reports -------------------------------------------------------------------

async function showReport(path, name) {
  const report = await api(path);
  const box = $("report");
  const markdown = element("button", { type: "button", className: "secondary" }, "Download Markdown");
  markdown.addEventListener("click", async () => download(`starcoach-report-${name}.md`, (await api(`${path}?format=markdown`)).markdown, "text/markdown"));
  const html = element("button", { type: "button", className: "secondary" }, "Download HTML");
  html.addEventListener("click", async () => download(`starcoach-report-${name}.html`, (await api(`${path}?format=html`)).html, "text/html"));
  box.replaceChildren(element("h2", { className: "card-title" }, report.title), element("p", { className: "muted small" },
    `As of ${report.date}. Only what the candidates sent or shared is counted.`),
    ...report.candidates.map((c) => element("article", { className: "report-candidate" },
      element("h3", {}, nameOf(c.candidate)),
      element("p", {}, `${c.submitted} answers sent${c.submitted ? ` (average ${c.average})` : ""} · assignments: ${c.assignments_summary.done} done, ` +
        `${c.assignments_summary.late} late, ${c.assignments_summary.overdue} overdue, ${c.assignments_summary.open} open · ` +
        `${c.shared_stories} shared stories covering ${c.covered.length} principles`),
      ...(c.principles.length ? [element("table", { className: "coverage" },
        element("thead", {}, element("tr", {}, element("th", { scope: "col" }, "Principle"), element("th", { scope: "col" }, "Scores, oldest first"))),
        element("tbody", {}, ...c.principles.map((p) => element("tr", {}, element("td", {}, p.name),
          element("td", {}, p.scores.map((s) => s.score).join(" → "))))))] : []),
      ...(c.recurring.length ? [element("p", {}, "Comes back most: " + c.recurring.slice(0, 3).map((r) => `${r.title} (${r.count}×)`).join(", "))] : []))),
    element("div", { className: "save-row" }, markdown, html));
  box.hidden = false;
  box.scrollIntoView({ block: "start" });
}

export function startCoaching() {
  $("invite-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const cohort = $("invite-cohort").value;
      const link = await api("/api/coach/invitations", cohort ? { cohort_id: Number(cohort) } : {});
      linkBox($("invite-link"), link.path, "Invitation link");
    } catch (error) {
      status(error.message);
    }
  });
  $("cohort-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("/api/coach/cohorts", { name: $("cohort-name").value });
      $("cohort-name").value = "";
      await loadCoaching();
    } catch (error) {
      status(error.message);
    }
  });
  $("assign-question").addEventListener("focus", () => fillQuestionBank().catch((error) => status(error.message)));
  $("assignment-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const [kind, id] = $("assign-to").value.split(":");
    const body = { [`${kind}_id`]: Number(id), due: $("assign-due").value };
    if ($("assign-question").value) body.question_id = $("assign-question").value;
    else Object.assign(body, { question: $("assign-own").value, principle: $("assign-principle").value });
    try {
      await api("/api/coach/assignments", body);
      status("Assigned: it is on the candidates' “My coach” page.", true);
      await loadCoaching();
    } catch (error) {
      status(error.message);
    }
  });
}
