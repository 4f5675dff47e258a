//! What every error of the SDK has in common: a stable `code()`, a human `message()` and, where
//! the provider said something, its `error` / `error_description`.
//!
//! Messages are built from static text and the error's fields by plain string concatenation:
//! nothing on the way from an error to JavaScript goes through `core::fmt` (docs/size.md).
//! `Display` prints the same message, for Rust callers and logs.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::codes::ErrorCode;

/// Implemented by every error enum of the SDK. `code()` is stable across releases: apps may
/// match on it. `message()` (also what `Display` prints) is for people; it never contains
/// secrets (tokens, code verifier, authorization code).
pub trait ErrorInfo {
    /// Stable machine-readable code such as `callback.state_mismatch` (from the registry,
    /// [`ErrorCode`]).
    fn code(&self) -> ErrorCode;
    /// The human-readable message.
    fn message(&self) -> String;
    /// The OAuth error the provider sent, if this error carries one.
    fn provider_error(&self) -> Option<&ProviderError> {
        None
    }
}

macro_rules! oauth_errors {
    ($($(#[doc = $doc:literal])+ $variant:ident = $text:literal,)+) => {
        /// The provider's OAuth / OpenID Connect `error` value (RFC 6749 §4.1.2.1, §5.2; OIDC Core
        /// §3.1.2.6; RFC 8707 §2; RFC 9449 §7), typed: match on it instead of comparing strings.
        /// A value not listed here is [`OAuthError::Other`], holding it.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum OAuthError {
            $($(#[doc = $doc])+ $variant,)+
            /// Any other value, as the provider sent it.
            Other(String),
        }

        impl OAuthError {
            /// The value as the provider sends it, e.g. `invalid_grant`.
            pub fn as_str(&self) -> &str {
                match self {
                    $(OAuthError::$variant => $text,)+
                    OAuthError::Other(s) => s,
                }
            }
            /// The typed value of `error`.
            pub fn from_name(error: &str) -> OAuthError {
                match error {
                    $($text => OAuthError::$variant,)+
                    other => OAuthError::Other(other.to_owned()),
                }
            }
        }
    };
}

oauth_errors! {
    /// `invalid_request`: a parameter is missing, invalid or repeated.
    InvalidRequest = "invalid_request",
    /// `invalid_client`: the client is unknown or its authentication failed.
    InvalidClient = "invalid_client",
    /// `invalid_grant`: the code or refresh token is invalid, expired, revoked or already used
    /// (with a rotating refresh token, Logto then revokes the whole grant).
    InvalidGrant = "invalid_grant",
    /// `unauthorized_client`: the client may not use this grant type.
    UnauthorizedClient = "unauthorized_client",
    /// `unsupported_grant_type`.
    UnsupportedGrantType = "unsupported_grant_type",
    /// `invalid_scope`: a requested scope is unknown or not allowed.
    InvalidScope = "invalid_scope",
    /// `invalid_target`: a resource indicator is unknown or not allowed (RFC 8707).
    InvalidTarget = "invalid_target",
    /// `access_denied`: the user (or the provider) refused, e.g. cancelled the sign-in.
    AccessDenied = "access_denied",
    /// `unsupported_response_type`.
    UnsupportedResponseType = "unsupported_response_type",
    /// `server_error`: the provider failed.
    ServerError = "server_error",
    /// `temporarily_unavailable`: the provider is overloaded or in maintenance.
    TemporarilyUnavailable = "temporarily_unavailable",
    /// `interaction_required` (OIDC, `prompt=none`).
    InteractionRequired = "interaction_required",
    /// `login_required` (OIDC, `prompt=none`): the user is not signed in at the provider.
    LoginRequired = "login_required",
    /// `account_selection_required` (OIDC, `prompt=none`).
    AccountSelectionRequired = "account_selection_required",
    /// `consent_required` (OIDC, `prompt=none`).
    ConsentRequired = "consent_required",
    /// `invalid_dpop_proof` (RFC 9449).
    InvalidDpopProof = "invalid_dpop_proof",
    /// `use_dpop_nonce` (RFC 9449).
    UseDpopNonce = "use_dpop_nonce",
}

impl Default for OAuthError {
    fn default() -> Self {
        OAuthError::Other(String::new())
    }
}

impl PartialEq<&str> for OAuthError {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for OAuthError {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl From<&str> for OAuthError {
    fn from(error: &str) -> Self {
        OAuthError::from_name(error)
    }
}

impl From<String> for OAuthError {
    fn from(error: String) -> Self {
        OAuthError::from_name(&error)
    }
}

impl ::core::fmt::Display for OAuthError {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for OAuthError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for OAuthError {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(OAuthError::from_name(&String::deserialize(deserializer)?))
    }
}

/// An OAuth 2.0 / OIDC error reported by the provider (RFC 6749 §5.2, §4.1.2.1), with Logto's
/// own `code` (e.g. `oidc.invalid_grant`) when it sends one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProviderError {
    /// The standard `error` field, typed, e.g. [`OAuthError::InvalidGrant`].
    pub error: OAuthError,
    /// The standard `error_description` field.
    pub error_description: Option<String>,
    /// Logto's `code` field, e.g. `oidc.invalid_grant`.
    pub code: Option<String>,
}

impl ProviderError {
    /// Reads an error body (JSON object with `error`, or Logto's `{code, message}`).
    /// Returns `None` when the body is not such an object.
    pub fn from_json(body: &[u8]) -> Option<ProviderError> {
        let b = crate::core::json::parse_object(body).ok()?;
        let field = |name: &'static str| b.opt_str(name).ok().flatten();
        let (error, code) = (field("error"), field("code"));
        let error = match (&error, &code) {
            (Some(e), _) => e.clone(),
            (None, Some(c)) => c.strip_prefix("oidc.").unwrap_or(c).to_owned(),
            (None, None) => return None,
        };
        Some(ProviderError {
            error: OAuthError::from_name(&truncate(&error, 200)),
            error_description: field("error_description").or_else(|| field("message")).map(|d| truncate(&d, 1000)),
            code: code.map(|c| truncate(&c, 200)),
        })
    }

    /// `error` or `error: error_description`.
    pub fn message(&self) -> String {
        match &self.error_description {
            Some(d) => concat(&[self.error.as_str(), ": ", d]),
            None => self.error.as_str().to_owned(),
        }
    }
}

impl ::core::fmt::Display for ProviderError {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(&self.message())
    }
}

/// A field of an error, as message text (without `core::fmt`).
pub(crate) trait MessageText {
    fn push_to(&self, out: &mut String);
}

impl MessageText for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}
impl MessageText for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}
impl<T: MessageText + ?Sized> MessageText for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}
impl<T: MessageText> MessageText for Option<T> {
    fn push_to(&self, out: &mut String) {
        match self {
            Some(v) => v.push_to(out),
            None => out.push_str("none"),
        }
    }
}
impl MessageText for u16 {
    fn push_to(&self, out: &mut String) {
        crate::core::json::push_i64(out, i64::from(*self));
    }
}
impl MessageText for u32 {
    fn push_to(&self, out: &mut String) {
        crate::core::json::push_i64(out, i64::from(*self));
    }
}
impl MessageText for usize {
    fn push_to(&self, out: &mut String) {
        crate::core::json::push_i64(out, i64::try_from(*self).unwrap_or(i64::MAX));
    }
}
impl MessageText for ProviderError {
    fn push_to(&self, out: &mut String) {
        out.push_str(&self.message());
    }
}
impl MessageText for crate::core::config::ConfigError {
    fn push_to(&self, out: &mut String) {
        out.push_str(&ErrorInfo::message(self));
    }
}

