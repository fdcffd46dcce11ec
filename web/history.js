// The History page: the scores of the saved attempts over time, the findings that come
// back most, the attempts, and the mock interviews with their scorecards.
import { $, api, element, knowledge, principleName, showError, spokenSummary } from "./shared.js";
import { downloadScorecard, showSavedScorecard } from "./mock.js";

// The chart's lines: the overall score, thick, then each score area (from the settings)
// in the colours of a palette that colour-blind readers can tell apart.
const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999"];
function chartLines() {
  const areas = knowledge.settings.score_areas.map((name, i) => [name, PALETTE[i % PALETTE.length], 1.5]);
  return [["overall", "#1c2430", 3], ...areas];
}

export async function loadHistory() {
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
  const lines = chartLines();
  for (const [name, colour, thickness] of lines) {
    const points = attempts.map((a, i) => [i, name === "overall" ? a.score : a.scores?.[name]]).filter(([, v]) => typeof v === "number");
    if (points.length === 0) continue;
    chart.append(svg("polyline", { points: points.map(([i, v]) => `${x(i)},${y(v)}`).join(" "), fill: "none", stroke: colour,
      "stroke-width": thickness, "data-line": name }));
    for (const [i, v] of points) chart.append(svg("circle", { cx: x(i), cy: y(v), r: name === "overall" ? 3.5 : 2, fill: colour }));
  }
  box.replaceChildren(attempts.length ? chart : element("p", { className: "muted" }, "Your scores will appear here once you save attempts."));
  $("chart-legend").replaceChildren(...lines.map(([name, colour]) => {
    const swatch = element("span", { className: "line-swatch" });
    swatch.style.background = colour;
    return element("li", {}, swatch, name[0].toUpperCase() + name.slice(1));
  }));
}

export function startHistory() {
  for (const principle of knowledge.principles) $("history-principle").append(element("option", { value: principle.id }, principle.name));
  $("history-principle").addEventListener("change", () => loadHistory().catch(showError));
}
