// Shared helpers of the end-to-end tests: child servers, Chromium, the provider's control API,
// and an OIDC code flow done from Node (for tests of the provider itself).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { freePorts } from '../../scripts/free-ports.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * The run's two ports: the static server (E2E_APP_PORT) and the dev provider
 * (E2E_PROVIDER_PORT). scripts/test.sh picks two free ones per run (scripts/free-ports.mjs), so
 * that a run and `scripts/demo.sh`, or two runs, do not collide; by hand they default to the
 * demo's 3000 and 3001.
 */
export const APP_PORT = Number(process.env.E2E_APP_PORT || 3000);
export const PROVIDER_PORT = Number(process.env.E2E_PROVIDER_PORT || 3001);
export const APP_ORIGIN = `http://localhost:${APP_PORT}`;
export const PROVIDER_ORIGIN = `http://localhost:${PROVIDER_PORT}`;
/** The origins the samples (www/) name: the demo's. */
const SAMPLE_APP_ORIGIN = 'http://localhost:3000';
const SAMPLE_PROVIDER_ORIGIN = 'http://localhost:3001';
export const CLIENT_ID = 'logto-wasm-demo';
export const E2E_CALLBACK = `${APP_ORIGIN}/e2e/callback`;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const STARTUP_TIMEOUT_MS = 20_000;

/**
 * Starts a long-running command and resolves once its output (stdout or stderr) matches
 * `readyPattern`. Returns { child, output, stop() }. Output is kept (and echoed when E2E_VERBOSE
 * is set) for diagnostics.
 */
export function startProcess(command, args, {
  cwd = ROOT, env = {}, readyPattern, timeout = STARTUP_TIMEOUT_MS, name = path.basename(command),
}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let ready = false;
    const stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not print ${readyPattern} within ${timeout} ms:\n${output}`));
    }, timeout);
    const onData = (chunk) => {
      output += chunk;
      if (process.env.E2E_VERBOSE) process.stderr.write(`[${name}] ${chunk}`);
      if (!ready && readyPattern.test(output)) {
        ready = true;
        clearTimeout(timer);
        resolve({ child, get output() { return output; }, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output}`));
      }
    });
  });
}

/** Starts `node <script>` (a path from the repository root) with {@link startProcess}. */
export function startNode(script, { env = {}, args = [], readyPattern, name = path.basename(script) }) {
  return startProcess(process.execPath, [path.join(ROOT, script), ...args], { env, readyPattern, name });
}

/**
 * Resolves once `url` answers (any HTTP status) within `timeoutMs`: a dev server may print that
 * it is ready a moment before it accepts connections on a loaded machine.
 */
