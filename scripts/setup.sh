#!/usr/bin/env bash
# Installs everything logto-wasm needs to build, run the demo and run the tests.
# Idempotent: each step is skipped when what it installs is already there at the right version.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# The wasm-bindgen CLI must match the crate pinned in Cargo.toml ("=x.y.z").
WB_VERSION=$(sed -n 's/^wasm-bindgen = { *version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -n1)
[ -n "$WB_VERSION" ] || { echo "could not read the pinned wasm-bindgen version from Cargo.toml" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  log "cargo install wasm-bindgen-cli $WB_VERSION (about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

if ! command -v wasm-pack >/dev/null 2>&1; then
  log "cargo install wasm-pack (about 2 minutes)"
  cargo install wasm-pack
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  log "apt-get install chromium chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Node tooling: dev provider (oidc-provider), playwright-core, jose, binaryen (wasm-opt), esbuild.
# `npm install`, not `npm ci`: the registry reachable here serves only some of the per-platform
# optional packages (e.g. rollup's), so the lock file lists only those and `npm ci`'s strict
# lock check refuses it. `npm install` installs the locked versions and skips the missing
# optional ones; the lock file is left unchanged.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
  log "npm install (locked versions)"
  npm install --no-audit --no-fund --loglevel=error
fi

log "toolchain ready: wasm-bindgen $WB_VERSION, $(wasm-pack --version), $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
