// Assembles the `logto-wasm` npm package from a wasm-pack `--target web` build:
//
//   node npm/assemble.mjs <wasm-pack output dir> <package dir>
//
// The package is wasm-pack's output (its wasm and glue with short names for what they call each
// other by: npm/short-names.mjs) plus the entry (npm/index.js, npm/index.d.ts) that loads the
// .wasm with `new URL('./logto_wasm_bg.wasm', import.meta.url)`, the npm README, the LICENSE and
// a package.json with `exports`. It checks that no declaration it ships contains `any`.
// scripts/build-npm.sh runs it.
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { shortNames } from './short-names.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const [rawDir, outDir] = process.argv.slice(2).map((p) => path.resolve(p));
if (!rawDir || !outDir) {
  console.error('usage: node npm/assemble.mjs <wasm-pack output dir> <package dir>');
  process.exit(2);
}

const raw = JSON.parse(await readFile(path.join(rawDir, 'package.json'), 'utf8'));
for (const file of ['logto_wasm.js', 'logto_wasm.d.ts', 'logto_wasm_bg.wasm']) {
  if (!raw.files?.includes(file)) throw new Error(`${rawDir} is not a wasm-pack --target web build of logto-wasm (no ${file})`);
}
if (!(await readFile(path.join(rawDir, 'logto_wasm.js'), 'utf8')).includes('function initSync')) {
  throw new Error(`${rawDir}/logto_wasm.js is not a --target web build (no initSync)`);
}

/**
 * The generated declarations, made to compile under `strict` without `skipLibCheck` whatever
 * the `lib` setting:
 * - `[Symbol.dispose]()` needs lib `esnext.disposable` (TS >= 5.2 and a recent `lib`); it stays
 *   at runtime (where the engine has `Symbol.dispose`) but is not declared;
 * - the raw wasm exports in `InitOutput` are `any` in wasm-bindgen's output: `unknown` here.
 */
function patchDeclarations(dts) {
  let out = dts.replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, '');
  out = out.replace(/(export interface InitOutput \{[\s\S]*?\n\})/, (block) => block.replace(/\bany\b/g, 'unknown'));
  out = out.replace(/^\/\* tslint:disable \*\/\n\/\* eslint-disable \*\/\n/, '');
  return out;
}

/** Lines of declarations that mention `any`, comments aside. */
function anyTypes(dts) {
  const code = dts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return code.split('\n').filter((line) => /\bany\b/.test(line));
}

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });

// The wasm and its glue with short names for what they call each other by (npm/short-names.mjs).
const short = shortNames({
  wasm: await readFile(path.join(rawDir, 'logto_wasm_bg.wasm')),
  js: await readFile(path.join(rawDir, 'logto_wasm.js'), 'utf8'),
  dts: patchDeclarations(await readFile(path.join(rawDir, 'logto_wasm.d.ts'), 'utf8')),
});
await writeFile(path.join(outDir, 'logto_wasm.js'), short.js);
await writeFile(path.join(outDir, 'logto_wasm_bg.wasm'), short.wasm);
const dts = short.dts;
await writeFile(path.join(outDir, 'logto_wasm.d.ts'), dts);
await copyFile(path.join(HERE, 'index.js'), path.join(outDir, 'index.js'));
await copyFile(path.join(HERE, 'index.d.ts'), path.join(outDir, 'index.d.ts'));
// `logto-wasm/react` and `logto-wasm/vue` (their peer dependencies optional), and what they share.
await copyFile(path.join(HERE, 'bindings.js'), path.join(outDir, 'bindings.js'));
await copyFile(path.join(HERE, 'bindings.d.ts'), path.join(outDir, 'bindings.d.ts'));
await copyFile(path.join(HERE, 'react.js'), path.join(outDir, 'react.js'));
await copyFile(path.join(HERE, 'react.d.ts'), path.join(outDir, 'react.d.ts'));
await copyFile(path.join(HERE, 'vue.js'), path.join(outDir, 'vue.js'));
await copyFile(path.join(HERE, 'vue.d.ts'), path.join(outDir, 'vue.d.ts'));
await copyFile(path.join(HERE, 'README.md'), path.join(outDir, 'README.md'));
await copyFile(path.join(ROOT, 'LICENSE'), path.join(outDir, 'LICENSE'));

if (/static readonly \w+: string;/.test(dts)) throw new Error('a UserScope constant is still typed `string`');
for (const file of ['index.d.ts', 'logto_wasm.d.ts', 'bindings.d.ts', 'react.d.ts', 'vue.d.ts']) {
  const found = anyTypes(await readFile(path.join(outDir, file), 'utf8'));
  if (found.length > 0) throw new Error(`${file} declares \`any\`:\n${found.join('\n')}`);
}

const repository = typeof raw.repository === 'string' ? raw.repository : raw.repository?.url;
const repoUrl = repository?.replace(/^git\+/, '').replace(/\.git$/, '');
const pkg = {
  name: raw.name,
  version: raw.version,
  description: raw.description,
  license: raw.license,
  repository: { type: 'git', url: `git+${repoUrl}.git` },
  homepage: `${repoUrl}#readme`,
  bugs: { url: `${repoUrl}/issues` },
  keywords: [...new Set([...(raw.keywords ?? []), 'openid-connect', 'pkce', 'spa', 'webassembly', 'logto-browser'])],
  type: 'module',
  main: './index.js',
  module: './index.js',
  types: './index.d.ts',
  exports: {
    '.': { types: './index.d.ts', default: './index.js' },
    './react': { types: './react.d.ts', default: './react.js' },
    './vue': { types: './vue.d.ts', default: './vue.js' },
    './logto_wasm_bg.wasm': './logto_wasm_bg.wasm',
    './package.json': './package.json',
  },
  files: ['index.js', 'index.d.ts', 'bindings.js', 'bindings.d.ts', 'react.js', 'react.d.ts', 'vue.js', 'vue.d.ts', 'logto_wasm.js', 'logto_wasm.d.ts', 'logto_wasm_bg.wasm', 'README.md', 'LICENSE'],
  sideEffects: false,
  // Only `logto-wasm/react` needs React, only `logto-wasm/vue` Vue; an app that imports neither needs none.
  peerDependencies: { react: '>=18', vue: '>=3' },
  peerDependenciesMeta: { react: { optional: true }, vue: { optional: true } },
};
await writeFile(path.join(outDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`npm package ${pkg.name}@${pkg.version} assembled in ${path.relative(process.cwd(), outDir) || '.'}`);
