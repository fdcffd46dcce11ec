// Coaching mode on many machines: a PostgreSQL server of the test's own, two starcoach
// instances on it, HAProxy in front. A user signs in through the proxy, the instance that
// served the sign-in is stopped, and the page goes on working through the other one: the
// session, the sign-in limits and the data live in PostgreSQL, not in an instance.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { binary, launchBrowser, root, screenshots } from "./support.mjs";

const work = mkdtempSync(path.join(os.tmpdir(), "starcoach-scaleout-"));
const postgres = path.join(work, "postgres");
const children = [];
let url;
let proxy;
let browser;
const instances = {};  // HAProxy's server name -> the process

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// A starcoach instance on the shared database; resolves to {child, port}.
function startInstance() {
  const child = spawn(binary, ["serve", "--accounts", "--trust-proxy", "--port", "0", "--db", url], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const found = output.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (found) resolve({ child, port: Number(found[1]) });
    });
    child.on("exit", (code) => reject(new Error(`an instance exited with ${code}`)));
  });
}

async function waitFor(check, what) {
  for (let i = 0; i < 100; i++) {
    try {
      if (await check()) return;
    } catch { /* not yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

before(async () => {
  execFileSync(path.join(root, "tests/support/postgres.sh"), ["start", postgres]);
  url = readFileSync(path.join(postgres, "url"), "utf8").trim().replace(/postgres$/, "starcoach");
  execFileSync("psql", [readFileSync(path.join(postgres, "url"), "utf8").trim(), "-qc", "CREATE DATABASE starcoach"]);
  execFileSync(binary, ["migrate", "--db", url]);
  const [one, two] = await Promise.all([startInstance(), startInstance()]);
  Object.assign(instances, { one: one.child, two: two.child });
  const port = await freePort();
  const config = path.join(work, "haproxy.cfg");
  writeFileSync(config, [
    "global", "  maxconn 2000",
    "defaults", "  mode http", "  timeout connect 1s", "  timeout client 30s", "  timeout server 30s",
    "  retries 3", "  option redispatch", "  option forwardfor",
    "frontend web", `  bind 127.0.0.1:${port}`, "  default_backend starcoach",
    "backend starcoach", "  balance roundrobin",
    "  option httpchk", "  http-check send meth GET uri /api/health ver HTTP/1.1 hdr Host 127.0.0.1",
    "  http-response set-header X-Served-By %[srv_name]",
    `  server one 127.0.0.1:${one.port} check inter 200ms fall 1 rise 1`,
    `  server two 127.0.0.1:${two.port} check inter 200ms fall 1 rise 1`, ""].join("\n"));
  const haproxy = spawn("haproxy", ["-f", config, "-db"], { stdio: ["ignore", "inherit", "inherit"] });
  children.push(haproxy);
  proxy = `http://127.0.0.1:${port}/`;
  await waitFor(async () => (await fetch(`${proxy}api/health`)).ok, "HAProxy");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const child of children) child.kill("SIGTERM");
  execFileSync(path.join(root, "tests/support/postgres.sh"), ["stop", postgres]);
});

test("a user signed in through the proxy goes on working when that instance stops", async () => {
  const made = execFileSync(binary, ["admin", "add-user", "admin@example.org", "--role", "admin", "--db", url, "--url", proxy]).toString();
  const link = made.match(/http\S+#set-password=\S+/)[0];
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(link);
  await page.fill("#new-password", "a long scale-out password");
  const [signedIn] = await Promise.all([
    page.waitForResponse((response) => response.url().endsWith("/api/password")),
    page.click("#password-form button[type=submit]"),
  ]);
  assert.equal(signedIn.status(), 200);
  const server = signedIn.headers()["x-served-by"];
  assert.ok(server === "one" || server === "two", `served by ${server}`);
  await page.waitForSelector("#users:not([hidden]) #user-table tbody tr");

  // The instance that signed the user in stops; HAProxy sends everything to the other.
  instances[server].kill("SIGTERM");
  await new Promise((resolve) => instances[server].once("exit", resolve));
  const other = server === "one" ? "two" : "one";

  await page.reload();  // the session is still good: it lives in PostgreSQL
  await page.waitForSelector("#users:not([hidden]) #user-table tbody tr");
  await page.fill("#user-email", "coach@example.org");
  await page.selectOption("#user-role", "coach");
  const [added] = await Promise.all([
    page.waitForResponse((response) => response.url().endsWith("/api/admin/users") && response.request().method() === "POST"),
    page.click("#user-form button[type=submit]"),
  ]);
  assert.equal(added.status(), 201);
  assert.equal(added.headers()["x-served-by"], other);
  await page.waitForSelector("#user-table tbody tr:nth-child(2)");

  // Practising works too, and the answer is saved.
  await page.click('nav a[data-tab="practice"]');
  await page.waitForFunction(() => document.querySelector("#question-text").textContent !== "Loading a question…");
  await page.fill("#answer", "Last March I rewrote the loading checklist myself, and late parcels fell from 31% to 4% in a month.");
  await page.click("#save-attempt");
  await page.waitForFunction(() => document.querySelector("#save-status").textContent.startsWith("Saved in your account"));
  await page.screenshot({ path: path.join(screenshots, "scaleout-after-failover.png") });
  assert.deepEqual(errors, []);
});
