// Entry of the `logto-wasm` npm package (copied next to the wasm-bindgen output by
// scripts/build-npm.sh). It points the loader at the .wasm with
// `new URL('./logto_wasm_bg.wasm', import.meta.url)`, the one pattern that Vite, webpack 5,
// Rollup, Parcel, esbuild (with a file loader) and browsers without a bundler all understand, so the
// package needs no bundler configuration.
import wbgInit, {
  initSync as wbgInitSync,
  LogtoClient as WasmLogtoClient,
} from './logto_wasm.js';

export * from './logto_wasm.js';

let initialized = false;

const isPlainObject = (value) =>
  value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

/**
 * The .wasm next to this file. Bundlers rewrite the `new URL(...)` to the emitted asset.
 * Vite's dev server pre-bundles dependencies into `node_modules/.vite/deps/`, where the file is
 * not: there the URL is pointed back at the package's own copy, which the dev server serves.
 */
function defaultWasmUrl() {
  const url = new URL('./logto_wasm_bg.wasm', import.meta.url);
  const viteDeps = /\/\.vite\/deps(_[a-z_]+)?\/logto_wasm_bg\.wasm$/;
  if (viteDeps.test(url.pathname)) {
    url.pathname = url.pathname.replace(viteDeps, '/logto-wasm/logto_wasm_bg.wasm');
  }
  return url;
}

/**
 * Loads and instantiates the WebAssembly module, once; later calls return at once.
 * `input` (optional) overrides where the .wasm comes from: a URL or string, a `Request`,
 * a `Response`, bytes, a compiled `WebAssembly.Module`, a Promise of one of those, or
 * `{ module_or_path }` as wasm-bindgen's own init takes.
 */
export default async function init(input) {
  let source = isPlainObject(input) ? input.module_or_path : input;
  if (source === undefined) source = defaultWasmUrl();
  await wbgInit({ module_or_path: source });
  initialized = true;
}

/** Instantiates the module synchronously from bytes or a compiled `WebAssembly.Module`. */
export function initSync(module) {
  wbgInitSync({ module: isPlainObject(module) ? module.module : module });
  initialized = true;
}

/** `LogtoClient` that says what is wrong when it is created before `init()`. */
export class LogtoClient extends WasmLogtoClient {
  constructor(config) {
    if (!initialized) {
      throw new Error("logto-wasm: call `await init()` (the package's default export) before `new LogtoClient()`");
    }
    super(config);
  }
}
