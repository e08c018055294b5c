import { test, expect, answerList, freezeClock, minutesAgo, mountWith, serveConfig, LIST, NOW } from "./fixtures";
import type { Page, Request } from "@playwright/test";

const KEY = "sk_live_do_not_show_4f2a";
const ROWS = [
  { id: "a", action: "user.create", occurredAt: minutesAgo(1).getTime(), actorId: "usr_a" },
  { id: "b", action: "user.created", occurredAt: minutesAgo(2).getTime(), actorId: "usr_b" },
  { id: "c", action: "api_key.created", occurredAt: minutesAgo(3).getTime(), actorId: "usr_c" },
];

const tableRows = (page: Page) => page.getByRole("table").locator("tbody tr");
const notifications = (page: Page) =>
  page.getByRole("region", { name: "Recent notifications" }).getByRole("listitem");
const configErrors = (page: Page) => page.locator(".config-error");

/** Records each list request and answers it with ROWS. */
async function recordList(page: Page, pattern = LIST) {
  const requests: Request[] = [];
  await page.route(pattern, (route) => {
    requests.push(route.request());
    return route.fulfill({ json: { data: ROWS } });
  });
  return requests;
}

test("with nothing configured, requests go to this site with the session cookie and no alert shows", async ({ page, baseURL }) => {
  const requests = await recordList(page);
  await page.goto("/audit-logs");
  await expect(tableRows(page)).toHaveCount(3);
  expect(requests[0].url()).toBe(`${baseURL}/api/auth/banata/audit-logs/list`);
  const headers = await requests[0].allHeaders();
  expect(headers.cookie).toContain("banata_session=");
  expect(headers.authorization).toBeUndefined();
  await expect(configErrors(page)).toHaveCount(0);
});

test("an API base URL with a path prefix, from an attribute or config.json", async ({ page, baseURL }) => {
  const requests = await recordList(page);
  const urls = () => new Set(requests.map((request) => request.url()));
  await mountWith(page, "**/audit-logs*", 'data-api-base-url="/proxy/banata/"');
  await page.goto("/audit-logs");
  await expect(tableRows(page)).toHaveCount(3);
  expect(urls()).toEqual(new Set([`${baseURL}/proxy/banata/api/auth/banata/audit-logs/list`]));

  await page.unroute("**/audit-logs*");
  await serveConfig(page, { apiBaseUrl: `${baseURL}/v2/` });
  requests.length = 0;
  await page.reload();
  await expect(tableRows(page)).toHaveCount(3);
  expect(urls()).toEqual(new Set([`${baseURL}/v2/api/auth/banata/audit-logs/list`]));
  await expect(configErrors(page)).toHaveCount(0);
});

test("a cross-origin API base with bearer auth sends the key and no cookies", async ({ page, context, baseURL }) => {
  // The reference server allows connect-src 'self' only; a host that embeds the dashboard
  // with another backend allows that backend, as this page does.
  const api = "https://api.example.test";
  await context.addCookies([
    { name: "banata_session", value: "s1", url: baseURL! },
    { name: "banata_session", value: "s2", url: api, sameSite: "None", secure: true },
  ]);
  await page.route("**/notifications*", async (route) => {
    const response = await route.fetch();
    const csp = response.headers()["content-security-policy"].replace("connect-src 'self'", `connect-src 'self' ${api}`);
    const html = (await response.text()).replace(
      "<body>",
      `<body data-api-base-url="${api}/v1" data-auth="bearer" data-api-key="${KEY}" data-project-id="proj_9">`,
    );
    await route.fulfill({ response, body: html, headers: { ...response.headers(), "content-security-policy": csp } });
  });
  const requests: Request[] = [];
  await page.route(`${api}/v1/api/auth/banata/audit-logs/list`, (route) => {
    requests.push(route.request());
    return route.fulfill({ json: { data: ROWS }, headers: { "access-control-allow-origin": baseURL! } });
  });
  await page.goto("/notifications");
  await expect(notifications(page)).toHaveCount(1);
  const headers = await requests[0].allHeaders();
  expect(headers.authorization).toBe(`Bearer ${KEY}`);
  expect(headers.cookie).toBeUndefined();
  expect(headers["x-banata-project-id"]).toBe("proj_9");
  expect(requests[0].postDataJSON()).toEqual({ limit: 50, projectId: "proj_9" });
  await expect(page.locator("body")).not.toContainText(KEY);
});

