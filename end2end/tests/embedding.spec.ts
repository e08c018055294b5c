import { test, expect, answerList, freezeClock, holdResponses, APP_JS, APP_WASM, STYLESHEET } from "./fixtures";
import type { Locator, Page } from "@playwright/test";
import { PAGE } from "./sample-events";

/** The host dashboard's Security page: the host routes every path below it to that page, and
 * the app's mount element says so with data-base-path. */
const HOST = "/examples/security";

/** Computed styles that a careless host stylesheet, or a leaking app one, would change. */
const PROPERTIES = [
  "font-family", "font-size", "line-height", "color", "background-color", "text-transform",
  "letter-spacing", "text-align", "text-decoration-line", "padding-top", "padding-left",
  "border-top-width", "border-top-style", "box-shadow", "box-sizing", "width", "list-style-type",
];

async function styles(locator: Locator): Promise<Record<string, string>> {
  return locator.evaluate((element, properties) => {
    const style = getComputedStyle(element);
    return Object.fromEntries(properties.map((name) => [name, style.getPropertyValue(name)]));
  }, PROPERTIES);
}

/** Key app elements: the nav, a nav link, the heading, a button, a badge, a list item. */
function appParts(page: Page) {
  const app = page.locator(".banata-audit");
  return {
    root: app,
    sidebar: app.locator(".sidebar"),
    link: app.getByRole("link", { name: "Audit Logs" }),
    heading: app.getByRole("heading", { level: 1 }),
    button: app.getByRole("button", { name: "Mark all as read" }),
    badge: app.locator(".badge").first(),
    item: app.getByRole("listitem").filter({ hasText: "Ada Lovelace" }),
  };
}

async function appStyles(page: Page) {
  const parts = appParts(page);
  await expect(parts.item).toBeVisible();
  const result: Record<string, Record<string, string>> = {};
  for (const [name, locator] of Object.entries(parts)) result[name] = await styles(locator);
  return result;
}

/** The host's own elements, which the app's stylesheet must leave alone. */
async function hostStyles(page: Page) {
  const result: Record<string, Record<string, string>> = {};
  for (const selector of ["body", "header button", "body > .layout > .sidebar", ".sidebar a", "main > h1", ".host-summary td", ".host-badge", "main"]) {
    result[selector] = await styles(page.locator(selector).first());
  }
  return result;
}

test.beforeEach(async ({ page }) => {
  await freezeClock(page);
  await answerList(page, PAGE);
});

test("the embedded app looks as it does standalone, whatever the host's stylesheet says", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/notifications");
  const standalone = await appStyles(page);

  await page.goto(`${HOST}/notifications`);
  const embedded = await appStyles(page);
  for (const name of Object.keys(standalone)) {
    const { width: _a, ...alone } = standalone[name];
    const { width: _b, ...inHost } = embedded[name];
    expect(inHost, name).toEqual(alone);
  }
});

/** Adds a link of the host's to `into`, whose page the host serves: a plain page here. */
async function hostLink(page: Page, into: string, name: string, href: string) {
  await page.route(`**${href}`, (route) => route.fulfill({ contentType: "text/html", body: `<h1>${name} page</h1>` }));
  await page.locator(into).first().evaluate((element, [name, href]) => {
    const link = Object.assign(document.createElement("a"), { href, textContent: name });
    element.append(link);
  }, [name, href]);
  return page.getByRole("link", { name, exact: true });
}

test("the host's links are the browser's to follow, even one whose path begins like the app's base", async ({ page }) => {
  await page.goto(`${HOST}/notifications`);
  await expect(appParts(page).item).toBeVisible();
  // The app's own links still change its page without loading the document again.
  await page.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));
  await appParts(page).link.click();
  await expect(page).toHaveURL(`${HOST}/audit-logs`);
  await expect(appParts(page).heading).toHaveText("Audit Logs");
  expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
  const settings = await hostLink(page, "body > .layout > .sidebar", "Security settings", `${HOST}-settings`);
  await settings.click();
  await expect(page.getByRole("heading", { name: "Security settings page" })).toBeVisible();
  await expect(page).toHaveURL(`${HOST}-settings`);
});

