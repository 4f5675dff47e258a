// Helpers of the hostile-provider tests (rp-*.test.mjs): sign-ins that keep the current session
// (clearTokens: false) so that a refused one can be checked to leave it exactly as it was,
// storage snapshots, and the provider's request log.
import assert from 'node:assert/strict';

import { after, before } from 'node:test';

import { CLIENT_ID, E2E_CALLBACK, PROVIDER_ORIGIN, startStack, stopStack } from './lib.mjs';
import { call, callOk, openApp, setPageConfig, waitForApp, NAV_TIMEOUT } from './sdk-page.mjs';

export const ISSUER = `${PROVIDER_ORIGIN}/oidc`;
export const KEYS = {
  session: `logto:${CLIENT_ID}:session`,
  transaction: `logto:${CLIENT_ID}:transaction`,
  provider: `logto:${CLIENT_ID}:provider`,
};
export const TEST_TIMEOUT = 60_000;

/** Every key and value of sessionStorage and localStorage. */
export function snapshot(page) {
  return page.evaluate(() => {
    const dump = (s) => Object.fromEntries(Object.keys(s).sort().map((k) => [k, s.getItem(k)]));
    return { session: dump(window.sessionStorage), local: dump(window.localStorage) };
  });
}

/** The snapshot without the given sessionStorage keys. */
export function except(snap, ...keys) {
  const session = { ...snap.session };
  for (const k of keys) delete session[k];
  return { session, local: snap.local };
}

/** Removes the cached discovery document + key set, so the next call fetches them again. */
export async function dropProviderCache(page) {
  await openApp(page);
  await page.evaluate((k) => window.sessionStorage.removeItem(k), KEYS.provider);
  await page.reload();
  await waitForApp(page);
}

/**
 * Starts a sign-in from the test page that keeps the current session (clearTokens: false) and
 * follows it through the AUTO_LOGIN provider back to the callback page. Returns the callback URL.
 */
export async function startSignIn(page, options = {}) {
  await openApp(page);
  const out = await call(page, 'getSignInUrl', { redirectUri: E2E_CALLBACK, clearTokens: false, ...options });
  assert.equal(out.ok, true, `getSignInUrl: ${JSON.stringify(out)}`);
  await page.goto(out.value);
  await page.waitForURL((url) => url.href.startsWith(`${E2E_CALLBACK}?`), { timeout: NAV_TIMEOUT });
  await waitForApp(page);
  return page.url();
}

/** A complete sign-in (the control case): ends signed in as `auto-user`. */
export async function controlSignIn(page, provider) {
  await provider.dev.tamper({});
  const url = await startSignIn(page);
  const done = await call(page, 'handleSignInCallback', url);
  assert.equal(done.ok, true, `control sign-in: ${JSON.stringify(done)}`);
  assert.equal((await call(page, 'getIdTokenClaims')).value?.sub, 'auto-user');
  assert.equal((await call(page, 'isAuthenticated')).value, true);
}

/** Asserts a LogtoError with `code` from a `call` outcome. */
export function assertRefused(out, code, what = '') {
  assert.equal(out.ok, false, `${what} must be refused, got ${JSON.stringify(out)}`);
  assert.equal(out.isLogtoError, true, JSON.stringify(out));
  assert.equal(out.code, code, `${what}: ${out.message}`);
}

/**
 * Handles `url` as the callback, expecting `code`; the stored session (and everything else but
 * the consumed transaction and the provider cache) must be byte-for-byte what it was.
 * Returns { before, after } snapshots.
 */
export async function refusedCallback(page, url, code, { transactionKept = false } = {}) {
  const before = await snapshot(page);
  assert.ok(before.session[KEYS.transaction], 'a pending sign-in');
  const out = await call(page, 'handleSignInCallback', url);
  assertRefused(out, code, `callback ${url.slice(0, 120)}`);
  const after = await snapshot(page);
  assert.equal(after.session[KEYS.session], before.session[KEYS.session], 'the stored session is exactly as it was');
  if (transactionKept) {
    assert.deepEqual(after, before, 'refused before the code exchange: storage untouched');
  } else {
    assert.deepEqual(except(after, KEYS.transaction, KEYS.provider), except(before, KEYS.transaction, KEYS.provider),
      'only the consumed sign-in and the provider cache may change');
  }
  assertNoPrivateKeyMaterial(after.session[KEYS.provider]);
  return { before, after, out };
}

/** The cached key set never holds private or symmetric key parameters. */
export function assertNoPrivateKeyMaterial(providerCacheJson) {
  if (!providerCacheJson) return;
  const cache = JSON.parse(providerCacheJson);
  for (const key of cache.jwks?.keys ?? []) {
    for (const p of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) assert.equal(key[p], undefined, `cached key ${key.kid} has ${p}`);
    assert.notEqual(key.kty, 'oct', 'no symmetric key is cached');
  }
}

/** Requests the provider received under /oidc since the last reset, by path. */
export async function requestsTo(provider, path) {
  return (await provider.dev.requests()).filter((r) => r.path === `/oidc${path}` && r.method !== 'OPTIONS');
}

/**
 * A sign-in (keeping the current session) while the provider's /__dev/tamper `switches` are on,
 * with the provider metadata and key set fetched afresh, is refused with `code`: the stored
 * session is unchanged and the provider answered 200 (the SDK refused what it got). Then a
 * normal sign-in works. Resolves to the refused call's outcome.
 */
export async function refusedSignIn(page, provider, switches, code) {
  await dropProviderCache(page);
  await provider.dev.reset();
  await provider.dev.tamper(switches);
  const url = await startSignIn(page);
  const { out } = await refusedCallback(page, url, code);
  const stats = await provider.dev.stats();
  assert.ok(stats.tamperedResponses >= 1, 'the provider sent a tampered response');
  assert.deepEqual(stats.tokenErrors, {}, 'no token request failed at the provider: the SDK refused the response');
  assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'auto-user', 'still signed in with the old session');
  await controlSignIn(page, provider);
  return out;
}

/**
 * A hostile-provider suite's set-up: before its tests, the stack (an AUTO_LOGIN provider with
 * `providerOptions`), the page's config when given, and a control sign-in; `onReady(stack)`
 * then hands the stack to the suite. Stopped after the suite.
 */
export function useRpStack(onReady, { providerOptions = {}, pageConfig } = {}) {
  let stack;
  before(async () => {
    stack = await startStack({ autoLogin: true, ...providerOptions });
    if (pageConfig) await setPageConfig(stack.page, pageConfig);
    await controlSignIn(stack.page, stack.provider);
    onReady(stack);
  });
  after(() => stopStack(stack));
}
