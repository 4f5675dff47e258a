// Builds what the benchmark page serves (bench/page/build/, gitignored) and measures transfer sizes:
//   logto-browser/logto-browser.js  @logto/browser bundled + minified by esbuild (one ESM file)
//   logto-wasm/logto_wasm.js        a snapshot of pkg/logto_wasm.js with the package's short names
//                                   (npm/short-names.mjs), minified by esbuild
//   logto-wasm/logto_wasm_bg.wasm   a snapshot of pkg/logto_wasm_bg.wasm, as the package ships it
// The snapshot keeps a run consistent while pkg/ is rebuilt by someone else.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

import * as esbuild from 'esbuild';

import { shortNames } from '../../npm/short-names.mjs';

export const BUILD_TARGET = 'es2020';

/** Raw, gzip -9 and brotli (quality 11) sizes of a buffer, in bytes. */
export function sizesOf(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const sum = (...all) => Object.fromEntries(['raw', 'gzip', 'brotli'].map((k) => [k, all.reduce((n, s) => n + s[k], 0)]));

/** Which packages the @logto/browser bundle is made of (bytes in the output, minified). */
function bundleComposition(metafile) {
  const byPackage = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const m = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].at(-1); // innermost package
      const name = m ? m[1] : input;
      byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput;
    }
  }
  return Object.fromEntries(Object.entries(byPackage).sort((a, b) => b[1] - a[1]));
}

/**
 * @logto/browser bundled and minified into one ESM file at `outfile`: what an app importing the
 * client (and its error and scope types) ships. Returns esbuild's result (with its metafile).
 */
export function bundleLogtoBrowser(root, outfile) {
  return esbuild.build({
    stdin: {
      contents: "export { default, LogtoError, LogtoClientError, UserScope } from '@logto/browser';",
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: BUILD_TARGET,
    legalComments: 'none',
    metafile: true,
    outfile,
    logLevel: 'warning',
  });
}

/** wasm-bindgen's JS glue minified the way the benchmark measures it. */
export async function minifyJs(buf) {
  const minified = await esbuild.transform(buf.toString('utf8'), {
    minify: true, format: 'esm', target: BUILD_TARGET, legalComments: 'none', loader: 'js',
  });
  return Buffer.from(minified.code);
}

/**
 * The JS glue and the wasm of a wasm-pack `--target web` output directory (pkg/), as the npm
 * package ships them: with the short import and export names of npm/short-names.mjs.
 */
export async function readPkg(pkgDir) {
  const jsPath = path.join(pkgDir, 'logto_wasm.js');
  const wasmPath = path.join(pkgDir, 'logto_wasm_bg.wasm');
  for (const p of [jsPath, wasmPath]) {
    if (!existsSync(p)) throw new Error(`${p} is missing: build the SDK first (wasm-pack build --target web)`);
  }
  const [js, wasm] = await Promise.all([readFile(jsPath, 'utf8'), readFile(wasmPath)]);
  const short = shortNames({ wasm, js });
  return { wasmJs: Buffer.from(short.js), wasm: Buffer.from(short.wasm) };
}

/**
 * logto-wasm's transfer sizes as the benchmark reports them: the JS glue as built and minified,
 * the wasm, and the totals (`total`: JS as built + wasm, what the npm package ships).
 */
export async function logtoWasmSizes({ wasmJs, wasm }) {
  const wasmJsMin = await minifyJs(wasmJs);
  const s = { js: sizesOf(wasmJs), jsMinified: sizesOf(wasmJsMin), wasm: sizesOf(wasm) };
  return {
    wasmJsMin,
    sizes: { ...s, total: sum(s.js, s.wasm), totalMinified: sum(s.jsMinified, s.wasm) },
  };
}

export async function build({ root, pkgDir }) {
  const out = path.join(root, 'bench/page/build');
  await rm(out, { recursive: true, force: true });
  await mkdir(path.join(out, 'logto-browser'), { recursive: true });
  await mkdir(path.join(out, 'logto-wasm'), { recursive: true });

  const browserFile = path.join(out, 'logto-browser/logto-browser.js');
  const result = await bundleLogtoBrowser(root, browserFile);
  const browserJs = await readFile(browserFile);

  // logto-wasm: pkg/ as wasm-pack wrote it, and its JS glue minified the same way.
  const pkg = await readPkg(pkgDir);
  const { wasmJsMin, sizes } = await logtoWasmSizes(pkg);
  await writeFile(path.join(out, 'logto-wasm/logto_wasm.js'), wasmJsMin);
  await writeFile(path.join(out, 'logto-wasm/logto_wasm_bg.wasm'), pkg.wasm);
  // The npm package's entry (no init step: the client loads the module), for the first-answer
  // row, bundled with the glue into one file as an app's bundler does (unbundled, the entry's
  // import of the glue would be one more request in a row); the .wasm stays next to it.
  await writeFile(path.join(out, 'logto-wasm/index.js'), await readFile(path.join(root, 'npm/index.js')));
  await esbuild.build({
    entryPoints: [path.join(out, 'logto-wasm/index.js')],
    bundle: true, format: 'esm', minify: true, target: BUILD_TARGET, legalComments: 'none', logLevel: 'warning',
    outfile: path.join(out, 'logto-wasm/entry.js'),
  });

  const browserSizes = sizesOf(browserJs);
  return {
    sizes: {
      'logto-browser': { js: browserSizes, total: browserSizes },
      'logto-wasm': sizes,
    },
    composition: bundleComposition(result.metafile),
    wasmSha256: createHash('sha256').update(pkg.wasm).digest('hex'),
    esbuildVersion: esbuild.version,
  };
}
