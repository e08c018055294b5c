import { test, expect, answerList, freezeClock, minutesAgo, mountWith, serveConfig, LIST, isListRequest } from "./fixtures";
import type { BrowserContext, Page } from "@playwright/test";

const flat = (id: string, action: string, minutes: number, actorName = "Ada") => ({
  id,
  action,
  occurredAt: minutesAgo(minutes).getTime(),
  actorType: "user",
  actorId: `usr_${id}`,
  actorName,
});

const EVENTS = [
  flat("a", "user.deleted", 1),
  flat("b", "password.changed", 2),
  flat("c", "user.created", 3),
  flat("d", "session.created", 4),
  flat("e", "user.create", 5),
  flat("f", "api_key.created", 6),
];

const main = (page: Page) => page.getByRole("main");
const items = (page: Page) => page.getByRole("region", { name: "Recent notifications" }).getByRole("listitem");
const navLink = (page: Page) =>
  page.getByRole("navigation", { name: "Audit trail" }).getByRole("link", { name: /^Notifications/ });

test.beforeEach(async ({ page }) => {
  await freezeClock(page);
});

test("each row shows its severity as text", async ({ page }) => {
  await answerList(page, EVENTS);
  await page.goto("/notifications");
  await expect(items(page).locator(".severity")).toHaveText(["Critical", "Warning", "Info"]);
});

test("unread rows, the nav count, opening one and mark all as read survive reloads", async ({ page }) => {
  await answerList(page, EVENTS);
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(3);
  await expect(items(page).getByText("Unread")).toHaveCount(3);
  await expect(navLink(page)).toHaveText("Notifications3 unread");

  await items(page).nth(1).getByRole("link", { name: "View in audit log" }).click();
  await expect(page).toHaveURL(/\/audit-logs\?event=b$/);
  const dialog = page.getByRole("dialog", { name: "Event details" });
  await expect(dialog).toContainText("password.changed");
  await expect(navLink(page)).toHaveText("Notifications2 unread");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // The dialog's close event, which takes the event out of the URL, comes a task later.
  await expect(page).not.toHaveURL(/event=/);

  await page.reload();
  await navLink(page).click();
  await expect(items(page).nth(1)).not.toContainText("Unread");
  await expect(items(page).nth(0)).toContainText("Unread");

  // From the keyboard: the button then has nothing to do, and keeps the focus.
  const markAll = page.getByRole("button", { name: "Mark all as read" });
  await markAll.focus();
  await page.keyboard.press("Enter");
  await expect(navLink(page)).toHaveText("Notifications");
  await expect(markAll).toBeDisabled();
  await expect(markAll).toBeFocused();

  await page.getByLabel("Unread only").check();
  await expect(page).toHaveURL(/unread=1/);
  await expect(page.getByText("No unread notifications")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Unread only")).toBeChecked();
  await expect(page.getByText("No unread notifications")).toBeVisible();
});

/** Notifications of EVENTS open in `page` and in a second tab of the same browser. */
async function twoTabs(page: Page, context: BrowserContext) {
  await answerList(page, EVENTS);
  await page.goto("/notifications");
  const other = await context.newPage();
  await freezeClock(other);
  await answerList(other, EVENTS);
  await other.goto("/notifications");
  return other;
}

test("two tabs keep each other's read marks, and a middle click marks one read", async ({ page, context }) => {
  const other = await twoTabs(page, context);
  await expect(items(other).getByText("Unread")).toHaveCount(3);
  // Opened in the first tab: the other tab's count follows.
  await items(page).nth(1).getByRole("link", { name: "View in audit log" }).click();
  await expect(navLink(other)).toHaveText("Notifications2 unread");
  await expect(items(other).nth(1)).not.toContainText("Unread");
  // Opened in a new tab from the other: its save keeps the first tab's mark.
  await items(other).nth(0).getByRole("link", { name: "View in audit log" }).click({ button: "middle" });
  await expect(navLink(other)).toHaveText("Notifications1 unread");
  await page.goto("/notifications");
  await expect(items(page).getByText("Unread")).toHaveCount(1);
  await expect(items(page).nth(2)).toContainText("Unread");
});

test("in Unread only, a notification opened in a new tab hands the keyboard focus to the next", async ({ page, context }) => {
  await answerList(page, EVENTS);
  await page.goto("/notifications?unread=1");
  const links = items(page).getByRole("link", { name: /^View in audit log/ });
  await expect(links).toHaveCount(3);
  await links.nth(1).focus();
  const opened = context.waitForEvent("page");
  await page.keyboard.press("ControlOrMeta+Enter");
  await (await opened).close();
  await expect(items(page).locator(".badge")).toHaveText(["user.deleted", "user.created"]);
  await expect(links.nth(1)).toBeFocused();
  // The last one hands it back up the list, and the only one left to the list itself.
  await page.keyboard.press("ControlOrMeta+Enter");
  await expect(items(page).locator(".badge")).toHaveText(["user.deleted"]);
  await expect(links.nth(0)).toBeFocused();
  await page.keyboard.press("ControlOrMeta+Enter");
  await expect(page.getByText("No unread notifications")).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent notifications" })).toBeFocused();
});

test("important actions edited in one tab apply in the other, and neither undoes the other's edit", async ({ page, context }) => {
  const other = await twoTabs(page, context);
  await expect(items(other)).toHaveCount(3);
  // Removed in the first tab: the other's notifications and its settings follow.
  await page.getByText("Important actions", { exact: true }).click();
  await page.getByRole("button", { name: "Remove user.deleted" }).click();
  await expect(items(other).locator(".badge")).toHaveText(["password.changed", "user.created"]);
  await other.getByText("Important actions", { exact: true }).click();
  await expect(other.getByRole("button", { name: "Remove user.deleted" })).toHaveCount(0);
  // Added in the other tab: its save keeps the first tab's removal, and the first follows.
  await other.getByLabel("Add an action").fill("api_key.created");
  await other.getByLabel("Add an action").press("Enter");
  await expect(items(page).locator(".badge")).toHaveText(["password.changed", "user.created", "api_key.created"]);
  await page.reload();
  await expect(items(page).locator(".badge")).toHaveText(["password.changed", "user.created", "api_key.created"]);
});

test("the unread-only view hides what was read", async ({ page }) => {
  await answerList(page, EVENTS);
  await page.goto("/notifications?unread=1");
  await expect(items(page)).toHaveCount(3);
  await items(page).first().getByRole("link").click();
  await page.goBack();
  await expect(items(page)).toHaveCount(2);
  await expect(items(page).locator(".badge")).toHaveText(["password.changed", "user.created"]);
});

test("with every important action removed, the page says none is selected rather than all caught up", async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem("banata.notifications.patterns", "[]"));
  await answerList(page, EVENTS);
  await page.goto("/notifications");
  await expect(page.getByText("No important actions are selected")).toBeVisible();
  await expect(page.getByText("You're all caught up")).toHaveCount(0);
  // Nothing was looked for, so how far back is not said.
  await expect(main(page)).not.toContainText("Looked back");
  await page.getByText("Important actions", { exact: true }).click();
  await page.getByRole("button", { name: "Reset to defaults" }).click();
  await expect(items(page).locator(".badge")).toHaveText(["user.deleted", "password.changed", "user.created"]);
});