test("on a plain http page of another machine, an API on this site gets no key", async ({ page, baseURL }) => {
  // The whole app, served as if from an intranet host over plain http.
  const site = "http://intranet.test";
  const requests: Request[] = [];
  await page.route(`${site}/**`, async (route) => {
    const url = route.request().url();
    if (url.includes("/audit-logs/list")) {
      requests.push(route.request());
      return route.fulfill({ json: { data: ROWS } });
    }
    const response = await route.fetch({ url: url.replace(site, baseURL!) });
    if (!url.endsWith("/notifications")) return route.fulfill({ response });
    const html = (await response.text()).replace("<body>", `<body data-auth="bearer" data-api-key="${KEY}">`);
    return route.fulfill({ response, body: html });
  });
  await page.goto(`${site}/notifications`);
  await expect(notifications(page)).toHaveCount(1);
  await expect(configErrors(page)).toContainText("the API key is sent only over https (or to localhost)");
  expect((await requests[0].allHeaders()).authorization).toBeUndefined();
  await expect(page.locator("body")).not.toContainText(KEY);
});

test("the project id from config.json goes in the header and the body", async ({ page }) => {
  const requests = await recordList(page);
  await serveConfig(page, { projectId: "proj_file" });
  await page.goto("/audit-logs?action=user.create");
  await expect(tableRows(page)).toHaveCount(3);
  for (const request of requests) {
    expect(request.headers()["x-banata-project-id"]).toBe("proj_file");
    expect(request.postDataJSON()).toMatchObject({ projectId: "proj_file" });
  }
  expect(requests.map((request) => request.postDataJSON().action)).toContain("user.create");
  // The export too: the backend scopes it by the body's project, and refuses it without.
  const exports: Request[] = [];
  await page.route("**/api/auth/banata/audit-logs/export", (route) => {
    exports.push(route.request());
    return route.fulfill({ json: { data: [], count: 0, nextCursor: null } });
  });
  await page.getByRole("button", { name: "Export JSON" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Exported 0 events" })).toBeVisible();
  expect(exports).toHaveLength(1);
  expect(exports[0].headers()["x-banata-project-id"]).toBe("proj_file");
  expect(exports[0].postDataJSON()).toMatchObject({ projectId: "proj_file", action: "user.create" });
});

test("attributes win over config.json, which still supplies the rest", async ({ page }) => {
  const requests = await recordList(page);
  await serveConfig(page, { projectId: "proj_file", importantActions: ["api_key.created"] });
  await mountWith(page, "**/notifications*", 'data-project-id="proj_attr"');
  await page.goto("/notifications");
  await expect(notifications(page).locator(".badge")).toHaveText(["api_key.created"]);
  expect(requests[0].headers()["x-banata-project-id"]).toBe("proj_attr");
});

test("a 401 links to the configured sign-in page", async ({ page }) => {
  await answerList(page, { message: "no session" }, 401);
  await serveConfig(page, { signInUrl: "/sign-in?next=/audit-logs" });
  await page.goto("/audit-logs");
  await expect(page.getByRole("alert")).toContainText("You are not signed in");
  await expect(page.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/sign-in?next=/audit-logs");
});

test("with a bearer key, a 401 or a sign-in page says the key or the address is wrong, not the session", async ({ page }) => {
  await mountWith(page, "**/audit-logs*", `data-auth="bearer" data-api-key="${KEY}" data-sign-in-url="/sign-in"`);
  await answerList(page, { message: "invalid api key" }, 401);
  await page.goto("/audit-logs");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("The backend did not accept the API key (HTTP 401). Check the API key setting.");
  // Signing in would change nothing: the key is what is sent.
  await expect(page.getByRole("link", { name: "Sign in" })).toHaveCount(0);
  // A sign-in wall's page, reached by a redirect, is an address to check.
  await page.route(LIST, (route) => route.fulfill({ status: 302, headers: { location: "/sign-in-page" } }));
  await page.route("**/sign-in-page", (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Sign in</title>" }));
  await page.getByRole("button", { name: "Retry" }).click();
  await expect(alert).toContainText("The backend answered with a web page, not events. Check the API base URL setting.");
  await expect(page.getByRole("link", { name: "Sign in" })).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(KEY);
});

test("a backend's message that echoes the configured API key shows it redacted", async ({ page }) => {
  // A key of no form redaction knows (`sk_live_…` would be caught by its prefix).
  const key = "acme-7c1e9d44f0b2";
  await mountWith(page, "**/audit-logs*", `data-auth="bearer" data-api-key="${key}"`);
  await answerList(page, { message: `API key ${key} is not allowed for this project` }, 400);
  await page.goto("/audit-logs");
  await expect(page.getByRole("alert")).toContainText("The backend answered HTTP 400: API key [redacted] is not allowed for this project.");
  await page.route(LIST, (route) => route.fulfill({ json: { data: [], error: `Key ${key} expired` } }));
  await page.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByRole("alert")).toContainText("The backend reported an error: Key [redacted] expired.");
  await expect(page.locator("body")).not.toContainText(key);
});

test("Notifications polls at the configured interval", async ({ page }) => {
  await freezeClock(page);
  // Each poll's answer brings one more important event. Seeing it on the page means the
  // answer was read and the next wait has begun: advancing the clock before that would
  // skip the wait it means to end.
  const requests: Request[] = [];
  await page.route(LIST, (route) => {
    requests.push(route.request());
    const newer = Array.from({ length: requests.length - 1 }, (_, i) => ({
      id: `new${i}`,
      action: "user.created",
      occurredAt: minutesAgo(0.5 - i * 0.1).getTime(),
      actorId: "usr_new",
    })).reverse();
    return route.fulfill({ json: { data: [...newer, ...ROWS] } });
  });
  await mountWith(page, "**/notifications*", 'data-poll-interval-seconds="10"');
  await page.goto("/notifications");
  await expect(notifications(page)).toHaveCount(1);
  expect(requests).toHaveLength(1);
  await page.clock.runFor(10_000);
  await expect(notifications(page)).toHaveCount(2);
  expect(requests).toHaveLength(2);
  await page.clock.runFor(10_000);
  await expect(notifications(page)).toHaveCount(3);
  expect(requests).toHaveLength(3);
});

test("Notifications starts from the configured important actions until the admin changes them", async ({ page }) => {
  await recordList(page);
  await serveConfig(page, { importantActions: ["api_key.", "user.created"] });
  await page.goto("/notifications");
  await expect(notifications(page).locator(".badge")).toHaveText(["user.created", "api_key.created"]);
  await page.getByText("Important actions").click();
  const reset = page.getByRole("button", { name: "Reset to defaults" });
  await expect(reset).toBeDisabled();
  await page.getByRole("button", { name: "Remove user.created" }).click();
  await expect(notifications(page).locator(".badge")).toHaveText(["api_key.created"]);
  await reset.click();
  await expect(notifications(page).locator(".badge")).toHaveText(["user.created", "api_key.created"]);

  // Not customised, so new defaults from the host apply after a reload.
  await page.unroute("**/config.json");
  await serveConfig(page, { importantActions: ["user.create"] });
  await page.reload();
  await expect(notifications(page).locator(".badge")).toHaveText(["user.create", "user.created"]);
});

test("bad settings are named on screen, the key never shows, and the rest works", async ({ page }) => {
  await recordList(page);
  await serveConfig(page, { pollIntervalSeconds: 1, apiBaseUrl: "ftp://files.example", pollInterval: 30 });
  await mountWith(
    page,
    "**/audit-logs*",
    `data-auth="bearer" data-api-key="${KEY} x" data-important-actions=" , " data-sign-in-url="javascript:alert(1)" data-base-path="admin"`,
  );
  await page.goto("/audit-logs");
  await expect(tableRows(page)).toHaveCount(3);
  await expect(configErrors(page)).toHaveText([
    "This page is misconfigured: apiBaseUrl in config.json must be an http(s) URL (with no user or password: browsers refuse those) or a path starting with / (no ? or #), not \"ftp://files.example\". Its default is used instead.",
    "This page is misconfigured: data-api-key must be printable characters without spaces (the value is not shown). Its default is used instead.",
    "This page is misconfigured: bearer auth needs an API key (data-api-key, or apiKey in config.json); the session cookie is used instead.",
    "This page is misconfigured: data-sign-in-url must be a path on this site (\"/sign-in\") or an http(s) URL, not \"javascript:alert(1)\". Its default is used instead.",
    "This page is misconfigured: pollIntervalSeconds in config.json must be a whole number of seconds from 5 to 3600. Its default is used instead.",
    "This page is misconfigured: data-important-actions must list at least one action. Its default is used instead.",
    'This page is misconfigured: data-base-path must be a path starting with / (no ? or #), such as "/security/audit", not "admin". Its default is used instead.',
    "This page is misconfigured: config.json has no setting \"pollInterval\"; it is ignored.",
  ]);
  await expect(page.locator("body")).not.toContainText(KEY);
});

test("a key put in the wrong field is not shown either", async ({ page }) => {
  await recordList(page);
  await mountWith(page, "**/notifications*", `data-auth="${KEY}"`);
  await page.goto("/notifications");
  await expect(configErrors(page)).toHaveText([
    'This page is misconfigured: data-auth must be "cookie" or "bearer". Its default is used instead.',
  ]);
  await expect(page.locator("body")).not.toContainText(KEY);
});

for (const [what, answer, message] of [
  ["not JSON", { body: "{ apiBaseUrl: /x }", contentType: "application/json" }, "config.json could not be read: it is not valid JSON"],
  ["a failed request", { status: 500, body: "boom" }, "config.json could not be read: HTTP 500."],
] as const) {
  test(`a config.json that is ${what} is reported and defaults apply`, async ({ page }) => {
    await recordList(page);
    await page.route("**/config.json", (route) => route.fulfill(answer));
    await page.goto("/audit-logs");
    await expect(tableRows(page)).toHaveCount(3);
    await expect(configErrors(page)).toContainText(message);
  });
}

test("a config.json that never arrives is given up after 10 s, and defaults apply", async ({ page }) => {
  // Paused: time moves only when the test says, however slowly the machine runs.
  await page.clock.install({ time: NOW });
  await page.clock.pauseAt(new Date(NOW.getTime() + 1_000));
  const lists = await recordList(page);
  await page.route("**/config.json", () => {}); // never answered
  await page.goto("/audit-logs");
  // The app has started, and with it the 10 s wait: the clock runs from here.
  await expect(page.getByRole("status")).toHaveText("Loading the audit trail…");
  await page.clock.runFor(9_000);
  await expect(page.getByRole("table")).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveText("Loading the audit trail…");
  expect(lists).toHaveLength(0);
  await page.clock.runFor(1_000);
  await expect(tableRows(page)).toHaveCount(3);
  await expect(configErrors(page)).toHaveText([
    "This page is misconfigured: config.json could not be read: it did not arrive within 10 seconds. Its settings are not used.",
  ]);
});

test("a missing config.json (404) means defaults, silently", async ({ page }) => {
  await recordList(page);
  await page.route("**/config.json", (route) => route.fulfill({ status: 404, body: "" }));
  await page.goto("/audit-logs");
  await expect(tableRows(page)).toHaveCount(3);
  await expect(configErrors(page)).toHaveCount(0);
});

test("config.json is asked for once, while the app's wasm is still downloading", async ({ page }) => {
  const lists = await recordList(page);
  const asked: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.endsWith("/config.json")) asked.push(request.url());
  });
  await serveConfig(page, { projectId: "proj_preloaded" });
  await page.goto("/notifications");
  await expect(notifications(page).first()).toBeVisible();
  // The page's preload is the app's own request: a second one would mean it was wasted.
  expect(asked).toHaveLength(1);
  expect(lists[0].headers()["x-banata-project-id"]).toBe("proj_preloaded");
  const timing = await page.evaluate(() => {
    const entries = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const find = (end: string) => entries.find((entry) => new URL(entry.name).pathname.endsWith(end))!;
    return { config: find("/config.json").startTime, wasm: find("_bg.wasm").responseEnd };
  });
  expect(timing.config).toBeLessThan(timing.wasm);
});

test("the first list request leaves before the page is built, and travels while it builds", async ({ page }) => {
  await recordList(page);
  // Notes whether the page was there when the app first asked for the list.
  await page.addInitScript(() => {
    const send = window.fetch;
    window.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith("/audit-logs/list") && !("pageBuiltAtFirstList" in window)) {
        Object.assign(window, { pageBuiltAtFirstList: document.querySelector("main") !== null });
      }
      return send(input, init);
    };
  });
  await page.goto("/notifications");
  await expect(notifications(page).first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { pageBuiltAtFirstList: boolean }).pageBuiltAtFirstList)).toBe(false);
});

test("a deep link with a trailing slash still finds config.json beside index.html", async ({ page }) => {
  const lists = await recordList(page);
  const asked: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith("config.json")) asked.push(new URL(request.url()).pathname);
  });
  await serveConfig(page, { projectId: "proj_deep" });
  await page.goto("/audit-logs/");
  await expect(tableRows(page)).toHaveCount(3);
  expect(lists[0].headers()["x-banata-project-id"]).toBe("proj_deep");
  expect(asked).toEqual(["/config.json"]);
});
