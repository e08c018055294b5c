import { test, expect, answerList, freezeClock, minutesAgo, mountWith, LIST } from "./fixtures";
import type { Locator, Page } from "@playwright/test";

type Row = { id: string; action: string; at: Date | string | null; name?: string; email?: string; actorId: string };

// Served out of order: the page must sort by time itself.
const ROWS: Row[] = [
  { id: "e4", action: "organization.deleted", at: minutesAgo(30 * 60), actorId: "usr_4", email: "ops@acme.com" },
  { id: "e1", action: "user.created", at: minutesAgo(0.5), actorId: "usr_1", name: "Ada Lovelace", email: "ada@acme.com" },
  { id: "noise", action: "session.created", at: minutesAgo(1), actorId: "usr_1" },
  { id: "e9", action: "member.invited", at: "not a date", actorId: "usr_9", name: "Grace" },
  { id: "e2", action: "password.changed", at: minutesAgo(5), actorId: "usr_2", email: "bob@acme.com" },
  { id: "snake", action: "api_key.created", at: minutesAgo(2), actorId: "usr_2" },
  { id: "e6", action: "webhook.created", at: minutesAgo(10 * 24 * 60), actorId: "usr_6" },
  { id: "e3", action: "user.created.bulk", at: minutesAgo(3 * 60), actorId: "usr_3" },
  { id: "e5", action: "mfa.enabled", at: minutesAgo(3 * 24 * 60 + 5), actorId: "usr_5", name: "Linus" },
];

const EXPECTED = [
  ["user.created", "Ada Lovelace", "just now"],
  ["password.changed", "bob@acme.com", "5 minutes ago"],
  ["user.created.bulk", "usr_3", "3 hours ago"],
  ["organization.deleted", "ops@acme.com", "yesterday"],
  ["mfa.enabled", "Linus", "3 days ago"],
  ["webhook.created", "usr_6", "Feb 28, 2026"],
  ["member.invited", "Grace", "Invalid date"],
];

const docsShape = (row: Row) => ({
  id: row.id,
  action: row.action,
  occurredAt: row.at instanceof Date ? row.at.toISOString() : row.at,
  actor: { type: "user", id: row.actorId, name: row.name, email: row.email },
  target: { type: "user", id: "usr_x" },
  context: { organizationId: "org_1" },
});

const flatShape = (row: Row) => ({
  id: row.id,
  action: row.action,
  occurredAt: row.at instanceof Date ? row.at.getTime() : row.at,
  actorType: "user",
  actorId: row.actorId,
  actorName: row.name,
  actorEmail: row.email,
  targets: JSON.stringify([{ type: "user", id: "usr_x" }]),
  organizationId: "org_1",
  // The shipped backend writes the same time twice (CONTRACT.md).
  createdAt: row.at instanceof Date ? row.at.getTime() : row.at,
});

test("printed, the notifications keep their heading, events and dates, not the controls", async ({ page }) => {
  await freezeClock(page);
  await answerList(page, { data: ROWS.map(docsShape) });
  await page.goto("/notifications");
  const items = page.getByRole("main").getByRole("listitem");
  await expect(items).toHaveCount(EXPECTED.length);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expect(items.first()).toBeVisible();
  for (const control of [page.getByRole("navigation"), page.getByRole("button", { name: "Mark all as read" }), page.getByLabel("Unread only")]) {
    await expect(control).toBeHidden();
  }
  const printedTime = await items.first().locator("time").evaluate((time) => getComputedStyle(time, "::after").content);
  expect(printedTime).toMatch(/^" \(Mar 10, 2026, 11:59:30 UTC\+00:00\)"$/);
});

