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
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [mode, output] = process.argv.slice(2);
const LOADER = "__wasm_split.js";
// The digest of the app's part the page's part was cut with: the two only work together.
const APP_DIGEST = "app.sha256";
const REBUILD = "touch src/main.rs and build again";

// The page's part calls the app's functions through the app's function table, which the app
// exports as `__indirect_function_table`. wasm-bindgen removes that export unless told
// --keep-lld-exports, which Trunk cannot pass; so both parts, and the loader that hands one
// to the other, call it by another name of the same length.
const TABLE = "__indirect_function_table";
const SHARED_TABLE = "__wasm_split_shared_table";

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** `text` with every `from` replaced by `to`, failing if there is none to replace. */
function replaceAll(text, from, to) {
  if (!text.includes(from)) throw new Error(`${from} not found: has wasm_split_cli changed?`);
  return text.replaceAll(from, to);
}

/** The bytes with the table renamed; the same length, so no offset in the wasm moves (a
 * string of the app's with that name would be renamed too: there is none). */
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
    if (!name.endsWith(".wasm")) {
      renameSync(join(work, name), join(splitDir, name));
      continue;
    }
    const bytes = renameTable(readFileSync(join(work, name)));
    if (name === "main.wasm") {
      writeFileSync(output, bytes);
      writeFileSync(join(splitDir, APP_DIGEST), sha256(bytes));
    } else {
      writeFileSync(join(splitDir, name), bytes);
    }
  }
  rmSync(work, { recursive: true });
} else if (mode === "dist") {
  const staging = process.env.TRUNK_STAGING_DIR;
  const metadata = execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps", "--offline"]);
  const release = process.env.TRUNK_PROFILE === "release";
  // The page's part is built and optimised as index.html tells Trunk to build the app's.
  const html = readFileSync(process.env.TRUNK_HTML_FILE, "utf8");
  const attribute = (name) => html.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
  const profile = (release && attribute("data-cargo-profile-release")) || "debug";
  // Trunk runs wasm-opt for a release build whose level is set and not 0.
  const optLevel = release ? attribute("data-wasm-opt") : undefined;
  const profileDir = join(JSON.parse(metadata).target_directory, "wasm32-unknown-unknown", profile);
  const splitDir = join(profileDir, "wasm-split");
  // Cargo links again only when the code changes: a wasm-split/ from another link, or none
  // (the app linked by another linker), would pair the app with a page's part that cannot
  // run with it.
  const cutFrom = existsSync(join(splitDir, APP_DIGEST)) && readFileSync(join(splitDir, APP_DIGEST), "utf8");
  if (cutFrom !== sha256(readFileSync(join(profileDir, "audit-dashboard.wasm")))) {
    throw new Error(`${splitDir} was not cut from this build of the app: ${REBUILD}`);
  }
  const appJs = readdirSync(staging).filter((name) => /^audit-dashboard-[0-9a-f]+\.js$/.test(name));
  if (appJs.length !== 1) throw new Error(`expected one app JS in ${staging}, found ${appJs}`);
  let loader = replaceAll(readFileSync(join(splitDir, LOADER), "utf8"), TABLE, SHARED_TABLE);
  loader = replaceAll(loader, 'from "./main.js"', `from "./${appJs[0]}"`);
  for (const name of readdirSync(splitDir).filter((name) => name.endsWith(".wasm"))) {
    const optimised = join(staging, name);
    if (optLevel && optLevel !== "0") {
      const params = attribute("data-wasm-opt-params")?.split(/\s+/) ?? [];
      execFileSync("wasm-opt", [`-O${optLevel}`, ...params, join(splitDir, name), "-o", optimised], {
        stdio: "inherit",
      });
    } else {
      copyFileSync(join(splitDir, name), optimised);
    }
    // split_audit_logs.wasm → split-audit-logs-<16 hex digits>.wasm, a name the server caches.
    const hash = sha256(readFileSync(optimised)).slice(0, 16);
    const hashed = `${name.replace(/\.wasm$/, "").replaceAll("_", "-")}-${hash}.wasm`;
    renameSync(optimised, join(staging, hashed));
    loader = replaceAll(loader, `"./${name}"`, `"./${hashed}"`);
  }
  writeFileSync(join(staging, LOADER), loader);
} else {
  throw new Error("usage: node scripts/wasm-split.mjs link <linked wasm> | dist");
}
