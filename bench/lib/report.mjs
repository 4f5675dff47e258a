// Statistics over rounds and the printed tables (medians, spreads, ratios logto-wasm / @logto/browser).

export const A = 'logto-browser';
export const B = 'logto-wasm';
export const LABEL = { [A]: '@logto/browser', [B]: 'logto-wasm' };

export function quantile(values, q) {
  const v = [...values].sort((x, y) => x - y);
  if (v.length === 0) return NaN;
  const pos = (v.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

export const stats = (values) => ({
  n: values.length,
  median: quantile(values, 0.5),
  p25: quantile(values, 0.25),
  p75: quantile(values, 0.75),
  min: Math.min(...values),
  max: Math.max(...values),
});

/**
 * The rows of the timing/requests table: [key, label, unit, pick(roundMetrics) → number, kind].
 * kind: 'net' (bound by round trips to the provider), 'cpu' (no network), 'load' (local static
 * files + compile), 'count' (deterministic counts).
 */
export const ROWS = [
  ['ready', 'ready: import → init → new LogtoClient (cold)', 'ms', (m) => m.ready.readyMs, 'load'],
  ['ready.import', '  of which import()', 'ms', (m) => m.ready.importMs, 'load'],
  ['ready.init', '  of which init() (wasm fetch + compile)', 'ms', (m) => m.ready.initMs, 'load'],
  ['ready.firstAnswer', 'first answer, no init step: import → new LogtoClient → await isAuthenticated() (npm entry, bundled)', 'ms', (m) => m['ready.firstAnswer'].ms, 'load'],
  ['ready.page', 'ready from navigation start, files preloaded (bench/page/ready-*.html)', 'ms', (m) => m['ready.page'].ms, 'load'],
  ['signIn', 'signIn → authorization request sent', 'ms', (m) => m.signIn.ms, 'net'],
  ['handleSignInCallback', 'handleSignInCallback', 'ms', (m) => m.handleSignInCallback.ms, 'net'],
  ['handleSignInCallback.requests', '  provider requests in it', 'n', (m) => m.handleSignInCallback.requests.total, 'count'],
  ['signInFlow.requests', 'provider requests signIn → callback done', 'n', (m) => m.signInFlow.requests.total, 'count'],
  ['fetchUserInfo', 'fetchUserInfo(), right after sign-in', 'ms', (m) => m.fetchUserInfo.ms, 'net'],
  ['fetchUserInfo.requests', '  provider requests', 'n', (m) => m.fetchUserInfo.requests.total, 'count'],
  ['getAccessToken.first', 'getAccessToken(API), first', 'ms', (m) => m['getAccessToken.first'].ms, 'net'],
  ['getAccessToken.cached', 'getAccessToken(API), cached, per call', 'µs', (m) => m['getAccessToken.cached'].ms * 1000, 'cpu'],
  ['getAccessToken.refresh', 'getAccessToken(API) after clearAccessToken()', 'ms', (m) => m['getAccessToken.refresh'].ms, 'net'],
  ['getAccessToken.concurrent', '10 × getAccessToken(API) at once', 'ms', (m) => m['getAccessToken.concurrent'].ms, 'net'],
  ['getAccessToken.concurrent.tokenRequests', '  token requests for the 10', 'n', (m) => m['getAccessToken.concurrent'].requests.tokenRequests, 'count'],
  ['getOrganizationToken', "getOrganizationToken('org-acme'), first", 'ms', (m) => m.getOrganizationToken.ms, 'net'],
  ['getOrganizationToken.requests', '  provider requests', 'n', (m) => m.getOrganizationToken.requests.total, 'count'],
];

function verdict(kind, a, b) {
  const r = b.median / a.median;
  if (kind === 'count') {
    if (a.median === b.median) return a.min === a.max && b.min === b.max ? 'same' : '≈';
    return b.median < a.median ? 'logto-wasm: fewer' : 'logto-wasm: more';
  }
  if (kind === 'net' && Math.abs(r - 1) < 0.3) return '≈ (noise: network-bound, <30%)';
  if (a.p25 <= b.p75 && b.p25 <= a.p75) return '≈ (spreads overlap)';
  return r < 1 ? 'logto-wasm faster' : 'logto-wasm slower';
}

/** Per-metric statistics for both SDKs from the per-round metrics of each. */
export function summarizeRounds(rounds) {
  return ROWS.map(([key, label, unit, pick, kind]) => {
    const a = stats(rounds[A].map(pick));
    const b = stats(rounds[B].map(pick));
    // No ratio against a (near) zero: @logto/browser has no init() step.
    const ratio = a.median >= (unit === 'n' ? 1 : 0.5) ? b.median / a.median : null;
    return { key, label, unit, kind, [A]: a, [B]: b, ratio, verdict: verdict(kind, a, b) };
  });
}

const fmt = (x, unit) => {
  if (!Number.isFinite(x)) return String(x);
  if (unit === 'n') return Number.isInteger(x) ? String(x) : x.toFixed(1);
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
};
const cell = (s, unit) => (unit === 'n' && s.min === s.max
  ? fmt(s.median, unit)
  : `${fmt(s.median, unit)} (${fmt(s.p25, unit)}–${fmt(s.p75, unit)})`);

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function timingTable(summary) {
  return table(
    ['metric (median (p25–p75) over rounds)', 'unit', LABEL[A], LABEL[B], 'B/A', 'verdict'],
    summary.map((s) => [s.label, s.unit, cell(s[A], s.unit), cell(s[B], s.unit),
      s.ratio === null ? '–' : s.ratio.toFixed(2), s.verdict]),
  );
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

export function sizeRows(sizes) {
  const a = sizes[A];
  const b = sizes[B];
  return [
    ['@logto/browser bundle (esbuild, minified)', a.js],
    ['logto-wasm logto_wasm.js (as built)', b.js],
    ['logto-wasm logto_wasm.js (esbuild, minified)', b.jsMinified],
    ['logto-wasm logto_wasm_bg.wasm', b.wasm],
    ['logto-wasm total (JS as built + wasm)', b.total],
    ['logto-wasm total (minified JS + wasm)', b.totalMinified],
  ];
}

export function sizeTable(sizes) {
  const base = sizes[A].total;
  const rows = sizeRows(sizes).map(([label, s]) => [label, kb(s.raw), kb(s.gzip), kb(s.brotli),
    (s.raw / base.raw).toFixed(2), (s.gzip / base.gzip).toFixed(2)]);
  return table(['transfer size', 'raw', 'gzip -9', 'brotli', 'raw ×A', 'gzip ×A'], rows);
}