test("admins edit their important actions; bad input is refused; the list persists", async ({ page }) => {
  await answerList(page, EVENTS);
  await page.goto("/notifications");
  await page.getByText("Important actions").click();
  const input = page.getByLabel("Add an action");

  await input.fill("api_key.created");
  await input.press("Enter");
  await expect(items(page).locator(".badge")).toHaveText([
    "user.deleted",
    "password.changed",
    "user.created",
    "api_key.created",
  ]);

  for (const [bad, message] of [
    ["two words", "no spaces"],
    ["user.created", "already in the list"],
    ["<b>", "cannot be part of an action"],
    ["user.*", "is not needed"],
    ["user\u200b.created", "invisible character (U+200B)"],
    ["   ", "Enter an action"],
  ]) {
    await input.fill(bad);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.locator("#banata-audit-pattern-error")).toContainText(message);
  }
  await expect(input).toHaveAttribute("aria-invalid", "true");

  // Any visible name the backend may store.
  await input.fill("billing/invoice.refunded");
  await input.press("Enter");
  await expect(page.getByRole("button", { name: "Remove billing/invoice.refunded" })).toBeVisible();

  // Capitals are kept, as a custom action may have them, but matching is case-sensitive.
  const note = page.getByRole("status").filter({ hasText: "case-sensitive" });
  await input.fill("Report.Exported");
  await input.press("Enter");
  await expect(note).toHaveText('Added. Matching is case-sensitive: "Report.Exported" matches only actions written with the same capitals.');
  await expect(input).toHaveAttribute("aria-invalid", "false");
  await page.getByRole("button", { name: "Remove Report.Exported" }).click();
  await expect(note).toHaveCount(0);

  // A refusal goes once the list changes otherwise: "already in the list" would be untrue.
  await input.fill("api_key.created");
  await input.press("Enter");
  await expect(page.locator("#banata-audit-pattern-error")).toContainText("already in the list");
  await page.getByRole("button", { name: "Remove api_key.created" }).click();
  await expect(page.locator("#banata-audit-pattern-error")).toBeEmpty();
  await expect(input).toHaveAttribute("aria-invalid", "false");
  await input.fill("api_key.created");
  await input.press("Enter");

  // From the keyboard: the button goes with its action, and the focus goes to the list.
  await page.getByRole("button", { name: "Remove user.deleted" }).focus();
  await page.keyboard.press("Enter");
  await expect(items(page).locator(".badge")).toHaveText(["password.changed", "user.created", "api_key.created"]);
  await expect(page.getByRole("list", { name: "Important actions" })).toBeFocused();

  await page.reload();
  await page.getByText("Important actions").click();
  await expect(page.getByRole("button", { name: "Remove user.deleted" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Remove api_key.created" })).toBeVisible();

  const reset = page.getByRole("button", { name: "Reset to defaults" });
  await reset.focus();
  await page.keyboard.press("Enter");
  await expect(items(page).locator(".badge")).toHaveText(["user.deleted", "password.changed", "user.created"]);
  await expect(reset).toBeDisabled();
  await expect(reset).toBeFocused();
});

test("on a phone, a long action quoted by the editor's messages wraps instead of widening the page", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await answerList(page, EVENTS);
  await page.goto("/notifications");
  await page.getByText("Important actions").click();
  const input = page.getByLabel("Add an action");
  const long = `billing.${"x".repeat(83)}`; // with ".Refunded", the longest action allowed
  for (const message of ["Matching is case-sensitive", "already in the list"]) {
    await input.fill(`${long}.Refunded`);
    await input.press("Enter");
    await expect(main(page)).toContainText(message);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }
});

test("equivalent names are off by default and count when switched on", async ({ page }) => {
  await answerList(page, EVENTS);
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(3);
  await page.getByText("Important actions").click();
  await page.getByLabel(/Also count the same events/).check();
  await expect(items(page).locator(".badge")).toHaveText([
    "user.deleted",
    "password.changed",
    "user.created",
    "user.create",
    "api_key.created",
  ]);
  await page.reload();
  await expect(items(page)).toHaveCount(5);
});

test("follows the cursor past pages of noise and says how far back it looked", async ({ page }) => {
  const bodies: unknown[] = [];
  await page.route(LIST, async (route) => {
    const body = route.request().postDataJSON();
    bodies.push(body);
    const older = body.after === "cursor-1";
    const data = older
      ? [flat("old", "member.invited", 3 * 24 * 60)]
      : [flat("s1", "session.created", 1), flat("s2", "session.refreshed", 2)];
    await route.fulfill({ json: { data, listMetadata: { before: null, after: older ? null : "cursor-1" } } });
  });
  await page.goto("/notifications");
  await expect(items(page).locator(".badge")).toHaveText(["member.invited"]);
  await expect(main(page)).toContainText("Looked back 3 days (2 pages).");
  // Older pages ten times larger, to look further back in as many requests.
  expect(bodies).toEqual([{ limit: 50 }, { limit: 500, after: "cursor-1" }]);
});

test("stopped by its page limit with older pages left, it says where they are", async ({ page }) => {
  let pages = 0;
  await page.route(LIST, async (route) => {
    pages += 1;
    const data = [flat(`u${pages}`, "user.created", pages * 60)];
    await route.fulfill({ json: { data, listMetadata: { after: `cursor-${pages}` } } });
  });
  await page.goto("/notifications");
  await expect(main(page)).toContainText("Looked back 10 hours (10 pages). Older events are in Audit Logs.");
  expect(pages).toBe(10);
});

/** Answers the newest page at once and holds the older one until `release` is called. */
async function holdOlderPage(page: Page) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const newest: unknown[] = [];
  await page.route(LIST, async (route) => {
    const body = route.request().postDataJSON();
    if (body.after === "cursor-1") {
      await released;
      const data = [flat("old", "member.invited", 3 * 24 * 60)];
      return route.fulfill({ json: { data, listMetadata: { before: null, after: null } } });
    }
    newest.push(body);
    const data = [flat("new", "user.created", 1), flat("s", "session.created", 2)];
    return route.fulfill({ json: { data, listMetadata: { before: null, after: "cursor-1" } } });
  });
  return { release, newest };
}

