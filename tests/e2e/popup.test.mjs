// Issue 15: sign-in in a popup window (`signInWithPopup`) through the real SDK in Chromium against
// the dev provider, its sign-in form shown in the popup (no AUTO_LOGIN): the page stays where it
// is; the answer comes back over the popup's callback page (`completePopupSignIn`) also when the
// provider's pages send `Cross-Origin-Opener-Policy: same-origin`, which severs the popup from the
// page; a popup the user closes rejects promptly with `popup.user_cancelled` (or, once COOP has
// severed it, with `popup.timeout`); a blocked popup rejects with `popup.blocked`; an
// answer to another sign-in is ignored. Nothing is stored when it fails.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { APP_ORIGIN, PROVIDER_ORIGIN, startStack, stopStack } from './lib.mjs';
import { NAV_TIMEOUT, call, callOk, openApp } from './sdk-page.mjs';
import { KEYS, TEST_TIMEOUT, assertRefused, except, requestsTo, snapshot } from './rp-helpers.mjs';

const POPUP_CALLBACK = `${APP_ORIGIN}/e2e/popup-callback.html`;
const CHANNEL = 'logto-wasm:popup-callback';

/** Starts `signInWithPopup(options)` in `page`; returns the popup's page and the call's outcome (a Promise). */
async function startPopupSignIn(page, options = { redirectUri: POPUP_CALLBACK }) {
  const popupOpened = page.waitForEvent('popup');
  const outcome = call(page, 'signInWithPopup', options);
  const popup = await popupOpened;
  return { popup, outcome };
}

/** Signs in as `username` on the provider's form shown in `popup`. */
async function signInOnForm(popup, username) {
  await popup.waitForURL((u) => u.pathname.startsWith('/interaction/'), { timeout: NAV_TIMEOUT });
  await popup.fill('#username', username);
  await popup.click('#submit');
}

