# Installs what the build and the tests need, only where it is missing (see
# ../shared/TOOLCHAIN.md for why each version is pinned). Sourced by scripts/serve and
# scripts/test; every function is quick when its tool is already there.

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRUNK_VERSION=0.22.0-beta.1
WASM_BINDGEN_VERSION=0.2.130
# The shipped wasm alone is built by this pinned nightly, for what stable Rust cannot do yet:
# the standard library rebuilt for size, and panics that abort without formatting a message
# or carrying their source locations (30 KB brotli off a first load; docs/performance.md).
# Lints, tests and the server build on stable.
WASM_TOOLCHAIN=nightly-2026-05-20
# Splits the Audit Logs page off the app's wasm (scripts/wasm-split.mjs).
WASM_SPLIT_VERSION=0.2.4

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

has_version() { # has_version COMMAND VERSION
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"
}

ensure_rust_tools() {
  if ! rustup component list --toolchain "$WASM_TOOLCHAIN" --installed 2>/dev/null | grep -q '^rust-src'; then
    step "Installing Rust $WASM_TOOLCHAIN with its library source (about 10 seconds)"
    rustup toolchain install "$WASM_TOOLCHAIN" --profile minimal --component rust-src
  fi
  if ! has_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
    step "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
    # Not --locked: its lockfile pins a crate version the registry no longer has.
    cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
  fi
  if ! cargo install --list | grep -qF "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    step "Installing wasm-split-cli $WASM_SPLIT_VERSION (about 3 minutes)"
    cargo install wasm_split_cli_support --version "=$WASM_SPLIT_VERSION" --locked --features build-binary
  fi
  if ! has_version trunk "$TRUNK_VERSION"; then
    step "Installing trunk $TRUNK_VERSION (about 11 minutes, once)"
    cargo install trunk --version "=$TRUNK_VERSION" --locked
  fi
}

# npm packages: Playwright and binaryen's wasm-opt 132 (Debian's 108 builds a broken wasm).
ensure_node_modules() {
  if [ ! -d "$ROOT/end2end/node_modules" ] || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    step "Installing npm packages"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund)
  fi
  export PATH="$ROOT/end2end/node_modules/.bin:$PATH"
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    step "Installing Debian's Chromium"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium
  fi
}

# Sets up this shell to build the shipped wasm (see WASM_TOOLCHAIN); run it in a subshell,
# followed by `;`, not `&&`: errexit does not apply to the left of `&&`.
# The flags add to .cargo/config.toml's for the wasm target.
use_wasm_toolchain() {
  export RUSTUP_TOOLCHAIN="$WASM_TOOLCHAIN"
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  # `optimize_attribute`: nightly's `#[optimize(speed)]` on the JSON reader's hottest functions.
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none --cfg optimize_attribute"
  # The library's own dependencies are fetched only for the target it is built for.
  cargo fetch --locked
  cargo fetch --locked --target wasm32-unknown-unknown
}

# Builds the release app into dist/. Offline: a wrong tool version fails at once instead
# of Trunk trying to download one.
build_app() {
  ensure_rust_tools
  ensure_node_modules
  step "Building the app (trunk build --release)"
  cd "$ROOT"
  (use_wasm_toolchain; TRUNK_OFFLINE=true trunk build --release)
}