for (const [shape, toRow] of [
  ["docs", docsShape],
  ["flat", flatShape],
] as const) {
  test(`lists important events newest first from the ${shape} shape`, async ({ page }) => {
    await freezeClock(page);
    await answerList(page, { data: ROWS.map(toRow), listMetadata: { before: null, after: null } });
    await page.goto("/notifications");

    await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
    // The documented description of the page.
    await expect(page.getByText("A focused view of the auth events that matter most — new users, security changes, organization activity, and key management.")).toBeVisible();
    const items = page.getByRole("main").getByRole("listitem");
    await expect(items).toHaveCount(EXPECTED.length);
    for (const [i, [action, actor, when]] of EXPECTED.entries()) {
      const item = items.nth(i);
      await expect(item.locator(".badge")).toHaveText(action);
      await expect(item.locator(".actor")).toHaveText(actor);
      await expect(item.locator("time")).toHaveCount(1);
      await expect(item.locator("time")).toHaveText(when);
    }
    const first = items.first().locator("time");
    await expect(first).toHaveAttribute("datetime", ROWS[1].at instanceof Date ? ROWS[1].at.toISOString() : "");
    await expect(first).toHaveAttribute("title", /2026, 11:59:30 UTC\+00:00/);
    await expect(items.last().locator("time")).not.toHaveAttribute("datetime", /.*/);
    // Each link names its event, so that a list of the page's links tells them apart.
    await expect(items.first().getByRole("link")).toHaveAccessibleName(`View in audit log (${EXPECTED[0][0]} by ${EXPECTED[0][1]})`);
    await expect(items.first().getByRole("link", { name: "View in audit log" })).toHaveAttribute(
      "href",
      "/audit-logs?event=e1",
    );
  });
}

test.describe("at 02:00 in Honolulu", () => {
  test.use({ timezoneId: "Pacific/Honolulu" });

  test("days are counted as elapsed, as the docs' table says, not by the calendar", async ({ page }) => {
    await freezeClock(page); // 12:00 UTC, 02:00 in Honolulu
    const rows: Row[] = [
      { id: "a", action: "user.created", at: minutesAgo(30 * 60), actorId: "usr_a" },
      { id: "b", action: "user.deleted", at: minutesAgo((3 * 24 + 3) * 60), actorId: "usr_b" },
      { id: "c", action: "webhook.created", at: minutesAgo((6 * 24 + 23) * 60), actorId: "usr_c" },
    ];
    await answerList(page, { data: rows.map(flatShape) });
    await page.goto("/notifications");
    // By Honolulu's calendar these were 2, 4 and 7 days ago.
    await expect(page.getByRole("main").getByRole("listitem").locator("time")).toHaveText(["yesterday", "3 days ago", "6 days ago"]);
  });
});

test("from a URL ending in a slash, a notification's link still opens its event", async ({ page }) => {
  await answerList(page, [{ id: "e1", action: "user.created", occurredAt: minutesAgo(5).getTime(), actorId: "usr_1" }]);
  await page.goto("/notifications/");
  await page.getByRole("main").getByRole("listitem").first().getByRole("link", { name: "View in audit log" }).click();
  await expect(page).toHaveURL(/\/audit-logs\?event=e1$/);
  await expect(page.getByRole("dialog", { name: "Event details" })).toContainText("user.created");
});

/** The notifications of ROWS, all shown, in a window `width` px wide. */
async function notificationsAt(page: Page, width: number) {
  await page.setViewportSize({ width, height: 844 });
  await freezeClock(page);
  await answerList(page, { data: ROWS.map(flatShape), listMetadata: { before: null, after: null } });
  await page.goto("/notifications");
  const items = page.getByRole("main").getByRole("listitem");
  await expect(items).toHaveCount(EXPECTED.length);
  return items;
}

// 800 px: the app is wide enough for its sidebar, but the list is too narrow for one line.
for (const width of [390, 800]) {
  test(`on a narrow screen (${width} px) every notification reads the same way: what, then who, then when`, async ({ page }) => {
    const items = await notificationsAt(page, width);
    // The severity and the action share the first line, the actor has the next one to itself,
    // and the time and the link come below it.
    const layouts = await items.evaluateAll((lis) =>
      lis.map((li) => {
        const box = (selector: string) => li.querySelector(selector)!.getBoundingClientRect();
        const middle = (selector: string) => box(selector).top + box(selector).height / 2;
        const below = (selector: string, above: string) => box(selector).top >= box(above).bottom;
        return {
          actionBesideSeverity: Math.abs(middle(".badge") - middle(".severity")) < 4,
          actorBelowAction: below(".actor", ".badge"),
          timeBelowActor: below("time", ".actor"),
          linkBelowActor: below(".details-link", ".actor"),
        };
      }),
    );
    const expected = { actionBesideSeverity: true, actorBelowAction: true, timeBelowActor: true, linkBelowActor: true };
    expect(layouts).toEqual(layouts.map(() => expected));
  });
}

