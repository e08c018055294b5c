import { test, expect, answerList, minutesAgo } from "./fixtures";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import config from "../playwright.config";

// What the browser asks for by itself, such as a favicon, is out of Playwright's sight:
// only Chromium's own net log shows it.
const netLog = join(tmpdir(), `banata-netlog-${process.pid}.json`);
const launchOptions = config.use?.launchOptions ?? {};
test.use({ launchOptions: { ...launchOptions, args: [...(launchOptions.args ?? []), `--log-net-log=${netLog}`] } });

test("moving between pages and filters asks for no favicon", async ({ page }) => {
  await answerList(page, [{ id: "a", action: "user.created", occurredAt: minutesAgo(1).getTime(), actorId: "usr_a" }]);
  await page.goto("/notifications");
  await page.getByRole("link", { name: "Audit Logs" }).click();
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
  await page.getByRole("button", { name: "Last 7 days" }).click();
  await expect(page).toHaveURL(/range=7d/);
  await page.getByRole("link", { name: /^Notifications/ }).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await page.waitForTimeout(500);
  const asked = [...readFileSync(netLog, "utf8").matchAll(/"url":"([^"]+)"/g)].map((m) => new URL(m[1]).pathname);
  expect(asked).toContain("/config.json"); // the log is being written
  expect([...new Set(asked.filter((path) => path.includes("favicon")))]).toEqual([]);
});
