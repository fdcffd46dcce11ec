// The Mock Interview page: the questions of a loop, one after another, each with a
// countdown (the answer may run over; the time is kept), typed or spoken answers, one
// or two follow-up questions chosen by the server from what the answer lacks, and the
// scorecard at the end, saved in the history.
import { $, api, download, element, knowledge, principleName, showError, spokenSummary } from "./shared.js";
import { attachRecorder } from "./recorder.js";

const mock = {
  questions: [],
  index: 0,
  seconds: 120,          // allowed for an answer; a follow-up gets half
  answers: [],           // what POST /api/mock takes
  followUps: [],         // the follow-ups still to ask for the current answer
  step: "answer",        // "answer" or "follow-up"
  delivery: null,        // how the current answer was spoken, when it was
  recorder: null,        // the microphone control
  busy: false,           // a request is on its way: the buttons wait for it
  startedAt: 0,
  tick: 0,
};

export function showMockSetup() {
  const opening = knowledge.principles.find((p) => p.id === knowledge.settings.opening_principle);
  $("mock-skip-first-name").textContent = opening ? opening.name : knowledge.settings.opening_principle;
  const box = $("mock-principles");
  if (box.childElementCount) return;
  for (const principle of knowledge.principles)
    box.append(element("label", {}, element("input", { type: "checkbox", value: principle.id }), ` ${principle.name}`));
}

