// Issue 8 acceptance: the npm package as an app gets it. `npm pack` of target/npm/logto-wasm;
// the tarball installed into a fresh Vite 7 app and a fresh webpack 5 app (temp dirs, their tools
// from the npm registry), both built with no bundler configuration (the app code is the
// JavaScript sample, www/js/main.js); then each build, served under the run's app origin at /js/,
// signs in through the dev provider in headless Chromium, gets an API token and signs out; and so
// do the Vite app under `vite` (the dev server, which pre-bundles the package) and the same page
// without any bundler (the installed package directory served as is, an import map).
//
// Needs the package built (bash scripts/build-npm.sh) and registry access for vite / webpack
// (npm's cache is used first).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  APP_ORIGIN, APP_PORT, CLIENT_ID, launchBrowser, startNode, startProvider, waitForHttp, withRunOrigins,
} from './lib.mjs';
import { ROOT, createApp, packPackage, requirePackage, run, startProcess, tempDir } from '../npm/lib.mjs';
import { API, fetchUserInfo, getApiToken, signIn, signOut, storedSession } from '../npm/sample-flow.mjs';

const HOME = `${APP_ORIGIN}/js/`;
/** The plain page's import map: an inline script, so a CSP must allow it by its hash. */
const PLAIN_IMPORT_MAP = '{ "imports": { "logto-wasm": "./logto-wasm/index.js" } }';
const SAMPLE = path.join(ROOT, 'www/js');
const STEP_TIMEOUT = 240_000;

/**
 * The only Content-Security-Policy an app should need for logto-wasm beyond its own (issue #16):
 * `'wasm-unsafe-eval'` to compile the module. Every build below is served under it.
 */
const CSP = "script-src 'self' 'wasm-unsafe-eval'";

/** Starts dev/serve.mjs on the run's app port with /js/ served from `dir`, under `csp`. */
const serveAtJs = (dir, csp = CSP) => startNode('dev/serve.mjs', {
  env: { PORT: String(APP_PORT), JS_DIR: dir, CSP: csp },
  name: `static:${APP_PORT}`,
  readyPattern: new RegExp(`static server ready on ${APP_ORIGIN}`),
});

/** The JavaScript sample's main.js, pointed at this run's provider. */
const sampleMain = async () => withRunOrigins(await readFile(path.join(SAMPLE, 'main.js'), 'utf8'));

/** The contents of the page's inline scripts (`<script>` without `src`, import maps included). */
function inlineScripts(html) {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(([, attrs]) => !/\bsrc\s*=/.test(attrs)).map(([, , text]) => text);
}

async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)));
}

