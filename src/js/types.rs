//! TypeScript declarations for the shapes the JS API takes and returns. `LogtoErrorCode` is
//! generated from the registry of error codes (`crate::core::codes`).

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Where the SDK keeps its state. An object may return values or Promises. */
export type LogtoStorage =
  | 'session'
  | 'local'
  | 'memory'
  | {
      getItem(key: string): string | null | Promise<string | null>;
      setItem(key: string, value: string): void | Promise<void>;
      removeItem(key: string): void | Promise<void>;
    };

/** OpenID Connect `prompt` values (Logto adds `create`, the sign-up page). */
export type Prompt = 'none' | 'login' | 'consent' | 'select_account' | 'create';

/** ID-token signature algorithms the SDK can verify. */
export type IdTokenSigningAlgorithm = 'ES256' | 'ES384' | 'ES512' | 'RS256' | 'PS256' | 'EdDSA';

/**
 * Logto's scopes, as the `UserScope` constants hold them. Any other string (an API's
 * permission such as `read`) is accepted too.
 */
export type LogtoScope =
  | 'openid' | 'profile' | 'offline_access' | 'email' | 'phone' | 'address' | 'custom_data'
  | 'identities' | 'roles' | 'urn:logto:scope:organizations' | 'urn:logto:scope:organization_roles';

/** Client configuration. Set `endpoint` (a Logto tenant) or `issuer` (any OIDC provider). */
export interface LogtoConfig {
  /** Logto endpoint, e.g. `https://tenant.logto.app`; the issuer is `{endpoint}/oidc`. */
  endpoint?: string;
  /** Issuer of any OpenID Connect provider. */
  issuer?: string;
  /** The application's client ID. */
  appId: string;
  /** Scopes on top of the reserved `openid offline_access profile`. */
  scopes?: Array<LogtoScope | (string & {})>;
  /** API resources (RFC 8707). */
  resources?: string[];
  /** Default `prompt` (`consent` when unset). */
  prompt?: Prompt | Prompt[];
  /** Add `openid offline_access profile` (default true). */
  includeReservedScopes?: boolean;
  /** Storage (default `'session'`: `sessionStorage`). */
  storage?: LogtoStorage;
  /** Refresh access tokens this many seconds before they expire (default 60). */
  refreshMarginSeconds?: number;
  /** Clock leeway for token time checks, in seconds (default 60, at most 600). */
  leewaySeconds?: number;
  /** Accepted ID-token algorithms (default ES256 ES384 ES512 RS256 PS256 EdDSA). */
  idTokenSigningAlgorithms?: IdTokenSigningAlgorithm[];
  /** Allow `http:` provider URLs on non-loopback hosts. Development only. */
  dangerouslyAllowInsecureHttp?: boolean;
  /**
   * Pushed authorization requests (RFC 9126): `signIn` posts the authorization parameters to the
   * provider first and sends the browser with `client_id` and a `request_uri` only (one more
   * round trip before leaving the page). Rejects with `par.unsupported` when the provider has no
   * such endpoint. Used anyway when the provider requires it. Default false.
   */
  pushedAuthorization?: boolean;
  /**
   * DPoP (RFC 9449): the tokens are bound to a non-extractable ES256 key of this browser, kept in
   * IndexedDB; every token and userinfo request carries a proof signed with it, and the provider
   * must issue `DPoP` tokens (`token.not_dpop_bound` otherwise). Call your APIs with
   * `createDpopProof`. For providers that support DPoP (Logto does not yet). Default false.
   */
  dpop?: boolean;
}

/** The first screen of Logto's sign-in experience (`first_screen`). */
export type FirstScreen = 'sign_in' | 'register' | 'reset_password' | 'identifier:sign_in' | 'identifier:register' | 'single_sign_on';
/** @deprecated Use `FirstScreen`. */
export type InteractionMode = 'signIn' | 'signUp';
/** Identifiers shown on `identifier:sign_in` / `identifier:register` (`identifier`). */
export type SignInIdentifier = 'email' | 'phone' | 'username';
/** Skip the sign-in page: a social connector (`target` e.g. `google`) or an SSO connector ID (`direct_sign_in`). */
export type DirectSignInOptions = { method: 'social'; target: string } | { method: 'sso'; target: string };

