//! One error enum per operation. Codes come from the step that failed (see
//! [`crate::core::error::ErrorInfo`]); `crate::js` maps them all to `LogtoError` in one place.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::authorize::SignInOptionsError;
use crate::core::callback::CallbackError;
use crate::core::codes::ErrorCode;
use crate::core::config::ConfigError;
use crate::core::discovery::DiscoveryError;
use crate::core::error::{concat, text, ErrorInfo, SessionError, TransportError};
use crate::core::id_token::IdTokenError;
use crate::core::jwk::JwksError;
use crate::core::par::ParError;
use crate::core::token::TokenError;
use crate::core::userinfo::{AccessTokenClaimsError, UserInfoError};
use crate::operation_error;

pub use crate::browser::storage::StorageError;

/// Browser facilities that are missing or failing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlatformError {
    /// Code `crypto.subtle_unavailable`. `crypto.subtle` is missing, so ID-token signatures
    /// cannot be verified: the page is not a secure context (served over plain `http:` from a
    /// non-loopback host) or the environment has no WebCrypto.
    SubtleUnavailable,
    /// Code `crypto.random_unavailable`. `crypto.getRandomValues` failed, so no PKCE
    /// verifier, `state` or `nonce` can be drawn.
    RandomUnavailable,
    /// Code `crypto.unsupported_algorithm`. This browser's WebCrypto does not support the ID
    /// token's algorithm or curve (held here), e.g. Ed25519 before Chrome 137 / Safari 17, or
    /// P-521: the signature could not be checked at all. Not a forgery: an evaluated signature
    /// that does not verify is `id_token.invalid_signature`.
    UnsupportedAlgorithm(&'static str),
    /// Code `navigation.failed`. `location.assign` / `location.replace` threw, or there is no
    /// `window` (e.g. in a worker); holds the reason.
    Navigation(String),
}

crate::error_display!(PlatformError);

impl ErrorInfo for PlatformError {
    fn message(&self) -> String {
        match self {
            PlatformError::SubtleUnavailable => "crypto.subtle is unavailable (WebCrypto needs a secure context: https or localhost)".to_owned(),
            PlatformError::RandomUnavailable => "no secure random number generator is available".to_owned(),
            PlatformError::UnsupportedAlgorithm(a0) => {
                concat(&["this browser's WebCrypto does not support ", a0, ": the ID token's signature cannot be checked"])
            }
            PlatformError::Navigation(a0) => concat(&["navigation failed: ", &text(a0)]),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            PlatformError::SubtleUnavailable => ErrorCode::CryptoSubtleUnavailable,
            PlatformError::RandomUnavailable => ErrorCode::CryptoRandomUnavailable,
            PlatformError::UnsupportedAlgorithm(_) => ErrorCode::CryptoUnsupportedAlgorithm,
            PlatformError::Navigation(_) => ErrorCode::NavigationFailed,
        }
    }
}

operation_error! {
    /// Why fetching the provider's metadata or keys failed.
    pub enum ProviderLoadError {
        /// The discovery document was refused (HTTP error, invalid, wrong issuer, ...).
        Discovery(DiscoveryError),
        /// The key set (`jwks_uri`) was refused.
        Jwks(JwksError),
        /// The discovery or key-set request got no response.
        Transport(TransportError),
    }
}

operation_error! {
    /// Why `LogtoClient::new` failed: only the configuration is checked (storage is first used
    /// by the first operation, whose error says what went wrong with it).
    pub enum NewClientError {
        /// The configuration is invalid.
        Config(ConfigError),
    }
}

operation_error! {
    /// Why `sign_in` failed. Nothing is stored and the page is not left when it fails.
    pub enum SignInError {
        /// The sign-in options are invalid.
        Options(SignInOptionsError),
        /// The provider metadata needed for the authorization URL could not be loaded.
        Provider(ProviderLoadError),
        /// The sign-in transaction could not be stored, or the old tokens cleared.
        Storage(StorageError),
        /// No secure random numbers, no WebCrypto for the PKCE digest, or the navigation to
        /// the provider failed.
        Platform(PlatformError),
        /// The pushed authorization request (RFC 9126) was refused, or its answer is invalid,
        /// or the provider has none.
        Par(ParError),
        /// The pushed authorization request got no response.
        Transport(TransportError),
    }
}

