// Issue 15: pushed authorization requests (RFC 9126) through the real SDK in Chromium against the
// dev provider (oidc-provider's `/oidc/request`, as Logto's). With `pushedAuthorization: true`
// every Logto option reaches the provider by back channel and the browser carries only
// `client_id` and `request_uri`; a provider that requires pushing gets it without the option;
// and each way a push can fail is refused with its code before anything is stored.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { APP_ORIGIN, E2E_CALLBACK } from './lib.mjs';
import { API, call, callOk, setPageConfig } from './sdk-page.mjs';
import {
  KEYS, TEST_TIMEOUT, assertRefused, controlSignIn, dropProviderCache, except, requestsTo, snapshot, startSignIn, useRpStack,
} from './rp-helpers.mjs';

const SCOPES = ['email', 'custom_data', 'identities', 'urn:logto:scope:organizations', 'read', 'write'];

describe('pushed authorization requests (RFC 9126) in Chromium', { timeout: 300_000 }, () => {
  let page;
  let provider;
  useRpStack((s) => { ({ page, provider } = s); }, { pageConfig: { scopes: SCOPES, pushedAuthorization: true } });

  const value = (params, name) => params.filter(([k]) => k === name).map(([, v]) => v);

  /**
   * A sign-in (keeping the session) pushed with these options, completed; returns what the
   * provider received since its last reset.
   */
  async function pushedSignIn(options = {}) {
    const url = await startSignIn(page, options);
    const done = await call(page, 'handleSignInCallback', url);
    assert.equal(done.ok, true, JSON.stringify(done));
    const [push, ...morePushes] = await requestsTo(provider, '/request');
    const auth = await requestsTo(provider, '/auth');
    assert.equal(morePushes.length, 0, 'one push');
    assert.equal(push.method, 'POST');
    assert.equal(auth.length, 1, 'one authorization request');
    return { pushed: push.params, browser: auth[0].params };
  }

  test('every Logto option reaches the provider by back channel; the browser carries client_id and request_uri only', { timeout: TEST_TIMEOUT }, async () => {
    await page.context().clearCookies(); // a fresh provider session: AUTO_LOGIN signs in the login hint's user
    await provider.dev.reset();
    const { pushed, browser } = await pushedSignIn({
      firstScreen: 'identifier:register', identifiers: ['email', 'username'], loginHint: 'par-user',
      directSignIn: { method: 'social', target: 'kakao' }, organizationId: 'org-acme', uiLocales: 'fr-FR',
      oneTimeToken: 'ott-123', maxAge: 600, extraParams: { utm_source: 'e2e', b: '2' },
    });
    assert.deepEqual(browser.map(([k]) => k), ['client_id', 'request_uri']);
    assert.match(value(browser, 'request_uri')[0], /^urn:ietf:params:oauth:request_uri:/);
    for (const [name, expected] of [
      ['client_id', 'logto-wasm-demo'], ['redirect_uri', E2E_CALLBACK], ['code_challenge_method', 'S256'], ['response_type', 'code'],
      ['first_screen', 'identifier:register'], ['identifier', 'email username'], ['login_hint', 'par-user'],
      ['direct_sign_in', 'social:kakao'], ['organization_id', 'org-acme'], ['ui_locales', 'fr-FR'], ['one_time_token', 'ott-123'],
      ['max_age', '600'], ['utm_source', 'e2e'], ['b', '2'], ['prompt', 'consent'],
    ]) {
      assert.deepEqual(value(pushed, name), [expected], name);
    }
    assert.equal(value(pushed, 'state').length, 1);
    assert.equal(value(pushed, 'nonce').length, 1);
    assert.deepEqual(value(pushed, 'resource'), ['https://api.example.com', 'https://api2.example.com', 'urn:logto:resource:organizations']);
    assert.deepEqual(value(pushed, 'scope')[0].split(' ').slice(0, 3), ['openid', 'offline_access', 'profile']);
    // The provider used what was pushed: the login hint chose the user, the resources gave tokens.
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'par-user');
    assert.ok(await callOk(page, 'getAccessToken', API));
    // Back to the suite's user (a fresh provider session: AUTO_LOGIN signs in `auto-user`).
    await page.context().clearCookies();
    await controlSignIn(page, provider);
  });

  test('a provider that requires pushing gets a push without the option', { timeout: TEST_TIMEOUT }, async () => {
    await setPageConfig(page, { scopes: SCOPES });
    try {
      await provider.dev.reset();
      await provider.dev.tamper({ discovery: { set: { require_pushed_authorization_requests: true } } });
      await dropProviderCache(page);
      const { browser } = await pushedSignIn();
      assert.deepEqual(browser.map(([k]) => k), ['client_id', 'request_uri']);
      // Control: without the requirement and the option, the parameters go in the address bar.
      await provider.dev.tamper({});
      await dropProviderCache(page);
      await provider.dev.reset();
      const url = await startSignIn(page);
      assert.equal((await call(page, 'handleSignInCallback', url)).ok, true);
      assert.equal((await requestsTo(provider, '/request')).length, 0, 'nothing pushed');
      assert.ok(value((await requestsTo(provider, '/auth'))[0].params, 'code_challenge').length === 1, 'the parameters in the URL');
    } finally {
      await setPageConfig(page, { scopes: SCOPES, pushedAuthorization: true });
    }
  });

  /**
   * `getSignInUrl` with the provider's `switches` on (metadata fetched afresh) is refused with
   * `code` before anything is stored: no pending sign-in, the session as it was. Then a pushed
   * sign-in works again.
   */
  async function refusedPush(switches, code, options = {}) {
    await dropProviderCache(page);
    await provider.dev.reset();
    await provider.dev.tamper(switches);
    const { sub } = await callOk(page, 'getIdTokenClaims');
    const before = await snapshot(page);
    const out = await call(page, 'getSignInUrl', { redirectUri: E2E_CALLBACK, clearTokens: false, ...options });
    assertRefused(out, code, 'getSignInUrl');
    const after = await snapshot(page);
    assert.equal(after.session[KEYS.transaction], undefined, 'no pending sign-in stored');
    assert.deepEqual(except(after, KEYS.provider), except(before, KEYS.provider), 'storage as it was (the provider cache aside)');
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, sub, 'still signed in as before');
    await provider.dev.tamper({});
    await dropProviderCache(page);
    await controlSignIn(page, provider);
    return out;
  }

  test('par.unsupported: pushing asked for, no endpoint in the metadata', { timeout: TEST_TIMEOUT }, async () => {
    await refusedPush({ discovery: { set: { pushed_authorization_request_endpoint: null } } }, 'par.unsupported');
    assert.equal((await requestsTo(provider, '/request')).length, 1, 'only the control sign-in pushed');
  });

  test('par.unsupported: the provider requires pushing and names no endpoint', { timeout: TEST_TIMEOUT }, async () => {
    await setPageConfig(page, { scopes: SCOPES });
    try {
      await refusedPush({ discovery: { set: { pushed_authorization_request_endpoint: null, require_pushed_authorization_requests: true } } }, 'par.unsupported');
    } finally {
      await setPageConfig(page, { scopes: SCOPES, pushedAuthorization: true });
    }
  });

  test('par.provider_error: the provider refuses the push (an unregistered redirect URI), with its OAuth error', { timeout: TEST_TIMEOUT }, async () => {
    const out = await refusedPush({}, 'par.provider_error', { redirectUri: `${APP_ORIGIN}/unregistered/callback` });
    assert.equal(out.error, 'invalid_request');
    assert.match(out.message, /redirect_uri did not match/, 'the provider\'s error_description is in the message');
  });

  test('par.invalid_response and par.http_error: an answer that is not RFC 9126 §2.2', { timeout: TEST_TIMEOUT }, async () => {
    await refusedPush({ par: { raw: '<!DOCTYPE html><p>Welcome</p>' } }, 'par.invalid_response');
    await refusedPush({ par: { status: 200 } }, 'par.http_error');
  });
});
