// Browser figures for ./scripts/bench, written to ../target/bench/browser.json:
// - time to 50 notification rows painted, app vs a static HTML page of the same rows;
// - search keystroke → updated table (performance marks), p95 over 100,000 loaded events,
//   and the same typing on a static page as the floor;
// - 100,000 events: response received → table painted (parse, normalise, index, render);
// - JS heap + wasm memory after loading them, against the JSON payload;
// - scrolling through them with the mouse wheel, down and back up: frame intervals, blank
//   frames, DOM rows;
// - exporting them to JSON through the export endpoint's pages: the longest task, which
//   holds the page still, and the time to the download;
// - normalising 100,000 rows in wasm: the app's reading code alone (benches/wasm/), which
//   ./scripts/bench builds into ../target/bench/wasm.
import { test, expect, type Browser, type Page } from "@playwright/test";
import { mkdirSync, readFileSync, writeFileSync, existsSync, statSync } from "node:fs";

const LIST = "**/api/auth/banata/audit-logs/list";
const EXPORT = "**/api/auth/banata/audit-logs/export";
const OUT = "../target/bench/browser.json";
const RUNS = 7;
const results: Record<string, unknown> = existsSync(OUT) ? JSON.parse(readFileSync(OUT, "utf8")) : {};
const save = (key: string, value: unknown) => {
  results[key] = value;
  mkdirSync("../target/bench", { recursive: true });
  writeFileSync(OUT, JSON.stringify(results, null, 2));
  console.log(key, JSON.stringify(value));
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const ACTIONS = ["user.created", "member.invited", "password.changed", "api-key.created", "session.created", "organization.updated"];
/** Flat rows as the shipped backend sends them (CONTRACT.md), newest first. */
function flatRows(count: number, now: number, step: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: `evt_${String(i).padStart(8, "0")}`,
    projectId: "proj_1",
    action: ACTIONS[i % ACTIONS.length],
    version: 1,
    actorType: "user",
    actorId: `usr_${i % 9973}`,
    actorName: `User ${i % 9973}`,
    actorEmail: `user${i % 9973}@acme.com`,
    targets: JSON.stringify([{ type: "user", id: `usr_${(i * 7) % 10007}` }]),
    organizationId: `org_${i % 37}`,
    ipAddress: "203.0.113.42",
    userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
    requestId: `req_${i}`,
    changes: JSON.stringify({ before: { role: "member" }, after: { role: "admin" } }),
    metadata: JSON.stringify({ source: "dashboard" }),
    occurredAt: now - i * step,
    createdAt: now - i * step,
  }));
}

/**
 * Watches the next page loaded for the time when `selector` first matches `count` elements
 * and the next frame has run. Reported through a binding rather than polled: Playwright's
 * polling injects its own script (about 50 ms of parsing) into the page while it loads.
 */
async function watchPaint(page: Page, selector: string, count: number): Promise<{ painted: Promise<number> }> {
  let report: (ms: number) => void = () => {};
  const painted = new Promise<number>((resolve) => (report = resolve));
  await page.exposeBinding("__painted", (_source, ms: number) => report(ms));
  await page.addInitScript(`
    new MutationObserver((_, observer) => {
      if (document.querySelectorAll(${JSON.stringify(selector)}).length >= ${count}) {
        observer.disconnect();
        performance.mark("content");
        requestAnimationFrame(() => setTimeout(() => window.__painted(performance.now())));
      }
    }).observe(document, { childList: true, subtree: true });`);
  return { painted };
}

/** Loads `path` in a fresh context (nothing cached) and returns when 50 rows were painted. */
async function timeToContent(browser: Browser, path: string, routes: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await routes(page);
  const { painted } = await watchPaint(page, "li.notification", 50);
  await page.goto(path);
  const ms = await painted;
  await context.close();
  return ms;
}

test("time to 50 notification rows: app vs static HTML", async ({ browser, page }) => {
  const rows = flatRows(50, Date.now() - 60_000, 60_000).map((row, i) => ({ ...row, action: ACTIONS[i % 4] }));
  const body = JSON.stringify({ data: rows, listMetadata: { before: null, after: null } });
  const answerRows = (page: Page) => page.route(LIST, (route) => route.fulfill({ contentType: "application/json", body }));
  // The static page is the app's own page once loaded, saved as HTML: the same markup and
  // stylesheet, without scripts or the wasm.
  await answerRows(page);
  await page.goto("/notifications");
  await expect(page.locator("li.notification")).toHaveCount(50);
  const html = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    copy.querySelectorAll("script, link[rel=preload], link[rel=modulepreload]").forEach((e) => e.remove());
    return `<!doctype html>${copy.outerHTML}`;
  });
  const serveStatic = (page: Page) => page.route("**/static-notifications", (route) => route.fulfill({ contentType: "text/html", body: html }));
  const app: number[] = [];
  const staticPage: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    app.push(await timeToContent(browser, "/notifications", answerRows));
    staticPage.push(await timeToContent(browser, "/static-notifications", serveStatic));
  }
  save("time_to_content", { app_ms: median(app), static_ms: median(staticPage), runs: RUNS, app_all: app, static_all: staticPage });
});

