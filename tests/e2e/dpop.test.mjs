// Issue 15: DPoP (RFC 9449, config `dpop`) through the real SDK in Chromium against the dev
// provider (oidc-provider's DPoP, with the Logto-style refresh grant binding rotated tokens to the
// same key): every token request and userinfo request carries a proof signed with a
// non-extractable ES256 key kept in IndexedDB; the tokens are bound to that key (`cnf.jkt`), so a
// stolen refresh token is useless; the provider's nonce is sent again once when it asks; a bearer
// token for a DPoP request is refused, as a DPoP token for a request without a proof still is; and
// the app gets proofs for its own API calls.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';

import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';

import { PROVIDER_ORIGIN, postForm } from './lib.mjs';
import { API, API2, call, callOk, openApp, setPageConfig } from './sdk-page.mjs';
import {
  KEYS, TEST_TIMEOUT, assertRefused, controlSignIn, except, refusedSignIn, requestsTo, snapshot, startSignIn, useRpStack,
} from './rp-helpers.mjs';

const ISSUER = `${PROVIDER_ORIGIN}/oidc`;
const DPOP = { dpop: true };

/** The proof's header and claims, after checking its signature with the key it names. */
async function verifiedProof(proof) {
  const header = decodeProtectedHeader(proof);
  assert.equal(header.typ, 'dpop+jwt');
  assert.equal(header.alg, 'ES256');
  assert.deepEqual(Object.keys(header.jwk).sort(), ['crv', 'kty', 'x', 'y'], 'the public key only');
  const { payload } = await jwtVerify(proof, await importJWK(header.jwk, 'ES256'), { typ: 'dpop+jwt' });
  return { header, payload, jkt: await calculateJwkThumbprint(header.jwk) };
}

const sha256url = (text) => createHash('sha256').update(text).digest('base64url');

