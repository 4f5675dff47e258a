// What each crate and module costs in the shipped wasm.
//
//   node bench/size-report.mjs            # builds, then prints the table
//   node bench/size-report.mjs --top=40   # also the 40 largest functions
//
// Builds the release wasm exactly as `wasm-pack build` does (same profile, wasm-bindgen, then
// `wasm-opt -Oz` with the flags from Cargo.toml) but keeps the function names (`-g`), and
// attributes every function's bytes (twiggy) to the crate, or to the `logto_wasm` module, that
// its name starts with. Inlined code is counted where it was inlined: a serde deserializer
// inlined into an async fn of `browser::sign_in` counts for `browser::sign_in`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { shortNames } from '../npm/short-names.mjs';
import { bindgenAndOpt, cargoBuildSdk } from './lib/wasm.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'target/size-report');
const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 0);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 }).toString();

mkdirSync(OUT, { recursive: true });
// twiggy is a measuring tool, not a build dependency: installed on first use (~2 min).
try {
  execFileSync('twiggy', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('twiggy not found: cargo install twiggy --version 0.8.0');
  execFileSync('cargo', ['install', 'twiggy', '--version', '0.8.0'], { stdio: 'inherit' });
}
const built = cargoBuildSdk(ROOT);
const named = bindgenAndOpt({ root: ROOT, input: built, outDir: path.join(OUT, 'named'), names: true });
const shipped = bindgenAndOpt({ root: ROOT, input: built, outDir: path.join(OUT, 'shipped') });

const csv = run('twiggy', ['top', '-n', '100000', '--format', 'csv', named]);
/** Crate (or logto_wasm module) a twiggy item belongs to. */
function owner(name) {
  if (name.includes('"function names"') || name.includes('"name" section')) return null;
  if (name.startsWith('data segment')) return '(data: strings, tables)';
  if (/^(import|export) /.test(name) || name.includes(' shim')) return '(wasm-bindgen imports, exports, shims)';
  // `<A as B>::f` belongs to A's crate; `<&mut A as B>` too.
  const bare = name.replace(/^<+(&(mut )?)?/, '').replace(/\[[0-9a-f]+\]/g, '');
  const parts = bare.split(' as ')[0].split('::');
  if (parts[0] === 'logto_wasm') return parts.slice(0, 3).join('::');
  if (['core', 'alloc', 'std', 'f64', 'f32', 'char', 'str', 'T', '&T', '[T]', 'u8', 'i64', 'u64', 'usize'].includes(parts[0])) return '(Rust std: core/alloc/std)';
  return /^[a-z_][a-z0-9_]*$/.test(parts[0]) ? parts[0] : '(other)';
}
const totals = new Map();
let sum = 0;
const fns = [];
for (const line of csv.trim().split('\n').slice(1)) {
  const m = line.match(/^(.*),(\d+),[\d.]+,\d*,[\d.]*$/);
  if (!m) continue;
  const name = m[1].replace(/^"|"$/g, '').replace(/""/g, '"');
  const bytes = Number(m[2]);
  const key = owner(name);
  if (!key) continue;
  totals.set(key, (totals.get(key) ?? 0) + bytes);
  sum += bytes;
  fns.push([bytes, name]);
}
// As the npm package ships it: with the short import / export names of npm/short-names.mjs.
const shippedWasm = shortNames({ wasm: readFileSync(shipped), js: readFileSync(path.join(path.dirname(shipped), 'logto_wasm.js'), 'utf8') }).wasm;
console.log(`shipped wasm: ${(shippedWasm.length / 1024).toFixed(1)} KiB raw, ${(gzipSync(shippedWasm, { level: 9 }).length / 1024).toFixed(1)} KiB gzip -9`);
console.log(`\n| owner | bytes | share |\n|---|---:|---:|`);
for (const [key, bytes] of [...totals].sort((a, b) => b[1] - a[1])) {
  if (bytes / sum < 0.004) continue;
  console.log(`| ${key} | ${bytes} | ${((100 * bytes) / sum).toFixed(1)}% |`);
}
console.log(`| total (code and data, names excluded) | ${sum} | 100% |`);
if (top) {
  console.log(`\nlargest ${top} functions:`);
  for (const [bytes, name] of fns.sort((a, b) => b[0] - a[0]).slice(0, top)) console.log(String(bytes).padStart(7), name.slice(0, 150));
}