operation_error! {
    /// Why an ID token could not be verified.
    pub enum IdTokenVerificationError {
        /// The ID token was refused (signature or claims).
        IdToken(IdTokenError),
        /// The key set to verify it with could not be loaded.
        Provider(ProviderLoadError),
        /// WebCrypto is unavailable.
        Platform(PlatformError),
    }
}

operation_error! {
    /// Why `handle_sign_in_callback` failed. A refused callback leaves storage as it was.
    pub enum CallbackHandlingError {
        /// The callback URL was refused, or there is no usable pending sign-in.
        Callback(CallbackError),
        /// The provider metadata (for the token endpoint) could not be loaded.
        Provider(ProviderLoadError),
        /// The code exchange was refused or its response is invalid.
        Token(TokenError),
        /// The ID token of the code exchange failed verification.
        IdToken(IdTokenVerificationError),
        /// The code exchange got no response.
        Transport(TransportError),
        /// The transaction could not be read or removed, or the session stored.
        Storage(StorageError),
        /// No secure random numbers, or the navigation to `postRedirectUri` failed.
        Platform(PlatformError),
        /// The code exchange's DPoP proof could not be made.
        Dpop(DpopError),
    }
}

/// Why a DPoP proof could not be made (RFC 9449, config `dpop`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DpopError {
    /// Code `dpop.unavailable`. The key could not be made, kept or used: no IndexedDB (the key
    /// must survive reloads), or WebCrypto refused; holds the reason. No token request was sent.
    Unavailable(String),
    /// Code `dpop.not_configured`. A proof was asked for, but the config does not use DPoP.
    NotConfigured,
    /// Code `dpop.invalid_target`. The proof's method is not an HTTP method name (upper case)
    /// or its URL is not an absolute http(s) URL.
    InvalidTarget,
}

crate::error_display!(DpopError);

impl ErrorInfo for DpopError {
    fn message(&self) -> String {
        match self {
            DpopError::Unavailable(a0) => concat(&["no DPoP proof could be made: ", &text(a0)]),
            DpopError::NotConfigured => "DPoP is not configured (config `dpop`)".to_owned(),
            DpopError::InvalidTarget => "a DPoP proof needs an HTTP method name in upper case and an absolute http(s) URL".to_owned(),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            DpopError::Unavailable(_) => ErrorCode::DpopUnavailable,
            DpopError::NotConfigured => ErrorCode::DpopNotConfigured,
            DpopError::InvalidTarget => ErrorCode::DpopInvalidTarget,
        }
    }
}

/// Why the hidden frame of a silent sign-in brought no answer back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SilentFrameError {
    /// Code `silent_sign_in.timeout`. No answer reached the redirect URI in time: the provider
    /// showed a page instead of redirecting (Logto's pages refuse framing, so the frame stays
    /// blank), the redirect URI is not registered, or the provider is slow. Nothing was stored.
    Timeout,
    /// Code `silent_sign_in.unavailable`. There is no document to put the frame in (e.g. in a
    /// worker), or it could not be created; holds the reason.
    Unavailable(String),
}

crate::error_display!(SilentFrameError);

impl ErrorInfo for SilentFrameError {
    fn message(&self) -> String {
        match self {
            SilentFrameError::Timeout => {
                "the silent sign-in got no answer in time (the provider showed a page, or the redirect URI is not registered)".to_owned()
            }
            SilentFrameError::Unavailable(a0) => concat(&["a silent sign-in needs a document for its frame: ", &text(a0)]),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            SilentFrameError::Timeout => ErrorCode::SilentSignInTimeout,
            SilentFrameError::Unavailable(_) => ErrorCode::SilentSignInUnavailable,
        }
    }
}

operation_error! {
    /// Why `sign_in_silently` failed. Nothing is stored, and a session that was there stays.
    pub enum SilentSignInError {
        /// The authorization request could not be made (options, provider metadata, PAR,
        /// random numbers, WebCrypto).
        Start(SignInError),
        /// The frame brought no answer back.
        Frame(SilentFrameError),
        /// The provider's answer was refused (`callback.login_required` when nobody is signed
        /// in there, ...), or the code exchange, the ID token or storing the session failed.
        Callback(CallbackHandlingError),
    }
}

