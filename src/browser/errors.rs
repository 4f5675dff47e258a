//! One error enum per operation. Codes come from the step that failed (see
//! [`crate::core::error::ErrorInfo`]); `crate::js` maps them all to `LogtoError` in one place.

use crate::core::authorize::SignInOptionsError;
use crate::core::callback::CallbackError;
use crate::core::config::ConfigError;
use crate::core::discovery::DiscoveryError;
use crate::core::error::{ErrorInfo, SessionError, TransportError};
use crate::core::id_token::IdTokenError;
use crate::core::jwk::JwksError;
use crate::core::session::StoredValueError;
use crate::core::token::TokenError;
use crate::core::userinfo::{AccessTokenClaimsError, UserInfoError};
use crate::operation_error;

pub use crate::browser::storage::StorageError;

/// Browser facilities that are missing or failing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlatformError {
    #[error("crypto.subtle is unavailable (WebCrypto needs a secure context: https or localhost)")]
    SubtleUnavailable,
    #[error("no secure random number generator is available")]
    RandomUnavailable,
    #[error("navigation failed: {0}")]
    Navigation(String),
}

impl ErrorInfo for PlatformError {
    fn code(&self) -> &'static str {
        match self {
            PlatformError::SubtleUnavailable => "crypto.subtle_unavailable",
            PlatformError::RandomUnavailable => "crypto.random_unavailable",
            PlatformError::Navigation(_) => "navigation.failed",
        }
    }
}

operation_error! {
    /// Why fetching the provider's metadata or keys failed.
    pub enum ProviderLoadError {
        Discovery(DiscoveryError),
        Jwks(JwksError),
        Transport(TransportError),
        Storage(StorageError),
    }
}

operation_error! {
    /// Why `LogtoClient::new` failed.
    pub enum NewClientError {
        Config(ConfigError),
        Storage(StorageError),
    }
}

operation_error! {
    /// Why `sign_in` failed. Nothing is stored and the page is not left when it fails.
    pub enum SignInError {
        Options(SignInOptionsError),
        Provider(ProviderLoadError),
        Storage(StorageError),
        Platform(PlatformError),
    }
}

operation_error! {
    /// Why an ID token could not be verified.
    pub enum IdTokenVerificationError {
        IdToken(IdTokenError),
        Provider(ProviderLoadError),
        Platform(PlatformError),
    }
}

operation_error! {
    /// Why `handle_sign_in_callback` failed. A refused callback leaves storage as it was.
    pub enum CallbackHandlingError {
        Callback(CallbackError),
        Provider(ProviderLoadError),
        Token(TokenError),
        IdToken(IdTokenVerificationError),
        Transport(TransportError),
        Storage(StorageError),
        StoredValue(StoredValueError),
        Platform(PlatformError),
    }
}

operation_error! {
    /// Why reading the session failed.
    pub enum SessionReadError {
        Session(SessionError),
        Storage(StorageError),
    }
}

operation_error! {
    /// Why `sign_out` failed. Local state is cleared before anything can fail.
    pub enum SignOutError {
        Storage(StorageError),
        Provider(ProviderLoadError),
        Platform(PlatformError),
    }
}

operation_error! {
    /// Why an access token could not be had. A provider `invalid_grant` also signs out;
    /// network failures keep the session (retry later).
    pub enum AccessTokenError {
        Session(SessionError),
        Token(TokenError),
        IdToken(IdTokenVerificationError),
        Provider(ProviderLoadError),
        Transport(TransportError),
        Storage(StorageError),
        Claims(AccessTokenClaimsError),
    }
}

operation_error! {
    /// Why userinfo could not be had.
    pub enum UserInfoFetchError {
        Session(SessionError),
        AccessToken(AccessTokenError),
        UserInfo(UserInfoError),
        Provider(ProviderLoadError),
        Transport(TransportError),
        Storage(StorageError),
    }
}
