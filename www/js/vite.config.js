// Vite config of the JavaScript sample: served under /js/ by dev/serve.mjs (from www/js/dist).
// `logto-wasm` resolves to the npm package built by scripts/build-npm.sh (target/npm/logto-wasm);
// an app that installed the package from npm needs none of this (docs/bundlers.md).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/js/',
  resolve: { alias: { 'logto-wasm': path.resolve(here, '../../target/npm/logto-wasm/index.js') } },
  build: { outDir: 'dist', emptyOutDir: true },
  server: { port: 3000, strictPort: true, fs: { allow: [path.resolve(here, '../..')] } },
  preview: { port: 3000, strictPort: true },
});
