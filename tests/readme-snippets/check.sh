#!/usr/bin/env bash
# The Yew and Dioxus snippets of README.md ("Rust frontends"), type-checked for wasm32 against this
# crate: each code block that starts with `// Yew` or `// Dioxus` becomes src/lib.rs of the crate
# next to this script (generated, not committed), then `cargo check`. README.md stays the source.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
for name in yew dioxus; do
  marker="// $(tr '[:lower:]' '[:upper:]' <<< "${name:0:1}")${name:1}"
  mkdir -p "$name/src"
  # The lines from the marker to the end of its code block.
  awk -v m="$marker" '$0 == m {on=1} on && /^```/ {exit} on {print}' "$ROOT/README.md" > "$name/src/lib.rs"
  if [ ! -s "$name/src/lib.rs" ]; then echo "README.md has no code block starting with '$marker'"; exit 1; fi
  echo "== $name: $(wc -l < "$name/src/lib.rs") lines from README.md"
  (cd "$name" && cargo check --quiet --target wasm32-unknown-unknown --target-dir "$ROOT/target/readme-snippets")
done
echo "README snippets compile: yew, dioxus"