test("what the newest page found shows while older pages are read", async ({ page }) => {
  const { release } = await holdOlderPage(page);
  const region = page.getByRole("region", { name: "Recent notifications" });
  await page.goto("/notifications");
  await expect(items(page).locator(".badge")).toHaveText(["user.created"]);
  await expect(main(page)).toContainText("Looked back 2 minutes (1 page) so far; looking further back…");
  await expect(region).toHaveAttribute("aria-busy", "true");
  await expect(navLink(page)).toContainText("1");
  release();
  await expect(items(page).locator(".badge")).toHaveText(["user.created", "member.invited"]);
  await expect(main(page)).toContainText("Looked back 3 days (2 pages).");
  await expect(main(page)).not.toContainText("looking further back");
  await expect(region).toHaveAttribute("aria-busy", "false");
});

test("Mark all as read while older pages are read marks what they bring too", async ({ page }) => {
  const { release } = await holdOlderPage(page);
  await page.goto("/notifications");
  await expect(main(page)).toContainText("looking further back…");
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(navLink(page)).toHaveText("Notifications");
  release();
  await expect(items(page).locator(".badge")).toHaveText(["user.created", "member.invited"]);
  await expect(main(page)).toContainText("Looked back 3 days (2 pages).");
  await expect(navLink(page)).toHaveText("Notifications");
  await page.getByLabel("Unread only").check();
  await expect(page.getByText("No unread notifications")).toBeVisible();
});

test("polling waits until the deep fetch has finished", async ({ page }) => {
  await serveConfig(page, { requestTimeoutSeconds: 120 });
  const { release, newest } = await holdOlderPage(page);
  await page.goto("/notifications");
  await expect(main(page)).toContainText("looking further back…");
  await page.clock.runFor(30_000); // a poll's turn comes while the older page is on its way
  release();
  await expect(main(page)).toContainText("Looked back 3 days (2 pages).");
  expect(newest).toHaveLength(1);
  await page.clock.runFor(30_000);
  // The route records the poll's request a moment after the browser sends it.
  await expect.poll(() => newest.length).toBe(2);
});

test("a failed first load is tried again as a poll is, keeping its Retry focused until it recovers", async ({ page }) => {
  let up = false;
  let asked = 0;
  await page.route(LIST, (route) => {
    asked++;
    return up ? route.fulfill({ json: { data: [flat("a", "user.deleted", 1)] } }) : route.fulfill({ status: 403, json: {} });
  });
  await page.goto("/notifications");
  const retry = page.getByRole("button", { name: "Retry" });
  await expect(main(page)).toContainText("Notifications require admin-level access.");
  await retry.focus();
  const before = asked;
  await page.clock.runFor(30_000);
  await expect.poll(() => asked).toBeGreaterThan(before);
  await expect(retry).toBeFocused();
  up = true;
  // The second try waits twice as long.
  await page.clock.runFor(60_000);
  await expect(items(page).locator(".badge")).toHaveText(["user.deleted"]);
  await expect(navLink(page)).toHaveText("Notifications1 unread");
  // Recovered, it polls at its interval again, not at the failures' longer wait.
  const recovered = asked;
  await page.clock.runFor(30_000);
  await expect.poll(() => asked).toBeGreaterThan(recovered);
});

