import { test, expect, mountWith, minutesAgo, serveConfig, LIST, isListRequest } from "./fixtures";
import type { Page, Route } from "@playwright/test";

type Reply = Parameters<Route["fulfill"]>[0];
type Answer = Reply | "abort" | "hang";

const ROWS = [
  { id: "a", action: "user.created", occurredAt: minutesAgo(1).getTime(), actorId: "usr_a" },
  { id: "b", action: "user.deleted", occurredAt: minutesAgo(2).getTime(), actorId: "usr_b" },
];
const OK: Reply = { json: { data: ROWS } };
const failing = (status: number, headers: Record<string, string> = {}): Reply => ({
  status,
  headers,
  json: { message: `failure ${status}` },
});

// The inbox behind the nav count asks for 50 events on every page; the Audit Logs page is
// opened at 25 per page so that its own requests can be told apart.
const PAGES = [
  {
    name: "Audit Logs",
    path: "/audit-logs?size=25",
    limit: 25,
    title: "Failed to load audit logs",
    forbidden: "Audit logs require admin-level access.",
    region: "Audit events",
    rows: (page: Page) => page.getByRole("table").locator("tbody tr"),
  },
  {
    name: "Notifications",
    path: "/notifications",
    limit: 50,
    title: "Failed to load notifications",
    forbidden: "Notifications require admin-level access.",
    region: "Recent notifications",
    rows: (page: Page) => page.getByRole("region", { name: "Recent notifications" }).getByRole("listitem"),
  },
];

/** Answers the page's list requests with `answers` in turn (the last repeats); returns when each arrived. */
async function backend(page: Page, limit: number, answers: Answer[]) {
  const arrivals: number[] = [];
  await page.route(LIST, (route) => {
    if (route.request().postDataJSON().limit !== limit) return route.fulfill({ json: { data: [] } });
    arrivals.push(Date.now());
    const answer = answers[Math.min(arrivals.length, answers.length) - 1];
    if (answer === "abort") return route.abort("connectionreset");
    if (answer === "hang") return; // never answered
    return route.fulfill(answer);
  });
  return arrivals;
}