test("a page of the site that is not the app's is the browser's to follow, at the site's root too", async ({ page }) => {
  await page.goto("/notifications");
  await expect(appParts(page).item).toBeVisible();
  const billing = await hostLink(page, "main", "Billing", "/billing?tab=invoices");
  await billing.click();
  await expect(page.getByRole("heading", { name: "Billing page" })).toBeVisible();
  // The link was marked for the router only while its click was handled.
  await page.goBack();
  await expect(appParts(page).item).toBeVisible();
});

test("a host page's own settings in the address survive the app's navigation", async ({ page }) => {
  await page.goto(`${HOST}?tenant=acme%20co`);
  // The base path leads on to Notifications, the host's setting along.
  await expect(page).toHaveURL(`${HOST}/notifications?tenant=acme%20co`);
  const unreadOnly = page.getByLabel("Unread only");
  await unreadOnly.check();
  await expect(page).toHaveURL(`${HOST}/notifications?unread=1&tenant=acme%20co`);
  await unreadOnly.uncheck();
  await expect(page).toHaveURL(`${HOST}/notifications?tenant=acme%20co`);
  // The other page's settings are the app's, not the host's: they go.
  await page.goto(`${HOST}/notifications?action=user.created&tenant=acme`);
  await unreadOnly.check();
  await expect(page).toHaveURL(`${HOST}/notifications?unread=1&tenant=acme`);

  await page.goto(`${HOST}/audit-logs?tenant=acme&unread=1&action=user.created`);
  const action = page.getByLabel("Action", { exact: true });
  await action.fill("session.created");
  await action.press("Enter");
  await expect(page).toHaveURL(`${HOST}/audit-logs?action=session.created&tenant=acme`);
  await page.getByRole("button", { name: "Last 7 days", exact: true }).click();
  await expect(page).toHaveURL(`${HOST}/audit-logs?action=session.created&range=7d&tenant=acme`);
});

test("a host page's own settings go along the app's links to its other pages, the app's settings not", async ({ page }) => {
  await page.goto(`${HOST}/notifications?unread=1&tenant=acme%20co`);
  const nav = page.getByRole("navigation", { name: "Audit trail" });
  // A notification's event link; from Audit Logs, the nav to Notifications and back.
  await page.getByRole("link", { name: /^View in audit log/ }).first().click();
  await expect(page).toHaveURL(new RegExp(`${HOST}/audit-logs\\?event=\\w+&tenant=acme%20co$`));
  await page.goto(`${HOST}/audit-logs?action=user.created&tenant=acme%20co`);
  await nav.getByRole("link", { name: /^Notifications/ }).click();
  await expect(page).toHaveURL(`${HOST}/notifications?tenant=acme%20co`);
  await nav.getByRole("link", { name: "Audit Logs" }).click();
  await expect(page).toHaveURL(`${HOST}/audit-logs?tenant=acme%20co`);
  // The details' link to the actor's events.
  await page.getByRole("row").filter({ hasText: "Ada Lovelace" }).first().click();
  await page.getByRole("link", { name: "Events by this actor" }).click();
  await expect(page).toHaveURL(new RegExp(`${HOST}/audit-logs\\?actor=[^&]+&tenant=acme%20co$`));
});

test("an app that cannot start says so, on its own page and in a host page", async ({ page }) => {
  // What an old browser without wasm SIMD, or a broken download, does: the wasm won't compile.
  await page.route("**/*.wasm", (route) => route.fulfill({ contentType: "application/wasm", body: "not wasm" }));
  const message = /could not start\. It needs a current browser/;
  await page.goto("/notifications");
  await expect(page.getByRole("alert")).toHaveText(message);
  await page.goto(HOST);
  await expect(page.locator("[data-banata-audit]").getByRole("alert")).toHaveText(message);
  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
});

test("the app's stylesheet holds every rule under .banata-audit, and prefixes its keyframes", async ({ page }) => {
  await page.goto("/notifications");
  await expect(page.locator(".banata-audit")).toBeVisible();
  // Its top level; everything else is nested inside the last rule.
  const topLevel = await page.evaluate(() => {
    const sheet = [...document.styleSheets].find((sheet) => /\/main-[^/]*\.css$/.test(sheet.href ?? ""));
    return [...(sheet?.cssRules ?? [])].map((rule) =>
      rule instanceof CSSKeyframesRule ? `@keyframes ${rule.name}` : rule instanceof CSSStyleRule ? rule.selectorText : rule.cssText,
    );
  });
  expect(topLevel).toEqual([
    "body:has(> .banata-audit)",
    'html[data-banata-theme="light"]',
    'html[data-banata-theme="dark"]',
    "@keyframes ba-pulse",
    "@keyframes ba-slide-in",
    ".banata-audit",
  ]);
});

