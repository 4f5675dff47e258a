// Benchmark: logto-wasm (pkg/) against @logto/browser in the same headless Chromium, against the
// dev provider (AUTO_LOGIN), interleaved over N rounds. Prints medians and ratios
// (logto-wasm / @logto/browser) and writes bench/results/latest.json.
//
//   npm run bench                       (= node bench/run.mjs)
//   node bench/run.mjs --rounds=20 --warmup=1 --out=bench/results/latest.json
//   node bench/run.mjs --latency=40     every request of both SDKs gets 40 ms more latency
//                                       (Chromium's network emulation over CDP): a provider that
//                                       is not on loopback, where round trips dominate
//   node bench/run.mjs --par            logto-wasm with `pushedAuthorization: true` (RFC 9126: one
//                                       more request before signIn leaves the page), for what the
//                                       push costs; @logto/browser has no such option
//   BENCH_PROVIDER_PORT=3201            (the static server is on 3200: the provider's client
//                                        allows http://localhost:3200/bench/callback only)
//
// Needs pkg/ (wasm-pack build --target web) and Chromium (/usr/bin/chromium or CHROMIUM_PATH).
// See docs/performance.md.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { CHROMIUM, CHROMIUM_ARGS, ROOT, startProvider, startStatic } from '../tests/e2e/lib.mjs';
import { build } from './lib/build.mjs';
import { environment, loadAverage } from './lib/env.mjs';
import { A, B, LABEL, sizeTable, summarizeRounds, timingTable } from './lib/report.mjs';
import { API, runRound } from './lib/round.mjs';

const APP_PORT = 3200;

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '10' },
    warmup: { type: 'string', default: '1' },
    out: { type: 'string', default: 'bench/results/latest.json' },
    'provider-port': { type: 'string', default: process.env.BENCH_PROVIDER_PORT ?? '3201' },
    'cached-reps': { type: 'string', default: '100' },
    latency: { type: 'string', default: '0' },
    par: { type: 'boolean', default: false },
  },
  strict: true,
});
const rounds = Number(opts.rounds);
const warmup = Number(opts.warmup);
const providerPort = Number(opts['provider-port']);
const cachedReps = Number(opts['cached-reps']);
const latencyMs = Number(opts.latency);
if (!(rounds >= 1 && warmup >= 0 && providerPort > 0 && cachedReps >= 1 && latencyMs >= 0)) throw new Error('bad options');

const pkgDir = path.resolve(ROOT, process.env.PKG_DIR ?? 'pkg');
const log = (...a) => console.log(...a);

async function main() {
  const env = environment({ root: ROOT, pkgDir });
  const loadBefore = loadAverage();
  if (loadBefore[0] >= 1.5) {
    log(`warning: load average ${loadBefore.join(' ')} (≥ 1.5): timings will be noisy`);
  }

  log('building: @logto/browser bundle (esbuild), snapshot of pkg/ ...');
  const built = await build({ root: ROOT, pkgDir });
  log(`\n${sizeTable(built.sizes)}\n`);

  const started = {};
  try {
    started.provider = await startProvider({ port: providerPort, autoLogin: true });
    started.statics = await startStatic({ port: APP_PORT });
    const { chromium } = await import('playwright-core');
    started.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const chromiumVersion = started.browser.version();

    const config = {
      endpoint: started.provider.origin,
      appId: 'logto-wasm-demo',
      scopes: ['email', 'urn:logto:scope:organizations'],
      resources: [API],
      // @logto/browser ignores it.
      ...(opts.par ? { pushedAuthorization: true } : {}),
    };
    if (opts.par) log('logto-wasm: pushed authorization requests (pushedAuthorization: true)');
    const common = {
      browser: started.browser, appOrigin: started.statics.origin, dev: started.provider.dev, config, cachedReps, latencyMs,
    };
    if (latencyMs) log(`network: +${latencyMs} ms latency on every request (Chromium network emulation)`);

    const perRound = { [A]: [], [B]: [] };
    for (let i = -warmup; i < rounds; i += 1) {
      // Interleaved, alternating which SDK goes first: A B, B A, A B, ...
      const pair = (i + warmup) % 2 === 0 ? [A, B] : [B, A];
      for (const sdk of pair) {
        const metrics = await runRound({ ...common, sdk });
        if (i >= 0) {
          perRound[sdk].push(metrics);
        }
      }
      const tag = i < 0 ? `warm-up ${i + warmup + 1}/${warmup}` : `round ${i + 1}/${rounds}`;
      const last = (sdk) => (i >= 0 ? perRound[sdk].at(-1) : null);
      log(`${tag} (${pair.map((s) => LABEL[s]).join(', ')})${i >= 0
        ? `: handleSignInCallback ${[A, B].map((s) => `${LABEL[s]} ${last(s).handleSignInCallback.ms.toFixed(1)} ms`).join(', ')}`
        : ''}`);
    }

    const summary = summarizeRounds(perRound);
    const loadAfter = loadAverage();
    log(`\n${timingTable(summary)}\n`);
    log('requests at the provider (first round):');
    for (const sdk of [A, B]) {
      const m = perRound[sdk][0];
      log(`  ${LABEL[sdk]}: signIn → callback done: ${m.signInFlow.requests.list.join(', ')}`);
      log(`  ${LABEL[sdk]}: handleSignInCallback: ${m.handleSignInCallback.requests.list.join(', ')}`);
      log(`  ${LABEL[sdk]}: 10 × getAccessToken: ${m['getAccessToken.concurrent'].requests.list.join(', ')}`);
      log(`  ${LABEL[sdk]}: fetchUserInfo: ${m.fetchUserInfo.requests.list.join(', ')}`);
    }
    log(`\nChromium ${chromiumVersion}, ${env.machine.cores} × ${env.machine.cpu}; ${rounds} rounds (+${warmup} warm-up);`
      + `${latencyMs ? ` +${latencyMs} ms emulated latency per request;` : ' loopback;'}`
      + ` load average before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')}`);
    log('B/A = logto-wasm / @logto/browser (medians). Network-bound differences under 30% are noise on this set-up.');

    const result = {
      ...env,
      versions: { ...env.versions, chromium: chromiumVersion, esbuild: built.esbuildVersion, wasmSha256: built.wasmSha256 },
      conditions: { rounds, warmup, order: 'interleaved, alternating first SDK', cachedReps, latencyMs, pushedAuthorization: opts.par, loadBefore, loadAfter },
      config,
      sizes: built.sizes,
      bundleComposition: built.composition,
      summary,
      rounds: perRound,
    };
    const out = path.resolve(ROOT, opts.out);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    log(`results: ${path.relative(ROOT, out)}`);
  } finally {
    await started.browser?.close().catch(() => {});
    await started.statics?.stop();
    await started.provider?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
