// starcoach's page: one module per page of the app (practice.js, mock.js, stories.js,
// history.js, principles.js; in coaching mode also account.js, assignments.js, coach.js,
// admin.js) and the helpers they share (shared.js, recorder.js). This one starts them and
// shows the page the address names.
import { $, knowledge, loadKnowledge, showError } from "./shared.js";
import { account, loadAccount, startAccount, visibleTab } from "./account.js";
import { loadUsers, startUsers } from "./admin.js";
import { loadAssignments, showOpenAssignments } from "./assignments.js";
import { loadCoaching, startCoaching } from "./coach.js";
import { loadHistory, startHistory } from "./history.js";
import { leaveMock, showMockSetup, startMock } from "./mock.js";
import { leavePractice, showPractice, startPractice } from "./practice.js";
import { showPrinciples, startClassify } from "./principles.js";
import { loadStories, startStories } from "./stories.js";

const PAGES = ["practice", "mock", "stories", "history", "principles", "classify", "assignments", "coaching", "users", "account", "signin"];
const LOADERS = { stories: loadStories, history: loadHistory, assignments: loadAssignments, coaching: loadCoaching, users: loadUsers };

function showTab() {
  // Leaving a page stops its microphone.
  leavePractice();
  leaveMock();
  const name = (location.hash || "#practice").slice(1);
  const fallback = account.accounts && !account.user ? "signin" : "practice";
  const known = PAGES.includes(name) && visibleTab(name) ? name : fallback;
  for (const section of document.querySelectorAll(".tab")) section.hidden = section.id !== known;
  for (const link of document.querySelectorAll("nav a")) {
    if (link.dataset.tab === known) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (!knowledge.settings) return;  // the pages draw once the settings have come
  LOADERS[known]?.().catch(showError);
  if (known === "practice" && account.user?.role === "candidate") showOpenAssignments().catch(showError);
  if (known === "mock") showMockSetup();
}

// The page's words that depend on the data: how many principles, which one opens a loop.
function fillKnowledge() {
  const opening = knowledge.principles.find((p) => p.id === knowledge.settings.opening_principle);
  for (const slot of document.querySelectorAll("[data-fill]")) {
    if (slot.dataset.fill === "principle-count") slot.textContent = String(knowledge.settings.principles);
    if (slot.dataset.fill === "opening-principle") slot.textContent = opening ? opening.name : knowledge.settings.opening_principle;
  }
}

async function start() {
  startAccount();
  await loadAccount();
  window.addEventListener("hashchange", showTab);
  document.addEventListener("attempt-sent", () => showOpenAssignments().catch(showError));
  showTab();
  if (account.accounts && !account.user) return;  // only the sign-in page until someone signs in
  startPractice();
  startMock();
  startStories();
  startClassify();
  startCoaching();
  startUsers();
  // Everything drawn needs the settings (the target length, the score areas) first.
  await loadKnowledge();
  fillKnowledge();
  startHistory();
  await showPrinciples();
  showTab();
  await showPractice();
}

document.addEventListener("DOMContentLoaded", () => start().catch(showError));