export async function waitForHttp(url, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms: ${err.cause?.code ?? err.message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** A TCP port that is free on the loopback interface now (scripts/free-ports.mjs). */
export async function freePort() {
  const [port] = await freePorts(1);
  return port;
}

/** A sample's source text pointed at this run's servers (the samples name the demo's origins). */
export function withRunOrigins(text) {
  return text.replaceAll(SAMPLE_PROVIDER_ORIGIN, PROVIDER_ORIGIN).replaceAll(SAMPLE_APP_ORIGIN, APP_ORIGIN);
}

/**
 * A copy of a built sample (`dir`) in a temporary directory, its HTML and JavaScript pointed at
 * this run's servers ({@link withRunOrigins}). Returns { dir, cleanup() }.
 */
export async function copyForRun(dir) {
  const out = await mkdtemp(path.join(tmpdir(), 'logto-wasm-sample-'));
  await cp(dir, out, { recursive: true });
  for (const entry of await readdir(out, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(m?js|html)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    await writeFile(file, withRunOrigins(await readFile(file, 'utf8')));
  }
  return { dir: out, cleanup: () => rm(out, { recursive: true, force: true }) };
}

/** Starts the dev provider. Options: { port = PROVIDER_PORT, alg, autoLogin, accessTokenTtl (seconds) }. */
export async function startProvider({ port = PROVIDER_PORT, alg, autoLogin = false, accessTokenTtl } = {}) {
  const env = {
    PORT: String(port), APP_ORIGIN, AUTO_LOGIN: autoLogin ? '1' : '', ACCESS_TOKEN_TTL: accessTokenTtl ? String(accessTokenTtl) : '',
  };
  if (alg) env.ALG = alg;
  const origin = `http://localhost:${port}`;
  const server = await startNode('dev/provider/server.mjs', {
    env,
    name: `provider:${port}`,
    readyPattern: new RegExp(`dev provider ready on ${origin}/oidc`),
  });
  return { ...server, origin, issuer: `${origin}/oidc`, dev: devApi(origin) };
}

/** Starts the static file server (dev/serve.mjs) on APP_PORT; `env` adds to its environment (JS_DIR, CSP). */
export async function startStatic({ port = APP_PORT, env = {} } = {}) {
  const server = await startNode('dev/serve.mjs', {
    env: { ...env, PORT: String(port) },
    name: `static:${port}`,
    readyPattern: new RegExp(`static server ready on http://localhost:${port}`),
  });
  return { ...server, origin: `http://localhost:${port}` };
}

/**
 * The query parameters of the last authorization request the provider received, as a lookup:
 * `param(name)` is the list of that parameter's values (empty when absent).
 */
export async function lastAuthorizationParams(provider) {
  const requests = await provider.dev.requests();
  const auth = requests.filter((r) => r.path === '/oidc/auth' && r.method === 'GET').at(-1);
  if (!auth) throw new Error('the provider received no authorization request');
  return (name) => auth.params.filter(([k]) => k === name).map(([, v]) => v);
}

/**
 * Opens `url` and returns what the page did with its WebAssembly: the URLs of the `.wasm`
 * requests it made, and the `href`s of its `<link rel="preload">` for `.wasm` files. A page
 * whose preload is used requests the module once, at the preload's URL.
 */
export async function wasmLoading(page, url, ready) {
  const requested = [];
  const onRequest = (req) => { if (new URL(req.url()).pathname.endsWith('.wasm')) requested.push(req.url()); };
  page.on('request', onRequest);
  try {
    await page.goto(url);
    await ready();
  } finally {
    page.off('request', onRequest);
  }
  const preloads = await page.$$eval('link[rel="preload"][href$=".wasm"]', (links) => links.map((l) => l.href));
  return { requested, preloads };
}

/**
 * The provider saw a full sign-out since `before` (its `dev.stats()` then): its end-session
 * endpoint visited and the refresh token revoked.
 */
export async function assertProviderSignedOut(provider, before) {
  const stats = await provider.dev.stats();
  assert.ok(stats.endSessionRequests > before.endSessionRequests, 'end-session endpoint visited');
  assert.ok(stats.revocationRequests > before.revocationRequests, 'refresh token revoked');
}

/** The provider's test control API. */
export function devApi(origin = PROVIDER_ORIGIN) {
  const call = async (method, route, body) => {
    const res = await fetch(`${origin}/__dev/${route}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} /__dev/${route}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    requests: () => call('GET', 'requests'),
    reset: () => call('POST', 'reset'),
    stats: () => call('GET', 'stats'),
    options: () => call('GET', 'options'),
    /** Sets the hostile-response switches (see dev/provider/tamper.mjs); `{}` clears them, as does reset(). */
    tamper: (switches) => call('POST', 'tamper', switches),
    /** Headers of the provider's HTML pages: `{ coop: 'same-origin' }` severs popups; `{}` or reset() clears. */
    pages: (headers) => call('POST', 'pages', headers),
    /** DPoP: `{ requireNonce: true }` makes the provider ask for its nonce; `{}` or reset() clears. */
    dpop: (switches) => call('POST', 'dpop', switches),
    async refreshTokenAlive(token) {
      return (await call('POST', 'refresh-token-alive', { token })).alive;
    },
  };
}

/** Fails with a clear message when the SDK has not been built (PKG_DIR overrides pkg/). */
export function requirePkg() {
  const entry = path.join(path.resolve(ROOT, process.env.PKG_DIR ?? 'pkg'), 'logto_wasm.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: build the SDK first (wasm-pack build --target web)`);
  }
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost',
];

/**
 * Launches Chromium (playwright-core) with a fresh temporary profile.
 * Returns { context, page, errors, close() }; page console errors and page errors are
 * printed to the test output and collected in `errors`.
 */
export async function launchBrowser({ log = console.error } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  const { chromium } = await import('playwright-core');
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'logto-wasm-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1000, height: 800 },
  });
  // The test pages (tests/e2e/pages/app.js) take the provider of this run from here.
  await context.addInitScript(`globalThis.E2E_PROVIDER_ORIGIN = ${JSON.stringify(PROVIDER_ORIGIN)};`);
  const errors = [];
  const watch = (page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        const text = `[browser console.error] ${msg.text()}`;
        errors.push(text);
        log(text);
      }
    });
    page.on('pageerror', (err) => {
      const text = `[browser pageerror] ${err.message}`;
      errors.push(text);
      log(text);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? await context.newPage();
  return {
    context,
    page,
    errors,
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}

// ---------------------------------------------------------------------------------------------
// OIDC from Node (no browser)

export const b64url = (buf) => Buffer.from(buf).toString('base64url');

export function pkcePair() {
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  return { verifier, challenge };
}

/** A minimal cookie jar for fetch with manual redirects. */
export class CookieJar {
  #cookies = new Map(); // `${name};${path}` -> { name, value, path }

  store(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let cookiePath = '/';
      let expired = false;
      for (const attr of attrs) {
        const [k, v = ''] = attr.split('=');
        if (k.toLowerCase() === 'path') cookiePath = v;
        if (k.toLowerCase() === 'expires' && new Date(v).getTime() < Date.now()) expired = true;
        if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      }
      const key = `${name};${cookiePath}`;
      if (expired || value === '') this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path: cookiePath });
    }
  }

  header(url) {
    const { pathname } = new URL(url);
    return [...this.#cookies.values()]
      .filter((c) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

/** fetch with the jar's cookies and without following redirects. */
export async function jarFetch(jar, url, init = {}) {
  const headers = { ...(init.headers ?? {}) };
  const cookie = jar.header(url);
  if (cookie) headers.cookie = cookie;
  const res = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(res);
  return res;
}

/**
 * Runs the authorization code flow against a provider from Node: authorization request,
 * sign-in form (username), automatic consent, callback. Returns the callback URL and the
 * PKCE verifier / state / nonce used. `params` overrides or adds authorization parameters.
 */
export async function authorize(issuer, {
  username = 'alice',
  redirectUri = E2E_CALLBACK,
  scope = 'openid offline_access profile email custom_data identities urn:logto:scope:organizations',
  resources = ['https://api.example.com', 'https://api2.example.com', 'urn:logto:resource:organizations'],
  params = {},
  jar = new CookieJar(),
} = {}) {
  const { verifier, challenge } = pkcePair();
  const state = b64url(randomBytes(16));
  const nonce = b64url(randomBytes(16));
  const pairs = [
    ['client_id', CLIENT_ID],
    ['redirect_uri', redirectUri],
    ['code_challenge', challenge],
    ['code_challenge_method', 'S256'],
    ['state', state],
    ['nonce', nonce],
    ['response_type', 'code'],
    ['prompt', 'consent'],
    ['scope', scope],
    ...resources.map((r) => ['resource', r]),
  ];
  // `params` replaces a default parameter in place, or is appended.
  for (const [name, value] of Object.entries(params)) {
    const at = pairs.findIndex(([k]) => k === name);
    if (at === -1) pairs.push([name, value]);
    else pairs[at] = [name, value];
  }
  const query = new URLSearchParams(pairs);
  let url = `${issuer}/auth?${query}`;
  const visited = [];
  for (let hop = 0; hop < 20; hop += 1) {
    visited.push(url);
    if (url.startsWith(redirectUri)) {
      return { callbackUrl: url, verifier, state, nonce, jar, visited };
    }
    const res = await jarFetch(jar, url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location'), url).href;
      continue;
    }
    const html = await res.text();
    if (res.status === 200 && html.includes('id="username"')) {
      const action = html.match(/<form[^>]*action="([^"]+)"/)[1];
      const login = await jarFetch(jar, new URL(action, url).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password: 'ignored' }).toString(),
      });
      if (login.status !== 303 && login.status !== 302) {
        throw new Error(`login POST answered ${login.status}: ${await login.text()}`);
      }
      url = new URL(login.headers.get('location'), url).href;
      continue;
    }
    throw new Error(`unexpected ${res.status} at ${url}:\n${html.slice(0, 2000)}`);
  }
  throw new Error(`too many redirects: ${visited.join('\n')}`);
}