/// A field as message text.
pub(crate) fn text(v: &impl MessageText) -> String {
    let mut out = String::new();
    v.push_to(&mut out);
    out
}

/// A field in double quotes (a value from outside, such as an algorithm name).
pub(crate) fn quoted(v: &impl MessageText) -> String {
    let mut out = String::from("\"");
    v.push_to(&mut out);
    out.push('"');
    out
}

/// `Display` (the message) and `::core::error::Error` for an error type that implements
/// [`ErrorInfo`].
macro_rules! error_display {
    ($name:ident) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&$crate::core::error::ErrorInfo::message(self))
            }
        }
        impl ::core::error::Error for $name {}
    };
}
pub(crate) use error_display;

/// Joins static and dynamic pieces of a message without `core::fmt` (which the browser build
/// does without, docs/size.md).
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// Cuts a string from an untrusted source to at most `max` bytes on a char boundary.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default().to_owned()
}

/// Errors that can happen while talking to the network or storage, shared by every operation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportError {
    /// Code `network.request_failed`. The request could not be sent or no response arrived
    /// (offline, CORS, DNS, TLS, a redirect, which the SDK never follows, ...).
    Network {
        /// The URL of the request that failed: an endpoint of the provider (tokens and codes
        /// travel in headers or the body, never in it).
        url: String,
        /// What the browser or HTTP client reported, for logs.
        reason: String,
    },
}

crate::error_display!(TransportError);

impl ErrorInfo for TransportError {
    fn message(&self) -> String {
        match self {
            TransportError::Network { reason, url, .. } => concat(&["network request to ", &text(url), " failed: ", &text(reason)]),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            TransportError::Network { .. } => ErrorCode::NetworkRequestFailed,
        }
    }
}

