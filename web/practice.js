// The Practice page: a question, the answer typed or spoken, and the analyser's feedback
// as the candidate writes: STAR parts marked in the text, scores, findings with their
// fixes, the answer in STAR order, a one-minute timer, and every attempt saved.
import { $, api, byteToIndexMap, CHECK_DELAY_MS, element, knowledge, targetSeconds } from "./shared.js";
import { attachRecorder } from "./recorder.js";
import { account } from "./account.js";

const PARTS = ["situation", "task", "action", "result"];
const LETTER = { situation: "S", task: "T", action: "A", result: "R", other: "O" };
const TITLE = { situation: "Situation", task: "Task", action: "Action", result: "Result", other: "Other" };
const SAVE_HINT = "Saved for your history when you move on to a new question.";

const state = {
  question: null,       // {id, text, principle, also}
  assignment: null,     // the coach's assignment being answered, if any
  analysis: null,
  delivery: null,       // how a spoken answer was said, from /api/transcribe
  recording: null,      // the WAV it was said in (coaching mode: kept for the coach if the candidate ticks the box)
  recorder: null,       // the microphone control
  focusedFinding: -1,
  requestNumber: 0,     // only the newest check's answer is shown
};

export async function newQuestion() {
  await autosave();
  const principle = $("principle-select").value;
  const query = principle ? `?principle=${encodeURIComponent(principle)}&random=1` : "?random=1";
  try {
    const [question] = await api(`/api/questions${query}`);
    const name = knowledge.principles.find((p) => p.id === question.principle)?.name ?? "";
    showQuestion(question, principle ? `Question · ${name}` : "Question", null);
  } catch (error) {
    $("status").textContent = error.message;
  }
}

// The coach's assignment, on the Practice page: answered and sent with "Send to my coach".
export async function practiseAssignment(assignment) {
  await autosave();
  location.hash = "#practice";
  showQuestion({ id: assignment.question_id, text: assignment.question, principle: assignment.principle },
    `From your coach · due ${assignment.due}`, assignment);
}

function showQuestion(question, label, assignment) {
  const movingOn = state.question !== null;  // the first question must not wipe what is already typed
  state.question = question;
  state.assignment = assignment;
  $("question-principle").textContent = label;
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

// A spoken answer is timed at the pace it was actually said.
function spokenPace(delivery) {
  const { lowest, highest } = knowledge.settings.speaking.words_per_minute;
  return Math.min(highest, Math.max(lowest, delivery.words_per_minute));
}

function renderDelivery() {
  if (!state.delivery) state.recording = null;  // the recording goes with how it was said
  $("keep-recording-label").hidden = !(state.recording && account.user?.role === "candidate");
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
  knowledge.settings.score_areas.forEach((name) => {
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
let savedAttempt = null;  // {id, score} of the last save of savedText

function attemptBody() {
  const body = { text: $("answer").value, role: $("role-select").value, seconds_spent: Math.round(timerSeconds()) };
  if (state.delivery) Object.assign(body, { delivery: state.delivery, wpm: spokenPace(state.delivery) });
  if (state.question) Object.assign(body, { question: state.question.text, question_id: state.question.id || undefined, principle: state.question.principle });
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
    savedAttempt = saved;
    status.textContent = `Saved ${account.accounts ? "in your account" : "on this computer"} as attempt ${saved.id}, score ${saved.score}.`;
    return saved;
  } catch (error) {
    status.textContent = error.message;
    return null;
  }
}

// Saves the answer and sends it to the candidate's coaches (for the assignment, if it answers one).
async function sendToCoach() {
  // The answer as saved already, or saved now: one attempt, not two.
  const saved = savedAttempt && $("answer").value === savedText ? savedAttempt : await saveAttempt();
  if (!saved) return;
  try {
    if (state.recording && $("keep-recording").checked) {
      const kept = await fetch(`/api/recordings/${saved.id}`, { method: "PUT", headers: { "Content-Type": "audio/wav" }, body: state.recording });
      if (!kept.ok) throw new Error((await kept.json()).error?.message ?? "the recording could not be kept");
    }
    await api("/api/submissions", { attempt_id: saved.id, ...(state.assignment ? { assignment_id: state.assignment.id } : {}) });
    $("save-status").textContent = `Sent to your coach: attempt ${saved.id}, score ${saved.score}.`;
    document.dispatchEvent(new CustomEvent("attempt-sent"));
  } catch (error) {
    $("save-status").textContent = error.message;
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
  savedAttempt = null;
  navigator.sendBeacon("/api/attempts", new Blob([JSON.stringify(body)], { type: "application/json" }));
}

// Which of the candidate's stories best answers the question on the page.
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

// Leaving the page stops its microphone.
export function leavePractice() { state.recorder?.cancel(); }

export function startPractice() {
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
  $("submit-attempt").addEventListener("click", sendToCoach);
  window.addEventListener("pagehide", saveOnLeaving);
  $("timer-start").addEventListener("click", toggleTimer);
  $("timer-reset").addEventListener("click", resetTimer);
  $("match-stories").addEventListener("click", matchStories);
  state.recorder = attachRecorder({
    button: $("record"), time: $("record-time"), level: $("record-level"), status: $("record-status"),
    onText: (transcript, wav) => {
      const typed = $("answer").value;
      if (typed.trim() && typed !== transcript.text && !confirm("Replace the answer in the box with what you said?")) return;
      $("answer").value = transcript.text;
      state.delivery = transcript.delivery;
      state.recording = wav;
      renderDelivery();
      scheduleCheck();
    },
  });
}

// Once the settings and principles are known: the principle picker, an empty analysis, a question.
export function showPractice() {
  for (const principle of knowledge.principles) $("principle-select").append(element("option", { value: principle.id }, principle.name));
  renderAnalysis();
  return newQuestion();
}
