//! The token endpoint: code exchange and refresh requests, and the response parser.

use serde::Deserialize;

use crate::core::discovery::ProviderMetadata;
use crate::core::error::{ErrorInfo, ProviderError};
use crate::core::http::{parse_json_body, HttpRequest, HttpResponse};
use crate::core::secret::Secret;

/// A successful token response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenResponse {
    /// The access token (RFC 6749 §5.1), non-empty; its `token_type` was `Bearer`.
    pub access_token: Secret,
    /// Lifetime of the access token in seconds, if the provider said.
    pub expires_in: Option<u64>,
    /// A new refresh token, if the provider issued or rotated one; keep the old one otherwise.
    pub refresh_token: Option<Secret>,
    /// The ID token, not yet verified (verify it with
    /// [`IdTokenVerifier`](crate::core::id_token::IdTokenVerifier)). Always present after a
    /// code exchange; after a refresh only if the provider sends one.
    pub id_token: Option<Secret>,
    /// The scopes granted, space-separated, if they were sent (RFC 6749 §5.1).
    pub scope: Option<String>,
}

/// Why a token request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Code `token.provider_error`. The token endpoint answered with an OAuth error (RFC 6749
    /// §5.2), e.g. `invalid_grant` for a spent code or a revoked / expired refresh token; see
    /// [`ErrorInfo::provider_error`].
    #[error("the provider refused the token request: {0}")]
    Provider(ProviderError),
    /// Code `token.http_error`. The token endpoint answered with a non-2xx status (held here)
    /// and no OAuth error body.
    #[error("token request failed with HTTP {0}")]
    HttpStatus(u16),
    /// Code `token.invalid_response`. A 2xx response that is not a valid token response: not
    /// JSON, no `access_token` or `token_type`, a bad `expires_in`, or too large; holds the
    /// reason.
    #[error("token response is invalid: {0}")]
    InvalidResponse(String),
    /// Code `token.unsupported_token_type`. `token_type` (held here) is not `Bearer`, the only
    /// type the SDK can use (RFC 6750).
    #[error("token type {0:?} is not Bearer")]
    UnsupportedTokenType(String),
    /// Code `token.missing_id_token`. The code exchange returned no ID token: the `openid`
    /// scope is missing or the provider is not an OpenID Connect provider (OIDC Core §3.1.3.3).
    #[error("token response has no ID token")]
    MissingIdToken,
}

impl ErrorInfo for TokenError {
    fn code(&self) -> &'static str {
        match self {
            TokenError::Provider(_) => "token.provider_error",
            TokenError::HttpStatus(_) => "token.http_error",
            TokenError::InvalidResponse(_) => "token.invalid_response",
            TokenError::UnsupportedTokenType(_) => "token.unsupported_token_type",
            TokenError::MissingIdToken => "token.missing_id_token",
        }
    }
    fn provider_error(&self) -> Option<&ProviderError> {
        match self {
            TokenError::Provider(p) => Some(p),
            _ => None,
        }
    }
}

/// The authorization-code exchange (Logto's parameter order).
pub fn code_exchange_request(metadata: &ProviderMetadata, client_id: &str, code: &Secret, code_verifier: &Secret, redirect_uri: &str) -> HttpRequest {
    HttpRequest::post_form(
        &metadata.token_endpoint,
        [
            ("client_id", client_id),
            ("code", code.expose()),
            ("code_verifier", code_verifier.expose()),
            ("redirect_uri", redirect_uri),
            ("grant_type", "authorization_code"),
        ],
    )
}

/// A refresh-token grant, optionally for an API resource (RFC 8707) and/or an organization.
pub fn refresh_request(
    metadata: &ProviderMetadata,
    client_id: &str,
    refresh_token: &Secret,
    resource: Option<&str>,
    organization_id: Option<&str>,
    scopes: Option<&str>,
) -> HttpRequest {
    let mut params = vec![("client_id", client_id), ("refresh_token", refresh_token.expose()), ("grant_type", "refresh_token")];
    if let Some(r) = resource {
        params.push(("resource", r));
    }
    if let Some(o) = organization_id {
        params.push(("organization_id", o));
    }
    if let Some(s) = scopes {
        params.push(("scope", s));
    }
    HttpRequest::post_form(&metadata.token_endpoint, params)
}

#[derive(Deserialize)]
struct RawTokenResponse {
    access_token: Option<Secret>,
    token_type: Option<String>,
    expires_in: Option<serde_json::Value>,
    refresh_token: Option<Secret>,
    id_token: Option<Secret>,
    scope: Option<String>,
}

