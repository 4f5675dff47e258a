// Issue #16: `logto-wasm/react`, the @logto/react API. The React sample (www/react: LogtoProvider,
// useLogto, useHandleSignInCallback, under React.StrictMode) is built in fresh Vite apps that
// installed the packed package with React 18 and with React 19 (production builds), and React 19
// as a development build (where StrictMode runs every effect twice), served under
// `script-src 'self' 'wasm-unsafe-eval'`, and driven in Chromium against the dev provider: sign in
// through the provider's form, the claims, an API token, userinfo, sign out. The provider must
// see one code exchange per sign-in, StrictMode's second callback effect included.
//
// Needs the package built (bash scripts/build-npm.sh) and registry access for react, react-dom,
// vite and @vitejs/plugin-react (npm's cache is used first).
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  APP_ORIGIN, APP_PORT, CLIENT_ID, launchBrowser, startNode, startProvider, withRunOrigins,
} from './lib.mjs';
import { ROOT, createApp, packPackage, requirePackage, run, tempDir } from '../npm/lib.mjs';
import { API, fetchUserInfo, getApiToken, signIn, signOut, storedSession } from '../npm/sample-flow.mjs';

const HOME = `${APP_ORIGIN}/js/`;
const SAMPLE = path.join(ROOT, 'www/react');
const STEP_TIMEOUT = 240_000;
const CSP = "script-src 'self' 'wasm-unsafe-eval'";

describe('logto-wasm/react in fresh Vite React apps (React 18 and 19)', { timeout: 900_000 }, () => {
  let tmp;
  let tarball;
  let provider;
  let browser;
  const apps = {};

  before(async () => {
    requirePackage();
    tmp = await tempDir('npm-react');
    ({ tarball } = await packPackage(tmp.dir));
  });

  after(async () => {
    await browser?.close();
    await provider?.stop();
    await tmp?.cleanup();
  });

  for (const [variant, react, mode] of [['18', '18', 'production'], ['19', '19', 'production'], ['19-dev', '19', 'development']]) {
    test(`React ${react} (${mode} build): a fresh Vite app with the React sample installs the tarball and builds`, { timeout: STEP_TIMEOUT }, async () => {
      const dir = path.join(tmp.dir, `react-${variant}`);
      const files = {};
      for (const name of ['index.html', 'main.jsx', 'App.jsx', 'vite.config.js']) files[name] = withRunOrigins(await readFile(path.join(SAMPLE, name), 'utf8'));
      await createApp(dir, {
        packageJson: {
          name: `react-${variant}-app`, private: true, type: 'module',
          // NODE_ENV picks React's build (Vite's --mode does not).
          scripts: { build: `NODE_ENV=${mode} vite build --base /js/` },
          dependencies: { 'logto-wasm': `file:${tarball}`, react: `^${react}`, 'react-dom': `^${react}` },
          devDependencies: { vite: '^7', '@vitejs/plugin-react': '^5' },
        },
        files,
      });
      const installed = JSON.parse(await readFile(path.join(dir, 'node_modules/react/package.json'), 'utf8'));
      assert.equal(installed.version.split('.')[0], react);
      await run('npm', ['run', 'build'], { cwd: dir, check: true });
      // React's development build (StrictMode's double effects) only where asked for.
      const bundle = (await Promise.all((await readdir(path.join(dir, 'dist/assets'))).filter((f) => f.endsWith('.js'))
        .map((f) => readFile(path.join(dir, 'dist/assets', f), 'utf8')))).join('\n');
      assert.equal(bundle.includes('Each child in a list should have a unique'), mode === 'development');
      apps[variant] = path.join(dir, 'dist');
    });

    test(`React ${react} (${mode} build): signs in (one code exchange under StrictMode), gets an API token, signs out`, { timeout: STEP_TIMEOUT }, async (t) => {
      assert.ok(apps[variant], 'the app was built');
      provider ??= await startProvider();
      browser ??= await launchBrowser();
      const statics = await startNode('dev/serve.mjs', {
        env: { PORT: String(APP_PORT), JS_DIR: apps[variant], CSP },
        name: `static:${APP_PORT}`,
        readyPattern: new RegExp(`static server ready on ${APP_ORIGIN}`),
      });
      t.after(() => statics.stop());
      const { page } = browser;
      const errorsBefore = browser.errors.length;
      await provider.dev.reset();

      const claims = await signIn(page, HOME, `react-${react}-user`);
      assert.equal(claims.sub, `react-${react}-user`);
      assert.equal(claims.aud, CLIENT_ID);
      const exchanges = (await provider.dev.requests()).filter((r) => r.path === '/oidc/token' && r.grant_type === 'authorization_code');
      assert.equal(exchanges.length, 1, 'StrictMode\'s second effect did not exchange the code again');
      assert.ok(await storedSession(page));
      const token = await getApiToken(page);
      assert.equal(token.aud, API);
      assert.equal(token.sub, `react-${react}-user`);
      assert.equal((await fetchUserInfo(page)).sub, `react-${react}-user`);
      await signOut(page, HOME);
      assert.equal(await storedSession(page), null);
      assert.deepEqual(browser.errors.slice(errorsBefore), [], 'no console errors (and no CSP violation)');
    });
  }
});
