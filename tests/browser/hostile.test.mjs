// A web page on another site must not be able to read or change the candidate's stories
// through their browser: a hostile page served by a second local server (another origin)
// tries every kind of request a page can make, and a hostile host name that resolves to
// this computer (DNS rebinding, simulated with Chromium's host resolver rules) tries to
// load the app as its own. Nothing is read, nothing is saved, and the app still works.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { startServer, launchBrowser, openPage } from "./support.mjs";

let server;
let address;
let hostile;
let hostileAddress;
let browser;

const hostilePage = (target) => `<!doctype html><html><body><script>
window.results = {};
const target = ${JSON.stringify(target)};
const story = JSON.stringify({ text: "Last March I was a shift lead. I fixed the depot. Late parcels fell to 4%." });
async function attempt(name, run) {
  try { window.results[name] = await run(); } catch (error) { window.results[name] = "blocked: " + error.name; }
}
(async () => {
  await attempt("read", async () => (await fetch(target + "api/stories")).status);
  await attempt("read-no-cors", async () => (await fetch(target + "api/stories", { mode: "no-cors" })).type);
  await attempt("post-json", async () =>
    (await fetch(target + "api/stories", { method: "POST", headers: { "Content-Type": "application/json" }, body: story })).status);
  await attempt("post-text", async () =>
    (await fetch(target + "api/stories", { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body: story })).type);
  await attempt("post-attempt-text", async () =>
    (await fetch(target + "api/attempts", { method: "POST", mode: "no-cors", body: story })).type);
  await attempt("delete", async () => (await fetch(target + "api/stories/1", { method: "DELETE" })).status);
  const form = document.createElement("form");
  form.method = "POST";
  form.action = target + "api/stories";
  form.enctype = "text/plain";
  form.target = "sink";
  const field = document.createElement("input");
  field.name = '{"text": "Last March I fixed the depot and late parcels fell to 4%.", "x": "';
  field.value = '"}';
  form.appendChild(field);
  const sink = document.createElement("iframe");
  sink.name = "sink";
  document.body.append(sink, form);
  form.submit();
  await new Promise((resolve) => sink.addEventListener("load", resolve, { once: true }));
  window.results.form = "sent";
  window.done = true;
})();
</script></body></html>`;

before(async () => {
  ({ server, address } = await startServer());
  hostile = http.createServer((request, response) => {
    response.writeHead(200, { "Content-Type": "text/html" });
    response.end(hostilePage(address));
  });
  await new Promise((resolve) => hostile.listen(0, "127.0.0.1", resolve));
  hostileAddress = `http://127.0.0.1:${hostile.address().port}/`;
  // evil.test resolves to this computer, as a rebinding attacker's name would.
  browser = await launchBrowser(["--host-resolver-rules=MAP evil.test 127.0.0.1"]);
});

after(async () => {
  await browser?.close();
  hostile?.close();
  server?.kill("SIGTERM");
});

async function storyCount() {
  const response = await fetch(address + "api/stories");
  return (await response.json()).length;
}

test("a page from another origin can neither read nor write the story bank", async () => {
  const before = await storyCount();
  const page = await browser.newPage();
  await page.goto(hostileAddress);
  await page.waitForFunction(() => window.done === true, null, { timeout: 15000 });
  const results = await page.evaluate(() => window.results);
  assert.match(String(results.read), /^blocked/, "the page read the stories");
  assert.match(String(results["post-json"]), /^blocked/, "a JSON post got through the preflight");
  assert.match(String(results.delete), /^blocked/, "a delete got through the preflight");
  assert.equal(await storyCount(), before, `a hostile request saved or removed a story: ${JSON.stringify(results)}`);
  await page.close();
});

test("a hostile host name that resolves here does not get the app", async () => {
  const port = new URL(address).port;
  const page = await browser.newPage();
  const response = await page.goto(`http://evil.test:${port}/`);
  assert.equal(response.status(), 421);
  const read = await page.evaluate(async () => (await fetch("/api/stories")).status);
  assert.equal(read, 421);
  await page.close();
});

test("the app itself still works on its own origin", async () => {
  const { page, errors } = await openPage(browser, address);
  await page.fill("#answer", "Last March I was a shift lead at a depot. I rewrote the checklist myself. Late parcels fell from 31% to 4%.");
  await page.waitForSelector("#marked .sentence");
  const saved = await page.evaluate(async () => {
    const response = await fetch("/api/stories", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: "Last March I fixed the depot. Late parcels fell to 4%." }) });
    return response.status;
  });
  assert.equal(saved, 201);
  assert.deepEqual(errors, []);
  await page.close();
});