/// Declares the error enum of one operation: each variant wraps the error of one step, and
/// `code()` / `provider_error()` delegate to it, so codes stay those of the step that failed.
///
/// Variants may carry their own doc comments (when the step fails); every variant also gets a
/// generated line naming the wrapped error type.
// Used by `crate::browser` (wasm32 only).
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_macros))]
macro_rules! operation_error {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident($ty:ty)),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[doc = ""]
                #[doc = concat!(
                    "Wraps the [`", stringify!($ty), "`] of this step: `code()`, ",
                    "`provider_error()` and the message are that error's."
                )]
                $variant($ty),
            )+
        }
        $(impl From<$ty> for $name {
            fn from(e: $ty) -> Self {
                $name::$variant(e)
            }
        })+
        $crate::error_display!($name);
        impl $crate::core::error::ErrorInfo for $name {
            fn code(&self) -> $crate::core::codes::ErrorCode {
                match self {
                    $($name::$variant(e) => $crate::core::error::ErrorInfo::code(e),)+
                }
            }
            fn message(&self) -> String {
                match self {
                    $($name::$variant(e) => $crate::core::error::ErrorInfo::message(e),)+
                }
            }
            fn provider_error(&self) -> Option<&$crate::core::error::ProviderError> {
                match self {
                    $($name::$variant(e) => $crate::core::error::ErrorInfo::provider_error(e),)+
                }
            }
        }
    };
}
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_imports))]
pub(crate) use operation_error;

/// Errors about the signed-in state itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionError {
    /// Code `not_authenticated`. There is no signed-in session: never signed in, signed out,
    /// or the session was dropped (e.g. after an `invalid_grant` on refresh).
    NotAuthenticated,
    /// Code `no_refresh_token`. A new token was needed but the session has no refresh token
    /// (sign in with the `offline_access` scope and `prompt=consent`).
    NoRefreshToken,
    /// Code `missing_scope_organizations`. An organization token was asked for, but the config
    /// lacks the `urn:logto:scope:organizations` scope that Logto requires for them.
    MissingOrganizationsScope,
    /// Code `access_token.invalid_target`. A resource indicator or organization ID that cannot
    /// be used (empty, too long, or containing whitespace or control characters); the `&str`
    /// names which.
    InvalidTarget(&'static str),
}

crate::error_display!(SessionError);

impl ErrorInfo for SessionError {
    fn message(&self) -> String {
        match self {
            SessionError::NotAuthenticated => "not authenticated: sign in first".to_owned(),
            SessionError::NoRefreshToken => "the session has no refresh token to get new tokens with".to_owned(),
            SessionError::MissingOrganizationsScope => "organization tokens need the `urn:logto:scope:organizations` scope in the config".to_owned(),
            SessionError::InvalidTarget(a0) => concat(&["invalid ", &text(a0)]),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            SessionError::NotAuthenticated => ErrorCode::NotAuthenticated,
            SessionError::NoRefreshToken => ErrorCode::NoRefreshToken,
            SessionError::MissingOrganizationsScope => ErrorCode::MissingScopeOrganizations,
            SessionError::InvalidTarget(_) => ErrorCode::AccessTokenInvalidTarget,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    #[test]
    fn reads_standard_and_logto_error_bodies() {
        let e = ProviderError::from_json(
            br#"{"code":"oidc.invalid_grant","message":"grant request is invalid","error":"invalid_grant","error_description":"grant request is invalid"}"#,
        )
        .unwrap();
        assert_eq!(e.error, "invalid_grant");
        assert_eq!(e.code.as_deref(), Some("oidc.invalid_grant"));
        let e = ProviderError::from_json(br#"{"code":"oidc.invalid_target","message":"nope"}"#).unwrap();
        assert_eq!(e.error, "invalid_target");
        assert_eq!(e.error_description.as_deref(), Some("nope"));
        assert!(ProviderError::from_json(b"<html>").is_none());
        assert!(ProviderError::from_json(br#"{"foo":1}"#).is_none());
    }

    #[test]
    fn the_providers_error_is_typed() {
        let e = ProviderError::from_json(br#"{"error":"invalid_grant","error_description":"grant request is invalid"}"#).unwrap();
        assert_eq!(e.error, OAuthError::InvalidGrant);
        let e = ProviderError::from_json(br#"{"code":"oidc.invalid_target","message":"nope"}"#).unwrap();
        assert_eq!(e.error, OAuthError::InvalidTarget);
        let e = ProviderError::from_json(br#"{"error":"slow_down"}"#).unwrap();
        assert_eq!(e.error, OAuthError::Other("slow_down".into()));
        assert_eq!(e.error.as_str(), "slow_down");
        for known in ["access_denied", "login_required", "use_dpop_nonce", "server_error"] {
            assert_eq!(OAuthError::from_name(known).as_str(), known);
            assert!(!matches!(OAuthError::from_name(known), OAuthError::Other(_)), "{known}");
        }
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("ééé", 3), "é");
        assert_eq!(truncate("abc", 10), "abc");
    }
}
