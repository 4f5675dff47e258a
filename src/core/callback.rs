//! The pending sign-in transaction and the validation of the callback URL, in the order
//! redirect URI → RFC 9207 `iss` → `state` → `error` → `code`.

use serde::{Deserialize, Serialize};

use crate::core::error::{truncate, ErrorInfo, ProviderError};
use crate::core::secret::Secret;
use crate::core::url::{query_pairs, split_url, without_query};

/// Format version of the stored transaction.
pub const TRANSACTION_VERSION: u32 = 1;
/// A sign-in must come back within this many seconds (30 minutes).
pub const TRANSACTION_TTL_SECONDS: i64 = 30 * 60;

/// What a sign-in remembers across the redirect. Stored until the callback is handled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInTransaction {
    pub v: u32,
    pub state: String,
    pub nonce: String,
    pub code_verifier: Secret,
    pub redirect_uri: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_redirect_uri: Option<String>,
    /// The issuer the sign-in was started with (mix-up defence).
    pub issuer: String,
    /// RFC 9207: the provider promised an `iss` on the callback (from discovery at sign-in), so
    /// the callback can be checked without any network request.
    #[serde(default)]
    pub iss_required: bool,
    /// Unix seconds.
    pub created_at: i64,
}

/// Why a callback was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    #[error("there is no pending sign-in to complete (it was completed already, or started in another tab or browser)")]
    NoPendingSignIn,
    #[error("the pending sign-in has expired; sign in again")]
    SignInExpired,
    #[error("the pending sign-in was started for another issuer")]
    IssuerChanged,
    #[error("callback URL is not a valid absolute URL")]
    InvalidUrl,
    #[error("callback URL does not match the redirect URI of the pending sign-in")]
    RedirectUriMismatch,
    #[error("callback parameter `{0}` appears more than once")]
    DuplicateParameter(String),
    #[error("callback has no `iss` parameter, but the provider promises one (RFC 9207)")]
    MissingIssuer,
    #[error("callback `iss` is not the expected issuer (possible mix-up attack)")]
    IssuerMismatch,
    #[error("callback has no `state` parameter")]
    MissingState,
    #[error("callback `state` does not match the pending sign-in")]
    StateMismatch,
    #[error("the provider returned an error: {0}")]
    Provider(ProviderError),
    #[error("callback has no `code` parameter")]
    MissingCode,
}

impl ErrorInfo for CallbackError {
    fn code(&self) -> &'static str {
        match self {
            CallbackError::NoPendingSignIn => "callback.no_pending_sign_in",
            CallbackError::SignInExpired => "callback.sign_in_expired",
            CallbackError::IssuerChanged => "callback.issuer_changed",
            CallbackError::InvalidUrl => "callback.invalid_url",
            CallbackError::RedirectUriMismatch => "callback.redirect_uri_mismatch",
            CallbackError::DuplicateParameter(_) => "callback.duplicate_parameter",
            CallbackError::MissingIssuer => "callback.missing_iss",
            CallbackError::IssuerMismatch => "callback.iss_mismatch",
            CallbackError::MissingState => "callback.missing_state",
            CallbackError::StateMismatch => "callback.state_mismatch",
            CallbackError::Provider(_) => "callback.provider_error",
            CallbackError::MissingCode => "callback.missing_code",
        }
    }
    fn provider_error(&self) -> Option<&ProviderError> {
        match self {
            CallbackError::Provider(p) => Some(p),
            _ => None,
        }
    }
}

impl SignInTransaction {
    /// Checks that a stored transaction may still be completed.
    pub fn check_usable(&self, issuer: &str, now: i64) -> Result<(), CallbackError> {
        if self.v != TRANSACTION_VERSION {
            return Err(CallbackError::NoPendingSignIn);
        }
        if self.issuer != issuer {
            return Err(CallbackError::IssuerChanged);
        }
        if now.saturating_sub(self.created_at) > TRANSACTION_TTL_SECONDS || self.created_at > now.saturating_add(300) {
            return Err(CallbackError::SignInExpired);
        }
        Ok(())
    }
}

/// Whether `url` looks like a callback for `redirect_uri`: same URL without query, and a
/// `code` or `error` parameter. Used by `isSignInRedirected`; never throws.
pub fn is_callback_url(url: &str, redirect_uri: Option<&str>) -> bool {
    let Ok(parts) = split_url(url) else { return false };
    if let Some(r) = redirect_uri {
        if without_query(url) != without_query(r) {
            return false;
        }
    }
    let pairs = query_pairs(parts.query.unwrap_or_default());
    pairs.iter().any(|(k, _)| k == "code" || k == "error") && pairs.iter().any(|(k, _)| k == "state")
}

/// Compares two strings without an early exit on the first difference.
fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Validates a callback URL against the pending transaction and returns the authorization code.
/// Needs nothing but the transaction: no provider metadata, no network.
pub fn parse_callback(url: &str, txn: &SignInTransaction) -> Result<Secret, CallbackError> {
    let parts = split_url(url).map_err(|_| CallbackError::InvalidUrl)?;
    if without_query(url) != without_query(&txn.redirect_uri) {
        return Err(CallbackError::RedirectUriMismatch);
    }
    let pairs = query_pairs(parts.query.unwrap_or_default());
    let mut seen: Vec<&str> = Vec::new();
    for (k, _) in &pairs {
        if matches!(k.as_str(), "code" | "state" | "iss" | "error" | "error_description") {
            if seen.contains(&k.as_str()) {
                return Err(CallbackError::DuplicateParameter(k.clone()));
            }
            seen.push(k);
        }
    }
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());

    match get("iss") {
        Some(iss) if iss != txn.issuer => return Err(CallbackError::IssuerMismatch),
        None if txn.iss_required => return Err(CallbackError::MissingIssuer),
        _ => {}
    }
    let state = get("state").ok_or(CallbackError::MissingState)?;
    if !constant_time_eq(state, &txn.state) {
        return Err(CallbackError::StateMismatch);
    }
    if let Some(error) = get("error") {
        return Err(CallbackError::Provider(ProviderError {
            error: truncate(error, 200),
            error_description: get("error_description").map(|d| truncate(d, 1000)),
            code: None,
        }));
    }
    let code = get("code").filter(|c| !c.is_empty()).ok_or(CallbackError::MissingCode)?;
    Ok(Secret::new(code))
}

#[cfg(test)]
mod tests;
