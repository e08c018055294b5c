import { test, expect, answerList, freezeClock, screenshotPixels } from "./fixtures";

const at = (iso: string) => Date.parse(iso);
const rows = [
  { id: "1", action: "session.created", occurredAt: at("2026-03-07T10:00:00Z"), actorId: "u" },
  { id: "2", action: "session.created", occurredAt: at("2026-03-07T11:00:00Z"), actorId: "u" },
  { id: "3", action: "user.created", occurredAt: at("2026-03-05T09:00:00Z"), actorId: "u" },
  { id: "4", action: "report.generated", occurredAt: at("2026-03-02T09:00:00Z"), actorId: "u" },
];

test("counts by category, top actions, and a chart whose bars narrow the range", async ({ page }) => {
  await freezeClock(page);
  await answerList(page, rows);
  await page.goto("/audit-logs?from=2026-03-01&to=2026-03-08");
  await page.getByText("Statistics").click();
  await expect(page.locator("details.stats")).toContainText("Counting all 4 events in this date range.");

  const byCategory = page.getByRole("region", { name: "By category" });
  await expect(byCategory.locator("dt")).toHaveText(["User", "Session", "Email & password", "Organization", "Security", "Custom"]);
  await expect(byCategory.locator("dd")).toHaveText(["1", "2", "0", "0", "0", "1"]);
  await expect(page.getByRole("region", { name: "Top actions" }).getByRole("listitem")).toHaveText([
    "session.created 2",
    "report.generated 1",
    "user.created 1",
  ]);
  // Counts line up at the right edge of each list.
  for (const [list, count, rows] of [["By category", "dd", 6], ["Top actions", ".tally", 3]] as const) {
    const rights = await page.getByRole("region", { name: list }).locator(count).evaluateAll((counts) => counts.map((c) => Math.round(c.getBoundingClientRect().right)));
    expect(rights, list).toHaveLength(rows);
    expect(rights, list).toEqual(rights.map(() => rights[0]));
  }

  // A bar per day; the days with events are buttons, the empty ones not (no rows to show).
  await expect(page.locator(".chart .bar")).toHaveCount(8);
  const bars = page.getByRole("group", { name: "Events over time" }).getByRole("button");
  await expect(bars).toHaveCount(3);
  // The axis under the bars names the first and last day.
  await expect(page.getByRole("figure").locator(".chart-axis span")).toHaveText(["Mar 1", "Mar 8"]);
  const march7 = bars.filter({ has: page.locator("title", { hasText: "Mar 7: 2 events" }) });
  await expect(march7).toHaveCount(1);
  await march7.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/from=2026-03-07&to=2026-03-07/);
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(2);
  // The bar goes with the rows it counted: the focus goes to the events, and the
  // statistics stay open for the narrowed range, by the hour.
  await expect(page.getByRole("region", { name: "Audit events" })).toBeFocused();
  await expect(page.locator("details.stats")).toHaveAttribute("open", "");
  await expect(page.locator(".chart .bar")).toHaveCount(24);
});

test("the chart's bars are one Tab stop; the arrow keys, Home and End move between them", async ({ page }) => {
  await freezeClock(page);
  await answerList(page, rows);
  await page.goto("/audit-logs?from=2026-03-01&to=2026-03-08");
  const summary = page.locator("details.stats summary");
  await summary.click();
  const bars = page.getByRole("group", { name: "Events over time" }).getByRole("button");
  await expect(bars).toHaveCount(3);
  const focusedBar = () => page.evaluate(() => document.activeElement?.closest(".bar")?.querySelector("title")?.textContent ?? null);
  // Past the days without events, which are not buttons, to the first that is.
  await summary.focus();
  await page.keyboard.press("Tab");
  expect(await focusedBar()).toMatch(/^Mar 2/);
  await page.keyboard.press("ArrowRight");
  expect(await focusedBar()).toMatch(/^Mar 5/);
  await page.keyboard.press("End");
  expect(await focusedBar()).toMatch(/^Mar 7/);
  await page.keyboard.press("ArrowRight"); // the last stays
  expect(await focusedBar()).toMatch(/^Mar 7/);
  await page.keyboard.press("Home");
  expect(await focusedBar()).toMatch(/^Mar 2/);
  await page.keyboard.press("ArrowDown");
  // One press of Tab leaves the chart, and Shift+Tab comes back to the bar last moved to.
  await page.keyboard.press("Tab");
  expect(await focusedBar()).toBeNull();
  await page.keyboard.press("Shift+Tab");
  expect(await focusedBar()).toMatch(/^Mar 5/);
  await page.keyboard.press("Shift+Tab");
  await expect(summary).toBeFocused();
});

