// Issue 2 acceptance: sign-in, reload, sign-out, tampered callback and concurrent callback
// handling with the real SDK (pkg/) in Chromium against the dev provider.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  CLIENT_ID, E2E_CALLBACK, PROVIDER_ORIGIN, startStack, stopStack,
} from './lib.mjs';
import {
  E2E_HOME, NAV_TIMEOUT, evaluateNavigating, openApp, signInThroughProvider, storageSnapshot, waitForApp,
} from './sdk-page.mjs';

const STORAGE_PREFIX = `logto:${CLIENT_ID}:`;
const TEST_TIMEOUT = 45_000; // a hung SDK promise fails the test instead of hanging the run

/** Every string stored in sessionStorage under the SDK's prefix, including inside JSON values. */
function storedStrings(snapshot) {
  const out = new Set();
  const walk = (v) => {
    if (typeof v === 'string') {
      out.add(v);
      try { walk(JSON.parse(v)); } catch { /* not JSON */ }
    } else if (v && typeof v === 'object') {
      Object.values(v).forEach(walk);
    }
  };
  for (const [key, value] of Object.entries(snapshot)) if (key.startsWith(STORAGE_PREFIX)) walk(value);
  return [...out];
}

describe('sign-in in Chromium (issue 2)', { timeout: 180_000 }, () => {
  let provider;
  let statics;
  let browser;
  let page;

  before(async () => {
    ({ provider, statics, browser, page } = await startStack({}, { navTimeout: NAV_TIMEOUT }));
  });

  after(() => stopStack({ browser, statics, provider }));

  let signedInStorage;

  test('(a) sign in with the provider form and handle the callback', { timeout: TEST_TIMEOUT }, async () => {
    await provider.dev.reset();
    await openApp(page);
    assert.equal(await page.evaluate(() => window.client.isAuthenticated()), false);

    const callbackUrl = await signInThroughProvider(page, 'alice');
    const callback = new URL(callbackUrl);
    assert.ok(callback.searchParams.get('code'), 'callback has a code');
    assert.ok(callback.searchParams.get('state'), 'callback has a state');
    assert.equal(callback.searchParams.get('iss'), `${PROVIDER_ORIGIN}/oidc`);
    assert.equal(await page.evaluate((url) => window.client.isSignInRedirected(url), callbackUrl), true);

    await page.evaluate((url) => window.client.handleSignInCallback(url), callbackUrl);

    const claims = await page.evaluate(() => window.client.getIdTokenClaims());
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.aud, CLIENT_ID);
    assert.equal(await page.evaluate(() => window.client.isAuthenticated()), true);
    assert.match(await page.evaluate(() => window.client.getIdToken()), /^[\w-]+\.[\w-]+\.[\w-]+$/);

    const address = new URL(page.url());
    assert.equal(address.searchParams.has('code'), false, `address bar still has code: ${page.url()}`);
    assert.equal(address.searchParams.has('state'), false, `address bar still has state: ${page.url()}`);

    signedInStorage = await storageSnapshot(page);
    assert.ok(Object.keys(signedInStorage).some((k) => k.startsWith(STORAGE_PREFIX)),
      `sessionStorage has ${STORAGE_PREFIX}* keys: ${Object.keys(signedInStorage).join(', ')}`);
  });

  test('(a) the authorization and token requests match Logto\'s SDK', { timeout: TEST_TIMEOUT }, async () => {
    const records = await provider.dev.requests();
    const auth = records.filter((r) => r.path === '/oidc/auth');
    assert.equal(auth.length, 1);
    assert.deepEqual(auth[0].params.map(([k]) => k), [
      'client_id', 'redirect_uri', 'code_challenge', 'code_challenge_method', 'state', 'nonce',
      'response_type', 'prompt', 'scope', 'resource', 'resource', 'resource',
    ]);
    const params = Object.fromEntries(auth[0].params.filter(([k]) => k !== 'resource'));
    assert.equal(params.client_id, CLIENT_ID);
    assert.equal(params.redirect_uri, E2E_CALLBACK);
    assert.equal(params.code_challenge_method, 'S256');
    assert.equal(params.response_type, 'code');
    assert.equal(params.prompt, 'consent');
    assert.equal(params.scope, 'openid offline_access profile email custom_data identities urn:logto:scope:organizations');
    assert.deepEqual(auth[0].params.filter(([k]) => k === 'resource').map(([, v]) => v),
      ['https://api.example.com', 'https://api2.example.com', 'urn:logto:resource:organizations']);

    const tokens = records.filter((r) => r.path === '/oidc/token' && r.method === 'POST');
    assert.equal(tokens.length, 1);
    assert.equal(tokens[0].grant_type, 'authorization_code');
    assert.equal(tokens[0].status, 200);
    assert.deepEqual(tokens[0].params.map(([k]) => k), ['client_id', 'code', 'code_verifier', 'redirect_uri', 'grant_type']);
  });

  test('(b) a reload keeps the session', { timeout: TEST_TIMEOUT }, async () => {
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.evaluate(() => window.client.isAuthenticated()), true);
    const claims = await page.evaluate(() => window.client.getIdTokenClaims());
    assert.equal(claims.sub, 'alice');
  });

  let storedBeforeSignOut = [];

  test('(c) sign out ends the provider session and comes back signed out', { timeout: TEST_TIMEOUT }, async () => {
    const snapshot = await storageSnapshot(page);
    storedBeforeSignOut = storedStrings(snapshot);
    const aliveBefore = [];
    for (const value of storedBeforeSignOut) {
      if (await provider.dev.refreshTokenAlive(value)) aliveBefore.push(value);
    }
    assert.equal(aliveBefore.length, 1, 'exactly one usable refresh token stored while signed in');
    await provider.dev.reset();

    const endSession = page.waitForRequest((req) => req.url().startsWith(`${PROVIDER_ORIGIN}/oidc/session/end?`), { timeout: NAV_TIMEOUT });
    await evaluateNavigating(page, (uri) => window.client.signOut(uri), E2E_HOME);
    await endSession;
    await page.waitForURL(E2E_HOME, { timeout: NAV_TIMEOUT });
    await waitForApp(page);

    const records = await provider.dev.requests();
    const hit = records.find((r) => r.path === '/oidc/session/end' && r.method === 'GET');
    assert.ok(hit, `no /oidc/session/end request recorded: ${JSON.stringify(records.map((r) => r.path))}`);
    const params = Object.fromEntries(hit.params);
    assert.ok(params.id_token_hint, 'id_token_hint sent');
    assert.equal(params.client_id, CLIENT_ID);
    assert.equal(params.post_logout_redirect_uri, E2E_HOME);
    assert.equal(page.url(), E2E_HOME);
    assert.equal(await page.evaluate(() => window.client.isAuthenticated()), false);
  });

  test('(c) sign-out revoked the refresh token', { timeout: TEST_TIMEOUT }, async () => {
    const records = await provider.dev.requests();
    assert.ok(records.some((r) => r.path === '/oidc/token/revocation' && r.status === 200), 'revocation request recorded');
    // Whatever the SDK had stored (one live refresh token, checked above): none is usable now.
    const alive = [];
    for (const value of storedBeforeSignOut) {
      if (await provider.dev.refreshTokenAlive(value)) alive.push(value);
    }
    assert.deepEqual(alive, [], 'no stored refresh token is still usable after sign-out');
    const stats = await provider.dev.stats();
    assert.ok(stats.revocationRequests >= 1);
  });

  test('(d) a tampered callback is rejected with callback.state_mismatch and stores nothing', { timeout: TEST_TIMEOUT }, async () => {
    await openApp(page);
    const callbackUrl = await signInThroughProvider(page, 'alice');
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}tampered`);

    const before = await storageSnapshot(page);
    const outcome = await page.evaluate(async (url) => {
      try {
        await window.client.handleSignInCallback(url);
        return { resolved: true };
      } catch (err) {
        return {
          resolved: false,
          isLogtoError: err instanceof window.sdk.LogtoError,
          code: err?.code,
          message: String(err?.message ?? err),
        };
      }
    }, tampered.href);
    const afterSnapshot = await storageSnapshot(page);

    assert.equal(outcome.resolved, false, 'handleSignInCallback must reject a tampered state');
    assert.equal(outcome.isLogtoError, true, `rejection is a LogtoError: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.code, 'callback.state_mismatch', outcome.message);
    assert.ok(outcome.message.length > 0);
    assert.deepEqual(afterSnapshot, before, 'sessionStorage unchanged');
    assert.equal(await page.evaluate(() => window.client.isAuthenticated()), false);
    const records = await provider.dev.requests();
    assert.equal(records.filter((r) => r.path === '/oidc/token' && r.grant_type === 'authorization_code').length, 0,
      'no code exchange for a tampered callback');
  });

  test('(e) concurrent handleSignInCallback calls exchange the code once', { timeout: TEST_TIMEOUT }, async () => {
    await page.evaluate(() => window.client.clearAllTokens());
    await openApp(page);
    const callbackUrl = await signInThroughProvider(page, 'alice');
    await provider.dev.reset();

    const results = await page.evaluate(async (url) => {
      const settle = (p) => p.then(() => 'resolved', (err) => `rejected:${err?.code}:${err?.message}`);
      return Promise.all([
        settle(window.client.handleSignInCallback(url)),
        settle(window.client.handleSignInCallback(url)),
      ]);
    }, callbackUrl);

    const records = await provider.dev.requests();
    const exchanges = records.filter((r) => r.path === '/oidc/token' && r.grant_type === 'authorization_code');
    assert.equal(exchanges.length, 1, `exactly one code exchange (results: ${JSON.stringify(results)})`);
    assert.ok(results.includes('resolved'), `at least one call resolves: ${JSON.stringify(results)}`);
    assert.equal(await page.evaluate(() => window.client.isAuthenticated()), true);
    assert.equal((await page.evaluate(() => window.client.getIdTokenClaims())).sub, 'alice');
  });
});
