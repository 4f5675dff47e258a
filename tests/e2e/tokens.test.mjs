// Issue 3 acceptance, one tab: access tokens per resource and organization, the cache,
// single-flight refresh, hostile refresh and userinfo responses, sign-out and invalid_grant.
// The real SDK (pkg/) in Chromium against the dev provider; what happened at the provider is
// read from its control API (/__dev/requests, /__dev/stats). Several tabs: tokens-tabs.test.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createLocalJWKSet, jwtVerify } from 'jose';

import {
  CLIENT_ID, PROVIDER_ORIGIN, refresh, startStack, stopStack,
} from './lib.mjs';
import {
  API, API2, E2E_HOME, NAV_TIMEOUT, SCOPES, call, callOk, evaluateNavigating, jwtClaims, openApp,
  refreshRequests, setPageConfig, signIn, sleep, storedSession, waitForApp,
} from './sdk-page.mjs';

const TEST_TIMEOUT = 45_000; // a hung SDK promise fails the test instead of hanging the run
const ISSUER = `${PROVIDER_ORIGIN}/oidc`;

describe('access tokens, refresh, userinfo and sign-out in Chromium (issue 3)', { timeout: 240_000 }, () => {
  let provider;
  let statics;
  let browser;
  let page;
  let jwks;

  before(async () => {
    ({ provider, statics, browser, page } = await startStack({}, { navTimeout: NAV_TIMEOUT }));
    jwks = createLocalJWKSet(await (await fetch(`${ISSUER}/jwks`)).json());
    await setPageConfig(page, { scopes: SCOPES });
    await signIn(page, 'alice');
  });

  after(() => stopStack({ browser, statics, provider }));

  /** A fresh session for alice (the provider session makes it a redirect round trip). */
  async function freshSignIn() {
    await call(page, 'clearAllTokens');
    await signIn(page, 'alice');
    await provider.dev.reset();
  }

  const tokenRequests = async () => refreshRequests(await provider.dev.requests());

  test('1. API and organization tokens: audience and scope; a refused organization keeps the session', { timeout: TEST_TIMEOUT }, async () => {
    await provider.dev.reset();
    const apiToken = await callOk(page, 'getAccessToken', API);
    const { payload: api } = await jwtVerify(apiToken, jwks, { issuer: ISSUER, audience: API });
    assert.equal(api.aud, API);
    assert.equal(api.scope, 'read write');
    assert.equal(api.sub, 'alice');
    assert.equal(api.client_id, CLIENT_ID);
    assert.deepEqual(await callOk(page, 'getAccessTokenClaims', API), api, 'getAccessTokenClaims decodes the same token');

    const api2Token = await callOk(page, 'getAccessToken', API2);
    assert.notEqual(api2Token, apiToken);
    const { payload: api2 } = await jwtVerify(api2Token, jwks, { issuer: ISSUER, audience: API2 });
    assert.equal(api2.aud, API2);
    assert.equal(api2.scope, 'read');

    const orgToken = await callOk(page, 'getOrganizationToken', 'org-acme');
    const { payload: org } = await jwtVerify(orgToken, jwks, { issuer: ISSUER, audience: 'urn:logto:organization:org-acme' });
    assert.equal(org.sub, 'alice');
    assert.equal((await callOk(page, 'getOrganizationTokenClaims', 'org-acme')).aud, 'urn:logto:organization:org-acme');

    // The requests: one per token, each with its own target.
    const sent = await tokenRequests();
    assert.deepEqual(sent.map((r) => [r.p.resource ?? null, r.p.organization_id ?? null, r.status]), [
      [API, null, 200], [API2, null, 200], [null, 'org-acme', 200],
    ]);

    const denied = await call(page, 'getOrganizationToken', 'org-other');
    assert.equal(denied.ok, false, 'org-other must be refused');
    assert.equal(denied.isLogtoError, true, JSON.stringify(denied));
    assert.equal(denied.code, 'token.provider_error', denied.message);
    assert.equal(denied.error, 'invalid_target');
    assert.ok(denied.errorDescription, 'the provider\'s error_description is passed on');

    // Still signed in, and the refresh token still works.
    assert.equal(await callOk(page, 'isAuthenticated'), true);
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'alice');
    await callOk(page, 'clearAccessToken');
    await provider.dev.reset();
    const again = await callOk(page, 'getAccessToken', API);
    assert.notEqual(again, apiToken, 'a new token after clearAccessToken');
    assert.equal(jwtClaims(again).aud, API);
    const afterRefused = await tokenRequests();
    assert.equal(afterRefused.length, 1);
    assert.equal(afterRefused[0].status, 200);
  });

  test('2. a second getAccessToken for the same resource is served from cache', { timeout: TEST_TIMEOUT }, async () => {
    const first = await callOk(page, 'getAccessToken', API);
    await provider.dev.reset();
    assert.equal(await callOk(page, 'getAccessToken', API), first);
    assert.equal(await callOk(page, 'getAccessToken', API, undefined), first);
    assert.deepEqual(await tokenRequests(), [], 'no token request for a cached token');

    // The cache is in storage too: a reloaded page serves it without the provider.
    await page.reload();
    await waitForApp(page);
    assert.equal(await callOk(page, 'getAccessToken', API), first);
    const records = await provider.dev.requests();
    assert.deepEqual(records.filter((r) => r.path === '/oidc/token'), [], 'no token request after a reload either');
  });

  test('3. 10 concurrent getAccessToken calls with an empty cache make one refresh request', { timeout: TEST_TIMEOUT }, async () => {
    await callOk(page, 'clearAccessToken');
    const refreshTokenBefore = await callOk(page, 'getRefreshToken');
    await provider.dev.reset();
    const results = await page.evaluate((api) => Promise.all(Array.from({ length: 10 }, () => window.client.getAccessToken(api).then(
      (token) => ({ ok: true, token }),
      (err) => ({ ok: false, code: err?.code, message: String(err?.message ?? err) }),
    ))), API);
    assert.ok(results.every((r) => r.ok), `every call fulfilled: ${JSON.stringify(results.filter((r) => !r.ok))}`);
    assert.equal(new Set(results.map((r) => r.token)).size, 1, 'all 10 calls got the same token');
    assert.equal(jwtClaims(results[0].token).aud, API);

    const sent = await tokenRequests();
    assert.equal(sent.length, 1, `exactly one refresh_token request, got ${sent.length}`);
    assert.equal(sent[0].p.refresh_token, refreshTokenBefore);
    assert.equal(sent[0].p.resource, API);
    const stats = await provider.dev.stats();
    assert.deepEqual(stats.tokenRequests, { refresh_token: 1 });
    assert.equal(stats.toleratedReuses, 0);
    const refreshTokenAfter = await callOk(page, 'getRefreshToken');
    assert.notEqual(refreshTokenAfter, refreshTokenBefore, 'the rotated refresh token is stored');
    assert.equal(await provider.dev.refreshTokenAlive(refreshTokenAfter), true);
  });

  /** Clears the access tokens, snapshots the stored session, and expects the forced refresh to be refused with `code`. */
  async function refusedRefresh(switches, code) {
    await freshSignIn();
    await callOk(page, 'clearAccessToken');
    const before = await storedSession(page);
    const idTokenBefore = await callOk(page, 'getIdToken');
    const refreshTokenBefore = await callOk(page, 'getRefreshToken');
    assert.ok(before, 'a stored session');
    await provider.dev.tamper(switches);

    const out = await call(page, 'getAccessToken', API);
    assert.equal(out.ok, false, `a refresh returning ${JSON.stringify(switches)} must be refused`);
    assert.equal(out.isLogtoError, true, JSON.stringify(out));
    assert.equal(out.code, code, out.message);

    const stats = await provider.dev.stats();
    assert.equal(stats.tamperedResponses, 1, 'the provider sent exactly one tampered response');
    assert.deepEqual(stats.tokenErrors, {}, 'the provider answered 200: the SDK refused it');
    assert.equal(await storedSession(page), before, 'stored session byte-for-byte unchanged');
    assert.equal(await callOk(page, 'getIdToken'), idTokenBefore);
    assert.equal(await callOk(page, 'getRefreshToken'), refreshTokenBefore);
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, 'alice');
    await provider.dev.tamper({});
  }

  test('5. a refreshed ID token with another sub is refused (id_token.subject_changed), session unchanged', { timeout: TEST_TIMEOUT }, async () => {
    await refusedRefresh({ refreshIdToken: { sub: 'mallory' } }, 'id_token.subject_changed');
  });

  test('5. a refreshed ID token with another iss is refused (id_token.issuer_mismatch), session unchanged', { timeout: TEST_TIMEOUT }, async () => {
    await refusedRefresh({ refreshIdToken: { iss: 'http://evil' } }, 'id_token.issuer_mismatch');
  });

  test('5. fetchUserInfo returns alice\'s claims; another sub is refused (userinfo.sub_mismatch)', { timeout: TEST_TIMEOUT }, async () => {
    await freshSignIn();
    const info = await callOk(page, 'fetchUserInfo');
    assert.equal(info.sub, 'alice');
    assert.deepEqual(info.custom_data, { plan: 'pro' });
    assert.ok(info.identities && typeof info.identities === 'object', `identities: ${JSON.stringify(info.identities)}`);
    assert.deepEqual(info.organization_data.map((o) => o.id), ['org-acme']);
    const me = (await provider.dev.requests()).filter((r) => r.path === '/oidc/me' && r.method === 'GET');
    assert.equal(me.length, 1);
    assert.equal(me[0].status, 200);

    const before = await storedSession(page);
    await provider.dev.tamper({ userinfoSub: 'mallory' });
    const out = await call(page, 'fetchUserInfo');
    assert.equal(out.ok, false, 'a userinfo response for mallory must be refused');
    assert.equal(out.isLogtoError, true, JSON.stringify(out));
    assert.equal(out.code, 'userinfo.sub_mismatch', out.message);
    assert.equal((await provider.dev.stats()).tamperedResponses, 1);
    assert.equal(await storedSession(page), before, 'stored session unchanged');
    assert.equal(await callOk(page, 'isAuthenticated'), true);
    await provider.dev.tamper({});
    assert.equal((await callOk(page, 'fetchUserInfo')).sub, 'alice', 'works again once the provider behaves');
  });

  test('6. signOut(uri) revokes the last refresh token and comes back signed out', { timeout: TEST_TIMEOUT }, async () => {
    await freshSignIn();
    await callOk(page, 'clearAccessToken');
    await callOk(page, 'getAccessToken', API); // rotate once: the last refresh token is not the first
    const last = await callOk(page, 'getRefreshToken');
    assert.equal(await provider.dev.refreshTokenAlive(last), true);

    await evaluateNavigating(page, (uri) => window.client.signOut(uri), E2E_HOME);
    await page.waitForURL(E2E_HOME, { timeout: NAV_TIMEOUT });
    await waitForApp(page);
    assert.equal(await provider.dev.refreshTokenAlive(last), false, 'the last refresh token is dead');
    assert.equal(await callOk(page, 'isAuthenticated'), false);
    assert.equal(await callOk(page, 'getRefreshToken'), null);
    const records = await provider.dev.requests();
    assert.ok(records.some((r) => r.path === '/oidc/token/revocation' && r.status === 200
      && Object.fromEntries(r.params).token === last), 'the last refresh token was revoked');
    assert.ok(records.some((r) => r.path === '/oidc/session/end'), 'end-session visited');
  });

  test('6. signOut(null, { localOnly: true }) stays on the page, revokes, signs out', { timeout: TEST_TIMEOUT }, async () => {
    await freshSignIn();
    await openApp(page);
    const last = await callOk(page, 'getRefreshToken');
    assert.equal(await provider.dev.refreshTokenAlive(last), true);
    const url = page.url();
    await page.evaluate(() => { window.e2eMarker = 'still here'; });

    const out = await call(page, 'signOut', null, { localOnly: true });
    assert.equal(out.ok, true, `signOut(null, { localOnly: true }) resolves: ${JSON.stringify(out)}`);
    await sleep(300); // a navigation, if one had been started, would have torn the page down by now
    assert.equal(await page.evaluate(() => window.e2eMarker), 'still here', 'no navigation');
    assert.equal(page.url(), url);
    assert.equal(await provider.dev.refreshTokenAlive(last), false, 'refresh token revoked');
    assert.equal(await callOk(page, 'isAuthenticated'), false);
    const records = await provider.dev.requests();
    assert.equal(records.filter((r) => r.path === '/oidc/session/end').length, 0, 'no end-session request');
    assert.equal((await provider.dev.stats()).revocationRequests, 1);
  });

  /** After invalid_grant: signed out, nothing stored, and the error carries the provider's code. */
  async function assertSignedOutBy(out) {
    assert.equal(out.ok, false);
    assert.equal(out.isLogtoError, true, JSON.stringify(out));
    assert.equal(out.code, 'token.provider_error', out.message);
    assert.equal(out.error, 'invalid_grant');
    assert.equal(await callOk(page, 'isAuthenticated'), false);
    assert.equal(await callOk(page, 'getIdToken'), null);
    assert.equal(await callOk(page, 'getRefreshToken'), null);
    assert.equal(await storedSession(page), null, 'no stored session');
    const again = await call(page, 'getAccessToken', API);
    assert.equal(again.ok, false, 'no token once signed out');
    assert.notEqual(again.code, 'token.provider_error', 'signed out locally: no further request');
  }

  test('7. a refresh refused with invalid_grant (grant revoked at the provider) signs out cleanly', { timeout: TEST_TIMEOUT }, async () => {
    await freshSignIn();
    await callOk(page, 'clearAccessToken');
    const rt = await callOk(page, 'getRefreshToken');
    const revoked = await fetch(`${ISSUER}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLIENT_ID, token: rt }).toString(),
    });
    assert.equal(revoked.status, 200);
    await provider.dev.reset();
    await assertSignedOutBy(await call(page, 'getAccessToken', API));
    const sent = await tokenRequests();
    assert.equal(sent.length, 1, 'one refused refresh, no retry');
    assert.equal(sent[0].status, 400);
  });

  test('7. a refresh token reused by someone else more than 3 s ago: invalid_grant signs out cleanly', { timeout: TEST_TIMEOUT }, async () => {
    await freshSignIn();
    await callOk(page, 'clearAccessToken');
    const rt = await callOk(page, 'getRefreshToken');
    const stolen = await refresh(ISSUER, rt); // another context spends the token
    assert.equal(stolen.status, 200);
    await sleep(3300);
    await assertSignedOutBy(await call(page, 'getAccessToken', API));
    const stats = await provider.dev.stats();
    assert.equal(stats.grantRevocations, 1, 'the provider revoked the grant (reuse rule)');
    assert.equal(await provider.dev.refreshTokenAlive(stolen.body.refresh_token), false, 'the whole grant is gone');
  });
  test('8. switching from @logto/browser: its session is carried over with one refresh, its items removed', { timeout: TEST_TIMEOUT }, async () => {
    await freshSignIn();
    const idToken = await callOk(page, 'getIdToken');
    const rt = await callOk(page, 'getRefreshToken');
    const sub = (await callOk(page, 'getIdTokenClaims')).sub;
    // What @logto/browser 3.x leaves: its session in localStorage, a pending sign-in in sessionStorage.
    await page.evaluate(({ appId, id, refresh }) => {
      window.sessionStorage.clear();
      window.localStorage.setItem(`logto:${appId}:idToken`, id);
      window.localStorage.setItem(`logto:${appId}:refreshToken`, refresh);
      window.localStorage.setItem(`logto:${appId}:accessToken`, '{}');
      window.sessionStorage.setItem(`logto:${appId}`, '{"redirectUri":"x"}');
    }, { appId: CLIENT_ID, id: idToken, refresh: rt });
    await provider.dev.reset();
    await openApp(page); // a new client, with no session of its own
    assert.equal(await callOk(page, 'isAuthenticated'), true, 'still signed in after the switch');
    assert.equal((await callOk(page, 'getIdTokenClaims')).sub, sub);
    const sent = await tokenRequests();
    assert.deepEqual(sent.map((r) => [r.p.refresh_token === rt, r.status]), [[true, 200]], 'one refresh with the old refresh token');
    const left = await page.evaluate((appId) => [
      ...['idToken', 'refreshToken', 'accessToken'].map((k) => window.localStorage.getItem(`logto:${appId}:${k}`)),
      window.sessionStorage.getItem(`logto:${appId}`),
    ], CLIENT_ID);
    assert.deepEqual(left, [null, null, null, null], '@logto/browser\'s items are gone');
    const stored = JSON.parse(await storedSession(page));
    assert.notEqual(stored.refresh_token, rt, 'the rotated refresh token is stored the logto-wasm way');
    assert.equal(await provider.dev.refreshTokenAlive(stored.refresh_token), true);
  });
});
