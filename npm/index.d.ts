// Types of the `logto-wasm` npm package entry. `LogtoClient`, `LogtoError`, `LogtoConfig`,
// `SignInOptions`, `IdTokenClaims`, `LogtoErrorCode`, ... come from the wasm-bindgen declarations
// in ./logto_wasm.d.ts, generated from src/js/; the constants and the loader are declared here.
import { LogtoClient } from './logto_wasm.js';

export * from './logto_wasm.js';

/**
 * The Logto client, also the default export (as in `@logto/browser`). No `init()` is needed: the
 * first client loads the WebAssembly module, and its async methods wait for it.
 */
export default LogtoClient;

/** Logto's user scopes (`scopes` in the config). Claims marked "userinfo" come only from `fetchUserInfo()`. */
export declare const UserScope: {
  /** `openid`: `sub`. */
  readonly OpenId: 'openid';
  /** `profile`: `name`, `picture`, `username`, `created_at`, `updated_at` (ms). */
  readonly Profile: 'profile';
  /** `offline_access`: a refresh token. */
  readonly OfflineAccess: 'offline_access';
  /** `email`: `email`, `email_verified`. */
  readonly Email: 'email';
  /** `phone`: `phone_number`, `phone_number_verified`. */
  readonly Phone: 'phone';
  /** `address`: `address`. */
  readonly Address: 'address';
  /** `custom_data`: `custom_data` (userinfo). */
  readonly CustomData: 'custom_data';
  /** `identities`: `identities`, `sso_identities` (userinfo). */
  readonly Identities: 'identities';
  /** `roles`: `roles`. */
  readonly Roles: 'roles';
  /** `urn:logto:scope:organizations`: `organizations`; `organization_data` (userinfo). */
  readonly Organizations: 'urn:logto:scope:organizations';
  /** `urn:logto:scope:organization_roles`: `organization_roles`. */
  readonly OrganizationRoles: 'urn:logto:scope:organization_roles';
};
/** One of Logto's user scopes. */
export type UserScope = (typeof UserScope)[keyof typeof UserScope];

/** The reserved scopes of `@logto/browser`: every sign-in requests them (and `profile`). */
export declare const ReservedScope: {
  readonly OpenId: 'openid';
  readonly OfflineAccess: 'offline_access';
};
/** One of the reserved scopes. */
export type ReservedScope = (typeof ReservedScope)[keyof typeof ReservedScope];

/** Logto's reserved API resources. */
export declare const ReservedResource: {
  /** The organizations resource, requested with the organizations scope. */
  readonly Organization: 'urn:logto:resource:organizations';
};
/** One of Logto's reserved API resources. */
export type ReservedResource = (typeof ReservedResource)[keyof typeof ReservedResource];

/** The `prompt` values (`prompt` in the config and in `signIn` options). */
export declare const Prompt: {
  readonly None: 'none';
  readonly Consent: 'consent';
  readonly Login: 'login';
  readonly SelectAccount: 'select_account';
  readonly Create: 'create';
};
/** A `prompt` value. */
export type Prompt = (typeof Prompt)[keyof typeof Prompt];

/** The prefix of organization URNs. */
export declare const organizationUrnPrefix: 'urn:logto:organization:';

/** The URN of an organization (`urn:logto:organization:<id>`), the audience of its organization tokens. */
export declare function buildOrganizationUrn(organizationId: string): `urn:logto:organization:${string}`;

/** Where `init()` may load the WebAssembly module from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** What `initSync()` accepts: the module's bytes or a compiled module. */
export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Loads and instantiates the WebAssembly module (once; later calls return at once). Optional: the
 * first `LogtoClient` loads it from next to the package's JavaScript
 * (`new URL('./logto_wasm_bg.wasm', import.meta.url)`, which Vite, webpack 5 and browsers resolve
 * without configuration). Call it before the first client to load the module from elsewhere
 * (a URL, a `Response`, bytes, a `WebAssembly.Module`, or `{ module_or_path }` as wasm-bindgen's
 * own `init` takes), or to have it loaded earlier.
 */
export function init(
  input?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> },
): Promise<void>;

/**
 * Instantiates the WebAssembly module synchronously, from its bytes or a compiled module. Throws
 * when a load has already started (`init()`, or a `LogtoClient` created before): await `init()`
 * then.
 */
export function initSync(module: SyncInitInput | { module: SyncInitInput }): void;

/**
 * For the popup's callback page (the `redirectUri` of `signInWithPopup`): hands the page's address
 * (`url`, by default `location.href`) to the page that started the sign-in and closes the popup;
 * the module is loaded first. Resolves to false, doing nothing, when the address is no sign-in
 * callback.
 */
export function completePopupSignIn(url?: string): Promise<boolean>;
