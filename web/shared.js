// What every page of the app shares: the settings and principles from the server, the API
// call and small DOM helpers. Plain JavaScript modules, no framework. User text is only
// ever inserted as text (textContent, createTextNode), never as HTML.

// Filled by loadKnowledge() before any page draws.
export const knowledge = {
  settings: null,   // GET /api/settings: the target length, the paces, the score areas, the opening principle
  principles: [],   // GET /api/principles
};

export const CHECK_DELAY_MS = 350;

export async function loadKnowledge() {
  [knowledge.settings, knowledge.principles] = await Promise.all([api("/api/settings"), api("/api/principles")]);
}

// The one minute an answer should take (data/analyser/speaking.json).
export function targetSeconds() { return knowledge.settings.speaking.target_seconds; }

export const principleName = (id) => knowledge.principles.find((p) => p.id === id)?.name ?? id;

export function $(id) { return document.getElementById(id); }

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

export async function api(path, body, method = body === undefined ? "GET" : "POST") {
  const options = { method };
  if (body !== undefined) Object.assign(options, { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const response = await fetch(path, options);
  const data = await response.json();
  if (response.status === 401 && data.error?.code === "sign_in") {  // the session ended (signed out elsewhere, expired)
    location.hash = "#signin";
    location.reload();
  }
  if (!response.ok) throw new Error(data.error ? data.error.message : `request failed (${response.status})`);
  return data;
}

// The analyser reports UTF-8 byte offsets; JavaScript strings count UTF-16 units.
export function byteToIndexMap(text) {
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

export function showError(error) { $("status").textContent = error.message; }

// "52 s at 138 words a minute, 1 filler, no long pauses" (an attempt's or a scorecard's delivery).
export function spokenSummary(delivery) {
  const counted = (n, noun) => `${Math.round(n)} ${noun}${Math.round(n) === 1 ? "" : "s"}`;
  const pauses = delivery.long_pauses?.length ?? delivery.long_pause_count ?? 0;
  return `${Math.round(delivery.speaking_seconds)} s at ${Math.round(delivery.words_per_minute)} words a minute, ` +
    `${counted(delivery.fillers, "filler")}, ${pauses ? counted(pauses, "long pause") : "no long pauses"}`;
}

// Saves `text` as a file on this computer.
export function download(name, text, type) {
  const link = element("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
