import { test, expect, answerList, freezeClock } from "./fixtures";
import type { Download, Page, Route } from "@playwright/test";
import { readFile } from "node:fs/promises";

const EXPORT = "**/api/auth/banata/audit-logs/export";
const at = (iso: string) => Date.parse(iso);
const row = (id: string, iso: string, extra: Record<string, unknown> = {}) => ({
  id,
  action: "user.updated",
  occurredAt: at(iso),
  actorType: "user",
  actorId: "usr_1",
  ...extra,
});

async function text(download: Download) {
  return readFile((await download.path())!, "utf8");
}

test.beforeEach(async ({ page }) => {
  await freezeClock(page);
  await answerList(page, []);
});

test("the export says what it saves: the range, or every page rather than this one", async ({ page }) => {
  await page.goto("/audit-logs");
  const exportGroup = page.getByRole("group", { name: "Export" });
  await expect(exportGroup).toHaveAccessibleDescription("Saves every event the filters and search match, from all pages, not only this one.");
  await page.getByRole("button", { name: "Last 7 days" }).click();
  await expect(exportGroup).toHaveAccessibleDescription("Saves every event in this date range that the filters and search match.");
});

test("a range whose From is after its To saves no file and says why", async ({ page }) => {
  let exported = 0;
  await page.route(EXPORT, (route: Route) => {
    exported++;
    return route.fulfill({ json: { data: [], count: 0 } });
  });
  let downloads = 0;
  page.on("download", () => downloads++);
  await page.goto("/audit-logs?from=2026-03-09&to=2026-03-01");
  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(page.getByRole("group", { name: "Export" }).getByRole("status")).toHaveText(
    "Export failed: From is after To, so no event is in this range.",
  );
  expect([exported, downloads]).toEqual([0, 0]);
});

test("a date typed and exported at once, before its typing's pause ends, is the range exported", async ({ page }) => {
  const bodies: Record<string, unknown>[] = [];
  await page.route(EXPORT, (route: Route) => {
    bodies.push(route.request().postDataJSON());
    return route.fulfill({ json: { data: [row("in", "2026-03-04T10:00:00Z")], count: 1, nextCursor: null } });
  });
  await page.goto("/audit-logs?from=2026-03-01&to=2026-03-09");
  await expect(page.getByRole("group", { name: "Export" })).toBeVisible();
  // Stopped: the typing's pause cannot end before the click.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
  const to = page.getByLabel("To", { exact: true });
  await to.click({ position: { x: 12, y: 10 } }); // its month
  await page.keyboard.type("03052026");
  const saved = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  await page.clock.resume(); // the file is written between the page's turns
  expect((await saved).suggestedFilename()).toBe("audit-logs-2026-03-01-2026-03-05.csv");
  expect(bodies[0]).toMatchObject({ startDate: at("2026-03-01T00:00:00Z"), endDate: at("2026-03-05T23:59:59.999Z") });
  await expect(page).toHaveURL(/to=2026-03-05/);
  // A To typed before From, and exported at once, is refused as the page shows it.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
  await to.click({ position: { x: 12, y: 10 } });
  await page.keyboard.type("02272026");
  await page.getByRole("button", { name: "Export JSON" }).click();
  await expect(page.getByRole("group", { name: "Export" }).getByRole("status")).toHaveText(
    "Export failed: From is after To, so no event is in this range.",
  );
  expect(bodies).toHaveLength(1);
});

