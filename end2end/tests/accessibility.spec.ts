import AxeBuilder from "@axe-core/playwright";
import { test, expect, answerList, freezeClock, screenshotPixels, LIST } from "./fixtures";
import type { Locator, Page } from "@playwright/test";
import { PAGE } from "./sample-events";

/** Fails on any serious or critical axe violation, naming the rule and the elements. */
async function expectNoSeriousViolations(page: Page, state: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect(serious, `axe in state "${state}"`).toEqual([]);
}

const PAGES = [
  { path: "/notifications", heading: "Notifications", ready: (page: Page) => page.getByRole("main").getByRole("listitem").first() },
  { path: "/audit-logs", heading: "Audit Logs", ready: (page: Page) => page.getByRole("main").getByRole("row").nth(1) },
];

test.beforeEach(async ({ page }) => {
  // axe takes seconds per run on a busy two-core machine.
  test.setTimeout(90_000);
  await freezeClock(page);
});

for (const { path, heading, ready } of PAGES) {
  test.describe(path, () => {
    test("loading: busy, announced, and no serious axe violation", async ({ page }) => {
      // Hold the answer: the page stays loading.
      await page.route(LIST, () => {});
      await page.goto(path);
      await expect(page.locator("[aria-busy='true']")).toHaveCount(1);
      await expect(page.getByRole("status").filter({ hasText: "Loading" })).toHaveCount(1);
      await expectNoSeriousViolations(page, "loading");
    });

    test("empty: announced as a status, no serious axe violation", async ({ page }) => {
      await answerList(page, { data: [], listMetadata: { before: null, after: null } });
      await page.goto(path);
      await expect(page.getByRole("main").getByRole("status").filter({ hasText: /No / })).toBeVisible();
      await expectNoSeriousViolations(page, "empty");
    });

    test("error: announced as an alert, no serious axe violation", async ({ page }) => {
      await answerList(page, { error: "boom" }, 500);
      await page.goto(path);
      await expect(page.getByRole("alert").filter({ hasText: "Failed to load" })).toBeVisible();
      await expectNoSeriousViolations(page, "error");
    });

    for (const [state, setup] of [
      ["light", async () => {}],
      ["dark", async (page: Page) => page.emulateMedia({ colorScheme: "dark" })],
      ["forced colours", async (page: Page) => page.emulateMedia({ forcedColors: "active" })],
      ["more contrast", async (page: Page) => page.emulateMedia({ contrast: "more" })],
      ["more contrast, dark", async (page: Page) => page.emulateMedia({ contrast: "more", colorScheme: "dark" })],
    ] as const) {
      test(`data, ${state}: no serious axe violation`, async ({ page }) => {
        await setup(page);
        await answerList(page, PAGE);
        await page.goto(path);
        await expect(ready(page)).toBeVisible({ timeout: 15_000 });
        await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
        await expectNoSeriousViolations(page, `data, ${state}`);
      });
    }

    test("every control is reachable with Tab and shows a focus ring", async ({ page }) => {
      await answerList(page, PAGE);
      await page.goto(path);
      await expect(ready(page)).toBeVisible({ timeout: 15_000 });
      // Open the disclosures so the controls inside them count too.
      for (const summary of await page.locator("summary").all()) await summary.click();
      await page.locator("body").click({ position: { x: 1, y: 1 } });
      const controls = await page.evaluate(() => {
        const selector = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), summary, [tabindex='0']";
        const visible = [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => el.getClientRects().length > 0 && !el.closest("dialog"));
        visible.forEach((el, index) => (el.dataset.control = String(index)));
        return visible.length;
      });
      expect(controls).toBeGreaterThan(5);
      const reached = new Set<string>();
      // A date input takes several Tabs (day, month, year, picker).
      for (let press = 0; press < controls * 2 + 10 && reached.size < controls; press++) {
        await page.keyboard.press("Tab");
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | SVGElement | null;
          if (!el?.dataset.control) return null;
          // On a date input's own picker button Chromium draws its own ring inside the field.
          if (el instanceof HTMLInputElement && el.type === "date" && !el.matches(":focus-visible")) return null;
          const style = getComputedStyle(el);
          // A colour with some opacity: a transparent ring is drawn but not seen.
          const seen = (colour: string) => colour !== "none" && colour !== "transparent" && !/rgba\([^)]*,\s*0\)/.test(colour);
          // A visible ring: a real outline, a box-shadow, or on the chart's SVG bars a stroke.
          const ring =
            (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 && seen(style.outlineColor)) ||
            (style.boxShadow !== "none" && seen(style.boxShadow)) ||
            (seen(style.stroke) && parseFloat(style.strokeWidth) >= 2);
          return { id: el.dataset.control, tag: el.tagName, ring };
        });
        if (!focused) continue;
        reached.add(focused.id);
        expect(focused.ring, `focus ring on ${focused.tag} #${focused.id}`).toBe(true);
      }
      expect(reached.size, "controls reached by Tab").toBe(controls);
    });
  });
}

