import { test, expect, answerList, freezeClock, minutesAgo } from "./fixtures";
import type { Page } from "@playwright/test";

// 20,000 loaded events: the table keeps only the rows in view in the DOM, yet tells assistive
// tech the real size, scrolls to the very last event and searches all of them.
const TOTAL = 20_000;
/** As the page's sentences write it: "20,000". */
const WRITTEN_TOTAL = TOTAL.toLocaleString("en-US");
const rows = Array.from({ length: TOTAL }, (_, i) => ({
  id: `e${i}`,
  action: i % 100 === 0 ? "needle.found" : "user.login",
  occurredAt: minutesAgo(i).getTime(),
  actorType: "user",
  actorId: `usr_${i}`,
}));

const table = (page: Page) => page.getByRole("table", { name: "Audit events" });
const eventRows = (page: Page) => table(page).locator("tbody tr[data-event]");
const scrollToEnd = (page: Page) =>
  page.locator(".scroller").evaluate((scroller) => {
    scroller.scrollTop = scroller.scrollHeight;
    scroller.scrollIntoView({ block: "end" });
  });

/** Scrolls the table so that the event at `position` is the first in view (rows are 41 px). */
const scrollToPosition = (page: Page, position: number) =>
  page.locator(".scroller").evaluate((scroller, top) => {
    scroller.scrollTop = top;
  }, position * 41);

/** Opens all 20,000 events as a date range; twenty pages of 1,000 to read first, so a
 * generous wait on a busy machine. */
const openRange = async (page: Page) => {
  await page.goto("/audit-logs?from=2026-02-01&to=2026-03-10");
  await expect(eventRows(page).first()).toBeVisible({ timeout: 30_000 });
};

test.beforeEach(async ({ page }) => {
  await freezeClock(page);
  await answerList(page, rows);
  // This backend's list sends no cursor past its 20,000 events, and its export, which the
  // page would read on by time, is closed to this admin.
  await page.route("**/api/auth/banata/audit-logs/export", (route) => route.fulfill({ status: 403, json: {} }));
});

test("20,000 events keep at most 150 rows in the DOM and scroll to the last one", async ({ page }) => {
  await openRange(page);
  await expect(page.getByRole("status").filter({ hasText: `${WRITTEN_TOTAL} events in this date range.` })).toBeVisible();
  // Counts in the thousands are written with their separators, in the statistics too.
  await page.getByText("Statistics").click();
  // Older events may exist: the statistics count what was read.
  await expect(page.locator("details.stats")).toContainText(`Counting the ${WRITTEN_TOTAL} events read from this date range: its older events were not read.`);
  await expect(page.getByRole("region", { name: "Top actions" }).getByRole("listitem")).toHaveText([
    "user.login 19,800",
    "needle.found 200",
  ]);
  await expect(table(page)).toHaveAttribute("aria-rowcount", String(TOTAL + 1));
  await expect(eventRows(page).first()).toHaveAttribute("data-event", "e0");
  expect(await table(page).locator("tr").count()).toBeLessThanOrEqual(150);

  await scrollToEnd(page);
  const last = eventRows(page).last();
  await expect(last).toHaveAttribute("data-event", `e${TOTAL - 1}`);
  await expect(last).toHaveAttribute("aria-rowindex", String(TOTAL + 1));
  await expect(last).toBeInViewport();
  expect(await table(page).locator("tr").count()).toBeLessThanOrEqual(150);

  // On paper the table holds the rows in view only, and says so.
  await page.emulateMedia({ media: "print" });
  const note = await page.locator(".scroller").evaluate((scroller) => getComputedStyle(scroller, "::before").content);
  expect(note).toBe('"Only the rows in view are printed: export the date range for all of its events."');
});