function say(text) {
  if (!$("mock-speak").checked || !("speechSynthesis" in window)) return;
  speechSynthesis.cancel();
  speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

function clockText(seconds) {
  const whole = Math.round(Math.abs(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

function elapsed() { return (performance.now() - mock.startedAt) / 1000; }

function allowed() { return mock.step === "answer" ? mock.seconds : mock.seconds / 2; }

function renderClock() {
  const left = allowed() - elapsed();
  const clock = $("mock-clock");
  clock.textContent = left >= 0 ? clockText(left) : `+${clockText(left)}`;
  clock.classList.toggle("over", left < 0);
}

// Shows the next thing to answer: a follow-up of the current question, or the next question.
function ask(text, label, kind = "") {
  mock.recorder?.cancel();
  $("mock-question").textContent = text;
  $("mock-question").dataset.kind = kind;
  $("mock-answer-label").textContent = label;
  $("mock-answer").value = "";
  $("mock-record-status").textContent = "";
  mock.delivery = null;
  mock.startedAt = performance.now();
  clearInterval(mock.tick);
  mock.tick = setInterval(renderClock, 250);
  renderClock();
  say(text);
  $("mock-answer").focus();
}

function askQuestion() {
  const question = mock.questions[mock.index];
  mock.step = "answer";
  $("mock-progress").textContent = `Question ${mock.index + 1} of ${mock.questions.length} · ${principleName(question.principle)}`;
  ask(question.text, "Your answer");
}

async function startInterview(event) {
  event.preventDefault();
  const principles = [...$("mock-principles").querySelectorAll("input:checked")].map((box) => box.value);
  try {
    const exclude = $("mock-skip-first").checked ? [knowledge.settings.opening_principle] : [];
    const plan = await api("/api/mock/plan", { questions: Number($("mock-count").value), principles, exclude });
    Object.assign(mock, { questions: plan.questions, index: 0, answers: [], followUps: [], step: "answer",
      seconds: Number($("mock-minutes").value) * 60 });
    $("mock-setup").hidden = true;
    $("mock-card").hidden = true;
    $("mock-run").hidden = false;
    askQuestion();
  } catch (error) {
    $("mock-status").textContent = error.message;
  }
}

function setBusy(busy) {
  mock.busy = busy;
  $("mock-next").disabled = busy;
  $("mock-skip").disabled = busy;
}

// Done or Skip: keeps the answer (or the reply to a follow-up), then asks what comes next.
// Nothing is kept until the server has answered, so a failed request can simply be retried.
async function next(skipped) {
  if (mock.busy) return;
  setBusy(true);
  mock.recorder?.cancel();
  const text = skipped ? "" : $("mock-answer").value;
  const seconds = Math.round(elapsed());
  try {
    if (mock.step === "answer") {
      const question = mock.questions[mock.index];
      const followUps = text.trim()
        ? (await api("/api/mock/follow-ups", { text, question: question.text, principle: question.principle })).follow_ups : [];
      // A spoken answer's time is its speaking time.
      const spoken = text.trim() ? mock.delivery : null;
      mock.answers.push({ question: question.text, question_id: question.id, principle: question.principle, text,
        seconds_spent: spoken ? Math.round(spoken.speaking_seconds) : seconds, seconds_allowed: mock.seconds, follow_ups: [],
        delivery: spoken });
      mock.followUps = followUps;
    } else if (mock.step === "follow-up") {
      mock.answers.at(-1).follow_ups.at(-1).answer = text;
    }
    if (mock.step !== "finishing" && mock.followUps.length) {
      const followUp = mock.followUps.shift();
      mock.answers.at(-1).follow_ups.push({ ...followUp, answer: "" });
      mock.step = "follow-up";
      ask(followUp.question, "Your reply to the follow-up", followUp.kind);
      return;
    }
    if (mock.step !== "finishing" && ++mock.index < mock.questions.length) {
      askQuestion();
      return;
    }
    mock.step = "finishing";
    await finishInterview();
  } catch (error) {
    $("mock-record-status").textContent = mock.step === "finishing"
      ? `The scorecard could not be saved: ${error.message} Press Done to try again.` : error.message;
  } finally {
    setBusy(false);
  }
}

async function finishInterview() {
  clearInterval(mock.tick);
  mock.recorder?.cancel();
  if ("speechSynthesis" in window) speechSynthesis.cancel();
  const saved = await api("/api/mock", { answers: mock.answers });
  $("mock-run").hidden = true;
  renderScorecard(saved);
}

function renderScorecard(saved) {
  const card = saved.scorecard;
  const download = element("button", { type: "button", className: "secondary" }, "Download scorecard (Markdown)");
  download.addEventListener("click", () => downloadScorecard(saved.id).catch(showError));
  const again = element("button", { type: "button" }, "Another interview");
  again.addEventListener("click", () => { $("mock-card").hidden = true; $("mock-setup").hidden = false; });
  const summary = element("div", { className: "card" },
    element("div", { className: "score-main" }, element("span", { className: "score-number", id: "mock-overall" }, card.overall),
      element("span", { className: "score-label" }, `overall, ${card.answered} of ${card.questions} answered, ${card.over_time} over time`)),
    element("dl", { className: "scorecard-points" },
      ...(card.strongest ? [element("dt", {}, "Strongest"), element("dd", {}, card.strongest)] : []),
      ...(card.weakest ? [element("dt", {}, "Weakest"), element("dd", {}, card.weakest)] : []),
      ...(card.next_step ? [element("dt", {}, "Practise next"), element("dd", {}, `${card.next_step.title}. ${card.next_step.hint}`)] : [])),
    element("table", { className: "coverage" }, element("thead", {}, element("tr", {}, element("th", { scope: "col" }, "Principle"),
      element("th", { scope: "col" }, "Score"), element("th", { scope: "col" }, "Answers"))),
    element("tbody", {}, ...card.principles.map((p) => element("tr", { dataset: { principle: p.id } },
      element("td", {}, p.name), element("td", {}, p.score), element("td", {}, p.answers))))),
    element("div", { className: "save-row" }, download, again));
  const items = card.answers.map((item, i) => element("article", { className: "card mock-item", dataset: { score: item.score } },
    element("h3", {}, `${i + 1}. ${item.question}`),
    element("p", { className: "muted small" },
      `${item.principle_name} · score ${item.score} · ${clockText(item.seconds_spent)} of ${clockText(item.seconds_allowed)}${item.over_time ? " (over time)" : ""}`),
    ...(item.strongest ? [element("p", {}, element("strong", {}, "Strongest: "), item.strongest)] : []),
    ...(item.weakest ? [element("p", {}, element("strong", {}, "Weakest: "), item.weakest)] : []),
    ...(item.delivery ? [element("p", { className: "muted small", dataset: { spoken: "" } }, `Spoken: ${spokenSummary(item.delivery)}`)] : []),
    element("ul", { className: "notes" }, ...item.follow_ups.map((f) => element("li", { dataset: { kind: f.kind, closed: String(f.closed) } },
      `${f.question} `, element("span", { className: "muted" }, f.note))))));
  $("mock-card").replaceChildren(element("h2", {}, "Your scorecard"), summary, ...items);
  $("mock-card").hidden = false;
}

// A scorecard from the history, shown as at the end of its interview.
export function showSavedScorecard(saved) {
  $("mock-setup").hidden = true;
  $("mock-run").hidden = true;
  renderScorecard(saved);
  $("mock-card").scrollIntoView({ block: "start" });
}

export function startMock() {
  $("mock-setup").addEventListener("submit", startInterview);
  $("mock-next").addEventListener("click", () => next(false));
  $("mock-skip").addEventListener("click", () => next(true));
  mock.recorder = attachRecorder({
    button: $("mock-record"), time: $("mock-record-time"), level: $("mock-record-level"), status: $("mock-record-status"),
    onText: (transcript) => {
      $("mock-answer").value = transcript.text;
      mock.delivery = transcript.delivery;
    },
  });
}

// Saves a scorecard as a Markdown file on this computer.
export async function downloadScorecard(id) {
  const { markdown } = await api(`/api/mock/${id}?format=markdown`);
  download(`starcoach-mock-${id}.md`, markdown, "text/markdown");
}

// Leaving the page stops its microphone.
export function leaveMock() { mock.recorder?.cancel(); }
