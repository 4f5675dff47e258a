// Entry of the `logto-wasm` npm package (copied next to the wasm-bindgen output by
// scripts/build-npm.sh).
//
// - `LogtoClient` (also the default export, as in `@logto/browser`) needs no init step: its
//   constructor is synchronous, and the first client starts loading the WebAssembly module; each
//   async method awaits it. `init(input)` stays for apps that load the `.wasm` from elsewhere or
//   want it loaded earlier, `initSync` for bytes at hand.
// - The module is found with `new URL('./logto_wasm_bg.wasm', import.meta.url)`, the one pattern
//   that Vite, webpack 5, Rollup, Parcel, esbuild (with a file loader) and browsers without a
//   bundler all understand, so the package needs no bundler configuration.
// - The constants (`UserScope`, `Prompt`, `ReservedScope`, `ReservedResource`,
//   `buildOrganizationUrn`) are plain JavaScript, usable before the module is loaded (and on a
//   server); tests/npm_constants.rs holds them to the Rust core's values.
import wbgInit, {
  completePopupSignIn as wasmCompletePopupSignIn, initSync as wbgInitSync, LogtoClient as WasmLogtoClient,
} from './logto_wasm.js';

export * from './logto_wasm.js';

/** Logto's user scopes (`scopes` in the config). Claims marked "userinfo" come only from `fetchUserInfo()`. */
export const UserScope = Object.freeze({
  OpenId: 'openid',
  Profile: 'profile',
  OfflineAccess: 'offline_access',
  Email: 'email',
  Phone: 'phone',
  Address: 'address',
  CustomData: 'custom_data',
  Identities: 'identities',
  Roles: 'roles',
  Organizations: 'urn:logto:scope:organizations',
  OrganizationRoles: 'urn:logto:scope:organization_roles',
});

/** The reserved scopes of `@logto/browser`: every sign-in requests them (and `profile`). */
export const ReservedScope = Object.freeze({ OpenId: 'openid', OfflineAccess: 'offline_access' });

/** Logto's reserved API resources. */
export const ReservedResource = Object.freeze({ Organization: 'urn:logto:resource:organizations' });

/** The `prompt` values (`prompt` in the config and in `signIn` options). */
export const Prompt = Object.freeze({
  None: 'none',
  Consent: 'consent',
  Login: 'login',
  SelectAccount: 'select_account',
  Create: 'create',
});

/** The prefix of organization URNs. */
export const organizationUrnPrefix = 'urn:logto:organization:';

/** The URN of an organization, the audience of its organization tokens. */
export const buildOrganizationUrn = (organizationId) => `${organizationUrnPrefix}${organizationId}`;

/** `undefined` until a load starts; then the Promise of the loaded module (cleared on failure). */
let loading;
let ready = false;

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