describe('DPoP (RFC 9449) in Chromium', { timeout: 300_000 }, () => {
  let page;
  let provider;
  useRpStack((s) => { ({ page, provider } = s); }, { pageConfig: DPOP });

  test('code exchange, refresh and userinfo carry proofs of one non-extractable key; the tokens are bound to it', { timeout: TEST_TIMEOUT }, async () => {
    await provider.dev.reset();
    const url = await startSignIn(page);
    const done = await call(page, 'handleSignInCallback', url);
    assert.equal(done.ok, true, JSON.stringify(done));

    const [exchange] = await requestsTo(provider, '/token');
    assert.ok(exchange.dpop, 'the code exchange carries a proof');
    const first = await verifiedProof(exchange.dpop);
    assert.equal(first.payload.htm, 'POST');
    assert.equal(first.payload.htu, `${ISSUER}/token`);
    assert.ok(Math.abs(first.payload.iat - Date.now() / 1000) < 60);
    assert.match(first.payload.jti, /^[\w-]{20,}$/);
    assert.equal(first.payload.ath, undefined, 'no access token in a token request');

    // An API token (a JWT): bound to the key by its thumbprint.
    const token = await callOk(page, 'getAccessToken', API);
    assert.equal(decodeJwt(token).cnf?.jkt, first.jkt, 'cnf.jkt is the thumbprint of the proofs\' key');
    const refresh = (await requestsTo(provider, '/token')).find((r) => r.grant_type === 'refresh_token');
    const second = await verifiedProof(refresh.dpop);
    assert.equal(second.jkt, first.jkt, 'one key');
    assert.notEqual(second.payload.jti, first.payload.jti, 'a new jti per proof');

    // Userinfo: the DPoP scheme, a proof with the token's hash.
    const claims = await callOk(page, 'fetchUserInfo');
    assert.equal(claims.sub, 'auto-user');
    const [me] = (await requestsTo(provider, '/me')).filter((r) => r.status === 200);
    assert.equal(me.authScheme, 'DPoP');
    const proof = await verifiedProof(me.dpop);
    assert.equal(proof.payload.htm, 'GET');
    assert.equal(proof.payload.htu, `${ISSUER}/me`);
    const userinfoToken = await callOk(page, 'getAccessToken');
    assert.equal(proof.payload.ath, sha256url(userinfoToken));

    // The key in IndexedDB: its private half cannot be read by any script.
    const stored = await page.evaluate((name) => new Promise((resolve, reject) => {
      const open = indexedDB.open('logto-wasm', 1);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const get = open.result.transaction('kv').objectStore('kv').get(name);
        get.onsuccess = () => {
          const v = get.result;
          resolve({
            extractable: v.privateKey.extractable, type: v.privateKey.type, usages: v.privateKey.usages,
            algorithm: v.privateKey.algorithm, publicJwk: JSON.parse(v.publicJwk),
          });
        };
        get.onerror = () => reject(get.error);
      };
    }), 'logto:logto-wasm-demo:dpop');
    assert.deepEqual(stored.algorithm, { name: 'ECDSA', namedCurve: 'P-256' });
    assert.equal(stored.extractable, false);
    assert.equal(stored.type, 'private');
    assert.deepEqual(stored.usages, ['sign']);
    assert.equal(await calculateJwkThumbprint(stored.publicJwk), first.jkt);
  });

  test('the key survives a reload; a stolen refresh token is useless without it', { timeout: TEST_TIMEOUT }, async () => {
    await openApp(page);
    const before = (await requestsTo(provider, '/token')).filter((r) => r.dpop).map((r) => r.dpop);
    const jkt = (await verifiedProof(before.at(-1))).jkt;
    await page.reload();
    await openApp(page);
    await provider.dev.reset();
    assert.ok(await callOk(page, 'getAccessToken', API2), 'a refresh after the reload');
    const [refresh] = await requestsTo(provider, '/token');
    assert.equal((await verifiedProof(refresh.dpop)).jkt, jkt, 'the same key after a reload');

    // The refresh token alone, from elsewhere: refused (jkt verification), and the session goes on.
    const stolen = await callOk(page, 'getRefreshToken');
    const res = await postForm(`${ISSUER}/token`, { grant_type: 'refresh_token', refresh_token: stolen, client_id: 'logto-wasm-demo' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_grant');
    assert.ok(await callOk(page, 'getAccessToken', API2, undefined), 'still signed in');
  });

  test('the provider asks for its nonce: each request is sent again once with it', { timeout: TEST_TIMEOUT }, async () => {
    await openApp(page);
    await callOk(page, 'clearAccessToken');
    await provider.dev.reset();
    await provider.dev.dpop({ requireNonce: true });
    try {
      assert.ok(await callOk(page, 'getAccessToken', API));
      const tokens = await requestsTo(provider, '/token');
      assert.deepEqual(tokens.map((r) => r.status), [400, 200], 'refused without the nonce, then accepted with it');
      const [without, withNonce] = await Promise.all(tokens.map((r) => verifiedProof(r.dpop)));
      assert.equal(without.payload.nonce, undefined);
      assert.ok(withNonce.payload.nonce, 'the retry carries the nonce');
      assert.equal((await callOk(page, 'fetchUserInfo')).sub, 'auto-user');
      const me = await requestsTo(provider, '/me');
      assert.ok(me.length <= 2 && me.at(-1).status === 200, JSON.stringify(me.map((r) => r.status)));
      assert.ok((await verifiedProof(me.at(-1).dpop)).payload.nonce);
    } finally {
      await provider.dev.dpop({});
    }
  });

  test('a bearer token for a DPoP request is refused (token.not_dpop_bound), the session kept', { timeout: TEST_TIMEOUT }, async () => {
    const out = await refusedSignIn(page, provider, { token: { set: { token_type: 'Bearer' } } }, 'token.not_dpop_bound');
    assert.match(out.message, /does not support DPoP/);
  });

  test('without the config, a DPoP token is still refused (token.unsupported_token_type)', { timeout: TEST_TIMEOUT }, async () => {
    await setPageConfig(page, {});
    try {
      await controlSignIn(page, provider);
      const [exchange] = (await requestsTo(provider, '/token')).slice(-1);
      assert.equal(exchange.dpop, null, 'no proof without the config');
      await refusedSignIn(page, provider, { token: { set: { token_type: 'DPoP' } } }, 'token.unsupported_token_type');
      assertRefused(await call(page, 'createDpopProof', { method: 'GET', url: 'https://api.example.com/x' }), 'dpop.not_configured', 'no DPoP');
    } finally {
      await setPageConfig(page, DPOP);
      await controlSignIn(page, provider);
    }
  });

  test('createDpopProof: a proof for the app\'s own API call, with the token\'s hash', { timeout: TEST_TIMEOUT }, async () => {
    await openApp(page);
    const token = await callOk(page, 'getAccessToken', API);
    const proof = await callOk(page, 'createDpopProof', { method: 'PATCH', url: 'https://api.example.com/things/1?expand=all#top', accessToken: token, nonce: 'api-nonce' });
    const { payload, jkt } = await verifiedProof(proof);
    assert.equal(payload.htm, 'PATCH');
    assert.equal(payload.htu, 'https://api.example.com/things/1');
    assert.equal(payload.ath, sha256url(token));
    assert.equal(payload.nonce, 'api-nonce');
    assert.equal(jkt, decodeJwt(token).cnf.jkt, 'the key the token is bound to');
    for (const options of [{ method: 'get', url: 'https://api.example.com/' }, { method: 'GET', url: '/relative' }]) {
      assertRefused(await call(page, 'createDpopProof', options), 'dpop.invalid_target', JSON.stringify(options));
    }
    assertRefused(await call(page, 'createDpopProof', { url: 'https://api.example.com/' }), 'invalid_argument', 'no method');
  });

  test('without IndexedDB: dpop.unavailable, no token request, nothing stored', { timeout: TEST_TIMEOUT }, async () => {
    await openApp(page);
    // A fresh client (no key in memory) in a page whose IndexedDB is gone: its key cannot be kept.
    await page.evaluate(async (config) => {
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
      window.freshClient = new window.sdk.LogtoClient(config);
      await window.freshClient.clearAccessToken(); // the next access token needs a refresh
    }, await page.evaluate(() => window.e2eConfig));
    const before = await snapshot(page);
    await provider.dev.reset();
    const out = await page.evaluate(async () => {
      try {
        await window.freshClient.getAccessToken('https://api2.example.com');
        return { ok: true };
      } catch (e) {
        return { ok: false, isLogtoError: e instanceof window.sdk.LogtoError, code: e.code, message: e.message };
      }
    });
    assertRefused(out, 'dpop.unavailable', 'no IndexedDB');
    assert.equal((await requestsTo(provider, '/token')).length, 0, 'no token request without a proof');
    assert.deepEqual(except(await snapshot(page), KEYS.provider), except(before, KEYS.provider), 'nothing stored');
  });
});