test("a top action of any length takes at most three lines", async ({ page }) => {
  await freezeClock(page);
  await answerList(page, [...rows, { id: "5", action: `custom.${"x".repeat(3000)}`, occurredAt: at("2026-03-06T09:00:00Z"), actorId: "u" }]);
  await page.goto("/audit-logs?from=2026-03-01&to=2026-03-08");
  await page.getByText("Statistics").click();
  const top = page.getByRole("region", { name: "Top actions" }).getByRole("listitem");
  await expect(top).toHaveCount(4);
  const heights = await top.evaluateAll((items) => items.map((item) => item.getBoundingClientRect().height));
  expect(Math.max(...heights)).toBeLessThan(100);
  // Its count still shows, at the right edge with the others', and every item its rank.
  const rights = await top.locator(".tally").evaluateAll((counts) => counts.map((c) => Math.round(c.getBoundingClientRect().right)));
  expect(rights).toEqual(rights.map(() => rights[0]));
  expect(await top.evaluateAll((items) => items.map((item) => getComputedStyle(item).display))).toEqual(rights.map(() => "list-item"));
});

test("statistics count every loaded event, whatever the search", async ({ page }) => {
  await freezeClock(page);
  await answerList(page, rows);
  await page.goto("/audit-logs?from=2026-03-01&to=2026-03-08");
  await page.getByText("Statistics").click();
  await page.getByLabel("Search", { exact: true }).fill("report");
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("details.stats")).toContainText("Counting all 4 events in this date range.");
  await expect(page.getByRole("region", { name: "Top actions" }).getByRole("listitem")).toHaveText([
    "session.created 2",
    "report.generated 1",
    "user.created 1",
  ]);
});

test.describe("in Tokyo", () => {
  test.use({ timezoneId: "Asia/Tokyo" });

  test("the chart follows the UTC toggle, and counts events ahead of the browser's clock", async ({ page }) => {
    await freezeClock(page); // 2026-03-10T12:00Z, 21:00 in Tokyo
    await answerList(page, [
      { id: "1", action: "session.created", occurredAt: at("2026-03-10T12:00:30Z"), actorId: "u" },
      { id: "2", action: "session.created", occurredAt: at("2026-03-10T11:00:00Z"), actorId: "u" },
    ]);
    await page.goto("/audit-logs");
    await page.getByText("Statistics").click();
    // Without a range the statistics can count no more than the page, and say so.
    await expect(page.locator("details.stats")).toContainText("Counting the 2 events on this page only: choose a date range to count a period.");
    const titles = page.locator(".chart .bar title");
    await expect(titles).toHaveText(["Mar 10, 20:00: 1 event", "Mar 10, 21:00: 1 event"]);
    await page.getByLabel("Times in UTC").check();
    await expect(titles).toHaveText(["Mar 10, 11:00: 1 event", "Mar 10, 12:00: 1 event"]);
  });
});

test("hourly bars offer their day, and none is offered when the range is that day already", async ({ page }) => {
  await freezeClock(page); // 2026-03-10T12:00Z
  await answerList(page, [
    { id: "1", action: "session.created", occurredAt: at("2026-03-09T15:30:00Z"), actorId: "u" },
    { id: "2", action: "session.created", occurredAt: at("2026-03-10T09:00:00Z"), actorId: "u" },
  ]);
  await page.goto("/audit-logs?range=24h");
  await page.getByText("Statistics").click();
  const chart = page.getByRole("group", { name: "Events over time" });
  const yesterday = chart.getByRole("button", { name: "Mar 9, 15:00: 1 event. Show only Mar 9." });
  await yesterday.click();
  await expect(page).toHaveURL(/from=2026-03-09&to=2026-03-09/);

  // With that day as the range, its hourly bars have nothing narrower to offer.
  await page.goto("/audit-logs?from=2026-03-09&to=2026-03-09");
  await page.getByText("Statistics").click();
  await expect(page.locator(".chart .bar")).toHaveCount(24);
  await expect(page.locator(".chart .bar").first()).toBeVisible();
  await expect(chart.getByRole("button")).toHaveCount(0);
  await expect(page.getByRole("figure")).toContainText("Activity");
  await expect(page.getByRole("figure")).not.toContainText("select a bar");
});

