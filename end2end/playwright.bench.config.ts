import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// Browser measurements for ./scripts/bench: timings, so kept out of the test run (their own
// testDir). One worker, so measurements do not compete with each other for the CPU.
export default defineConfig({
  ...base,
  testDir: "./bench",
  testMatch: "*.bench.ts",
  fullyParallel: false,
  workers: 1,
  timeout: 300_000,
  use: { ...base.use, trace: "off" },
});
