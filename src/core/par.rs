//! Pushed authorization requests (RFC 9126): the authorization parameters go to the provider
//! by a back-channel POST, and the browser is sent to the authorization endpoint with only
//! `client_id` and the `request_uri` the provider returned. Nothing of the request can then be
//! read or changed in the address bar, and the URL stays short whatever the options.
//!
//! A public client (an SPA) authenticates with its `client_id` alone, which is one of the
//! pushed parameters (§2.1).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::authorize::{authorization_query, AuthorizationParams};
use crate::core::codes::ErrorCode;
use crate::core::discovery::ProviderMetadata;
use crate::core::error::{concat, text, ErrorInfo, ProviderError};
use crate::core::http::{parse_json_body, HttpRequest, HttpResponse, Method};
use crate::core::json::Value;
use crate::core::url::append_query;

/// What the provider answered a push with (RFC 9126 §2.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushedAuthorization {
    /// The reference to the pushed parameters, for the authorization request (§4); one use.
    pub request_uri: String,
    /// How long the reference is valid, in seconds (positive).
    pub expires_in: u64,
}

/// Why pushing the authorization request failed. Nothing is stored and the page is not left.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParError {
    /// Code `par.unsupported`. Pushed authorization was asked for (by the config, or by the
    /// provider's `require_pushed_authorization_requests`) but the provider's metadata names no
    /// `pushed_authorization_request_endpoint`.
    Unsupported,
    /// Code `par.provider_error`. The endpoint answered with an OAuth error (RFC 9126 §2.3),
    /// e.g. `invalid_request` or `invalid_redirect_uri`; see [`ErrorInfo::provider_error`].
    Provider(ProviderError),
    /// Code `par.http_error`. The endpoint answered with another status than 201 and no OAuth
    /// error body (held here).
    HttpStatus(u16),
    /// Code `par.invalid_response`. A 201 that is not `{request_uri, expires_in}`: not JSON, a
    /// missing or empty `request_uri`, an `expires_in` that is not a positive number, or too
    /// large; holds the reason.
    InvalidResponse(String),
}

crate::error_display!(ParError);

impl ErrorInfo for ParError {
    fn message(&self) -> String {
        match self {
            ParError::Unsupported => "pushed authorization was asked for, but the provider has no pushed authorization request endpoint".to_owned(),
            ParError::Provider(p) => concat(&["the provider refused the pushed authorization request: ", &text(p)]),
            ParError::HttpStatus(s) => concat(&["pushed authorization request failed with HTTP ", &text(s)]),
            ParError::InvalidResponse(r) => concat(&["pushed authorization response is invalid: ", r]),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            ParError::Unsupported => ErrorCode::ParUnsupported,
            ParError::Provider(_) => ErrorCode::ParProviderError,
            ParError::HttpStatus(_) => ErrorCode::ParHttpError,
            ParError::InvalidResponse(_) => ErrorCode::ParInvalidResponse,
        }
    }
    fn provider_error(&self) -> Option<&ProviderError> {
        match self {
            ParError::Provider(p) => Some(p),
            _ => None,
        }
    }
}

/// Whether this sign-in pushes its parameters: when the config asks for it, or when the
/// provider accepts no other way.
pub fn uses_par(pushed_authorization: bool, metadata: &ProviderMetadata) -> bool {
    pushed_authorization || metadata.require_pushed_authorization_requests
}

/// The push (RFC 9126 §2.1): every parameter of the authorization request, `client_id`
/// included, form-encoded in the body of a POST to the provider's
/// `pushed_authorization_request_endpoint`. [`ParError::Unsupported`] when there is none.
pub fn par_request(metadata: &ProviderMetadata, p: AuthorizationParams<'_>) -> Result<HttpRequest, ParError> {
    let endpoint = metadata.pushed_authorization_request_endpoint.as_deref().ok_or(ParError::Unsupported)?;
    Ok(HttpRequest {
        method: Method::Post,
        url: endpoint.to_owned(),
        headers: vec![("accept", "application/json".to_owned()), ("content-type", "application/x-www-form-urlencoded".to_owned())],
        body: Some(authorization_query(p)),
    })
}

/// Reads the provider's answer to the push: `201 Created` with a non-empty `request_uri` and a
/// positive `expires_in` (§2.2); an error status with an OAuth error body is the provider's
/// refusal (§2.3).
pub fn parse_par_response(response: &HttpResponse) -> Result<PushedAuthorization, ParError> {
    if response.status != 201 {
        return Err(match ProviderError::from_json(&response.body) {
            Some(p) if !response.is_success() => ParError::Provider(p),
            _ => ParError::HttpStatus(response.status),
        });
    }
    let body = parse_json_body(&response.body).map_err(|e| ParError::InvalidResponse(e.message()))?;
    let invalid = |reason: &str| ParError::InvalidResponse(reason.to_owned());
    let request_uri = match body.get("request_uri") {
        Some(Value::String(s)) if !s.is_empty() && s.len() <= 2048 && !s.chars().any(char::is_control) => s.clone(),
        _ => return Err(invalid("`request_uri` is missing, empty, or not a plain string")),
    };
    let expires_in = match body.get("expires_in") {
        Some(Value::Number(n)) => n.as_i64().and_then(|v| u64::try_from(v).ok()).filter(|v| *v > 0),
        _ => None,
    }
    .ok_or_else(|| invalid("`expires_in` is not a positive number of seconds"))?;
    Ok(PushedAuthorization { request_uri, expires_in })
}

/// The authorization URL after a push (§4): `client_id` and `request_uri` only, on the
/// provider's `authorization_endpoint`.
pub fn pushed_authorization_url(metadata: &ProviderMetadata, client_id: &str, pushed: &PushedAuthorization) -> String {
    append_query(&metadata.authorization_endpoint, [("client_id", client_id), ("request_uri", pushed.request_uri.as_str())])
}

#[cfg(test)]
mod tests;
