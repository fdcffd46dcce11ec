// Browser tests of the practice web app: Debian's Chromium, driven by playwright-core,
// against the real starcoach server on a free loopback port.
//   STARCOACH_BINARY=build/starcoach node --test tests/browser/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startServer, launchBrowser, openPage as open, screenshots } from "./support.mjs";

let server;
let address;
let browser;

before(async () => {
  ({ server, address } = await startServer());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
});

const openPage = (viewport) => open(browser, address, viewport);

const answerWithoutNumber =
  "Last March I was a shift lead at a parcel depot in Leeds. Our biggest client complained that their parcels " +
  "arrived late. My task was to find out why and fix it within two weeks. I pulled the scan data and found the " +
  "wrong van. I rewrote the loading checklist and trained the loaders myself. After that the parcels arrived on " +
  "time and the client renewed its contract.";

test("a candidate picks a principle, types an answer and sees it marked", async () => {
  const { page, errors } = await openPage();
  await page.selectOption("#principle-select", "frugality");
  await page.waitForFunction(() => document.querySelector("#question-principle").textContent.includes("Frugality"));
  assert.notEqual(await page.textContent("#question-text"), "Loading a question…");

  await page.fill("#answer", answerWithoutNumber);
  await page.waitForSelector("#marked .sentence");
  const parts = await page.$$eval("#marked .sentence", (spans) => spans.map((s) => s.dataset.part));
  assert.equal(parts.length, 6);
  for (const part of parts) assert.ok(["situation", "task", "action", "result", "other"].includes(part), part);
  assert.equal(parts[0], "situation");
  assert.ok(parts.includes("action"));
  assert.match(await page.textContent("#score-overall"), /^\d+$/);

  // No number in the result: the finding appears, and goes away once a number is added.
  await page.waitForSelector('.finding[data-rule="result.not-quantified"]');
  await page.fill("#answer", answerWithoutNumber.replace("After that the parcels arrived on time", "Late parcels fell from 31% to 4%"));
  await page.waitForFunction(() => !document.querySelector('.finding[data-rule="result.not-quantified"]') &&
    document.querySelector("#marked").textContent.includes("31%"));
  await page.screenshot({ path: path.join(screenshots, "practice-desktop.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("each behaviour the story shows is marked on the sentence that shows it", async () => {
  const { page, errors } = await openPage();
  await page.selectOption("#principle-select", "dive-deep");
  await page.waitForFunction(() => document.querySelector("#question-principle").textContent.includes("Dive Deep"));
  await page.fill("#answer", answerWithoutNumber);
  const marked = await page.waitForSelector("#marked .sentence[data-shows]");
  assert.match(await marked.textContent(), /pulled the scan data/);  // dug into the data
  const api = await page.evaluate(async (text) => {
    const reply = await fetch("/api/check", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text, principle: "dive-deep" }) });
    return reply.json();
  }, answerWithoutNumber);
  assert.ok(api.principle.shown.length > 0);
  const marks = await page.$$eval("#marked .sentence[data-shows]", (spans) => spans.map((s) => s.dataset.shows));
  for (const behaviour of api.principle.shown) assert.ok(marks.some((m) => m.includes(behaviour.behaviour)), behaviour.behaviour);
  await marked.hover();
  await page.locator("#marked").screenshot({ path: path.join(screenshots, "practice-evidence.png") });
  assert.deepEqual(errors, []);
  await page.close();
});

test("selecting a finding marks its span in the answer", async () => {
  const { page } = await openPage();
  await page.fill("#answer", answerWithoutNumber + " We were so lazy.");
  const finding = await page.waitForSelector('.finding[data-rule="result.not-quantified"]');
  await finding.click();
  // The span may cover several sentences: each shows its own part of the mark.
  const marked = await page.$$eval("#marked mark", (marks) => marks.map((m) => m.textContent).join(" "));
  assert.ok(marked.startsWith("After that the parcels arrived on time"), marked);
  assert.equal(await page.getAttribute('.finding[data-rule="result.not-quantified"]', "aria-pressed"), "true");
  const selected = await page.$eval("#answer", (a) => a.value.slice(a.selectionStart, a.selectionEnd));
  assert.equal(selected, marked);
  await page.close();
});

test("the restructured answer lists the candidate's own sentences by part", async () => {
  const { page } = await openPage();
  await page.fill("#answer", "I always put customers first. In my opinion you have to listen. " + answerWithoutNumber);
  await page.waitForSelector("#marked .sentence");
  await page.check("#show-restructured");
  const text = await page.textContent("#restructured");
  assert.ok(text.includes("Situation") && text.includes("Left out"), text);
  assert.ok(text.includes("In my opinion you have to listen."));
  await page.close();
});

test("the one-minute timer starts, pauses, resets and signals at 60 seconds", async () => {
  const page = await browser.newPage();
  await page.clock.install();
  await page.goto(address);
  await page.clock.pauseAt(Date.now() + 1000);  // from here on, time moves only when the test says
  assert.equal(await page.textContent("#timer-display"), "1:00");
  await page.click("#timer-start");
  await page.clock.runFor(5000);
  assert.equal(await page.textContent("#timer-display"), "0:55");
  await page.click("#timer-start");  // pause
  assert.equal(await page.textContent("#timer-start"), "Resume");
  await page.clock.runFor(10000);
  assert.equal(await page.textContent("#timer-display"), "0:55");
  await page.click("#timer-start");  // resume
  await page.clock.runFor(56000);
  assert.match(await page.textContent("#timer-status"), /One minute is up/);
  assert.ok(await page.$eval(".timer", (t) => t.classList.contains("done")));
  assert.equal(await page.textContent("#timer-display"), "+0:01");
  await page.click("#timer-reset");
  assert.equal(await page.textContent("#timer-display"), "1:00");
  assert.equal(await page.textContent("#timer-status"), "");
  await page.close();
});

