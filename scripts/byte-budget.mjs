// Byte budget of a first load of /notifications: every asset dist/index.html makes the browser
// fetch (the page itself, stylesheets, boot.js, the app's JS and wasm) and every module those
// scripts import statically, each brotli-compressed at quality 11 as the server precompresses
// them; and, apart, the Audit Logs page's own wasm. Deterministic, so it runs in the tests.
// Usage: node scripts/byte-budget.mjs [dist] [--json]; exits 1 when either is over its limit.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

// The issue's target is 100 KB (0.40× the 249,269 B anchor). The build does not reach it yet,
// so the check holds the size it reaches (rounded up to the next KB) against growth, and
// prints the gap to the target (see README, Performance). Raised from 271,000 B on
// 2026-12-03 for fixes (a poll that reads back past a full page of arrivals or says it
// could not, a 5xx's wait, a date range cut short, an export's skipped rows and
// unfollowable cursor, chart bars that offer only what they can show, a From after To
// named, no `datetime` HTML cannot read): about 3.5 KB. Raised to 275,000 B the same day for
// the second review's fixes (a failed poll said on screen, a gap from a backend without
// cursors, export cursors that do not go older, more secret names redacted). Raised to
// 276,000 B on 2026-12-04 for the third review's fixes (the URL read once, a date range's
// repeated rows and cursors, empty-page and no-actions states, a refused clipboard said,
// base-aware event links named for screen readers): about 0.9 KB. Lowered to 246,000 B the
// same day, when the shipped wasm moved to a pinned nightly that rebuilds std for size and
// drops panic messages (scripts/tools.sh): 30 KB. Raised to 247,000 B the same day for
// counts with thousands separators and a date range's reading that can be stopped, the
// focus kept (0.9 KB). Lowered to 246,500 B the same day, when keeping the pager across
// loads took 0.3 KB off. Raised to 247,500 B on 2026-12-04 for a date range's reading
// that stops at once and keeps its pages when a later one fails (0.9 KB). Raised to
// 248,000 B the same day for a review of the Audit Logs page (the chart's zone and open
// state, focus handed on, the search in exports, the sort kept by Clear filters): 0.2 KB.
// Raised to 248,500 B the same day for a review of the Notifications page (read marks
// merged across tabs, a middle click that marks read, polls after an empty history): 0.4 KB.
// Raised to 249,000 B on 2026-12-04 (a later session) for important actions that follow
// other tabs, a row that says it opens, and a failed poll said above the list (0.5 KB net:
// one range reader for the table and the export took 0.5 KB off, the domain's decisions
// moved out of the views put it back). Raised to 250,000 B on 2026-12-05 for the table as
// one Tab stop with arrow keys between its rows (0.8 KB) and the action cell's tooltip.
// Raised to 250,500 B on 2026-12-05 (a later session): a row that mixes the nested and flat
// actor loses neither (0.1 KB), which left less room than the build's ±0.3 KB between runs.
// Raised to 251,000 B the same day (a third session): a focused row scrolled out of the DOM
// leaves the focus, and the keys, with the table (0.6 KB). Raised to 251,500 B the same day
// for "Mark all as read" that also marks what the deep fetch goes on to find (0.4 KB).
// Raised to 252,000 B the same day: the table measured again when its box grows (0.2 KB), and
// the Notifications page's sentences moved into the domain with unit tests (0.2 KB).
// Raised to 252,500 B on 2026-12-05 (a fourth session): a link's unreadable settings named
// (0.6 KB), a failed first load retried, focus handed on in Unread only, and "Looked back"
// counted from the clock, which left less room than the build's ±0.3 KB between runs.
// Raised to 256,000 B on 2026-12-05 (a fifth session) for four reviews' fixes: secrets inside
// texts redacted, a day whose midnight a clock change skips, details closed by going back,
// changes not in before/after form kept, the export and statistics saying what they cover,
// typed dates read once typing pauses, page titles (3.5 KB; see docs/performance.md).
// Raised to 257,000 B the same day: a fresh clone builds about 0.5 KB more than the working
// tree did, which the 256,000 B left no room for.
// Raised to 258,500 B on 2026-12-05 (a sixth session) for a review's fixes: the focus taken
// to a new page's heading, a typed date that yields to a range chosen after it, the stored
// time (createdAt) in the details and exports, any visible action name accepted as an
// important action (about 1.3 KB), with room for a fresh clone's extra 0.5 KB. Raised to
// 259,500 B the same day for a link from an event's details to its actor's events (0.9 KB).
// Lowered to 202,000 B on 2026-12-06: the Audit Logs page's code is a wasm of its own,
// downloaded when that page opens (scripts/wasm-split.mjs), 58 KB off. Lowered to 180,000 B
// the same day: the pages chosen by the app's own match, not leptos_router's <Routes>, 21 KB off.
const TARGET = 100_000;
const LIMIT = 180_000;
// The Audit Logs page's own wasm, downloaded when that page first opens, is held too: a shared
// link to Audit Logs downloads it with the first load (82,529 B on 2026-12-06).
const PAGE_LIMIT = 84_000;

