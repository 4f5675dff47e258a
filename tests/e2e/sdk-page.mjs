// Helpers for the browser tests that drive the SDK on the e2e test page (tests/e2e/pages/)
// with page.evaluate: loading the page, signing in through the provider's form, calling SDK
// methods and capturing LogtoErrors, storage snapshots, JWT claims.
import { CLIENT_ID, APP_ORIGIN, E2E_CALLBACK, PROVIDER_ORIGIN } from './lib.mjs';

export const E2E_HOME = `${APP_ORIGIN}/e2e/`;
export const SESSION_KEY = `logto:${CLIENT_ID}:session`;
export const NAV_TIMEOUT = 15_000;
export const API = 'https://api.example.com';
export const API2 = 'https://api2.example.com';
/** The test page's default scopes plus the API scopes a Logto app asks for (`read`, `write`). */
export const SCOPES = ['email', 'custom_data', 'identities', 'urn:logto:scope:organizations', 'read', 'write'];

/** Waits for the test page to have loaded the SDK (window.ready) or to have failed. */
export async function waitForApp(page) {
  await page.waitForFunction(() => window.ready === true || window.loadError !== undefined, null, { timeout: NAV_TIMEOUT });
  const loadError = await page.evaluate(() => window.loadError);
  if (loadError) throw new Error(`the e2e page could not load the SDK: ${loadError}`);
}

/** Opens the test page (by default /e2e/) and waits for the SDK. */
export async function openApp(page, url = E2E_HOME) {
  await page.goto(url);
  await waitForApp(page);
}

/**
 * Sets the test page's client config for every later page load of this browser profile
 * (localStorage['e2e-config'], which survives the sign-in redirects unlike ?config=).
 */
export async function setPageConfig(page, config) {
  if (!page.url().startsWith(APP_ORIGIN)) await page.goto(E2E_HOME);
  await page.evaluate((json) => window.localStorage.setItem('e2e-config', json), JSON.stringify(config));
}

/**
 * Runs an SDK call that navigates the page away (signIn, signOut). The page may be gone
 * before the call's promise settles: that is expected; a rejection is not.
 */
export async function evaluateNavigating(page, fn, arg) {
  try {
    const outcome = await page.evaluate(async ({ source, value }) => {
      // eslint-disable-next-line no-new-func
      const call = new Function('value', `return (${source})(value);`);
      try {
        await call(value);
        return { ok: true };
      } catch (err) {
        return { ok: false, code: err?.code, message: String(err?.message ?? err) };
      }
    }, { source: fn.toString(), value: arg });
    if (!outcome.ok) throw new Error(`SDK call rejected: ${outcome.code}: ${outcome.message}`);
  } catch (err) {
    if (!/Execution context was destroyed|navigat|Target closed|frame was detached/i.test(err.message)) throw err;
  }
}

/**
 * Signs in from the test page through the provider (its form, or straight back when the
 * provider session exists) and handles the callback. Ends signed in on the callback page.
 */
export async function signIn(page, username = 'alice') {
  await openApp(page);
  await signInThroughProvider(page, username);
  await page.evaluate((url) => window.client.handleSignInCallback(url), page.url());
  const sub = await page.evaluate(() => window.client.getIdTokenClaims().then((c) => c.sub));
  if (sub !== username) throw new Error(`signed in as ${sub}, expected ${username}`);
}

/**
 * Starts sign-in from the loaded test page and goes through the provider: its form (no provider
 * session) or straight back (session + automatic consent). Ends on the callback page, callback not
 * handled yet; returns the callback URL.
 */
export async function signInThroughProvider(page, username = 'alice') {
  await evaluateNavigating(page, (redirectUri) => window.client.signIn(redirectUri), E2E_CALLBACK);
  await page.waitForURL((url) => url.href.startsWith(`${PROVIDER_ORIGIN}/interaction/`) || url.href.startsWith(`${E2E_CALLBACK}?`), { timeout: NAV_TIMEOUT });
  if (page.url().startsWith(`${PROVIDER_ORIGIN}/interaction/`)) {
    await page.fill('#username', username);
    await page.fill('#password', 'irrelevant');
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(`${E2E_CALLBACK}?`), { timeout: NAV_TIMEOUT }),
      page.click('#submit'),
    ]);
  }
  await waitForApp(page);
  return page.url();
}

/**
 * Calls `window.client[method](...args)` in the page. Resolves to
 * `{ ok: true, value }` or `{ ok: false, isLogtoError, code, error, errorDescription, message }`.
 */
export function call(page, method, ...args) {
  return page.evaluate(async ({ method: m, args: a }) => {
    try {
      return { ok: true, value: await window.client[m](...a) };
    } catch (err) {
      return {
        ok: false,
        isLogtoError: err instanceof window.sdk.LogtoError,
        code: err?.code,
        error: err?.error,
        errorDescription: err?.errorDescription,
        message: String(err?.message ?? err),
      };
    }
  }, { method, args });
}

/** Like `call`, but the result must be fulfilled: returns its value. */
export async function callOk(page, method, ...args) {
  const out = await call(page, method, ...args);
  if (!out.ok) throw new Error(`${method}(${args.map((a) => JSON.stringify(a)).join(', ')}) rejected: ${out.code}: ${out.message}`);
  return out.value;
}

/**
 * Runs the same calls in several pages at one wall-clock moment (`delayMs` from now; the
 * pages and Node share the machine's clock). Each entry of `calls` is [method, ...args].
 * Resolves to one array of `call`-style outcomes per page.
 */
export function callTogether(pages, calls, delayMs = 300) {
  const at = Date.now() + delayMs;
  return Promise.all(pages.map((page) => page.evaluate(async ({ at: when, calls: cs }) => {
    await new Promise((r) => setTimeout(r, Math.max(0, when - Date.now())));
    return Promise.all(cs.map(([m, ...a]) => window.client[m](...a).then(
      (v) => ({ ok: true, value: v }),
      (err) => ({ ok: false, code: err?.code, error: err?.error, message: String(err?.message ?? err) }),
    )));
  }, { at, calls })));
}

/** The raw stored session (the SDK's one JSON value) from `sessionStorage` or `localStorage`. */
export function storedSession(page, area = 'sessionStorage') {
  return page.evaluate(({ key, a }) => window[a].getItem(key), { key: SESSION_KEY, a: area });
}

/** Every key and value of a storage area. */
export function storageSnapshot(page, area = 'sessionStorage') {
  return page.evaluate((a) => Object.fromEntries(
    Object.keys(window[a]).sort().map((k) => [k, window[a].getItem(k)]),
  ), area);
}

/** Decodes a JWT's payload (no verification). */
export function jwtClaims(jwt) {
  const parts = String(jwt).split('.');
  if (parts.length !== 3) throw new Error(`not a JWT: ${String(jwt).slice(0, 20)}...`);
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
}

/** The refresh_token grant requests in a /__dev/requests log. */
export function refreshRequests(records) {
  return records.filter((r) => r.path === '/oidc/token' && r.method === 'POST' && r.grant_type === 'refresh_token')
    .map((r) => ({ ...r, p: Object.fromEntries(r.params) }));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
