// Splits the Audit Logs page off the app's wasm, so that a first load of Notifications does
// not download it (docs/performance.md). Trunk cannot split a wasm (trunk-rs/trunk#1022), so
// the work is done in two steps around its own:
//   link  After rust-lld (scripts/wasm-ld): wasm_split_cli cuts the linked wasm at its
//         `#[wasm_split]` functions. The app's part replaces the linked file, which Trunk then
//         runs through wasm-bindgen and wasm-opt as before; the page's part and the JS that
//         loads it (__wasm_split.js, which the app's JS imports) wait beside the profile's
//         build, in wasm-split/.
//   dist  Trunk's post_build hook: the page's part optimised as Trunk optimises the app's and
//         named by its content, and the loader pointed at it and at the app's JS, into the
//         dist being staged. The loader keeps its name, which the app's JS imports; the
//         server has it revalidated rather than cached for a year.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [mode, output] = process.argv.slice(2);
const LOADER = "__wasm_split.js";

// The page's part calls the app's functions through the app's function table, which the app
// exports as `__indirect_function_table`. wasm-bindgen removes that export unless told
// --keep-lld-exports, which Trunk cannot pass; so both parts, and the loader that hands one
// to the other, call it by another name of the same length.
const TABLE = "__indirect_function_table";
const SHARED_TABLE = "__wasm_split_shared_table";

/** `text` with every `from` replaced by `to`, failing if there is none to replace. */
function replaceAll(text, from, to) {
  if (!text.includes(from)) throw new Error(`${from} not found: has wasm_split_cli changed?`);
  return text.replaceAll(from, to);
}

/** The bytes with the table renamed; the same length, so no offset in the wasm moves. */
function renameTable(bytes) {
  return Buffer.from(replaceAll(bytes.toString("latin1"), TABLE, SHARED_TABLE), "latin1");
}

if (mode === "link") {
  // The linked file is target/wasm32-unknown-unknown/<cargo profile>/deps/….wasm.
  const splitDir = join(dirname(dirname(output)), "wasm-split");
  const work = join(splitDir, "work");
  rmSync(splitDir, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  execFileSync("wasm_split_cli", [output, work], { stdio: "inherit" });
  for (const name of readdirSync(work)) {
    const to = name === "main.wasm" ? output : join(splitDir, name);
    if (name.endsWith(".wasm")) writeFileSync(to, renameTable(readFileSync(join(work, name))));
    else renameSync(join(work, name), to);
  }
  rmSync(work, { recursive: true });
} else if (mode === "dist") {
  const staging = process.env.TRUNK_STAGING_DIR;
  const metadata = execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps", "--offline"]);
  const release = process.env.TRUNK_PROFILE === "release";
  // The cargo profile of index.html's data-cargo-profile-release, or of a debug build.
  const profile = release ? "wasm-release" : "debug";
  const splitDir = join(JSON.parse(metadata).target_directory, "wasm32-unknown-unknown", profile, "wasm-split");
  const appJs = readdirSync(staging).filter((name) => /^audit-dashboard-[0-9a-f]+\.js$/.test(name));
  if (appJs.length !== 1) throw new Error(`expected one app JS in ${staging}, found ${appJs}`);
  if (!readFileSync(join(staging, appJs[0]), "utf8").includes(`"./${LOADER}"`)) {
    throw new Error("the app's wasm was linked without scripts/wasm-ld, so it is not split: touch src/main.rs and build again");
  }
  let loader = replaceAll(readFileSync(join(splitDir, LOADER), "utf8"), TABLE, SHARED_TABLE);
  loader = replaceAll(loader, 'from "./main.js"', `from "./${appJs[0]}"`);
  for (const name of readdirSync(splitDir).filter((name) => name.endsWith(".wasm"))) {
    const optimised = join(staging, name);
    if (release) {
      execFileSync("wasm-opt", ["-Oz", "--low-memory-unused", join(splitDir, name), "-o", optimised], {
        stdio: "inherit",
      });
    } else {
      copyFileSync(join(splitDir, name), optimised);
    }
    // split_audit_logs.wasm → split-audit-logs-<16 hex digits>.wasm, a name the server caches.
    const hash = createHash("sha256").update(readFileSync(optimised)).digest("hex").slice(0, 16);
    const hashed = `${name.replace(/\.wasm$/, "").replaceAll("_", "-")}-${hash}.wasm`;
    renameSync(optimised, join(staging, hashed));
    loader = replaceAll(loader, `"./${name}"`, `"./${hashed}"`);
  }
  writeFileSync(join(staging, LOADER), loader);
} else {
  throw new Error("usage: node scripts/wasm-split.mjs link <linked wasm> | dist");
}