const dist = process.argv.find((a, i) => i > 1 && !a.startsWith("--")) ?? "dist";
const asJson = process.argv.includes("--json");
const html = readFileSync(join(dist, "index.html"), "utf8");

// Attribute values naming a same-origin asset: href/src of link and script, data-js/data-wasm.
const referenced = new Set();
for (const m of html.matchAll(/<(?:link|script)\b[^>]*>/g)) {
  const tag = m[0];
  // Files counted otherwise (data-js, data-wasm, the imports below), and the admin's config.json.
  if (/\brel="?(?:modulepreload|preload)\b/.test(tag)) continue;
  for (const a of tag.matchAll(/\b(?:href|src|data-js|data-wasm)=(?:"\/?([^"?#]+)"|\/?([^\s>"?#]+))/g)) {
    const value = a[1] ?? a[2];
    if (!value.startsWith("data:")) referenced.add(normalize(value)); // inline: no request
  }
}
// And the modules those scripts import statically, which load before the app can start (the
// app's JS imports __wasm_split.js, the loader of the Audit Logs page's wasm). That loader
// fetches the page's wasm only when the page first opens: it is not part of this load.
for (const file of referenced) {
  if (!file.endsWith(".js")) continue;
  const script = readFileSync(join(dist, file), "utf8");
  for (const m of script.matchAll(/\bimport\s*(?:[\w$*{},\s]+?\s*from\s*)?["']\.\/([^"']+)["']/g)) {
    referenced.add(join(dirname(file), m[1]));
  }
}
const files = ["index.html", ...[...referenced].sort()];

const brotli = (buf) =>
  brotliCompressSync(buf, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;

const rows = files.map((file) => {
  const raw = readFileSync(join(dist, file));
  return { file, raw: raw.length, brotli: brotli(raw) };
});
const total = rows.reduce((s, r) => s + r.brotli, 0);
const rawTotal = rows.reduce((s, r) => s + r.raw, 0);
const pageFiles = readdirSync(dist).filter((file) => /^split-audit-logs-[0-9a-f]+\.wasm$/.test(file));
if (pageFiles.length !== 1) throw new Error(`expected the Audit Logs page's wasm in ${dist}, found ${pageFiles}`);
const pageRaw = readFileSync(join(dist, pageFiles[0]));
const page = { file: pageFiles[0], raw: pageRaw.length, brotli: brotli(pageRaw), limit: PAGE_LIMIT };

if (asJson) {
  console.log(JSON.stringify({ files: rows, raw: rawTotal, brotli: total, target: TARGET, limit: LIMIT, page }));
} else {
  for (const r of rows) {
    console.log(`${r.file.padEnd(48)} ${String(r.raw).padStart(9)} B  ${String(r.brotli).padStart(8)} B br`);
  }
  console.log(`${"total".padEnd(48)} ${String(rawTotal).padStart(9)} B  ${String(total).padStart(8)} B br`);
  const gap = total - TARGET;
  console.log(
    `issue target ${TARGET} B: ${gap > 0 ? `${gap} B over (${(total / TARGET).toFixed(2)}×)` : "met"}; ` +
      `budget check limit ${LIMIT} B`,
  );
  console.log(`Audit Logs page, when it first opens: ${page.file} ${page.brotli} B br; limit ${PAGE_LIMIT} B`);
}
if (total > LIMIT) {
  console.error(`byte budget exceeded: ${total} B brotli > ${LIMIT} B`);
  process.exit(1);
}
if (page.brotli > PAGE_LIMIT) {
  console.error(`byte budget of the Audit Logs page's wasm exceeded: ${page.brotli} B brotli > ${PAGE_LIMIT} B`);
  process.exit(1);
}