test("the classifier ranks the principles a question probes", async () => {
  const { page } = await openPage();
  await page.click('nav a[data-tab="classify"]');
  await page.fill("#classify-question", "Tell me about a time you had to work with a very tight budget.");
  await page.click("#classify-form button");
  await page.waitForSelector("#classify-results li");
  assert.equal(await page.getAttribute("#classify-results li:first-child", "data-principle"), "frugality");
  await page.close();
});

test("the principles page shows all sixteen, Customer Obsession first", async () => {
  const { page } = await openPage();
  await page.click('nav a[data-tab="principles"]');
  const ids = await page.$$eval(".principle-card", (cards) => cards.map((c) => c.dataset.principle));
  assert.equal(ids.length, 16);
  assert.equal(ids[0], "customer-obsession");
  await page.close();
});

test("a candidate adds a story, sees coverage, and finds it for a question", async () => {
  const { page, errors } = await openPage();
  await page.click('nav a[data-tab="stories"]');
  await page.waitForSelector("#coverage-table tbody tr");
  await page.fill("#story-title", "No budget scheduling");
  await page.fill("#story-text", "Last year our team had no budget for a new scheduling tool. I had to cut the hours lost to " +
    "double bookings. I reused the spreadsheet we already had and wrote a free script to flag clashes. We saved 2,000 pounds a month.");
  await page.waitForSelector("#story-findings li");  // live findings while writing
  await page.click("#story-save");
  await page.waitForSelector('.story-card h3:text("No budget scheduling")');
  const frugality = await page.textContent('#coverage-table tr[data-principle="frugality"] td:last-child');
  assert.match(frugality, /Only 1|Covered/);

  await page.click('.story-card:has(h3:text("No budget scheduling")) button:text("Edit")');
  assert.equal(await page.isVisible("#story-parts"), true);
  assert.match(await page.inputValue("#story-action"), /reused the spreadsheet/);
  await page.click("#story-cancel");

  await page.click('nav a[data-tab="practice"]');
  await page.selectOption("#principle-select", "frugality");
  await page.waitForFunction(() => document.querySelector("#question-principle").textContent.includes("Frugality"));
  await page.click("#match-stories");
  await page.waitForSelector("#story-matches li");
  assert.match(await page.textContent("#story-matches li:first-child"), /No budget scheduling/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("saved attempts appear in the history chart", async () => {
  const { page, errors } = await openPage();
  await page.fill("#answer", answerWithoutNumber);
  await page.waitForSelector("#marked .sentence");
  await page.click("#save-attempt");
  await page.waitForFunction(() => /Saved on this computer as attempt \d+/.test(document.querySelector("#save-status").textContent));
  await page.click('nav a[data-tab="history"]');
  // One attempt is a single point: the line exists but has no length.
  await page.waitForSelector('#history-chart svg polyline[data-line="overall"]', { state: "attached" });
  assert.ok((await page.$$eval("#attempts li", (items) => items.length)) >= 1);
  await page.screenshot({ path: path.join(screenshots, "history-desktop.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("typing before the first question arrives keeps the text", async () => {
  const page = await browser.newPage();
  await page.route("**/api/questions?random=1", async (route) => {  // a slow first question
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.continue();
  });
  await page.goto(address);
  await page.fill("#answer", "Last year I fixed it.");
  await page.waitForFunction(() => document.querySelector("#question-text").textContent !== "Loading a question…");
  assert.equal(await page.inputValue("#answer"), "Last year I fixed it.");
  await page.close();
});

test("moving on to a new question saves the answer for the history", async () => {
  const { page } = await openPage();
  const count = () => page.evaluate(async () => (await (await fetch("/api/history?last=100000")).json()).attempts.length);
  const before = await count();
  await page.fill("#answer", answerWithoutNumber);
  await page.waitForSelector("#marked .sentence");
  await page.click("#new-question");
  await page.waitForFunction(() => document.querySelector("#answer").value === "");
  assert.equal(await count(), before + 1);
  await page.click("#new-question");  // nothing typed: nothing saved
  await page.waitForTimeout(300);
  assert.equal(await count(), before + 1);
  await page.close();
});

test("markup in an answer is shown as text, never run", async () => {
  const { page, errors } = await openPage();
  const hostile = 'Last year I wrote <script>window.pwned = 1</script> and <img src="x" onerror="window.pwned = 2"> in a report. ' +
    "My task was to fix it. I rewrote it myself. It worked.";
  await page.fill("#answer", hostile);
  await page.waitForFunction(() => document.querySelector("#marked").textContent.includes("<script>"));
  assert.equal(await page.$$eval("#marked img, #marked script", (nodes) => nodes.length), 0);
  assert.ok((await page.textContent("#marked")).includes('<img src="x" onerror="window.pwned = 2">'));
  await page.check("#show-restructured");
  assert.equal(await page.$$eval("#restructured img, #restructured script", (nodes) => nodes.length), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the page fits a 360-pixel phone without sideways scrolling", async () => {
  const { page } = await openPage({ width: 360, height: 740 });
  await page.fill("#answer", answerWithoutNumber);
  await page.waitForSelector("#marked .sentence");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `page is ${width}px wide`);
  await page.screenshot({ path: path.join(screenshots, "practice-phone.png"), fullPage: true });
  await page.close();
});