test("100,000 events: load, memory, and search keystrokes", async ({ page }) => {
  const now = Date.now();
  const rows = flatRows(100_000, now - 60_000, 10_000);
  const body = JSON.stringify({ data: rows, listMetadata: { before: null, after: null } });
  // The nav's unread count asks for the newest events with a small limit, which a backend
  // honours; the page's date range gets all 100,000 in one answer.
  const recent = (limit: number) => JSON.stringify({ data: rows.slice(0, limit), listMetadata: { before: null, after: null } });
  await page.route(LIST, (route) => {
    const limit = route.request().postDataJSON()?.limit ?? 0;
    route.fulfill({ contentType: "application/json", body: limit <= 50 ? recent(limit) : body });
  });
  await answerExport(page, rows);
  // Keep a handle on the app's wasm memory to read its size. The Audit Logs page's own wasm,
  // instantiated later, shares that memory without exporting it.
  await page.addInitScript(() => {
    const keep = (result: any) => {
      const instance = result.instance ?? result;
      (window as any).__wasmMemory ??= instance.exports?.memory;
      return result;
    };
    const streaming = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = (...args: any[]) => (streaming as any)(...args).then(keep);
    const plain = WebAssembly.instantiate;
    WebAssembly.instantiate = (...args: any[]) => (plain as any)(...args).then(keep);
  });
  const table = await watchPaint(page, "tr[data-event]", 1);
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  await page.goto(`/audit-logs?from=${day(now - 20 * 86_400_000)}&to=${day(now + 86_400_000)}`);
  const painted = await table.painted;
  await expect(page.getByText("100,000 events in this date range.", { exact: true })).toBeVisible();
  // The 100,000-event answer is the last list response to arrive (the nav count's is small).
  // The time after it includes the export endpoint's one round trip for what is older.
  const responseEnd = await page.evaluate(() =>
    Math.max(
      ...(performance.getEntriesByType("resource") as PerformanceResourceTiming[])
        .filter((e) => e.name.includes("/audit-logs/list"))
        .map((e) => e.responseEnd),
    ),
  );
  save("load_100k", { response_to_painted_ms: painted - responseEnd, rows: 100_000 });

  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("Performance.enable");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const heap = metrics.find((m: { name: string }) => m.name === "JSHeapUsedSize")?.value ?? 0;
  const wasm = await page.evaluate(() => (window as any).__wasmMemory?.buffer.byteLength ?? 0);
  save("memory_100k", { js_heap_bytes: heap, wasm_bytes: wasm, payload_bytes: Buffer.byteLength(body) });

  const keystrokes = await typeSearches(page, "section[aria-label='Audit events']");
  save("search_keystroke_100k", keystrokes);
  const domRows = await page.locator("tr").count();
  save("dom_rows_100k", { rows_in_dom: domRows });
  save("scroll_100k", await scrollThrough(page, 400));
  save("scroll_up_100k", await scrollThrough(page, -400));
  save("export_100k", await exportAll(page));
});

/**
 * Answers the export endpoint from `rows` (newest first), 1,000 a page, paged by time. The
 * date range asks it for what is older than the list's one page, which came without a
 * cursor, as the shipped backend's do.
 */
async function answerExport(page: Page, rows: { occurredAt: number }[]) {
  await page.route(EXPORT, (route) => {
    const cursor: number | undefined = route.request().postDataJSON()?.cursor ?? undefined;
    const start = cursor === undefined ? 0 : rows.findIndex((row) => row.occurredAt < cursor);
    const data = start < 0 ? [] : rows.slice(start, start + 1_000);
    const nextCursor = data.length === 1_000 ? data[data.length - 1].occurredAt : null;
    route.fulfill({ contentType: "application/json", body: JSON.stringify({ data, count: data.length, nextCursor }) });
  });
}