test("on a wide screen each notification is one line, and actions, actors and times line up in columns", async ({ page }) => {
  const items = await notificationsAt(page, 1280);
  const rows = await items.evaluateAll((lis) =>
    lis.map((li) => {
      const box = (selector: string) => li.querySelector(selector)!.getBoundingClientRect();
      const parts = [".severity", ".badge", ".actor", "time", ".details-link"].map(box);
      return {
        lefts: parts.slice(1, 4).map((part) => Math.round(part.left)),
        oneLine: parts.every((part) => part.top >= parts[0].top - 12 && part.bottom <= parts[0].bottom + 12),
      };
    }),
  );
  expect(rows.map((row) => row.oneLine)).toEqual(rows.map(() => true));
  expect(rows.map((row) => row.lefts)).toEqual(rows.map(() => rows[0].lefts));
});

test("on a wide screen a very long custom action wraps in its column instead of squeezing every actor", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 844 });
  await freezeClock(page);
  const long = { id: "long", action: "user.created.via_enterprise_directory_synchronisation_bulk_import_job", at: minutesAgo(1), actorId: "usr_7" };
  await answerList(page, { data: [long, ...ROWS].map(flatShape), listMetadata: { before: null, after: null } });
  await page.goto("/notifications");
  const items = page.getByRole("main").getByRole("listitem");
  await expect(items).toHaveCount(EXPECTED.length + 1);
  // Every other row still shows its actor on one line.
  const actorLines = await items.locator(".actor").evaluateAll((actors) => actors.map((actor) => actor.getClientRects().length === 1 && actor.getBoundingClientRect().height < 30));
  expect(actorLines).toEqual(actorLines.map(() => true));
  await expect(items.nth(1).locator(".badge")).toHaveText(long.action);
});

test("a row's exact time shows while its link has the keyboard's focus, not only in a tooltip, and covers no link", async ({ page }) => {
  await freezeClock(page);
  await answerList(page, { data: ROWS.map(flatShape), listMetadata: { before: null, after: null } });
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 844 });
    await page.goto("/notifications");
    const items = page.getByRole("main").getByRole("listitem");
    await expect(items).toHaveCount(EXPECTED.length);
    const shown = () =>
      items.locator("time").evaluateAll((times) =>
        times.map((time) => getComputedStyle(time, "::after").content.replace(/^"|"$/g, "")).map((text) => (text === "none" ? "" : text)),
      );
    expect((await shown()).filter(Boolean)).toEqual([]);
    // From the keyboard: the second row's link.
    const link = items.nth(1).getByRole("link");
    await link.focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    const title = await items.nth(1).locator("time").getAttribute("title");
    expect(title).toMatch(/2026/);
    expect(await shown()).toEqual(EXPECTED.map((_, i) => (i === 1 ? title : "")));
    // The focused link is not under it (WCAG's focus not obscured), nor the next row's.
    for (const row of [1, 2]) {
      const covered = await items.nth(row).getByRole("link").evaluate((a) => {
        const box = a.getBoundingClientRect();
        return !a.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
      });
      expect(covered, `row ${row} at ${width} px`).toBe(false);
    }
  }
});

test("a name or an action of any length takes at most three lines, and the rows below stay in reach", async ({ page }) => {
  await freezeClock(page);
  // A display name is the user's to choose at sign-up; a custom action the integrator's.
  const huge = { id: "huge", action: `user.created.${"x".repeat(3000)}`, at: minutesAgo(1), actorId: "usr_7", name: "Mallory ".repeat(400) };
  await answerList(page, { data: [huge, ...ROWS].map(flatShape), listMetadata: { before: null, after: null } });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 844 });
    await page.goto("/notifications");
    const items = page.getByRole("main").getByRole("listitem");
    await expect(items).toHaveCount(EXPECTED.length + 1);
    const heights = await items.evaluateAll((rows) => rows.map((row) => row.getBoundingClientRect().height));
    expect(Math.max(...heights), `at ${width} px`).toBeLessThan(300); // 2,000 px and more before
  }
});

