import { test, expect, answerList, holdResponses, minutesAgo, APP_JS, APP_WASM, PAGE_WASM } from "./fixtures";
import { execFileSync } from "node:child_process";
import type { Page } from "@playwright/test";

/** One event on every list request: enough for each page to show that it has loaded. */
const answerOneEvent = (page: Page) =>
  answerList(page, [{ id: "a", action: "user.created", occurredAt: minutesAgo(1).getTime(), actorId: "usr_a" }]);

/** The byte budget's files and sizes, whether or not they are over its limits (its own step
 * fails then): this test is about which files a first load asks for. */
function budgetJson(): string {
  const args = ["../scripts/byte-budget.mjs", "../dist", "--json"];
  try {
    return execFileSync("node", args, { encoding: "utf8" });
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

/** The paths of the files the page asks its own server for, API requests aside. */
function recordAssets(page: Page, baseURL: string | undefined) {
  const asked: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin === new URL(baseURL!).origin && !url.pathname.startsWith("/api/")) {
      asked.push(url.pathname);
    }
  });
  return asked;
}

test("a first load of Notifications asks for exactly the files the byte budget counts", async ({ page, baseURL }) => {
  await answerOneEvent(page);
  const asked = recordAssets(page, baseURL);
  await page.goto("/notifications");
  await expect(page.getByRole("region", { name: "Recent notifications" }).getByRole("listitem")).toHaveCount(1);
  const budget = JSON.parse(budgetJson());
  const counted = budget.files.map((file: { file: string }) => `/${file.file}`.replace("/index.html", "/notifications"));
  // config.json is the admin's settings, not the app's code.
  expect(new Set(asked.filter((path) => path !== "/config.json"))).toEqual(new Set(counted));
  expect(asked.some((path) => PAGE_WASM.test(path))).toBe(false);
});

test("the app fetches its wasm only once the page's preload of it has arrived (Safari would download it twice)", async ({
  page,
}) => {
  await answerOneEvent(page);
  // The app's own fetches of a wasm; the page's preload is not a fetch() call.
  await page.addInitScript(() => {
    const fetched: string[] = [];
    Object.assign(window, { wasmFetches: fetched });
    const fetch = window.fetch;
    window.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith(".wasm")) fetched.push(url);
      return fetch(input, init);
    };
  });
  const release = await holdResponses(page, APP_WASM);
  const glue = page.waitForResponse(APP_JS);
  await page.goto("/notifications", { waitUntil: "commit" });
  await glue;
  // Time for the loader to run, had it not waited.
  await page.waitForTimeout(500);
  const fetches = () => page.evaluate(() => (window as unknown as { wasmFetches: string[] }).wasmFetches.length);
  expect(await fetches()).toBe(0);
  release();
  await expect(page.getByRole("region", { name: "Recent notifications" }).getByRole("listitem")).toHaveCount(1);
  expect(await fetches()).toBe(1);
});

test("the split's loader, revalidated on every visit, is asked for beside the app's JS, not after it", async ({
  page,
  baseURL,
}) => {
  await answerOneEvent(page);
  const asked = recordAssets(page, baseURL);
  const release = await holdResponses(page, APP_JS);
  await page.goto("/notifications", { waitUntil: "commit" });
  // The JS that imports it has not arrived.
  await expect.poll(() => asked).toContain("/__wasm_split.js");
  release();
  await expect(page.getByRole("region", { name: "Recent notifications" }).getByRole("listitem")).toHaveCount(1);
  expect(asked.filter((path) => path === "/__wasm_split.js")).toHaveLength(1);
});

