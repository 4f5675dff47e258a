// Issue 4 acceptance: Logto's sign-in experience options reach the provider exactly as Logto's
// own SDK sends them, and the user still signs in. The provider runs in auto-login mode (the
// user is the login_hint, else `auto-user`), and records every authorization request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  APP_ORIGIN, E2E_CALLBACK, startStack, stopStack,
} from './lib.mjs';
import { waitForApp } from './sdk-page.mjs';

const TIMEOUT = 15_000;

describe('sign-in experience options (issue 4)', { timeout: 120_000 }, () => {
  let provider;
  let statics;
  let browser;
  let page;

  before(async () => {
    ({ provider, statics, browser, page } = await startStack({ autoLogin: true }, { navTimeout: TIMEOUT }));
  });

  after(() => stopStack({ browser, statics, provider }));

  /** signIn(options) from a fresh page; auto-login brings the browser back to the callback. */
  async function signInWith(options) {
    await page.goto(`${APP_ORIGIN}/e2e/`);
    await waitForApp(page);
    await page.evaluate(() => window.client.clearAllTokens());
    await page.context().clearCookies(); // a fresh provider session: auto-login uses the login hint
    await provider.dev.reset();
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(`${E2E_CALLBACK}?`)),
      page.evaluate((o) => { window.client.signIn(o); }, { redirectUri: E2E_CALLBACK, ...options }),
    ]);
    await waitForApp(page);
    await page.evaluate((url) => window.client.handleSignInCallback(url), page.url());
    const records = await provider.dev.requests();
    const auth = records.filter((r) => r.path === '/oidc/auth');
    assert.equal(auth.length, 1, 'one authorization request');
    return { params: auth[0].params, claims: await page.evaluate(() => window.client.getIdTokenClaims()) };
  }

  const names = (params) => params.map(([k]) => k);
  const value = (params, name) => params.find(([k]) => k === name)?.[1];

  test('directSignIn social/kakao arrives as direct_sign_in=social:kakao', async () => {
    const { params, claims } = await signInWith({ directSignIn: { method: 'social', target: 'kakao' } });
    assert.equal(value(params, 'direct_sign_in'), 'social:kakao');
    assert.equal(claims.sub, 'auto-user');
  });

  test('firstScreen identifier:register with identifiers and loginHint arrive intact, in Logto order', async () => {
    const { params, claims } = await signInWith({
      firstScreen: 'identifier:register', identifiers: ['email'], loginHint: 'bob@example.com',
    });
    assert.equal(value(params, 'first_screen'), 'identifier:register');
    assert.equal(value(params, 'identifier'), 'email');
    assert.equal(value(params, 'login_hint'), 'bob@example.com');
    assert.deepEqual(names(params), [
      'client_id', 'redirect_uri', 'code_challenge', 'code_challenge_method', 'state', 'nonce',
      'response_type', 'prompt', 'scope', 'login_hint', 'resource', 'resource', 'resource',
      'first_screen', 'identifier',
    ]);
    assert.equal(claims.sub, 'bob@example.com', 'the user named by the login hint signed in');
  });

  test('SSO, passwordless phone, one-time token, organization, locales and extra params', async () => {
    const { params } = await signInWith({
      directSignIn: { method: 'sso', target: 'sso-connector-1' },
      firstScreen: 'sign_in', identifiers: ['phone'], oneTimeToken: 'ott-123',
      organizationId: 'org-acme', uiLocales: 'fr-FR', extraParams: { utm_source: 'e2e', b: '2' },
      prompt: ['consent', 'login'],
    });
    assert.equal(value(params, 'direct_sign_in'), 'sso:sso-connector-1');
    assert.equal(value(params, 'prompt'), 'consent login');
    assert.deepEqual(names(params).slice(-7), ['first_screen', 'identifier', 'one_time_token', 'organization_id', 'ui_locales', 'utm_source', 'b']);
  });

  test('invalid options are typed errors before any navigation', async () => {
    await page.goto(`${APP_ORIGIN}/e2e/`);
    await waitForApp(page);
    await provider.dev.reset();
    const before = page.url();
    const outcomes = await page.evaluate(async (redirectUri) => {
      const attempt = async (o) => {
        try { await window.client.signIn({ redirectUri, ...o }); return 'resolved'; } catch (e) { return `${e instanceof window.sdk.LogtoError}:${e.code}`; }
      };
      return [
        await attempt({ directSignIn: { method: 'social' } }),
        await attempt({ directSignIn: { method: 'social', target: '' } }),
        await attempt({ firstScreen: 'nope' }),
        await attempt({ extraParams: { state: 'x' } }),
        await attempt({ prompt: 'sometimes' }),
      ];
    }, E2E_CALLBACK);
    assert.deepEqual(outcomes, [
      'true:sign_in.invalid_option', 'true:sign_in.invalid_direct_sign_in', 'true:sign_in.invalid_option',
      'true:sign_in.reserved_extra_param', 'true:sign_in.invalid_prompt',
    ]);
    assert.equal(page.url(), before, 'no navigation');
    assert.equal((await provider.dev.requests()).filter((r) => r.path === '/oidc/auth').length, 0);
  });
  test('postRedirectUri: after the callback the browser lands there, and the callback URL is not in the history', async () => {
    await page.goto(`${APP_ORIGIN}/e2e/`);
    await waitForApp(page);
    await page.context().clearCookies();
    const target = `${APP_ORIGIN}/e2e/after-sign-in`;
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(`${E2E_CALLBACK}?`)),
      page.evaluate((o) => { window.client.signIn(o); }, { redirectUri: E2E_CALLBACK, postRedirectUri: target }),
    ]);
    await waitForApp(page);
    const historyBefore = await page.evaluate(() => window.history.length);
    await Promise.all([
      page.waitForURL(target),
      page.evaluate((url) => { window.client.handleSignInCallback(url); }, page.url()),
    ]);
    await waitForApp(page);
    assert.equal(page.url(), target);
    assert.equal(await page.evaluate(() => window.client.isAuthenticated()), true);
    // location.replace: the callback entry was replaced, not pushed.
    assert.equal(await page.evaluate(() => window.history.length), historyBefore);
  });
  test('step-up (issue #15): maxAge arrives as max_age, and the ID token carries a fresh auth_time', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { params, claims } = await signInWith({ prompt: 'login', maxAge: 0 });
    assert.equal(value(params, 'max_age'), '0');
    assert.equal(value(params, 'prompt'), 'login');
    assert.equal(typeof claims.auth_time, 'number');
    assert.ok(claims.auth_time >= before - 5, `auth_time ${claims.auth_time} is from this sign-in`);
  });

  test('step-up (issue #15): a required acr the token does not assert is refused, and nothing is stored', async () => {
    await page.goto(`${APP_ORIGIN}/e2e/`);
    await waitForApp(page);
    await page.evaluate(() => window.client.clearAllTokens());
    await provider.dev.reset();
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(`${E2E_CALLBACK}?`)),
      page.evaluate((o) => { window.client.signIn(o); }, { redirectUri: E2E_CALLBACK, acrValues: 'urn:example:mfa', requireAcr: true }),
    ]);
    await waitForApp(page);
    const outcome = await page.evaluate((url) => window.client.handleSignInCallback(url).then(() => 'resolved', (e) => `${e instanceof window.sdk.LogtoError}:${e.code}`), page.url());
    assert.equal(outcome, 'true:id_token.acr_not_requested');
    const auth = (await provider.dev.requests()).filter((r) => r.path === '/oidc/auth');
    assert.equal(value(auth[0].params, 'acr_values'), 'urn:example:mfa');
    assert.equal(await page.evaluate(() => window.client.isAuthenticated()), false);
    assert.deepEqual(await page.evaluate(() => Object.keys(window.sessionStorage).filter((k) => k.endsWith(':session'))), []);
  });
});
