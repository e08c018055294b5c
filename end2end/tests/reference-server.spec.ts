import { test, expect } from "./fixtures";

// Against the real reference server and its seeded database: no fixtures.
test("opens on Notifications and navigates to seeded Audit Logs", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Audit trail" });
  await expect(nav.getByRole("link", { name: "Notifications" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("main").getByRole("listitem").first()).toBeVisible();

  await nav.getByRole("link", { name: "Audit Logs" }).click();
  await expect(page).toHaveURL(/\/audit-logs$/);
  await expect(page.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Audit Logs" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Notifications" })).not.toHaveAttribute("aria-current", /.*/);
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(51); // header + the default page of 50
  for (const name of ["Action", "Actor", "Target", "Organization", "Time"]) {
    await expect(page.getByRole("columnheader", { name })).toBeVisible();
  }
});

test("pages through the audit log with the server's cursors", async ({ page }) => {
  await page.goto("/audit-logs?size=25");
  const firstCell = page.getByRole("table").getByRole("row").nth(1);
  const previous = page.getByRole("button", { name: "Previous" });
  await expect(previous).toBeDisabled();
  const firstPageTop = (await firstCell.textContent()) ?? "";

  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(firstCell).not.toHaveText(firstPageTop);
  await expect(previous).toBeEnabled();

  // Back to the first page itself, at its own address, not at a cursor just newer than page 2.
  await previous.click();
  await expect(page).toHaveURL(/\/audit-logs\?size=25$/);
  await expect(firstCell).toHaveText(firstPageTop);
  await expect(previous).toBeDisabled();

  // Next, Next, Previous, Next, Previous: one page newer each time, by whatever cursor.
  const next = page.getByRole("button", { name: "Next" });
  await next.click();
  await expect(firstCell).not.toHaveText(firstPageTop);
  const secondPageTop = (await firstCell.textContent()) ?? "";
  await next.click();
  await expect(firstCell).not.toHaveText(secondPageTop);
  const thirdPageTop = (await firstCell.textContent()) ?? "";
  await previous.click();
  await expect(firstCell).toHaveText(secondPageTop);
  await next.click();
  await expect(firstCell).toHaveText(thirdPageTop);
  await previous.click();
  await expect(firstCell).toHaveText(secondPageTop);
  await previous.click();
  await expect(firstCell).toHaveText(firstPageTop);
  await expect(previous).toBeDisabled();
});

test("filters by action through the server and restores them from the URL", async ({ page }) => {
  await page.goto("/audit-logs");
  await page.getByLabel("Action", { exact: true }).fill("user.created");
  await page.getByLabel("Action", { exact: true }).press("Enter");
  await expect(page).toHaveURL(/action=user.created/);
  const badges = page.getByRole("table").locator("tbody .badge");
  await expect(badges.first()).toHaveText("user.created");
  for (const text of await badges.allInnerTexts()) expect(text).toBe("user.created");

  await page.reload();
  await expect(page.getByLabel("Action", { exact: true })).toHaveValue("user.created");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/audit-logs\?$|\/audit-logs$/);
});

test("the root leads on to Notifications in its place, so Back leaves the app", async ({ page }) => {
  await page.goto("/audit-logs");
  await expect(page.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/audit-logs$/);
  await expect(page.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeVisible();
});

test("an unknown address shows a not-found page whose link leads to Notifications", async ({ page }) => {
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Go to Notifications" }).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/no\/such\/page$/);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
});

test("exports the last 7 days from the real server as JSON", async ({ page }) => {
  await page.goto("/audit-logs?range=7d");
  await expect(page.getByRole("table").locator("tbody tr").first()).toBeVisible();
  const inRange = Number((await page.getByRole("status").filter({ hasText: /events in this date range/ }).textContent())!.match(/([\d,]+) events/)![1].replaceAll(",", ""));
  const saved = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const download = await saved;
  expect(download.suggestedFilename()).toMatch(/^audit-logs-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.json$/);
  const events = JSON.parse(await (await import("node:fs/promises")).readFile((await download.path())!, "utf8"));
  expect(events.length).toBe(inRange);
  const weekAgo = Date.now() - 7 * 24 * 3600 * 1000 - 60_000;
  for (const event of events) expect(Date.parse(event.occurredAt)).toBeGreaterThan(weekAgo);
});