/** POSTs a form to the token endpoint (or another), returning { status, body, headers }. */
export async function postForm(url, params, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: res.status, body, headers: res.headers };
}

/** Full flow: authorize + code exchange. Returns the token response and flow details. */
export async function signInFromNode(issuer, options = {}) {
  const flow = await authorize(issuer, options);
  const callback = new URL(flow.callbackUrl);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in callback ${flow.callbackUrl}`);
  const tokens = await postForm(`${issuer}/token`, [
    ['client_id', CLIENT_ID],
    ['code', code],
    ['code_verifier', flow.verifier],
    ['redirect_uri', options.redirectUri ?? E2E_CALLBACK],
    ['grant_type', 'authorization_code'],
  ]);
  if (tokens.status !== 200) throw new Error(`code exchange failed: ${tokens.status} ${JSON.stringify(tokens.body)}`);
  return { ...flow, callback, tokens: tokens.body };
}

export function refresh(issuer, refreshToken, extra = []) {
  return postForm(`${issuer}/token`, [
    ['client_id', CLIENT_ID],
    ['refresh_token', refreshToken],
    ['grant_type', 'refresh_token'],
    ...extra,
  ]);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts what a browser suite needs: the dev provider (with `providerOptions`), the static
 * server and Chromium. Returns { provider, statics, browser, page }; stop it with stopStack().
 */
export async function startStack(providerOptions = {}, { navTimeout = 15_000, staticEnv = {} } = {}) {
  requirePkg();
  const provider = await startProvider(providerOptions);
  const statics = await startStatic({ env: staticEnv });
  const browser = await launchBrowser();
  const { page } = browser;
  page.setDefaultTimeout(navTimeout);
  return { provider, statics, browser, page };
}

/** Stops what startStack() started (any part may be missing if start-up failed). */
export async function stopStack({ browser, statics, provider } = {}) {
  await browser?.close();
  await statics?.stop();
  await provider?.stop();
}