test("each page names itself in the browser's title", async ({ page }) => {
  await answerList(page, PAGE);
  await page.goto("/notifications");
  await expect(page).toHaveTitle("Notifications · Audit trail · Banata");
  await page.getByRole("link", { name: "Audit Logs" }).click();
  await expect(page).toHaveTitle("Audit Logs · Audit trail · Banata");
  await page.goto("/nowhere");
  await expect(page).toHaveTitle("Page not found · Audit trail · Banata");
});

test("the skip link moves focus to the content", async ({ page }) => {
  await answerList(page, PAGE);
  await page.goto("/notifications");
  await expect(PAGES[0].ready(page)).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
  // The next Tab goes into the content, past the nav.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => !!document.activeElement?.closest("main"))).toBe(true);
});

test("a page that replaces another takes the focus to its heading; the first page leaves it", async ({ page }) => {
  await answerList(page, PAGE);
  await page.goto("/notifications");
  await expect(PAGES[0].ready(page)).toBeVisible();
  await expect(page.locator("body")).toBeFocused();
  await page.getByRole("link", { name: "Audit Logs" }).focus();
  await page.keyboard.press("Enter");
  const heading = page.getByRole("heading", { level: 1, name: "Audit Logs" });
  await expect(heading).toBeFocused();
  // The page's code and rows arriving under the heading leave the focus where it is…
  await expect(PAGES[1].ready(page)).toBeVisible();
  await expect(heading).toBeFocused();
  // …and the next Tab goes on from the top of the new page.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => !!document.activeElement?.closest("main"))).toBe(true);
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeFocused();
  // The redirect from the root is not a page replacing another.
  await page.goto("/");
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(PAGES[0].ready(page)).toBeVisible();
  await page.waitForTimeout(100); // a frame for a focus that should not come
  await expect(page.locator("body")).toBeFocused();
});

test("Back to a scrolled page keeps its scroll while its heading takes the focus", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 400 });
  await answerList(page, PAGE);
  await page.goto("/notifications");
  await expect(PAGES[0].ready(page)).toBeVisible();
  const link = page.getByRole("link", { name: /View in audit log/ }).last();
  await link.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(100);
  await link.click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit Logs" })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeFocused();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled / 2);
});

/** An element's outline: "none", or its style and whether its colour can be seen ("solid seen"). */
const outline = (element: Locator) =>
  element.evaluate((el) => {
    const style = getComputedStyle(el);
    const seen = !/rgba\([^)]*,\s*0\)|transparent/.test(style.outlineColor);
    return style.outlineStyle === "none" ? "none" : `${style.outlineStyle} ${seen ? "seen" : "unseen"}`;
  });

// A button that goes with what it removes hands the focus to a region, which shows the
// ring when the keyboard brought it there, and not for a click.
for (const [title, path, unfold, region, container, byKeyboard, byClick] of [
  [
    "a region handed the focus by a button that goes shows the ring, from the keyboard only",
    "/notifications",
    "Important actions", // folded away at first
    { role: "list", name: "Important actions" },
    { role: "list", name: "Important actions" },
    "Remove user.created",
    "Remove user.deleted",
  ],
  [
    "the events take the focus ring from a chip's Remove pressed from the keyboard",
    "/audit-logs?action=user.created&q=ada",
    null,
    { role: "region", name: "Audit events" },
    { role: "list", name: "Active filters" },
    "Remove filter Search: ada",
    "Remove filter Action: user.created",
  ],
] as const) {
  test(title, async ({ page }) => {
    await answerList(page, PAGE);
    await page.goto(path);
    if (unfold) await page.getByText(unfold).click();
    const focused = page.getByRole(region.role, { name: region.name });
    const buttons = page.getByRole(container.role, { name: container.name });
    await buttons.getByRole("button", { name: byKeyboard }).focus();
    await page.keyboard.press("Enter");
    await expect(focused).toBeFocused();
    expect(await outline(focused)).toBe("solid seen");
    await buttons.getByRole("button", { name: byClick }).click();
    await expect(focused).toBeFocused();
    expect(await outline(focused)).toBe("none");
  });
}

