import {
  test,
  expect,
  answerList,
  freezeClock,
  NOW,
  expectNothingExecuted,
  expectNoHorizontalOverflow,
} from "./fixtures";
import type { Locator, Page } from "@playwright/test";

/** Every `<time datetime>` holds a date-time HTML can read: years 1 to 9999, no sign. */
async function expectValidDatetimes(scope: Locator) {
  const values = await scope.locator("time[datetime]").evaluateAll((times) => times.map((time) => time.getAttribute("datetime")));
  for (const value of values) expect(value).toMatch(/^(?!0000)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
}

// Hostile list responses, one table of cases run on both pages. Every case ends in a clear
// state (the failure, or the readable rows plus a note of the skipped ones), with nothing
// executed and nothing wider than the viewport. The fixture fails on any page error,
// wasm panic or CSP report.

const PWN = "window.__pwned=1";
const LONG = "x".repeat(10_000);
const MB = 1024 * 1024;

/** An object nested `levels` deep. */
const deep = (levels: number): unknown => (levels === 0 ? 1 : { a: deep(levels - 1) });

let sequence = 0;
const at = (minutesAgo: number) => NOW.getTime() - minutesAgo * 60_000;
/** One flat row as the shipped backend sends it, an important action so both pages show it. */
const row = (fields: Record<string, unknown> = {}) => ({
  id: `row-${++sequence}`,
  action: "user.created",
  occurredAt: at(5),
  actorType: "user",
  actorId: "usr_1",
  actorName: "Ada",
  ...fields,
});

type Case = {
  name: string;
  /** The list response; a string is sent as is. */
  body: unknown;
  /** The page fails with this reason. */
  error?: RegExp | string;
  /** Rows on screen and rows the skipped note counts. */
  shown?: number;
  skipped?: number;
  /** The time each row shows, newest first. */
  times?: string[];
  /** Text that must be on both pages verbatim, as text (an action or an actor). */
  text?: string[];
  /** Text the Audit Logs detail dialog must show whole (for the first row). */
  details?: string[];
};

const NOT_JSON = /could not be read: the response is not valid JSON/;
const WEB_PAGE = "The backend answered with a web page, not events. Check the API base URL setting.";
const NO_LIST = /could not be read: the response holds no list of events/;

const CASES: Case[] = [
  // Bodies that are not JSON, or JSON without an event list.
  { name: "an HTML error page", body: "<html><body><h1>502 Bad Gateway</h1><script>window.__pwned=1</script></body></html>", error: WEB_PAGE },
  { name: "an empty body", body: "", error: NOT_JSON },
  { name: "truncated JSON", body: '{"data":[{"id":"a","action":"user.created"', error: NOT_JSON },
  { name: "top-level null", body: "null", error: NO_LIST },
  { name: "a top-level number", body: "42", error: NO_LIST },
  { name: "a top-level string", body: '"[{\\"id\\":\\"a\\"}]"', error: NO_LIST },
  { name: "data null", body: { data: null, listMetadata: { before: null, after: null } }, error: NO_LIST },
  { name: "data an object", body: { data: { id: "a", action: "user.created" } }, error: NO_LIST },

  // A 200 that reports an error: without rows it is that error, never "no events"; rows
  // beside one are still shown; markup in its message stays text.
  { name: "an error beside an empty list", body: { data: [], error: "Database unavailable" }, error: "The backend reported an error: Database unavailable." },
  {
    name: "an error object with markup and a secret, no list",
    body: { error: { message: `<img src=x onerror="${PWN}"> token=sk_live_4242`, code: 503 } },
    error: `The backend reported an error: <img src=x onerror="${PWN}"> token=[redacted]`,
  },
  { name: "rows beside a reported error", body: { data: [row(), row()], error: "partial results" }, shown: 2 },
  { name: "an error that reports none", body: { data: [], error: null }, shown: 0 },

  // Lists whose rows are partly unreadable: the readable ones stay, the rest are counted.
  { name: "a bare top-level array", body: [row(), row()], shown: 2 },
  { name: "an empty list", body: { data: [] }, shown: 0 },
  { name: "rows that are null, numbers, strings and arrays", body: { data: [row(), null, 42, "row", [row()], true, row()] }, shown: 2, skipped: 5 },
  { name: "every row unreadable", body: [null, 1, "x"], shown: 0, skipped: 3 },
  {
    name: "missing, empty and object ids",
    body: [row(), { action: "user.created", occurredAt: at(1) }, row({ id: "" }), row({ id: "  " }), row({ id: { v: 1 } }), row({ id: null })],
    shown: 1,
    skipped: 5,
  },
  { name: "numeric ids", body: [row({ id: 101 }), row({ id: 102 })], shown: 2 },
  { name: "duplicate ids", body: [row({ id: "dup" }), row({ id: "dup", action: "user.deleted" }), row()], shown: 2, skipped: 1 },
  {
    name: "numbers where strings belong",
    body: [row({ actorName: 4242, actorEmail: 7, organizationId: 12345, ipAddress: 1, userAgent: 2, requestId: 3, targets: 5 })],
    shown: 1,
    text: ["4242"],
    details: ["12345"],
  },
  {
    name: "arrays and strings where objects belong",
    body: [
      {
        id: "docs-shape",
        action: "user.created",
        occurredAt: new Date(at(5)).toISOString(),
        actor: ["usr_1"],
        actorName: "Flat Name",
        target: "usr_2",
        targets: { type: "user", id: "usr_3" },
        context: ["org_1"],
        changes: [1, 2],
        metadata: "not json {",
      },
    ],
    shown: 1,
    text: ["Flat Name"],
    details: ["user usr_3", "not json {"],
  },
  {
    // JavaScript cannot hold these numbers, so the body is written out as text.
    name: "numbers past a float's precision, kept as sent",
    body: `[${JSON.stringify(row()).slice(0, -1)},"metadata":{"accountId":18446744073709551617,"ratio":0.10000000000000000001}}]`,
    shown: 1,
    details: ['"accountId": 18446744073709551617', '"ratio": 0.10000000000000000001'],
  },
  { name: "listMetadata a string", body: { data: [row()], listMetadata: "after=abc" }, shown: 1 },
  { name: "listMetadata an array", body: { data: [row()], listMetadata: [null, "abc"] }, shown: 1 },
  { name: "cursors of the wrong type", body: { data: [row()], listMetadata: { before: { id: 1 }, after: ["abc"] } }, shown: 1 },
  { name: "empty-string cursors", body: { data: [row()], listMetadata: { before: "", after: "" } }, shown: 1 },

  // Invalid and extreme times: the row stays, with its time shown or marked invalid.
  {
    name: "garbage, missing and wrong-typed times",
    body: [row({ occurredAt: "soon" }), row({ occurredAt: null }), row({ occurredAt: true }), row({ occurredAt: { ms: 1 } }), row({ occurredAt: "" })],
    shown: 5,
    times: Array(5).fill("Invalid date"),
  },
  {
    name: "ISO 8601 times that RFC 3339 does not write, and one without an offset",
    body: [
      row({ occurredAt: "2026-03-10T11:50Z" }),
      row({ occurredAt: "2026-03-10T13:00+0200" }),
      row({ occurredAt: "2026-03-08" }),
      row({ occurredAt: "2026-03-10T11:50:00" }),
    ],
    shown: 4,
    times: ["10 minutes ago", "1 hour ago", "2 days ago", "Invalid date"],
  },
  { name: "a negative epoch", body: [row({ occurredAt: -86_400_000 })], shown: 1, times: ["Dec 31, 1969"] },
  { name: "epoch 1e20", body: [row({ occurredAt: 1e20 })], shown: 1, times: ["Invalid date"] },
  {
    name: "year 275760, the end of JavaScript time",
    body: [row({ occurredAt: 8.64e15 }), row({ occurredAt: "+275760-09-13T00:00:00.000Z" })],
    shown: 2,
    times: ["Invalid date", "Invalid date"],
  },
  {
    // The last is chrono's last millisecond: a chart's hour after it would not exist.
    name: "years HTML cannot write (10000 and 0)",
    body: [
      row({ occurredAt: Date.parse("9999-12-31T23:59:59Z") + 1000 }),
      row({ occurredAt: -62_167_219_200_000 }),
      row({ occurredAt: 8_210_266_876_799_999 }),
    ],
    shown: 3,
    times: Array(3).fill("Invalid date"),
  },
  { name: "the far future", body: [row({ occurredAt: "9999-12-31T23:59:59Z" }), row({ occurredAt: at(-10) })], shown: 2, times: ["Dec 31, 9999", "Mar 10, 2026"] },
  // The page's clock ticks once a minute and a backend's clock may run ahead.
  { name: "a backend clock a few minutes ahead", body: [row({ occurredAt: at(-3) })], shown: 1, times: ["just now"] },
  {
    name: "ISO strings with offsets",
    body: [row({ occurredAt: "2026-03-10T13:55:00+02:00" }), row({ occurredAt: "2026-03-10T06:00:00.000-05:00" })],
    shown: 2,
    times: ["5 minutes ago", "1 hour ago"],
  },

  // Big responses.
  {
    name: "10 MB in one field",
    body: { data: [row({ id: "huge", metadata: JSON.stringify({ blob: "b".repeat(10 * MB) }) }), row()] },
    shown: 2,
  },
  {
    name: "10 MB of rows",
    body: { data: Array.from({ length: 2_000 }, (_, i) => row({ id: `bulk-${i}`, occurredAt: at(i % 600), metadata: "m".repeat(5_000) })) },
    shown: 2_000,
  },

  // Markup, scripts, links, direction overrides, invisible characters, very long words.
  {
    name: "markup and scripts in every field",
    body: [
      row({
        id: `"><img src=x onerror=${PWN}>`,
        action: `user.created<script>${PWN}</script>`,
        actorName: `<img src=x onerror="${PWN}">`,
        actorEmail: `javascript:${PWN}`,
        targets: JSON.stringify([{ type: "<b>user</b>", id: `<svg onload="${PWN}">`, email: `javascript:${PWN}` }]),
        organizationId: `<iframe srcdoc="<script>parent.__pwned=1</script>">`,
        userAgent: `<a href="javascript:${PWN}">ua</a>`,
        metadata: JSON.stringify({ link: `javascript:${PWN}`, html: `<img src=x onerror=${PWN}>` }),
        changes: JSON.stringify({ before: { bio: "" }, after: { bio: `<script>${PWN}</script>` } }),
      }),
    ],
    shown: 1,
    text: [`user.created<script>${PWN}</script>`, `<img src=x onerror="${PWN}">`],
    details: [`"><img src=x onerror=${PWN}>`, `javascript:${PWN}`, `<a href="javascript:${PWN}">ua</a>`, `<script>${PWN}</script>`],
  },
  {
    name: "right-to-left overrides and zero-width characters",
    body: [row({ id: "rtl\u202e", actorName: "\u202eAda\u202c.exe", organizationId: "org\u200b_\u200dacme\ufeff", action: "user.created\u202e" })],
    shown: 1,
    text: ["\u202eAda\u202c.exe", "user.created\u202e"],
    details: ["rtl\u202e", "org\u200b_\u200dacme\ufeff"],
  },
  {
    name: "10,000-character words",
    body: [
      row({
        id: `id-${LONG}`,
        action: `user.created.${LONG}`,
        actorName: `name-${LONG}`,
        targets: JSON.stringify([{ type: "user", id: `target-${LONG}` }]),
        organizationId: `org-${LONG}`,
        userAgent: `ua-${LONG}`,
        metadata: JSON.stringify({ note: `note-${LONG}` }),
        changes: JSON.stringify({ before: {}, after: { [`field-${LONG}`]: `value-${LONG}` } }),
      }),
    ],
    shown: 1,
    text: [`user.created.${LONG}`, `name-${LONG}`],
    details: [`id-${LONG}`, `ua-${LONG}`, `note-${LONG}`, `field-${LONG}`, `value-${LONG}`],
  },
  // Deeper than any JSON reader builds (serde_json stops at 128 levels): said, not dropped,
  // and the changes not read as a role added.
  {
    name: "metadata nested 200 levels deep",
    body: [row({ metadata: JSON.stringify({ reason: "demotion", tree: deep(200) }) })],
    shown: 1,
    details: ["[could not be shown]"],
  },
  {
    name: "changes nested 200 levels deep",
    body: [
      row({
        metadata: JSON.stringify({ reason: "demotion" }),
        changes: JSON.stringify({ before: { role: "owner", prefs: deep(200) }, after: { role: "member" } }),
      }),
    ],
    shown: 1,
    details: ["[could not be shown]", "demotion"],
  },
];

type Screen = {
  path: string;
  failed: string;
  region: (page: Page) => Locator;
  rows: (page: Page) => Locator;
  /** How many rows the screen says it shows (the table virtualises long lists). */
  shown: (page: Page) => Promise<number>;
  time: (row: Locator) => Locator;
  empty: string;
  /** What it says when rows came and none could be read, if not `empty`. */
  unreadable?: string;
  /** The most rows it holds, and what it says when it holds only those. */
  bound?: { rows: number; note: string };
};

const SCREENS: Record<string, Screen> = {
  Notifications: {
    path: "/notifications",
    failed: "Failed to load notifications",
    region: (page) => page.getByRole("region", { name: "Recent notifications" }),
    rows: (page) => page.locator("ul.notifications > li"),
    shown: (page) => page.locator("ul.notifications > li").count(),
    time: (row) => row.locator("time"),
    empty: "No notifications",
    bound: { rows: 200, note: "Showing the newest 200 notifications; Audit Logs has every event." },
  },
  "Audit Logs": {
    path: "/audit-logs",
    failed: "Failed to load audit logs",
    region: (page) => page.getByRole("region", { name: "Audit events" }),
    rows: (page) => page.getByRole("table", { name: "Audit events" }).locator("tbody tr:not(.spacer)"),
    shown: (page) =>
      page.evaluate(() => Number(document.querySelector("table.events")?.getAttribute("aria-rowcount") ?? 1) - 1),
    time: (row) => row.locator("td").nth(4).locator("time"),
    empty: "No audit events recorded yet.",
    unreadable: "No event in the response could be read.",
  },
};

const onPage = (page: Page, text: string) =>
  page.evaluate((wanted) => (document.querySelector("main")?.textContent ?? "").includes(wanted), text);

test.beforeEach(async ({ page }) => {
  await freezeClock(page);
});

for (const [screenName, screen] of Object.entries(SCREENS)) {
  test.describe(screenName, () => {
    for (const c of CASES) {
      test(c.name, async ({ page }) => {
        // A ceiling, not a speed test: 10 MB is parsed twice (inbox and page) on a shared CPU.
        const big = c.name.includes("10 MB");
        if (big) test.setTimeout(240_000);
        await answerList(page, c.body);
        await page.goto(screen.path);
        await expect(screen.region(page)).toHaveAttribute("aria-busy", "false", { timeout: big ? 180_000 : 30_000 });

        if (c.error) {
          const alert = screen.region(page).getByRole("alert");
          await expect(alert).toContainText(screen.failed);
          await expect(alert).toContainText(c.error);
          await expect(alert.getByRole("button", { name: "Retry" })).toBeVisible();
        } else {
          // Past a screen's bound, the newest it holds, and it says so: no row is lost unsaid.
          const bounded = screen.bound && (c.shown ?? 0) > screen.bound.rows ? screen.bound : undefined;
          await expect.poll(() => screen.shown(page)).toBe(bounded ? bounded.rows : (c.shown ?? 0));
          if (bounded) await expect(screen.region(page).getByText(bounded.note)).toBeVisible();
          const empty = (c.skipped && screen.unreadable) || screen.empty;
          if (!c.shown) await expect(screen.region(page).getByText(empty)).toBeVisible();
          const note = screen.region(page).getByText(/unreadable or repeated rows? in the response (was|were) skipped/);
          if (c.skipped) {
            const [rows, were] = c.skipped === 1 ? ["row", "was"] : ["rows", "were"];
            await expect(note).toHaveText(`${c.skipped} unreadable or repeated ${rows} in the response ${were} skipped.`);
          } else {
            await expect(note).toHaveCount(0);
          }
          if (c.times) await expect(screen.rows(page).locator("time")).toHaveText(c.times);
          await expectValidDatetimes(screen.region(page));
          for (const text of c.text ?? []) expect(await onPage(page, text), `"${text.slice(0, 40)}" on the page`).toBe(true);
        }
        await expectNothingExecuted(page);
        await expectNoHorizontalOverflow(page);

        if (screenName === "Audit Logs" && c.shown) {
          await screen.rows(page).first().click();
          const dialog = page.getByRole("dialog", { name: "Event details" });
          await expect(dialog).toBeVisible();
          for (const text of c.details ?? []) {
            const whole = await dialog.evaluate((element, wanted) => (element.textContent ?? "").includes(wanted), text);
            expect(whole, `"${text.slice(0, 40)}" whole in the dialog`).toBe(true);
          }
          await expectValidDatetimes(dialog);
          const fits = await dialog.evaluate((element) => element.scrollWidth <= element.clientWidth);
          expect(fits, "the dialog does not scroll sideways").toBe(true);
          await expectNothingExecuted(page);
          await expectNoHorizontalOverflow(page);
          await page.keyboard.press("Escape");
          await expect(dialog).toBeHidden();
        }
      });
    }
  });
}

test("an id with spaces, markup and symbols opens from its notification", async ({ page }) => {
  const id = ` <b>id</b> & "#?=/ `;
  await answerList(page, [row({ id })]);
  await page.goto("/notifications");
  await page.getByRole("link", { name: "View in audit log" }).click();
  const dialog = page.getByRole("dialog", { name: "Event details" });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator("dt:text-is('Event id') + dd")).toHaveText(id.trim());
  await expectNothingExecuted(page);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 800 } });
  const words = CASES.find((c) => c.name === "10,000-character words")!;

  for (const [screenName, screen] of Object.entries(SCREENS)) {
    test(`${screenName}: 10,000-character words stay inside the screen`, async ({ page }) => {
      await answerList(page, words.body);
      await page.goto(screen.path);
      await expect(screen.rows(page)).toHaveCount(1);
      await expectNoHorizontalOverflow(page);
      if (screenName === "Audit Logs") {
        await screen.rows(page).first().click();
        await expect(page.getByRole("dialog", { name: "Event details" })).toBeVisible();
        await expectNoHorizontalOverflow(page);
      }
    });
  }
});
