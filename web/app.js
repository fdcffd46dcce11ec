// starcoach's page. Plain JavaScript, no framework. User text is only ever inserted as
// text (textContent, createTextNode), never as HTML.
"use strict";

const PARTS = ["situation", "task", "action", "result"];
const LETTER = { situation: "S", task: "T", action: "A", result: "R", other: "O" };
const TITLE = { situation: "Situation", task: "Task", action: "Action", result: "Result", other: "Other" };
const SUB_SCORES = ["structure", "specificity", "length", "ownership", "result", "principle"];
const CHECK_DELAY_MS = 350;
const MINUTE = 60;

const state = {
  principles: [],
  question: null,       // {id, text, principle, also}
  analysis: null,
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

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
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
  const name = (location.hash || "#practice").slice(1);
  const known = ["practice", "principles", "classify"].includes(name) ? name : "practice";
  for (const section of document.querySelectorAll(".tab")) section.hidden = section.id !== known;
  for (const link of document.querySelectorAll("nav a")) {
    if (link.dataset.tab === known) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

// --- principles --------------------------------------------------------------------

async function loadPrinciples() {
  state.principles = await api("/api/principles");
  const select = $("principle-select");
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
  const principle = $("principle-select").value;
  const query = principle ? `?principle=${encodeURIComponent(principle)}&random=1` : "?random=1";
  try {
    const [question] = await api(`/api/questions${query}`);
    state.question = question;
    const name = state.principles.find((p) => p.id === question.principle)?.name ?? "";
    $("question-principle").textContent = principle ? `Question · ${name}` : "Question";
    $("question-text").textContent = question.text;
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

  // Sentences as tinted spans; the focused finding's range inside them as <mark>.
  const nodes = [];
  for (const sentence of analysis.sentences) {
    const start = index(sentence.start);
    const end = index(sentence.end);
    const span = element("span", { className: "sentence", dataset: { part: sentence.part } },
      element("span", { className: "badge", "aria-hidden": "true" }, LETTER[sentence.part]));
    span.setAttribute("title", TITLE[sentence.part]);
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
  SUB_SCORES.forEach((name, i) => {
    const value = score[name];
    const meter = element("div", { className: "meter", role: "img", "aria-label": `${name}: ${value ?? "not scored"}` },
      element("div"));
    meter.firstChild.style.width = `${value ?? 0}%`;
    list.append(element("dt", {}, name[0].toUpperCase() + name.slice(1)), element("dd", {}, meter),
      element("dd", { className: "sub-score-value" }, value ?? "–"));
    const explanation = score.explanations?.[i];
    if (explanation) list.append(element("dd", { className: "explanation" }, explanation.replace(/^[a-z]+ \d+: /, "")));
  });
}

function renderTime() {
  const analysis = state.analysis;
  const seconds = analysis ? analysis.answer.spoken_seconds : 0;
  const fill = $("time-fill");
  fill.style.width = `${Math.min(100, (seconds / 90) * 100)}%`;
  fill.classList.toggle("over", seconds > MINUTE);
  const words = analysis ? analysis.answer.words : 0;
  $("time-text").textContent = `${words} ${words === 1 ? "word" : "words"}, about ${Math.round(seconds)} seconds to say. ` +
    (seconds > MINUTE ? "That is over one minute: cut the detail." : "Aim for about one minute (the black line).");

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
  $("story-text").textContent = analysis
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

// Saves the answer as it stands, with its score, in the local database.
async function saveAttempt() {
  const text = $("answer").value;
  const status = $("save-status");
  if (!text.trim()) {
    status.textContent = "Write an answer first.";
    return;
  }
  const body = { text, role: $("role-select").value };
  if (state.question) Object.assign(body, { question: state.question.text, question_id: state.question.id, principle: state.question.principle });
  try {
    const saved = await api("/api/attempts", body);
    status.textContent = `Saved on this computer as attempt ${saved.id}, score ${saved.score}.`;
  } catch (error) {
    status.textContent = error.message;
  }
}

// --- the one-minute timer ----------------------------------------------------------

const timer = { running: false, elapsed: 0, startedAt: 0, tick: 0, signalled: false };

function timerSeconds() {
  return timer.elapsed + (timer.running ? (performance.now() - timer.startedAt) / 1000 : 0);
}

function renderTimer() {
  const seconds = timerSeconds();
  const left = MINUTE - seconds;
  const whole = Math.ceil(Math.abs(left) - 1e-9);
  const text = `${left < 0 ? "+" : ""}${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
  $("timer-display").textContent = text;
  $("timer-fill").style.width = `${Math.min(100, (seconds / MINUTE) * 100)}%`;
  const done = seconds >= MINUTE;
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
  $("answer").addEventListener("input", scheduleCheck);
  $("role-select").addEventListener("change", scheduleCheck);
  $("principle-select").addEventListener("change", newQuestion);
  $("new-question").addEventListener("click", newQuestion);
  $("show-restructured").addEventListener("change", renderRestructured);
  $("save-attempt").addEventListener("click", saveAttempt);
  $("timer-start").addEventListener("click", toggleTimer);
  $("timer-reset").addEventListener("click", resetTimer);
  $("classify-form").addEventListener("submit", classify);
  renderAnalysis();
  loadPrinciples().then(newQuestion).catch((error) => { $("status").textContent = error.message; });
}

document.addEventListener("DOMContentLoaded", start);
