// Prints a results file (default bench/results/latest.json) as the Markdown tables of README.md's
// "Performance" section:  node bench/markdown.mjs [results.json]
import { readFileSync } from 'node:fs';

import { A, B, sizeRows, summarizeRounds } from './lib/report.mjs';

const file = process.argv[2] ?? new URL('results/latest.json', import.meta.url).pathname;
const r = JSON.parse(readFileSync(file, 'utf8'));
const kib = (n) => (n / 1024).toFixed(1);
const num = (x, unit) => (unit === 'n' ? String(x) : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const cell = (s, unit) => (unit === 'n' && s.min === s.max ? num(s.median, unit)
  : `${num(s.median, unit)} (${num(s.p25, unit)}–${num(s.p75, unit)})`);

const out = [];
const base = r.sizes[A].total;
out.push('| transfer size | raw KiB | gzip -9 KiB | brotli KiB | gzip ÷ @logto/browser |', '|---|---:|---:|---:|---:|');
for (const [label, s] of sizeRows(r.sizes)) {
  out.push(`| ${label} | ${kib(s.raw)} | ${kib(s.gzip)} | ${kib(s.brotli)} | ${(s.gzip / base.gzip).toFixed(2)} |`);
}
const network = r.conditions.latencyMs ? `, +${r.conditions.latencyMs} ms latency` : '';
out.push('', `| ${r.conditions.rounds} rounds${network}: median (p25–p75) | unit | @logto/browser | logto-wasm | logto-wasm ÷ @logto/browser | verdict |`,
  '|---|---|---:|---:|---:|---|');
for (const s of summarizeRounds(r.rounds)) { // recomputed from the raw rounds
  const ratio = s.ratio === null ? '–' : s.ratio.toFixed(2);
  out.push(`| ${s.label.replace(/^ +/, '↳ ')} | ${s.unit} | ${cell(s[A], s.unit)} | ${cell(s[B], s.unit)} | ${ratio} | ${s.verdict} |`);
}
const v = r.versions;
out.push('', `${r.date.slice(0, 10)}; ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.memoryGiB} GiB, ${r.machine.os}; `
  + `Node ${v.node}, Chromium ${v.chromium}, esbuild ${v.esbuild}; @logto/browser ${v['@logto/browser']} `
  + `(@logto/client ${v['@logto/client']}, @logto/js ${v['@logto/js']}); logto-wasm ${v['logto-wasm']} at ${v['logto-wasm commit']} `
  + `(wasm sha256 ${v.wasmSha256.slice(0, 12)}…); load average before ${r.conditions.loadBefore.join(' ')}, after ${r.conditions.loadAfter.join(' ')}.`);
console.log(out.join('\n'));