test("a button that keeps the focus once pressed shows the focus ring in full colour", async ({ page }) => {
  await answerList(page, PAGE);
  await page.goto("/notifications");
  await expect(PAGES[0].ready(page)).toBeVisible();
  const markAll = page.getByRole("button", { name: "Mark all as read" });
  await markAll.focus();
  await page.keyboard.press("Enter");
  await expect(markAll).toHaveAttribute("aria-disabled", "true");
  await expect(markAll).toBeFocused();
  const { box, colour } = await markAll.evaluate((button) => {
    const { x, y, height } = button.getBoundingClientRect();
    return { box: { x, y, height }, colour: getComputedStyle(button).outlineColor.match(/\d+/g)!.map(Number) };
  });
  // The ring's left edge: 2 px wide, 2 px out from the button, at its middle.
  const pixels = await screenshotPixels(page, { x: Math.floor(box.x) - 5, y: Math.floor(box.y + box.height / 2), width: 5, height: 1 });
  const ring = [0, 1, 2, 3, 4].filter((x) => pixels.at(x, 0).every((value, i) => Math.abs(value - colour[i]) < 24));
  expect(ring.length).toBeGreaterThanOrEqual(2);
});

test("asked for more contrast, the ring is thicker and an unavailable button's edge dashed", async ({ page }) => {
  await answerList(page, PAGE);
  await page.emulateMedia({ contrast: "more" });
  await page.goto("/notifications");
  await expect(PAGES[0].ready(page)).toBeVisible();
  const markAll = page.getByRole("button", { name: "Mark all as read" });
  await expect(markAll).toHaveCSS("border-top-style", "solid");
  await markAll.focus();
  await page.keyboard.press("Enter");
  await expect(markAll).toHaveAttribute("aria-disabled", "true");
  await expect(markAll).toHaveCSS("border-top-style", "dashed");
  await expect(markAll).toHaveCSS("outline-width", "3px");
  await page.emulateMedia({ contrast: "no-preference" });
  await expect(markAll).toHaveCSS("outline-width", "2px");
});

test("with WCAG's text spacing (1.4.12), the filter fields stay within their cells", async ({ page }) => {
  await answerList(page, PAGE);
  await page.goto("/audit-logs");
  await expect(PAGES[1].ready(page)).toBeVisible();
  // Through the CSSOM: the page's policy refuses inline styles.
  await page.evaluate(() => {
    const spacing = new CSSStyleSheet();
    spacing.replaceSync("* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; } p { margin-bottom: 2em !important; }");
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, spacing];
  });
  const beyond = await page.locator(".filters label").evaluateAll((labels) =>
    labels.filter((label) => label.querySelector("input")!.getBoundingClientRect().right > label.getBoundingClientRect().right + 0.5).map((label) => label.textContent),
  );
  expect(beyond).toEqual([]);
});

test("the notification settings: open, no serious axe violation, errors announced", async ({ page }) => {
  await answerList(page, PAGE);
  await page.goto("/notifications");
  await page.getByText("Important actions").click();
  const input = page.getByRole("textbox").first();
  await expect(input).toBeVisible();
  await expectNoSeriousViolations(page, "settings open");
  await page.emulateMedia({ colorScheme: "dark" });
  await expectNoSeriousViolations(page, "settings open, dark");
});

