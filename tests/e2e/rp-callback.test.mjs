// Callback defences through the real SDK (pkg/) in Chromium, after RFC 9700 (OAuth 2.0 Security
// Best Current Practice) and RFC 9207 (authorization server issuer identification): CSRF
// (state), mix-up (iss), error and parameter injection, authorization code injection (PKCE)
// and replay, and the code's removal from the address bar. Every refused callback leaves
// storage as it was (before the code exchange: untouched, pending sign-in included), and the
// genuine callback still completes afterwards.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  APP_ORIGIN, APP_PORT, E2E_CALLBACK, authorize,
} from './lib.mjs';
import { call, callOk, openApp, waitForApp } from './sdk-page.mjs';
import {
  ISSUER, KEYS, TEST_TIMEOUT, controlSignIn, refusedCallback, requestsTo, snapshot, startSignIn, useRpStack,
} from './rp-helpers.mjs';

describe('callback defences in Chromium (RFC 9700, RFC 9207)', { timeout: 300_000 }, () => {
  let stack;
  let page;
  let provider;
  useRpStack((s) => { stack = s; ({ page, provider } = s); });

  const variant = (url, edit) => {
    const u = new URL(url);
    edit(u.searchParams);
    return u.href;
  };

  test('forged callbacks are refused before any token request, and the genuine one still completes', { timeout: TEST_TIMEOUT }, async () => {
    const url = await startSignIn(page);
    await provider.dev.reset();
    const cases = [
      ['CSRF: another state', variant(url, (p) => p.set('state', 'forged-state')), 'callback.state_mismatch'],
      ['CSRF: no state', variant(url, (p) => p.delete('state')), 'callback.missing_state'],
      ['mix-up: another issuer', variant(url, (p) => p.set('iss', 'http://localhost:4000/oidc')), 'callback.iss_mismatch'],
      ['mix-up: iss missing although advertised', variant(url, (p) => p.delete('iss')), 'callback.missing_iss'],
      ['error injection with a forged state', variant(url, (p) => { p.delete('code'); p.set('error', 'access_denied'); p.set('state', 'x'); }), 'callback.state_mismatch'],
      ['a second code appended', `${url}&code=injected`, 'callback.duplicate_parameter'],
      ['a second state prepended', url.replace('?', '?state=forged&'), 'callback.duplicate_parameter'],
      ['a second iss', `${url}&iss=${encodeURIComponent(ISSUER)}`, 'callback.duplicate_parameter'],
      ['another redirect path', url.replace('/e2e/callback?', '/e2e/callback/other?'), 'callback.redirect_uri_mismatch'],
      ['another origin', url.replace(APP_ORIGIN, `http://127.0.0.1:${APP_PORT}`), 'callback.redirect_uri_mismatch'],
      ['no code', variant(url, (p) => p.delete('code')), 'callback.missing_code'],
      ['not a URL', 'javascript:alert(1)//?code=a&state=b', 'callback.invalid_url'],
    ];
    for (const [what, forged, code] of cases) {
      await refusedCallback(page, forged, code, { transactionKept: true }).catch((err) => {
        throw new Error(`${what}: ${err.message}`);
      });
    }
    assert.deepEqual(await requestsTo(provider, '/token'), [], 'no code exchange for any of them');

    const done = await call(page, 'handleSignInCallback', url);
    assert.equal(done.ok, true, JSON.stringify(done));
    assert.equal((await requestsTo(provider, '/token')).length, 1);
    const cleaned = new URL(page.url());
    for (const p of ['code', 'state', 'iss']) assert.equal(cleaned.searchParams.has(p), false, `${p} removed from the address bar: ${cleaned}`);
    assert.equal((await snapshot(page)).session[KEYS.transaction], undefined, 'the pending sign-in is consumed');
  });

  test('code replay: the callback URL again (same page, reload, history) exchanges nothing', { timeout: TEST_TIMEOUT }, async () => {
    const url = await startSignIn(page);
    assert.equal((await call(page, 'handleSignInCallback', url)).ok, true);
    await provider.dev.reset();
    // The same page: the handled callback resolves again without a request.
    assert.equal((await call(page, 'handleSignInCallback', url)).ok, true);
    assert.deepEqual(await requestsTo(provider, '/token'), []);
    // The callback URL loaded again (reload, back button): no pending sign-in any more.
    await page.goto(url);
    await waitForApp(page);
    const before = await snapshot(page);
    const out = await call(page, 'handleSignInCallback', url);
    assert.equal(out.code, 'callback.no_pending_sign_in', JSON.stringify(out));
    assert.deepEqual(await snapshot(page), before, 'storage untouched');
    assert.deepEqual(await requestsTo(provider, '/token'), [], 'the code is never sent twice');
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'auto-user');
  });

  test('code injection: an attacker\'s code in the victim\'s callback fails PKCE at the provider', { timeout: TEST_TIMEOUT }, async () => {
    const url = await startSignIn(page);
    // The attacker's own authorization (its own PKCE verifier and nonce), for its own account.
    const attacker = await authorize(ISSUER, { redirectUri: E2E_CALLBACK, params: { login_hint: 'mallory' } });
    const stolenCode = new URL(attacker.callbackUrl).searchParams.get('code');
    assert.ok(stolenCode);
    await provider.dev.reset();
    const { out } = await refusedCallback(page, variant(url, (p) => p.set('code', stolenCode)), 'token.provider_error');
    assert.equal(out.error, 'invalid_grant', JSON.stringify(out));
    const sent = await requestsTo(provider, '/token');
    assert.equal(sent.length, 1);
    assert.equal(sent[0].status, 400);
    assert.equal(Object.fromEntries(sent[0].params).code_verifier?.length >= 43, true, 'the victim\'s verifier was sent');
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'auto-user', 'still the victim\'s own session');
    await controlSignIn(page, provider);
  });

  test('a callback opened in another tab (no pending sign-in there) is refused', { timeout: TEST_TIMEOUT }, async () => {
    const url = await startSignIn(page);
    const other = await stack.browser.context.newPage();
    try {
      await openApp(other);
      const before = await snapshot(other);
      await provider.dev.reset();
      const out = await call(other, 'handleSignInCallback', url);
      assert.equal(out.code, 'callback.no_pending_sign_in', JSON.stringify(out));
      assert.deepEqual(await snapshot(other), before);
      assert.deepEqual(await requestsTo(provider, '/token'), []);
    } finally {
      await other.close();
    }
    // The tab that started it completes it.
    assert.equal((await call(page, 'handleSignInCallback', url)).ok, true);
    // Only the provider's 400 for the injected code (Chromium logs failed fetches).
    const unexpected = stack.browser.errors.filter((e) => !e.includes('favicon') && !e.includes('status of 400 (Bad Request)'));
    assert.deepEqual(unexpected, [], 'no other console errors from the pages');
  });
});
