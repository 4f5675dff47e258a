// TypeScript: `tsc --strict --noEmit` (no skipLibCheck) against the package installed from its
// tarball. tests/npm/types/usage.ts uses every public API and must compile, with the module
// resolutions apps use (`bundler`, `node16`); each file of tests/npm/types/misuse/ is a deliberate
// misuse (a wrong option name, a wrong claim type, an unknown error code, ...) and must fail with
// the diagnostic its `// expect: TSxxxx message` line names, and with no other.
import assert from 'node:assert/strict';
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { BIN, ROOT, createApp, packPackage, run, tempDir } from './lib.mjs';

const TYPES = path.join(ROOT, 'tests/npm/types');
const TSC = path.join(BIN, 'tsc');
const COMMON = ['--strict', '--noEmit', '--pretty', 'false', '--target', 'es2022', '--lib', 'es2022,dom'];
const BUNDLER = [...COMMON, '--module', 'esnext', '--moduleResolution', 'bundler'];
const NODE16 = [...COMMON, '--module', 'node16', '--moduleResolution', 'node16'];
const NODE10 = [...COMMON, '--module', 'esnext', '--moduleResolution', 'node'];

/** Parses `file(line,col): error TSxxxx: message` diagnostics (continuation lines are appended). */
function diagnostics(output) {
  const found = [];
  for (const line of output.split('\n')) {
    const m = line.match(/^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/);
    if (m) found.push({ file: m[1], line: Number(m[2]), code: m[4], message: m[5] });
    else if (found.length > 0 && line.trim()) found.at(-1).message += ` ${line.trim()}`;
  }
  return found;
}

describe('TypeScript declarations (tsc --strict)', { timeout: 180_000 }, () => {
  let tmp;
  let app;

  before(async () => {
    tmp = await tempDir('npm-types');
    const { tarball } = await packPackage(tmp.dir);
    app = path.join(tmp.dir, 'app');
    await createApp(app, {
      // @types/react for logto-wasm/react's declarations (issue #16); React itself is not needed to type-check.
      packageJson: { name: 'ts-app', private: true, type: 'module', dependencies: { 'logto-wasm': `file:${tarball}` }, devDependencies: { '@types/react': '^19', vue: '^3' } },
    });
    await cp(TYPES, path.join(app, 'types'), { recursive: true });
  });

  after(() => tmp?.cleanup());

  test('the TypeScript compiler is the pinned devDependency', async () => {
    const { stdout } = await run(TSC, ['--version'], { check: true });
    assert.match(stdout, /^Version 5\./);
  });

  for (const [name, flags] of [['bundler', BUNDLER], ['node16', NODE16], ['node (node10)', NODE10]]) {
    test(`usage.ts (every public API) compiles under --strict, moduleResolution ${name}`, async () => {
      const { code, stdout, stderr } = await run(TSC, [...flags, 'types/usage.ts'], { cwd: app });
      assert.deepEqual(diagnostics(stdout), [], stdout + stderr);
      assert.equal(code, 0, stdout + stderr);
    });
  }

  for (const [name, flags] of [['bundler', BUNDLER], ['node16', NODE16]]) {
    test(`react-usage.tsx (every logto-wasm/react API) compiles under --strict --jsx react-jsx, moduleResolution ${name}`, async () => {
      const { code, stdout, stderr } = await run(TSC, [...flags, '--jsx', 'react-jsx', 'types/react-usage.tsx'], { cwd: app });
      assert.deepEqual(diagnostics(stdout), [], stdout + stderr);
      assert.equal(code, 0, stdout + stderr);
    });
  }

  for (const [name, flags] of [['bundler', BUNDLER], ['node16', NODE16]]) {
    test(`vue-usage.ts (every logto-wasm/vue API) compiles under --strict, moduleResolution ${name}`, async () => {
      const { code, stdout, stderr } = await run(TSC, [...flags, 'types/vue-usage.ts'], { cwd: app });
      assert.deepEqual(diagnostics(stdout), [], stdout + stderr);
      assert.equal(code, 0, stdout + stderr);
    });
  }

  test('every deliberate misuse fails with its expected diagnostic', async () => {
    const files = (await readdir(path.join(TYPES, 'misuse'))).filter((f) => f.endsWith('.ts')).sort();
    assert.ok(files.length >= 8, `${files.length} misuse files`);
    assert.ok(files.includes('option-name.ts') && files.includes('claim-type.ts'));
    const { code, stdout, stderr } = await run(TSC, [...BUNDLER, ...files.map((f) => `types/misuse/${f}`)], { cwd: app });
    assert.equal(code, 2, `tsc exits 2 on type errors:\n${stdout}${stderr}`);
    const found = diagnostics(stdout);
    const problems = [];
    for (const file of files) {
      const source = await readFile(path.join(TYPES, 'misuse', file), 'utf8');
      const [, expectedCode, expectedMessage] = source.match(/^\/\/ expect: (TS\d+) (.+)$/m);
      const mine = found.filter((d) => d.file === `types/misuse/${file}`);
      if (mine.length !== 1 || mine[0].code !== expectedCode || !mine[0].message.includes(expectedMessage)) {
        problems.push(`${file}: expected ${expectedCode} "${expectedMessage}", got ${JSON.stringify(mine)}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.equal(found.length, files.length, 'one diagnostic per misuse, nothing else');
  });

  test('the same misuses compile when the types are `any` (the test can tell)', async () => {
    // Guard against a vacuous pass: with a stub module typed `any`, the misuses type-check.
    const stub = path.join(app, 'stub');
    await mkdir(path.join(stub, 'node_modules/logto-wasm'), { recursive: true });
    await writeFile(path.join(stub, 'node_modules/logto-wasm/package.json'), JSON.stringify({ name: 'logto-wasm', type: 'module', types: 'index.d.ts' }));
    await writeFile(path.join(stub, 'node_modules/logto-wasm/index.d.ts'),
      'export const LogtoClient: any;\nexport type LogtoClient = any;\nexport const LogtoError: any;\nexport type LogtoError = any;\nexport type SignInOptions = any;\nexport type LogtoConfig = any;\nexport type UserInfoResponse = any;\n');
    await cp(path.join(TYPES, 'misuse/option-name.ts'), path.join(stub, 'option-name.ts'));
    await cp(path.join(TYPES, 'misuse/claim-type.ts'), path.join(stub, 'claim-type.ts'));
    const { code, stdout } = await run(TSC, [...BUNDLER, 'option-name.ts', 'claim-type.ts'], { cwd: stub });
    assert.equal(code, 0, stdout);
  });
});
