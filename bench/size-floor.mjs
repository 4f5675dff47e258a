// Size floors: how small a wasm module can be, depending on how it reads a token's claims.
//
//   node bench/size-floor.mjs
//
// Builds bench/size-floor/ (one exported function reading the 12 claims of an ID token; for
// `core-only`, the SDK's whole protocol core with every I/O left to JS) once per variant, with
// the SDK's release profile, wasm-bindgen and `wasm-opt` flags (from Cargo.toml), and prints the
// gzip -9 sizes next to @logto/browser's whole bundle (bundled and minified by esbuild as the
// benchmark does). docs/size.md quotes the result.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { bundleLogtoBrowser, minifyJs, sizesOf } from './lib/build.mjs';
import { buildFloor } from './lib/wasm.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'target/size-floor');

const VARIANTS = [
  ['bindgen-only', 'wasm-bindgen alone: a string in, a string or error out'],
  ['engine-json', 'JSON.parse + fields read with Reflect (no serde)'],
  ['serde-json', 'serde_json::from_slice into a derived struct'],
  ['jwt-compact', 'jwt-compact: UntrustedToken::new + deserialize_claims_unchecked'],
  ['serde-wasm-bindgen', 'JSON.parse + serde_wasm_bindgen::from_value into a derived struct'],
  // Candidates for a data path without serde_json and core::fmt (issue #12): fixed error messages.
  ['miniserde', 'miniserde::json::from_str into a derived struct'],
  ['nanoserde', 'nanoserde DeJson::deserialize_json into a derived struct'],
  ['own-reader', "the SDK's own reader, logto_wasm::core::json::parse_object, claims looked up"],
  // The floor of the whole protocol in Rust (issue #12): no web-sys, no async, no browser layer.
  ['core-only', "the SDK's protocol core alone (logto_wasm::core: sign-in, refresh, sign-out), every I/O left to JS"],
  ['core-only-bump', 'core-only with a bump allocator instead of dlmalloc'],
];

const kib = (n) => (n / 1024).toFixed(1);

const browserFile = path.join(OUT, 'logto-browser.js');
mkdirSync(OUT, { recursive: true });
await bundleLogtoBrowser(ROOT, browserFile);
const reference = sizesOf(readFileSync(browserFile)).gzip;

const rows = [];
for (const [feature, label] of VARIANTS) {
  const built = buildFloor({ root: ROOT, feature });
  const w = sizesOf(readFileSync(built.wasm)).gzip;
  const j = sizesOf(await minifyJs(readFileSync(built.js))).gzip;
  rows.push({ feature, label, wasm: w, js: j, total: w + j, ratio: (w + j) / reference });
  console.error(`built ${feature}`);
}

console.log(`\n@logto/browser (bundled, minified): ${kib(reference)} KiB gzip -9\n`);
console.log('| variant | wasm gzip | JS glue gzip | total | × @logto/browser |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| \`${r.feature}\`: ${r.label} | ${kib(r.wasm)} KiB | ${kib(r.js)} KiB | ${kib(r.total)} KiB | ${r.ratio.toFixed(2)}× |`);
