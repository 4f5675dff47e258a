// The JavaScript sample (www/js/main.js) driven as a person would, in Chromium (playwright-core):
// used by tests/e2e/npm-sample.test.mjs (the sample's own Vite build) and
// tests/e2e/npm-package.test.mjs (the same code in fresh Vite and webpack apps that installed the
// packed package).
import assert from 'node:assert/strict';

import { PROVIDER_ORIGIN } from '../e2e/lib.mjs';

export const API = 'https://api.example.com';
export const SESSION_KEY = 'logto:logto-wasm-demo:session';
const TIMEOUT = 20_000;

export const text = (page, selector) => page.locator(selector).first().innerText({ timeout: TIMEOUT });
export const visible = (page, selector) => page.locator(selector).first().waitFor({ state: 'visible', timeout: TIMEOUT });
export const storedSession = (page) => page.evaluate((key) => window.sessionStorage.getItem(key), SESSION_KEY);

/** Opens the sample at `home` (e.g. http://localhost:3000/js/) and waits for the signed-out page. */
export async function openSignedOut(page, home) {
  await page.goto(home);
  await visible(page, '#sign-in');
}

/**
 * "Sign in" → the provider's form (or straight back when its session exists) → the callback →
 * the signed-in page at `home`. Returns the ID-token claims the page shows.
 */
export async function signIn(page, home, username = 'alice') {
  await openSignedOut(page, home);
  const callback = new URL('callback', home).href;
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(`${PROVIDER_ORIGIN}/interaction/`) || url.href.startsWith(`${callback}?`), { timeout: TIMEOUT }),
    page.click('#sign-in'),
  ]);
  if (page.url().startsWith(`${PROVIDER_ORIGIN}/interaction/`)) {
    await page.fill('#username', username);
    await page.fill('#password', 'anything');
    await page.click('#submit');
  }
  await visible(page, '#signed-in');
  assert.equal(page.url(), home, 'the callback page moves on to the home page');
  const claim = (name) => text(page, `#signed-in tr[data-claim="${name}"] td`);
  return { sub: await claim('sub'), iss: await claim('iss'), aud: await claim('aud'), user: await text(page, '#user') };
}

/** "Get API token": resolves to the claims the page shows for the API token. */
export async function getApiToken(page) {
  await page.click('#get-token');
  await visible(page, '#api-token tr[data-claim="aud"]');
  const claim = (name) => text(page, `#api-token tr[data-claim="${name}"] td`);
  return { aud: await claim('aud'), scope: await claim('scope'), sub: await claim('sub'), raw: await text(page, '#api-token-raw') };
}

/** "Fetch user info": resolves to the userinfo JSON the page shows. */
export async function fetchUserInfo(page) {
  await page.click('#fetch-userinfo');
  await visible(page, '#userinfo-json');
  return JSON.parse(await page.locator('#userinfo-json').textContent());
}

/** "Sign out": through the provider's end-session endpoint back to the signed-out `home`. */
export async function signOut(page, home) {
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(`${PROVIDER_ORIGIN}/oidc/session/end`), { timeout: TIMEOUT }),
    page.click('#sign-out'),
  ]);
  await page.waitForURL(home, { timeout: TIMEOUT });
  await visible(page, '#signed-out');
}