for (const target of PAGES) {
  test.describe(target.name, () => {
    for (const [status, reason] of [
      [401, "You are not signed in, or your session has expired."],
      [403, target.forbidden],
      [404, "The backend has no audit log endpoint at this address (HTTP 404). Check the API base URL setting."],
      [422, "The backend answered HTTP 422: failure 422."],
    ] as const) {
      test(`${status} is shown at once and never retried`, async ({ page }) => {
        const arrivals = await backend(page, target.limit, [failing(status), OK]);
        await page.goto(target.path);
        const alert = page.getByRole("alert");
        await expect(alert).toContainText(target.title);
        await expect(alert).toContainText(reason);
        await page.waitForTimeout(1_000); // a first retry would come within 0.5 s
        expect(arrivals).toHaveLength(1);
      });
    }

    test("a redirect to a sign-in page says the session has expired, with the sign-in link", async ({ page }) => {
      // A sign-in wall in front of the backend answers an expired session with a redirect,
      // which fetch follows to the page (here the server's page fallback, HTML with a 200).
      // The app sees the redirect first, then follows it to see where it leads.
      await serveConfig(page, { signInUrl: "/sign-in" });
      const redirect = { status: 302, headers: { location: "/sign-in?next=/" } };
      const arrivals = await backend(page, target.limit, [redirect, redirect, OK]);
      await page.goto(target.path);
      const alert = page.getByRole("alert");
      await expect(alert).toContainText("redirected to a web page instead of the events, which usually means your session has expired.");
      await expect(alert).toContainText("Sign in to the dashboard, then retry.");
      await expect(alert.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/sign-in");
      await alert.getByRole("button", { name: "Retry" }).click();
      await expect(target.rows(page)).toHaveCount(2);
      expect(arrivals).toHaveLength(3);
    });

    test("a redirect to a sign-in page on another origin says the session has expired, not that the backend is down", async ({ page, pageErrors }) => {
      // An SSO's or Cloudflare Access's wall: its page sends no CORS headers, so a fetch that
      // followed the redirect would fail as if nothing answered.
      await serveConfig(page, { signInUrl: "https://sso.example/sign-in" });
      await page.route("https://sso.example/**", (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Sign in</title>" }));
      const redirect = { status: 302, headers: { location: "https://sso.example/sign-in?next=/" } };
      const arrivals = await backend(page, target.limit, [redirect, redirect, OK]);
      await page.goto(target.path);
      const alert = page.getByRole("alert");
      await expect(alert).toContainText("which usually means your session has expired.");
      await expect(alert).not.toContainText("could not be reached");
      await expect(alert.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "https://sso.example/sign-in");
      await alert.getByRole("button", { name: "Retry" }).click();
      await expect(target.rows(page)).toHaveCount(2);
      expect(arrivals).toHaveLength(3);
      // The browser's own report of the redirect it would not follow under the app's CSP.
      const blocked = pageErrors.filter((error) => error.includes("https://sso.example/"));
      expect(blocked.length).toBeGreaterThan(0);
      pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((error) => !blocked.includes(error)));
    });

    test("a redirect to where the API answers (an http-to-https hop) gives its answer", async ({ page }) => {
      // Followed past the route, to the reference server's own endpoint and its seeded events.
      const arrivals = await backend(page, target.limit, [{ status: 308, headers: { location: "/api/auth/banata/audit-logs/list?hop=1" } }]);
      await page.goto(target.path);
      await expect(target.rows(page).first()).toBeVisible();
      await expect(page.getByRole("alert")).toHaveCount(0);
      expect(arrivals.length).toBeGreaterThanOrEqual(2);
    });

    test("a web page where the API should be says to check the address", async ({ page }) => {
      await backend(page, target.limit, [{ contentType: "text/html", body: "\n<!doctype html><title>Dashboard</title>" }]);
      await page.goto(target.path);
      const alert = page.getByRole("alert");
      await expect(alert).toContainText("The backend answered with a web page, not events. Check the API base URL setting.");
      await expect(alert.getByRole("link", { name: "Sign in" })).toHaveCount(0);
    });

    test("429 waits for Retry-After, then the rows appear", async ({ page }) => {
      const arrivals = await backend(page, target.limit, [failing(429, { "retry-after": "1" }), OK]);
      await page.goto(target.path);
      await expect(target.rows(page)).toHaveCount(2);
      expect(arrivals).toHaveLength(2);
      // The backoff alone would have asked again within 0.5 s.
      expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(950);
    });

    test("5xx is retried three times, then shown with a Retry that works", async ({ page }) => {
      const arrivals = await backend(page, target.limit, [failing(500), failing(500), failing(500), failing(500), OK]);
      await page.goto(target.path);
      await expect(page.getByRole("alert")).toContainText("The backend answered HTTP 500: failure 500", { timeout: 10_000 });
      expect(arrivals).toHaveLength(4);
      await page.getByRole("button", { name: "Retry" }).focus();
      await page.keyboard.press("Enter");
      await expect(target.rows(page)).toHaveCount(2);
      expect(arrivals).toHaveLength(5);
      // Retry went with the failure: the focus is on what it brought, not back on the page.
      await expect(page.getByRole("region", { name: target.region })).toBeFocused();
    });

    test("a 502 that clears within three retries is never seen", async ({ page }) => {
      const arrivals = await backend(page, target.limit, [failing(502), failing(502), failing(502), OK]);
      await page.goto(target.path);
      await expect(target.rows(page)).toHaveCount(2, { timeout: 10_000 });
      expect(arrivals).toHaveLength(4);
      await expect(page.getByRole("alert")).toHaveCount(0);
    });

    test("an aborted connection is a network error", async ({ page }) => {
      const arrivals = await backend(page, target.limit, ["abort", OK]);
      await page.goto(target.path);
      await expect(page.getByRole("alert")).toContainText("The audit log backend could not be reached.");
      await page.getByRole("button", { name: "Retry" }).click();
      await expect(target.rows(page)).toHaveCount(2);
      expect(arrivals).toHaveLength(2);
    });

    test("a request that hangs times out after the configured time", async ({ page }) => {
      const arrivals = await backend(page, target.limit, ["hang", OK]);
      await mountWith(page, `**${target.path.split("?")[0]}*`, 'data-request-timeout-seconds="1"');
      await page.goto(target.path);
      await expect(page.getByRole("alert")).toContainText("The server did not answer within 1 second.");
      await page.getByRole("button", { name: "Retry" }).click();
      await expect(target.rows(page)).toHaveCount(2);
      expect(arrivals).toHaveLength(2);
    });
  });
}

test("a Retry-After that is an HTTP date is honoured too", async ({ page }) => {
  const when = () => new Date(Date.now() + 2_000).toUTCString();
  const arrivals: number[] = [];
  await page.route(LIST, (route) => {
    arrivals.push(Date.now());
    return arrivals.length === 1
      ? route.fulfill({ status: 503, headers: { "retry-after": when() }, body: "" })
      : route.fulfill(OK);
  });
  await page.goto("/notifications");
  await expect(PAGES[1].rows(page)).toHaveCount(2);
  // HTTP dates have whole seconds: at least one second has passed.
  expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(950);
});

for (const [status, reason] of [
  [429, "The backend is receiving too many requests (HTTP 429). Try again in 120 seconds."],
  [503, "The backend answered HTTP 503: failure 503. Try again in 120 seconds."],
] as const) {
  test(`a backend that asks for a long pause (${status}) is shown at once, with the wait`, async ({ page }) => {
    const arrivals = await backend(page, 25, [failing(status, { "retry-after": "120" }), OK]);
    await page.goto("/audit-logs?size=25");
    await expect(page.getByRole("alert")).toContainText(reason);
    expect(arrivals).toHaveLength(1);
  });
}

test("an old link's cursor that the backend refuses offers the newest events, not only a Retry that cannot work", async ({ page }) => {
  // The reference backend answers 400 "unknown cursor" for an id it does not have.
  await page.goto("/audit-logs?size=25&action=user.created&after=evt_gone");
  await expect(page.getByRole("alert")).toContainText('The backend answered HTTP 400: unknown cursor "evt_gone".');
  const newest = page.getByRole("button", { name: "Newest events" });
  await expect(page.getByText("This page starts at an older page's cursor, which the backend may no longer accept.")).toBeVisible();
  await newest.click();
  await expect(page.getByRole("table").locator("tbody tr").first()).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  const url = new URL(page.url());
  expect(url.searchParams.get("after")).toBeNull();
  expect(url.searchParams.get("action")).toBe("user.created"); // the filters are kept
  await expect(page.getByRole("region", { name: "Audit events" })).toBeFocused();
});

test("a cursor page that fails for another reason offers only Retry", async ({ page }) => {
  for (const answer of ["abort", failing(500)] as const) {
    await page.unrouteAll();
    await backend(page, 25, [answer]);
    await page.goto(`/audit-logs?size=25&after=evt_${answer === "abort" ? "a" : "b"}`);
    await expect(page.getByRole("alert")).toBeVisible({ timeout: 10_000 });
    await expect(page.getByRole("button", { name: "Retry" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Newest events" })).toHaveCount(0);
  }
});

test("a retried, older filter answer never replaces a newer one", async ({ page }) => {
  let slowAttempts = 0;
  await page.route(LIST, async (route) => {
    const { action } = route.request().postDataJSON();
    if (action === "slow.one") {
      slowAttempts += 1;
      if (slowAttempts === 1) return route.fulfill(failing(500));
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      return route.fulfill({ json: [{ id: "s", action: "slow.one", occurredAt: Date.now(), actorId: "u" }] });
    }
    return route.fulfill({ json: [{ id: "f", action: "fast.one", occurredAt: Date.now(), actorId: "u" }] });
  });
  await page.goto("/audit-logs?action=slow.one");
  await expect.poll(() => slowAttempts).toBe(2); // the retry is on its way
  await page.getByLabel("Action", { exact: true }).fill("fast.one");
  await page.getByLabel("Action", { exact: true }).press("Enter");
  const badges = page.getByRole("table").locator("tbody tr .badge");
  await expect(badges).toHaveText(["fast.one"]);
  await page.waitForTimeout(4_500);
  await expect(badges).toHaveText(["fast.one"]);
});

test("a newer filter is asked for at once, and the request it replaces is cancelled", async ({ page }) => {
  const cancelled: string[] = [];
  page.on("requestfailed", (request) => {
    if (isListRequest(request)) cancelled.push(request.postDataJSON().action);
  });
  await page.route(LIST, async (route) => {
    const { action } = route.request().postDataJSON();
    if (action === "slow.one") {
      // Longer than the test waits for the newer answer below.
      await new Promise((resolve) => setTimeout(resolve, 20_000));
      return route.fulfill({ json: [] }).catch(() => {});
    }
    return route.fulfill({ json: [{ id: "f", action: "fast.one", occurredAt: Date.now(), actorId: "u" }] });
  });
  await page.goto("/audit-logs?action=slow.one");
  await expect(page.getByRole("region", { name: "Audit events" })).toHaveAttribute("aria-busy", "true");
  await page.getByLabel("Action", { exact: true }).fill("fast.one");
  await page.getByLabel("Action", { exact: true }).press("Enter");
  await expect(page.getByRole("table").locator("tbody tr .badge")).toHaveText(["fast.one"]);
  await expect.poll(() => cancelled).toEqual(["slow.one"]);
});

test("leaving Audit Logs cancels the request it was waiting for", async ({ page }) => {
  const cancelled: string[] = [];
  page.on("requestfailed", (request) => {
    if (isListRequest(request)) cancelled.push(request.postDataJSON().action);
  });
  await page.route(LIST, async (route) => {
    if (route.request().postDataJSON().action === "slow.one") {
      await new Promise((resolve) => setTimeout(resolve, 20_000));
      return route.fulfill({ json: [] }).catch(() => {});
    }
    return route.fulfill({ json: [] });
  });
  await page.goto("/audit-logs?action=slow.one");
  await expect(page.getByRole("region", { name: "Audit events" })).toHaveAttribute("aria-busy", "true");
  await page.getByRole("link", { name: /^Notifications/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  await expect.poll(() => cancelled).toEqual(["slow.one"]);
});

test("a retried deep fetch that a settings change superseded is cancelled, and never replaces the newer list", async ({ page }) => {
  const data = [ROWS[1], { id: "k", action: "api_key.created", occurredAt: minutesAgo(3).getTime(), actorId: "usr_k" }];
  let requests = 0;
  let cancelled = 0;
  page.on("requestfailed", (request) => {
    if (isListRequest(request)) cancelled += 1;
  });
  await page.route(LIST, async (route) => {
    requests += 1;
    if (requests === 1) return route.fulfill(failing(500));
    if (requests === 2) await new Promise((resolve) => setTimeout(resolve, 4_000));
    return route.fulfill({ json: { data } }).catch(() => {});
  });
  await page.goto("/notifications");
  await expect.poll(() => requests).toBe(2); // the retry is on its way
  await page.getByText("Important actions").click();
  await page.getByLabel("Add an action").fill("api_key.created");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  const badges = PAGES[1].rows(page).locator(".badge");
  await expect(badges).toHaveText(["user.deleted", "api_key.created"]);
  expect(cancelled).toBe(1);
  await page.waitForTimeout(4_500);
  await expect(badges).toHaveText(["user.deleted", "api_key.created"]);
});

test("an event opened by its link while the list fails to load says so, and closing shows why", async ({ page }) => {
  await backend(page, 25, [failing(403)]);
  await page.goto("/audit-logs?size=25&event=evt_1");
  const dialog = page.getByRole("dialog", { name: "Event details" });
  await expect(dialog).toContainText("Event evt_1 cannot be shown: the audit log failed to load. Close this to see why.");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(page.getByRole("alert")).toContainText("Audit logs require admin-level access.");
});