test("search narrows all 20,000 events, not only the rendered ones", async ({ page }) => {
  await openRange(page);
  await page.getByLabel("Search", { exact: true }).fill("needle");
  await expect(page.getByText(`200 of ${WRITTEN_TOTAL} events in this date range match the search.`)).toBeVisible();
  await expect(table(page)).toHaveAttribute("aria-rowcount", "201");
  await expect(eventRows(page).first()).toHaveAttribute("data-event", "e0");
  await scrollToEnd(page);
  await expect(eventRows(page).last()).toHaveAttribute("data-event", "e19900");
  await expect(eventRows(page).locator(".badge").last()).toHaveText("needle.found");

  // Rows stay reachable by keyboard: Enter opens the event, Escape returns to its row.
  await eventRows(page).last().focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(eventRows(page).last()).toBeFocused();
});

test("a date range's search results stay windowed however few; one server page is rendered whole", async ({ page }) => {
  await openRange(page);
  await page.getByLabel("Search", { exact: true }).fill("usr_199");
  await expect(page.getByText(`111 of ${WRITTEN_TOTAL} events in this date range match the search.`)).toBeVisible();
  await expect(table(page)).toHaveAttribute("aria-rowcount", "112");
  // The rows in view and a margin: each keystroke lays out only those.
  expect(await eventRows(page).count()).toBeLessThan(40);
  await scrollToEnd(page);
  await expect(eventRows(page).last()).toHaveAttribute("aria-rowindex", "112");

  // A page of 100 from the server is all in the DOM, for the browser's find and for print.
  await answerList(page, rows.slice(0, 100));
  await page.goto("/audit-logs?size=100");
  await expect(eventRows(page)).toHaveCount(100);
  await expect(eventRows(page).last()).toHaveAttribute("data-event", "e99");
});

test("typing and deleting in the search show what a fresh search would", async ({ page }) => {
  await openRange(page);
  const search = page.getByLabel("Search", { exact: true });
  const matching = (count: number) =>
    page.getByText(`${count} of ${WRITTEN_TOTAL} events in this date range match the search.`);
  await search.pressSequentially("usr_19999");
  await expect(matching(1)).toBeVisible();
  await expect(eventRows(page)).toHaveCount(1);
  await expect(eventRows(page).first()).toHaveAttribute("data-event", "e19999");
  // Deleting widens the result again; the rows in view show the new events' text.
  await search.press("Backspace");
  await expect(matching(11)).toBeVisible();
  await expect(eventRows(page).first()).toHaveAttribute("data-event", "e1999");
  await search.press("Backspace");
  await expect(matching(111)).toBeVisible();
  await search.pressSequentially("8");
  await expect(matching(11)).toBeVisible();
  await expect(eventRows(page).first()).toHaveAttribute("data-event", "e1998");
  await expect(eventRows(page).first()).toContainText("usr_1998");
  // After a new order, deleting finds the matches in that order.
  await page.getByRole("button", { name: "Time" }).click();
  await expect(eventRows(page).first()).toHaveAttribute("data-event", "e19989");
  await search.press("End");
  await search.press("Backspace");
  await expect(matching(111)).toBeVisible();
  await expect(eventRows(page).first()).toHaveAttribute("data-event", "e19999");
  await expect(eventRows(page).first()).toContainText("usr_19999");
});

test("the columns hold still and fit the table's box whichever rows are in view", async ({ page }) => {
  // Short rows at the top, long ones further down and in one search's results.
  const long = "Maximilian Alexander von Hohenzollern-Sigmaringen of the Audit Department";
  await answerList(
    page,
    rows.map((row, i) => (i < 100 ? row : { ...row, actorName: long, organizationId: `org_${"x".repeat(40)}_${i}` })),
  );
  await page.setViewportSize({ width: 1280, height: 800 });
  await openRange(page);
  const layout = () =>
    page.locator(".scroller").evaluate((scroller) => ({
      columns: [...scroller.querySelectorAll("thead th")].map((th) => th.getBoundingClientRect().width),
      fits: scroller.scrollWidth <= scroller.clientWidth,
    }));
  const atTop = await layout();
  expect(atTop.fits).toBe(true);
  await scrollToEnd(page);
  await expect(eventRows(page).last()).toHaveAttribute("data-event", `e${TOTAL - 1}`);
  expect(await layout()).toEqual(atTop);
  await page.getByLabel("Search", { exact: true }).fill("Hohenzollern");
  await expect(page.getByText(`${(TOTAL - 100).toLocaleString("en-US")} of ${WRITTEN_TOTAL} events`)).toBeVisible();
  expect(await layout()).toEqual(atTop);
  // What a cell cuts short is whole in the event's details.
  await eventRows(page).first().click();
  await expect(page.getByRole("dialog")).toContainText(long);
});

