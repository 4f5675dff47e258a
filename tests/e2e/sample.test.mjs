// Issue 5 acceptance: the Leptos sample (www/, served from www/dist/) in Chromium against the dev
// provider: signed-out home, "Create account" (first_screen=register), sign-in through the
// provider's form, the signed-in page (ID-token claims, userinfo, API and organization tokens),
// a screenshot, reload, sign-out back to the home page, and a failed callback shown to the person.
//
// Builds nothing: run `bash scripts/demo.sh --build-only` first (scripts/test.sh does).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  APP_ORIGIN, CLIENT_ID, PROVIDER_ORIGIN, ROOT, assertProviderSignedOut, lastAuthorizationParams, startStack, stopStack, wasmLoading,
} from './lib.mjs';

const HOME = `${APP_ORIGIN}/`;
const CALLBACK = `${APP_ORIGIN}/callback`;
const DIST = path.join(ROOT, 'www/dist');
const SCREENSHOT = path.join(ROOT, 'target/screenshots/sample-signed-in.png');
const TIMEOUT = 20_000;
const TEST_TIMEOUT = 60_000;
const SESSION_KEY = `logto:${CLIENT_ID}:session`;

function requireSample() {
  const missing = ['index.html', 'style.css', 'app/sample.js', 'app/sample_bg.wasm']
    .map((f) => path.join(DIST, f))
    .filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new Error(`the sample is not built (missing ${missing.join(', ')}): run bash scripts/demo.sh --build-only`);
  }
  // The provider is compiled in (www/src/config.rs, LOGTO_ENDPOINT): the sample must be built for this run's.
  if (!readFileSync(path.join(DIST, 'app/sample_bg.wasm')).includes(Buffer.from(PROVIDER_ORIGIN))) {
    throw new Error(`the sample is built for another provider than ${PROVIDER_ORIGIN}: run LOGTO_ENDPOINT=${PROVIDER_ORIGIN} bash scripts/demo.sh --build-only`);
  }
}

const text = (page, selector) => page.locator(selector).first().innerText({ timeout: TIMEOUT });
const visible = (page, selector) => page.locator(selector).first().waitFor({ state: 'visible', timeout: TIMEOUT });
const storedSession = (page) => page.evaluate((key) => window.sessionStorage.getItem(key), SESSION_KEY);