/** Starts loading the module once (from `source`, or next to this file); a failed load can be retried. */
function load(source) {
  loading ??= wbgInit({ module_or_path: source ?? defaultWasmUrl() }).then(
    () => {
      ready = true;
    },
    (error) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * Loads and instantiates the WebAssembly module, once; later calls return at once. Optional:
 * the first `LogtoClient` loads it from next to the package. Call it first to load it from
 * elsewhere, `input` being a URL or string, a `Request`, a `Response`, bytes, a compiled
 * `WebAssembly.Module`, a Promise of one of those, or `{ module_or_path }` as wasm-bindgen's own
 * init takes; or to have it loaded before the first client is created.
 */
export async function init(input) {
  await load(isPlainObject(input) ? input.module_or_path : input);
}

/** Instantiates the module synchronously from bytes or a compiled `WebAssembly.Module`. */
export function initSync(module) {
  if (ready) return;
  if (loading) {
    // A second instance would replace the first under the clients that use it.
    throw new Error('logto-wasm: the module is already loading (init() or a LogtoClient started it); await init() instead of initSync()');
  }
  wbgInitSync({ module: isPlainObject(module) ? module.module : module });
  ready = true;
  loading = Promise.resolve();
}

/**
 * Whether `url` looks like a sign-in callback, before the module is loaded: a `code` or `error`
 * and a `state` in its query. The module's own check (`LogtoClient::is_sign_in_redirected`) is
 * the same rule; a URL it cannot split is no callback there either.
 */
function looksLikeCallback(url) {
  // As `core::url::split_url`: an absolute http(s) URL of at most 8 KiB, no whitespace or
  // control character, no userinfo.
  if (typeof url !== 'string' || url.length > 8192 || /[\s\x00-\x1f\x7f-\x9f]/u.test(url) || !/^https?:\/\//i.test(url)) return false;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password || !parsed.host) return false;
  const query = parsed.searchParams;
  return (query.has('code') || query.has('error')) && query.has('state');
}

/**
 * For the popup's callback page (the `redirectUri` of `signInWithPopup`): hands the page's address
 * to the page that started the sign-in and closes the popup (the module is loaded first). Resolves
 * to false, doing nothing, when the address is no sign-in callback.
 */
export async function completePopupSignIn(url = globalThis.location?.href) {
  await load();
  return wasmCompletePopupSignIn(url);
}

/** The window name of the sign-in popup (`browser::popup`), which reuses a window of this name. */
const POPUP_NAME = 'logto-sign-in';

/** Each `LogtoClient`'s config and, once the module is loaded, its WebAssembly client. */
const clients = new WeakMap();

/** The WebAssembly client behind a `LogtoClient`: loads the module first if need be (again after a failed load). */
async function inner(client) {
  const entry = clients.get(client);
  if (!entry) throw new TypeError('not a LogtoClient');
  if (!entry.client) {
    await load();
    // Throws `LogtoError` (config.*) for an invalid config, on every call.
    entry.client ??= new WasmLogtoClient(entry.config);
  }
  return entry.client;
}

/** A session event (`signedIn`, `signedOut`, `tokenRefreshed`, `accessTokenExpiring`, `sessionExpired`). */
class LogtoSessionEvent extends Event {
  constructor(type, otherTab, resource, organizationId, expiresAt) {
    super(type);
    this.otherTab = otherTab;
    if (resource !== undefined) this.resource = resource;
    if (organizationId !== undefined) this.organizationId = organizationId;
    if (expiresAt !== undefined) this.expiresAt = expiresAt;
  }
}

/**
 * The Logto client (`@logto/browser`'s API). Created synchronously, with or without `init()`:
 * when the module is loaded already, an invalid config throws `LogtoError` here; otherwise the
 * module is loaded now, and the config error (if any) rejects every method call. An
 * `EventTarget` of its session events (`addEventListener('signedOut', ...)`).
 */
export class LogtoClient extends EventTarget {
  constructor(config) {
    super();
    const entry = { config };
    if (ready) {
      entry.client = new WasmLogtoClient(config);
    } else {
      // Started now, awaited by the methods; a failure is theirs to report, not an unhandled rejection.
      load().catch(() => {});
    }
    clients.set(this, entry);
  }

  /** Synchronous; before the module is loaded, the same rule in JavaScript. */
  isSignInRedirected(url) {
    const { client } = clients.get(this) ?? {};
    return client ? client.isSignInRedirected(url) : looksLikeCallback(url);
  }

  /**
   * As `EventTarget`'s; the first listener starts the WebAssembly client's session watch (the
   * module is loaded for it if need be; a failed load or an invalid config is reported by the next
   * method call, and the next listener tries again).
   */
  addEventListener(type, listener, options) {
    super.addEventListener(type, listener, options);
    const entry = clients.get(this);
    if (!entry || entry.watching) return;
    entry.watching = true;
    inner(this).then(
      (client) => client.onSessionEvent((...event) => this.dispatchEvent(new LogtoSessionEvent(...event))),
      () => { entry.watching = false; },
    );
  }

  /**
   * As the module's. While the module is still loading, the blank popup is opened here, in the
   * caller's click (browsers block `window.open` after a wait); the module's `signInWithPopup`
   * then takes that window over by its name.
   */
  async signInWithPopup(options) {
    if (!ready) globalThis.open?.('', POPUP_NAME, 'popup,width=480,height=720');
    return (await inner(this)).signInWithPopup(options);
  }

  /** Releases the client's WebAssembly memory now (the garbage collector does it otherwise). */
  free() {
    clients.get(this)?.client?.free();
    clients.delete(this);
  }
}

for (const name of [
  'signIn', 'getSignInUrl', 'signInSilently', 'handleSignInCallback', 'isAuthenticated', 'getIdToken', 'getIdTokenClaims',
  'getAccessToken', 'getAccessTokenClaims', 'getOrganizationToken', 'getOrganizationTokenClaims',
  'fetchUserInfo', 'createDpopProof', 'getRefreshToken', 'getSessionRenewal', 'clearAccessToken', 'clearAllTokens', 'signOut',
]) {
  Object.defineProperty(LogtoClient.prototype, name, {
    async value(...args) {
      return (await inner(this))[name](...args);
    },
    writable: true,
    configurable: true,
  });
}

export default LogtoClient;
