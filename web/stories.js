// The Stories page: the candidate's story bank, the coverage of the principles, and a
// story being written or edited with the analyser's findings as it is typed.
import { $, api, CHECK_DELAY_MS, element, knowledge, principleName, showError } from "./shared.js";
import { account } from "./account.js";

export async function loadStories() {
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
      element("div", { className: "save-row" }, edit, remove, ...(account.user?.role === "candidate" ? [sharing(story)] : []))));
  }
}

// Coaching mode: a story stays private until the candidate shares it with their coach.
function sharing(story) {
  const box = element("input", story.shared ? { type: "checkbox", checked: "" } : { type: "checkbox" });
  box.addEventListener("change", () => api(`/api/stories/${story.id}`, { shared: box.checked }, "PUT").catch(showError));
  return element("label", { className: "inline" }, box, " Shared with my coach");
}

function renderCoverage(coverage) {
  const table = $("coverage-table");
  const head = element("tr", {}, element("th", { scope: "col" }, "Principle"),
    ...coverage.stories.map((s) => element("th", { scope: "col", title: s.title }, `#${s.id}`)),
    element("th", { scope: "col" }, "Status"));
  const rows = coverage.principles.map((row) => {
    const status = row.stories === 0 ? (row.id === knowledge.settings.opening_principle ? "No story: prepare one first" : "No story")
      : row.met ? "Covered" : `Only ${row.stories}`;
    const statusClass = row.stories === 0 ? "status-none" : row.met ? "status-met" : "status-few";
    return element("tr", { dataset: { principle: row.id } }, element("td", {}, row.name),
      ...row.strengths.map((n) => element("td", { dataset: { strength: String(Math.min(n, 3)) } }, n || "·")),
      element("td", { className: statusClass }, status));
  });
  table.replaceChildren(element("thead", {}, head), element("tbody", {}, ...rows));
  $("coverage-summary").textContent = `${coverage.principles.filter((r) => r.met).length} of ${coverage.principles.length} principles have ` +
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

export function startStories() {
  $("story-form").addEventListener("submit", saveStory);
  $("story-cancel").addEventListener("click", resetStoryForm);
  $("story-text").addEventListener("input", checkStoryDraft);
  for (const field of storyFields()) field.addEventListener("input", checkStoryDraft);
  $("coverage-target").addEventListener("change", () => loadStories().catch(showError));
}