/** Exports the loaded events to JSON. */
async function exportAll(page: Page) {
  await page.evaluate(() => {
    const w = window as any;
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) w.__longest = Math.max(w.__longest, task.duration);
    }).observe({ type: "longtask" });
  });
  const start = Date.now();
  const download = page.waitForEvent("download", { timeout: 120_000 });
  await page.getByRole("button", { name: "Export JSON" }).click();
  const { size } = statSync((await (await download).path())!);
  const total = Date.now() - start;
  await expect(page.getByText("Exported 100,000 events")).toBeVisible();
  return { longest_task_ms: await page.evaluate(() => (window as any).__longest), total_ms: total, file_bytes: size };
}

test("normalise 100,000 rows in wasm", async ({ page }) => {
  const body = JSON.stringify({ data: flatRows(100_000, Date.now() - 60_000, 10_000), listMetadata: { before: null, after: null } });
  await page.route("**/wasm-normalize/**", (route) => {
    const file = new URL(route.request().url()).pathname.split("/").pop();
    if (file === "body.json") return route.fulfill({ contentType: "application/json", body });
    if (file === "") return route.fulfill({ contentType: "text/html", body: "<!doctype html><title>normalise</title>" });
    return route.fulfill({ path: `../target/bench/wasm/${file}` });
  });
  await page.goto("/wasm-normalize/");
  // The body is copied into wasm memory untimed, as a fetch's answer is; the first read also
  // grows the memory and compiles what it calls, as a page's first large load does.
  const times = await page.evaluate(async (runs) => {
    const reader = await import("/wasm-normalize/normalize_wasm.js");
    await reader.default({ module_or_path: "/wasm-normalize/normalize_wasm_bg.wasm" });
    reader.load(new Uint8Array(await (await fetch("/wasm-normalize/body.json")).arrayBuffer()));
    const time = (read: () => number, expected: number) => {
      const times: number[] = [];
      for (let run = 0; run <= runs; run++) {
        reader.drop_page();
        const start = performance.now();
        const result = read();
        times.push(performance.now() - start);
        if (result !== expected) throw new Error(`read ${result}, expected ${expected}`);
      }
      return times;
    };
    return { normalize: time(reader.normalize, 100_000), skim: time(reader.skim, 1) };
  }, RUNS);
  const [first, ...steady] = times.normalize;
  save("normalize_wasm_100k", {
    median_ms: median(steady),
    first_ms: first,
    runs_ms: steady,
    // serde_json reading past the same body, keeping nothing: the machine's pace in this run.
    skim_median_ms: median(times.skim.slice(1)),
    payload_bytes: Buffer.byteLength(body),
  });
});

