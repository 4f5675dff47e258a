// Hostile ID tokens and key sets through the real SDK (pkg/) in Chromium: the OpenID Foundation
// RP test plan cases (Basic and Config profiles) and OIDC Core §3.1.3.7, with the dev provider's
// /__dev/tamper switches rebuilding the ID token or the key set. Every refusal is asserted by
// its LogtoError code, leaves the stored session exactly as it was (a sign-in with
// clearTokens: false keeps the previous session), and is followed by a control sign-in that
// succeeds. The same cases are checked natively in src/core/rp_tests.rs; SECURITY.md maps both.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  PROVIDER_ORIGIN, startProvider,
} from './lib.mjs';
import { API, call, callOk, jwtClaims, waitForApp } from './sdk-page.mjs';
import {
  ISSUER, KEYS, TEST_TIMEOUT, assertNoPrivateKeyMaterial, assertRefused, controlSignIn, dropProviderCache,
  except, refusedCallback, refusedSignIn as refusedSignInWith, requestsTo, snapshot, startSignIn, useRpStack,
} from './rp-helpers.mjs';

describe('hostile ID tokens and key sets at sign-in and refresh (OpenID RP test plan)', { timeout: 600_000 }, () => {
  let stack;
  let page;
  let provider;
  useRpStack((s) => { stack = s; ({ page, provider } = s); }, { providerOptions: { alg: 'RS256' }, pageConfig: { scopes: ['read', 'write'] } });

  const refusedSignIn = (switches, code) => refusedSignInWith(page, provider, switches, code);

  test('rp-id_token-bad-sig-rs256: signed by another RSA key under the provider\'s kid', { timeout: TEST_TIMEOUT }, async () => {
    await refusedSignIn({ idToken: { key: 'stranger' } }, 'id_token.invalid_signature');
  });

  test('rp-id_token-sig-none: alg none', { timeout: TEST_TIMEOUT }, async () => {
    await refusedSignIn({ idToken: { key: 'none' } }, 'id_token.algorithm_not_allowed');
  });

  test('explicit typing (RFC 8725 §3.11): a JWT typed as an access token (at+jwt) is not an ID token', { timeout: TEST_TIMEOUT }, async () => {
    await refusedSignIn({ idToken: { header: { typ: 'at+jwt' } } }, 'id_token.unexpected_type');
  });

  test('rp-id_token-issuer-mismatch', { timeout: TEST_TIMEOUT }, async () => {
    await refusedSignIn({ idToken: { claims: { iss: `${PROVIDER_ORIGIN}/evil` } } }, 'id_token.issuer_mismatch');
  });

  test('rp-id_token-aud: another audience', { timeout: TEST_TIMEOUT }, async () => {
    await refusedSignIn({ idToken: { claims: { aud: 'another-app' } } }, 'id_token.audience_mismatch');
  });

  test('several audiences without azp', { timeout: TEST_TIMEOUT }, async () => {
    await refusedSignIn({ idToken: { claims: { aud: ['logto-wasm-demo', 'another-app'] } } }, 'id_token.azp_mismatch');
  });

  test('rp-id_token-iat: iat missing', { timeout: TEST_TIMEOUT }, async () => {
    await refusedSignIn({ idToken: { removeClaims: ['iat'] } }, 'id_token.missing_claim');
  });

  test('expired, and issued in the future', { timeout: TEST_TIMEOUT }, async () => {
    const now = Math.floor(Date.now() / 1000);
    await refusedSignIn({ idToken: { claims: { exp: now - 3600, iat: now - 7200 } } }, 'id_token.expired');
    await refusedSignIn({ idToken: { claims: { iat: now + 3600, exp: now + 7200 } } }, 'id_token.iat_in_future');
  });

  test('rp-nonce-invalid: another nonce', { timeout: TEST_TIMEOUT }, async () => {
    await refusedSignIn({ idToken: { claims: { nonce: 'not-the-one-sent' } } }, 'id_token.nonce_mismatch');
  });

  test('rp-nonce-unless-code-flow: a nonce is always sent, and a token without it is refused', { timeout: TEST_TIMEOUT }, async () => {
    await provider.dev.reset();
    await startSignIn(page);
    const [auth] = await requestsTo(provider, '/auth');
    const params = Object.fromEntries(auth.params);
    assert.ok(params.nonce && params.nonce.length >= 22, `nonce sent: ${params.nonce}`);
    assert.ok(params.state && params.state.length >= 22, 'state sent');
    assert.equal(params.code_challenge_method, 'S256');
    await refusedSignIn({ idToken: { removeClaims: ['nonce'] } }, 'id_token.nonce_mismatch');
  });

  test('an oversized ID token (over 16 KiB)', { timeout: TEST_TIMEOUT }, async () => {
    await refusedSignIn({ idToken: { padClaim: 17 * 1024 } }, 'id_token.too_large');
  });

  test('rp-id_token-kid-absent-single-jwks: no kid, one key: accepted', { timeout: TEST_TIMEOUT }, async () => {
    await dropProviderCache(page);
    await provider.dev.tamper({ idToken: { removeHeader: ['kid'] }, jwks: { keys: ['provider-no-kid'] } });
    const url = await startSignIn(page);
    assert.equal((await call(page, 'handleSignInCallback', url)).ok, true);
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'auto-user');
    const header = JSON.parse(Buffer.from((await callOk(page, 'getIdToken')).split('.')[0], 'base64url'));
    assert.equal(header.kid, undefined, 'the stored ID token has no kid');
    await controlSignIn(page, provider);
  });

  test('rp-id_token-kid-absent-multiple-jwks: no kid, several keys: each fitting key is tried', { timeout: TEST_TIMEOUT }, async () => {
    // The test plan allows refusing or trying every key; the SDK tries each key that fits the
    // algorithm. The decoy comes first; the provider's own key (without kid) second.
    await dropProviderCache(page);
    await provider.dev.tamper({ idToken: { removeHeader: ['kid'] }, jwks: { keys: ['other-no-kid', 'provider-no-kid'] } });
    const url = await startSignIn(page);
    assert.equal((await call(page, 'handleSignInCallback', url)).ok, true);
    await controlSignIn(page, provider);
    // ... but a token without kid signed by a key outside the set is refused.
    await refusedSignIn({ idToken: { key: 'stranger', removeHeader: ['kid'] }, jwks: { keys: ['other-no-kid', 'provider-no-kid'] } },
      'id_token.invalid_signature');
  });

  test('rp-key-rotation-op-sign-key: a new kid re-fetches the key set once, then verifies', { timeout: TEST_TIMEOUT }, async () => {
    // The old key set is cached (fetched by this control sign-in); the provider rotates to a new key.
    await dropProviderCache(page);
    await controlSignIn(page, provider);
    assert.ok(JSON.parse((await snapshot(page)).session[KEYS.provider]).jwks, 'a cached key set');
    await provider.dev.reset();
    await provider.dev.tamper({ idToken: { key: 'rotated' }, jwks: { keys: ['rotated', 'provider'] } });
    const url = await startSignIn(page);
    assert.equal((await requestsTo(provider, '/jwks')).length, 0, 'the sign-in used the cached key set');
    const done = await call(page, 'handleSignInCallback', url);
    assert.equal(done.ok, true, JSON.stringify(done));
    assert.equal((await requestsTo(provider, '/jwks')).length, 1, 'exactly one key-set fetch');
    const cached = JSON.parse((await snapshot(page)).session[KEYS.provider]).jwks.keys.map((k) => k.kid);
    assert.ok(cached.some((kid) => kid.startsWith('rotated-')), `the new key is cached: ${cached}`);
    // A kid the provider never publishes: one re-fetch, no loop, refused.
    await provider.dev.reset();
    await provider.dev.tamper({ idToken: { key: 'stranger', header: { kid: 'never-published' } } });
    const url2 = await startSignIn(page);
    await refusedCallback(page, url2, 'id_token.no_matching_key');
    assert.equal((await requestsTo(provider, '/jwks')).length, 1, 'one forced re-fetch, not more');
    await controlSignIn(page, provider);
  });

  test('a key set with the same kid on a key of another kty: the key is chosen by kty too', { timeout: TEST_TIMEOUT }, async () => {
    await dropProviderCache(page);
    await provider.dev.tamper({ jwks: { keys: ['same-kid-other-kty', 'provider'] } });
    const url = await startSignIn(page);
    assert.equal((await call(page, 'handleSignInCallback', url)).ok, true);
    await controlSignIn(page, provider);
    // ... and with only the other-kty key under that kid, nothing fits.
    await refusedSignIn({ jwks: { keys: ['same-kid-other-kty'] } }, 'id_token.no_matching_key');
  });

  test('a key set that publishes the private key: accepted, but only public parameters are kept', { timeout: TEST_TIMEOUT }, async () => {
    await dropProviderCache(page);
    await provider.dev.tamper({ jwks: { keys: ['provider-private'] } });
    const url = await startSignIn(page);
    assert.equal((await call(page, 'handleSignInCallback', url)).ok, true);
    const cache = (await snapshot(page)).session[KEYS.provider];
    assert.ok(cache.includes('"n"'), 'the RSA public key is cached');
    assertNoPrivateKeyMaterial(cache);
    await controlSignIn(page, provider);
  });

  test('algorithm confusion: HS256 with a published oct key, or keyed with the RSA public key', { timeout: TEST_TIMEOUT }, async () => {
    await refusedSignIn({ idToken: { key: 'hs256-oct' }, jwks: { keys: ['oct', 'provider'] } }, 'id_token.algorithm_not_allowed');
    await refusedSignIn({ idToken: { key: 'hs256-public' } }, 'id_token.algorithm_not_allowed');
  });

  test('a fractional iat/exp (RFC 7519 NumericDate) survives a reload', { timeout: TEST_TIMEOUT }, async () => {
    const now = Date.now() / 1000;
    await dropProviderCache(page);
    await provider.dev.tamper({ idToken: { claims: { iat: now - 0.25, exp: now + 3600.5 } } });
    const url = await startSignIn(page);
    assert.equal((await call(page, 'handleSignInCallback', url)).ok, true);
    await page.reload();
    await waitForApp(page);
    assert.equal((await call(page, 'isAuthenticated')).value, true, 'still signed in after a reload');
    assert.equal((await callOk(page, 'getIdTokenClaims')).exp, Math.trunc(now + 3600.5));
    await controlSignIn(page, provider);
  });

  /** A refresh whose ID token is rebuilt as `idToken` says is refused; the session is unchanged. */
  async function refusedRefresh(idToken, code) {
    await controlSignIn(page, provider);
    await callOk(page, 'clearAccessToken');
    const beforeSnap = await snapshot(page);
    await provider.dev.reset();
    await provider.dev.tamper({ idToken: { grant: 'refresh_token', ...idToken } });
    const out = await call(page, 'getAccessToken', API);
    assertRefused(out, code, `refresh with ${JSON.stringify(idToken)}`);
    assert.equal((await provider.dev.stats()).tamperedResponses, 1);
    const afterSnap = await snapshot(page);
    assert.deepEqual(except(afterSnap, KEYS.provider), except(beforeSnap, KEYS.provider), 'storage unchanged');
    assertNoPrivateKeyMaterial(afterSnap.session[KEYS.provider]);
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'auto-user');
    // Control: a new sign-in, and a refresh that is not tampered with works.
    await controlSignIn(page, provider);
    assert.equal(jwtClaims(await callOk(page, 'getAccessToken', API)).aud, API);
  }

  test('refresh: an ID token for another subject', { timeout: TEST_TIMEOUT }, async () => {
    await refusedRefresh({ claims: { sub: 'mallory' } }, 'id_token.subject_changed');
  });

  test('refresh: an ID token from another issuer', { timeout: TEST_TIMEOUT }, async () => {
    await refusedRefresh({ claims: { iss: `${PROVIDER_ORIGIN}/evil` } }, 'id_token.issuer_mismatch');
  });

  test('refresh: an ID token with a bad signature, or alg none', { timeout: TEST_TIMEOUT }, async () => {
    await refusedRefresh({ key: 'stranger' }, 'id_token.invalid_signature');
    await refusedRefresh({ key: 'none' }, 'id_token.algorithm_not_allowed');
  });

  test('rp-id_token-bad-sig-es256 (provider restarted with ES256)', { timeout: TEST_TIMEOUT }, async () => {
    await stack.provider.stop();
    provider = await startProvider({ alg: 'ES256', autoLogin: true });
    stack.provider = provider;
    await controlSignIn(page, provider); // an unknown kid: the key set is fetched again
    await refusedSignIn({ idToken: { key: 'stranger' } }, 'id_token.invalid_signature');
    await refusedSignIn({ idToken: { key: 'hs256-public' } }, 'id_token.algorithm_not_allowed');
    assert.deepEqual(stack.browser.errors.filter((e) => !e.includes('favicon')), [], 'no console errors from the pages');
  });
});