test("a host themes the app through --ba-* properties on an ancestor, light and dark", async ({ page }) => {
  await page.goto("/notifications");
  const unread = page.locator(".banata-audit .unread-marker").first();
  await expect(unread).toBeVisible();
  // The page's policy refuses inline styles; a host's own stylesheet is what sets them.
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync("body { --ba-accent: rgb(10, 124, 74); --ba-dark-accent: rgb(95, 211, 155); --ba-font-size: 14px; }");
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  await expect(unread).toHaveCSS("color", "rgb(10, 124, 74)");
  await expect(page.locator(".banata-audit .lead")).toHaveCSS("font-size", "14px");
  await page.locator(".banata-audit").getByLabel("Theme").selectOption("dark");
  await expect(unread).toHaveCSS("color", "rgb(95, 211, 155)");
});

test("an app given less than 720 px on a wide screen puts its nav above the content", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/notifications");
  const nav = page.getByRole("navigation", { name: "Audit trail" });
  const heading = page.getByRole("heading", { level: 1, name: "Notifications" });
  await expect(heading).toBeVisible();
  const boxes = async () => [(await nav.boundingBox())!, (await heading.boundingBox())!];
  const [navBox, headingBox] = await boxes();
  expect(navBox.x + navBox.width).toBeLessThanOrEqual(headingBox.x); // beside it
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync("body { width: 600px; }");
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  const navAbove = async () => {
    const [navBox, headingBox] = await boxes();
    return navBox.y + navBox.height <= headingBox.y;
  };
  await expect.poll(navAbove).toBe(true);
});

test("the app's stylesheet changes nothing on the host page", async ({ page }) => {
  // The host page alone: its loader blocked, so no app stylesheet.
  await page.route("**/embed.js", (route) => route.abort());
  await page.goto(HOST);
  const before = await hostStyles(page);
  await page.unroute("**/embed.js");

  await page.goto(HOST);
  await expect(page.locator(".banata-audit")).toBeVisible();
  expect(await hostStyles(page)).toEqual(before);
  // The host still has its own landmark; the app is a labelled region inside it.
  await expect(page.getByRole("main")).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Audit trail" })).toBeVisible();
});

test("the embedded app works: both pages and the settings are reachable", async ({ page }) => {
  await page.goto(`${HOST}/`);
  const app = page.locator(".banata-audit");
  // The app's root, below the host's page, opens Notifications there.
  await expect(page).toHaveURL(`${HOST}/notifications`);
  // Nor does the redirect move the focus into the app and scroll the host page to it.
  await expect(app.getByRole("listitem").filter({ hasText: "Ada Lovelace" })).toBeVisible();
  await page.waitForTimeout(100);
  await expect(page.locator("body")).toBeFocused();
  await app.getByRole("link", { name: "Audit Logs" }).click();
  await expect(app.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeVisible();
  await expect(app.getByRole("table")).toContainText("Ada Lovelace");
  await app.getByRole("link", { name: /^Notifications/ }).click();
  await expect(app.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expect(app.getByRole("listitem").filter({ hasText: "Ada Lovelace" })).toBeVisible();
  // The admin's theme is the app's, not the host page's.
  const hostScheme = () => page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
  const scheme = await hostScheme();
  await app.getByLabel("Theme").selectOption("dark");
  await expect(app).toHaveAttribute("data-theme", "dark");
  expect(await hostScheme()).toBe(scheme);
  // The host's own title, heading and nav are untouched and still there.
  await expect(page).toHaveTitle("Security · Acme Admin");
  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Acme" })).toBeVisible();
});

test("embedded, the app reads the config.json beside the host page", async ({ page }) => {
  await page.route(`**${HOST}/config.json`, (route) => route.fulfill({ json: { apiBaseUrl: "/v2" } }));
  const asked: string[] = [];
  await page.route("**/v2/api/auth/banata/audit-logs/list", (route) => {
    asked.push(new URL(route.request().url()).pathname);
    return route.fulfill({ json: PAGE });
  });
  await page.goto(`${HOST}/notifications`);
  await expect(page.locator(".banata-audit").getByRole("listitem").filter({ hasText: "Ada Lovelace" })).toBeVisible();
  expect(asked[0]).toBe("/v2/api/auth/banata/audit-logs/list");
});

test("embedded, the host's config.json is asked for while the app downloads, and once", async ({ page }) => {
  const asked: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === `${HOST}/config.json`) asked.push(request.url());
  });
  const release = await holdResponses(page, APP_WASM);
  await page.goto(`${HOST}/notifications`, { waitUntil: "commit" });
  // The app cannot have asked for it: its wasm has not arrived.
  await expect.poll(() => asked.length).toBe(1);
  release();
  await expect(page.locator(".banata-audit").getByRole("listitem").filter({ hasText: "Ada Lovelace" })).toBeVisible();
  expect(asked).toHaveLength(1);
});

