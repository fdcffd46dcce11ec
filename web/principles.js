// The Principles page (each principle, what a strong story shows, questions that probe
// it) and the Classify page (which principles a question probes).
import { $, api, element, knowledge } from "./shared.js";
import { newQuestion } from "./practice.js";

export async function showPrinciples() {
  renderPrincipleCards(await api("/api/questions"));
}

function renderPrincipleCards(questions) {
  const cards = $("principle-cards");
  cards.replaceChildren();
  knowledge.principles.forEach((principle, index) => {
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

async function classify(event) {
  event.preventDefault();
  const results = $("classify-results");
  const question = $("classify-question").value;
  try {
    const data = await api("/api/classify", { question });
    const likely = data.principles.filter((p) => p.likely);
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

export function startClassify() {
  $("classify-form").addEventListener("submit", classify);
}
