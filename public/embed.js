// Embeds the dashboard in a host page:
//   <script type="module" src="https://audit.example.com/embed.js"></script>
//   <div data-banata-audit data-project-id="…"></div>
// The build names its files by content hash, so read the current names from the app's own
// index.html next to this file, add its stylesheet, wait for it (no unstyled flash), then
// start the app, which mounts into the first [data-banata-audit] element. The app's code
// downloads meanwhile, as on its own page.
const base = new URL(".", import.meta.url);

// The app reads the config.json beside the host page (src/api/mod.rs) before its first
// request; asked for now, it arrives while the app downloads, and the app's fetch takes it.
const config = document.createElement("link");
Object.assign(config, { rel: "preload", as: "fetch", href: "config.json", crossOrigin: "anonymous" });
document.head.append(config);

const response = await fetch(new URL("index.html", base));
const app = new DOMParser().parseFromString(await response.text(), "text/html");
const boot = app.querySelector("script[data-wasm]");
const style = app.querySelector('link[rel="stylesheet"]');

// The page's own hints for the app's JS and wasm, so that they download beside the
// stylesheet rather than one after another once it has loaded.
for (const hint of app.querySelectorAll('link[rel="modulepreload"], link[rel="preload"][href$=".wasm"]')) {
  const copy = document.importNode(hint, false);
  copy.href = new URL(hint.getAttribute("href"), base).href;
  document.head.append(copy);
}
const booting = import(new URL("boot.js", base).href);

const link = document.createElement("link");
link.rel = "stylesheet";
link.href = new URL(style.getAttribute("href"), base).href;
if (style.integrity) link.integrity = style.integrity;
// After the host's own stylesheets, so the app wins ties with the host's rules.
const loaded = new Promise((resolve) => {
  link.onload = resolve;
  link.onerror = resolve;
});
document.head.append(link);
await loaded;

const { start } = await booting;
await start(new URL(boot.dataset.js, base).href, new URL(boot.dataset.wasm, base));
