// The SDK in Chromium against the dev provider with AUTO_LOGIN: every signing algorithm the
// provider can use, and callbacks that must be refused (mix-up, duplicates, provider errors,
// algorithm not allowed, no pending sign-in).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  E2E_CALLBACK, PROVIDER_ORIGIN, launchBrowser, requirePkg, startProvider, startStatic,
} from './lib.mjs';
import { E2E_HOME, call, waitForApp } from './sdk-page.mjs';

const TIMEOUT = 15_000;
const TEST_TIMEOUT = 45_000;

/** Sign-in with AUTO_LOGIN: signIn → provider → back on the callback page. Returns its URL. */
async function autoSignIn(page) {
  await page.goto(E2E_HOME);
  await waitForApp(page);
  const landed = page.waitForURL((url) => url.href.startsWith(`${E2E_CALLBACK}?`), { timeout: TIMEOUT });
  page.evaluate((uri) => window.client.signIn(uri), E2E_CALLBACK).catch(() => { /* page navigated away */ });
  await landed;
  await waitForApp(page);
  return page.url();
}

const sessionKeys = (page) => page.evaluate(() => Object.keys(window.sessionStorage).sort());

describe('callbacks in Chromium (AUTO_LOGIN provider)', { timeout: 240_000 }, () => {
  let statics;
  let browser;
  let page;
  let provider;

  before(async () => {
    requirePkg();
    statics = await startStatic();
    browser = await launchBrowser();
    ({ page } = browser);
    page.setDefaultTimeout(TIMEOUT);
  });

  after(async () => {
    await browser?.close();
    await provider?.stop();
    await statics?.stop();
  });

  for (const alg of ['RS256', 'PS256', 'ES256', 'ES384', 'ES512', 'EdDSA']) {
    test(`ID tokens signed with ${alg} verify`, { timeout: TEST_TIMEOUT }, async () => {
      await provider?.stop();
      provider = await startProvider({ alg, autoLogin: true });
      await page.goto(E2E_HOME);
      await waitForApp(page);
      await page.evaluate(() => window.client.clearAllTokens());
      const callbackUrl = await autoSignIn(page);
      const done = await call(page, 'handleSignInCallback', callbackUrl);
      assert.equal(done.ok, true, JSON.stringify(done));
      const claims = await page.evaluate(() => window.client.getIdTokenClaims());
      assert.equal(claims.sub, 'auto-user');
      assert.equal(claims.iss, `${PROVIDER_ORIGIN}/oidc`);
      assert.deepEqual(claims.organizations, ['org-acme']);
      assert.equal(typeof claims.created_at, 'number');
      // Issue #16: the claims come back in the order the provider put them in the token.
      const sent = await page.evaluate(async () => {
        const payload = (await window.client.getIdToken()).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        return Object.keys(JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)))));
      });
      assert.deepEqual(Object.keys(claims), sent);
      assert.notEqual(sent[0], 'iss', 'the dev provider does not put iss first, so the order is really checked');
    });
  }

  test('mix-up and malformed callbacks are refused before any token request', { timeout: TEST_TIMEOUT }, async () => {
    await page.evaluate(() => window.client.clearAllTokens());
    const callbackUrl = await autoSignIn(page);
    await provider.dev.reset();
    assert.equal(await page.evaluate((url) => window.client.isSignInRedirected(url), callbackUrl), true);
    assert.equal(await page.evaluate((url) => window.client.isSignInRedirected(url), E2E_HOME), false);

    const wrongIss = new URL(callbackUrl);
    wrongIss.searchParams.set('iss', 'http://localhost:4000/oidc');
    const noIss = new URL(callbackUrl);
    noIss.searchParams.delete('iss');
    const cases = [
      [wrongIss.href, 'callback.iss_mismatch'],
      [noIss.href, 'callback.missing_iss'],
      [`${callbackUrl}&state=again`, 'callback.duplicate_parameter'],
    ];
    for (const [url, code] of cases) {
      const outcome = await call(page, 'handleSignInCallback', url);
      assert.equal(outcome.ok, false, url);
      assert.equal(outcome.isLogtoError, true);
      assert.equal(outcome.code, code, outcome.message);
    }
    const records = await provider.dev.requests();
    assert.equal(records.filter((r) => r.path === '/oidc/token').length, 0, 'no code exchange');

    // The genuine callback still completes afterwards.
    const done = await call(page, 'handleSignInCallback', callbackUrl);
    assert.equal(done.ok, true, JSON.stringify(done));
    assert.equal(await page.evaluate(() => window.client.isAuthenticated()), true);
  });

  test('a provider error on the callback is a LogtoError with the provider\'s error', { timeout: TEST_TIMEOUT }, async () => {
    await page.goto(E2E_HOME);
    await waitForApp(page);
    const url = await page.evaluate((uri) => window.client.getSignInUrl(uri), E2E_CALLBACK);
    const state = new URL(url).searchParams.get('state');
    const callback = new URL(E2E_CALLBACK);
    callback.search = new URLSearchParams({
      error: 'access_denied', error_description: 'the user said no', state, iss: `${PROVIDER_ORIGIN}/oidc`,
    }).toString();
    const outcome = await call(page, 'handleSignInCallback', callback.href);
    assert.equal(outcome.ok, false);
    assert.equal(outcome.isLogtoError, true);
    assert.equal(outcome.code, 'callback.provider_error');
    assert.equal(outcome.error, 'access_denied');
  });

  test('an ID token algorithm outside idTokenSigningAlgorithms is refused', { timeout: TEST_TIMEOUT }, async () => {
    // The provider signs with the last algorithm above (EdDSA); allow only ES384.
    await page.goto(E2E_HOME);
    await page.evaluate(() => window.localStorage.setItem('e2e-config', JSON.stringify({ idTokenSigningAlgorithms: ['ES384'] })));
    try {
      await waitForApp(page);
      await page.evaluate(() => window.client.clearAllTokens());
      const callbackUrl = await autoSignIn(page);
      const outcome = await call(page, 'handleSignInCallback', callbackUrl);
      assert.equal(outcome.ok, false);
      assert.equal(outcome.code, 'id_token.algorithm_not_allowed', outcome.message);
      assert.equal(await page.evaluate(() => window.client.isAuthenticated()), false);
    } finally {
      await page.evaluate(() => window.localStorage.removeItem('e2e-config'));
    }
  });

  test('a callback without a pending sign-in is refused', { timeout: TEST_TIMEOUT }, async () => {
    await page.goto(E2E_HOME);
    await waitForApp(page);
    await page.evaluate(() => window.sessionStorage.clear());
    await page.reload();
    await waitForApp(page);
    const before = await sessionKeys(page);
    const outcome = await call(page, 'handleSignInCallback', `${E2E_CALLBACK}?code=abc&state=def&iss=${encodeURIComponent(`${PROVIDER_ORIGIN}/oidc`)}`);
    assert.equal(outcome.ok, false);
    assert.equal(outcome.code, 'callback.no_pending_sign_in', outcome.message);
    assert.deepEqual(await sessionKeys(page), before);
    assert.deepEqual(browser.errors.filter((e) => !e.includes('favicon')), [], 'no console errors from the pages');
  });
});