test("the detail dialog: traps focus, no serious axe violation, returns focus to its row", async ({ page }) => {
  await answerList(page, PAGE);
  await page.goto("/audit-logs");
  const row = page.locator("tr[data-event='e2']");
  await row.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expectNoSeriousViolations(page, "dialog open");
  await page.emulateMedia({ colorScheme: "dark" });
  await expectNoSeriousViolations(page, "dialog open, dark");
  // Tab cycles inside the modal dialog (the browser makes the rest inert).
  for (let press = 0; press < 12; press++) {
    await page.keyboard.press("Tab");
    const inside = await page.evaluate(() => {
      const el = document.activeElement;
      return !el || el === document.body || !!el.closest("dialog");
    });
    expect(inside, `focus after ${press + 1} Tabs`).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(row).toBeFocused();
  // A row is said to open, and opens with Space as a button does.
  await expect(page.getByRole("table", { name: "Audit events" })).toHaveAccessibleDescription(
    "Arrow keys, Page Up, Page Down, Home and End move between rows; Enter or Space opens a row's details.",
  );
  await page.keyboard.press("Space");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("e2");
});

test("the theme select is a labelled control, persisted, and applied before the first paint", async ({ page }) => {
  await answerList(page, PAGE);
  await page.goto("/notifications");
  const theme = page.getByLabel("Theme");
  await expect(theme).toHaveValue("system");
  const background = () => page.locator(".banata-audit").evaluate((el) => getComputedStyle(el).backgroundColor);
  const light = await background();
  await theme.selectOption("dark");
  const dark = await background();
  expect(dark).not.toBe(light);
  await expectNoSeriousViolations(page, "dark by the toggle");

  // After a reload the first frame the app paints is already dark.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const root = document.querySelector<HTMLElement>(".banata-audit");
      if (!root) return;
      (window as unknown as { firstBackground: string }).firstBackground = getComputedStyle(root).backgroundColor;
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  await expect(page.getByLabel("Theme")).toHaveValue("dark");
  expect(await page.evaluate(() => (window as unknown as { firstBackground: string }).firstBackground)).toBe(dark);
  await page.getByLabel("Theme").selectOption("system");
  expect(await background()).toBe(light);
});

/** The colour at the viewport's top left corner, as the admin sees it. */
async function cornerColour(page: Page): Promise<number[]> {
  return (await screenshotPixels(page, { x: 0, y: 0, width: 4, height: 4 })).at(0, 0);
}

test("the chosen theme colours the page while the app downloads, and follows the toggle", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.addInitScript(() => localStorage.setItem("banata.theme", "dark"));
  // The wasm held back: the page as it is while the app downloads.
  await page.route("**/*.wasm", () => {});
  await page.goto("/notifications");
  await expect.poll(async () => Math.max(...(await cornerColour(page)))).toBeLessThan(64);
  await expect(page.locator(".banata-audit")).toHaveCount(0);

  // Once started, the page behind the app (what an overscroll shows) follows the choice.
  await page.unroute("**/*.wasm");
  await answerList(page, PAGE);
  await page.reload();
  const pageScheme = () => page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
  await expect(page.getByLabel("Theme")).toHaveValue("dark");
  expect(await pageScheme()).toBe("dark");
  await page.getByLabel("Theme").selectOption("light");
  await expect.poll(pageScheme).toBe("light");
  await page.getByLabel("Theme").selectOption("system");
  await expect.poll(pageScheme).not.toMatch(/^(light|dark)$/);
});

test("every button, disclosure and link of its own is a target at least 24 px tall (WCAG 2.5.8)", async ({ page }) => {
  await answerList(page, PAGE);
  for (const { path, ready } of PAGES) {
    await page.goto(path);
    await expect(ready(page)).toBeVisible();
    for (const summary of await page.locator("summary").all()) await summary.click();
    const small = await page.evaluate(() =>
      [...document.querySelectorAll(".banata-audit :is(button, summary, a)")]
        .filter((target) => {
          const { height } = target.getBoundingClientRect();
          // A link within a sentence is the sentence's height, as the rule allows.
          return height > 0 && height < 24 && !(target.tagName === "A" && target.closest("p"));
        })
        .map((target) => `${target.tagName} "${target.textContent!.trim().slice(0, 20)}" ${target.getBoundingClientRect().height} px`),
    );
    expect(small, path).toEqual([]);
  }
});

// The last: a phone whose admin set twice the default font size (32 px), which the app follows.
for (const [width, fontSize] of [[360, 16], [1920, 16], [390, 32]]) {
  const larger = fontSize > 16 ? " with twice the default font size" : "";
  test(`at ${width} px wide${larger} nothing scrolls the page sideways`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    if (larger) {
      await page.addInitScript((size) => document.addEventListener("DOMContentLoaded", () => (document.documentElement.style.fontSize = size)), `${fontSize}px`);
    }
    await answerList(page, PAGE);
    for (const { path, ready } of PAGES) {
      await page.goto(path);
      await expect(ready(page)).toBeVisible({ timeout: 15_000 });
      for (const summary of await page.locator("summary").all()) await summary.click();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} horizontal overflow`).toBe(0);
      // Every nav link and the theme control stay within the width.
      const nav = page.getByRole("navigation");
      for (const control of [...(await nav.getByRole("link").all()), nav.getByLabel("Theme")]) {
        const box = await control.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= width, `${path}: ${await control.textContent()} within the width`).toBe(true);
      }
    }
    if (width === 360) {
      // The table scrolls inside its own box instead.
      const table = await page.locator(".events").evaluate((el) => {
        let box: HTMLElement | null = el as HTMLElement;
        while (box && box.scrollWidth <= box.clientWidth) box = box.parentElement;
        return box ? getComputedStyle(box).overflowX : null;
      });
      expect(table).toMatch(/auto|scroll/);
    }
  });
}