test("an automatic retry that fails otherwise shows its reason and keeps Retry focused", async ({ page }) => {
  let status = 403;
  await page.route(LIST, (route) => route.fulfill({ status, json: {} }));
  await page.goto("/notifications");
  await expect(main(page)).toContainText("Notifications require admin-level access.");
  await page.getByRole("button", { name: "Retry" }).focus();
  status = 401;
  await page.clock.runFor(30_000);
  await expect(main(page)).toContainText("Sign in to the dashboard, then retry.");
  await expect(main(page)).not.toContainText("Notifications require admin-level access.");
  await expect(page.getByRole("button", { name: "Retry" })).toBeFocused();
});

test("new notifications slide in on top, once, and are announced; the first load does not", async ({ page }) => {
  let data = [flat("a", "user.deleted", 1)];
  await page.route(LIST, (route) => route.fulfill({ json: { data } }));
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(1);
  // The first load shows at once; only what a poll brings slides in.
  await expect(items(page).first()).toHaveCSS("animation-name", "none");

  data = [flat("new", "webhook.created", 0), flat("a", "user.deleted", 1)];
  await page.clock.runFor(30_000);
  await expect(items(page).locator(".badge")).toHaveText(["webhook.created", "user.deleted"]);
  await expect(page.locator("[aria-live=polite]")).toHaveText("1 new notification");
  await expect(items(page).first()).toHaveCSS("animation-name", "ba-slide-in");
  await expect(items(page).last()).toHaveCSS("animation-name", "none");
  await page.emulateMedia({ reducedMotion: "reduce" });
  await expect(items(page).first()).toHaveCSS("animation-name", "none");
  await page.emulateMedia({ reducedMotion: "no-preference" });
  // The list built again before the next poll (back from Audit Logs) does not slide it in
  // twice.
  await page.getByRole("link", { name: "Audit Logs" }).click();
  await navLink(page).click();
  await expect(items(page).locator(".badge")).toHaveText(["webhook.created", "user.deleted"]);
  await expect(items(page).first()).toHaveCSS("animation-name", "none");

  // A poll that brings nothing new clears the announcement, and adds nothing twice.
  const live = page.locator("[aria-live=polite]");
  await expect(live).toHaveText("1 new notification");
  await page.clock.runFor(30_000);
  await expect(live).toHaveText("");
  await expect(items(page)).toHaveCount(2);
  await expect(items(page).first()).toHaveCSS("animation-name", "none");
});

