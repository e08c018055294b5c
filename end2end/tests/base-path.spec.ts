import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, expect } from "./fixtures";

// The same dist/ as the rest of the suite (served there at /), served by a second reference
// server under --base-path: no rebuild, only the page's <base href> differs.
const PREFIX = "/admin/audit/";
let server: ChildProcess | undefined;
let origin = "";
let dataDir = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "base-path-"));
  const args = [
    "--port", "0", "--db", join(dataDir, "e2e.sqlite3"), "--dist", "../dist", "--seed", "400",
    "--dev-session", "--admin-key", "e2e-base-path-key", "--base-path", PREFIX,
  ];
  const child = spawn("../target/debug/audit-server", args, { stdio: ["ignore", "pipe", "inherit"] });
  server = child;
  origin = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const listening = output.match(/listening on (http:\/\/\S+)/);
      if (listening) resolve(listening[1]);
    });
    child.on("exit", (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
  });
});

test.afterAll(() => {
  server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

test("a deep link under the base path loads, survives a reload and pages under the prefix", async ({ page }) => {
  const deepLink = `${origin}${PREFIX}audit-logs?size=25`;
  await page.goto(deepLink);
  await expect(page.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeVisible();
  // Seeded rows from the API, which stays at the origin's root.
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(26);

  await page.reload();
  await expect(page).toHaveURL(deepLink);
  await expect(page.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeVisible();
  await expect(rows).toHaveCount(26);

  // Navigation the page makes itself (the URL holds its state) stays under the prefix.
  const firstRow = await rows.nth(1).textContent();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(new RegExp(`^${origin}${PREFIX}audit-logs\\?.*after=`));
  await expect(rows.nth(1)).not.toHaveText(firstRow ?? "");
});

test("config.json is read under the base path, from a deep link too", async ({ page }) => {
  const asked: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith("config.json")) asked.push(request.url());
  });
  await page.goto(`${origin}${PREFIX}audit-logs/`);
  await expect(page.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeVisible();
  expect(asked).toEqual([`${origin}${PREFIX}config.json`]);
});

test("the base path itself opens Notifications inside it, with seeded data", async ({ page }) => {
  await page.goto(`${origin}${PREFIX.slice(0, -1)}`);
  await expect(page).toHaveURL(`${origin}${PREFIX}notifications`);
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("listitem").first()).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
});

// leptos_router 0.8 prefixes the router base onto relative <A href>s only, so the nav's links
// are relative: an absolute "/notifications" would leave the prefix.
test("the nav moves between the two pages under the prefix", async ({ page }) => {
  await page.goto(`${origin}${PREFIX}audit-logs`);
  const nav = page.getByRole("navigation", { name: "Audit trail" });
  await nav.getByRole("link", { name: "Notifications" }).click();
  await expect(page).toHaveURL(`${origin}${PREFIX}notifications`);
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Notifications" })).toHaveAttribute("aria-current", "page");
  await nav.getByRole("link", { name: "Audit Logs" }).click();
  await expect(page).toHaveURL(`${origin}${PREFIX}audit-logs`);
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(51);
});

test("a notification's link opens its event under the prefix, also from a URL ending in a slash", async ({ page }) => {
  await page.goto(`${origin}${PREFIX}notifications/`);
  const item = page.getByRole("main").getByRole("listitem").first();
  await item.getByRole("link", { name: "View in audit log" }).click();
  await expect(page).toHaveURL(new RegExp(`^${origin}${PREFIX}audit-logs\\?event=`));
  await expect(page.getByRole("dialog", { name: "Event details" })).toBeVisible();
});
