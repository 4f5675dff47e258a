// One benchmark round for one SDK, in a fresh browser context (empty cache, cache disabled):
// ready time, sign-in callback, userinfo, access tokens (first, cached, forced refresh, 10 at
// once) and an organization token. With `latencyMs`, Chromium adds that latency to every request. Every step is timed in the page (performance.now()) and
// gets the provider requests it caused, from the dev provider's log (reset before each step).

import { wasmLoading } from '../../tests/e2e/lib.mjs';

export const API = 'https://api.example.com';
export const ORG = 'org-acme';
export const USER = 'auto-user'; // the provider's AUTO_LOGIN user when there is no login_hint
const TIMEOUT = 20_000;

function jwtPayload(jwt) {
  const part = String(jwt).split('.')[1];
  if (!part) throw new Error(`not a JWT: ${String(jwt).slice(0, 24)}...`);
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** A summary of provider log records: counts, and the requests as `METHOD /path[ grant]`. */
export function summarize(records) {
  return {
    total: records.length,
    preflights: records.filter((r) => r.method === 'OPTIONS').length,
    tokenRequests: records.filter((r) => r.path === '/oidc/token' && r.method === 'POST').length,
    list: records.map((r) => `${r.method} ${r.path.replace(/^\/oidc/, '')}${r.grant_type ? ` ${r.grant_type}` : ''}`),
  };
}

/**
 * Runs the steps for `sdk` ('logto-browser' | 'logto-wasm'). `dev` is the provider's control API.
 * Returns { metrics: { name: { ms, requests } }, details }.
 */
export async function runRound({ browser, sdk, appOrigin, dev, config, cachedReps = 100, concurrency = 10, latencyMs = 0 }) {
  const home = `${appOrigin}/bench/`;
  const callback = `${appOrigin}/bench/callback`;
  const context = await browser.newContext();
  const errors = [];
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`); });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (latencyMs > 0) {
      // Added to every request of the page (static files and provider alike), both SDKs the same.
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: latencyMs, downloadThroughput: -1, uploadThroughput: -1 });
    }

    const open = async (url) => {
      if (url) await page.goto(url);
      await page.waitForFunction(() => window.benchReady === true);
    };
    const evaluate = (fn, arg) => page.evaluate(fn, arg);
    const metrics = {};

    /** Resets the provider log, runs `fn`, stores { ms, requests } (+ whatever fn returns) as metrics[name]. */
    const step = async (name, fn) => {
      await dev.reset();
      const out = await fn();
      const records = await dev.requests();
      const since = out.startedAt ?? 0;
      metrics[name] = { ...out, requests: summarize(records.filter((r) => r.ms >= since)) };
      delete metrics[name].startedAt;
      return metrics[name];
    };
    const time = (method, args = [], options = {}) => evaluate(
      ({ m, a, o }) => window.bench.time(m, a, o), { m: method, a: args, o: options },
    );

    // 0. Ready from navigation: a page that loads the SDK the way an app does (bench/page/
    // ready-<sdk>.html: preload hints, then import → init → new LogtoClient), timed from
    // navigation start. For logto-wasm the wasm must come from the preload (one request), or the
    // page measures a second round trip that an app would not have.
    const { requested } = await wasmLoading(
      page,
      `${appOrigin}/bench/ready-${sdk}.html?config=${encodeURIComponent(JSON.stringify(config))}`,
      () => page.waitForFunction(() => window.readyAt),
    );
    expect(requested.length === (sdk === 'logto-wasm' ? 1 : 0), `${sdk}: wasm requests ${requested.join(', ')} (the preload must be reused)`);
    metrics['ready.page'] = { ms: await evaluate(() => window.readyAt) };

    // 1. Ready: import → init → new LogtoClient, on a cold page.
    await open(home);
    metrics.ready = await evaluate(({ s, c }) => window.bench.ready(s, c), { s: sdk, c: config });

    // 1b. The first answer without an init step (the npm entry), on a cold page.
    await open(home);
    metrics['ready.firstAnswer'] = await evaluate(({ s, c }) => window.bench.firstAnswer(s, c), { s: sdk, c: config });

    // 2. Sign-in: signIn → provider (AUTO_LOGIN) → callback page → handleSignInCallback.
    // signIn is timed from Node: from the call to its authorization request leaving the page.
    await dev.reset();
    const authRequest = page.waitForRequest((req) => req.url().startsWith(`${config.endpoint}/oidc/auth?`));
    const t0 = performance.now();
    await evaluate((uri) => window.bench.signIn(uri), callback);
    await authRequest;
    metrics.signIn = { ms: performance.now() - t0 };
    await page.waitForURL((url) => url.href.startsWith(`${callback}?`), { timeout: TIMEOUT });
    await open();
    await evaluate(({ s, c }) => window.bench.ready(s, c), { s: sdk, c: config });
    const cb = await evaluate((url) => window.bench.time('handleSignInCallback', [url]), page.url());
    const flow = await dev.requests();
    metrics.handleSignInCallback = { ms: cb.ms, requests: summarize(flow.filter((r) => r.ms >= cb.startedAt)) };
    metrics.signInFlow = { requests: summarize(flow) };
    const idToken = await evaluate(() => window.client.getIdToken());
    expect(jwtPayload(idToken).sub === USER, `${sdk}: signed in as ${jwtPayload(idToken).sub}`);

    // 3. Userinfo, right after sign-in (with the access token of the code exchange).
    const info = await step('fetchUserInfo', () => time('fetchUserInfo'));
    expect(info.value?.sub === USER, `${sdk}: userinfo sub ${info.value?.sub}`);

    // 4. Access tokens for the API: first, cached (per call), forced refresh, `concurrency` at once.
    const first = await step('getAccessToken.first', () => time('getAccessToken', [API]));
    expect(jwtPayload(first.value).aud === API, `${sdk}: API token aud ${jwtPayload(first.value).aud}`);
    const cached = await step('getAccessToken.cached', () => time('getAccessToken', [API], { reps: cachedReps }));
    expect(cached.value === first.value && cached.requests.total === 0, `${sdk}: the cached token was not reused`);
    const forced = await step('getAccessToken.refresh', () => time('getAccessToken', [API], { before: 'clearAccessToken' }));
    expect(forced.value !== first.value, `${sdk}: clearAccessToken did not force a new token`);
    const together = await step('getAccessToken.concurrent', () => evaluate(
      ({ a, n }) => window.bench.concurrent('getAccessToken', a, n, { before: 'clearAccessToken' }),
      { a: [API], n: concurrency },
    ));
    expect(jwtPayload(together.value).aud === API, `${sdk}: concurrent API token aud`);

    // 5. An organization token.
    const org = await step('getOrganizationToken', () => time('getOrganizationToken', [ORG]));
    expect(jwtPayload(org.value).aud === `urn:logto:organization:${ORG}`, `${sdk}: organization token aud`);

    for (const m of Object.values(metrics)) delete m.value;
    if (errors.length) throw new Error(`${sdk}: errors in the page:\n${errors.join('\n')}`);
    return metrics;
  } finally {
    await context.close().catch(() => {});
  }
}