/** Options of `signIn()` and `getSignInUrl()`. */
export interface SignInOptions {
  /** Where the provider sends the browser back; must be registered for the app. */
  redirectUri: string;
  /** Where to go once `handleSignInCallback` has completed. */
  postRedirectUri?: string;
  /** `prompt` for this sign-in (overrides the config's). */
  prompt?: Prompt | Prompt[];
  /** The first screen of Logto's sign-in experience. */
  firstScreen?: FirstScreen;
  /** @deprecated Use `firstScreen`. */
  interactionMode?: InteractionMode;
  /** Identifiers for the identifier screens (`identifier`). */
  identifiers?: SignInIdentifier[];
  /** Pre-fills the identifier (`login_hint`). */
  loginHint?: string;
  /** Go straight to a social or SSO connector (`direct_sign_in`). */
  directSignIn?: DirectSignInOptions;
  /** A one-time token, e.g. from a magic link (`one_time_token`). */
  oneTimeToken?: string;
  /** Sign in to this organization (`organization_id`). */
  organizationId?: string;
  /** Preferred UI languages, space-separated BCP 47 tags (`ui_locales`). */
  uiLocales?: string;
  /** Step-up: at most this many seconds since the user last authenticated (`max_age`); the ID token's `auth_time` is checked (`id_token.auth_time_too_old`). `0`, or `prompt: 'login'`, asks for a fresh authentication. */
  maxAge?: number;
  /** Step-up: authentication context classes, space-separated in order of preference (`acr_values`). */
  acrValues?: string;
  /** Whether the ID token's `acr` must be one of `acrValues` (`id_token.acr_not_requested` otherwise). Needs `acrValues`. */
  requireAcr?: boolean;
  /** Extra query parameters, sent last in insertion order. Logto parameters such as `ui_locales` may come this way (not also as their own option); the protocol's own (`client_id`, `redirect_uri`, `state`, `nonce`, PKCE, `scope`, `resource`, ...) are refused. */
  extraParams?: Record<string, string>;
  /** Clear stored tokens before redirecting (default true). */
  clearTokens?: boolean;
}

/** Options of `signInSilently()`: those of `signIn()` but `prompt` (always `none`), `postRedirectUri` and `clearTokens`, and how long to wait. */
export interface SilentSignInOptions extends Omit<SignInOptions, 'prompt' | 'postRedirectUri' | 'clearTokens'> {
  /** Where the provider sends the hidden frame back: registered for the app, on this page's origin; best a page that shows nothing and loads no SDK. */
  redirectUri: string;
  /** How long to wait for the provider's answer before rejecting with `silent_sign_in.timeout` (default 10, at most 600). */
  timeoutInSeconds?: number;
}

/** Options of `signInWithPopup()`: those of `signIn()` but `postRedirectUri` and `clearTokens` (the page stays), and how long to wait. */
export interface PopupSignInOptions extends Omit<SignInOptions, 'postRedirectUri' | 'clearTokens'> {
  /** The popup's callback page: registered for the app, on this page's origin; it calls `completePopupSignIn()`. */
  redirectUri: string;
  /** How long to wait for the user before rejecting with `popup.timeout` (default 300, at most 3600). */
  timeoutInSeconds?: number;
}

/** What `createDpopProof()` makes a DPoP proof for: the app's own request to an API. */
export interface DpopProofOptions {
  /** The request's method, upper case (`GET`, `POST`, ...). */
  method: string;
  /** The request's absolute URL (its query and fragment are left out of the proof). */
  url: string;
  /** The access token the request carries (`Authorization: DPoP <token>`): its hash goes into the proof. */
  accessToken?: string;
  /** The API's `DPoP-Nonce`, when it answered a request with `use_dpop_nonce`. */
  nonce?: string;
}

/** How the session gets its next access tokens (`getSessionRenewal()`): its refresh token, another silent sign-in, or not at all. */
export type SessionRenewal = 'refreshToken' | 'silentSignIn' | 'none';

/** The OpenID Connect `address` claim (scope `address`). */
export interface AddressClaim {
  /** The full address, possibly multi-line. */
  formatted?: string;
  /** Street, house number, ... */
  street_address?: string;
  /** City. */
  locality?: string;
  /** State, province, prefecture or region. */
  region?: string;
  /** ZIP or postal code. */
  postal_code?: string;
  /** Country name. */
  country?: string;
}

/** Profile claims that both the ID token and the userinfo response carry, by scope. */
export interface UserProfileClaims {
  /** Full name (scope `profile`). */
  name?: string | null;
  /** Avatar URL (scope `profile`). */
  picture?: string | null;
  /** Logto username (scope `profile`). */
  username?: string | null;
  /** Scope `email`. */
  email?: string | null;
  /** Scope `email`. */
  email_verified?: boolean;
  /** Scope `phone`. */
  phone_number?: string | null;
  /** Scope `phone`. */
  phone_number_verified?: boolean;
  /** Scope `address`. */
  address?: AddressClaim;
}

/** Verified ID-token claims (seconds since the epoch for `exp`, `iat`, `auth_time`). */
export interface IdTokenClaims extends UserProfileClaims {
  /** Issuer: the provider's issuer URL. */
  iss: string;
  /** Subject: the user ID. */
  sub: string;
  /** Audience: the app ID (or a list containing it). */
  aud: string | string[];
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** The nonce sent with the sign-in (checked by the SDK). */
  nonce?: string;
  /** Authorized party: the app ID when present. */
  azp?: string;
  /** When the user authenticated, seconds since the epoch. */
  auth_time?: number;
  /** Access-token hash. */
  at_hash?: string;
  /** Provider session ID. */
  sid?: string;
  /** Scope `roles`. */
  roles?: string[];
  /** Organization IDs (scope `urn:logto:scope:organizations`). */
  organizations?: string[];
  /** `<organization id>:<role>` (scope `urn:logto:scope:organization_roles`). */
  organization_roles?: string[];
  /** Milliseconds since the epoch (Logto). */
  created_at?: number;
  /** Milliseconds since the epoch (Logto). */
  updated_at?: number;
  [claim: string]: unknown;
}