test("the arrow keys walk the rows past the ones rendered; the table is one Tab stop", async ({ page }) => {
  await openRange(page);
  await scrollToPosition(page, 5_000);
  const row = (position: number) => page.locator(`tr[data-event="e${position}"]`);
  await row(5_003).focus();
  // Each step up or down brings in new rows; the focus stays on the row it moved to, in view.
  for (let i = 1; i <= 30; i++) {
    await page.keyboard.press("ArrowUp");
    await expect(row(5_003 - i)).toBeFocused();
  }
  await expect(row(4_973)).toBeInViewport({ ratio: 1 });
  for (let i = 1; i <= 40; i++) {
    await page.keyboard.press("ArrowDown");
    await expect(row(4_973 + i)).toBeFocused();
  }
  await expect(row(5_013)).toBeInViewport({ ratio: 1 });
  const inView = await page.locator(".scroller").evaluate((scroller) => Math.floor(scroller.clientHeight / 41) - 1);
  await page.keyboard.press("PageDown");
  await expect(row(5_013 + inView)).toBeFocused();
  await page.keyboard.press("PageUp");
  await expect(row(5_013)).toBeFocused();
  await page.keyboard.press("End");
  await expect(row(TOTAL - 1)).toBeFocused();
  await expect(row(TOTAL - 1)).toBeInViewport({ ratio: 1 });
  await page.keyboard.press("ArrowDown");
  await expect(row(TOTAL - 1)).toBeFocused();
  // With Alt a key is left to the browser; with Ctrl it moves as it does alone.
  await page.keyboard.press("Alt+ArrowUp");
  await expect(row(TOTAL - 1)).toBeFocused();
  await page.keyboard.press("Control+Home");
  await expect(row(0)).toBeFocused();
  await expect(row(0)).toBeInViewport({ ratio: 1 });
  // Only one row takes Tab: the next Tab leaves the table, and Shift+Tab comes back to the row
  // it left, or, scrolled out of view, to the first row in view.
  await expect(table(page).locator("tr[tabindex='0']")).toHaveCount(1);
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => !!document.activeElement?.closest("tbody"))).toBe(false);
  await page.keyboard.press("Shift+Tab");
  await expect(row(0)).toBeFocused();
  await page.keyboard.press("Tab");
  await scrollToPosition(page, 10_000);
  await expect(row(10_000)).toBeAttached();
  // The first row shown whole, below the sticky header: taking the focus scrolls nothing.
  expect(await shiftTabBack(page)).toMatchObject({ whole: true, aboveWhole: false, scrolled: false });
  // Scrolled back above the row left: the last row shown whole, not one below the box.
  await page.keyboard.press("Tab");
  await scrollToPosition(page, 9_000.5);
  expect(await shiftTabBack(page)).toMatchObject({ whole: true, belowWhole: false, scrolled: false });
});

/** Shift+Tab back into the table from the control after it, then where the focused row is
 *  in the table's box: shown whole below the sticky header, whether the row above or below
 *  it is too, and whether taking the focus scrolled the box. */