test("exports the date range as CSV, paging with nextCursor and enforcing the range itself", async ({ page }) => {
  const bodies: Record<string, unknown>[] = [];
  await page.route(EXPORT, (route: Route) => {
    const body = route.request().postDataJSON();
    bodies.push(body);
    // Like the shipped backend: dates ignored, only the cursor counts.
    const pages: Record<string, unknown> = {
      first: {
        data: [
          row("in-1", "2026-03-08T20:00:00Z", { actorName: "=HYPERLINK(\"x\")", metadata: JSON.stringify({ token: "tok_SECRET" }) }),
          row("in-2", "2026-03-07T00:00:00Z"),
        ],
        count: 2,
        nextCursor: at("2026-03-07T00:00:00Z"),
      },
      second: { data: [row("in-3", "2026-03-07T00:00:00Z"), row("too-old", "2026-03-06T23:00:00Z")], count: 2, nextCursor: 42 },
    };
    // Read on from just after the first page's last millisecond, whose other rows may not
    // have fit in it.
    return route.fulfill({ json: body.cursor === at("2026-03-07T00:00:00Z") + 1 ? pages.second : pages.first });
  });
  await page.goto("/audit-logs?from=2026-03-07&to=2026-03-08&action=user.updated");
  const saved = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const download = await saved;
  // The filter in the name too: two slices of one range are two files.
  expect(download.suggestedFilename()).toBe("audit-logs-2026-03-07-2026-03-08-action-user.updated.csv");
  const csv = await text(download);
  // The byte order mark that makes Excel read the file as UTF-8.
  expect(csv.startsWith("\ufeff")).toBe(true);
  const lines = csv.slice(1).trim().split("\r\n");
  expect(lines[0]).toBe(
    "id,action,occurredAt,actorType,actorId,actorName,actorEmail,targets,organizationId,ipAddress,userAgent,requestId,changes,metadata,actorMetadata,context,createdAt",
  );
  expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(["in-1", "in-2", "in-3"]);
  expect(csv).toContain("'=HYPERLINK");
  expect(csv).not.toContain("tok_SECRET");
  expect(bodies).toEqual([
    { action: "user.updated", format: "csv", startDate: at("2026-03-07T00:00:00Z"), endDate: at("2026-03-08T23:59:59.999Z"), limit: 1000, cursor: at("2026-03-09T00:00:00Z") },
    { action: "user.updated", format: "csv", startDate: at("2026-03-07T00:00:00Z"), endDate: at("2026-03-08T23:59:59.999Z"), limit: 1000, cursor: at("2026-03-07T00:00:00Z") + 1 },
  ]);
  await expect(page.getByRole("status").filter({ hasText: "Exported 3 events" })).toBeVisible();
});

test("exports JSON in the documented shape, filtering the actor the endpoint cannot", async ({ page }) => {
  await page.route(EXPORT, (route: Route) =>
    route.fulfill({
      json: {
        data: [
          row("mine", "2026-03-08T00:00:00Z", {
            createdAt: at("2026-03-09T00:00:00Z"),
            targets: JSON.stringify([{ type: "webhook", id: "wh_1", url: "https://hooks.example.com/in", signingSecret: "whsec_LEAK" }]),
          }),
          row("theirs", "2026-03-08T00:00:00Z", { actorId: "usr_2" }),
        ],
        count: 2,
        nextCursor: null,
      },
    }),
  );
  await page.goto("/audit-logs?actor=usr_1");
  const saved = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const download = await saved;
  expect(download.suggestedFilename()).toBe("audit-logs-start-2026-03-10-actor-usr_1.json");
  const events = JSON.parse(await text(download));
  expect(events.map((event: { id: string }) => event.id)).toEqual(["mine"]);
  expect(events[0].actor).toEqual({ type: "user", id: "usr_1" });
  expect(events[0].occurredAt).toBe("2026-03-08T00:00:00.000Z");
  expect(events[0].createdAt).toBe("2026-03-09T00:00:00.000Z");
  // A target's every field, a webhook's address too, and its secret redacted.
  expect(events[0].targets).toEqual([{ type: "webhook", id: "wh_1", url: "https://hooks.example.com/in", signingSecret: "[redacted]" }]);
});

test("an export holds the rows the search keeps, and a row that comes again across pages once", async ({ page }) => {
  await page.route(EXPORT, (route: Route) => {
    const { cursor } = route.request().postDataJSON();
    const ada = { actorName: "Ada Lovelace" };
    // The second page is asked for from just after the first one's last millisecond, so its
    // row at that millisecond comes again: kept once, and not counted as a repeat.
    return route.fulfill({
      json: cursor
        ? { data: [row("ada-2", "2026-03-08T00:00:00Z", ada), row("ada-3", "2026-03-07T00:00:00Z", ada)], nextCursor: null }
        : {
            data: [row("ada-1", "2026-03-09T00:00:00Z", ada), row("bob-1", "2026-03-08T12:00:00Z"), row("ada-2", "2026-03-08T00:00:00Z", ada)],
            nextCursor: at("2026-03-08T00:00:00Z"),
          },
    });
  });
  await page.goto("/audit-logs?q=lovelace");
  const saved = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const events = JSON.parse(await text(await saved));
  expect(events.map((event: { id: string }) => event.id)).toEqual(["ada-1", "ada-2", "ada-3"]);
  await expect(page.getByRole("status").filter({ hasText: "Exported" })).toHaveText(
    /^Exported 3 events to audit-logs-start-2026-03-10-q-lovelace\.json\.$/,
  );
});

/**
 * An export whose first page answers at once and whose second waits for `release`; counts
 * the export requests, those dropped on their way, and the downloads.
 */