test("polls that each bring one notification are each announced, though the words repeat", async ({ page }) => {
  let data = [flat("a", "user.deleted", 3)];
  await page.route(LIST, (route) => route.fulfill({ json: { data } }));
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(1);
  // A live region is read when its content is written; the same text left in place is not.
  await page.evaluate(() => {
    const region = document.querySelector("[aria-live=polite]")!;
    (window as unknown as { announced: string[] }).announced = [];
    new MutationObserver(() => {
      const text = region.textContent ?? "";
      if (text) (window as unknown as { announced: string[] }).announced.push(text);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
  const announced = () => page.evaluate(() => (window as unknown as { announced: string[] }).announced);
  data = [flat("new1", "webhook.created", 2), ...data];
  await page.clock.runFor(30_000);
  await expect(items(page)).toHaveCount(2);
  await expect.poll(announced).toEqual(["1 new notification"]);
  data = [flat("new2", "member.invited", 1), ...data];
  await page.clock.runFor(30_000);
  await expect(items(page)).toHaveCount(3);
  await expect.poll(announced).toEqual(["1 new notification", "1 new notification"]);
});

test("notifications a poll brings leave the keyboard focus where it was", async ({ page }) => {
  let data = [flat("a", "user.deleted", 1), flat("b", "password.changed", 2)];
  await page.route(LIST, (route) => route.fulfill({ json: { data } }));
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(2);
  const link = (id: string) => page.locator(`a[href="/audit-logs?event=${id}"]`);
  await link("b").focus();
  data = [flat("new1", "webhook.created", 0), flat("new2", "member.invited", 0), ...data];
  await page.clock.runFor(30_000);
  await expect(items(page)).toHaveCount(4);
  await expect(link("b")).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(link("a")).toBeFocused();
});

// Arrived since the first load: its clock ticks from NOW, and the first load takes less than
// these seconds.
const later = (seconds: number) => minutesAgo(-seconds / 60).getTime();

for (const ahead of [false, true]) {
  test(`a poll that finds more than a page of new events reads back to what it had seen${ahead ? ", past an event dated ahead" : ""}`, async ({ page }) => {
    // One sender's clock an hour fast: its event stays on top of everything after it.
    const top = ahead ? [flat("ahead", "session.created", -60)] : [];
    let polling = false;
    const pages: (string | undefined)[] = [];
    await page.route(LIST, (route) => {
      const { after } = route.request().postDataJSON();
      if (!polling) return route.fulfill({ json: { data: [...top, flat("a", "user.deleted", 10)] } });
      pages.push(after);
      if (after === "older") {
        const data = [{ ...flat("between", "member.invited", 0), occurredAt: later(130) }, flat("a", "user.deleted", 10)];
        return route.fulfill({ json: { data, listMetadata: { before: null, after: null } } });
      }
      // A full page of noise and one notification, all newer than what the first load saw.
      const noise = Array.from({ length: 49 - top.length }, (_, i) => ({ ...flat(`s${i}`, "session.created", 0), occurredAt: later(148 - i / 4) }));
      const data = [...top, { ...flat("newest", "webhook.created", 0), occurredAt: later(150) }, ...noise];
      return route.fulfill({ json: { data, listMetadata: { before: null, after: "older" } } });
    });
    await page.goto("/notifications");
    await expect(items(page)).toHaveCount(1);
    polling = true;
    await page.clock.runFor(30_000);
    await expect(items(page).locator(".badge")).toHaveText(["webhook.created", "member.invited", "user.deleted"]);
    await expect(page.locator("[aria-live=polite]")).toHaveText("2 new notifications");
    expect(pages).toEqual([undefined, "older"]);
  });
}

test("a poll that cannot read back far enough says notifications may be missing", async ({ page }) => {
  let polling = false;
  let polled = 0;
  await page.route(LIST, (route) => {
    if (!polling) return route.fulfill({ json: { data: [flat("a", "user.deleted", 60)] } });
    // Page after page of events newer than "a", each with an older page after it.
    const n = polled++;
    const data = Array.from({ length: 50 }, (_, i) => flat(`p${n}_${i}`, "session.created", (n * 50 + i) / 100));
    return route.fulfill({ json: { data, listMetadata: { before: null, after: `page-${n + 1}` } } });
  });
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(1);
  await expect(main(page)).not.toContainText("may be missing");
  polling = true;
  await page.clock.runFor(30_000);
  await expect(main(page)).toContainText(
    "More events arrived at once than a poll reads, so some notifications among them may be missing: reload the page to look again.",
  );
  expect(polled).toBe(10);
});

test("a poll from a backend without cursors that brings a full page of newer events says notifications may be missing", async ({ page }) => {
  let polling = false;
  await page.route(LIST, (route) => {
    if (!polling) return route.fulfill({ json: { data: [flat("a", "user.deleted", 60)] } });
    // The shipped backend's cursors are always null: nothing shows what lies below.
    const data = Array.from({ length: 50 }, (_, i) => flat(`s${i}`, "session.created", i / 100));
    return route.fulfill({ json: { data, listMetadata: { before: null, after: null } } });
  });
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(1);
  polling = true;
  await page.clock.runFor(30_000);
  await expect(main(page)).toContainText("some notifications among them may be missing");
});

test("a backend that names the same older page again is not asked for it again and again", async ({ page }) => {
  let asked = 0;
  await page.route(LIST, (route) => {
    asked++;
    const { after } = route.request().postDataJSON();
    const data = [flat(after ? "s2" : "s1", "session.created", after ? 20 : 10), flat(after ? "u2" : "u1", "user.created", after ? 21 : 11)];
    return route.fulfill({ json: { data, listMetadata: { before: null, after: "older" } } });
  });
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(2);
  await expect(main(page)).toContainText("Looked back 21 minutes (2 pages). Older events are in Audit Logs.");
  expect(asked).toBe(2);
});

test("one event out of order on a page does not end the deep fetch as if it reached back to its time", async ({ page }) => {
  await page.route(LIST, (route) => {
    const { after } = route.request().postDataJSON();
    if (after) return route.fulfill({ json: { data: [flat("d", "user.deleted", 26 * 60)], listMetadata: { before: null, after: null } } });
    // No readable occurredAt: its createdAt, 45 days old, stands in; a null sorts first.
    const odd = { ...flat("odd", "session.created", 0), occurredAt: null, createdAt: minutesAgo(45 * 24 * 60).getTime() };
    return route.fulfill({ json: { data: [odd, flat("s", "session.created", 10)], listMetadata: { before: null, after: "c1" } } });
  });
  await page.goto("/notifications");
  await expect(items(page).locator(".badge")).toHaveText(["user.deleted"]);
  await expect(main(page)).toContainText("Looked back 1 day (2 pages).");
});

test("a failed poll offers Retry and, for an expired session, the sign-in page", async ({ page }) => {
  await serveConfig(page, { signInUrl: "/sign-in" });
  let answer: "ok" | "expired" | "new" = "ok";
  await page.route(LIST, (route) => {
    if (answer === "expired") return route.fulfill({ status: 401, json: { error: "unauthorized" } });
    const data = [flat("a", "user.deleted", 5), ...(answer === "new" ? [flat("b", "member.invited", 1)] : [])];
    return route.fulfill({ json: { data: data.reverse() } });
  });
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(1);
  await expect(main(page).getByRole("button", { name: "Retry" })).toHaveCount(0);
  answer = "expired";
  await page.clock.runFor(30_000);
  await expect(main(page)).toContainText("Checking for new notifications failed");
  await expect(main(page).getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/sign-in");
  // Signed in again elsewhere: Retry reads the list now, not at the next poll's turn.
  answer = "new";
  await main(page).getByRole("button", { name: "Retry" }).click();
  await expect(items(page).locator(".badge")).toHaveText(["member.invited", "user.deleted"]);
  await expect(main(page)).not.toContainText("Checking for new notifications failed");
  await expect(main(page).getByRole("button", { name: "Retry" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Recent notifications" })).toBeFocused();
});

test("an older page that failed leaves what was found, with Retry, which reads on from it below what polls brought", async ({ page }) => {
  let failing = true;
  let newest = [flat("a", "user.deleted", 5)];
  const asked: (string | null)[] = [];
  await page.route(LIST, (route) => {
    const { after } = route.request().postDataJSON();
    asked.push(after ?? null);
    if (!after) return route.fulfill({ json: { data: newest, listMetadata: { before: null, after: "older" } } });
    if (failing) return route.fulfill({ status: 404, json: {} });
    return route.fulfill({ json: { data: [flat("b", "member.invited", 60)], listMetadata: { before: null, after: null } } });
  });
  await page.goto("/notifications");
  await expect(main(page)).toContainText("Stopped early: The backend has no audit log endpoint at this address");
  await expect(items(page)).toHaveCount(1);
  // A poll brings one while the failure is on screen; it stays through the Retry.
  newest = [flat("n", "organization.deleted", -0.25), ...newest];
  await page.clock.runFor(30_000);
  await expect(items(page)).toHaveCount(2);
  failing = false;
  asked.length = 0;
  await main(page).getByRole("button", { name: "Retry" }).click();
  await expect(items(page).locator(".badge")).toHaveText(["organization.deleted", "user.deleted", "member.invited"]);
  await expect(main(page)).not.toContainText("Stopped early");
  await expect(main(page)).toContainText("Looked back 1 hour (2 pages).");
  expect(asked).toEqual(["older"]); // the page that failed, not the newest again
});

test("a poll refused with a Retry-After waits as long as the backend asked, as the page says", async ({ page }) => {
  let status = 200;
  let asked = 0;
  await page.route(LIST, (route) => {
    asked++;
    if (status === 503) return route.fulfill({ status, headers: { "Retry-After": "120" }, json: { message: "Maintenance" } });
    return route.fulfill({ json: { data: [flat("a", "user.deleted", 5)] } });
  });
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(1);
  status = 503;
  await page.clock.runFor(30_000);
  // It says when, once: not "Try again in 120 seconds. Trying again."
  await expect(main(page)).toContainText("Maintenance. Try again in 120 seconds. Checking again then.");
  const refused = asked;
  await page.clock.runFor(90_000); // a doubled 30 s, and more, but not yet 120 s
  expect(asked).toBe(refused);
  await page.clock.runFor(30_000);
  await expect.poll(() => asked).toBeGreaterThan(refused);
});

test("a poll refused with a Retry-After shorter than the back-off is polled again when the backend asked, as the page says", async ({ page }) => {
  let status = 200;
  let asked = 0;
  await page.route(LIST, (route) => {
    asked++;
    if (status === 503) return route.fulfill({ status, headers: { "Retry-After": "40" }, json: { message: "Busy" } });
    return route.fulfill({ json: { data: [flat("a", "user.deleted", 5)] } });
  });
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(1);
  status = 503;
  await page.clock.runFor(30_000);
  await expect(main(page)).toContainText("Busy. Try again in 40 seconds. Checking again then.");
  const refused = asked;
  status = 200;
  await page.clock.runFor(35_000);
  expect(asked).toBe(refused);
  await page.clock.runFor(10_000); // 40 s after, not the back-off's 60
  await expect(main(page)).not.toContainText("Checking for new notifications failed");
  expect(asked).toBe(refused + 1);
});

test("a first load refused with a Retry-After is tried again when the backend asked, not at the next poll's turn", async ({ page }) => {
  let up = false;
  let asked = 0;
  await page.route(LIST, (route) => {
    asked++;
    if (up) return route.fulfill({ json: { data: [flat("a", "user.deleted", 5)] } });
    return route.fulfill({ status: 503, headers: { "Retry-After": "120" }, json: { message: "Maintenance" } });
  });
  await page.goto("/notifications");
  await expect(main(page)).toContainText("Maintenance. Try again in 120 seconds.");
  const refused = asked;
  up = true;
  await page.clock.runFor(100_000); // three polls' turns, but not yet 120 s
  expect(asked).toBe(refused);
  await page.clock.runFor(25_000);
  await expect(items(page).locator(".badge")).toHaveText(["user.deleted"]);
});

test("a deep fetch that fails before finding any notification shows the failure, not all caught up", async ({ page }) => {
  await page.route(LIST, (route) => {
    if (route.request().postDataJSON().after) return route.fulfill({ status: 500, json: { error: "failure" } });
    return route.fulfill({
      json: { data: [flat("s", "session.created", 1)], listMetadata: { before: null, after: "older" } },
    });
  });
  await page.goto("/notifications");
  await expect(page.getByRole("alert")).toContainText("Failed to load notifications", { timeout: 10_000 });
  await expect(main(page)).not.toContainText("all caught up");
  await expect(page.getByRole("button", { name: "Retry" })).toBeVisible();
});

test("a poll that fails says so and why, keeps the list, and the note goes when a poll succeeds", async ({ page }) => {
  let answer: "ok" | "expired" = "ok";
  await page.route(LIST, (route) =>
    answer === "ok"
      ? route.fulfill({ json: { data: [flat("a", "user.deleted", 5)] } })
      : route.fulfill({ status: 401, json: { error: "unauthorized" } }),
  );
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(1);
  await expect(main(page)).not.toContainText("failed");
  answer = "expired";
  await page.clock.runFor(30_000);
  const note = main(page).getByRole("status").filter({ hasText: "Checking for new notifications failed" });
  await expect(note).toHaveText(
    "Checking for new notifications failed: You are not signed in, or your session has expired. Trying again.",
  );
  await expect(items(page)).toHaveCount(1);
  // Above the list, where it is seen, not under fifty rows.
  const [noteBox, firstBox] = [await note.boundingBox(), await items(page).first().boundingBox()];
  expect(noteBox!.y + noteBox!.height).toBeLessThanOrEqual(firstBox!.y);
  answer = "ok";
  await page.clock.runFor(60_000);
  await expect(main(page)).not.toContainText("Checking for new notifications failed");
});

test("a page left open keeps the newest 200 notifications and says so", async ({ page }) => {
  // Fifty new important events at each poll, each batch newer than the last.
  const batch = (poll: number) =>
    Array.from({ length: 50 }, (_, i) => flat(`p${poll}_${i}`, "user.created", 200 - 50 * poll + i));
  let data = batch(0);
  await page.route(LIST, (route) => route.fulfill({ json: { data } }));
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(50);
  for (const poll of [1, 2, 3, 4]) {
    data = batch(poll);
    await page.clock.runFor(30_000);
    await expect(items(page).first().getByRole("link")).toHaveAttribute("href", `/audit-logs?event=p${poll}_0`);
  }
  await expect(items(page)).toHaveCount(200);
  // The first load's fifty, the oldest, were let go.
  await expect(items(page).last().getByRole("link")).toHaveAttribute("href", "/audit-logs?event=p1_49");
  await expect(main(page)).toContainText("Showing the newest 200 notifications; Audit Logs has every event.");
  await expect(main(page)).not.toContainText("Looked back");
});

test("a first load that finds more than 200 shows the newest 200, as a poll keeps them", async ({ page }) => {
  // A first page of one notification, then an older page of 500 with 300 more.
  const older = Array.from({ length: 300 }, (_, i) => flat(`o${i}`, "user.created", 10 + i));
  await page.route(LIST, (route) => {
    const { after } = route.request().postDataJSON();
    if (!after) return route.fulfill({ json: { data: [flat("a", "user.deleted", 5)], listMetadata: { before: null, after: "older" } } });
    return route.fulfill({ json: { data: older, listMetadata: { before: null, after: null } } });
  });
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(200);
  await expect(main(page)).toContainText("Showing the newest 200 notifications; Audit Logs has every event.");
  await expect(navLink(page)).toContainText("200");
  // The first poll, with nothing new, keeps them all.
  await page.clock.runFor(30_000);
  await expect(items(page)).toHaveCount(200);
  await expect(items(page).last().getByRole("link")).toHaveAttribute("href", "/audit-logs?event=o198");
});

test("Retry beside a failed poll keeps the list while the backend still fails", async ({ page }) => {
  let failing = false;
  await page.route(LIST, (route) =>
    failing ? route.fulfill({ status: 401, json: { error: "unauthorized" } }) : route.fulfill({ json: { data: [flat("a", "user.deleted", 5)] } }),
  );
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(1);
  failing = true;
  await page.clock.runFor(30_000);
  await expect(main(page)).toContainText("Checking for new notifications failed");
  const answered = page.waitForResponse((response) => response.url().endsWith("/audit-logs/list"));
  await main(page).getByRole("button", { name: "Retry" }).click();
  await expect(items(page)).toHaveCount(1);
  await answered;
  await page.waitForTimeout(300); // the answer's handling
  await expect(items(page)).toHaveCount(1);
  await expect(main(page)).toContainText("Checking for new notifications failed");
  await expect(main(page)).not.toContainText("Failed to load notifications");
});

test("Retry beside a failed poll checks for new ones, keeping what polls brought past the first load", async ({ page }) => {
  // Newest first, read in pages by `limit` and an index cursor, as the backend pages.
  let events = Array.from({ length: 60 }, (_, i) => flat(`o${i}`, "user.deleted", 10 + i));
  let failing = false;
  const asked: unknown[] = [];
  await page.route(LIST, (route) => {
    if (failing) return route.fulfill({ status: 401, json: { error: "unauthorized" } });
    const { limit, after } = route.request().postDataJSON();
    asked.push(after ?? null);
    const from = after ? Number(after) : 0;
    const next = from + limit < events.length ? String(from + limit) : null;
    return route.fulfill({ json: { data: events.slice(from, from + limit), listMetadata: { before: null, after: next } } });
  });
  await page.goto("/notifications");
  // The first load stops at 50 notifications, with older ones left in Audit Logs.
  await expect(items(page)).toHaveCount(50);
  events = [...Array.from({ length: 30 }, (_, i) => flat(`n${i}`, "member.invited", i / 10)), ...events];
  await page.clock.runFor(30_000);
  await expect(items(page)).toHaveCount(80);
  failing = true;
  await page.clock.runFor(30_000);
  await expect(main(page)).toContainText("Checking for new notifications failed");
  failing = false;
  events = [flat("x", "organization.deleted", -0.5), ...events]; // half a minute after the first load, before now
  asked.length = 0;
  await main(page).getByRole("button", { name: "Retry" }).click();
  await expect(main(page)).not.toContainText("Checking for new notifications failed");
  await expect(items(page)).toHaveCount(81);
  await expect(items(page).first().locator(".badge")).toHaveText("organization.deleted");
  expect(asked).toEqual([null]); // the newest page, as a poll reads it
});

test("with an older page and a poll both failed, each Retry does again what it stands beside", async ({ page }) => {
  let pollFails = false;
  const asked: (string | null)[] = [];
  await page.route(LIST, (route) => {
    const { after } = route.request().postDataJSON();
    asked.push(after ?? null);
    if (after) return route.fulfill({ status: 404, json: {} });
    if (pollFails) return route.fulfill({ status: 401, json: { error: "unauthorized" } });
    return route.fulfill({ json: { data: [flat("a", "user.deleted", 5)], listMetadata: { before: null, after: "older" } } });
  });
  await page.goto("/notifications");
  await expect(main(page)).toContainText("Stopped early");
  pollFails = true;
  await page.clock.runFor(30_000);
  await expect(main(page)).toContainText("Checking for new notifications failed");
  const retries = main(page).getByRole("button", { name: "Retry" });
  await expect(retries).toHaveCount(2);
  pollFails = false;
  asked.length = 0;
  await retries.first().click(); // beside the failed poll: a poll, not the deep fetch again
  await expect(main(page)).not.toContainText("Checking for new notifications failed");
  await expect(main(page)).toContainText("Stopped early");
  expect(asked).toEqual([null]);
  asked.length = 0;
  await retries.last().click(); // beside the failed older page: that page again
  await expect.poll(() => asked).toEqual(["older"]);
});

test("a poll that answers after a Retry's does not put its failure back over the list the Retry brought", async ({ page }) => {
  let answer: "ok" | "refuse" | "hold" = "ok";
  let held: (() => Promise<void>) | undefined;
  await page.route(LIST, (route) => {
    if (answer === "refuse") return route.fulfill({ status: 401, json: { error: "unauthorized" } });
    if (answer === "hold") {
      held = () => route.fulfill({ status: 401, json: { error: "unauthorized" } });
      return;
    }
    return route.fulfill({ json: { data: [flat("a", "user.deleted", 5)] } });
  });
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(1);
  answer = "refuse";
  await page.clock.runFor(30_000);
  await expect(main(page)).toContainText("Checking for new notifications failed");
  // The next poll, 60 s on, is sent and waits for its answer while Retry polls and succeeds.
  answer = "hold";
  await page.clock.runFor(60_000);
  await expect.poll(() => held).toBeDefined();
  answer = "ok";
  await main(page).getByRole("button", { name: "Retry" }).click();
  await expect(main(page)).not.toContainText("Checking for new notifications failed");
  const answered = page.waitForResponse((response) => response.url().endsWith("/audit-logs/list") && response.status() === 401);
  await held!();
  await answered;
  await page.waitForTimeout(300); // the answer's handling
  await expect(main(page)).not.toContainText("Checking for new notifications failed");
  await expect(items(page)).toHaveCount(1);
});

test("a hidden page is not polled, and is as soon as it is shown again", async ({ page }) => {
  let requests = 0;
  await page.route(LIST, (route) => {
    requests += 1;
    return route.fulfill({ json: { data: [flat("a", "user.deleted", 5), ...(requests > 1 ? [flat("b", "member.invited", 0)] : [])].reverse() } });
  });
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(1);
  const setHidden = (hidden: boolean) =>
    page.evaluate((hidden) => {
      Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
      document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
    }, hidden);
  await setHidden(true);
  await page.clock.runFor(75_000);
  expect(requests).toBe(1);
  // Shown again between two polls: read at once, not at the next one's turn.
  await setHidden(false);
  await expect(items(page)).toHaveCount(2);
  expect(requests).toBe(2);
});

test("polling backs off while the backend fails", async ({ page }) => {
  let failing = false;
  let polls = 0;
  await page.route(LIST, (route) => {
    if (!failing) return route.fulfill({ json: { data: [flat("a", "user.deleted", 1)] } });
    polls += 1;
    // Unreachable rather than 5xx: a 5xx is retried within the poll (failing-backend.spec.ts).
    return route.abort();
  });
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(1);
  failing = true;
  // Each wait for the failed request: the clock moves on only once the page has been told,
  // so the app's next wait has begun (advancing before that would skip it).
  const listFailed = (timeout?: number) => page.waitForEvent("requestfailed", { predicate: isListRequest, timeout });
  let failed = listFailed();
  await page.clock.runFor(30_000); // first poll fails
  await failed;
  expect(polls).toBe(1);
  // The next waits 60 s, not 30: nothing is asked for a second (the route would see it late).
  const early = listFailed(1_000).then(() => true, () => false);
  await page.clock.runFor(45_000);
  expect(await early).toBe(false);
  expect(polls).toBe(1);
  failed = listFailed();
  await page.clock.runFor(15_000);
  await failed;
  expect(polls).toBe(2);
  await expect(items(page)).toHaveCount(1); // what was shown stays
});

test("a Retry that brings the list back during a back-off has polls come at their interval again", async ({ page }) => {
  let failing = false;
  let data = [flat("a", "user.deleted", 5)];
  await page.route(LIST, (route) => (failing ? route.abort() : route.fulfill({ json: { data } })));
  await page.goto("/notifications");
  await expect(items(page)).toHaveCount(1);
  failing = true;
  // Three failed polls, 30, 60 and 120 s apart: the next would come 240 s after the last.
  for (const wait of [30_000, 60_000, 120_000]) {
    const failed = page.waitForEvent("requestfailed", { predicate: isListRequest });
    await page.clock.runFor(wait);
    await failed;
  }
  await expect(main(page)).toContainText("Checking for new notifications failed");
  failing = false;
  await main(page).getByRole("button", { name: "Retry" }).click();
  await expect(main(page)).not.toContainText("Checking for new notifications failed");
  data = [flat("b", "member.invited", 1), ...data];
  await page.clock.runFor(30_000); // one interval, not the 240 s
  await expect(items(page).locator(".badge")).toHaveText(["member.invited", "user.deleted"]);
});

test("the configured project goes with every request and keeps its own read state", async ({ page }) => {
  const seen: { body: unknown; header?: string }[] = [];
  await page.route(LIST, (route) => {
    const body = route.request().postDataJSON();
    seen.push({ body, header: route.request().headers()["x-banata-project-id"] });
    // An older page, so that a request with a cursor is seen too.
    return route.fulfill({ json: body.after ? { data: [] } : { data: EVENTS, listMetadata: { after: "c1" } } });
  });
  await mountWith(page, "**/notifications*", 'data-project-id="proj_7"');
  await page.goto("/notifications");
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(navLink(page)).toHaveText("Notifications");
  await expect(page.getByText(/^Looked back .* \(2 pages\)\.$/)).toBeVisible();
  expect(seen).toEqual([
    { body: { limit: 50, projectId: "proj_7" }, header: "proj_7" },
    { body: { limit: 500, after: "c1", projectId: "proj_7" }, header: "proj_7" },
  ]);

  await page.unroute("**/notifications*");
  await mountWith(page, "**/notifications*", 'data-project-id="proj_8"');
  await page.reload();
  await expect(navLink(page)).toHaveText("Notifications3 unread");
});
