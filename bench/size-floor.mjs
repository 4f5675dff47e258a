// Size floors: how small a wasm module can be, depending on how it reads a token's claims.
//
//   node bench/size-floor.mjs
//
// Builds bench/size-floor/ (one exported function reading the 12 claims of an ID token) once per
// variant, with the SDK's release profile, wasm-bindgen and `wasm-opt` flags (from Cargo.toml),
// and prints the gzip -9 sizes next to @logto/browser's whole bundle (bundled and minified by
// esbuild as the benchmark does). docs/size.md quotes the result.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { bundleLogtoBrowser, minifyJs, sizesOf } from './lib/build.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CRATE = path.join(ROOT, 'bench/size-floor');
const OUT = path.join(ROOT, 'target/size-floor');
const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { cwd: CRATE, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

const VARIANTS = [
  ['bindgen-only', 'wasm-bindgen alone: a string in, a string or error out'],
  ['engine-json', 'JSON.parse + fields read with Reflect (no serde)'],
  ['serde-json', 'serde_json::from_slice into a derived struct'],
  ['jwt-compact', 'jwt-compact: UntrustedToken::new + deserialize_claims_unchecked'],
  ['serde-wasm-bindgen', 'JSON.parse + serde_wasm_bindgen::from_value into a derived struct'],
];

const flags = JSON.parse(readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^wasm-opt = (\[.*\])$/m)[1]);
const wasmOpt = path.join(ROOT, 'node_modules/.bin/wasm-opt');
const kib = (n) => (n / 1024).toFixed(1);

const browserFile = path.join(OUT, 'logto-browser.js');
mkdirSync(OUT, { recursive: true });
await bundleLogtoBrowser(ROOT, browserFile);
const reference = sizesOf(readFileSync(browserFile)).gzip;

const rows = [];
for (const [feature, label] of VARIANTS) {
  const dir = path.join(OUT, feature);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--features', feature], { CARGO_TARGET_DIR: path.join(OUT, 'cargo') });
  const built = path.join(OUT, 'cargo/wasm32-unknown-unknown/release/size_floor.wasm');
  run('wasm-bindgen', ['--target', 'web', '--out-dir', dir, built]);
  const wasm = path.join(dir, 'size_floor_bg.wasm');
  run(wasmOpt, [...flags, wasm, '-o', wasm]);
  const js = await minifyJs(readFileSync(path.join(dir, 'size_floor.js')));
  const w = sizesOf(readFileSync(wasm)).gzip;
  const j = sizesOf(js).gzip;
  rows.push({ feature, label, wasm: w, js: j, total: w + j, ratio: (w + j) / reference });
  console.error(`built ${feature}`);
}

console.log(`\n@logto/browser (bundled, minified): ${kib(reference)} KiB gzip -9\n`);
console.log('| variant | wasm gzip | JS glue gzip | total | × @logto/browser |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| \`${r.feature}\`: ${r.label} | ${kib(r.wasm)} KiB | ${kib(r.js)} KiB | ${kib(r.total)} KiB | ${r.ratio.toFixed(2)}× |`);
