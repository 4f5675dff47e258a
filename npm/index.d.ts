// Types of the `logto-wasm` npm package entry. Everything else (LogtoClient, LogtoError,
// UserScope, LogtoConfig, SignInOptions, IdTokenClaims, LogtoErrorCode, ...) comes from the
// wasm-bindgen declarations in ./logto_wasm.d.ts, generated from src/js/.
export * from './logto_wasm.js';

/** Where `init()` may load the WebAssembly module from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** What `initSync()` accepts: the module's bytes or a compiled module. */
export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Loads and instantiates the WebAssembly module (once; later calls return at once). Call it,
 * and await it, before `new LogtoClient()`.
 *
 * Without an argument the `.wasm` is fetched from next to the package's JavaScript
 * (`new URL('./logto_wasm_bg.wasm', import.meta.url)`), which Vite, webpack 5 and browsers
 * resolve without configuration. Pass a URL, a `Response`, bytes or a `WebAssembly.Module`
 * (or `{ module_or_path }`, as wasm-bindgen's own `init` takes) to load it from elsewhere.
 */
export default function init(
  input?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> },
): Promise<void>;

/** Instantiates the WebAssembly module synchronously, from its bytes or a compiled module. */
export function initSync(module: SyncInitInput | { module: SyncInitInput }): void;
