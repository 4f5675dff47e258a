// Size budget: fails when the npm package's transfer size is over scripts/size-budget.json.
//
//   node scripts/check-size.mjs [PKG_DIR]     (default pkg/, from `wasm-pack build --target web`)
//
// Measures what `npm run bench` reports as 'logto-wasm total (JS as built + wasm)', with the
// benchmark's own helpers (bench/lib/build.mjs): logto_wasm_bg.wasm gzip -9 plus logto_wasm.js,
// as built and as the npm package ships it, gzip -9. Also prints the total with the JS minified
// by esbuild (what a bundler would ship), for information. Exits 1 over budget.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { bundleLogtoBrowser, logtoWasmSizes, readPkg, sizesOf } from '../bench/lib/build.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'pkg'));
const budgetFile = path.join(ROOT, 'scripts/size-budget.json');
const { budgetKiB } = JSON.parse(readFileSync(budgetFile, 'utf8'));
if (!(budgetKiB > 0)) throw new Error(`${budgetFile}: budgetKiB must be a positive number`);

const kib = (n) => (n / 1024).toFixed(1);

// The reference: @logto/browser bundled and minified exactly as the benchmark does it.
const out = path.join(ROOT, 'target/size-check');
mkdirSync(out, { recursive: true });
const browserFile = path.join(out, 'logto-browser.js');
await bundleLogtoBrowser(ROOT, browserFile);
const reference = sizesOf(readFileSync(browserFile)).gzip;

const { sizes } = await logtoWasmSizes(await readPkg(pkgDir));
const total = sizes.total.gzip;
const ratio = (total / reference).toFixed(2);
console.log(`wasm ${kib(sizes.wasm.gzip)} KiB + JS ${kib(sizes.js.gzip)} KiB = ${kib(total)} KiB gzip -9 `
  + `(budget ${budgetKiB} KiB, ${ratio}× @logto/browser ${kib(reference)} KiB)`);
console.log(`  with the JS minified by esbuild: wasm ${kib(sizes.wasm.gzip)} KiB + JS ${kib(sizes.jsMinified.gzip)} KiB `
  + `= ${kib(sizes.totalMinified.gzip)} KiB gzip -9 (${(sizes.totalMinified.gzip / reference).toFixed(2)}×)`);

if (total > budgetKiB * 1024) {
  console.log(`over budget by ${kib(total - budgetKiB * 1024)} KiB (${pkgDir}; budget in scripts/size-budget.json)`);
  process.exit(1);
}
const suggestion = Math.ceil(total / 1024) + 1;
if (suggestion < budgetKiB * 0.95) {
  console.log(`${kib(budgetKiB * 1024 - total)} KiB under budget: lower budgetKiB in scripts/size-budget.json to ${suggestion}`);
}