describe('sign-in in a popup in Chromium', { timeout: 300_000 }, () => {
  let stack;
  let page;
  let provider;
  before(async () => {
    stack = await startStack({ autoLogin: false });
    ({ page, provider } = stack);
  });
  after(() => stopStack(stack));

  /** Signed out here and at the provider, on the test page. */
  async function signedOut() {
    await page.context().clearCookies();
    await openApp(page);
    await callOk(page, 'clearAllTokens');
    await provider.dev.reset();
  }

  test('signs in in the popup; the page stays, the popup closes', { timeout: TEST_TIMEOUT }, async () => {
    await signedOut();
    const address = page.url();
    const { popup, outcome } = await startPopupSignIn(page);
    await popup.waitForURL((u) => u.pathname.startsWith('/interaction/'), { timeout: NAV_TIMEOUT });
    assert.equal(await popup.evaluate(() => window.opener !== null), true, 'no COOP: the popup keeps its opener');
    await signInOnForm(popup, 'popup-user');
    const out = await outcome;
    assert.equal(out.ok, true, JSON.stringify(out));
    await popup.waitForEvent('close', { timeout: 5000 }).catch(() => {});
    assert.equal(popup.isClosed(), true, 'the popup is closed');
    assert.equal(page.url(), address, 'the page stayed');
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'popup-user');
    assert.equal(await callOk(page, 'getSessionRenewal'), 'refreshToken', 'a consented sign-in: with a refresh token');
    const [auth] = await requestsTo(provider, '/auth');
    assert.equal(Object.fromEntries(auth.params).redirect_uri, POPUP_CALLBACK);
    assert.equal((await snapshot(page)).session[KEYS.transaction], undefined, 'no transaction was stored');
  });

  test('with COOP on the provider\'s pages: severed, and still signed in through the callback page\'s message', { timeout: TEST_TIMEOUT }, async () => {
    await signedOut();
    await provider.dev.pages({ coop: 'same-origin' });
    const { popup, outcome } = await startPopupSignIn(page);
    await popup.waitForURL((u) => u.pathname.startsWith('/interaction/'), { timeout: NAV_TIMEOUT });
    assert.equal(await popup.evaluate(() => window.opener), null, 'COOP severed the popup from the page');
    await signInOnForm(popup, 'coop-user');
    const out = await outcome;
    assert.equal(out.ok, true, JSON.stringify(out));
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'coop-user');
    await popup.waitForEvent('close', { timeout: 5000 }).catch(() => {});
    assert.equal(popup.isClosed(), true, 'the callback page closed the popup');
  });

  test('a popup the user closes rejects with popup.user_cancelled within a second; nothing stored', { timeout: TEST_TIMEOUT }, async () => {
    await signedOut();
    const before = await snapshot(page);
    const { popup, outcome } = await startPopupSignIn(page);
    await popup.waitForURL((u) => u.pathname.startsWith('/interaction/'), { timeout: NAV_TIMEOUT });
    await popup.waitForTimeout(300); // seen on the provider's page by the poll
    const closedAt = Date.now();
    await popup.close();
    const out = await outcome;
    const after = Date.now() - closedAt;
    assertRefused(out, 'popup.user_cancelled', 'a closed popup');
    assert.ok(after < 1500, `rejected ${after} ms after the popup closed`);
    assert.deepEqual(except(await snapshot(page), KEYS.provider), except(before, KEYS.provider), 'nothing stored');
    assert.equal(await callOk(page, 'isAuthenticated'), false);
  });

  test('a popup closed after COOP severed it ends with popup.timeout; nothing stored', { timeout: TEST_TIMEOUT }, async () => {
    await signedOut();
    await provider.dev.pages({ coop: 'same-origin' });
    const before = await snapshot(page);
    const started = Date.now();
    const { popup, outcome } = await startPopupSignIn(page, { redirectUri: POPUP_CALLBACK, timeoutInSeconds: 3 });
    await popup.waitForURL((u) => u.pathname.startsWith('/interaction/'), { timeout: NAV_TIMEOUT });
    await popup.close();
    const out = await outcome;
    const elapsed = Date.now() - started;
    assertRefused(out, 'popup.timeout', 'a severed popup closed');
    assert.ok(elapsed >= 2900 && elapsed < 10_000, `after the timeout: ${elapsed} ms`);
    assert.deepEqual(except(await snapshot(page), KEYS.provider), except(before, KEYS.provider), 'nothing stored');
  });

  test('an answer to another sign-in on the channel is ignored', { timeout: TEST_TIMEOUT }, async () => {
    await signedOut();
    const { popup, outcome } = await startPopupSignIn(page);
    await popup.waitForURL((u) => u.pathname.startsWith('/interaction/'), { timeout: NAV_TIMEOUT });
    // A same-origin page posts a callback for another transaction (and junk): not this sign-in's answer.
    await page.evaluate(({ channel, uri }) => {
      const c = new BroadcastChannel(channel);
      c.postMessage(`${uri}?code=forged&state=another-sign-in`);
      c.postMessage({ url: `${uri}?code=forged` });
      c.postMessage('not a url');
      c.close();
    }, { channel: CHANNEL, uri: POPUP_CALLBACK });
    await popup.waitForTimeout(500);
    assert.equal((await requestsTo(provider, '/token')).length, 0, 'no code exchange for the forged answer');
    await signInOnForm(popup, 'popup-user');
    const out = await outcome;
    assert.equal(out.ok, true, JSON.stringify(out));
    const exchanges = await requestsTo(provider, '/token');
    assert.equal(exchanges.length, 1);
    assert.notEqual(Object.fromEntries(exchanges[0].params).code, 'forged');
  });

  test('concurrent calls share one popup and one sign-in', { timeout: TEST_TIMEOUT }, async () => {
    await signedOut();
    const popupOpened = page.waitForEvent('popup');
    const both = page.evaluate(async (uri) => {
      const all = await Promise.allSettled([window.client.signInWithPopup(uri), window.client.signInWithPopup({ redirectUri: uri })]);
      return all.map((r) => r.status);
    }, POPUP_CALLBACK);
    const popup = await popupOpened;
    await signInOnForm(popup, 'popup-user');
    assert.deepEqual(await both, ['fulfilled', 'fulfilled']);
    assert.equal((await requestsTo(provider, '/auth')).length, 1);
    assert.equal((await requestsTo(provider, '/token')).length, 1);
    await popup.waitForEvent('close', { timeout: 5000 }).catch(() => {});
    assert.equal(popup.isClosed(), true, 'no popup left open');
  });

  test('invalid options close the popup at once and store nothing', { timeout: TEST_TIMEOUT }, async () => {
    await signedOut();
    for (const [options, code] of [
      [{ redirectUri: POPUP_CALLBACK, timeoutInSeconds: 0 }, 'sign_in.invalid_option'],
      [{ redirectUri: 'not a url' }, 'sign_in.invalid_redirect_uri'],
    ]) {
      const before = await snapshot(page);
      const { popup, outcome } = await startPopupSignIn(page, options);
      assertRefused(await outcome, code, JSON.stringify(options));
      await popup.waitForEvent('close', { timeout: 5000 }).catch(() => {});
      assert.equal(popup.isClosed(), true, 'the popup is closed');
      assert.deepEqual(except(await snapshot(page), KEYS.provider), except(before, KEYS.provider));
    }
    assert.equal((await requestsTo(provider, '/auth')).length, 0);
  });

  test('a blocked popup: popup.blocked, no request, nothing stored', { timeout: TEST_TIMEOUT }, async () => {
    // Headless Chromium has no popup blocker (window.open succeeds without a user gesture, also
    // without Playwright's --disable-popup-blocking: checked). What a blocker does is reproduced:
    // window.open returns null.
    await signedOut();
    const before = await snapshot(page);
    await page.evaluate(() => { window.open = () => null; });
    const out = await call(page, 'signInWithPopup', { redirectUri: POPUP_CALLBACK });
    assertRefused(out, 'popup.blocked', 'a blocked popup');
    assert.equal((await requestsTo(provider, '/auth')).length, 0, 'no request');
    assert.deepEqual(await snapshot(page), before, 'nothing stored');
    assert.equal(page.context().pages().length, 1, 'no popup');
  });

  test('without BroadcastChannel: popup.unavailable, the popup closed, nothing stored', { timeout: TEST_TIMEOUT }, async () => {
    await signedOut();
    const before = await snapshot(page);
    await page.evaluate(() => { window.BroadcastChannel = undefined; });
    const { popup, outcome } = await startPopupSignIn(page);
    assertRefused(await outcome, 'popup.unavailable', 'no BroadcastChannel');
    await popup.waitForEvent('close', { timeout: 5000 }).catch(() => {});
    assert.equal(popup.isClosed(), true, 'the popup is closed');
    assert.deepEqual(except(await snapshot(page), KEYS.provider), except(before, KEYS.provider), 'nothing stored');
    // The callback page's side too: it cannot hand the answer over.
    const out = await page.evaluate(async (uri) => {
      try {
        return { ok: true, value: window.sdk.completePopupSignIn(`${uri}?code=c&state=s`) };
      } catch (e) {
        return { ok: false, isLogtoError: e instanceof window.sdk.LogtoError, code: e.code, message: e.message };
      }
    }, POPUP_CALLBACK);
    assertRefused(out, 'popup.unavailable', 'completePopupSignIn without BroadcastChannel');
  });

  test('through the npm entry, called before its module is loaded; completePopupSignIn elsewhere does nothing', { timeout: TEST_TIMEOUT }, async () => {
    await signedOut();
    await page.evaluate(() => window.localStorage.setItem('e2e-entry', 'npm'));
    try {
      // A page without the SDK: the entry is imported and signInWithPopup called at once, so the
      // entry opens the popup itself (the module is still loading).
      await page.goto(`${APP_ORIGIN}/e2e/silent-callback.html`);
      const popupOpened = page.waitForEvent('popup');
      const outcome = page.evaluate(async ({ endpoint, uri }) => {
        const { LogtoClient } = await import('/npm/index.js');
        window.client = new LogtoClient({ endpoint, appId: 'logto-wasm-demo' });
        try {
          await window.client.signInWithPopup(uri);
          return { ok: true, sub: (await window.client.getIdTokenClaims()).sub };
        } catch (e) {
          return { ok: false, code: e.code, message: e.message };
        }
      }, { endpoint: PROVIDER_ORIGIN, uri: POPUP_CALLBACK });
      const popup = await popupOpened;
      await signInOnForm(popup, 'npm-user');
      assert.deepEqual(await outcome, { ok: true, sub: 'npm-user' });
      // On a page that is no callback, completePopupSignIn does nothing (and the page stays open).
      assert.equal(await page.evaluate(async () => (await import('/npm/index.js')).completePopupSignIn()), false);
      assert.equal(page.isClosed(), false);
    } finally {
      await page.evaluate(() => window.localStorage.removeItem('e2e-entry'));
    }
  });
});
