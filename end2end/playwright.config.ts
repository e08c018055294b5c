import { defineConfig } from "@playwright/test";

// The reference server serves dist/ and the API on one origin; fixture tests answer the API
// themselves with page.route. A fresh, small database on every run.
const port = Number(process.env.E2E_PORT ?? 8181);

export default defineConfig({
  testDir: "./tests",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  // A ceiling, not a measurement: two workers, Chromium and the server share two cores, and a
  // range read takes several requests.
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    timezoneId: "UTC",
    locale: "en-US",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command:
      `rm -rf .tmp && mkdir -p .tmp && ../target/debug/audit-server --port ${port}` +
      " --db .tmp/e2e.sqlite3 --dist ../dist --seed 400 --dev-session --admin-key e2e-admin-key",
    url: `http://127.0.0.1:${port}/notifications`,
    reuseExistingServer: false,
    stdout: "pipe",
    timeout: 60_000,
  },
});