test("a rolling range's first day says from when its bar counts, and offers the whole day", async ({ page }) => {
  await freezeClock(page); // 2026-03-10T12:00Z: the last 7 days start at Mar 3, 12:00
  await answerList(page, [
    { id: "1", action: "session.created", occurredAt: at("2026-03-03T15:00:00Z"), actorId: "u" },
    { id: "2", action: "session.created", occurredAt: at("2026-03-03T09:00:00Z"), actorId: "u" },
  ]);
  await page.goto("/audit-logs?range=7d");
  await page.getByText("Statistics").click();
  const chart = page.getByRole("group", { name: "Events over time" });
  await chart.getByRole("button", { name: "Mar 3, from 12:00: 1 event. Show all of Mar 3." }).click();
  await expect(page).toHaveURL(/from=2026-03-03&to=2026-03-03/);
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(2);
});

test.describe("in Havana, where Mar 8 has no midnight", () => {
  test.use({ timezoneId: "America/Havana" });

  test("a week across the change charts by day, and the day starts at its first hour", async ({ page }) => {
    await freezeClock(page); // 2026-03-10T12:00Z
    await answerList(page, [
      { id: "1", action: "user.created", occurredAt: at("2026-03-09T12:00:00Z"), actorId: "u" },
      { id: "2", action: "user.created", occurredAt: at("2026-03-08T05:30:00Z"), actorId: "u" }, // Mar 8, 01:30
      { id: "3", action: "user.created", occurredAt: at("2026-03-08T04:30:00Z"), actorId: "u" }, // Mar 7, 23:30
    ]);
    await page.goto("/audit-logs?range=7d");
    await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(3);
    await page.getByText("Statistics").click();
    await expect(page.locator(".chart .bar title")).toHaveText([
      "Mar 3, from 07:00: 0 events",
      "Mar 4: 0 events",
      "Mar 5: 0 events",
      "Mar 6: 0 events",
      "Mar 7: 1 event",
      "Mar 8: 1 event",
      "Mar 9: 1 event",
      "Mar 10: 0 events",
    ]);
    await page.goto("/audit-logs?from=2026-03-08&to=2026-03-08");
    await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
  });
});

test("a focused bar's ring shows whole, its edge below the chart too", async ({ page }) => {
  await freezeClock(page);
  await answerList(page, rows);
  await page.goto("/audit-logs?from=2026-03-01&to=2026-03-08");
  await page.getByText("Statistics").click();
  const bar = page.getByRole("group", { name: "Events over time" }).getByRole("button").first();
  await bar.focus();
  await bar.evaluate((bar) => bar.scrollIntoView({ block: "center" }));
  const { x, bottom, colour } = await bar.evaluate((bar) => {
    const { x, width, bottom } = bar.getBoundingClientRect();
    return { x: x + width / 2, bottom, colour: getComputedStyle(bar).outlineColor.match(/\d+/g)!.map(Number) };
  });
  // The ring's bottom edge, 2 px wide, at the chart's bottom edge: from 2 px above the bar's
  // bottom, so that a fractional position does not move it out of the rows looked at.
  const pixels = await screenshotPixels(page, { x: Math.floor(x), y: Math.floor(bottom) - 2, width: 1, height: 8 });
  const ring = [0, 1, 2, 3, 4, 5, 6, 7].filter((y) => pixels.at(0, y).every((value, i) => Math.abs(value - colour[i]) < 24));
  expect(ring.length).toBeGreaterThanOrEqual(2);
});
