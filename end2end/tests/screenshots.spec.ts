import { test, expect, answerList, freezeClock } from "./fixtures";
import { PAGE } from "./sample-events";
import { fileURLToPath } from "node:url";

// The README's pictures, from fixture data under a frozen clock so they only change when
// the look does; taking them also checks that both themes render.
const OUT = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

for (const scheme of ["light", "dark"] as const) {
  for (const [name, path, ready] of [
    ["notifications", "/notifications", "listitem"],
    ["audit-logs", "/audit-logs", "row"],
  ] as const) {
    test(`${name} in ${scheme}`, async ({ page }) => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
      await freezeClock(page);
      await answerList(page, PAGE);
      await page.goto(path);
      await expect(page.getByRole("main").getByRole(ready).filter({ hasText: "Ada Lovelace" })).toBeVisible();
      const background = await page.locator(".banata-audit").evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(background).toBe(scheme === "light" ? "rgb(247, 247, 248)" : "rgb(17, 17, 20)");
      await page.screenshot({ path: `${OUT}${name}-${scheme}.png`, animations: "disabled", caret: "hide" });
    });
  }
}
