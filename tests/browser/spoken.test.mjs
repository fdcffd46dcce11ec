// Browser tests of spoken answers and the mock interview. Chromium's fake microphone
// plays a recording synthesised at test time with flite, so the whole path runs for
// real: Web Audio capture, WAV conversion in the page, upload, offline recognition.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer, launchBrowser, openPage as open, screenshots } from "./support.mjs";

const spoken = "last march i was a shift lead at a parcel depot. my task was to stop the late deliveries. " +
  "i rewrote the loading checklist and late parcels fell by half in one month.";

let server;
let address;
let browser;
let clipSeconds;

before(async () => {
  const clip = path.join(mkdtempSync(path.join(os.tmpdir(), "starcoach-voice-")), "answer.wav");
  execFileSync("flite", ["-voice", "rms", "-t", spoken, "-o", clip]);
  clipSeconds = Number(execFileSync("soxi", ["-D", clip]).toString());
  ({ server, address } = await startServer());
  browser = await launchBrowser(["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-audio-capture=${clip}%noloop`]);
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
});

const openPage = (viewport) => open(browser, address, viewport);

test("a spoken answer is recorded, transcribed offline, measured and marked", async () => {
  const { page, errors } = await openPage();
  await page.click("#record");
  await page.waitForFunction(() => document.querySelector("#record").getAttribute("aria-pressed") === "true");
  // The level meter moves while the fake microphone plays the clip (about ten seconds).
  await page.waitForFunction(() => parseFloat(document.querySelector("#record-level").style.width) > 5, null, { timeout: 8000 });
  await page.waitForTimeout(clipSeconds * 1000 + 1500);
  await page.click("#record");
  await page.waitForFunction(() => document.querySelector("#answer").value.length > 0, null, { timeout: 30000 });
  const transcript = await page.inputValue("#answer");
  const heard = ["march", "shift", "parcel", "deliveries", "checklist", "half"].filter((word) => transcript.includes(word));
  assert.ok(heard.length >= 5, transcript);

  await page.waitForSelector("#delivery-card:not([hidden])");
  const delivery = await page.textContent("#delivery");
  assert.match(delivery, /Pace\d+ words a minute/);
  assert.ok((await page.$$("#delivery-notes li")).length >= 3);
  await page.waitForSelector("#marked .sentence");
  assert.ok(Number(await page.textContent("#score-overall")) > 0);

  // Saved with its delivery, the attempt shows in the history.
  await page.click("#save-attempt");
  await page.waitForFunction(() => /attempt \d+/.test(document.querySelector("#save-status").textContent));
  const history = await page.evaluate(() => fetch("/api/history").then((r) => r.json()));
  assert.equal(typeof history.attempts[0].delivery.words_per_minute, "number");
  await page.click('nav a[data-tab="history"]');
  await page.waitForSelector("#attempts [data-spoken]");
  assert.match(await page.textContent("#attempts [data-spoken]"), /^Spoken: \d+ s at \d+ words a minute/);
  await page.click('nav a[data-tab="practice"]');
  await page.screenshot({ path: path.join(screenshots, "practice-spoken.png"), fullPage: true });
  assert.deepEqual(errors, []);
});

test("a mock interview asks follow-ups, then shows and keeps a scorecard", async () => {
  const { page, errors } = await openPage();
  await page.click('nav a[data-tab="mock"]');
  await page.waitForSelector("#mock-principles input");
  await page.check('#mock-principles input[value="ownership"]');
  await page.selectOption("#mock-count", "2");
  await page.uncheck("#mock-speak");
  await page.click("#mock-start");
  await page.waitForSelector("#mock-run:not([hidden])");
  assert.match(await page.textContent("#mock-progress"), /Question 1 of 2 · Customer Obsession/);
  assert.match(await page.textContent("#mock-clock"), /^[12]:\d\d$/);

  // A story with no number in its result: the interviewer asks about exactly that.
  await page.fill("#mock-answer", "Last March I was a shift lead at a parcel depot in Leeds. Our biggest client complained " +
    "that their parcels arrived late. My task was to find out why and fix it within two weeks. I pulled the scan data " +
    "and found that most parcels were loaded on the wrong van. I rewrote the loading checklist and trained the loaders " +
    "on it myself. I also added a second scan at the door. After that the parcels arrived on time and the client " +
    "renewed its contract. I learned to look at the data before I blame people.");
  await page.click("#mock-next");
  await page.waitForFunction(() => document.querySelector("#mock-answer-label").textContent.includes("follow-up"));
  assert.equal(await page.getAttribute("#mock-question", "data-kind"), "no-number");
  assert.ok((await page.textContent("#mock-question")).endsWith("?"));

  // Reply to each follow-up; skip the second question.
  while (await page.isVisible("#mock-run")) {
    const label = await page.textContent("#mock-answer-label");
    if (label.includes("follow-up")) {
      await page.fill("#mock-answer", "I rewrote the checklist myself, and late parcels fell from 31 percent to 4 percent in one month.");
      await page.click("#mock-next");
    } else {
      await page.click("#mock-skip");
    }
    await page.waitForFunction(() => !document.querySelector("#mock-next").disabled || document.querySelector("#mock-run").hidden);
  }
  await page.waitForSelector("#mock-card:not([hidden])");
  assert.match(await page.textContent("#mock-card"), /Strongest/);
  assert.equal(await page.locator("#mock-card .mock-item").count(), 2);
  assert.ok(await page.locator('#mock-card tr[data-principle="customer-obsession"]').count() === 1);
  assert.ok(await page.locator('#mock-card li[data-closed="true"]').count() >= 1, "a reply with a number closes that gap");
  await page.screenshot({ path: path.join(screenshots, "mock-scorecard.png"), fullPage: true });

  const downloading = page.waitForEvent("download");
  await page.click("text=Download scorecard (Markdown)");
  const download = await downloading;
  assert.match(download.suggestedFilename(), /^starcoach-mock-\d+\.md$/);

  // The scorecard is kept: the history lists it and shows it again.
  await page.click("text=Another interview");
  await page.click('nav a[data-tab="history"]');
  await page.waitForSelector("#mock-history li[data-mock]");
  await page.click("#mock-history li[data-mock] >> text=Show");
  await page.waitForSelector("#mock-card:not([hidden]) .mock-item");
  assert.equal(await page.locator("#mock-card .mock-item").count(), 2);
  assert.ok(await page.isHidden("#mock-setup"));
  assert.deepEqual(errors, []);
});
