// Hostile provider responses other than the ID token, through the real SDK (pkg/) in Chromium:
// a discovery document naming another issuer (rp-discovery-issuer-not-matching-config),
// responses that are not JSON, oversized or endless bodies, a token endpoint that redirects, and userinfo
// for another subject (rp-userinfo-bad-sub-claim). Each refusal has its code, leaves the stored
// session as it was, and a control call succeeds once the provider behaves.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { E2E_CALLBACK, PROVIDER_ORIGIN } from './lib.mjs';
import { API, API2, call, callOk } from './sdk-page.mjs';
import {
  ISSUER, KEYS, TEST_TIMEOUT, assertRefused, controlSignIn, dropProviderCache, except, refusedSignIn,
  requestsTo, snapshot, useRpStack,
} from './rp-helpers.mjs';

const OVER_1_MIB = 1024 * 1024 + 10;
const HTML = '<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>';

describe('hostile discovery, key set, token and userinfo responses in Chromium', { timeout: 420_000 }, () => {
  let stack;
  let page;
  let provider;
  useRpStack((s) => { stack = s; ({ page, provider } = s); }, { pageConfig: { scopes: ['read', 'write'] } });

  /** `method(...args)` is refused with `code` while `switches` are on; storage does not change. */
  async function refusedCall(switches, code, method, ...args) {
    const beforeSnap = await snapshot(page);
    await provider.dev.reset();
    await provider.dev.tamper(switches);
    assertRefused(await call(page, method, ...args), code, `${method} with ${JSON.stringify(switches).slice(0, 80)}`);
    assert.ok((await provider.dev.stats()).tamperedResponses >= 1, 'a tampered response was sent');
    assert.deepEqual(except(await snapshot(page), KEYS.provider), except(beforeSnap, KEYS.provider), 'storage unchanged');
    await provider.dev.tamper({});
  }

  test('rp-discovery-issuer-not-matching-config: sign-in and refresh refused, session kept', { timeout: TEST_TIMEOUT }, async () => {
    for (const [switches, code] of [
      [{ discovery: { issuer: `${PROVIDER_ORIGIN}/evil` } }, 'discovery.issuer_mismatch'],
      [{ discovery: { issuer: `${ISSUER}/` } }, 'discovery.issuer_mismatch'],
      [{ discovery: { raw: HTML } }, 'discovery.invalid_document'],
      [{ discovery: { pad: OVER_1_MIB } }, 'discovery.invalid_document'],
    ]) {
      await dropProviderCache(page);
      await refusedCall(switches, code, 'getSignInUrl', E2E_CALLBACK);
      await refusedCall(switches, code, 'getAccessToken', API2);
      assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'auto-user');
    }
    await controlSignIn(page, provider);
    assert.ok(await callOk(page, 'getAccessToken', API2), 'control: a refresh works');
  });

  test('a key set that is not JSON, or over 1 MiB: the ID token cannot be verified', { timeout: TEST_TIMEOUT }, async () => {
    await refusedSignIn(page, provider, { jwks: { raw: HTML } }, 'jwks.invalid_key_set');
    await refusedSignIn(page, provider, { jwks: { pad: OVER_1_MIB } }, 'jwks.invalid_key_set');
  });

  test('a token response that is not JSON, or over 1 MiB', { timeout: TEST_TIMEOUT }, async () => {
    await refusedSignIn(page, provider, { token: { raw: HTML } }, 'token.invalid_response');
    await refusedSignIn(page, provider, { token: { pad: OVER_1_MIB } }, 'token.invalid_response');
    await controlSignIn(page, provider);
    await callOk(page, 'clearAccessToken');
    await refusedCall({ token: { grant: 'refresh_token', raw: HTML } }, 'token.invalid_response', 'getAccessToken', API);
  });

  test('a token endpoint that redirects: not followed (no request to the target), refused', { timeout: TEST_TIMEOUT }, async () => {
    const sink = `${ISSUER}/token-sink`;
    await refusedSignIn(page, provider, { token: { redirect: sink } }, 'network.request_failed');
    await callOk(page, 'clearAccessToken');
    await refusedCall({ token: { grant: 'refresh_token', redirect: sink } }, 'network.request_failed', 'getAccessToken', API);
    assert.deepEqual(await requestsTo(provider, '/token-sink'), [], 'the redirect target was never requested');
    // The provider rotated the refresh token before redirecting: a new sign-in is the control.
    await controlSignIn(page, provider);
    assert.ok(await callOk(page, 'getAccessToken', API), 'control: a refresh works once the provider behaves');
  });

  test('rp-userinfo-bad-sub-claim, and userinfo that is not JSON', { timeout: TEST_TIMEOUT }, async () => {
    await controlSignIn(page, provider);
    assert.equal((await callOk(page, 'fetchUserInfo')).sub, 'auto-user', 'control');
    await refusedCall({ userinfoSub: 'mallory' }, 'userinfo.sub_mismatch', 'fetchUserInfo');
    await refusedCall({ userinfo: { raw: HTML } }, 'userinfo.invalid_response', 'fetchUserInfo');
    assert.equal((await callOk(page, 'fetchUserInfo')).sub, 'auto-user', 'works again once the provider behaves');
    // Chromium logs each refused redirect (fetch with redirect: 'error') as a failed load: two.
    const refusedRedirects = stack.browser.errors.filter((e) => e.includes('net::ERR_FAILED'));
    assert.equal(refusedRedirects.length, 2, JSON.stringify(stack.browser.errors));
    const unexpected = stack.browser.errors.filter((e) => !e.includes('favicon') && !e.includes('net::ERR_FAILED'));
    assert.deepEqual(unexpected, [], 'no other console errors from the pages');
  });

  test('a userinfo body that never ends: refused at 1 MiB, the rest never downloaded', { timeout: TEST_TIMEOUT }, async () => {
    await controlSignIn(page, provider);
    await refusedCall({ userinfo: { endless: true } }, 'userinfo.invalid_response', 'fetchUserInfo');
    // The provider would send 256 MiB to a client that reads everything; the SDK cancels the
    // stream after 1 MiB + 1 byte, so the provider sees the connection close early.
    let bodies = [];
    for (let i = 0; i < 50 && !bodies[0]?.clientClosed; i += 1) {
      bodies = (await provider.dev.stats()).endlessBodies;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(bodies.length, 1, JSON.stringify(bodies));
    assert.equal(bodies[0].finished, false, 'the provider never got to the end of the body');
    assert.equal(bodies[0].clientClosed, true, 'the client closed the connection');
    assert.ok(bodies[0].bytes < 32 * 1024 * 1024, `sent ${bodies[0].bytes} bytes before the client went away`);
    assert.equal((await callOk(page, 'fetchUserInfo')).sub, 'auto-user', 'works again once the provider behaves');
  });
});
