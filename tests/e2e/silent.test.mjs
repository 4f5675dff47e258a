// Issue 15: silent sign-in (`prompt=none`) through the real SDK in Chromium against the dev
// provider (oidc-provider configured like Logto: its pages refuse framing, `offline_access` only
// with a consent prompt, so a silent sign-in brings no refresh token).
//
// - In a hidden frame (`signInSilently`): signed in with no page shown while the provider has a
//   session; `callback.login_required` / `callback.consent_required` otherwise, with storage as it
//   was; a provider page in the frame is a `silent_sign_in.timeout`; the frame is always removed.
// - The session it makes has no refresh token and says so (`getSessionRenewal()`): its access
//   tokens come from more silent sign-ins, for the same user only; once the provider's session
//   is gone, the next one signs out.
// - By top-level redirect (`signIn({ prompt: 'none' })`): the same answers through
//   `handleSignInCallback`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { APP_ORIGIN, PROVIDER_ORIGIN } from './lib.mjs';
import { API, API2, call, callOk, openApp, setPageConfig } from './sdk-page.mjs';
import {
  KEYS, TEST_TIMEOUT, assertRefused, controlSignIn, except, requestsTo, snapshot, startSignIn, useRpStack,
} from './rp-helpers.mjs';

const SILENT_CALLBACK = `${APP_ORIGIN}/e2e/silent-callback.html`;
const DEFAULT_SCOPES = ['email', 'custom_data', 'identities', 'urn:logto:scope:organizations'];

/** The JWT's payload. */
const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