/** Options of `signOut()`. */
export interface SignOutOptions {
  /** Revoke and clear locally but stay on the page (no end-session redirect). */
  localOnly?: boolean;
}

/** Decoded access-token claims (not verified by the SDK: your API verifies the token). */
export interface AccessTokenClaims {
  /** Issuer. */
  iss?: string;
  /** The user (or the app, for machine-to-machine tokens). */
  sub?: string;
  /** The API resource, or `urn:logto:organization:<id>`. */
  aud?: string | string[];
  /** Expiry, seconds since the epoch. */
  exp?: number;
  /** Issued at, seconds since the epoch. */
  iat?: number;
  /** Not before, seconds since the epoch. */
  nbf?: number;
  /** Token ID. */
  jti?: string;
  /** Space-separated granted scopes. */
  scope?: string;
  /** The app the token was issued to. */
  client_id?: string;
  /** The organization of an organization token (or of an API token for one). */
  organization_id?: string;
  [claim: string]: unknown;
}

/** The userinfo response (Logto adds `custom_data`, `identities`, `organization_data`, ...). */
export interface UserInfoResponse extends UserProfileClaims {
  /** The user ID; the SDK checks it equals the ID token's. */
  sub: string;
  /** Milliseconds since the epoch (Logto). */
  created_at?: number;
  /** Milliseconds since the epoch (Logto). */
  updated_at?: number;
  /** Scope `custom_data`: the user's custom data (a JSON object). */
  custom_data?: Record<string, unknown>;
  /** Scope `identities`: social identities by connector target. */
  identities?: Record<string, { userId: string; details?: Record<string, unknown> }>;
  /** Scope `identities`: enterprise SSO identities. */
  sso_identities?: Array<{ issuer: string; identityId: string; detail: Record<string, unknown> }>;
  /** Organization IDs (scope `urn:logto:scope:organizations`). */
  organizations?: string[];
  /** `<organization id>:<role>` (scope `urn:logto:scope:organization_roles`). */
  organization_roles?: string[];
  /** The organizations, with names (scope `urn:logto:scope:organizations`). */
  organization_data?: Array<{ id: string; name: string; description: string | null }>;
  /** Scope `roles`. */
  roles?: string[];
  [claim: string]: unknown;
}

/** `LogtoError` instances are `Error`s (`instanceof Error`, `stack`). */
export interface LogtoError extends Error {}

/** The session events of a `LogtoClient` (`addEventListener`). */
export type LogtoSessionEventType = 'signedIn' | 'signedOut' | 'tokenRefreshed' | 'accessTokenExpiring' | 'sessionExpired';

/**
 * What happened to the session. `signedIn`: a sign-in completed; `signedOut`: the session is gone
 * (signed out, tokens cleared, a new sign-in started, or the refresh token refused);
 * `tokenRefreshed`: a refresh renewed the tokens; `accessTokenExpiring`: a cached access token
 * entered the refresh margin (`refreshMarginSeconds` before it expires; told once per token);
 * `sessionExpired`: the provider refused the refresh token (after `signedOut`). With
 * `storage: 'local'` the changes of other tabs come too (`otherTab`).
 */
export interface LogtoSessionEvent extends Event {
  readonly type: LogtoSessionEventType;
  /** The change came from another tab sharing the storage (`'local'`). */
  readonly otherTab: boolean;
  /** `tokenRefreshed` / `accessTokenExpiring`: the access token's API resource (absent: the userinfo token, or another tab's refresh). */
  readonly resource?: string;
  /** `tokenRefreshed` / `accessTokenExpiring`: the access token's organization. */
  readonly organizationId?: string;
  /** `accessTokenExpiring`: when the token expires, Unix seconds. */
  readonly expiresAt?: number;
}

/** The events of a `LogtoClient`, by name. */
export interface LogtoClientEventMap {
  signedIn: LogtoSessionEvent;
  signedOut: LogtoSessionEvent;
  tokenRefreshed: LogtoSessionEvent;
  accessTokenExpiring: LogtoSessionEvent;
  sessionExpired: LogtoSessionEvent;
}

/** A `LogtoClient` is an `EventTarget` of its session events. */
export interface LogtoClient extends EventTarget {
  addEventListener<K extends keyof LogtoClientEventMap>(
    type: K, listener: (this: LogtoClient, event: LogtoClientEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof LogtoClientEventMap>(
    type: K, listener: (this: LogtoClient, event: LogtoClientEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_ERROR_CODES: &'static str = crate::core::codes::TYPESCRIPT_DECLARATION;