test("embedded, the app's code downloads while its stylesheet does, not after it", async ({ page }) => {
  const asked: string[] = [];
  page.on("request", (request) => asked.push(new URL(request.url()).pathname));
  const release = await holdResponses(page, STYLESHEET);
  await page.goto(`${HOST}/notifications`, { waitUntil: "commit" });
  await expect.poll(() => asked.some((path) => APP_WASM.test(path))).toBe(true);
  expect(asked.some((path) => APP_JS.test(path))).toBe(true);
  // Started only once the stylesheet has loaded: no unstyled app meanwhile.
  await page.waitForTimeout(300);
  await expect(page.locator(".banata-audit").getByRole("heading", { level: 1 })).toHaveCount(0);
  release();
  await expect(page.locator(".banata-audit").getByRole("listitem").filter({ hasText: "Ada Lovelace" })).toBeVisible();
});

test("under the host's path, the app's pages are deep links that survive reload and history", async ({ page }) => {
  await page.goto(`${HOST}/audit-logs?q=Ada`);
  const app = page.locator(".banata-audit");
  await expect(app.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeVisible();
  await expect(app.getByLabel("Search", { exact: true })).toHaveValue("Ada");
  await page.reload();
  await expect(app.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();

  await app.getByRole("link", { name: /^Notifications/ }).click();
  await expect(page).toHaveURL(`${HOST}/notifications`);
  await app.getByRole("listitem").filter({ hasText: "Ada Lovelace" }).first().getByRole("link", { name: "View in audit log" }).click();
  await expect(page).toHaveURL(new RegExp(`^[^?]*${HOST}/audit-logs\\?event=`));
  await expect(app.getByRole("dialog")).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(`${HOST}/notifications`);
  await expect(app.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
});

test("the iframe example loads the app in its own document", async ({ page }) => {
  await page.goto("/examples/iframe.html");
  const frame = page.frameLocator("iframe[title='Audit trail']");
  await expect(frame.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expect(frame.getByRole("listitem").filter({ hasText: "Ada Lovelace" })).toBeVisible();
  await frame.getByRole("link", { name: "Audit Logs" }).click();
  await expect(frame.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeVisible();
});

test("the app's labels hold in a host page that uses the same ids", async ({ page }) => {
  await page.goto(`${HOST}/audit-logs`);
  const app = page.locator(".banata-audit");
  await expect(app.getByRole("table")).toContainText("Ada Lovelace");
  // Host elements with the ids a page of its own might use, before the app's in the document.
  await page.evaluate(() => {
    for (const id of ["detail-title", "by-category", "top-actions", "pattern-error"]) {
      const heading = document.createElement("h2");
      heading.id = id;
      heading.textContent = `The host's ${id}`;
      document.body.prepend(heading);
    }
  });
  await app.getByText("Statistics").click();
  await expect(app.getByRole("region", { name: "By category" })).toBeVisible();
  await expect(app.getByRole("region", { name: "Top actions" })).toBeVisible();
  await app.getByRole("table").locator("tbody tr").first().click();
  await expect(page.getByRole("dialog", { name: "Event details" })).toBeVisible();
});