async function heldExport(page: Page) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const seen = { requests: 0, aborted: 0, downloads: 0 };
  page.on("requestfailed", (request) => request.url().endsWith("/export") && (seen.aborted += 1));
  await page.route(EXPORT, async (route: Route) => {
    seen.requests += 1;
    if (seen.requests === 1) {
      return route.fulfill({ json: { data: [row("a", "2026-03-09T00:00:00Z")], count: 1, nextCursor: 5 } });
    }
    await held;
    // A cancelled export's request is gone by the time it is answered.
    const json = { data: [row("b", "2026-03-08T00:00:00Z")], count: 1, nextCursor: null };
    return route.fulfill({ json }).catch(() => {});
  });
  page.on("download", () => (seen.downloads += 1));
  return { release, seen };
}

test("an export shows progress and can be cancelled, from the keyboard", async ({ page }) => {
  const { release, seen } = await heldExport(page);
  await page.goto("/audit-logs");
  const exportJson = page.getByRole("button", { name: "Export JSON" });
  await exportJson.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Exporting… 1 event so far.")).toBeVisible();
  // While it runs, the export buttons start nothing and keep the focus.
  await expect(exportJson).toBeDisabled();
  await expect(exportJson).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Cancel export" })).toBeFocused();
  // The second page is asked for (and held) before Cancel, so there is a request to drop.
  await expect.poll(() => seen.requests).toBe(2);
  await page.keyboard.press("Enter");
  await expect(page.getByText("Export cancelled.")).toBeVisible();
  // Cancel goes with the export and the request on its way; the focus stays in the export
  // controls.
  await expect(page.getByRole("group", { name: "Export" })).toBeFocused();
  await expect.poll(() => seen.aborted).toBe(1);
  release();
  await page.waitForTimeout(500);
  expect(seen.downloads).toBe(0);
  expect(seen.requests).toBe(2);
  await expect(exportJson).toBeEnabled();
});

test("a large export's file is written in parts between the page's turns, and Cancel stops the writing", async ({ page }) => {
  // 2,500 events: the file's rows in three parts.
  const newest = at("2026-03-09T00:00:00Z");
  const rows = Array.from({ length: 2_500 }, (_, i) => row(`e${i}`, new Date(newest - i * 1_000).toISOString()));
  await page.route(EXPORT, (route: Route) => route.fulfill({ json: { data: rows, count: rows.length, nextCursor: null } }));
  const saved: Download[] = [];
  page.on("download", (download) => saved.push(download));
  await page.goto("/audit-logs");
  const group = page.getByRole("group", { name: "Export" });
  await expect(group).toBeVisible();
  // Stopped: no turn the writing gives the page comes back to it until the clock runs.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(group.getByRole("status")).toHaveText("Writing the file of 2,500 events…");
  await page.getByRole("button", { name: "Cancel export" }).click();
  await page.clock.runFor(1_000);
  await expect(group.getByRole("status")).toHaveText("Export cancelled.");
  expect(saved).toHaveLength(0);
  // Written to the end, the parts make the whole file, in order.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  await expect(group.getByRole("status")).toHaveText("Writing the file of 2,500 events…");
  await page.clock.runFor(1_000);
  await expect(group.getByRole("status")).toHaveText(/^Exported 2,500 events/);
  const file = JSON.parse(await text(await download));
  expect(file.map((event: { id: string }) => event.id)).toEqual(rows.map((event) => event.id));
});

test("in a hidden tab, whose timers browsers slow to one a second, the file is written at once", async ({ page }) => {
  const newest = at("2026-03-09T00:00:00Z");
  const rows = Array.from({ length: 2_500 }, (_, i) => row(`e${i}`, new Date(newest - i * 1_000).toISOString()));
  await page.route(EXPORT, (route: Route) => route.fulfill({ json: { data: rows, count: rows.length, nextCursor: null } }));
  await page.goto("/audit-logs");
  const group = page.getByRole("group", { name: "Export" });
  await expect(group).toBeVisible();
  // Stopped, as a hidden tab's timers nearly are: no turn between parts could come back.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
  await page.evaluate(() => Object.defineProperty(document, "hidden", { value: true }));
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(group.getByRole("status")).toHaveText(/^Exported 2,500 events/);
  expect((await text(await download)).split("\r\n")).toHaveLength(2_502); // header, rows, end
});

