// starcoach's page. Plain JavaScript, no framework. User text is only ever inserted as
// text (textContent, createTextNode), never as HTML.
"use strict";

const PARTS = ["situation", "task", "action", "result"];
const LETTER = { situation: "S", task: "T", action: "A", result: "R", other: "O" };
const TITLE = { situation: "Situation", task: "Task", action: "Action", result: "Result", other: "Other" };
const CHECK_DELAY_MS = 350;
const SAVE_HINT = "Saved for your history when you move on to a new question.";

const state = {
  settings: null,       // from /api/settings: the target length, paces, score areas, the opening principle
  principles: [],
  question: null,       // {id, text, principle, also}
  analysis: null,
  delivery: null,       // how a spoken answer was said, from /api/transcribe
  recorder: null,       // the Practice page's microphone control
  focusedFinding: -1,
  requestNumber: 0,     // only the newest check's answer is shown
};

// --- small helpers ---------------------------------------------------------------

function $(id) { return document.getElementById(id); }

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

async function api(path, body, method = body === undefined ? "GET" : "POST") {
  const options = { method };
  if (body !== undefined) Object.assign(options, { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const response = await fetch(path, options);
  const data = await response.json();
  if (!response.ok) throw new Error(data.error ? data.error.message : `request failed (${response.status})`);
  return data;
}

// The analyser reports UTF-8 byte offsets; JavaScript strings count UTF-16 units.
function byteToIndexMap(text) {
  const map = new Map([[0, 0]]);
  let bytes = 0;
  let index = 0;
  for (const character of text) {
    const code = character.codePointAt(0);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    index += character.length;
    map.set(bytes, index);
  }
  return (offset) => (map.has(offset) ? map.get(offset) : text.length);
}

// --- tabs --------------------------------------------------------------------------

function showTab() {
  // Leaving a page stops its microphone.
  state.recorder?.cancel();
  mock.recorder?.cancel();
  const name = (location.hash || "#practice").slice(1);
  const known = ["practice", "mock", "stories", "history", "principles", "classify"].includes(name) ? name : "practice";
  for (const section of document.querySelectorAll(".tab")) section.hidden = section.id !== known;
  for (const link of document.querySelectorAll("nav a")) {
    if (link.dataset.tab === known) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (state.principles.length && known === "stories") loadStories().catch(showError);
  if (state.principles.length && known === "history") loadHistory().catch(showError);
  if (state.principles.length && known === "mock") showMockSetup();
}

function showError(error) { $("status").textContent = error.message; }

// --- principles --------------------------------------------------------------------

// The one minute an answer should take (data/analyser/speaking.json).
function targetSeconds() { return state.settings.speaking.target_seconds; }

async function loadPrinciples() {
  [state.settings, state.principles] = await Promise.all([api("/api/settings"), api("/api/principles")]);
  const opening = state.principles.find((p) => p.id === state.settings.opening_principle);
  $("mock-skip-first-name").textContent = opening ? opening.name : state.settings.opening_principle;
  for (const select of [$("principle-select"), $("history-principle")])
    for (const principle of state.principles) select.append(element("option", { value: principle.id }, principle.name));
  renderPrincipleCards(await api("/api/questions"));
}

function renderPrincipleCards(questions) {
  const cards = $("principle-cards");
  cards.replaceChildren();
  state.principles.forEach((principle, index) => {
    const samples = questions.filter((q) => q.principle === principle.id).slice(0, 3);
    const practise = element("button", { type: "button", className: "secondary" }, "Practise this principle");
    practise.addEventListener("click", () => {
      $("principle-select").value = principle.id;
      location.hash = "#practice";
      newQuestion();
    });
    cards.append(element("article", { className: `card principle-card${index === 0 ? " first" : ""}`, "data-principle": principle.id },
      element("h2", {}, element("span", { className: "number" }, `${index + 1}.`), principle.name),
      element("p", {}, principle.summary),
      element("h3", {}, "A strong story shows that you"),
      element("ul", {}, ...principle.behaviours.map((b) => element("li", {}, b))),
      element("h3", {}, `Questions that probe it (${principle.question_count})`),
      element("ul", {}, ...samples.map((q) => element("li", {}, q.text))),
      practise));
  });
}

// --- practice ----------------------------------------------------------------------

async function newQuestion() {
  await autosave();
  const principle = $("principle-select").value;
  const query = principle ? `?principle=${encodeURIComponent(principle)}&random=1` : "?random=1";
  try {
    const [question] = await api(`/api/questions${query}`);
    const movingOn = state.question !== null;  // the first question must not wipe what is already typed
    state.question = question;
    const name = state.principles.find((p) => p.id === question.principle)?.name ?? "";
    $("question-principle").textContent = principle ? `Question · ${name}` : "Question";
    $("question-text").textContent = question.text;
    $("story-matches").replaceChildren();
    if (movingOn) {
      $("answer").value = "";
      $("save-status").textContent = SAVE_HINT;
      state.recorder?.cancel();
      state.delivery = null;
      renderDelivery();
      resetTimer();
    }
    scheduleCheck();
  } catch (error) {
    $("status").textContent = error.message;
  }
}

let checkTimer = 0;
function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runCheck, CHECK_DELAY_MS);
}

async function runCheck() {
  const text = $("answer").value;
  const number = ++state.requestNumber;
  if (!text.trim()) {
    state.analysis = null;
    renderAnalysis();
    return;
  }
  const body = { text, role: $("role-select").value };
  if (state.delivery) body.wpm = spokenPace(state.delivery);
  if (state.question) {
    body.question = state.question.text;
    body.principle = state.question.principle;
  }
  try {
    const analysis = await api("/api/check", body);
    if (number !== state.requestNumber) return;  // a newer check is on its way
    state.analysis = { ...analysis, text };
    state.focusedFinding = -1;
    $("status").textContent = "";
    renderAnalysis();
  } catch (error) {
    if (number === state.requestNumber) $("status").textContent = error.message;
  }
}

// "52 s at 138 words a minute, 1 filler, no long pauses" (an attempt's or a scorecard's delivery).
function spokenSummary(delivery) {
  const counted = (n, noun) => `${Math.round(n)} ${noun}${Math.round(n) === 1 ? "" : "s"}`;
  const pauses = delivery.long_pauses?.length ?? delivery.long_pause_count ?? 0;
  return `${Math.round(delivery.speaking_seconds)} s at ${Math.round(delivery.words_per_minute)} words a minute, ` +
    `${counted(delivery.fillers, "filler")}, ${pauses ? counted(pauses, "long pause") : "no long pauses"}`;
}

// A spoken answer is timed at the pace it was actually said.
function spokenPace(delivery) {
  const { lowest, highest } = state.settings.speaking.words_per_minute;
  return Math.min(highest, Math.max(lowest, delivery.words_per_minute));
}

function renderDelivery() {
  const delivery = state.delivery;
  $("delivery-card").hidden = !delivery;
  if (!delivery) return;
  const rows = [
    ["Spoken for", `${Math.round(delivery.speaking_seconds)} seconds`, delivery.timing],
    ["Pace", `${Math.round(delivery.words_per_minute)} words a minute`, delivery.pace],
    ["Fillers", `${delivery.fillers} (${delivery.fillers_per_minute.toFixed(1)} a minute)`, delivery.filler_level],
    ["Long pauses", String(delivery.long_pauses.length), delivery.long_pauses.length ? "some" : "good"],
  ];
  $("delivery").replaceChildren(...rows.flatMap(([name, value, verdict]) =>
    [element("dt", {}, name), element("dd", { dataset: { verdict } }, value)]));
  $("delivery-notes").replaceChildren(...delivery.notes.map((note) => element("li", {}, note)));
}

function renderAnalysis() {
  renderMarked();
  renderScores();
  renderTime();
  renderStory();
  renderFindings();
  renderRestructured();
}

function renderMarked() {
  const marked = $("marked");
  const analysis = state.analysis;
  if (!analysis) {
    marked.replaceChildren(element("p", { className: "muted" }, "Start typing: each sentence will be marked with its STAR part."));
    return;
  }
  const text = analysis.text;
  const index = byteToIndexMap(text);
  const finding = analysis.findings[state.focusedFinding];
  const focus = finding ? [index(finding.start), index(finding.end)] : null;

  // Sentences as tinted spans; the focused finding's range inside them as <mark>; a
  // sentence that shows a behaviour of the principle is underlined and says which.
  const shown = analysis.principle?.shown ?? [];
  const nodes = [];
  for (const sentence of analysis.sentences) {
    const start = index(sentence.start);
    const end = index(sentence.end);
    const shows = shown.filter((b) => b.start >= sentence.start && b.end <= sentence.end).map((b) => b.behaviour);
    const span = element("span", { className: "sentence", dataset: { part: sentence.part } },
      element("span", { className: "badge", "aria-hidden": "true" }, LETTER[sentence.part]));
    span.setAttribute("title", TITLE[sentence.part] + (shows.length ? `. Shows: ${shows.join("; ")}` : ""));
    if (shows.length) span.dataset.shows = shows.join("; ");
    appendWithFocus(span, text, start, end, focus);
    if (focus && focus[0] === focus[1] && focus[0] === start) nodes.push(element("span", { className: "caret", "aria-label": "here" }));
    nodes.push(span, document.createTextNode(" "));
  }
  if (focus && focus[0] === focus[1] && !analysis.sentences.some((s) => index(s.start) === focus[0])) {
    nodes.push(element("span", { className: "caret", "aria-label": "here" }));
  }
  marked.replaceChildren(...nodes);
}

function appendWithFocus(parent, text, start, end, focus) {
  if (!focus || focus[0] === focus[1] || focus[1] <= start || focus[0] >= end) {
    parent.append(document.createTextNode(text.slice(start, end)));
    return;
  }
  const from = Math.max(start, focus[0]);
  const to = Math.min(end, focus[1]);
  parent.append(document.createTextNode(text.slice(start, from)), element("mark", {}, text.slice(from, to)),
    document.createTextNode(text.slice(to, end)));
}

function renderScores() {
  const score = state.analysis?.score;
  $("score-overall").textContent = score ? score.overall : "–";
  const list = $("sub-scores");
  list.replaceChildren();
  if (!score) return;
  state.settings.score_areas.forEach((name) => {
    const value = score[name];
    const meter = element("div", { className: "meter", role: "img", "aria-label": `${name}: ${value ?? "not scored"}` },
      element("div"));
    meter.firstChild.style.width = `${value ?? 0}%`;
    list.append(element("dt", {}, name[0].toUpperCase() + name.slice(1)), element("dd", {}, meter),
      element("dd", { className: "sub-score-value" }, value ?? "–"));
    const reason = score.reasons?.[name];
    if (reason) list.append(element("dd", { className: "explanation" }, reason));
  });
}

function renderTime() {
  const analysis = state.analysis;
  const seconds = analysis ? analysis.answer.spoken_seconds : 0;
  const fill = $("time-fill");
  fill.style.width = `${Math.min(100, (seconds / (1.5 * targetSeconds())) * 100)}%`;  // the black line is at two thirds
  fill.classList.toggle("over", seconds > targetSeconds());
  const words = analysis ? analysis.answer.words : 0;
  $("time-text").textContent = `${words} ${words === 1 ? "word" : "words"}, about ${Math.round(seconds)} seconds to say. ` +
    (seconds > targetSeconds() ? "That is over one minute: cut the detail." : "Aim for about one minute (the black line).");

  const bars = $("part-bars");
  bars.replaceChildren();
  const total = analysis ? PARTS.reduce((sum, part) => sum + analysis.parts[part].words, 0) : 0;
  for (const part of PARTS) {
    const share = total ? Math.round((analysis.parts[part].words / total) * 100) : 0;
    const meter = element("div", { className: "meter", role: "img", "aria-label": `${TITLE[part]}: ${share}%` },
      element("div", { dataset: { part } }));
    meter.firstChild.style.width = `${share}%`;
    bars.append(element("span", {}, TITLE[part]), meter, element("span", { className: "sub-score-value" }, `${share}%`));
  }
}

function renderStory() {
  const analysis = state.analysis;
  $("story-verdict").textContent = analysis
    ? `${analysis.is_story ? "Yes, a specific story." : "Not a specific story yet."} ${analysis.story_reason}`
    : "No answer yet.";
}

function renderFindings() {
  const list = $("findings");
  list.replaceChildren();
  const findings = state.analysis?.findings ?? [];
  if (state.analysis && findings.length === 0) {
    list.append(element("li", { className: "muted" }, "Nothing to improve: well done."));
  }
  findings.forEach((finding, i) => {
    const button = element("button", {
      type: "button", className: "finding", "aria-pressed": String(i === state.focusedFinding),
      dataset: { severity: finding.severity, rule: finding.rule },
    },
    element("span", { className: "severity" }, finding.severity),
    element("span", { className: "finding-message" }, finding.message),
    element("span", { className: "finding-hint" }, `Fix: ${finding.hint}`));
    button.addEventListener("click", () => focusFinding(i));
    list.append(element("li", {}, button));
  });
}

// Shows where a finding is: marked in the coloured view, and selected in the editor.
function focusFinding(i) {
  state.focusedFinding = state.focusedFinding === i ? -1 : i;
  renderMarked();
  renderFindings();
  const finding = state.analysis.findings[state.focusedFinding];
  if (finding) {
    const index = byteToIndexMap(state.analysis.text);
    const answer = $("answer");
    answer.setSelectionRange(index(finding.start), index(finding.end));
    $("marked").querySelector("mark, .caret")?.scrollIntoView({ block: "nearest" });
  }
  document.querySelector(`.finding[aria-pressed="true"]`)?.focus();
}

function renderRestructured() {
  const panel = $("restructured");
  panel.hidden = !$("show-restructured").checked;
  panel.replaceChildren();
  const r = state.analysis?.restructured;
  if (!r) {
    panel.append(element("p", { className: "muted" }, "Write an answer first."));
    return;
  }
  for (const part of PARTS) {
    panel.append(element("h3", { dataset: { part } }, element("span", { className: "badge" }, LETTER[part]), TITLE[part]));
    if (r[part].length === 0) panel.append(element("p", { className: "missing" }, "Missing: add this part."));
    for (const sentence of r[part]) panel.append(element("p", {}, sentence));
  }
  if (r.cut.length) {
    panel.append(element("h3", {}, "Left out (general or filler)"));
    for (const sentence of r.cut) panel.append(element("p", { className: "cut" }, sentence));
  }
  if (r.trim_candidates.length) {
    panel.append(element("h3", {}, "To get under a minute, consider cutting"));
    for (const sentence of r.trim_candidates) panel.append(element("p", {}, sentence));
  }
}

// Every attempt is kept: saved with its score when the candidate presses "Save this
// attempt", moves on to another question, or leaves the page. An answer is saved once.
let savedText = "";

function attemptBody() {
  const body = { text: $("answer").value, role: $("role-select").value, seconds_spent: Math.round(timerSeconds()) };
  if (state.delivery) Object.assign(body, { delivery: state.delivery, wpm: spokenPace(state.delivery) });
  if (state.question) Object.assign(body, { question: state.question.text, question_id: state.question.id, principle: state.question.principle });
  return body;
}

async function saveAttempt() {
  const status = $("save-status");
  const body = attemptBody();
  if (!body.text.trim()) {
    status.textContent = "Write an answer first.";
    return;
  }
  try {
    const saved = await api("/api/attempts", body);
    savedText = body.text;
    status.textContent = `Saved on this computer as attempt ${saved.id}, score ${saved.score}.`;
  } catch (error) {
    status.textContent = error.message;
  }
}

async function autosave() {
  const text = $("answer").value;
  if (text.trim() && text !== savedText) await saveAttempt();
}

function saveOnLeaving() {
  const body = attemptBody();
  if (!body.text.trim() || body.text === savedText) return;
  savedText = body.text;
  navigator.sendBeacon("/api/attempts", new Blob([JSON.stringify(body)], { type: "application/json" }));
}

// --- stories and coverage --------------------------------------------------------

const principleName = (id) => state.principles.find((p) => p.id === id)?.name ?? id;

async function loadStories() {
  const [stories, coverage] = await Promise.all([api("/api/stories"), api(`/api/coverage?target=${$("coverage-target").value}`)]);
  renderCoverage(coverage);
  const list = $("story-list");
  list.replaceChildren();
  if (stories.length === 0) list.append(element("p", { className: "muted" }, "No stories yet: add your first one above."));
  for (const story of stories) {
    const edit = element("button", { type: "button", className: "secondary" }, "Edit");
    edit.addEventListener("click", () => editStory(story));
    const remove = element("button", { type: "button", className: "secondary" }, "Delete");
    remove.addEventListener("click", async () => {
      if (!confirm(`Delete the story "${story.title}"?`)) return;
      await api(`/api/stories/${story.id}`, undefined, "DELETE");
      loadStories();
    });
    list.append(element("article", { className: "card story-card", dataset: { story: story.id } },
      element("h3", {}, story.title),
      element("p", { className: "muted small" }, story.role ? `From: ${story.role}` : ""),
      element("p", {}, story.summary),
      element("ul", { className: "chips", "aria-label": "Principles it shows" },
        ...story.principles.map((p) => element("li", {}, `${principleName(p.id)} · ${p.strength}`))),
      element("div", { className: "save-row" }, edit, remove)));
  }
}

function renderCoverage(coverage) {
  const table = $("coverage-table");
  const head = element("tr", {}, element("th", { scope: "col" }, "Principle"),
    ...coverage.stories.map((s) => element("th", { scope: "col", title: s.title }, `#${s.id}`)),
    element("th", { scope: "col" }, "Status"));
  const rows = coverage.principles.map((row) => {
    const status = row.stories === 0 ? (row.id === state.settings.opening_principle ? "No story: prepare one first" : "No story")
      : row.met ? "Covered" : `Only ${row.stories}`;
    const statusClass = row.stories === 0 ? "status-none" : row.met ? "status-met" : "status-few";
    return element("tr", { dataset: { principle: row.id } }, element("td", {}, row.name),
      ...row.strengths.map((n) => element("td", { dataset: { strength: String(Math.min(n, 3)) } }, n || "·")),
      element("td", { className: statusClass }, status));
  });
  table.replaceChildren(element("thead", {}, head), element("tbody", {}, ...rows));
  $("coverage-summary").textContent = `${coverage.principles.filter((r) => r.met).length} of 16 principles have ` +
    `${coverage.target} or more stories. Numbers: how many behaviours of the principle each story shows.`;
}

function storyFields() {
  return ["situation", "task", "action", "result"].map((part) => $(`story-${part}`));
}

function editStory(story) {
  $("story-id").value = story.id;
  $("story-title").value = story.title;
  $("story-role").value = story.role;
  for (const field of storyFields()) field.value = story[field.id.slice(6)];
  $("story-free").hidden = true;
  $("story-parts").hidden = false;
  $("story-cancel").hidden = false;
  $("story-form-title").textContent = `Edit story #${story.id}`;
  $("story-form").scrollIntoView({ block: "start" });
  checkStoryDraft();
}

function resetStoryForm() {
  $("story-form").reset();
  $("story-id").value = "";
  $("story-free").hidden = false;
  $("story-parts").hidden = true;
  $("story-cancel").hidden = true;
  $("story-form-title").textContent = "Add a story";
  $("story-findings").replaceChildren();
}

// The analyser's findings on the story as it is being written.
let storyTimer = 0;
function checkStoryDraft() {
  clearTimeout(storyTimer);
  storyTimer = setTimeout(async () => {
    const editing = $("story-id").value !== "";
    const text = editing ? storyFields().map((f) => f.value.trim()).filter(Boolean).join(" ") : $("story-text").value;
    const list = $("story-findings");
    if (!text.trim()) { list.replaceChildren(); return; }
    try {
      const analysis = await api("/api/check", { text });
      list.replaceChildren(...analysis.findings.map((f) => element("li", {},
        element("div", { className: "finding", dataset: { severity: f.severity, rule: f.rule } },
          element("span", { className: "severity" }, f.severity), element("span", { className: "finding-message" }, f.message)))));
    } catch {
      list.replaceChildren();
    }
  }, CHECK_DELAY_MS);
}

async function saveStory(event) {
  event.preventDefault();
  const id = $("story-id").value;
  const status = $("story-status");
  try {
    if (id) {
      const body = { title: $("story-title").value, role: $("story-role").value };
      for (const field of storyFields()) body[field.id.slice(6)] = field.value;
      await api(`/api/stories/${id}`, body, "PUT");
      status.textContent = "Saved.";
    } else {
      await api("/api/stories", { text: $("story-text").value, title: $("story-title").value, role: $("story-role").value });
      status.textContent = "Saved. Check how it was split into STAR with Edit.";
    }
    resetStoryForm();
    loadStories();
  } catch (error) {
    status.textContent = error.message;
  }
}

async function matchStories() {
  const list = $("story-matches");
  if (!state.question) return;
  try {
    const result = await api("/api/stories/match", { question: state.question.text });
    if (result.matches.length === 0) {
      list.replaceChildren(element("li", { className: "muted" }, "No stories yet: add them on the Stories page."));
      return;
    }
    list.replaceChildren(...result.matches.slice(0, 3).map((m) => element("li", { dataset: { story: m.id } },
      element("strong", {}, `${m.title} (${Math.round(m.score * 100)}%)`), " ", element("span", { className: "muted" }, m.reason))));
  } catch (error) {
    list.replaceChildren(element("li", { className: "status" }, error.message));
  }
}

// --- history -----------------------------------------------------------------------

const LINES = [
  ["overall", "#1c2430", 3], ["structure", "#0072b2", 1.5], ["specificity", "#e69f00", 1.5], ["length", "#009e73", 1.5],
  ["ownership", "#cc79a7", 1.5], ["result", "#56b4e9", 1.5], ["principle", "#d55e00", 1.5],
];

async function loadHistory() {
  const principle = $("history-principle").value;
  const history = await api(`/api/history${principle ? `?principle=${encodeURIComponent(principle)}` : ""}`);
  renderChart([...history.attempts].reverse());
  $("recurring").replaceChildren(...(history.recurring.length ? history.recurring.slice(0, 6).map((r) =>
    element("li", { dataset: { rule: r.rule } }, `${r.title} (${r.count}×)`)) : [element("li", { className: "muted" }, "Nothing yet.")]));
  $("attempts").replaceChildren(...(history.attempts.length ? history.attempts.slice(0, 30).map((a) =>
    element("li", {}, element("strong", {}, `${a.score}`), ` · ${a.created_at.slice(0, 10)} · ${principleName(a.principle) || "no principle"}`,
      element("br"), element("span", { className: "muted" }, a.question || "(no question)"),
      ...(a.delivery ? [element("br"), element("span", { className: "small", dataset: { spoken: "" } }, `Spoken: ${spokenSummary(a.delivery)}`)] : [])))
    : [element("li", { className: "muted" }, "No attempts yet: practise, then press “Save this attempt”.")]));
  $("mock-history").replaceChildren(...(history.mock_interviews.length ? history.mock_interviews.map((m) => {
    const show = element("button", { type: "button", className: "secondary" }, "Show");
    show.addEventListener("click", async () => {
      try {
        const saved = await api(`/api/mock/${m.id}`);
        location.hash = "#mock";
        showSavedScorecard(saved);
      } catch (error) {
        showError(error);
      }
    });
    const download = element("button", { type: "button", className: "secondary" }, "Download");
    download.addEventListener("click", () => downloadScorecard(m.id).catch(showError));
    return element("li", { dataset: { mock: m.id } }, element("strong", {}, `${m.score}`),
      ` · ${m.created_at.slice(0, 10)} · ${m.questions} ${m.questions === 1 ? "question" : "questions"} `, show, " ", download);
  }) : [element("li", { className: "muted" }, "No mock interviews yet.")]));
}

// Saves a scorecard as a Markdown file on this computer.
async function downloadScorecard(id) {
  const { markdown } = await api(`/api/mock/${id}?format=markdown`);
  const link = element("a", { href: URL.createObjectURL(new Blob([markdown], { type: "text/markdown" })), download: `starcoach-mock-${id}.md` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function svg(tag, attributes = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

// A line per score over the attempts, oldest on the left; drawn by the page, no library.
function renderChart(attempts) {
  const box = $("history-chart");
  const width = 640, height = 240, left = 34, right = 10, top = 10, bottom = 24;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `Scores of ${attempts.length} attempts over time` });
  for (const y of [0, 25, 50, 75, 100]) {
    const py = top + (height - top - bottom) * (1 - y / 100);
    chart.append(svg("line", { x1: left, x2: width - right, y1: py, y2: py, class: "axis" }));
    const label = svg("text", { x: 4, y: py + 4 });
    label.textContent = String(y);
    chart.append(label);
  }
  const x = (i) => left + (attempts.length <= 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (attempts.length - 1));
  const y = (v) => top + (height - top - bottom) * (1 - v / 100);
  for (const [name, colour, thickness] of LINES) {
    const points = attempts.map((a, i) => [i, name === "overall" ? a.score : a.scores?.[name]]).filter(([, v]) => typeof v === "number");
    if (points.length === 0) continue;
    chart.append(svg("polyline", { points: points.map(([i, v]) => `${x(i)},${y(v)}`).join(" "), fill: "none", stroke: colour,
      "stroke-width": thickness, "data-line": name }));
    for (const [i, v] of points) chart.append(svg("circle", { cx: x(i), cy: y(v), r: name === "overall" ? 3.5 : 2, fill: colour }));
  }
  box.replaceChildren(attempts.length ? chart : element("p", { className: "muted" }, "Your scores will appear here once you save attempts."));
  $("chart-legend").replaceChildren(...LINES.map(([name, colour]) => {
    const swatch = element("span", { className: "line-swatch" });
    swatch.style.background = colour;
    return element("li", {}, swatch, name[0].toUpperCase() + name.slice(1));
  }));
}

// --- the one-minute timer ----------------------------------------------------------

const timer = { running: false, elapsed: 0, startedAt: 0, tick: 0, signalled: false };

function timerSeconds() {
  return timer.elapsed + (timer.running ? (performance.now() - timer.startedAt) / 1000 : 0);
}

function renderTimer() {
  const seconds = timerSeconds();
  const left = targetSeconds() - seconds;
  const whole = Math.ceil(Math.abs(left) - 1e-9);
  const text = `${left < 0 ? "+" : ""}${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
  $("timer-display").textContent = text;
  $("timer-fill").style.width = `${Math.min(100, (seconds / targetSeconds()) * 100)}%`;
  const done = seconds >= targetSeconds();
  document.querySelector(".timer").classList.toggle("done", done);
  if (done && !timer.signalled) {
    timer.signalled = true;
    $("timer-status").textContent = "Time! One minute is up: finish with your result.";
    beep();
  }
}

function beep() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    volume.gain.value = 0.08;
    tone.frequency.value = 880;
    tone.connect(volume).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.25);
  } catch {
    // No sound available: the visual signal is enough.
  }
}

function toggleTimer() {
  if (timer.running) {
    timer.elapsed = timerSeconds();
    timer.running = false;
    clearInterval(timer.tick);
  } else {
    timer.startedAt = performance.now();
    timer.running = true;
    timer.tick = setInterval(renderTimer, 200);
  }
  $("timer-start").textContent = timer.running ? "Pause" : timer.elapsed > 0 ? "Resume" : "Start";
  renderTimer();
}

function resetTimer() {
  clearInterval(timer.tick);
  Object.assign(timer, { running: false, elapsed: 0, signalled: false });
  $("timer-start").textContent = "Start";
  $("timer-status").textContent = "";
  renderTimer();
}

// --- classify ----------------------------------------------------------------------

async function classify(event) {
  event.preventDefault();
  const results = $("classify-results");
  const question = $("classify-question").value;
  try {
    const data = await api("/api/classify", { question });
    const likely = data.principles.filter((p, i) => i < 3 || p.score >= 0.03).slice(0, 5);
    results.replaceChildren(...likely.map((p) => {
      const percent = Math.round(p.score * 100);
      const meter = element("div", { className: "meter", role: "img", "aria-label": `${percent}%` }, element("div"));
      meter.firstChild.style.width = `${percent}%`;
      return element("li", { dataset: { principle: p.id } }, element("span", {}, p.name), element("span", {}, `${percent}%`), meter);
    }));
  } catch (error) {
    results.replaceChildren(element("li", { className: "status" }, error.message));
  }
}

// --- start -------------------------------------------------------------------------

function start() {
  window.addEventListener("hashchange", showTab);
  showTab();
  $("answer").addEventListener("input", () => {
    if (!$("answer").value.trim() && state.delivery) {  // the spoken answer is gone, and how it was said with it
      state.delivery = null;
      renderDelivery();
    }
    scheduleCheck();
  });
  $("role-select").addEventListener("change", scheduleCheck);
  $("principle-select").addEventListener("change", newQuestion);
  $("new-question").addEventListener("click", newQuestion);
  $("show-restructured").addEventListener("change", renderRestructured);
  $("save-attempt").addEventListener("click", saveAttempt);
  window.addEventListener("pagehide", saveOnLeaving);
  $("timer-start").addEventListener("click", toggleTimer);
  $("timer-reset").addEventListener("click", resetTimer);
  $("classify-form").addEventListener("submit", classify);
  $("story-form").addEventListener("submit", saveStory);
  $("story-cancel").addEventListener("click", resetStoryForm);
  $("story-text").addEventListener("input", checkStoryDraft);
  for (const field of storyFields()) field.addEventListener("input", checkStoryDraft);
  $("coverage-target").addEventListener("change", () => loadStories().catch(showError));
  $("history-principle").addEventListener("change", () => loadHistory().catch(showError));
  $("match-stories").addEventListener("click", matchStories);
  state.recorder = attachRecorder({
    button: $("record"), time: $("record-time"), level: $("record-level"), status: $("record-status"),
    onText: (transcript) => {
      const typed = $("answer").value;
      if (typed.trim() && typed !== transcript.text && !confirm("Replace the answer in the box with what you said?")) return;
      $("answer").value = transcript.text;
      state.delivery = transcript.delivery;
      renderDelivery();
      scheduleCheck();
    },
  });
  startMock();
  // Everything drawn needs the settings (the target length, the score areas) first.
  loadPrinciples().then(() => { renderAnalysis(); showTab(); return newQuestion(); }).catch(showError);
}

document.addEventListener("DOMContentLoaded", start);
