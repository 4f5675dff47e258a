// Issue 15: session events through the npm package's entry (the `LogtoClient` that is an
// EventTarget) in Chromium, two tabs sharing `storage: 'local'`, against the dev provider
// (AUTO_LOGIN): sign-in, refresh, an access token entering the refresh margin, sign-out and a
// refresh token the provider no longer honours, in the tab that acts and in the other one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { CLIENT_ID, E2E_CALLBACK, startStack, stopStack } from './lib.mjs';
import { API, API2, call, callOk, openApp, setPageConfig, waitForApp } from './sdk-page.mjs';

const TIMEOUT = 15_000;
const TYPES = ['signedIn', 'signedOut', 'tokenRefreshed', 'accessTokenExpiring', 'sessionExpired'];

/** Records every session event of the page's client in `window.events`. */
function listen(page) {
  return page.evaluate((types) => {
    window.events = [];
    for (const type of types) {
      window.client.addEventListener(type, (e) => {
        window.events.push({
          type: e.type, otherTab: e.otherTab, resource: e.resource, organizationId: e.organizationId,
          expiresAt: e.expiresAt, isEvent: e instanceof Event, target: e.target === window.client,
        });
      });
    }
  }, TYPES);
}

/** The events recorded so far (and forgets them), once there are at least `count`. */
async function events(page, count) {
  await page.waitForFunction((n) => window.events.length >= n, count, { timeout: TIMEOUT });
  return page.evaluate(() => window.events.splice(0));
}

const brief = (list) => list.map(({ type, otherTab, resource }) => [type, otherTab, resource ?? null]);

describe('session events, two tabs sharing storage (npm entry, EventTarget)', { timeout: 240_000 }, () => {
  let stack;
  let page;
  let other;

  before(async () => {
    stack = await startStack({ autoLogin: true }, { navTimeout: TIMEOUT });
    ({ page } = stack);
    await openApp(page);
    await page.evaluate(() => window.localStorage.setItem('e2e-entry', 'npm'));
    // The dev provider's access tokens live 3600 s: a margin of 3597 s puts a new one in it 3 s later.
    await setPageConfig(page, { storage: 'local', refreshMarginSeconds: 3597 });
    await openApp(page);
    other = await stack.browser.context.newPage();
    await openApp(other);
    await listen(other);
  });

  after(() => stopStack(stack));

  /** Signs in in `page` (AUTO_LOGIN), listening there from the callback page on. */
  async function signIn() {
    await openApp(page);
    const url = await callOk(page, 'getSignInUrl', { redirectUri: E2E_CALLBACK, clearTokens: false });
    await page.goto(url);
    await page.waitForURL((u) => u.href.startsWith(`${E2E_CALLBACK}?`), { timeout: TIMEOUT });
    await waitForApp(page);
    await listen(page);
    await callOk(page, 'handleSignInCallback', page.url());
  }

  test('the client is the npm entry\'s EventTarget', { timeout: TIMEOUT }, async () => {
    assert.equal(await page.evaluate(() => window.client instanceof EventTarget), true);
    assert.equal(await page.evaluate(() => typeof window.client.addEventListener), 'function');
  });

  test('a sign-in is told in this tab and in the other one', { timeout: 60_000 }, async () => {
    await signIn();
    assert.deepEqual(brief(await events(page, 1)), [['signedIn', false, null]]);
    const told = await events(other, 1);
    assert.deepEqual(brief(told), [['signedIn', true, null]]);
    assert.equal(told[0].isEvent && told[0].target, true, 'a DOM Event dispatched by the client');
  });

  test('a refresh, then the new access token entering the refresh margin; a removed listener hears nothing', { timeout: 60_000 }, async () => {
    await page.evaluate(() => {
      window.removed = 0;
      const listener = () => { window.removed += 1; };
      window.client.addEventListener('tokenRefreshed', listener);
      window.client.removeEventListener('tokenRefreshed', listener);
    });
    await callOk(page, 'getAccessToken', API);
    assert.deepEqual(brief(await events(page, 1)), [['tokenRefreshed', false, API]]);
    assert.deepEqual(brief(await events(other, 1)), [['tokenRefreshed', true, null]]);
    // About 3 s after each token was stored, by the client's timer: the sign-in's userinfo token
    // (no resource), then the API's.
    await page.waitForFunction((api) => window.events.some((e) => e.resource === api), API, { timeout: TIMEOUT });
    const told = await page.evaluate(() => window.events.splice(0));
    assert.ok(told.every((e) => e.type === 'accessTokenExpiring' && !e.otherTab), JSON.stringify(told));
    const expiring = told.find((e) => e.resource === API);
    assert.equal(told.filter((e) => e.resource === API).length, 1, 'told once');
    const inAnHour = Date.now() / 1000 + 3600;
    assert.ok(Math.abs(expiring.expiresAt - inAnHour) < 30, `expiresAt ${expiring.expiresAt}`);
    assert.equal(await page.evaluate(() => window.removed), 0);
  });

  test('clearing the tokens is a sign-out in both tabs', { timeout: 60_000 }, async () => {
    await callOk(page, 'clearAllTokens');
    assert.deepEqual(brief(await events(page, 1)), [['signedOut', false, null]]);
    assert.deepEqual(brief(await events(other, 1)), [['signedOut', true, null]]);
    assert.equal(await callOk(other, 'isAuthenticated'), false);
  });

  test('a refresh token the provider no longer honours: signedOut, then sessionExpired', { timeout: 60_000 }, async () => {
    await signIn();
    await events(page, 1);
    await events(other, 1);
    const rt = await callOk(page, 'getRefreshToken');
    const revoked = await fetch(`${stack.provider.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLIENT_ID, token: rt }).toString(),
    });
    assert.equal(revoked.status, 200);
    const out = await call(page, 'getAccessToken', API2);
    assert.equal(out.code, 'token.provider_error');
    assert.deepEqual(brief(await events(page, 2)), [['signedOut', false, null], ['sessionExpired', false, null]]);
    assert.deepEqual(brief(await events(other, 1)), [['signedOut', true, null]]);
  });
});
