//! The registry of error codes: every code any error of the SDK returns is a variant of
//! [`ErrorCode`], declared once below. The TypeScript union `LogtoErrorCode` and the table in
//! `docs/errors.md` are generated from it (`tests/error_codes.rs` checks that both are current,
//! that every code is produced by some test, and that every code the tests and docs name is
//! listed).

#[allow(unused_imports)]
use crate::prelude::*;

macro_rules! error_codes {
    (
        thrown_by_js { $( $(#[doc = $jdoc:literal])+ $jvariant:ident = $jcode:literal, )+ }
        rust_only { $( $(#[doc = $rdoc:literal])+ $rvariant:ident = $rcode:literal, )+ }
    ) => {
        /// A stable error code. `as_str()` is the text apps match on (`callback.state_mismatch`);
        /// it never changes within a major version. New codes may be added in minor versions.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[doc = $jdoc])+ $jvariant, )+
            $( $(#[doc = $rdoc])+ $rvariant, )+
        }

        impl ErrorCode {
            /// Every code, in registry order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$jvariant,)+ $(ErrorCode::$rvariant,)+];

            /// The code's text, e.g. `callback.state_mismatch`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$jvariant => $jcode,)+
                    $(ErrorCode::$rvariant => $rcode,)+
                }
            }

            /// What the code means (the registry's one line, also in `docs/errors.md`).
            pub const fn description(self) -> &'static str {
                match self {
                    $(ErrorCode::$jvariant => concat!($($jdoc),+),)+
                    $(ErrorCode::$rvariant => concat!($($rdoc),+),)+
                }
            }

            /// Whether the JS API can throw it (it is then in `LogtoErrorCode`). The others are
            /// returned by the Rust API only.
            pub const fn thrown_by_js(self) -> bool {
                match self {
                    $(ErrorCode::$jvariant => true,)+
                    $(ErrorCode::$rvariant => false,)+
                }
            }
        }

        /// The TypeScript declaration of `LogtoErrorCode`: the union of the codes the JS API
        /// throws, as the npm package's `.d.ts` ships it.
        pub const TYPESCRIPT_DECLARATION: &str = concat!(
            "/** Every error code the SDK can throw (generated from the registry, `src/core/codes.rs`; see docs/errors.md). */\nexport type LogtoErrorCode =",
            $("\n  | '", $jcode, "'",)+
            ";\n"
        );
    };
}

error_codes! {
    thrown_by_js {
        /// An argument passed from JavaScript has the wrong type or shape (not a string, not an object, cannot be serialized).
        InvalidArgument = "invalid_argument",
        /// There is no signed-in session: never signed in, signed out, or the session was dropped (e.g. after `invalid_grant` on refresh).
        NotAuthenticated = "not_authenticated",
        /// A new token was needed but the session has no refresh token (sign in with the `offline_access` scope), or another tab owns it.
        NoRefreshToken = "no_refresh_token",
        /// An organization token was asked for, but the config lacks the `urn:logto:scope:organizations` scope.
        MissingScopeOrganizations = "missing_scope_organizations",
        /// A resource indicator or organization ID is empty, too long, or contains whitespace or control characters.
        AccessTokenInvalidTarget = "access_token.invalid_target",
        /// The access token is not a JWT (an opaque token has no claims to read).
        AccessTokenNotJwt = "access_token.not_jwt",
        /// The provider's metadata has no `userinfo_endpoint`.
        UserinfoNoEndpoint = "userinfo.no_endpoint",
        /// The userinfo request got a non-2xx status (e.g. 401 for an expired or revoked access token).
        UserinfoHttpError = "userinfo.http_error",
        /// The userinfo response is not a JSON object with a string `sub`, or is too large.
        UserinfoInvalidResponse = "userinfo.invalid_response",
        /// The userinfo response is about another user than the ID token's `sub` (OIDC Core §5.3.2).
        UserinfoSubMismatch = "userinfo.sub_mismatch",
        /// Neither or both of `endpoint` and `issuer` are set.
        ConfigMissingEndpoint = "config.missing_endpoint",
        /// `appId` is empty or not a plain token.
        ConfigMissingAppId = "config.missing_app_id",
        /// A URL option is not an absolute http(s) URL, or has a query or fragment where none is allowed.
        ConfigInvalidUrl = "config.invalid_url",
        /// A URL option is `http:` on a non-loopback host, without `dangerouslyAllowInsecureHttp`.
        ConfigInsecureUrl = "config.insecure_url",
        /// A scope is empty, too long, or has characters a scope token cannot have (RFC 6749 §3.3).
        ConfigInvalidScope = "config.invalid_scope",
        /// A resource indicator is not a valid absolute URI without fragment (RFC 8707 §2).
        ConfigInvalidResource = "config.invalid_resource",
        /// A `prompt` value is not `none`, `login`, `consent`, `select_account` or `create`.
        ConfigInvalidPrompt = "config.invalid_prompt",
        /// An ID-token algorithm is not one the SDK can verify (`none` and `HS*` never are), or the list is empty.
        ConfigInvalidAlgorithm = "config.invalid_algorithm",
        /// `redirectUri` is not an absolute URL, is plain `http:` on a non-loopback host, or has a fragment.
        SignInInvalidRedirectUri = "sign_in.invalid_redirect_uri",
        /// `postRedirectUri` is not an absolute http(s) URL.
        SignInInvalidPostRedirectUri = "sign_in.invalid_post_redirect_uri",
        /// A `prompt` value of the sign-in options is not one of the known values.
        SignInInvalidPrompt = "sign_in.invalid_prompt",
        /// `directSignIn` has an empty, overlong or control-character `target`.
        SignInInvalidDirectSignIn = "sign_in.invalid_direct_sign_in",
        /// An `extraParams` key is empty, a protocol parameter (`client_id`, `redirect_uri`, `state`, `nonce`, PKCE, `scope`, `resource`, ...), or also set by its own sign-in option.
        SignInReservedExtraParam = "sign_in.reserved_extra_param",
        /// A sign-in option cannot be used: unknown value, wrong type, empty, over 2048 bytes, or with control characters.
        SignInInvalidOption = "sign_in.invalid_option",
        /// Pushed authorization was asked for (`pushedAuthorization`, or the provider requires it) but the provider has no pushed authorization request endpoint.
        ParUnsupported = "par.unsupported",
        /// The pushed authorization request endpoint answered with an OAuth error (RFC 9126 §2.3); see `error` / `errorDescription`.
        ParProviderError = "par.provider_error",
        /// The pushed authorization request endpoint answered with another status than 201 and no OAuth error body.
        ParHttpError = "par.http_error",
        /// The pushed authorization response is not `{request_uri, expires_in}` with a non-empty `request_uri` and a positive `expires_in`, or is too large.
        ParInvalidResponse = "par.invalid_response",
        /// The discovery document request got a non-2xx status.
        DiscoveryHttpError = "discovery.http_error",
        /// The discovery response is not a provider metadata document with the required fields, or is too large.
        DiscoveryInvalidDocument = "discovery.invalid_document",
        /// The discovery document's `issuer` is not exactly the configured issuer (OIDC Discovery §4.3).
        DiscoveryIssuerMismatch = "discovery.issuer_mismatch",
        /// An endpoint the SDK would use is not https (or http on a loopback host).
        DiscoveryInsecureEndpoint = "discovery.insecure_endpoint",
        /// The provider lists `code_challenge_methods_supported` without `S256`.
        DiscoveryPkceUnsupported = "discovery.pkce_unsupported",
        /// The key set (`jwks_uri`) request got a non-2xx status.
        JwksHttpError = "jwks.http_error",
        /// The key set response is not a JSON object with a `keys` array, or is too large.
        JwksInvalidKeySet = "jwks.invalid_key_set",
        /// No usable sign-in transaction is stored: the callback was handled already, or the sign-in started elsewhere.
        CallbackNoPendingSignIn = "callback.no_pending_sign_in",
        /// The sign-in started too long ago (or, by the clock, in the future).
        CallbackSignInExpired = "callback.sign_in_expired",
        /// The sign-in was started with another issuer than the current config's.
        CallbackIssuerChanged = "callback.issuer_changed",
        /// The callback URL is not an absolute http(s) URL.
        CallbackInvalidUrl = "callback.invalid_url",
        /// The callback URL, query aside, is not the sign-in's `redirectUri`.
        CallbackRedirectUriMismatch = "callback.redirect_uri_mismatch",
        /// `code`, `state`, `iss`, `error` or `error_description` appears more than once in the callback.
        CallbackDuplicateParameter = "callback.duplicate_parameter",
        /// The callback has no `iss` although the provider promised one (RFC 9207).
        CallbackMissingIss = "callback.missing_iss",
        /// The callback's `iss` is not the sign-in's issuer: a possible mix-up attack (RFC 9207).
        CallbackIssMismatch = "callback.iss_mismatch",
        /// The callback has no `state`.
        CallbackMissingState = "callback.missing_state",
        /// The callback's `state` is not the pending sign-in's: a stale or forged callback.
        CallbackStateMismatch = "callback.state_mismatch",
        /// The provider redirected back with an OAuth `error` (e.g. `access_denied`); see `error` / `errorDescription`.
        CallbackProviderError = "callback.provider_error",
        /// The provider answered a silent sign-in (`prompt=none`) with `login_required`: nobody is signed in at the provider (or its cookies are not sent to it: third-party cookies blocked).
        CallbackLoginRequired = "callback.login_required",
        /// The provider answered a silent sign-in (`prompt=none`) with `interaction_required` or `account_selection_required`: the user must see a page first.
        CallbackInteractionRequired = "callback.interaction_required",
        /// The provider answered a silent sign-in (`prompt=none`) with `consent_required`: the app needs a consent the user has not given.
        CallbackConsentRequired = "callback.consent_required",
        /// The callback has neither `error` nor a non-empty `code`.
        CallbackMissingCode = "callback.missing_code",
        /// No DPoP proof could be made (config `dpop`): no IndexedDB to keep the key in, or WebCrypto refused. No token request was sent.
        DpopUnavailable = "dpop.unavailable",
        /// `createDpopProof` was called, but the config does not use DPoP.
        DpopNotConfigured = "dpop.not_configured",
        /// `createDpopProof` got a method that is not an upper-case HTTP method name, or a URL that is not an absolute http(s) URL.
        DpopInvalidTarget = "dpop.invalid_target",
        /// The browser blocked the sign-in popup (`signInWithPopup` outside a click handler, or the user's settings). Nothing was stored.
        PopupBlocked = "popup.blocked",
        /// The user closed the sign-in popup before the sign-in completed.
        PopupUserCancelled = "popup.user_cancelled",
        /// A popup sign-in got no answer in time (also how a popup closed after a provider page severed it with `Cross-Origin-Opener-Policy` ends).
        PopupTimeout = "popup.timeout",
        /// A popup sign-in is not possible here: no window or no `BroadcastChannel`.
        PopupUnavailable = "popup.unavailable",
        /// A silent sign-in's frame got no answer in time: the provider showed a page (Logto's refuse framing), the redirect URI is not registered, or the provider is slow. Nothing was stored.
        SilentSignInTimeout = "silent_sign_in.timeout",
        /// A silent sign-in has no document to put its frame in (e.g. in a worker).
        SilentSignInUnavailable = "silent_sign_in.unavailable",
        /// The token endpoint answered with an OAuth error (e.g. `invalid_grant`); see `error` / `errorDescription`.
        TokenProviderError = "token.provider_error",
        /// The token endpoint answered with a non-2xx status and no OAuth error body.
        TokenHttpError = "token.http_error",
        /// A 2xx token response that is not valid: not JSON, no `access_token` or `token_type`, a bad `expires_in`, or too large.
        TokenInvalidResponse = "token.invalid_response",
        /// The `token_type` is not the one requested: not `Bearer` (or, with `dpop`, `DPoP`).
        TokenUnsupportedTokenType = "token.unsupported_token_type",
        /// A token request with a DPoP proof got a `Bearer` token: the provider does not support DPoP (config `dpop`).
        TokenNotDpopBound = "token.not_dpop_bound",
        /// The code exchange returned no ID token (no `openid` scope, or not an OpenID Connect provider).
        TokenMissingIdToken = "token.missing_id_token",
        /// The ID token is longer than the limit; refused before any parsing.
        IdTokenTooLarge = "id_token.too_large",
        /// The ID token is not a compact JWS with a JSON header.
        IdTokenMalformed = "id_token.malformed",
        /// The ID token's `alg` is not on the allow-list (e.g. `none`, `HS256`).
        IdTokenAlgorithmNotAllowed = "id_token.algorithm_not_allowed",
        /// The ID token's header has `crit`, which the SDK does not understand.
        IdTokenUnsupportedCrit = "id_token.unsupported_crit",
        /// The ID token's header `typ` names another kind of token (e.g. `at+jwt`), RFC 8725 §3.11.
        IdTokenUnexpectedType = "id_token.unexpected_type",
        /// No key of the provider's key set fits the ID token's `alg` and `kid`.
        IdTokenNoMatchingKey = "id_token.no_matching_key",
        /// The ID token's signature does not verify: a forged or corrupted token.
        IdTokenInvalidSignature = "id_token.invalid_signature",
        /// The ID token's payload is not a JSON claims object, or a claim has the wrong type.
        IdTokenMalformedClaims = "id_token.malformed_claims",
        /// A required ID-token claim (`iss`, `aud`, `exp`, `iat`, `sub`) is missing.
        IdTokenMissingClaim = "id_token.missing_claim",
        /// The ID token's `iss` is not the configured issuer.
        IdTokenIssuerMismatch = "id_token.issuer_mismatch",
        /// The ID token's `aud` does not contain the app ID.
        IdTokenAudienceMismatch = "id_token.audience_mismatch",
        /// The ID token's `azp` is not the app ID, or is missing although `aud` has several values.
        IdTokenAzpMismatch = "id_token.azp_mismatch",
        /// The ID token's `exp` is past (beyond the clock leeway). Often a wrong device clock.
        IdTokenExpired = "id_token.expired",
        /// The ID token's `iat` is in the future (beyond the clock leeway). Often a wrong device clock.
        IdTokenIatInFuture = "id_token.iat_in_future",
        /// The ID token's `nbf` is in the future (beyond the clock leeway).
        IdTokenNotYetValid = "id_token.not_yet_valid",
        /// The ID token's `nonce` is missing or not the one sent (at sign-in), or changed (on refresh).
        IdTokenNonceMismatch = "id_token.nonce_mismatch",
        /// The sign-in sent `maxAge` and the ID token's `auth_time` is older than that (or missing: `id_token.missing_claim`).
        IdTokenAuthTimeTooOld = "id_token.auth_time_too_old",
        /// The sign-in required an `acr` among its `acrValues` (`requireAcr`) and the ID token's `acr` is missing or another.
        IdTokenAcrNotRequested = "id_token.acr_not_requested",
        /// A refreshed ID token names another `sub` or `iss` than the session's.
        IdTokenSubjectChanged = "id_token.subject_changed",
        /// The storage cannot be used on this page (disabled, refused, or a custom storage object without its methods).
        StorageUnavailable = "storage.unavailable",
        /// A write was refused because the storage is full.
        StorageQuotaExceeded = "storage.quota_exceeded",
        /// A storage call failed (threw, rejected, returned a non-string, or an IndexedDB transaction aborted).
        StorageFailed = "storage.failed",
        /// A request to the provider got no response (offline, CORS, DNS, TLS, or a redirect, which the SDK never follows).
        NetworkRequestFailed = "network.request_failed",
        /// WebCrypto (`crypto.subtle`) is missing: the page is not a secure context, or the environment has none.
        CryptoSubtleUnavailable = "crypto.subtle_unavailable",
        /// `crypto.getRandomValues` failed.
        CryptoRandomUnavailable = "crypto.random_unavailable",
        /// This browser's WebCrypto does not support the ID token's algorithm or curve (e.g. Ed25519 on an older browser): not a forgery.
        CryptoUnsupportedAlgorithm = "crypto.unsupported_algorithm",
        /// `location.assign` / `location.replace` threw, or there is no `window`.
        NavigationFailed = "navigation.failed",
    }
    rust_only {
        /// A stored value is not JSON of the expected shape (Rust API only: the JS client drops such a value and reads as signed out).
        StorageCorruptValue = "storage.corrupt_value",
        /// A stored value has another format version than this SDK writes (Rust API only: dropped by the client).
        StorageVersionMismatch = "storage.version_mismatch",
        /// The stored session was made for another issuer (Rust API only: dropped by the client).
        StorageOtherIssuer = "storage.other_issuer",
        /// The Leptos context is gone (the component that called `provide_logto` was disposed);
        /// from the `logto-wasm-leptos` integration.
        LeptosContextDisposed = "leptos.context_disposed",
    }
}

impl ErrorCode {
    /// The code whose text is `code`.
    pub fn from_name(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl ::core::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<ErrorCode> for &str {
    fn eq(&self, other: &ErrorCode) -> bool {
        *self == other.as_str()
    }
}

impl From<ErrorCode> for &'static str {
    fn from(code: ErrorCode) -> &'static str {
        code.as_str()
    }
}