test("an export that ends while Cancel has the focus hands it to the export controls", async ({ page }) => {
  const { release, seen } = await heldExport(page);
  await page.goto("/audit-logs");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const cancel = page.getByRole("button", { name: "Cancel export" });
  await cancel.focus();
  release();
  await expect(page.getByRole("status").filter({ hasText: "Exported 2 events" })).toBeVisible();
  await expect(cancel).toHaveCount(0);
  await expect(page.getByRole("group", { name: "Export" })).toBeFocused();
  expect(seen.downloads).toBe(1);
});

test("leaving the page during an export stops it, without saving a file or breaking the app", async ({ page }) => {
  const { release, seen } = await heldExport(page);
  await page.goto("/audit-logs");
  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(page.getByText("Exporting… 1 event so far.")).toBeVisible();
  await expect.poll(() => seen.requests).toBe(2);
  await page.getByRole("link", { name: /^Notifications/ }).click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expect.poll(() => seen.aborted).toBe(1);
  release();
  await page.waitForTimeout(500);
  expect(seen.downloads).toBe(0);
  expect(seen.requests).toBe(2);
  await page.getByRole("link", { name: "Audit Logs" }).click();
  await expect(page.getByRole("button", { name: "Export CSV" })).toBeEnabled();
});

test("an export's page that meets a 503 is asked again, as a list's is", async ({ page }) => {
  let asked = 0;
  await page.route(EXPORT, (route: Route) => {
    asked++;
    if (asked <= 2) return route.fulfill({ status: 503, json: { message: "busy" } });
    return route.fulfill({ json: { data: [row("only", "2026-03-08T00:00:00Z")], count: 1, nextCursor: null } });
  });
  await page.goto("/audit-logs");
  const saved = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const events = JSON.parse(await text(await saved));
  expect(events.map((event: { id: string }) => event.id)).toEqual(["only"]);
  expect(asked).toBe(3);
});

test("a failing export says why", async ({ page }) => {
  await page.route(EXPORT, (route: Route) => route.fulfill({ status: 403, json: { message: "no" } }));
  await page.goto("/audit-logs");
  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(page.getByText("Export failed: Your account lacks the audit.read permission.")).toBeVisible();
});


test("an export's last word goes once the view it exported changes", async ({ page }) => {
  await page.route(EXPORT, (route: Route) => route.fulfill({ json: { data: [row("a", "2026-03-09T10:00:00Z")], count: 1 } }));
  await page.goto("/audit-logs");
  const status = page.getByRole("group", { name: "Export" }).getByRole("status");
  const saved = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  await saved;
  await expect(status).toHaveText(/^Exported 1 event to /);
  await page.getByRole("button", { name: "Last 7 days" }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(status).toHaveText("");
  await page.route(EXPORT, (route: Route) => route.fulfill({ status: 403, json: { message: "no" } }));
  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(status).toHaveText("Export failed: Your account lacks the audit.read permission.");
  const action = page.getByRole("combobox", { name: "Action" });
  await action.fill("user.deleted");
  await action.press("Enter");
  await expect(page).toHaveURL(/action=user\.deleted/);
  await expect(status).toHaveText("");
});

test("an export follows a cursor sent as a string, and says which rows it left out", async ({ page }) => {
  const cursors: unknown[] = [];
  await page.route(EXPORT, (route: Route) => {
    const { cursor } = route.request().postDataJSON();
    cursors.push(cursor);
    if (cursor === at("2026-03-08T00:00:00Z") + 1) {
      return route.fulfill({ json: { data: [row("b", "2026-03-07T00:00:00Z")], count: 1, nextCursor: null } });
    }
    const unreadable = { action: "user.updated", occurredAt: at("2026-03-08T12:00:00Z") }; // no id
    return route.fulfill({
      json: {
        data: [row("a", "2026-03-09T00:00:00Z"), unreadable, row("a", "2026-03-08T06:00:00Z")],
        count: 3,
        nextCursor: String(at("2026-03-08T00:00:00Z")),
      },
    });
  });
  await page.goto("/audit-logs");
  const saved = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const events = JSON.parse(await text(await saved));
  expect(events.map((event: { id: string }) => event.id)).toEqual(["a", "b"]);
  expect(cursors).toHaveLength(2);
  await expect(page.getByRole("status").filter({ hasText: "Exported" })).toHaveText(
    "Exported 2 events to audit-logs-start-2026-03-10.json. 2 unreadable or repeated rows in the response were skipped.",
  );
});

test("an export whose next cursor cannot be followed fails rather than saving part of the range", async ({ page }) => {
  await page.route(EXPORT, (route: Route) =>
    route.fulfill({ json: { data: [row("a", "2026-03-09T00:00:00Z")], count: 1, nextCursor: "next-page" } }),
  );
  let downloads = 0;
  page.on("download", () => (downloads += 1));
  await page.goto("/audit-logs");
  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Export failed" })).toHaveText(
    "Export failed: The backend's answer could not be read: its cursor to the next page is not a time in epoch milliseconds.",
  );
  expect(downloads).toBe(0);
});

