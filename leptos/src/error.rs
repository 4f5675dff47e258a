//! [`LogtoError`]: every SDK error as a plain value (stable `code` + human `message`) that
//! fits in a signal, crosses `Send + Sync` bounds and can be thrown to an `<ErrorBoundary>`.

use logto_wasm::{ErrorCode, ErrorInfo, ProviderError};

/// An error of the SDK or of this integration, as shown to a person: the stable code
/// (e.g. `callback.state_mismatch`, `token.provider_error`), the message and, when the provider
/// sent one, its OAuth error (`invalid_grant`, `access_denied`, ...). It never contains a token
/// or a secret (the SDK's messages do not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogtoError {
    /// Stable machine-readable code; match on it. The SDK's codes are those of the registry,
    /// [`ErrorCode`] (`docs/errors.md`); an app may use its own for the errors it adds.
    pub code: String,
    /// Human-readable message.
    pub message: String,
    /// The provider's OAuth error (`error`, `error_description`, Logto's `code`), if it sent one:
    /// e.g. `invalid_grant` when a refresh token was revoked (code `token.provider_error`).
    pub provider: Option<ProviderError>,
}

impl LogtoError {
    /// An error with the given code and message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        LogtoError { code: code.into(), message: message.into(), provider: None }
    }

    /// The Leptos context has been disposed (the component that called `provide_logto` is gone).
    pub(crate) fn disposed() -> Self {
        LogtoError::new(ErrorCode::LeptosContextDisposed.as_str(), "the Logto context has been disposed")
    }
}

impl<E: ErrorInfo> From<E> for LogtoError {
    fn from(e: E) -> Self {
        LogtoError { code: e.code().as_str().to_owned(), message: e.message(), provider: e.provider_error().cloned() }
    }
}

impl std::fmt::Display for LogtoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for LogtoError {}