describe('npm package in fresh Vite and webpack apps', { timeout: 900_000 }, () => {
  let tmp;
  let tarball;
  let provider;
  let browser;
  const apps = {};
  let viteAppDir;
  let parcelAppDir;

  before(async () => {
    requirePackage();
    tmp = await tempDir('npm-apps');
    ({ tarball } = await packPackage(tmp.dir));
  });

  after(async () => {
    await browser?.close();
    await provider?.stop();
    await tmp?.cleanup();
  });

  test('a fresh Vite 7 app installs the tarball and builds with no config', { timeout: STEP_TIMEOUT }, async () => {
    const dir = path.join(tmp.dir, 'vite-app');
    const html = await readFile(path.join(SAMPLE, 'index.html'), 'utf8');
    await createApp(dir, {
      packageJson: {
        name: 'vite-app', private: true, type: 'module',
        scripts: { build: 'vite build --base /js/' },
        dependencies: { 'logto-wasm': `file:${tarball}` },
        devDependencies: { vite: '^7' },
      },
      files: { 'index.html': html, 'main.js': await sampleMain() },
    });
    const { stdout } = await run('npm', ['run', 'build'], { cwd: dir, check: true });
    assert.match(stdout, /vite v7\./);
    const dist = path.join(dir, 'dist');
    const files = await filesUnder(dist);
    assert.equal(files.filter((f) => f.endsWith('.wasm')).length, 1, `one .wasm asset: ${files.join(', ')}`);
    assert.ok(files.includes('index.html'));
    // Issue #16: an app that imports neither logto-wasm/react nor logto-wasm/vue ships none of them.
    const js = (await Promise.all(files.filter((f) => f.endsWith('.js')).map((f) => readFile(path.join(dist, f), 'utf8')))).join('\n');
    assert.ok(!js.includes('LogtoProvider') && !js.includes('react.dev') && !js.includes('useHandleSignInCallback'), 'no React binding in the bundle');
    assert.ok(!js.includes('createLogto') && !js.includes('logto-wasm/vue'), 'no Vue binding in the bundle');
    apps.vite = dist;
    viteAppDir = dir;
  });

  test('a fresh webpack 5 app installs the tarball and builds with no config', { timeout: STEP_TIMEOUT }, async () => {
    const dir = path.join(tmp.dir, 'webpack-app');
    await createApp(dir, {
      packageJson: {
        name: 'webpack-app', private: true, type: 'module',
        scripts: { build: 'webpack --mode production' }, // no webpack.config.js: the defaults (src/index.js → dist/main.js)
        dependencies: { 'logto-wasm': `file:${tarball}` },
        devDependencies: { webpack: '^5', 'webpack-cli': '^6' },
      },
      files: { 'src/index.js': await sampleMain() },
    });
    const { stdout, stderr } = await run('npm', ['run', 'build'], { cwd: dir, check: true });
    assert.match(stdout, /webpack 5\.\d+\.\d+ compiled/);
    assert.doesNotMatch(stdout + stderr, /ERROR in/);
    const dist = path.join(dir, 'dist');
    // webpack builds JavaScript only; the page is the sample's, loading the bundle.
    const html = (await readFile(path.join(SAMPLE, 'index.html'), 'utf8'))
      .replace('<script type="module" src="./main.js"></script>', '<script defer src="main.js"></script>');
    assert.ok(html.includes('src="main.js"'));
    await writeFile(path.join(dist, 'index.html'), html);
    const files = await filesUnder(dist);
    assert.equal(files.filter((f) => f.endsWith('.wasm')).length, 1, `one .wasm asset: ${files.join(', ')}`);
    const bundle = await readFile(path.join(dist, 'main.js'), 'utf8');
    assert.ok(!bundle.includes(tmp.dir), 'no build-machine path in the bundle');
    apps.webpack = dist;
  });

  test('a fresh Parcel 2 app installs the tarball and builds with no config', { timeout: STEP_TIMEOUT }, async () => {
    const dir = path.join(tmp.dir, 'parcel-app');
    await createApp(dir, {
      packageJson: {
        name: 'parcel-app', private: true, type: 'module',
        scripts: { build: 'parcel build index.html --public-url /js/ --no-cache --dist-dir dist' },
        dependencies: { 'logto-wasm': `file:${tarball}` },
        devDependencies: { parcel: '^2' },
      },
      files: { 'index.html': await readFile(path.join(SAMPLE, 'index.html'), 'utf8'), 'main.js': await sampleMain() },
    });
    await run('npm', ['run', 'build'], { cwd: dir, check: true });
    const dist = path.join(dir, 'dist');
    const files = await filesUnder(dist);
    assert.equal(files.filter((f) => f.endsWith('.wasm')).length, 1, `one .wasm asset: ${files.join(', ')}`);
    apps.parcel = dist;
    parcelAppDir = dir;
  });

  test('a fresh esbuild app: esbuild leaves new URL(…, import.meta.url) alone, so the .wasm is copied next to the bundle', { timeout: STEP_TIMEOUT }, async () => {
    const dir = path.join(tmp.dir, 'esbuild-app');
    await createApp(dir, {
      packageJson: {
        name: 'esbuild-app', private: true, type: 'module',
        // The one step esbuild needs: the .wasm next to the bundle (docs/bundlers.md).
        scripts: { build: 'esbuild main.js --bundle --format=esm --minify --outdir=dist && cp node_modules/logto-wasm/logto_wasm_bg.wasm dist/' },
        dependencies: { 'logto-wasm': `file:${tarball}` },
        devDependencies: { esbuild: '^0.25' },
      },
      files: { 'main.js': await sampleMain() },
    });
    await run('npm', ['run', 'build'], { cwd: dir, check: true });
    const dist = path.join(dir, 'dist');
    await writeFile(path.join(dist, 'index.html'), (await readFile(path.join(SAMPLE, 'index.html'), 'utf8')).replace('./main.js', '/js/main.js'));
    assert.deepEqual((await filesUnder(dist)).sort(), ['index.html', 'logto_wasm_bg.wasm', 'main.js']);
    apps.esbuild = dist;
  });

  test('without a bundler: the installed package served as is, with an import map', async () => {
    assert.ok(viteAppDir, 'the Vite app (which installed the tarball) was created');
    const dist = path.join(tmp.dir, 'plain');
    await mkdir(dist, { recursive: true });
    await cp(path.join(viteAppDir, 'node_modules/logto-wasm'), path.join(dist, 'logto-wasm'), { recursive: true });
    await writeFile(path.join(dist, 'main.js'), await sampleMain());
    const importMap = `<script type="importmap">${PLAIN_IMPORT_MAP}</script>`;
    const html = (await readFile(path.join(SAMPLE, 'index.html'), 'utf8')).replace('</head>', `  ${importMap}\n  </head>`);
    assert.ok(html.includes('importmap'));
    await writeFile(path.join(dist, 'index.html'), html);
    apps.plain = dist;
  });

  for (const name of ['vite', 'webpack', 'parcel', 'esbuild', 'plain']) {
    test(`the ${name} build signs in, gets an API token and signs out in Chromium, under script-src 'self' 'wasm-unsafe-eval' (and its inline scripts' hashes)`, { timeout: STEP_TIMEOUT }, async (t) => {
      assert.ok(apps[name], `the ${name} app was built`);
      provider ??= await startProvider();
      browser ??= await launchBrowser();
      // What each needs beyond CSP: the hashes of the page's inline scripts. Vite and webpack
      // builds have none; without a bundler the import map is one, and Parcel writes the .wasm's
      // URL into an inline import map (docs/bundlers.md).
      const inline = inlineScripts(await readFile(path.join(apps[name], 'index.html'), 'utf8'));
      assert.equal(inline.length, ['plain', 'parcel'].includes(name) ? 1 : 0, `${name}: inline scripts ${JSON.stringify(inline)}`);
      if (name === 'plain') assert.deepEqual(inline, [PLAIN_IMPORT_MAP]);
      const hashes = inline.map((text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`);
      const statics = await serveAtJs(apps[name], [CSP, ...hashes].join(' '));
      t.after(() => statics.stop());
      const { page } = browser;
      const errorsBefore = browser.errors.length;

      const claims = await signIn(page, HOME, `${name}-user`);
      assert.equal(claims.sub, `${name}-user`);
      assert.equal(claims.aud, CLIENT_ID);
      assert.ok(await storedSession(page));
      const token = await getApiToken(page);
      assert.equal(token.aud, API);
      assert.equal(token.sub, `${name}-user`);
      const info = await fetchUserInfo(page);
      assert.equal(info.sub, `${name}-user`);
      await signOut(page, HOME);
      assert.equal(await storedSession(page), null);
      assert.deepEqual(browser.errors.slice(errorsBefore), [], 'no console errors');
    });
  }

  test('the control: under script-src \'self\' alone the module is refused, so the policy above was in force', { timeout: STEP_TIMEOUT }, async (t) => {
    assert.ok(apps.vite, 'the Vite app was built');
    provider ??= await startProvider();
    browser ??= await launchBrowser();
    const statics = await serveAtJs(apps.vite, "script-src 'self'");
    t.after(() => statics.stop());
    const { page } = browser;
    const errorsBefore = browser.errors.length;
    await page.goto(HOME);
    await page.waitForSelector('#error-code', { timeout: 30_000 });
    assert.match(browser.errors.slice(errorsBefore).join('\n'), /wasm-unsafe-eval|WebAssembly/, 'the compile was refused by the policy');
  });

  test('the Vite dev server (dependency pre-bundling) loads the .wasm and signs in, with no config', { timeout: STEP_TIMEOUT }, async (t) => {
    assert.ok(viteAppDir, 'the Vite app was created');
    provider ??= await startProvider();
    browser ??= await launchBrowser();
    const vite = await startProcess(process.execPath, [path.join(viteAppDir, 'node_modules/vite/bin/vite.js'), '--port', String(APP_PORT), '--strictPort', '--base', '/js/'], {
      cwd: viteAppDir,
      readyPattern: /ready in/,
      timeout: 60_000,
      name: 'vite',
    });
    t.after(() => vite.stop());
    await waitForHttp(HOME);
    const { page } = browser;
    const errorsBefore = browser.errors.length;
    const wasmResponses = [];
    const onResponse = (res) => { if (res.url().endsWith('.wasm')) wasmResponses.push([res.status(), res.url()]); };
    page.on('response', onResponse);
    t.after(() => page.off('response', onResponse));

    const claims = await signIn(page, HOME, 'vite-dev-user');
    assert.equal(claims.sub, 'vite-dev-user');
    assert.ok(wasmResponses.length > 0 && wasmResponses.every(([status]) => status === 200), JSON.stringify(wasmResponses));
    assert.ok(wasmResponses.every(([, url]) => url.includes('/node_modules/logto-wasm/')), 'served from the package, not .vite/deps');
    const token = await getApiToken(page);
    assert.equal(token.aud, API);
    await signOut(page, HOME);
    assert.deepEqual(browser.errors.slice(errorsBefore), [], 'no console errors');
  });

  test('the Parcel 2 dev server loads the .wasm and signs in, with no config and no init (the entry has no top-level await)', { timeout: STEP_TIMEOUT }, async (t) => {
    assert.ok(parcelAppDir, 'the Parcel app was created');
    provider ??= await startProvider();
    browser ??= await launchBrowser();
    const parcel = await startProcess(process.execPath, [path.join(parcelAppDir, 'node_modules/parcel/lib/bin.js'), 'index.html', '--port', String(APP_PORT), '--public-url', '/js/', '--no-cache'], {
      cwd: parcelAppDir,
      // Its own port (Parcel moves to another one when it is taken, which the provider would refuse).
      readyPattern: new RegExp(`Server running at ${APP_ORIGIN}[\\s\\S]*Built in`),
      timeout: 120_000,
      name: 'parcel',
    });
    t.after(() => parcel.stop());
    await waitForHttp(HOME);
    const { page } = browser;
    const errorsBefore = browser.errors.length;
    const claims = await signIn(page, HOME, 'parcel-dev-user');
    assert.equal(claims.sub, 'parcel-dev-user');
    await signOut(page, HOME);
    assert.deepEqual(browser.errors.slice(errorsBefore), [], 'no console errors');
  });
});
