#!/usr/bin/env bash
# Builds the cargo-fuzz targets and runs each for SECONDS (default 20), one after the other,
# one process each. Used by scripts/test.sh (bounded run) and for the long runs recorded in
# SECURITY.md (`bash fuzz/run.sh 600`).
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]
#
# Seeds are read from fuzz/corpus/<target>/ (committed seed-* files plus whatever earlier local
# runs added); new inputs go to fuzz/corpus/<target>/ too with FUZZ_KEEP_CORPUS=1, otherwise to
# a temporary directory. Crashes are written to fuzz/artifacts/<target>/ and fail the run: turn
# each into a native #[test] next to the code before fixing it.
# Prints one line per target (executions, time, coverage, crashes) and ends "N passed, N failed"
# (plus "# pass N" / "# fail N", which scripts/test.sh counts).
# Without a nightly toolchain it says so and exits 0 (skipped).
set -uo pipefail
cd "$(dirname "$0")"
FUZZ_DIR=$(pwd)
SECONDS_PER_TARGET=${1:-20}
shift || true
ALL_TARGETS=(id_token callback_url discovery token_response userinfo jwks stored_values provider_error json)
TARGETS=("${@:-${ALL_TARGETS[@]}}")
# Outside the work tree by default, so that a fresh clone (CI) reuses the compiled dependencies.
TARGET_DIR=${FUZZ_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/logto-wasm/fuzz-target}
export PATH="$HOME/.cargo/bin:$PATH"

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "SKIPPED: no nightly Rust toolchain (cargo +nightly), which cargo-fuzz needs: rustup toolchain install nightly"
  exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: installing it (cargo install cargo-fuzz --locked)"
  cargo install cargo-fuzz --locked || { echo "could not install cargo-fuzz"; echo "0 passed, 1 failed"; echo "# fail 1"; exit 1; }
fi

# No sanitizer (the core is safe Rust, and ASan halves the speed); debug assertions on, which
# also turns on integer overflow checks.
BUILD_FLAGS=(--sanitizer none --debug-assertions --target-dir "$TARGET_DIR")
echo "building ${#TARGETS[@]} fuzz targets (target dir $TARGET_DIR)"
cargo +nightly fuzz build "${BUILD_FLAGS[@]}" > "${TMPDIR:-/tmp}/logto-wasm-fuzz-build.log" 2>&1
build_status=$?
tail -n 3 "${TMPDIR:-/tmp}/logto-wasm-fuzz-build.log"
if [ "$build_status" -ne 0 ]; then
  echo "fuzz build failed"; echo "0 passed, 1 failed"; echo "# fail 1"; exit 1
fi

PASSED=0
FAILED=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
printf '%-16s %12s %8s %8s %8s %8s %8s\n' target executions seconds exec/s cov ft crashes
for t in "${TARGETS[@]}"; do
  bin="$TARGET_DIR/x86_64-unknown-linux-gnu/release/$t"
  log="$WORK/$t.log"
  mkdir -p "$FUZZ_DIR/artifacts/$t" "$FUZZ_DIR/corpus/$t"
  if [ "${FUZZ_KEEP_CORPUS:-0}" = 1 ]; then out="$FUZZ_DIR/corpus/$t"; else out="$WORK/corpus-$t"; mkdir -p "$out"; fi
  touch "$WORK/$t.start"
  start=$(date +%s)
  "$bin" "$out" "$FUZZ_DIR/corpus/$t" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$FUZZ_DIR/artifacts/$t/" >"$log" 2>&1
  status=$?
  elapsed=$(( $(date +%s) - start ))
  runs=$(grep -E '^stat::number_of_executed_units:' "$log" | awk '{print $2}')
  done_line=$(grep -E '^#[0-9]+\s+DONE' "$log" | tail -n 1)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$done_line")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$done_line")
  crashes=$(find "$FUZZ_DIR/artifacts/$t" -type f -newer "$WORK/$t.start" 2>/dev/null | wc -l)
  [ -z "$runs" ] && runs=0
  if [ "$status" -ne 0 ]; then
    crashes=$(( crashes > 0 ? crashes : 1 ))
    FAILED=$((FAILED + 1))
    echo "---- $t failed (exit $status):"; grep -E "panicked|ERROR|SUMMARY|Test unit written|thread '" "$log" | head -n 20
  else
    PASSED=$((PASSED + 1))
  fi
  printf '%-16s %12s %8s %8s %8s %8s %8s\n' "$t" "$runs" "$elapsed" "$(( runs / (elapsed > 0 ? elapsed : 1) ))" "${cov:-?}" "${ft:-?}" "$crashes"
  [ -n "${FUZZ_LOG_DIR:-}" ] && mkdir -p "$FUZZ_LOG_DIR" && cp "$log" "$FUZZ_LOG_DIR/$t.log"
done
echo "$PASSED passed, $FAILED failed"
echo "# pass $PASSED"
echo "# fail $FAILED"
[ "$FAILED" -eq 0 ]
