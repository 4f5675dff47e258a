//! The pending sign-in transaction and the validation of the callback URL, in the order
//! redirect URI → RFC 9207 `iss` → `state` → `error` → `code`.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::codes::ErrorCode;
use crate::core::error::{concat, text, truncate, ErrorInfo, OAuthError, ProviderError};
use crate::core::json::{JsonError, ObjectWriter};
use crate::core::secret::{AuthorizationCode, CodeVerifier, Nonce, State};
use crate::core::url::{query_pairs, split_url, without_query};

/// Format version of the stored transaction.
pub const TRANSACTION_VERSION: u32 = 1;
/// A sign-in must come back within this many seconds (30 minutes).
pub const TRANSACTION_TTL_SECONDS: i64 = 30 * 60;

/// What a sign-in remembers across the redirect. Stored until the callback is handled.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SignInTransaction {
    /// Format version, [`TRANSACTION_VERSION`]; a transaction of another version is treated as
    /// no pending sign-in.
    pub v: u32,
    /// The random `state` sent with the authorization request; the callback's `state` must equal
    /// it (CSRF defence, RFC 6749 §10.12).
    pub state: State,
    /// The random `nonce` sent with the authorization request; the ID token's `nonce` claim
    /// must equal it (replay defence, OIDC Core §3.1.3.7).
    pub nonce: Nonce,
    /// The PKCE code verifier (RFC 7636 §4.1), sent with the code exchange. Secret.
    pub code_verifier: CodeVerifier,
    /// The `redirect_uri` of the authorization request: the callback URL must be this URL
    /// (query aside), and the code exchange repeats it (RFC 6749 §4.1.3).
    pub redirect_uri: String,
    /// Where to send the browser once the callback has been handled, if anywhere.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub post_redirect_uri: Option<String>,
    /// The issuer the sign-in was started with (mix-up defence).
    pub issuer: String,
    /// RFC 9207: the provider promised an `iss` on the callback (from discovery at sign-in), so
    /// the callback can be checked without any network request.
    #[cfg_attr(feature = "serde", serde(default))]
    pub iss_required: bool,
    /// When the sign-in started, Unix seconds; the callback must come within
    /// [`TRANSACTION_TTL_SECONDS`].
    pub created_at: i64,
    /// The `max_age` the sign-in sent (step-up): the ID token's `auth_time` is checked against it.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub max_age: Option<u64>,
    /// The `acr_values` the ID token's `acr` must be among, when the sign-in required it.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub required_acr: Option<String>,
}

/// Why a callback was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackError {
    /// Code `callback.no_pending_sign_in`. No sign-in transaction is stored, or it is
    /// unreadable or of another format version: the callback was handled already, or the
    /// sign-in started in another tab, browser or storage.
    NoPendingSignIn,
    /// Code `callback.sign_in_expired`. The sign-in started more than
    /// [`TRANSACTION_TTL_SECONDS`] ago (or, by the clock, more than 5 minutes in the future).
    SignInExpired,
    /// Code `callback.issuer_changed`. The sign-in was started with another issuer than the
    /// client's current config (e.g. the config changed between sign-in and callback).
    IssuerChanged,
    /// Code `callback.invalid_url`. The URL to handle is not an absolute http(s) URL.
    InvalidUrl,
    /// Code `callback.redirect_uri_mismatch`. The callback URL, query aside, is not the
    /// sign-in's `redirect_uri`.
    RedirectUriMismatch,
    /// Code `callback.duplicate_parameter`. `code`, `state`, `iss`, `error` or
    /// `error_description` (named here) appears more than once: an ambiguous, likely forged
    /// response.
    DuplicateParameter(String),
    /// Code `callback.missing_iss`. The callback has no `iss`, yet the provider's discovery
    /// document says `authorization_response_iss_parameter_supported` (RFC 9207 §2.4).
    MissingIssuer,
    /// Code `callback.iss_mismatch`. The callback's `iss` is not the issuer the sign-in was
    /// started with: a possible mix-up attack (RFC 9207 §2.4).
    IssuerMismatch,
    /// Code `callback.missing_state`. The callback has no `state` parameter.
    MissingState,
    /// Code `callback.state_mismatch`. The callback's `state` is not the pending sign-in's: a
    /// stale or forged callback (CSRF defence, RFC 6749 §10.12).
    StateMismatch,
    /// Code `callback.provider_error`. The provider redirected back with an `error` (RFC 6749
    /// §4.1.2.1), e.g. `access_denied` when the user cancelled; see
    /// [`ErrorInfo::provider_error`]. The answers to a silent sign-in (`prompt=none`, OIDC Core
    /// §3.1.2.6) have codes of their own: `callback.login_required`,
    /// `callback.interaction_required` (also for `account_selection_required`) and
    /// `callback.consent_required`.
    Provider(ProviderError),
    /// Code `callback.missing_code`. The callback has neither `error` nor a non-empty `code`.
    MissingCode,
}

