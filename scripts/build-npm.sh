#!/usr/bin/env bash
# Builds the npm package `logto-wasm` into target/npm/logto-wasm/ (publish that directory:
# `npm publish target/npm/logto-wasm`; `npm pack` there makes the tarball).
#
#   bash scripts/build-npm.sh                 # wasm-pack build --target web, then assemble
#   bash scripts/build-npm.sh --from pkg      # reuse an existing `wasm-pack build --target web` output
#   bash scripts/build-npm.sh --out-dir DIR   # assemble into DIR instead
#
# One package for every bundler: the `web` target plus an entry (npm/index.js) whose init()
# loads the .wasm through `new URL('./logto_wasm_bg.wasm', import.meta.url)`, which Vite and
# webpack 5 both bundle without configuration (docs/bundlers.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"   # wasm-opt from npm binaryen

FROM=""
OUT="target/npm/logto-wasm"
while [ $# -gt 0 ]; do
  case $1 in
    --from) FROM=$2; shift 2 ;;
    --out-dir) OUT=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

if [ -z "$FROM" ]; then
  FROM="target/npm/wasm-pack-web"
  wasm-pack build --target web --mode no-install --release --out-dir "$FROM" -- --features js
fi
node npm/assemble.mjs "$FROM" "$OUT"
(cd "$OUT" && npm pack --dry-run 2>&1 | grep -E 'npm notice (name|version|package size|unpacked size|total files)' || true)