test("an export whose cursor does not go older fails rather than saving the same rows as more of the range", async ({ page }) => {
  // A backend that ignores the cursor: every page is the first one.
  await page.route(EXPORT, (route: Route) =>
    route.fulfill({ json: { data: [row("a", "2026-03-09T00:00:00Z")], count: 1, nextCursor: at("2026-03-08T00:00:00Z") } }),
  );
  let downloads = 0;
  page.on("download", () => (downloads += 1));
  await page.goto("/audit-logs");
  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Export failed" })).toHaveText(
    "Export failed: The backend's answer could not be read: its cursor to the next page does not lead to older events.",
  );
  expect(downloads).toBe(0);
});

test("a dated export counts the rows whose time it cannot read instead of dropping them unsaid", async ({ page }) => {
  await page.route(EXPORT, (route: Route) =>
    route.fulfill({
      json: { data: [row("a", "2026-03-08T12:00:00Z"), row("no-time", "")], count: 2, nextCursor: null },
    }),
  );
  await page.goto("/audit-logs?from=2026-03-07&to=2026-03-08");
  const saved = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const events = JSON.parse(await text(await saved));
  expect(events.map((event: { id: string }) => event.id)).toEqual(["a"]);
  await expect(page.getByRole("status").filter({ hasText: "Exported" })).toHaveText(
    "Exported 1 event to audit-logs-2026-03-07-2026-03-08.json. 1 unreadable or repeated row in the response was skipped.",
  );
});

test("an export of full pages without a cursor reads on by time, and follows a cursor with a fraction", async ({ page }) => {
  // 1,500 events a minute apart, newest first; pages of the size asked for, rows older than
  // the cursor, and no nextCursor (a backend that sends none); then one with a fraction.
  const events = Array.from({ length: 1_500 }, (_, i) => row(`e${i}`, "2026-03-09T00:00:00Z", { occurredAt: at("2026-03-09T00:00:00Z") - i * 60_000 }));
  const cursors: unknown[] = [];
  await page.route(EXPORT, (route: Route) => {
    const { cursor, limit } = route.request().postDataJSON();
    cursors.push(cursor ?? null);
    const data = events.filter((event) => cursor === undefined || event.occurredAt < cursor).slice(0, limit);
    const last = data.at(-1)?.occurredAt;
    // The second page's cursor comes with a fraction of a millisecond, as a float time would.
    const nextCursor = cursors.length === 2 && last !== undefined ? last + 0.7 : null;
    return route.fulfill({ json: { data, count: data.length, nextCursor } });
  });
  await page.goto("/audit-logs");
  const saved = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const exported = JSON.parse(await text(await saved));
  expect(exported).toHaveLength(1_500);
  expect(new Set(exported.map((event: { id: string }) => event.id)).size).toBe(1_500);
  await expect(page.getByRole("status").filter({ hasText: "Exported" })).toHaveText(
    "Exported 1,500 events to audit-logs-start-2026-03-10.json.",
  );
});

test("a date left half typed is not exported as no date, nor taken by the table as none", async ({ page }) => {
  let exported = 0;
  await page.route(EXPORT, (route: Route) => {
    exported++;
    return route.fulfill({ json: { data: [], count: 0, nextCursor: null } });
  });
  await page.goto("/audit-logs?from=2026-03-01&to=2026-03-09");
  await expect(page.getByRole("group", { name: "Export" })).toBeVisible();
  const to = page.getByLabel("To", { exact: true });
  await to.click({ position: { x: 12, y: 10 } }); // its month
  await page.keyboard.press("Backspace");
  await expect(to).toHaveValue(""); // how a browser reports a date half typed
  await page.clock.runFor(2_000); // the typing's pause
  await expect(page).toHaveURL(/to=2026-03-09/);
  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(page.getByRole("group", { name: "Export" }).getByRole("status")).toHaveText(
    "Export failed: To is not a whole date: finish it or clear it.",
  );
  expect(exported).toBe(0);
  // Cleared whole, it is no date: the range is open at that end.
  await to.fill("");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).not.toHaveURL(/to=/);
});
