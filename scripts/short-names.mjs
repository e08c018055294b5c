// Gives the app's wasm imports short names, in the wasm and in its JS glue alike. wasm-bindgen
// names each function the wasm imports from its glue after the function and a hash of 16 hex
// digits (`__wbg_addEventListener_847fd86b8c33ec43`), which no compressor can shrink, and
// both files carry every name: 226 of them were 5.6 KB of a first load's 174 KB, brotli.
// Emscripten minifies its own import names for the same reason; binaryen's pass for it
// (`--minify-imports`) leaves other modules than `env` alone, so this rewrites the import
// section itself. Trunk's post_build hook, for a release build (a debug build keeps the names
// its stack traces show); the page's integrity hashes for both files follow.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { wasmReader } from "./wasm-reader.mjs";

if (process.env.TRUNK_PROFILE !== "release") process.exit(0);

const staging = process.env.TRUNK_STAGING_DIR;
const only = (pattern) => {
  const found = readdirSync(staging).filter((name) => pattern.test(name));
  if (found.length !== 1) throw new Error(`expected one ${pattern} in ${staging}, found ${found}`);
  return join(staging, found[0]);
};
const wasmPath = only(/^audit-dashboard-[0-9a-f]+_bg\.wasm$/);
const jsPath = only(/^audit-dashboard-[0-9a-f]+\.js$/);
// The module wasm-bindgen's glue provides the imports as: `./<crate>_bg.js`.
const GLUE = "./audit-dashboard_bg.js";

/** a, b, …, Z, aa, ab, …: names that are also valid JS identifiers. */
function shortName(index) {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let name = "";
  for (let n = index; n >= 0; n = Math.floor(n / letters.length) - 1) {
    name = letters[n % letters.length] + name;
  }
  return name;
}

const unsignedLeb = (value) => {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
};
const encodedName = (name) => Buffer.concat([unsignedLeb(Buffer.byteLength(name)), Buffer.from(name)]);

/** The wasm with its imports from the glue renamed, and the names given: old → new. */
function renameImports(bytes) {
  const reader = wasmReader(bytes);
  const name = () => reader.text(reader.leb());
  const limits = () => {
    const flags = reader.leb();
    reader.leb();
    if (flags & 1) reader.leb();
  };
  const renamed = new Map();
  const sections = [bytes.subarray(0, reader.at)];
  while (reader.at < bytes.length) {
    const start = reader.at;
    const id = bytes[reader.at++];
    const end = reader.leb() + reader.at;
    if (id !== 2) {
      sections.push(bytes.subarray(start, end));
      reader.at = end;
      continue;
    }
    const count = reader.leb();
    const entries = [unsignedLeb(count)];
    for (let i = 0; i < count; i++) {
      const module = name();
      const field = name();
      const described = reader.at;
      const kind = bytes[reader.at++];
      if (kind === 0) reader.leb(); // a function's type
      else if (kind === 1) (reader.at++, limits()); // a table's element type and limits
      else if (kind === 2) limits(); // a memory's
      else if (kind === 3) reader.at += 2; // a global's type and mutability
      else throw new Error(`import ${module} ${field} of unknown kind ${kind}`);
      let given = field;
      if (module === GLUE) {
        given = shortName(renamed.size);
        renamed.set(field, given);
      }
      entries.push(encodedName(module), encodedName(given), bytes.subarray(described, reader.at));
    }
    if (reader.at !== end) throw new Error("the import section did not end where its size said");
    const section = Buffer.concat(entries);
    sections.push(Buffer.from([2]), unsignedLeb(section.length), section);
  }
  return { wasm: Buffer.concat(sections), renamed };
}

/** The glue with each import's key renamed: the key is the only place its name appears. */
function renameGlue(js, renamed) {
  for (const [from, to] of renamed) {
    const uses = js.split(from).length - 1;
    if (uses !== 1 || !js.includes(`${from}:`)) {
      throw new Error(`${from} is in the JS glue ${uses} times, not once as a key: has wasm-bindgen changed?`);
    }
    js = js.replace(`${from}:`, `${to}:`);
  }
  return js;
}

const integrity = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
const htmlPath = join(staging, "index.html");
let html = readFileSync(htmlPath, "utf8");
const oldWasm = readFileSync(wasmPath);
const oldJs = readFileSync(jsPath);
const { wasm, renamed } = renameImports(oldWasm);
if (renamed.size === 0) throw new Error(`the wasm imports nothing from ${GLUE}: has wasm-bindgen changed?`);
const js = Buffer.from(renameGlue(oldJs.toString("utf8"), renamed));
for (const [before, after] of [
  [oldWasm, wasm],
  [oldJs, js],
]) {
  html = html.replaceAll(integrity(before), integrity(after));
}
writeFileSync(wasmPath, wasm);
writeFileSync(jsPath, js);
writeFileSync(htmlPath, html);