/// Parses a token response. `require_id_token` is true for the code exchange.
pub fn parse_token_response(response: &HttpResponse, require_id_token: bool) -> Result<TokenResponse, TokenError> {
    if !response.is_success() {
        return Err(match ProviderError::from_json(&response.body) {
            Some(p) => TokenError::Provider(p),
            None => TokenError::HttpStatus(response.status),
        });
    }
    let raw: RawTokenResponse = parse_json_body(&response.body).map_err(|e| TokenError::InvalidResponse(e.to_string()))?;
    let access_token = raw.access_token.filter(|t| !t.expose().is_empty()).ok_or_else(|| TokenError::InvalidResponse("`access_token` is missing".into()))?;
    match raw.token_type.as_deref() {
        Some(t) if t.eq_ignore_ascii_case("bearer") => {}
        Some(t) => return Err(TokenError::UnsupportedTokenType(crate::core::error::truncate(t, 40))),
        None => return Err(TokenError::InvalidResponse("`token_type` is missing".into())),
    }
    let expires_in = match raw.expires_in {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Number(n)) => Some(
            n.as_u64()
                .or_else(|| n.as_f64().filter(|f| *f >= 0.0 && f.is_finite()).map(|f| f as u64))
                .ok_or_else(|| TokenError::InvalidResponse("`expires_in` is not a non-negative number".into()))?,
        ),
        Some(serde_json::Value::String(s)) => Some(s.parse::<u64>().map_err(|_| TokenError::InvalidResponse("`expires_in` is not a number".into()))?),
        Some(_) => return Err(TokenError::InvalidResponse("`expires_in` is not a number".into())),
    };
    let id_token = raw.id_token.filter(|t| !t.expose().is_empty());
    if require_id_token && id_token.is_none() {
        return Err(TokenError::MissingIdToken);
    }
    Ok(TokenResponse { access_token, expires_in, refresh_token: raw.refresh_token.filter(|t| !t.expose().is_empty()), id_token, scope: raw.scope })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata() -> ProviderMetadata {
        serde_json::from_str(r#"{"issuer":"https://l.dev/oidc","authorization_endpoint":"https://l.dev/oidc/auth","token_endpoint":"https://l.dev/oidc/token","jwks_uri":"https://l.dev/oidc/jwks"}"#).unwrap()
    }

    #[test]
    fn code_exchange_body_in_logto_order() {
        let r = code_exchange_request(&metadata(), "app", &Secret::new("c0de"), &Secret::new("v3r"), "https://a.com/cb");
        assert_eq!(r.url, "https://l.dev/oidc/token");
        assert_eq!(r.body.as_deref(), Some("client_id=app&code=c0de&code_verifier=v3r&redirect_uri=https%3A%2F%2Fa.com%2Fcb&grant_type=authorization_code"));
    }

    #[test]
    fn refresh_body() {
        let r = refresh_request(&metadata(), "app", &Secret::new("rt"), Some("https://api"), Some("org1"), None);
        assert_eq!(r.body.as_deref(), Some("client_id=app&refresh_token=rt&grant_type=refresh_token&resource=https%3A%2F%2Fapi&organization_id=org1"));
    }

    #[test]
    fn parses_good_responses() {
        let t = parse_token_response(
            &HttpResponse::new(
                200,
                r#"{"access_token":"at","token_type":"Bearer","expires_in":3600,"refresh_token":"rt","id_token":"a.b.c","scope":"openid"}"#,
            ),
            true,
        )
        .unwrap();
        assert_eq!(t.access_token.expose(), "at");
        assert_eq!(t.expires_in, Some(3600));
        assert_eq!(t.refresh_token.unwrap().expose(), "rt");
        let t = parse_token_response(&HttpResponse::new(200, r#"{"access_token":"at","token_type":"bearer","expires_in":"60"}"#), false).unwrap();
        assert_eq!(t.expires_in, Some(60));
    }

    #[test]
    fn refuses_bad_responses_with_codes() {
        let code = |status, body: &str, id| parse_token_response(&HttpResponse::new(status, body), id).unwrap_err().code();
        assert_eq!(
            code(400, r#"{"error":"invalid_grant","error_description":"grant request is invalid","code":"oidc.invalid_grant"}"#, true),
            "token.provider_error"
        );
        assert_eq!(code(502, "<html>bad gateway</html>", true), "token.http_error");
        assert_eq!(code(200, "not json", true), "token.invalid_response");
        assert_eq!(code(200, r#"{"token_type":"Bearer"}"#, true), "token.invalid_response");
        assert_eq!(code(200, r#"{"access_token":"at","token_type":"mac"}"#, true), "token.unsupported_token_type");
        assert_eq!(code(200, r#"{"access_token":"at"}"#, true), "token.invalid_response");
        assert_eq!(code(200, r#"{"access_token":"at","token_type":"Bearer","expires_in":-5}"#, true), "token.invalid_response");
        assert_eq!(code(200, r#"{"access_token":"at","token_type":"Bearer"}"#, true), "token.missing_id_token");
        let e = parse_token_response(&HttpResponse::new(400, r#"{"error":"invalid_grant"}"#), true).unwrap_err();
        assert_eq!(e.provider_error().unwrap().error, "invalid_grant");
    }

    #[test]
    fn debug_never_shows_tokens() {
        let t = parse_token_response(
            &HttpResponse::new(200, r#"{"access_token":"SECRET-AT","token_type":"Bearer","refresh_token":"SECRET-RT","id_token":"SECRET.ID.T"}"#),
            true,
        )
        .unwrap();
        let dbg = format!("{t:?}");
        assert!(!dbg.contains("SECRET"), "{dbg}");
    }
}