describe('Leptos sample (www/) in Chromium', { timeout: 300_000 }, () => {
  let stack;
  let provider;
  let browser;
  let page;

  before(async () => {
    requireSample();
    stack = await startStack({}, { navTimeout: TIMEOUT });
    ({ provider, browser, page } = stack);
  });

  after(() => stopStack(stack));

  test('a callback that cannot complete is shown with its code', { timeout: TEST_TIMEOUT }, async () => {
    await page.goto(`${CALLBACK}?code=not-a-code&state=not-a-state`);
    await visible(page, '#callback-error');
    const shown = await text(page, '#callback-error [data-testid="error"]');
    assert.match(shown, /callback\.no_pending_sign_in/);
    assert.equal(await storedSession(page), null);
    await Promise.all([page.waitForURL(HOME, { timeout: TIMEOUT }), page.click('#back-home')]);
    await visible(page, '#sign-in');
    assert.equal(await page.locator('#auth-error').count(), 0, 'going back home dismisses the error');
  });

  test('the page preloads its wasm: one request for it, made with the page', { timeout: TEST_TIMEOUT }, async () => {
    const { requested, preloads } = await wasmLoading(page, HOME, () => visible(page, '#sign-in'));
    assert.deepEqual(preloads, [`${APP_ORIGIN}/app/sample_bg.wasm`]);
    assert.deepEqual(requested, preloads, 'the wasm is fetched once, through the preload');
  });

  test('signed out: the home page offers "Sign in" and "Create account"', { timeout: TEST_TIMEOUT }, async () => {
    await page.goto(HOME);
    await visible(page, '#sign-in');
    await visible(page, '#create-account');
    assert.equal(await text(page, '#sign-in'), 'Sign in');
    assert.equal(await text(page, '#create-account'), 'Create account');
    assert.equal(await text(page, '#auth-status'), 'Signed out');
    assert.equal(await page.locator('#signed-in').count(), 0);
  });

  test('"Create account" opens the provider on the register screen', { timeout: TEST_TIMEOUT }, async () => {
    await provider.dev.reset();
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(`${PROVIDER_ORIGIN}/interaction/`), { timeout: TIMEOUT }),
      page.click('#create-account'),
    ]);
    const get = await lastAuthorizationParams(provider);
    assert.deepEqual(get('first_screen'), ['register']);
    assert.deepEqual(get('redirect_uri'), [CALLBACK]);
    assert.deepEqual(get('client_id'), [CLIENT_ID]);
    const scopes = get('scope')[0].split(' ');
    for (const s of ['openid', 'offline_access', 'profile', 'email', 'phone', 'custom_data', 'identities', 'roles',
      'urn:logto:scope:organizations', 'urn:logto:scope:organization_roles']) {
      assert.ok(scopes.includes(s), `scope ${s} requested (got ${scopes.join(' ')})`);
    }
    assert.deepEqual(get('resource').sort(), ['https://api.example.com', 'urn:logto:resource:organizations']);
  });

  test('"Sign in" → provider form → back on the signed-in page', { timeout: TEST_TIMEOUT }, async () => {
    await page.goto(HOME);
    await visible(page, '#sign-in');
    await provider.dev.reset();
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(`${PROVIDER_ORIGIN}/interaction/`), { timeout: TIMEOUT }),
      page.click('#sign-in'),
    ]);
    const param = await lastAuthorizationParams(provider);
    assert.deepEqual(param('first_screen'), [], 'plain sign-in has no first_screen');
    await page.fill('#username', 'alice');
    await page.fill('#password', 'anything');
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(`${CALLBACK}?`), { timeout: TIMEOUT }),
      page.click('#submit'),
    ]);
    // <Callback redirect_to="/"> handles the code, then routes home without a reload.
    await page.waitForURL(HOME, { timeout: TIMEOUT });
    await visible(page, '#signed-in');
    assert.equal(await text(page, '#signed-in-sub'), 'alice');
    assert.equal(await text(page, '#auth-status'), 'Signed in as alice');
    assert.ok(await storedSession(page), 'session stored in sessionStorage');
  });

  test('the claims table shows the ID token’s claims, including sub', { timeout: TEST_TIMEOUT }, async () => {
    await visible(page, '#claims-table');
    assert.equal(await text(page, '#claims-table tr[data-claim="sub"] td'), 'alice');
    assert.equal(await text(page, '#claims-table tr[data-claim="iss"] td'), `${PROVIDER_ORIGIN}/oidc`);
    assert.equal(await text(page, '#claims-table tr[data-claim="aud"] td'), CLIENT_ID);
  });

  test('the API and organization tokens have the right audience', { timeout: TEST_TIMEOUT }, async () => {
    await visible(page, '#api-token-aud');
    assert.equal(await text(page, '#api-token-aud'), 'https://api.example.com');
    await visible(page, '#org-token-aud');
    assert.equal(await text(page, '#org-token-aud'), 'urn:logto:organization:org-acme');
    assert.equal(await page.locator('#api-token [data-testid="error"], #org-token [data-testid="error"]').count(), 0);
  });

  test('userinfo shows custom_data, identities and organization_data', { timeout: TEST_TIMEOUT }, async () => {
    await visible(page, '#userinfo-organization-data');
    for (const id of ['#userinfo-custom-data', '#userinfo-identities', '#userinfo-organization-data']) {
      const shown = await text(page, id);
      assert.doesNotMatch(shown, /not in the response/, `${id} present`);
    }
    assert.match(await text(page, '#userinfo-organization-data'), /org-acme/);
    const info = JSON.parse(await page.locator('#userinfo-json').textContent());
    assert.equal(info.sub, 'alice');
  });

  test('screenshot of the signed-in page', { timeout: TEST_TIMEOUT }, async () => {
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.ok(existsSync(SCREENSHOT));
  });

  test('a reload keeps the session (no new sign-in)', { timeout: TEST_TIMEOUT }, async () => {
    const before = (await provider.dev.stats()).authorizationRequests;
    await page.reload();
    await visible(page, '#signed-in');
    assert.equal(await text(page, '#claims-table tr[data-claim="sub"] td'), 'alice');
    await visible(page, '#api-token-aud');
    assert.equal((await provider.dev.stats()).authorizationRequests, before);
  });

  test('"Sign out" ends the provider session and returns to the signed-out home', { timeout: TEST_TIMEOUT }, async () => {
    const before = await provider.dev.stats();
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(`${PROVIDER_ORIGIN}/oidc/session/end`), { timeout: TIMEOUT }),
      page.click('#sign-out'),
    ]);
    await page.waitForURL(HOME, { timeout: TIMEOUT });
    await visible(page, '#sign-in');
    assert.equal(await text(page, '#auth-status'), 'Signed out');
    assert.equal(await storedSession(page), null, 'session removed');
    await assertProviderSignedOut(provider, before);
  });

  test('no errors in the browser console', () => {
    assert.deepEqual(browser.errors, []);
  });
});
