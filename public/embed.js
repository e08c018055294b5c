// Embeds the dashboard in a host page:
//   <script type="module" src="https://audit.example.com/embed.js"></script>
//   <div data-banata-audit data-project-id="…"></div>
// The build names its files by content hash, so read the current names from the app's own
// index.html next to this file, add its stylesheet, wait for it (no unstyled flash), then
// start the app, which mounts into the first [data-banata-audit] element.
const base = new URL(".", import.meta.url);
const response = await fetch(new URL("index.html", base));
const app = new DOMParser().parseFromString(await response.text(), "text/html");
const boot = app.querySelector("script[data-wasm]");
const style = app.querySelector('link[rel="stylesheet"]');

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

const { start } = await import(new URL("boot.js", base).href);
await start(new URL(boot.dataset.js, base).href, new URL(boot.dataset.wasm, base));
