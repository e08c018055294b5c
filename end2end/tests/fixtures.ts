import { test as base, expect, type Page, type Request, type Route } from "@playwright/test";

export { expect };

export const LIST = "**/api/auth/banata/audit-logs/list";

/** A request to the list endpoint, under any base: tests that count failed or cancelled
 * requests count these, not others' (config.json's can be reported failed after its answer). */
export const isListRequest = (request: Request) => request.url().includes("/audit-logs/list");

// The built files, named by Trunk's content hash (which drops leading zeros) and, for the
// Audit Logs page's own wasm, by scripts/wasm-split.mjs.
export const APP_WASM = /\/audit-dashboard-[0-9a-f]{12,16}_bg\.wasm$/;
export const APP_JS = /\/audit-dashboard-[0-9a-f]{12,16}\.js$/;
export const STYLESHEET = /\/main-[0-9a-f]{12,16}\.css$/;
export const PAGE_WASM = /\/split-audit-logs-[0-9a-f]{16}\.wasm$/;

/** Fails the test on any uncaught page error, wasm panic or CSP violation. */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => {
        const text = message.text();
        if (message.type() === "error" && /panicked|RuntimeError|Content Security Policy/.test(text)) {
          errors.push(text);
        }
      });
      await use(errors);
      expect(errors, "page errors").toEqual([]);
    },
    { auto: true },
  ],
});

/** Answers the list endpoint with `body` (a value is sent as JSON, a string as is). */
export async function answerList(page: Page, body: unknown, status = 200) {
  await page.route(LIST, (route: Route) =>
    route.fulfill({
      status,
      contentType: "application/json",
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

/** Holds the responses to requests for `url` until the function it gives back is called; then
 * they go on to the server. */
export async function holdResponses(page: Page, url: string | RegExp): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(url, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Fixes the browser clock so relative times are predictable. */
export const NOW = new Date("2026-03-10T12:00:00Z");
export const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

export async function freezeClock(page: Page) {
  await page.clock.install({ time: NOW });
}

/** Serves the app's page with `attributes` on its mount element, as a host page would. */
export async function mountWith(page: Page, path: string, attributes: string) {
  await page.route(path, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("<body>", `<body ${attributes}>`);
    await route.fulfill({ response, body: html });
  });
}

/** Serves `settings` as the app's config.json. */
export async function serveConfig(page: Page, settings: Record<string, unknown>) {
  await page.route("**/config.json", (route) => route.fulfill({ json: settings }));
}

/** Records every Content-Security-Policy violation the page reports, from its first script on. */
export async function recordCspViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`),
    );
  });
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? ["recorder missing"]);
}

/** Fails when markup from data ran or became elements: a set flag, a script, an image, a frame, an inline handler, a javascript: link. */
export async function expectNothingExecuted(page: Page) {
  const found = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    elements: [...document.querySelectorAll("script:not([src]), img, iframe, object, embed, [onerror], [onload], [onclick]")].map(
      (element) => element.outerHTML.slice(0, 80),
    ),
    links: [...document.querySelectorAll("a[href]")]
      .map((link) => link.getAttribute("href") ?? "")
      // A scheme other than http(s): javascript:, data:, vbscript:…
      .filter((href) => /^[a-z][a-z0-9+.-]*:/i.test(href.trim()) && !/^https?:/i.test(href.trim())),
  }));
  expect(found).toEqual({ pwned: undefined, elements: [], links: [] });
}

/** Fails when the page is wider than the viewport, i.e. a long string pushed the layout out. */
export async function expectNoHorizontalOverflow(page: Page) {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  expect(widths.page, "page width").toBeLessThanOrEqual(widths.viewport);
}

/** The pixels of `clip` as the admin sees them: its size in pixels, and the `[r, g, b]` at a
 * pixel. Read by the page's own canvas from a screenshot. */
export async function screenshotPixels(page: Page, clip: { x: number; y: number; width: number; height: number }) {
  const png = (await page.screenshot({ clip })).toString("base64");
  const { width, height, data } = await page.evaluate(async (src) => {
    const image = new Image();
    image.src = `data:image/png;base64,${src}`;
    await image.decode();
    const canvas = document.createElement("canvas");
    [canvas.width, canvas.height] = [image.width, image.height];
    const context = canvas.getContext("2d")!;
    context.drawImage(image, 0, 0);
    return { width: image.width, height: image.height, data: [...context.getImageData(0, 0, image.width, image.height).data] };
  }, png);
  const at = (x: number, y: number) => data.slice((y * width + x) * 4, (y * width + x) * 4 + 3);
  return { width, height, at };
}