/// Why a popup sign-in brought no answer back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PopupError {
    /// Code `popup.blocked`. The browser blocked the popup (`window.open` outside a click
    /// handler, or the user's settings). Nothing was stored.
    Blocked,
    /// Code `popup.user_cancelled`. The user closed the popup before the sign-in completed.
    UserCancelled,
    /// Code `popup.timeout`. No answer came in time (also how a popup closed after a provider
    /// page severed it with `Cross-Origin-Opener-Policy` ends).
    Timeout,
    /// Code `popup.unavailable`. There is no window, no `BroadcastChannel`, or the popup could
    /// not be sent to the provider; holds the reason.
    Unavailable(String),
}

crate::error_display!(PopupError);

impl ErrorInfo for PopupError {
    fn message(&self) -> String {
        match self {
            PopupError::Blocked => "the browser blocked the sign-in popup (open it from a click handler)".to_owned(),
            PopupError::UserCancelled => "the sign-in popup was closed before the sign-in completed".to_owned(),
            PopupError::Timeout => "the popup sign-in got no answer in time".to_owned(),
            PopupError::Unavailable(a0) => concat(&["a popup sign-in is not possible here: ", &text(a0)]),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            PopupError::Blocked => ErrorCode::PopupBlocked,
            PopupError::UserCancelled => ErrorCode::PopupUserCancelled,
            PopupError::Timeout => ErrorCode::PopupTimeout,
            PopupError::Unavailable(_) => ErrorCode::PopupUnavailable,
        }
    }
}

operation_error! {
    /// Why `sign_in_with_popup` failed. Nothing is stored, and a session that was there stays.
    pub enum PopupSignInError {
        /// The authorization request could not be made (options, provider metadata, PAR,
        /// random numbers, WebCrypto).
        Start(SignInError),
        /// The popup was blocked, closed, or brought no answer back.
        Popup(PopupError),
        /// The provider's answer was refused (`access_denied`, ...), or the code exchange, the ID
        /// token or storing the session failed.
        Callback(CallbackHandlingError),
    }
}

operation_error! {
    /// Why reading the session failed.
    pub enum SessionReadError {
        /// There is no session (not signed in).
        Session(SessionError),
        /// The session could not be read from storage.
        Storage(StorageError),
    }
}

operation_error! {
    /// Why `sign_out` failed. Local state is cleared before anything can fail.
    pub enum SignOutError {
        /// The session could not be removed from storage.
        Storage(StorageError),
        /// The navigation to the end-session endpoint or `post_logout_redirect_uri` failed.
        Platform(PlatformError),
    }
}

operation_error! {
    /// Why an access token could not be had. A provider `invalid_grant` also signs out;
    /// network failures keep the session (retry later).
    pub enum AccessTokenError {
        /// Not signed in, no refresh token, an invalid resource / organization ID, or no
        /// organizations scope.
        Session(SessionError),
        /// The refresh was refused (`invalid_grant` signs out) or its response is invalid.
        Token(TokenError),
        /// The ID token of the refresh response failed verification.
        IdToken(IdTokenVerificationError),
        /// The provider metadata (for the token endpoint) could not be loaded.
        Provider(ProviderLoadError),
        /// The refresh request got no response; the session is kept.
        Transport(TransportError),
        /// The session could not be read or stored.
        Storage(StorageError),
        /// The token's claims were asked for, but it is not a JWT.
        Claims(AccessTokenClaimsError),
        /// The silent sign-in that renews a session without a refresh token failed
        /// (`callback.login_required` also signs out).
        Silent(SilentSignInError),
        /// The refresh's DPoP proof could not be made.
        Dpop(DpopError),
    }
}

operation_error! {
    /// Why userinfo could not be had.
    pub enum UserInfoFetchError {
        /// Not signed in.
        Session(SessionError),
        /// No access token for the userinfo endpoint could be had.
        AccessToken(AccessTokenError),
        /// The userinfo request was refused or its response is invalid or about another user.
        UserInfo(UserInfoError),
        /// The provider metadata (for the userinfo endpoint) could not be loaded.
        Provider(ProviderLoadError),
        /// The userinfo request got no response.
        Transport(TransportError),
        /// The session could not be read from storage.
        Storage(StorageError),
        /// The userinfo request's DPoP proof could not be made.
        Dpop(DpopError),
    }
}
