import { test as base, expect, type Page, type Route } from "@playwright/test";

export { expect };

export const LIST = "**/api/auth/banata/audit-logs/list";

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
