#!/usr/bin/env bash
# The demo: installs what is missing (scripts/setup.sh), builds the SDK (pkg/) and the Leptos
# sample (www/dist/), then runs the dev OpenID provider on :3001 and the static server on :3000
# until Ctrl-C.
#
#   bash scripts/demo.sh               build, then serve http://localhost:3000/
#   bash scripts/demo.sh --build-only  build only (the end-to-end tests use this)
#
# No trunk: the sample is built with cargo + wasm-bindgen (+ wasm-opt from npm's binaryen).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

BUILD_ONLY=0
for arg in "$@"; do
  case $arg in
    --build-only) BUILD_ONLY=1 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

log() { printf '\033[1;34m[demo]\033[0m %s\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

bash scripts/setup.sh
# wasm-opt from npm's binaryen (pinned in package.json) first, then cargo-installed tools.
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# 1. The SDK as an npm-style package in pkg/ (the JS facade; served at /pkg/).
t=$(date +%s)
log "building the SDK: wasm-pack build --target web --release → pkg/"
wasm-pack build --target web --mode no-install --release -- --features js
log "SDK built in $(elapsed "$t")"

# 2. The Leptos sample → www/dist/ (index.html, style.css, app/sample.js + app/sample_bg.wasm).
t=$(date +%s)
log "building the sample: cargo build --release --target wasm32-unknown-unknown -p logto-wasm-sample"
cargo build --release --target wasm32-unknown-unknown -p logto-wasm-sample
DIST="$ROOT/www/dist"
rm -rf "$DIST"
mkdir -p "$DIST/app"
wasm-bindgen --target web --no-typescript --out-dir "$DIST/app" \
  "$ROOT/target/wasm32-unknown-unknown/release/sample.wasm"
if command -v wasm-opt >/dev/null 2>&1; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types \
    -o "$DIST/app/sample_bg.opt.wasm" "$DIST/app/sample_bg.wasm"
  mv "$DIST/app/sample_bg.opt.wasm" "$DIST/app/sample_bg.wasm"
else
  log "wasm-opt not found: keeping the unoptimized wasm"
fi
# Short names for what the wasm and its glue call each other by, as in the npm package.
node "$ROOT/npm/short-names.mjs" "$DIST/app/sample.js" "$DIST/app/sample_bg.wasm"
cp "$ROOT/www/static/"* "$DIST/"
log "sample built in $(elapsed "$t"): www/dist/ ($(du -k "$DIST/app/sample_bg.wasm" | cut -f1) KiB of wasm)"

if [ "$BUILD_ONLY" -eq 1 ]; then
  log "build only: done"
  exit 0
fi

# 3. Serve until Ctrl-C: the dev provider (:3001) and the static server (:3000).
for port in 3000 3001; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use: stop whatever listens there first" >&2
    exit 1
  fi
done

PIDS=()
stop() {
  trap - INT TERM EXIT
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop; exit 130' INT TERM
trap stop EXIT

node dev/provider/server.mjs & PIDS+=($!)
node dev/serve.mjs & PIDS+=($!)

# Wait until both answer (or one of them died).
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null http://localhost:3001/oidc/.well-known/openid-configuration 2>/dev/null \
    && curl -fsS -o /dev/null http://localhost:3000/ 2>/dev/null; then
    break
  fi
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "a server exited during start-up" >&2; exit 1; }
  done
  sleep 0.2
done

printf '\n  \033[1mlogto-wasm demo:\033[0m http://localhost:3000/\n'
printf '  Dev provider:    http://localhost:3001/oidc — any username signs in (the password is ignored)\n'
printf '  Ctrl-C stops both servers.\n\n'

# Returns when either server exits (or on Ctrl-C via the trap).
wait -n "${PIDS[@]}"
echo "a server exited; stopping" >&2
exit 1