crate::error_display!(CallbackError);

impl ErrorInfo for CallbackError {
    fn message(&self) -> String {
        match self {
            CallbackError::NoPendingSignIn => {
                "there is no pending sign-in to complete (it was completed already, or started in another tab or browser)".to_owned()
            }
            CallbackError::SignInExpired => "the pending sign-in has expired; sign in again".to_owned(),
            CallbackError::IssuerChanged => "the pending sign-in was started for another issuer".to_owned(),
            CallbackError::InvalidUrl => "callback URL is not a valid absolute URL".to_owned(),
            CallbackError::RedirectUriMismatch => "callback URL does not match the redirect URI of the pending sign-in".to_owned(),
            CallbackError::DuplicateParameter(a0) => concat(&["callback parameter `", &text(a0), "` appears more than once"]),
            CallbackError::MissingIssuer => "callback has no `iss` parameter, but the provider promises one (RFC 9207)".to_owned(),
            CallbackError::IssuerMismatch => "callback `iss` is not the expected issuer (possible mix-up attack)".to_owned(),
            CallbackError::MissingState => "callback has no `state` parameter".to_owned(),
            CallbackError::StateMismatch => "callback `state` does not match the pending sign-in".to_owned(),
            CallbackError::Provider(a0) => concat(&["the provider returned an error: ", &text(a0)]),
            CallbackError::MissingCode => "callback has no `code` parameter".to_owned(),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            CallbackError::NoPendingSignIn => ErrorCode::CallbackNoPendingSignIn,
            CallbackError::SignInExpired => ErrorCode::CallbackSignInExpired,
            CallbackError::IssuerChanged => ErrorCode::CallbackIssuerChanged,
            CallbackError::InvalidUrl => ErrorCode::CallbackInvalidUrl,
            CallbackError::RedirectUriMismatch => ErrorCode::CallbackRedirectUriMismatch,
            CallbackError::DuplicateParameter(_) => ErrorCode::CallbackDuplicateParameter,
            CallbackError::MissingIssuer => ErrorCode::CallbackMissingIss,
            CallbackError::IssuerMismatch => ErrorCode::CallbackIssMismatch,
            CallbackError::MissingState => ErrorCode::CallbackMissingState,
            CallbackError::StateMismatch => ErrorCode::CallbackStateMismatch,
            CallbackError::Provider(p) => match p.error {
                OAuthError::LoginRequired => ErrorCode::CallbackLoginRequired,
                OAuthError::InteractionRequired | OAuthError::AccountSelectionRequired => ErrorCode::CallbackInteractionRequired,
                OAuthError::ConsentRequired => ErrorCode::CallbackConsentRequired,
                _ => ErrorCode::CallbackProviderError,
            },
            CallbackError::MissingCode => ErrorCode::CallbackMissingCode,
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
    /// Reads a stored transaction. Any member of the wrong type, or missing, is an error.
    pub fn from_json(json: &str) -> Result<SignInTransaction, JsonError> {
        let o = crate::core::json::parse_object(json.as_bytes())?;
        let v = o.req_i64("v")?;
        Ok(SignInTransaction {
            v: u32::try_from(v).map_err(|_| JsonError::field("v", "number out of range"))?,
            state: State::new(o.req_str("state")?),
            nonce: Nonce::new(o.req_str("nonce")?),
            code_verifier: CodeVerifier::new(o.req_str("code_verifier")?),
            redirect_uri: o.req_str("redirect_uri")?,
            post_redirect_uri: o.opt_str("post_redirect_uri")?,
            issuer: o.req_str("issuer")?,
            iss_required: o.opt_bool("iss_required")?.unwrap_or(false),
            created_at: o.req_i64("created_at")?,
            max_age: o.opt_i64("max_age")?.map(|s| u64::try_from(s).map_err(|_| JsonError::field("max_age", "number out of range"))).transpose()?,
            required_acr: o.opt_str("required_acr")?,
        })
    }

    /// The transaction as JSON text, to store.
    pub fn to_json(&self) -> String {
        ObjectWriter::new()
            .int("v", i64::from(self.v))
            .str("state", self.state.expose())
            .str("nonce", self.nonce.expose())
            .str("code_verifier", self.code_verifier.expose())
            .str("redirect_uri", &self.redirect_uri)
            .opt_str("post_redirect_uri", self.post_redirect_uri.as_deref())
            .str("issuer", &self.issuer)
            .bool("iss_required", self.iss_required)
            .int("created_at", self.created_at)
            .opt_int("max_age", self.max_age.map(|s| i64::try_from(s).unwrap_or(i64::MAX)))
            .opt_str("required_acr", self.required_acr.as_deref())
            .finish()
    }

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
    let Ok(parts) = split_url(url) else {
        return false;
    };
    if let Some(r) = redirect_uri {
        if without_query(url) != without_query(r) {
            return false;
        }
    }
    let pairs = query_pairs(parts.query.unwrap_or_default());
    pairs.iter().any(|(k, _)| k == "code" || k == "error") && pairs.iter().any(|(k, _)| k == "state")
}

impl SignInTransaction {
    /// Whether `url` is the provider's answer to this sign-in: a callback at its redirect URI
    /// carrying its `state` (a `code` or an `error`). What a popup or frame watcher waits for;
    /// an answer to another sign-in, or anything else, is not one. Never fails: the answer is
    /// then checked whole by [`parse_callback`].
    pub fn is_answered_by(&self, url: &str) -> bool {
        if !is_callback_url(url, Some(&self.redirect_uri)) {
            return false;
        }
        let Ok(parts) = split_url(url) else { return false };
        let pairs = query_pairs(parts.query.unwrap_or_default());
        pairs.iter().any(|(k, v)| k == "state" && constant_time_eq(v, self.state.expose()))
    }
}

/// Compares two strings without an early exit on the first difference.
fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Validates a callback URL against the pending transaction and returns the authorization code.
/// Needs nothing but the transaction: no provider metadata, no network.
pub fn parse_callback(url: &str, txn: &SignInTransaction) -> Result<AuthorizationCode, CallbackError> {
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
    if !constant_time_eq(state, txn.state.expose()) {
        return Err(CallbackError::StateMismatch);
    }
    if let Some(error) = get("error") {
        return Err(CallbackError::Provider(ProviderError {
            error: crate::core::error::OAuthError::from_name(&truncate(error, 200)),
            error_description: get("error_description").map(|d| truncate(d, 1000)),
            code: None,
        }));
    }
    let code = get("code").filter(|c| !c.is_empty()).ok_or(CallbackError::MissingCode)?;
    Ok(AuthorizationCode::new(code))
}

#[cfg(test)]
mod tests;
