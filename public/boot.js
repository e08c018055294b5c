// Starts the wasm app. Kept out of index.html so the page runs under script-src 'self'.
// A browser that cannot run the app (it needs wasm SIMD: Chrome 91, Firefox 89, Safari 16.4)
// or a failed download gets a message where the app would be, not a blank page.
export async function start(js, wasm) {
  prefetchPage(js);
  try {
    const [{ default: init }] = await Promise.all([import(js), preloadEnded(wasm)]);
    await init({ module_or_path: wasm });
  } catch (error) {
    const note = document.createElement("p");
    note.setAttribute("role", "alert");
    note.textContent =
      "The audit trail could not start. It needs a current browser (Chrome or Edge 91, " +
      "Firefox 89, Safari 16.4 or later); reloading the page may help.";
    (document.querySelector("[data-banata-audit]") ?? document.body).append(note);
    console.error(error);
  }
}

// A link straight to Audit Logs (the route in src/lib.rs, under any base) needs the page's own
// wasm too: its download starts now, beside the app's, not once the app has started and
// asked for it. The split's loader (scripts/wasm-split.mjs) hands it to the app.
function prefetchPage(js) {
  if (!/\/audit-logs\/?$/.test(location.pathname)) return;
  // Beside the JS glue, resolved as `import(js)` resolves it.
  import(new URL("__wasm_split.js", new URL(js, import.meta.url)).href)
    .then((loader) => loader.prefetch("audit_logs"))
    .catch(() => {}); // the app's own import then says what failed
}

// Safari downloads the wasm twice if it is fetched while its preload is under way, once
// after (docs/performance.md). The preload's timing entry may come after its load event,
// so either ends the wait; the timer is for a preload that failed before this ran.
function preloadEnded(url) {
  const href = new URL(url, document.baseURI).href;
  const link = [...document.querySelectorAll("link[rel=preload]")].find((link) => link.href === href);
  if (!link) return;
  return new Promise((resolve) => {
    // Whichever comes first ends the wait and lets go of the others.
    const end = () => {
      clearTimeout(timer);
      observer.disconnect();
      resolve();
    };
    const timer = setTimeout(end, 5000);
    const observer = new PerformanceObserver((entries) => entries.getEntriesByName(href).length && end());
    observer.observe({ type: "resource", buffered: true });
    link.addEventListener("load", end, { once: true });
    link.addEventListener("error", end, { once: true });
  });
}

// The app's own page names its files on this script's tag; embed.js calls start itself.
const tag = document.querySelector("script[data-wasm]");
if (tag) {
  // The admin's theme (src/components/theme.rs keeps it) colours the page while the wasm
  // downloads, instead of the system's for a moment. A refused storage means the system's.
  try {
    document.documentElement.dataset.banataTheme = localStorage.getItem("banata.theme") ?? "system";
  } catch {}
  await start(tag.dataset.js, tag.dataset.wasm);
}
