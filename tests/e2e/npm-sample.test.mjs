// Issue 8: the JavaScript sample (www/js/, built by Vite into www/js/dist and served under /js/)
// in Chromium against the dev provider: sign in through the provider's form, the verified claims,
// an access token for https://api.example.com, userinfo, reload, sign out, a failed callback.
//
// Builds nothing: run `bash scripts/build-npm.sh && npx vite build www/js` first (scripts/test.sh does).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  APP_ORIGIN, CLIENT_ID, PROVIDER_ORIGIN, ROOT, assertProviderSignedOut, copyForRun, lastAuthorizationParams, startStack, stopStack, wasmLoading,
} from './lib.mjs';
import {
  API, fetchUserInfo, getApiToken, openSignedOut, signIn, signOut, storedSession, text, visible,
} from '../npm/sample-flow.mjs';

const HOME = `${APP_ORIGIN}/js/`;
const CALLBACK = `${APP_ORIGIN}/js/callback`;
const DIST = path.join(ROOT, 'www/js/dist');
const TEST_TIMEOUT = 60_000;

function requireSample() {
  const assets = existsSync(path.join(DIST, 'assets')) ? readdirSync(path.join(DIST, 'assets')) : [];
  if (!existsSync(path.join(DIST, 'index.html')) || !assets.some((f) => f.endsWith('.wasm'))) {
    throw new Error(`the JavaScript sample is not built in ${DIST}: run bash scripts/build-npm.sh && npx vite build www/js`);
  }
}

describe('JavaScript sample (www/js, Vite) in Chromium', { timeout: 300_000 }, () => {
  let stack;
  let sample;
  let provider;
  let browser;
  let page;

  before(async () => {
    requireSample();
    // The build names the demo's provider; a copy is pointed at this run's.
    sample = await copyForRun(DIST);
    stack = await startStack({}, { navTimeout: 20_000, staticEnv: { JS_DIR: sample.dir } });
    ({ provider, browser, page } = stack);
  });

  after(async () => {
    await stopStack(stack);
    await sample?.cleanup();
  });

  test('the built page preloads the wasm asset: one request for it, made with the page', { timeout: TEST_TIMEOUT }, async () => {
    const { requested, preloads } = await wasmLoading(page, HOME, () => visible(page, '#sign-in'));
    assert.equal(preloads.length, 1, 'vite.config.js adds one <link rel="preload"> for the wasm');
    assert.match(preloads[0], new RegExp(`^${APP_ORIGIN}/js/assets/logto_wasm_bg-[\\w-]+\\.wasm$`));
    assert.deepEqual(requested, preloads, 'the wasm is fetched once, through the preload');
  });

  test('signed out: the page offers "Sign in" and "Create account"', { timeout: TEST_TIMEOUT }, async () => {
    await openSignedOut(page, HOME);
    assert.equal(await text(page, '#sign-in'), 'Sign in');
    assert.equal(await text(page, '#sign-up'), 'Create account');
    assert.equal(await page.locator('#signed-in').count(), 0);
  });

  test('"Sign in" → provider form → the signed-in page with the verified claims', { timeout: TEST_TIMEOUT }, async () => {
    await provider.dev.reset();
    const claims = await signIn(page, HOME, 'alice');
    assert.deepEqual(claims, { sub: 'alice', iss: `${PROVIDER_ORIGIN}/oidc`, aud: CLIENT_ID, user: claims.user });
    assert.ok(claims.user.length > 0);
    const param = await lastAuthorizationParams(provider);
    assert.deepEqual(param('redirect_uri'), [CALLBACK]);
    assert.deepEqual(param('resource'), [API]);
    const scopes = param('scope')[0].split(' ');
    for (const s of ['openid', 'offline_access', 'profile', 'email', 'custom_data', 'read']) assert.ok(scopes.includes(s), s);
    assert.ok(await storedSession(page), 'the session is in sessionStorage (the default)');
  });

  test('"Get API token": a JWT for https://api.example.com with the read scope', { timeout: TEST_TIMEOUT }, async () => {
    const token = await getApiToken(page);
    assert.equal(token.aud, API);
    assert.equal(token.sub, 'alice');
    assert.deepEqual(token.scope.split(' '), ['read']);
    assert.match(token.raw, /^eyJ/);
  });

  test('"Fetch user info": the userinfo response', { timeout: TEST_TIMEOUT }, async () => {
    const info = await fetchUserInfo(page);
    assert.equal(info.sub, 'alice');
    assert.deepEqual(info.custom_data, { plan: 'pro' });
  });

  test('a reload keeps the session (no new sign-in)', { timeout: TEST_TIMEOUT }, async () => {
    const before = (await provider.dev.stats()).authorizationRequests;
    await page.reload();
    await visible(page, '#signed-in');
    assert.equal(await text(page, '#signed-in tr[data-claim="sub"] td'), 'alice');
    assert.equal((await provider.dev.stats()).authorizationRequests, before);
  });

  test('"Sign out" ends the provider session and returns to /js/ signed out', { timeout: TEST_TIMEOUT }, async () => {
    const before = await provider.dev.stats();
    await signOut(page, HOME);
    assert.equal(await storedSession(page), null, 'session removed');
    await assertProviderSignedOut(provider, before);
  });

  test('no errors in the browser console', () => {
    assert.deepEqual(browser.errors, []);
  });

  test('a callback that cannot complete shows its LogtoError code', { timeout: TEST_TIMEOUT }, async () => {
    await page.goto(`${CALLBACK}?code=not-a-code&state=not-a-state`);
    await visible(page, '#error');
    assert.equal(await text(page, '#error-code'), 'callback.no_pending_sign_in');
    await visible(page, '#sign-in');
    assert.equal(page.url(), HOME);
  });
});
