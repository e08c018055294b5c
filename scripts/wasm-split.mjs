// Splits the Audit Logs page off the app's wasm, so that a first load of Notifications does
// not download it (docs/performance.md). Trunk cannot split a wasm (trunk-rs/trunk#1022), so
// the work is done in two steps around its own:
//   link  After rust-lld (scripts/wasm-ld): wasm-split-cli cuts the linked wasm at its
//         `#[wasm_split]` functions. The app's part replaces the linked file, which Trunk then
//         runs through wasm-bindgen and wasm-opt as before; the page's part and the JS that
//         loads it (__wasm_split.js, which the app's JS imports) wait beside the profile's
//         build, in wasm-split/.
//   dist  Trunk's post_build hook: the page's part optimised as Trunk optimises the app's and
//         named by its content, and the loader pointed at it and at the app's JS, into the
//         dist being staged. The loader keeps its name, which the app's JS imports; the
//         server has it revalidated rather than cached for a year. It also lets public/boot.js
//         start a part's download before the app asks for it (`prefetch`).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { wasmReader } from "./wasm-reader.mjs";

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

/** Stops the build with a sentence that says what to do, not a stack trace. */
function fail(message) {
  console.error(`scripts/wasm-split.mjs: ${message}`);
  process.exit(1);
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** `text` with every `from` replaced by `to`, failing if there is none to replace. */
function replaceAll(text, from, to) {
  if (!text.includes(from)) throw new Error(`${from} not found: has wasm-split-cli changed?`);
  return text.replaceAll(from, to);
}

/** The bytes with the table renamed; the same length, so no offset in the wasm moves (a
 * string of the app's with that name would be renamed too: there is none). */
function renameTable(bytes) {
  return Buffer.from(replaceAll(bytes.toString("latin1"), TABLE, SHARED_TABLE), "latin1");
}

/** The features a wasm was compiled with, from its `target_features` section: "+simd128", … */
function targetFeatures(bytes) {
  const reader = wasmReader(bytes);
  while (reader.at < bytes.length) {
    const id = bytes[reader.at++];
    const end = reader.leb() + reader.at;
    if (id === 0 && reader.text(reader.leb()) === "target_features") {
      return Array.from({ length: reader.leb() }, () => String.fromCharCode(bytes[reader.at++]) + reader.text(reader.leb()));
    }
    reader.at = end;
  }
  return [];
}

/** The loader's addition: a part's download started before the app asks for it, which the
 * app's first ask takes (a later one, a Retry, downloads anew). public/boot.js starts it for a
 * link straight to the part's page, while the app's own wasm downloads. */
function prefetching(parts) {
  return `
const parts = ${JSON.stringify(parts)};
const started = new Map();
export function prefetch(part) {
    if (!(part in parts)) return;
    const url = new URL(parts[part], import.meta.url);
    if (started.has(url.href)) return;
    const download = fetch(url);
    // A download that fails before the app asks for it is the app's to report, when it does:
    // not an unhandled rejection meanwhile.
    download.catch(() => {});
    started.set(url.href, download);
}
function takeFetch(url) {
    const src = started.get(url.href) ?? fetch(url);
    started.delete(url.href);
    return src;
}
`;
}

if (mode === "link") {
  // The split needs reference types off (.cargo/config.toml), in the standard library too.
  // Stable Rust's prebuilt one has them, and wasm-bindgen would fail later, far from the cause.
  if (targetFeatures(readFileSync(output)).includes("+reference-types")) {
    fail(
      "the wasm has reference types, which the Audit Logs page's split cannot carry: build it with " +
        "the pinned nightly, which rebuilds the standard library without them, as scripts/serve, " +
        "scripts/test and scripts/dev (trunk serve) do (use_wasm_toolchain in scripts/tools.sh)",
    );
  }
  // The linked file is target/wasm32-unknown-unknown/<cargo profile>/deps/….wasm.
  const splitDir = join(dirname(dirname(output)), "wasm-split");
  const work = join(splitDir, "work");
  rmSync(splitDir, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  execFileSync("wasm-split-cli", [output, work], { stdio: "inherit" });
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
  // Trunk's order: the mode's own attribute, then the one for both, then cargo's default (whose
  // directory for the dev profile is named debug). Trunk.toml and --cargo-profile are not used.
  const profile =
    attribute(release ? "data-cargo-profile-release" : "data-cargo-profile-dev") ??
    attribute("data-cargo-profile") ??
    (release ? "release" : "dev");
  const profileName = profile === "dev" ? "debug" : profile;
  // Trunk runs wasm-opt for a release build whose level is set and not 0.
  const optLevel = release ? attribute("data-wasm-opt") : undefined;
  if (optLevel && optLevel !== "0") {
    // The version Trunk.toml pins for the app's wasm (Debian's binaryen 108 breaks a wasm).
    const pinned = readFileSync(new URL("../Trunk.toml", import.meta.url), "utf8").match(/^wasm_opt = "version_(\d+)"/m)[1];
    const found = execFileSync("wasm-opt", ["--version"], { encoding: "utf8" });
    if (!found.includes(`version ${pinned}`)) {
      fail(`wasm-opt ${pinned} is needed, found ${found.trim()}: see scripts/tools.sh`);
    }
  }
  const profileDir = join(JSON.parse(metadata).target_directory, "wasm32-unknown-unknown", profileName);
  const splitDir = join(profileDir, "wasm-split");
  // Cargo links again only when the code changes: a wasm-split/ from another link, or none
  // (the app linked by another linker), would pair the app with a page's part that cannot
  // run with it.
  const cutFrom = existsSync(join(splitDir, APP_DIGEST)) && readFileSync(join(splitDir, APP_DIGEST), "utf8");
  if (cutFrom !== sha256(readFileSync(join(profileDir, "audit-dashboard.wasm")))) {
    fail(`${splitDir} was not cut from this build of the app: ${REBUILD}`);
  }
  const appJs = readdirSync(staging).filter((name) => /^audit-dashboard-[0-9a-f]+\.js$/.test(name));
  if (appJs.length !== 1) throw new Error(`expected one app JS in ${staging}, found ${appJs}`);
  let loader = replaceAll(readFileSync(join(splitDir, LOADER), "utf8"), TABLE, SHARED_TABLE);
  loader = replaceAll(loader, 'from "./main.js"', `from "./${appJs[0]}"`);
  loader = replaceAll(loader, "fetch(new URL(", "takeFetch(new URL(");
  const parts = {};
  for (const name of readdirSync(splitDir).filter((name) => name.endsWith(".wasm"))) {
    const optimised = join(staging, name);
    if (optLevel && optLevel !== "0") {
      const params = attribute("data-wasm-opt-params")?.trim().split(/\s+/) ?? [];
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
    // split_audit_logs.wasm is the part of #[wasm_split(audit_logs)].
    parts[name.replace(/^split_/, "").replace(/\.wasm$/, "")] = `./${hashed}`;
  }
  writeFileSync(join(staging, LOADER), loader + prefetching(parts));
} else {
  throw new Error("usage: node scripts/wasm-split.mjs link <linked wasm> | dist");
}
