// Issue #16: `logto-wasm/vue`, the @logto/vue API. The Vue sample (www/vue: the createLogto
// plugin, useLogto, useHandleSignInCallback) is built in a fresh Vite app that installed the packed
// package with Vue 3, served under `script-src 'self' 'wasm-unsafe-eval'`, and driven in Chromium
// against the dev provider: sign in through the provider's form (one code exchange), the claims,
// an API token, userinfo, sign out.
//
// Needs the package built (bash scripts/build-npm.sh) and registry access for vue, vite and
// @vitejs/plugin-vue (npm's cache is used first).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  APP_ORIGIN, APP_PORT, CLIENT_ID, launchBrowser, startNode, startProvider, withRunOrigins,
} from './lib.mjs';
import { ROOT, createApp, packPackage, requirePackage, run, tempDir } from '../npm/lib.mjs';
import { API, fetchUserInfo, getApiToken, signIn, signOut, storedSession } from '../npm/sample-flow.mjs';

const HOME = `${APP_ORIGIN}/js/`;
const SAMPLE = path.join(ROOT, 'www/vue');
const STEP_TIMEOUT = 240_000;
const CSP = "script-src 'self' 'wasm-unsafe-eval'";

describe('logto-wasm/vue in a fresh Vite Vue app', { timeout: 600_000 }, () => {
  let tmp;
  let dist;
  let provider;
  let browser;

  before(async () => {
    requirePackage();
    tmp = await tempDir('npm-vue');
  });

  after(async () => {
    await browser?.close();
    await provider?.stop();
    await tmp?.cleanup();
  });

  test('a fresh Vite app with the Vue sample installs the tarball and builds', { timeout: STEP_TIMEOUT }, async () => {
    const { tarball } = await packPackage(tmp.dir);
    const dir = path.join(tmp.dir, 'vue-app');
    const files = {};
    for (const name of ['index.html', 'main.js', 'App.vue', 'Home.vue', 'Callback.vue', 'ClaimsTable.vue', 'urls.js', 'vite.config.js']) {
      files[name] = withRunOrigins(await readFile(path.join(SAMPLE, name), 'utf8'));
    }
    await createApp(dir, {
      packageJson: {
        name: 'vue-app', private: true, type: 'module',
        scripts: { build: 'vite build --base /js/' },
        dependencies: { 'logto-wasm': `file:${tarball}`, vue: '^3' },
        devDependencies: { vite: '^7', '@vitejs/plugin-vue': '^6' },
      },
      files,
    });
    await run('npm', ['run', 'build'], { cwd: dir, check: true });
    dist = path.join(dir, 'dist');
  });

  test('signs in (one code exchange), gets an API token and userinfo, signs out', { timeout: STEP_TIMEOUT }, async (t) => {
    assert.ok(dist, 'the app was built');
    provider = await startProvider();
    browser = await launchBrowser();
    const statics = await startNode('dev/serve.mjs', {
      env: { PORT: String(APP_PORT), JS_DIR: dist, CSP },
      name: `static:${APP_PORT}`,
      readyPattern: new RegExp(`static server ready on ${APP_ORIGIN}`),
    });
    t.after(() => statics.stop());
    const { page } = browser;
    const claims = await signIn(page, HOME, 'vue-user');
    assert.equal(claims.sub, 'vue-user');
    assert.equal(claims.aud, CLIENT_ID);
    const exchanges = (await provider.dev.requests()).filter((r) => r.path === '/oidc/token' && r.grant_type === 'authorization_code');
    assert.equal(exchanges.length, 1);
    const token = await getApiToken(page);
    assert.equal(token.aud, API);
    assert.equal((await fetchUserInfo(page)).sub, 'vue-user');
    await signOut(page, HOME);
    assert.equal(await storedSession(page), null);
    assert.deepEqual(browser.errors, [], 'no console errors (and no CSP violation)');
  });
});
