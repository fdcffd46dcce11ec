// Coaching mode in the browser, the whole loop: an admin invites a coach, the coach
// invites a candidate and sets a question, the candidate answers and sends it, the coach
// comments on a sentence and sets a finding aside, the candidate sees both in place, and
// the progress report counts it. Each person has a browser context (cookies) of their own.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { binary, launchBrowser, screenshots, startServer } from "./support.mjs";

let server;
let address;
let database;
let browser;

before(async () => {
  ({ server, address, database } = await startServer(["--accounts"]));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
});

const password = "a long browser password";
const answer =
  "Last March I was a shift lead at a parcel depot in Leeds. Our biggest client complained that a third of their " +
  "parcels arrived late. My task was to find out why and fix it within two weeks. I pulled the scan data and found " +
  "the wrong van. I rewrote the loading checklist and trained the six loaders myself. Late parcels fell from 31% to " +
  "4% in a month, and the client renewed its contract.";

// A person in a browser of their own; page errors are collected.
async function person(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => { if (message.type() === "error" && !message.text().includes("401")) errors.push(message.text()); });
  return { page, errors };
}

const linkIn = async (page, selector) => page.$eval(`${selector} input`, (field) => field.value);

test("the whole coaching loop, from an admin's invitation to the coach's report", async () => {
  // The admin's account comes from the command line, with a link to set the password.
  const made = execFileSync(binary, ["admin", "add-user", "admin@example.org", "--role", "admin", "--db", database,
    "--url", address]).toString();
  const adminLink = made.match(/http\S+#set-password=\S+/)[0];

  const admin = await person();
  await admin.page.goto(adminLink);
  await admin.page.waitForSelector("#password-form:not([hidden])");
  assert.equal(await admin.page.isVisible("#signin-form"), false);
  assert.equal(await admin.page.isVisible("#join-form"), false);
  assert.ok(!admin.page.url().includes("set-password"), "the token leaves the address bar");
  await admin.page.fill("#new-password", password);
  await admin.page.click("#password-form button[type=submit]");
  await admin.page.waitForSelector("#users:not([hidden]) #user-table tbody tr");
  await admin.page.fill("#user-email", "coach@example.org");
  await admin.page.fill("#user-name", "Carla Coach");
  await admin.page.selectOption("#user-role", "coach");
  await admin.page.click("#user-form button[type=submit]");
  await admin.page.waitForSelector("#user-link:not([hidden])");
  const coachLink = await linkIn(admin.page, "#user-link");
  await admin.page.waitForSelector("#user-table tbody tr:nth-child(2)");
  await admin.page.screenshot({ path: path.join(screenshots, "coaching-admin.png"), fullPage: true });
  // Only the admin's tabs, and no practice data of anyone.
  assert.equal(await admin.page.isVisible('nav a[data-tab="users"]'), true);
  assert.equal(await admin.page.isVisible('nav a[data-tab="coaching"]'), false);

  const coach = await person();
  await coach.page.goto(coachLink);
  await coach.page.fill("#new-password", password);
  await coach.page.click("#password-form button[type=submit]");
  await coach.page.waitForSelector("#coaching:not([hidden])");
  await coach.page.fill("#cohort-name", "Spring");
  await coach.page.click("#cohort-form button[type=submit]");
  await coach.page.waitForSelector("#cohort-list .cohort");
  await coach.page.selectOption("#invite-cohort", { label: "Spring" });
  await coach.page.click("#invite-form button[type=submit]");
  await coach.page.waitForSelector("#invite-link:not([hidden])");
  const joinLink = await linkIn(coach.page, "#invite-link");

  const candidate = await person();
  await candidate.page.goto(joinLink);
  await candidate.page.waitForSelector("#join-form:not([hidden])");
  await candidate.page.fill("#join-name", "Ana");
  await candidate.page.fill("#join-email", "ana@example.org");
  await candidate.page.fill("#join-password", password);
  await candidate.page.click("#join-form button[type=submit]");
  await candidate.page.waitForSelector("#practice:not([hidden])");
  await candidate.page.waitForFunction(() => document.querySelector("#question-text").textContent !== "Loading a question…");

  // The coach sets a question from the bank for the cohort.
  await coach.page.reload();
  await coach.page.waitForSelector('#candidate-list li[data-candidate]');
  await coach.page.focus("#assign-question");
  await coach.page.waitForFunction(() => document.querySelector("#assign-question").options.length > 10);
  await coach.page.selectOption("#assign-question", "own-02");
  await coach.page.selectOption("#assign-to", { label: "Spring" });
  await coach.page.fill("#assign-due", "2031-06-30");
  await coach.page.click("#assignment-form button[type=submit]");
  await coach.page.waitForSelector("#coach-assignments li");

  // The candidate sees it on Practice, with its due date, answers it and sends it.
  await candidate.page.reload();
  await candidate.page.waitForSelector("#practice-assignments:not([hidden]) li[data-assignment]");
  assert.match(await candidate.page.textContent("#practice-assignment-list"), /Due 2031-06-30/);
  await candidate.page.click("#practice-assignment-list li[data-assignment] button");
  assert.match(await candidate.page.textContent("#question-principle"), /From your coach/);
  await candidate.page.fill("#answer", answer);
  await candidate.page.waitForSelector("#marked .sentence");
  await candidate.page.click("#submit-attempt");
  await candidate.page.waitForFunction(() => document.querySelector("#save-status").textContent.startsWith("Sent to your coach"));
  await candidate.page.waitForSelector("#practice-assignments", { state: "hidden" });  // nothing left to do

  // The coach reviews it: a comment on one sentence, and a finding set aside.
  await coach.page.reload();
  await coach.page.waitForSelector("#review-queue li[data-attempt] button");
  await coach.page.click("#review-queue li[data-attempt] button");
  await coach.page.waitForSelector("#review:not([hidden]) .sentence-pick");
  await coach.page.click('.sentence-pick:has-text("I rewrote the loading checklist")');
  await coach.page.fill("#comment-text", "Say what changed in the checklist.");
  await coach.page.click("#comment-send");
  await coach.page.waitForSelector("#review .comments li");
  const finding = await coach.page.$eval("#review .notes li[data-rule]", (item) => item.dataset.rule);
  await coach.page.fill(`#review .notes li[data-rule="${finding}"] input`, "Fine for a first answer.");
  await coach.page.click(`#review .notes li[data-rule="${finding}"] button`);
  await coach.page.waitForFunction(() => document.querySelector("#review").textContent.includes("set aside"));
  await coach.page.screenshot({ path: path.join(screenshots, "coaching-review.png"), fullPage: true });

  // The candidate sees both, in place on the answer.
  await candidate.page.reload();
  await candidate.page.click('nav a[data-tab="assignments"]');
  await candidate.page.waitForSelector("#my-submissions .commented mark");
  assert.equal(await candidate.page.textContent("#my-submissions .commented mark"),
    "I rewrote the loading checklist and trained the six loaders myself.");
  assert.match(await candidate.page.textContent("#my-submissions .comments"), /Say what changed in the checklist/);
  assert.match(await candidate.page.textContent("#my-submissions .notes"), /Fine for a first answer/);
  assert.match(await candidate.page.textContent("#my-assignments"), /sent/);
  await candidate.page.screenshot({ path: path.join(screenshots, "coaching-candidate.png"), fullPage: true });

  // The progress report counts it.
  await coach.page.click("#candidate-list li[data-candidate] button");
  await coach.page.waitForSelector("#report:not([hidden]) .report-candidate");
  assert.match(await coach.page.textContent("#report"), /1 answers sent/);
  assert.match(await coach.page.textContent("#report"), /1 done/);

  // On a phone, the coach's page fits the screen.
  const phone = await person({ width: 390, height: 844 });
  await phone.page.goto(address);
  await phone.page.fill("#signin-email", "coach@example.org");
  await phone.page.fill("#signin-password", password);
  await phone.page.click("#signin-form button[type=submit]");
  await phone.page.waitForSelector("#coaching:not([hidden]) #review-queue li");
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow} px wider than the phone`);
  await phone.page.screenshot({ path: path.join(screenshots, "coaching-phone.png"), fullPage: true });

  // Every page of each role fits a 360 px screen.
  for (const { page } of [admin, coach, candidate]) {
    await page.setViewportSize({ width: 360, height: 740 });
    const tabs = await page.$$eval("nav a:not([hidden])", (links) => links.map((link) => link.dataset.tab));
    for (const tab of tabs) {
      await page.click(`nav a[data-tab="${tab}"]`);
      await page.waitForSelector(`#${tab}:not([hidden])`);
      await page.waitForTimeout(150);  // the page's data
      const wider = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(wider <= 1, `${tab} is ${wider} px wider than a 360 px screen`);
    }
  }
  await candidate.page.click('nav a[data-tab="account"]');
  await candidate.page.screenshot({ path: path.join(screenshots, "coaching-account-360.png"), fullPage: true });

  for (const { errors } of [admin, coach, candidate, phone]) assert.deepEqual(errors, []);
});

test("a stranger sees only the sign-in page, and a wrong password is said plainly", async () => {
  const stranger = await person();
  await stranger.page.goto(`${address}#stories`);
  await stranger.page.waitForSelector("#signin:not([hidden])");
  assert.equal(await stranger.page.isVisible("nav"), false);
  assert.equal(await stranger.page.isVisible("#stories"), false);
  // Only the sign-in form: no sign-out button, no password or invitation form without a link.
  for (const hidden of ["#account-bar", "#password-form", "#join-form"])
    assert.equal(await stranger.page.isVisible(hidden), false, `${hidden} shows to a stranger`);
  await stranger.page.fill("#signin-email", "nobody@example.org");
  await stranger.page.fill("#signin-password", "not the password");
  await stranger.page.click("#signin-form button[type=submit]");
  await stranger.page.waitForFunction(() => document.querySelector("#signin-status").textContent.length > 0);
  assert.equal(await stranger.page.textContent("#signin-status"), "The email or the password is wrong.");
  await stranger.page.screenshot({ path: path.join(screenshots, "coaching-signin.png") });
  assert.deepEqual(stranger.errors, []);
});
