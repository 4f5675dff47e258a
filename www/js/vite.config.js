// Vite config of the JavaScript sample: served under /js/ by dev/serve.mjs (from www/js/dist).
// `logto-wasm` resolves to the npm package built by scripts/build-npm.sh (target/npm/logto-wasm);
// an app that installed the package from npm needs none of this (docs/bundlers.md).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Adds `<link rel="preload">` for logto-wasm's `.wasm` to the built index.html, so that the browser
 * requests it with the page's scripts rather than after them (one round trip less before the
 * client is ready; docs/bundlers.md, "Loading in one round trip"). Vite preloads JS chunks by
 * itself, not assets fetched at run time.
 */
function preloadLogtoWasm() {
  let base = '/';
  return {
    name: 'preload-logto-wasm',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const wasm = Object.keys(bundle ?? {}).find((file) => /logto_wasm_bg[^/]*\.wasm$/.test(file));
        if (!wasm) return [];
        const href = `${base}${wasm}`;
        return [{ tag: 'link', attrs: { rel: 'preload', href, as: 'fetch', type: 'application/wasm', crossorigin: '' }, injectTo: 'head' }];
      },
    },
  };
}

export default defineConfig({
  plugins: [preloadLogtoWasm()],
  root: here,
  base: '/js/',
  resolve: { alias: { 'logto-wasm': path.resolve(here, '../../target/npm/logto-wasm/index.js') } },
  build: { outDir: 'dist', emptyOutDir: true },
  server: { port: 3000, strictPort: true, fs: { allow: [path.resolve(here, '../..')] } },
  preview: { port: 3000, strictPort: true },
});
