#!/usr/bin/env bash
# Runs every test of logto-wasm: native core tests, browser tests (wasm-bindgen-test in headless
# Chromium), the npm package builds, and end-to-end tests (playwright-core + Chromium + the dev
# provider). Installs what is missing first (scripts/setup.sh, idempotent).
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
export PATH="$ROOT/node_modules/.bin:$PATH"   # wasm-opt from npm binaryen first

# What `git status` says before the run: the run itself must not change the working tree
# (a lock file rewritten, a generated file left behind), checked by the last step.
TREE_BEFORE=$(git status --porcelain 2>/dev/null | sort)

# The e2e run's two ports (tests/e2e/lib.mjs): free ones, so that a run and scripts/demo.sh
# (3000/3001), or two runs, do not collide. The Leptos sample is built for this provider.
if [ -z "${E2E_APP_PORT:-}" ] || [ -z "${E2E_PROVIDER_PORT:-}" ]; then
  { read -r E2E_APP_PORT; read -r E2E_PROVIDER_PORT; } < <(node scripts/free-ports.mjs 2)
fi
export E2E_APP_PORT E2E_PROVIDER_PORT
echo "e2e ports: app $E2E_APP_PORT, provider $E2E_PROVIDER_PORT"

LOG_DIR="$ROOT/target/test-logs"
mkdir -p "$LOG_DIR"
PASSED=0
FAILED=0
SUMMARY=()

# step NAME KIND COMMAND...: runs COMMAND, counts its tests (KIND: cargo | node | check).
step() {
  local name=$1 kind=$2; shift 2
  local log="$LOG_DIR/$name.log"
  printf '\n\033[1;34m== %s\033[0m\n' "$name"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local p=0 f=0
  case $kind in
    cargo)
      p=$(grep -E '^test result:' "$log" | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{s+=$1} END {print s+0}')
      f=$(grep -E '^test result:' "$log" | sed -E 's/.* ([0-9]+) failed.*/\1/' | awk '{s+=$1} END {print s+0}')
      ;;
    node)
      p=$(grep -E '^# pass ' "$log" | awk '{s+=$3} END {print s+0}')
      f=$(grep -E '^# (fail|cancelled) ' "$log" | awk '{s+=$3} END {print s+0}')
      ;;
    check)
      if [ "$status" -eq 0 ]; then p=1; else f=1; fi
      ;;
  esac
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # a crash before any count is a failure
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  SUMMARY+=("$(printf '%-28s %4d passed, %d failed' "$name" "$p" "$f")")
}

step native-core cargo cargo test --tests
# Formatting is a habit, not a review comment: rustfmt.toml is the project's style.
step fmt check bash -c 'cargo fmt --all --check && (cd fuzz && cargo fmt --check) && (cd bench/size-floor && cargo fmt --check)'
# No panics reachable from input: unwrap/expect/panic/indexing are denied in library code (src/lib.rs).
step clippy check bash -c 'cargo clippy --all-targets -- -D warnings && cargo clippy --target wasm32-unknown-unknown --features js -- -D warnings'
# The size floors (bench/size-floor, docs/size.md) still build against the SDK: the core-only floor
# calls every core function the browser layer does, so a change of the core's API shows here.
step size-floor-check check bash -c 'cd bench/size-floor && cargo check --quiet --target wasm32-unknown-unknown --features core-only'
step wasm-pack-web check wasm-pack build --target web --mode no-install --release -- --features js
# The npm package's transfer size (wasm + JS glue, gzip -9) against scripts/size-budget.json (issue #12).
step size-budget check node scripts/check-size.mjs pkg
# No core::fmt on the way to JS (issue #12): the module's formatting functions against wasm-bindgen's
# floor and std's panic path (scripts/check-fmt.mjs says which are allowed and why).
step no-core-fmt check node scripts/check-fmt.mjs
step wasm-pack-bundler check wasm-pack build --target bundler --mode no-install --release --out-dir target/pkg-bundler -- --features js
step browser-wasm cargo env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --target wasm32-unknown-unknown --tests
# The npm package's allocator (src/heap.rs, feature js) under the long-lived workloads: memory levels off
# (`std` too: wasm-bindgen-test links std, and the npm module's own panic handler is then left out).
step browser-heap cargo env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --target wasm32-unknown-unknown --features js,std --test browser_long_lived
step leptos-sample cargo bash -c 'LOGTO_ENDPOINT="http://localhost:$E2E_PROVIDER_PORT" bash scripts/demo.sh --build-only && CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 cargo test --target wasm32-unknown-unknown -p logto-wasm-leptos --tests'
step readme-snippets check bash tests/readme-snippets/check.sh
step npm-package node bash -c 'bash scripts/build-npm.sh --from pkg && vite build www/js && node --test --test-concurrency=1 tests/npm/'
step fuzz node bash fuzz/run.sh 20
step e2e node node --test --test-concurrency=1 tests/e2e/
# The run leaves the working tree as it found it (issue #14): nothing for a contributor to commit
# by accident, and CI fails on a lock file or generated file the run rewrote.
export TREE_BEFORE
step clean-tree check bash -c 'after=$(git status --porcelain 2>/dev/null | sort); if [ "$after" != "$TREE_BEFORE" ]; then echo "the run changed the working tree:"; diff <(echo "$TREE_BEFORE") <(echo "$after"); exit 1; fi; echo "working tree as before the run"'

printf '\n== summary\n'
printf '%s\n' "${SUMMARY[@]}"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
