// The npm package as published (scripts/build-npm.sh → target/npm/logto-wasm, then `npm pack`):
// what the tarball holds, its package.json, its README and LICENSE, declarations without `any`,
// and the package at work in Node (import, initSync, LogtoError) once installed from the tarball.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { PACKAGE_DIR, ROOT, createApp, packPackage, run, tempDir } from './lib.mjs';

const SHIPPED = ['LICENSE', 'README.md', 'bindings.d.ts', 'bindings.js', 'index.d.ts', 'index.js', 'logto_wasm.d.ts', 'logto_wasm.js', 'logto_wasm_bg.wasm', 'package.json', 'react.d.ts', 'react.js', 'vue.d.ts', 'vue.js'];

/** Declarations with comments removed. */
const code = (dts) => dts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

describe('npm package', { timeout: 180_000 }, () => {
  let tmp;
  let packed;
  let installed;
  let pkg;

  before(async () => {
    tmp = await tempDir('npm-package');
    packed = await packPackage(tmp.dir);
    const app = path.join(tmp.dir, 'app');
    await createApp(app, {
      packageJson: { name: 'node-app', private: true, type: 'module', dependencies: { 'logto-wasm': `file:${packed.tarball}` } },
    });
    installed = path.join(app, 'node_modules/logto-wasm');
    pkg = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8'));
  });

  after(() => tmp?.cleanup());

  test('the tarball holds exactly the package files', () => {
    assert.deepEqual(packed.info.files.map((f) => f.path).sort(), SHIPPED);
    assert.equal(packed.info.name, 'logto-wasm');
    const wasm = packed.info.files.find((f) => f.path === 'logto_wasm_bg.wasm');
    assert.ok(wasm.size > 100_000, `the .wasm is ${wasm.size} bytes`);
  });

  test('package.json: ESM, exports with types, files, sideEffects, license, repository, keywords', async () => {
    const cargo = await readFile(path.join(ROOT, 'Cargo.toml'), 'utf8');
    const version = cargo.match(/^version = "([^"]+)"/m)[1];
    assert.equal(pkg.name, 'logto-wasm');
    assert.equal(pkg.version, version, 'the version is the crate version');
    assert.equal(pkg.type, 'module');
    assert.equal(pkg.main, './index.js');
    assert.equal(pkg.module, './index.js');
    assert.equal(pkg.types, './index.d.ts');
    assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', default: './index.js' });
    assert.equal(Object.keys(pkg.exports['.'])[0], 'types', '`types` comes first in the export conditions');
    assert.equal(pkg.exports['./logto_wasm_bg.wasm'], './logto_wasm_bg.wasm');
    assert.equal(pkg.sideEffects, false);
    assert.deepEqual([...pkg.files].sort(), SHIPPED.filter((f) => f !== 'package.json'));
    assert.equal(pkg.license, 'MIT');
    assert.match(pkg.repository.url, /^git\+https:\/\/github\.com\/.+\.git$/);
    assert.match(pkg.homepage, /^https:\/\//);
    for (const keyword of ['logto', 'oidc', 'wasm', 'authentication']) assert.ok(pkg.keywords.includes(keyword), keyword);
    assert.ok(pkg.description.length > 40);
    assert.equal(pkg.dependencies, undefined, 'no runtime dependencies');
    // Issue #16: React only for `logto-wasm/react`, Vue only for `logto-wasm/vue`, both optional.
    assert.deepEqual(pkg.exports['./react'], { types: './react.d.ts', default: './react.js' });
    assert.deepEqual(pkg.exports['./vue'], { types: './vue.d.ts', default: './vue.js' });
    assert.deepEqual(pkg.peerDependencies, { react: '>=18', vue: '>=3' });
    assert.deepEqual(pkg.peerDependenciesMeta, { react: { optional: true }, vue: { optional: true } });
    assert.equal(pkg.scripts, undefined, 'no install scripts');
  });

  test('README is the npm README (install, init, bundlers, TypeScript), LICENSE is MIT', async () => {
    const readme = await readFile(path.join(installed, 'README.md'), 'utf8');
    assert.equal(readme, await readFile(path.join(ROOT, 'npm/README.md'), 'utf8'));
    for (const needle of ['npm install logto-wasm', "import LogtoClient", 'init(', 'Vite', 'webpack', 'LogtoErrorCode', 'MIGRATION.md']) {
      assert.ok(readme.includes(needle), `README mentions ${needle}`);
    }
    assert.ok(!readme.includes('cargo test'), 'not the repository README');
    assert.ok(!/\]\((?!https?:|#)[^)]+\)/.test(readme), 'links are absolute (relative links break on npmjs.com)');
    const license = await readFile(path.join(installed, 'LICENSE'), 'utf8');
    assert.match(license, /^MIT License/);
  });

  test('the shipped declarations contain no `any`', async () => {
    for (const file of ['index.d.ts', 'logto_wasm.d.ts']) {
      const lines = code(await readFile(path.join(installed, file), 'utf8')).split('\n').filter((l) => /\bany\b/.test(l));
      assert.deepEqual(lines, [], `${file}`);
    }
  });

  test("wasm-pack's own declarations (pkg/) type every parameter of the public classes", async (t) => {
    const raw = path.join(ROOT, 'pkg/logto_wasm.d.ts');
    if (!existsSync(raw)) return t.skip('pkg/ is not built');
    const dts = code(await readFile(raw, 'utf8'));
    const classes = dts.slice(dts.indexOf('export class LogtoClient'), dts.indexOf('export type InitInput'));
    assert.ok(classes.includes('getAccessToken('), 'found the classes');
    assert.deepEqual(classes.split('\n').filter((l) => /\bany\b/.test(l)), []);
  });

  test('the entry loads the .wasm with new URL(./logto_wasm_bg.wasm, import.meta.url)', async () => {
    const entry = await readFile(path.join(installed, 'index.js'), 'utf8');
    assert.ok(entry.includes("new URL('./logto_wasm_bg.wasm', import.meta.url)"));
  });

  test('the wasm and its glue call each other by short names (npm/short-names.mjs)', async () => {
    const wasm = new WebAssembly.Module(await readFile(path.join(installed, 'logto_wasm_bg.wasm')));
    const imports = WebAssembly.Module.imports(wasm);
    const exports = WebAssembly.Module.exports(wasm).map((e) => e.name);
    assert.ok(imports.length > 50);
    assert.deepEqual([...new Set(imports.map((i) => i.module))], ['w']);
    assert.ok(imports.every((i) => /^__w[0-9a-z]+$/.test(i.name)), imports.map((i) => i.name).join(' '));
    assert.ok(exports.includes('memory'));
    const glue = await readFile(path.join(installed, 'logto_wasm.js'), 'utf8');
    assert.doesNotMatch(glue, /__wbg_\w+_[0-9a-f]{16}\b|__h[0-9a-f]{16}\b/, 'no hashed name is left in the glue');
    for (const { name } of imports) assert.match(glue, new RegExp(`\\b${name}:`), `the glue provides ${name}`);
    // The API keeps its names: a free function the wasm exports under its JS name is not renamed.
    assert.match(glue, /export function completePopupSignIn\(/);
    assert.ok(exports.includes('completePopupSignIn'));
    const dts = await readFile(path.join(installed, 'logto_wasm.d.ts'), 'utf8');
    assert.match(dts, /export function completePopupSignIn\(/);
  });

  test('in Node: constants and clients before the module is loaded, init with bytes, initSync, LogtoError', async () => {
    const app = path.dirname(path.dirname(installed));
    const script = path.join(app, 'probe.mjs');
    await writeFile(script, `
      import { readFileSync } from 'node:fs';
      import LogtoClient, * as sdk from 'logto-wasm';
      const out = { sameClass: LogtoClient === sdk.LogtoClient };
      // Issue #16: plain values before the module is loaded (this read crashed before).
      out.constants = [sdk.UserScope.Email, sdk.UserScope.Organizations, sdk.Prompt.Login, sdk.ReservedScope.OfflineAccess,
        sdk.ReservedResource.Organization, sdk.buildOrganizationUrn('org1')];
      // No init(): the constructor is synchronous and starts loading the module (which fails
      // here: Node's fetch cannot read file: URLs); a bad config is reported once it loads.
      const early = new LogtoClient({ endpoint: 'https://tenant.logto.app', appId: 'app', storage: 'memory' });
      const bad = new LogtoClient({ endpoint: 'https://tenant.logto.app' });
      const urls = ['https://app.example/cb?code=c&state=s', 'https://app.example/cb?error=access_denied&state=s', 'https://app.example/cb?code=c',
        'https://app.example/cb#?code=c&state=s', 'https://u@app.example/cb?code=c&state=s', 'myapp://cb?code=c&state=s', 'not a url',
        'HTTP://APP.EXAMPLE/cb?state=s&code=', 'https://app.example/cb?co%64e=c&state=s', 'https://app.example/cb?code=c&state=s&x= y'];
      out.beforeLoad = urls.map((u) => early.isSignInRedirected(u));
      out.initSyncWhileLoading = (() => { try { sdk.initSync(new Uint8Array()); return 'returned'; } catch (e) { return /already loading/.test(e.message); } })();
      out.failedLoad = await early.isAuthenticated().then(() => 'resolved', (e) => e.constructor.name);
      await sdk.init(readFileSync(new URL(import.meta.resolve('logto-wasm/logto_wasm_bg.wasm'))));
      await sdk.init(); // loaded already: returns at once, fetches nothing
      sdk.initSync(new Uint8Array()); // loaded already: returns at once
      out.afterLoad = urls.map((u) => early.isSignInRedirected(u));
      out.authenticated = await early.isAuthenticated();
      out.badConfig = await bad.isAuthenticated().then(() => 'resolved', (e) => [e instanceof sdk.LogtoError, e.code]);
      try { new LogtoClient({ endpoint: 'https://tenant.logto.app' }); } catch (e) {
        out.error = { isLogtoError: e instanceof sdk.LogtoError, isError: e instanceof Error, code: e.code, name: e.name, hasStack: typeof e.stack === 'string', message: e.message };
      }
      const client = new LogtoClient({ endpoint: 'https://tenant.logto.app', appId: 'app', storage: 'memory' });
      out.claims = await client.getIdTokenClaims().then(() => 'resolved', (e) => e.code);
      out.badArgument = await client.getAccessToken(42).then(() => 'resolved', (e) => e.code);
      // Option errors name the options as JavaScript writes them (the core's messages use Rust's names).
      out.badOptions = await Promise.all([{ redirectUri: 'not a url' }, { redirectUri: 'https://app.example/cb', loginHint: '' }]
        .map((o) => client.signIn(o).then(() => 'resolved', (e) => [e.code, e.message])));
      // No window to navigate (and no provider on the discard port): signing out locally works,
      // the navigation to the post-logout URI cannot happen.
      const offline = new LogtoClient({ endpoint: 'http://127.0.0.1:9', appId: 'app', storage: 'memory' });
      out.signOut = await offline.signOut('http://127.0.0.1:9/after').then(() => 'resolved', (e) => e.code);
      console.log(JSON.stringify(out));
    `);
    const { stdout, stderr, code: exit } = await run(process.execPath, [script], { cwd: app });
    assert.equal(exit, 0, stderr);
    const out = JSON.parse(stdout);
    assert.equal(out.sameClass, true, 'the default export is LogtoClient');
    assert.deepEqual(out.constants, ['email', 'urn:logto:scope:organizations', 'login', 'offline_access', 'urn:logto:resource:organizations', 'urn:logto:organization:org1']);
    assert.deepEqual(out.beforeLoad, [true, true, false, false, false, false, false, true, true, false]);
    assert.deepEqual(out.afterLoad, out.beforeLoad, 'the JavaScript rule before the load is the module\'s');
    assert.equal(out.failedLoad, 'TypeError', 'the failed load rejects the call');
    assert.equal(out.initSyncWhileLoading, true);
    assert.equal(out.authenticated, false, 'a client created before the load works once the module is there');
    assert.deepEqual(out.badConfig, [true, 'config.missing_app_id']);
    assert.deepEqual(out.error, {
      isLogtoError: true, isError: true, code: 'config.missing_app_id', name: 'LogtoError', hasStack: true,
      message: "`appId` is required: the application's App ID in Logto",
    });
    assert.equal(out.claims, 'not_authenticated');
    assert.equal(out.badArgument, 'invalid_argument');
    assert.deepEqual(out.badOptions, [
      ['sign_in.invalid_redirect_uri', '`redirectUri` is invalid: `redirectUri` is not an absolute http(s) URL'],
      ['sign_in.invalid_option', 'option `loginHint` has an invalid value'],
    ]);
    assert.equal(out.signOut, 'navigation.failed');
  });

  test('docs/js-api.md is generated from the shipped declarations (node npm/api-docs.mjs)', async () => {
    const { code: exit, stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'npm/api-docs.mjs'), '--check'], { env: { NPM_PACKAGE_DIR: installed } });
    assert.equal(exit, 0, stdout + stderr);
    const doc = await readFile(path.join(ROOT, 'docs/js-api.md'), 'utf8');
    for (const needle of ['`new LogtoClient(config: LogtoConfig)`', '### `LogtoErrorCode`', '### `interface SignInOptions`', '### `init()`']) {
      assert.ok(doc.includes(needle), needle);
    }
  });

  test('the package directory was assembled from the current entry', async () => {
    for (const file of ['index.js', 'index.d.ts', 'bindings.js', 'bindings.d.ts', 'react.js', 'react.d.ts', 'vue.js', 'vue.d.ts', 'README.md']) {
      assert.equal(await readFile(path.join(PACKAGE_DIR, file), 'utf8'), await readFile(path.join(ROOT, 'npm', file), 'utf8'), `${file} is stale: run bash scripts/build-npm.sh`);
    }
  });
});