for (const width of [390, 1280]) {
  test(`Important actions' last controls start where the rest do (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 844 });
    await answerList(page, []);
    await page.goto("/notifications");
    await page.getByText("Important actions", { exact: true }).click();
    const left = async (locator: Locator) => Math.round((await locator.boundingBox())!.x);
    const reset = page.getByRole("button", { name: "Reset to defaults" });
    const toggle = page.locator(".settings .toggle");
    const add = page.getByText("Add an action", { exact: true });
    expect(await left(reset)).toBe(await left(add));
    // Beside Reset when there is room, else under it, at the same start.
    if (width < 600) expect(await left(toggle)).toBe(await left(reset));
    else expect(await left(toggle)).toBeGreaterThan(await left(reset));
  });
}

test("the text follows the browser's default font size", async ({ page }) => {
  await freezeClock(page);
  await answerList(page, { data: ROWS.map(flatShape), listMetadata: { before: null, after: null } });
  await page.goto("/notifications");
  const size = (selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const [actor, badge] = [await size(".actor"), await size(".notification .badge")];
  // An admin who sets a larger default font (here twice the usual 16 px) gets all of it larger.
  await page.evaluate(() => (document.documentElement.style.fontSize = "32px"));
  expect(await size(".actor")).toBeCloseTo(actor * 2, 1);
  expect(await size(".notification .badge")).toBeCloseTo(badge * 2, 1);
});

test("asks the list endpoint for one page of recent events, with the session cookie", async ({ page }) => {
  let body: unknown;
  let cookie: string | undefined;
  await page.route(LIST, async (route) => {
    body = route.request().postDataJSON();
    cookie = (await route.request().allHeaders()).cookie;
    expect(route.request().headers()["content-type"]).toBe("application/json");
    await route.fulfill({ json: { data: [], listMetadata: { before: null, after: null } } });
  });
  await page.goto("/notifications");
  await expect(page.getByText("No notifications")).toBeVisible();
  expect(body).toEqual({ limit: 50 });
  expect(cookie).toContain("banata_session=");
});

test("relative times stay true while the page is open", async ({ page }) => {
  await freezeClock(page);
  await answerList(page, [docsShape(ROWS[1])]);
  await page.goto("/notifications");
  const time = page.getByRole("main").locator("time");
  await expect(time).toHaveText("just now");
  // How far back the list reaches grows with it: polls keep it up to now.
  const reach = page.getByText(/^Looked back/);
  await expect(reach).toHaveText("Looked back less than a minute (1 page).");
  // Half a minute old: at most a quarter of a minute behind, it is "1 minute ago" as soon as
  // it is one (a clock of whole minutes said "just now" of an event 1 min 29 s old).
  await page.clock.runFor(15_000);
  await expect(time).toHaveText("just now");
  await page.clock.runFor(15_000);
  await expect(time).toHaveText("1 minute ago");
  await page.clock.runFor(120_000);
  await expect(reach).toHaveText("Looked back 3 minutes (1 page).");
});

test("shows the documented empty state when nothing important happened", async ({ page }) => {
  await answerList(page, { data: [docsShape(ROWS[2]), docsShape(ROWS[5])] });
  await page.goto("/notifications");
  await expect(page.getByText("No notifications", { exact: true })).toBeVisible();
  await expect(page.getByText("You're all caught up. Check back later for updates.")).toBeVisible();
  await expect(page.getByRole("main").getByRole("listitem")).toHaveCount(0);
});

test("shows pulsing skeleton rows and aria-busy while loading", async ({ page }) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(LIST, async (route) => {
    await held;
    await route.fulfill({ json: { data: [docsShape(ROWS[1])] } });
  });
  await page.goto("/notifications");
  const region = page.getByRole("region", { name: "Recent notifications" });
  await expect(region).toHaveAttribute("aria-busy", "true");
  await expect(region.locator(".skeleton li").first()).toBeVisible();
  // It pulses, as one, unless the admin asks for less motion.
  await expect(region.locator(".skeleton")).toHaveCSS("animation-name", "ba-pulse");
  await page.emulateMedia({ reducedMotion: "reduce" });
  await expect(region.locator(".skeleton")).toHaveCSS("animation-name", "none");
  release();
  await expect(region).toHaveAttribute("aria-busy", "false");
  await expect(region.getByRole("listitem")).toHaveCount(1);
});

test("a server error says what happened, and Retry recovers without a reload", async ({ page }) => {
  await answerList(page, { message: "database is on fire" }, 500);
  await page.goto("/notifications");
  const alert = page.getByRole("alert");
  // Three retries first (failing-backend.spec.ts).
  await expect(alert).toContainText("Failed to load notifications", { timeout: 10_000 });
  await expect(alert).toContainText("HTTP 500: database is on fire");
  await page.unroute(LIST);
  await answerList(page, { data: [docsShape(ROWS[1])] });
  // A mark on this document, which a reload would drop.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByRole("main").getByRole("listitem")).toHaveCount(1);
  await expect(page.getByRole("alert")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await expect(page.getByRole("region", { name: "Recent notifications" })).toBeFocused();
});

for (const [status, text] of [
  [401, "You are not signed in"],
  [403, "Notifications require admin-level access."],
] as const) {
  test(`HTTP ${status} tells the admin what to do`, async ({ page }) => {
    await answerList(page, { message: "nope" }, status);
    await page.goto("/notifications");
    await expect(page.getByRole("alert")).toContainText("Failed to load notifications");
    await expect(page.getByRole("alert")).toContainText(text);
  });
}

test("a 401 links to the configured sign-in page", async ({ page }) => {
  await mountWith(page, "**/notifications", 'data-sign-in-url="/sign-in?next=%2Fnotifications"');
  await answerList(page, { message: "nope" }, 401);
  await page.goto("/notifications");
  await expect(page.getByRole("alert").getByRole("link", { name: "Sign in" })).toHaveAttribute(
    "href",
    "/sign-in?next=%2Fnotifications",
  );
});

test("a sign-in URL that could run code is refused with a message naming it", async ({ page }) => {
  await mountWith(page, "**/notifications", 'data-sign-in-url="javascript:alert(1)"');
  await answerList(page, { message: "nope" }, 401);
  await page.goto("/notifications");
  await expect(page.getByText("This page is misconfigured: data-sign-in-url must be")).toBeVisible();
  await expect(page.locator("a[href^=javascript]")).toHaveCount(0);
  await expect(page.getByRole("alert").filter({ hasText: "Failed to load notifications" })).toBeVisible();
});

test("an unreachable backend is named as such", async ({ page }) => {
  await page.route(LIST, (route) => route.abort("connectionrefused"));
  await page.goto("/notifications");
  await expect(page.getByRole("alert")).toContainText("could not be reached");
});

test("a body that is not JSON is a clear error, not a crash", async ({ page }) => {
  await answerList(page, "{oops");
  await page.goto("/notifications");
  await expect(page.getByRole("alert")).toContainText("not valid JSON");
});

test("markup in the data is shown as text and never runs", async ({ page }) => {
  const hostile = '<img src=x onerror="window.__pwned=1">user.created';
  await answerList(page, [
    {
      id: "javascript:window.__pwned=3",
      action: hostile,
      occurredAt: Date.now(),
      actorName: "<script>window.__pwned=2</script>",
      actorId: "u",
    },
  ]);
  await page.goto("/notifications");
  const item = page.getByRole("main").getByRole("listitem");
  await expect(item.locator(".badge")).toHaveText(hostile);
  await expect(item.locator(".actor")).toHaveText("<script>window.__pwned=2</script>");
  await expect(page.locator("main img, main script")).toHaveCount(0);
  await expect(item.getByRole("link")).toHaveAttribute("href", "/audit-logs?event=javascript%3Awindow.__pwned%3D3");
  await item.getByRole("link").click();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("one unreadable row is counted in the singular", async ({ page }) => {
  await answerList(page, { data: [null, docsShape(ROWS[1])] });
  await page.goto("/notifications");
  await expect(page.getByText("1 unreadable or repeated row in the response was skipped.")).toBeVisible();
});

test("rows that cannot be read are counted, the rest are shown", async ({ page }) => {
  await freezeClock(page);
  await answerList(page, { data: [null, 42, { action: "user.created" }, docsShape(ROWS[1])] });
  await page.goto("/notifications");
  await expect(page.getByRole("main").getByRole("listitem")).toHaveCount(1);
  await expect(page.getByText("3 unreadable or repeated rows in the response were skipped.")).toBeVisible();
});
