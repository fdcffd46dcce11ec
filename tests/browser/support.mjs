// What every browser test needs: the real starcoach server on a free loopback port with a
// fresh database, and Debian's Chromium driven by playwright-core.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const screenshots = path.join(root, "build/screenshots");
export const binary = process.env.STARCOACH_BINARY ?? path.join(root, "build/starcoach");

// Starts the server (with `options`, e.g. ["--accounts"]); resolves to {server, address, database}.
export async function startServer(options = []) {
  const database = path.join(mkdtempSync(path.join(os.tmpdir(), "starcoach-browser-")), "starcoach.db");
  const server = spawn(binary, ["serve", "--port", "0", "--db", database, ...options], { stdio: ["ignore", "pipe", "inherit"] });
  const address = await new Promise((resolve, reject) => {
    let output = "";
    server.stdout.on("data", (chunk) => {
      output += chunk;
      const found = output.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (found) resolve(found[0]);
    });
    server.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  mkdirSync(screenshots, { recursive: true });
  return { server, address, database };
}

export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", ...extraArgs],
  });
}

// A new page at the app, once its principles and first question have loaded; page
// errors and console errors are collected in `errors`.
export async function openPage(browser, address, viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
  await page.goto(address);
  await page.waitForFunction(() => document.querySelector("#principle-select").options.length === 17 &&
    document.querySelector("#question-text").textContent !== "Loading a question…");
  return { page, errors };
}