describe('silent sign-in (prompt=none) in Chromium', { timeout: 300_000 }, () => {
  let page;
  let provider;
  useRpStack((s) => { ({ page, provider } = s); });

  const frames = () => page.evaluate(() => document.querySelectorAll('iframe').length);

  /** Signs the page out locally (the provider's session stays) and checks it. */
  async function signedOutLocally() {
    await openApp(page);
    await callOk(page, 'clearAllTokens');
    assert.equal(await callOk(page, 'isAuthenticated'), false);
  }

  /** `signInSilently(options)` refused with `code`: storage as it was but the provider cache, no frame left. */
  async function refusedSilently(options, code) {
    const before = await snapshot(page);
    const out = await call(page, 'signInSilently', options);
    assertRefused(out, code, 'signInSilently');
    assert.deepEqual(except(await snapshot(page), KEYS.provider), except(before, KEYS.provider), 'nothing stored, nothing removed');
    assert.equal(await frames(), 0, 'the frame is removed');
    return out;
  }

  test('with a session at the provider: signed in in a hidden frame, no page shown, no refresh token', { timeout: TEST_TIMEOUT }, async () => {
    await signedOutLocally();
    const address = page.url();
    await provider.dev.reset();
    await callOk(page, 'signInSilently', { redirectUri: SILENT_CALLBACK });
    assert.equal(await callOk(page, 'isAuthenticated'), true);
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'auto-user');
    assert.equal(page.url(), address, 'the page stayed where it was');
    assert.equal(await frames(), 0, 'the frame is removed');

    const auth = await requestsTo(provider, '/auth');
    assert.equal(auth.length, 1, 'one authorization request');
    const sent = Object.fromEntries(auth[0].params);
    assert.equal(sent.prompt, 'none');
    assert.equal(sent.redirect_uri, SILENT_CALLBACK);
    assert.equal(auth[0].status, 303, 'answered by redirect');
    const all = await provider.dev.requests();
    assert.equal(all.filter((r) => r.path.startsWith('/oidc/auth/')).length, 0, 'no interaction: no page was shown');
    assert.deepEqual((await requestsTo(provider, '/token')).map((r) => r.grant_type), ['authorization_code']);

    // Like Logto, the provider issues no refresh token without a consent prompt; the session says so.
    assert.equal(await callOk(page, 'getRefreshToken'), null);
    assert.equal(await callOk(page, 'getSessionRenewal'), 'silentSignIn');
    const stored = JSON.parse((await snapshot(page)).session[KEYS.session]);
    assert.equal(stored.refresh_token, undefined);
    assert.equal(stored.silent_redirect_uri, SILENT_CALLBACK);
  });

  test('a session without refresh token gets its access tokens by more silent sign-ins, for the same user', { timeout: TEST_TIMEOUT }, async () => {
    assert.equal(await callOk(page, 'getSessionRenewal'), 'silentSignIn', 'the session of the test before');
    const claimsBefore = await callOk(page, 'getIdTokenClaims');
    await provider.dev.reset();
    const [token, again] = await Promise.all([callOk(page, 'getAccessToken', API), callOk(page, 'getAccessToken', API)]);
    assert.equal(again, token, 'concurrent calls share one silent sign-in');
    assert.equal(claimsOf(token).aud, API);
    assert.equal(claimsOf(token).sub, 'auto-user');
    const auth = await requestsTo(provider, '/auth');
    assert.equal(auth.length, 1, 'one hidden frame');
    assert.equal(Object.fromEntries(auth[0].params).prompt, 'none');
    const exchanges = await requestsTo(provider, '/token');
    assert.equal(exchanges.length, 1);
    assert.equal(exchanges[0].grant_type, 'authorization_code');
    assert.deepEqual(exchanges[0].params.filter(([k]) => k === 'resource'), [['resource', API]]);
    assert.equal(await frames(), 0);
    // The session goes on: same user, a new ID token, the first access token kept, still no refresh token.
    const claimsAfter = await callOk(page, 'getIdTokenClaims');
    assert.equal(claimsAfter.sub, claimsBefore.sub);
    assert.notEqual(claimsAfter.nonce, claimsBefore.nonce, 'the ID token of the new sign-in');
    assert.equal(await callOk(page, 'getAccessToken', API), token, 'cached now');
    const stored = JSON.parse((await snapshot(page)).session[KEYS.session]);
    assert.deepEqual(Object.keys(stored.access_tokens).sort(), [' ', `${API} `], 'the cache keys: resource, space, organization');
    assert.equal(await callOk(page, 'getSessionRenewal'), 'silentSignIn');
    assert.equal((await requestsTo(provider, '/auth')).length, 1, 'no other frame');
  });

  test('another user signed in at the provider: the renewal is refused and the session kept', { timeout: TEST_TIMEOUT }, async () => {
    assert.equal(await callOk(page, 'getSessionRenewal'), 'silentSignIn');
    // Another user at the provider: a fresh provider session through a sign-in with a login hint
    // (the AUTO_LOGIN provider signs the hint's user in), not completed here.
    await page.context().clearCookies();
    await openApp(page);
    const signInUrl = await callOk(page, 'getSignInUrl', { redirectUri: SILENT_CALLBACK, loginHint: 'someone-else', clearTokens: false });
    await page.goto(signInUrl);
    await page.waitForURL((u) => u.href.startsWith(`${SILENT_CALLBACK}?`), { timeout: 15_000 });
    await openApp(page);
    const before = await snapshot(page);
    const out = await call(page, 'getAccessToken', API2);
    assertRefused(out, 'id_token.subject_changed', 'renewal as another user');
    assert.equal((await snapshot(page)).session[KEYS.session], before.session[KEYS.session], 'the session is kept');
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'auto-user');
  });

  test('once the provider session is gone, the next renewal is login_required and signs out', { timeout: TEST_TIMEOUT }, async () => {
    assert.equal(await callOk(page, 'getSessionRenewal'), 'silentSignIn');
    await page.context().clearCookies();
    const out = await call(page, 'getAccessToken', API2);
    assertRefused(out, 'callback.login_required', 'renewal without a provider session');
    assert.equal(out.error, 'login_required');
    assert.equal(await callOk(page, 'isAuthenticated'), false);
    assert.equal((await snapshot(page)).session[KEYS.session], undefined, 'the session is cleared');
    assert.equal(await callOk(page, 'getSessionRenewal'), null);
  });

  test('without a session at the provider: callback.login_required, nothing stored, a local session kept', { timeout: TEST_TIMEOUT }, async () => {
    await controlSignIn(page, provider);
    await page.context().clearCookies();
    await openApp(page);
    const out = await refusedSilently({ redirectUri: SILENT_CALLBACK }, 'callback.login_required');
    assert.equal(out.error, 'login_required');
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'auto-user', 'the local session stays');
    assert.equal(await callOk(page, 'getSessionRenewal'), 'refreshToken');
    await callOk(page, 'clearAllTokens');
    await refusedSilently(SILENT_CALLBACK, 'callback.login_required');
    assert.equal(await callOk(page, 'isAuthenticated'), false);
  });

  test('a scope never consented to: callback.consent_required', { timeout: TEST_TIMEOUT }, async () => {
    await controlSignIn(page, provider);
    await setPageConfig(page, { scopes: [...DEFAULT_SCOPES, 'phone'] });
    try {
      await openApp(page);
      await callOk(page, 'clearAllTokens');
      const out = await refusedSilently({ redirectUri: SILENT_CALLBACK }, 'callback.consent_required');
      assert.equal(out.error, 'consent_required');
    } finally {
      await setPageConfig(page, {});
    }
  });

  test('a provider page in the frame (the redirect URI is not registered): silent_sign_in.timeout', { timeout: TEST_TIMEOUT }, async () => {
    await controlSignIn(page, provider);
    await callOk(page, 'clearAllTokens');
    // The provider shows its error page, which refuses framing, as Logto's pages do.
    const unregistered = `${APP_ORIGIN}/e2e/not-registered.html`;
    const auth = new URL(`${PROVIDER_ORIGIN}/oidc/auth`);
    auth.search = new URLSearchParams({ client_id: 'logto-wasm-demo', redirect_uri: unregistered, response_type: 'code', scope: 'openid' });
    const page400 = await fetch(auth, { redirect: 'manual' });
    assert.equal(page400.status, 400);
    assert.match(page400.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);

    const started = Date.now();
    const out = await refusedSilently({ redirectUri: unregistered, timeoutInSeconds: 1.5 }, 'silent_sign_in.timeout');
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 1400 && elapsed < 8000, `rejected after the timeout: ${elapsed} ms`);
    assert.match(out.message, /no answer in time/);
  });

  test('concurrent silent sign-ins share one frame', { timeout: TEST_TIMEOUT }, async () => {
    await controlSignIn(page, provider);
    await callOk(page, 'clearAllTokens');
    await provider.dev.reset();
    const outcomes = await page.evaluate(async (uri) => {
      const all = await Promise.allSettled([window.client.signInSilently(uri), window.client.signInSilently({ redirectUri: uri })]);
      return all.map((r) => r.status);
    }, SILENT_CALLBACK);
    assert.deepEqual(outcomes, ['fulfilled', 'fulfilled']);
    assert.equal((await requestsTo(provider, '/auth')).length, 1);
    assert.equal((await requestsTo(provider, '/token')).length, 1);
    assert.equal(await callOk(page, 'isAuthenticated'), true);
  });

  test('invalid options and a page without a body are refused before any request', { timeout: TEST_TIMEOUT }, async () => {
    await openApp(page);
    await provider.dev.reset();
    for (const timeoutInSeconds of [0, -1, 601, 'soon', null]) {
      const out = await call(page, 'signInSilently', { redirectUri: SILENT_CALLBACK, timeoutInSeconds });
      assertRefused(out, 'sign_in.invalid_option', `timeoutInSeconds ${timeoutInSeconds}`);
    }
    assertRefused(await call(page, 'signInSilently', 42), 'sign_in.invalid_option', 'a number');
    assertRefused(await call(page, 'signInSilently', { redirectUri: 'not a url' }), 'sign_in.invalid_redirect_uri', 'a bad redirect URI');
    assert.equal((await requestsTo(provider, '/auth')).length, 0);
    // Called before the document has a body (a script in <head>): nowhere to put the frame.
    const before = await snapshot(page);
    const out = await page.evaluate(async (uri) => {
      document.body.remove();
      try {
        await window.client.signInSilently(uri);
        return { ok: true };
      } catch (err) {
        return { ok: false, isLogtoError: err instanceof window.sdk.LogtoError, code: err.code, message: err.message };
      }
    }, SILENT_CALLBACK);
    assertRefused(out, 'silent_sign_in.unavailable', 'no document body');
    assert.deepEqual(except(await snapshot(page), KEYS.provider), except(before, KEYS.provider));
  });

  test('by top-level redirect: signIn({ prompt: "none" }) and handleSignInCallback', { timeout: TEST_TIMEOUT }, async () => {
    await controlSignIn(page, provider);
    // With a provider session: back with a code, no page shown.
    await provider.dev.reset();
    const url = await startSignIn(page, { prompt: 'none' });
    assert.ok(new URL(url).searchParams.get('code'));
    assert.equal((await provider.dev.requests()).filter((r) => r.path.startsWith('/oidc/auth/')).length, 0, 'no page was shown');
    const done = await call(page, 'handleSignInCallback', url);
    assert.equal(done.ok, true, JSON.stringify(done));
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'auto-user');
    // Without one: login_required through handleSignInCallback; the session of before stays.
    await page.context().clearCookies();
    const refused = await startSignIn(page, { prompt: 'none' });
    assert.equal(new URL(refused).searchParams.get('error'), 'login_required');
    const before = await snapshot(page);
    const out = await call(page, 'handleSignInCallback', refused);
    assertRefused(out, 'callback.login_required', 'redirect answer');
    assert.deepEqual(await snapshot(page), before, 'storage as it was');
    assert.equal(await callOk(page, 'isAuthenticated'), true);
    await controlSignIn(page, provider);
  });
});