test("keystroke floor: a static page whose input changes one line of text", async ({ page, baseURL }) => {
  // The same typing and timing on a page with no app: what headless Chromium and the
  // keyboard driver cost on their own, for reading the figure above.
  const index = await (await fetch(`${baseURL}/audit-logs`)).text();
  // The page is minified: its attributes may be unquoted and in any order.
  const css = index.match(/<link[^>]*\bhref="?([^"\s>]+\.css)/)![1];
  const rows = Array.from({ length: 36 }, (_, i) => `<tr><td>user.created</td><td>User ${i}</td><td>user usr_${i}</td><td>org_${i % 37}</td><td>1 minute ago</td></tr>`).join("");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Audit Logs</title><link rel="stylesheet" href="${css}"></head><body><main><label class="search">Search <input type="search"></label><section aria-label="Audit events"><div class="scroller"><table class="events"><tbody>${rows}</tbody></table></div><p id="summary"></p></section></main><script>document.querySelector("input").addEventListener("input", (e) => { document.getElementById("summary").textContent = e.target.value; });</script></body></html>`;
  await page.route("**/static-audit-logs", (route) => route.fulfill({ contentType: "text/html", body: html }));
  await page.goto("/static-audit-logs");
  save("search_keystroke_static", await typeSearches(page, "section[aria-label='Audit events']"));
});

/**
 * Scrolls the table with the mouse wheel, 60 notches of `notch` px (down if positive), one
 * each 50 ms (Chromium animates each), recording every animation frame from the first notch
 * on: the time since the frame before, and whether the rendered rows covered the scroller's
 * visible area (a blank shows otherwise). Also the most rows the DOM held.
 */
async function scrollThrough(page: Page, notch: number) {
  const scroller = page.locator(".scroller");
  await scroller.evaluate((element) => {
    const w = window as any;
    const scroll = { intervals: [] as number[], blank: 0, mostRows: 0, recording: true, last: 0 };
    w.__scroll = scroll;
    const header = element.querySelector("thead")!;
    const frame = (now: number) => {
      if (!scroll.recording) return;
      scroll.intervals.push(now - scroll.last);
      scroll.last = now;
      const rows = element.querySelectorAll("tbody tr[data-event]");
      scroll.mostRows = Math.max(scroll.mostRows, element.querySelectorAll("tr").length);
      const top = rows[0]?.getBoundingClientRect().top ?? Infinity;
      const bottom = rows[rows.length - 1]?.getBoundingClientRect().bottom ?? -Infinity;
      const atEnd = element.scrollTop + element.clientHeight >= element.scrollHeight - 1;
      const view = element.getBoundingClientRect();
      // Below the header while it is in view, else the scroller's own top.
      const visibleTop = Math.max(view.top, header.getBoundingClientRect().bottom);
      if (top > visibleTop + 1 || (bottom < view.bottom - 1 && !atEnd)) scroll.blank++;
      requestAnimationFrame(frame);
    };
    element.addEventListener(
      "wheel",
      () => {
        scroll.last = performance.now();
        requestAnimationFrame(frame);
      },
      { once: true, passive: true },
    );
  });
  const box = (await scroller.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const notches = 60;
  for (let i = 0; i < notches; i++) {
    await page.mouse.wheel(0, notch);
    await page.waitForTimeout(50);
  }
  await page.waitForTimeout(300);
  const { intervals, blank, mostRows, scrolled } = await scroller.evaluate((element) => {
    const scroll = (window as any).__scroll;
    scroll.recording = false;
    return { intervals: scroll.intervals.slice(1) as number[], blank: scroll.blank as number, mostRows: scroll.mostRows as number, scrolled: element.scrollTop };
  });
  return {
    frame_p50_ms: percentile(intervals, 50),
    frame_p95_ms: percentile(intervals, 95),
    frame_max_ms: Math.max(...intervals),
    frames: intervals.length,
    frames_over_50_ms: intervals.filter((ms) => ms > 50).length,
    blank_frames: blank,
    scrolled_px: scrolled,
    most_rows_in_dom: mostRows,
  };
}

/**
 * Types and deletes six search words twice, one key each 60 ms, and times each keystroke from a
 * mark on input in two ways:
 * - its work: the input's handlers and the update of `observed`, then a forced style and
 *   layout, timed in a task queued behind them (the app updates the DOM in microtasks, so
 *   that task runs after it has);
 * - to the next frame: a measure in the first animation frame after `observed` changed,
 *   which adds the wait for the browser's next frame.
 */
async function typeSearches(page: Page, observed: string) {
  await page.evaluate((selector) => {
    const w = window as any;
    const target = document.querySelector(selector) as HTMLElement;
    Object.assign(w, { __work: [], __frames: [], __early: 0, __changed: false });
    document.addEventListener("input", () => {
      const start = performance.now();
      performance.mark("search-input");
      w.__pending = true;
      w.__changed = false;
      setTimeout(() => {
        void target.offsetHeight;
        w.__work.push(performance.now() - start);
        if (!w.__changed) w.__early++;
      });
    }, true);
    new MutationObserver(() => {
      w.__changed = true;
      if (!w.__pending) return;
      w.__pending = false;
      requestAnimationFrame(() => {
        const m = performance.measure("search-keystroke", "search-input");
        w.__frames.push(m.duration);
      });
    }).observe(target, { childList: true, subtree: true, characterData: true });
  }, observed);
  await page.getByLabel("Search", { exact: true }).click();
  let typed = 0;
  // Twice over: about a third of the keystrokes change the rows, and the p95 wants samples.
  const words = ["user 42", "org_3", "9876", "member.inv", "usr_12", "req_5555"];
  for (const word of [...words, ...words]) {
    for (const key of word) {
      await page.keyboard.type(key);
      typed++;
      await page.waitForTimeout(60);
    }
    for (let i = 0; i < word.length; i++) {
      await page.keyboard.press("Backspace");
      typed++;
      await page.waitForTimeout(60);
    }
  }
  await page.waitForTimeout(300);
  const { work, frames, early } = await page.evaluate(() => {
    const w = window as any;
    return { work: w.__work as number[], frames: w.__frames as number[], early: w.__early as number };
  });
  return {
    next_frame_p50_ms: percentile(frames, 50),
    next_frame_p95_ms: percentile(frames, 95),
    work_p50_ms: percentile(work, 50),
    work_p95_ms: percentile(work, 95),
    work_max_ms: Math.max(...work),
    keystrokes: typed,
    // Keystrokes that changed nothing in `observed` (the same rows): no next-frame sample.
    unchanged: early,
  };
}