async function shiftTabBack(page: Page) {
  const scroller = page.locator(".scroller");
  // Once the rows for the scroll position are in.
  await scroller.evaluate(() => new Promise(requestAnimationFrame));
  const before = await scroller.evaluate((scroller) => scroller.scrollTop);
  await page.keyboard.press("Shift+Tab");
  return scroller.evaluate(async (scroller, before) => {
    await new Promise(requestAnimationFrame);
    // The header's cells are what stick.
    const header = scroller.querySelector("thead th")!.getBoundingClientRect().bottom;
    const bottom = scroller.getBoundingClientRect().top + scroller.clientHeight;
    const whole = (row: Element | null | undefined) => {
      const box = row?.getBoundingClientRect();
      return !!box && box.top >= header - 1 && box.bottom <= bottom + 1;
    };
    const row = document.activeElement!.closest("tr")!;
    return {
      whole: whole(row),
      aboveWhole: whole(row.previousElementSibling),
      belowWhole: whole(row.nextElementSibling),
      scrolled: scroller.scrollTop !== before,
    };
  }, before);
}

test("keys pressed faster than the rows render each move the focus their step", async ({ page }) => {
  await openRange(page);
  const row = (position: number) => page.locator(`tr[data-event="e${position}"]`);
  await row(0).focus();
  // No wait between presses, as when a key is held down.
  for (let i = 0; i < 30; i++) await page.keyboard.press("ArrowDown");
  for (let i = 0; i < 3; i++) await page.keyboard.press("PageDown");
  await page.keyboard.press("ArrowUp");
  const inView = await page.locator(".scroller").evaluate((scroller) => Math.floor(scroller.clientHeight / 41) - 1);
  await expect(row(30 + 3 * inView - 1)).toBeFocused();
  await expect(row(30 + 3 * inView - 1)).toBeInViewport({ ratio: 1 });
});

test("a focused row scrolled out of the DOM leaves the keys with the table", async ({ page }) => {
  await openRange(page);
  const row = (position: number) => page.locator(`tr[data-event="e${position}"]`);
  await row(5).focus();
  // As the wheel does: the focused row leaves the DOM, and the keys still move from it.
  await scrollToPosition(page, 10_000);
  await expect(row(5)).not.toBeAttached();
  await page.keyboard.press("ArrowDown");
  await expect(row(6)).toBeFocused();
  await expect(row(6)).toBeInViewport({ ratio: 1 });
});

test("the table's box filled with rows when the window grows and when a search is cleared", async ({ page }) => {
  const scroller = page.locator(".scroller");
  const lastInView = () => scroller.evaluate((box) => Math.floor((box.scrollTop + box.clientHeight) / 41) - 1);
  await page.setViewportSize({ width: 1280, height: 600 });
  await openRange(page);
  // The box is 70% of the window's height: at 2,400 px, 1,680 px, some forty rows (more than
  // the rows rendered before the box is first measured), and no blank below them.
  await page.setViewportSize({ width: 1280, height: 2400 });
  await expect.poll(() => scroller.evaluate((box) => box.clientHeight)).toBeGreaterThan(1_600);
  await expect(page.locator(`tr[data-event="e${await lastInView()}"]`)).toBeInViewport();

  // Opened on a search that leaves one row, the box is one row high; cleared, it holds all.
  await page.goto("/audit-logs?from=2026-02-01&to=2026-03-10&q=usr_19999");
  await expect(eventRows(page)).toHaveCount(1);
  await page.getByLabel("Search", { exact: true }).fill("");
  await expect.poll(() => scroller.evaluate((box) => box.clientHeight)).toBeGreaterThan(1_600);
  await expect(page.locator(`tr[data-event="e${await lastInView()}"]`)).toBeInViewport();
});

test("a click completes while rows are added above the pressed one", async ({ page }) => {
  await openRange(page);
  await scrollToPosition(page, 5_000);
  const pressed = page.locator('tr[data-event="e5003"]');
  const box = (await pressed.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  // The table scrolls up under the button and back: rows join above and leave again.
  await scrollToPosition(page, 4_995);
  await expect(page.locator('tr[data-event="e4985"]')).toBeAttached();
  await scrollToPosition(page, 5_000);
  await expect(page.locator('tr[data-event="e4985"]')).not.toBeAttached();
  await page.mouse.up();
  await expect(page.getByRole("dialog")).toContainText("usr_5003");
});
