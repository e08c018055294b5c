// Minifies the JS of a first load with terser: public/boot.js and the split's loader
// (scripts/wasm-split.mjs) are copied as written, comments and all, and Trunk's own minifier
// leaves the glue's local names whole. 1.5 KB brotli off a first load of 165 KB. Trunk's
// post_build hook for a release build, after scripts/short-names.mjs: terser renames no
// property, so the glue's short import keys stay as the wasm names them, nor an export. The
// page's integrity hash for the glue follows.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

if (process.env.TRUNK_PROFILE !== "release") process.exit(0);

// Installed with Playwright, by `npm ci` in end2end/ (scripts/tools.sh).
const { minify } = createRequire(new URL("../end2end/package.json", import.meta.url))("terser");

const staging = process.env.TRUNK_STAGING_DIR;
const files = readdirSync(staging).filter((name) => /^(boot|__wasm_split|audit-dashboard-[0-9a-f]+)\.js$/.test(name));
if (files.length !== 3) throw new Error(`expected boot.js, the split's loader and the glue in ${staging}, found ${files}`);

const integrity = (text) => `sha384-${createHash("sha384").update(text).digest("base64")}`;
const htmlPath = join(staging, "index.html");
let html = readFileSync(htmlPath, "utf8");
for (const name of files) {
  const path = join(staging, name);
  const source = readFileSync(path, "utf8");
  const { code } = await minify(source, { module: true, compress: { passes: 2 }, format: { comments: false } });
  html = html.replaceAll(integrity(source), integrity(code));
  writeFileSync(path, code);
}
writeFileSync(htmlPath, html);