test("Audit Logs' code is downloaded when the page is first opened, and once", async ({ page, baseURL }) => {
  await answerOneEvent(page);
  const asked = recordAssets(page, baseURL);
  await page.goto("/notifications");
  await page.getByRole("link", { name: "Audit Logs" }).click();
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
  // The page took the focus to its heading, which stands while its code downloads.
  await expect(page.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeFocused();
  await page.getByRole("link", { name: /^Notifications/ }).click();
  await page.getByRole("link", { name: "Audit Logs" }).click();
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
  expect(asked.filter((path) => PAGE_WASM.test(path))).toHaveLength(1);
});

test("a link straight to Audit Logs downloads its code beside the app's wasm, not after, and once", async ({
  page,
  baseURL,
}) => {
  await answerOneEvent(page);
  const asked = recordAssets(page, baseURL);
  const release = await holdResponses(page, APP_WASM);
  await page.goto("/audit-logs", { waitUntil: "commit" });
  // The app cannot have asked for it: its own wasm has not arrived.
  await expect.poll(() => asked.filter((path) => PAGE_WASM.test(path))).toHaveLength(1);
  release();
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
  expect(asked.filter((path) => PAGE_WASM.test(path))).toHaveLength(1);
});

test("pointing at or tabbing to the Audit Logs link starts its code's download before the click", async ({
  page,
  baseURL,
}) => {
  await answerOneEvent(page);
  const asked = recordAssets(page, baseURL);
  const link = page.getByRole("link", { name: "Audit Logs" });
  await page.goto("/notifications");
  await expect(page.getByRole("region", { name: "Recent notifications" }).getByRole("listitem")).toHaveCount(1);
  await link.hover();
  await expect.poll(() => asked.filter((path) => PAGE_WASM.test(path))).toHaveLength(1);
  // The next visit's first load, by keyboard.
  await page.reload();
  await expect(page.getByRole("region", { name: "Recent notifications" }).getByRole("listitem")).toHaveCount(1);
  expect(asked.filter((path) => PAGE_WASM.test(path))).toHaveLength(1);
  await link.focus();
  await expect.poll(() => asked.filter((path) => PAGE_WASM.test(path))).toHaveLength(2);
  await expect(page).toHaveURL(/\/notifications$/);
});

test("Audit Logs' code that does not download is said, and Retry loads it", async ({ page }) => {
  await answerOneEvent(page);
  let refuse = true;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(PAGE_WASM, async (route) => {
    if (refuse) return route.abort("internetdisconnected");
    await released;
    await route.continue();
  });
  await page.goto("/audit-logs");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("The Audit Logs page could not be loaded");
  await expect(alert).toContainText("Check the connection and retry");
  refuse = false;
  await alert.getByRole("button", { name: "Retry" }).click();
  // While it tries again, it says so, not the failure it is retrying.
  await expect(page.getByRole("status").filter({ hasText: "Loading…" })).toHaveCount(1);
  await expect(page.getByRole("alert")).toHaveCount(0);
  release();
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByRole("alert")).toHaveCount(0);
  // The focus went from the Retry that left to the content it stood in, not to the page.
  await expect(page.locator("main")).toBeFocused();
});

test("Audit Logs' code gone after a deploy (the server's page in its place) is said, with a reload to do", async ({
  page,
}) => {
  await answerOneEvent(page);
  // A server that falls back to the app's page for an unknown path, as single-page hosts do.
  await page.route(PAGE_WASM, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Audit trail</title>" }),
  );
  await page.goto("/notifications");
  await page.getByRole("link", { name: "Audit Logs" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("The Audit Logs page could not be loaded");
  await expect(alert).toContainText("reload the page");
  await expect(page.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeVisible();
});

test("while Audit Logs' code downloads, the page is named and headed, and leaving it moves the focus on", async ({
  page,
}) => {
  await answerOneEvent(page);
  const release = await holdResponses(page, PAGE_WASM);
  await page.goto("/notifications");
  await page.getByRole("link", { name: "Audit Logs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeFocused();
  await expect(page).toHaveTitle("Audit Logs · Audit trail · Banata");
  await expect(page.getByRole("status").filter({ hasText: "Loading…" })).toHaveCount(1);
  await page.getByRole("link", { name: /^Notifications/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeFocused();
  await expect(page).toHaveTitle("Notifications · Audit trail · Banata");
  release();
  await page.getByRole("link", { name: "Audit Logs" }).click();
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
});
