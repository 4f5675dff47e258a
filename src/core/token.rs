//! The token endpoint: code exchange and refresh requests, each with its own response parser
//! (an ID token is required after a code exchange, optional after a refresh).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::codes::ErrorCode;
use crate::core::discovery::ProviderMetadata;
use crate::core::error::{concat, quoted, text, ErrorInfo, ProviderError};
use crate::core::http::{parse_json_body, HttpRequest, HttpResponse};
use crate::core::json::Value;
use crate::core::secret::{AccessToken, AuthorizationCode, CodeVerifier, IdToken, RefreshToken};

/// A successful response to the code exchange (OIDC Core §3.1.3.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeExchangeResponse {
    /// The access token (RFC 6749 §5.1), non-empty; its `token_type` was `Bearer`.
    pub access_token: AccessToken,
    /// Lifetime of the access token in seconds, if the provider said.
    pub expires_in: Option<u64>,
    /// The refresh token, if the provider issued one (Logto does with `offline_access` and
    /// `prompt=consent`).
    pub refresh_token: Option<RefreshToken>,
    /// The ID token, not yet verified (verify it with
    /// [`IdTokenVerifier`](crate::core::id_token::IdTokenVerifier)).
    pub id_token: IdToken,
    /// The scopes granted, space-separated, if they were sent (RFC 6749 §5.1).
    pub scope: Option<String>,
}

/// A successful response to a refresh-token grant (RFC 6749 §6, OIDC Core §12.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshResponse {
    /// The access token (RFC 6749 §5.1), non-empty; its `token_type` was `Bearer`.
    pub access_token: AccessToken,
    /// Lifetime of the access token in seconds, if the provider said.
    pub expires_in: Option<u64>,
    /// A new refresh token, if the provider rotated it; keep the old one otherwise.
    pub refresh_token: Option<RefreshToken>,
    /// A new ID token, not yet verified, if the provider sent one.
    pub id_token: Option<IdToken>,
    /// The scopes granted, space-separated, if they were sent (RFC 6749 §5.1).
    pub scope: Option<String>,
}

/// Why a token request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenError {
    /// Code `token.provider_error`. The token endpoint answered with an OAuth error (RFC 6749
    /// §5.2), e.g. `invalid_grant` for a spent code or a revoked / expired refresh token; see
    /// [`ErrorInfo::provider_error`].
    Provider(ProviderError),
    /// Code `token.http_error`. The token endpoint answered with a non-2xx status (held here)
    /// and no OAuth error body.
    HttpStatus(u16),
    /// Code `token.invalid_response`. A 2xx response that is not a valid token response: not
    /// JSON, no `access_token` or `token_type`, a bad `expires_in`, or too large; holds the
    /// reason.
    InvalidResponse(String),
    /// Code `token.unsupported_token_type`. `token_type` (held here) is not `Bearer` (or, with
    /// DPoP, `DPoP`): a `DPoP` token for a request without a proof, or a type the SDK cannot use.
    UnsupportedTokenType(String),
    /// Code `token.not_dpop_bound`. The request carried a DPoP proof and the provider issued a
    /// `Bearer` token anyway: it does not support DPoP (Logto does not yet), so the token would
    /// not be protected as the config asks.
    NotDpopBound,
    /// Code `token.missing_id_token`. The code exchange returned no ID token: the `openid`
    /// scope is missing or the provider is not an OpenID Connect provider (OIDC Core §3.1.3.3).
    /// Only [`parse_code_exchange_response`] returns it.
    MissingIdToken,
}

crate::error_display!(TokenError);

impl ErrorInfo for TokenError {
    fn message(&self) -> String {
        match self {
            TokenError::Provider(a0) => concat(&["the provider refused the token request: ", &text(a0)]),
            TokenError::HttpStatus(a0) => concat(&["token request failed with HTTP ", &text(a0)]),
            TokenError::InvalidResponse(a0) => concat(&["token response is invalid: ", &text(a0)]),
            TokenError::UnsupportedTokenType(a0) => concat(&["token type ", &quoted(a0), " is not the one requested"]),
            TokenError::NotDpopBound => "the provider issued a Bearer token to a DPoP request (it does not support DPoP)".to_owned(),
            TokenError::MissingIdToken => "token response has no ID token".to_owned(),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            TokenError::Provider(_) => ErrorCode::TokenProviderError,
            TokenError::HttpStatus(_) => ErrorCode::TokenHttpError,
            TokenError::InvalidResponse(_) => ErrorCode::TokenInvalidResponse,
            TokenError::UnsupportedTokenType(_) => ErrorCode::TokenUnsupportedTokenType,
            TokenError::NotDpopBound => ErrorCode::TokenNotDpopBound,
            TokenError::MissingIdToken => ErrorCode::TokenMissingIdToken,
        }
    }
    fn provider_error(&self) -> Option<&ProviderError> {
        match self {
            TokenError::Provider(p) => Some(p),
            _ => None,
        }
    }
}

/// The authorization-code exchange (Logto's parameter order), optionally for an API resource
/// the authorization request named (RFC 8707 §2.2; a silent sign-in renewing that token).
pub fn code_exchange_request(
    metadata: &ProviderMetadata,
    client_id: &str,
    code: &AuthorizationCode,
    code_verifier: &CodeVerifier,
    redirect_uri: &str,
    resource: Option<&str>,
) -> HttpRequest {
    let mut params = vec![
        ("client_id", client_id),
        ("code", code.expose()),
        ("code_verifier", code_verifier.expose()),
        ("redirect_uri", redirect_uri),
        ("grant_type", "authorization_code"),
    ];
    if let Some(r) = resource {
        params.push(("resource", r));
    }
    HttpRequest::post_form(&metadata.token_endpoint, params)
}

/// A refresh-token grant, optionally for an API resource (RFC 8707) and/or an organization.
pub fn refresh_request(
    metadata: &ProviderMetadata,
    client_id: &str,
    refresh_token: &RefreshToken,
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

/// The kind of access token a token request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenType {
    /// `Bearer` (RFC 6750): the request carried no DPoP proof.
    Bearer,
    /// `DPoP` (RFC 9449): the request carried a DPoP proof, so the token must be bound to its key.
    DPoP,
}

impl TokenType {
    /// The `token_type` as the provider sends it, and the scheme of the `Authorization` header.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenType::Bearer => "Bearer",
            TokenType::DPoP => "DPoP",
        }
    }
}

/// Parses the response to the code exchange: a token response that must carry an ID token,
/// and an access token of the `expected` type.
pub fn parse_code_exchange_response(response: &HttpResponse, expected: TokenType) -> Result<CodeExchangeResponse, TokenError> {
    let t = parse_refresh_response(response, expected)?;
    let id_token = t.id_token.ok_or(TokenError::MissingIdToken)?;
    Ok(CodeExchangeResponse { access_token: t.access_token, expires_in: t.expires_in, refresh_token: t.refresh_token, id_token, scope: t.scope })
}

/// Parses the response to a refresh-token grant (the ID token is optional there). The checks
/// are those of every token response (RFC 6749 §5.1): a non-empty `access_token`, the
/// `expected` `token_type` (`Bearer`; `DPoP` for a request with a DPoP proof, RFC 9449 §5), a
/// non-negative `expires_in`; empty optional tokens count as absent.
pub fn parse_refresh_response(response: &HttpResponse, expected: TokenType) -> Result<RefreshResponse, TokenError> {
    if !response.is_success() {
        return Err(match ProviderError::from_json(&response.body) {
            Some(p) => TokenError::Provider(p),
            None => TokenError::HttpStatus(response.status),
        });
    }
    let invalid = |e: crate::core::json::JsonError| TokenError::InvalidResponse(e.message());
    let body = parse_json_body(&response.body).map_err(|e| TokenError::InvalidResponse(e.message()))?;
    // A token member: a non-empty string, or absent (an empty one counts as absent).
    let secret = |name: &'static str| -> Result<Option<String>, TokenError> { Ok(body.opt_str(name).map_err(invalid)?.filter(|t| !t.is_empty())) };
    let access_token = secret("access_token")?.map(AccessToken::new).ok_or_else(|| TokenError::InvalidResponse("`access_token` is missing".into()))?;
    match (body.opt_str("token_type").map_err(invalid)?.as_deref(), expected) {
        (Some(t), _) if t.eq_ignore_ascii_case(expected.as_str()) => {}
        // A proof was sent and a bearer token came back: the provider did not bind it.
        (Some(t), TokenType::DPoP) if t.eq_ignore_ascii_case("bearer") => return Err(TokenError::NotDpopBound),
        (Some(t), _) => return Err(TokenError::UnsupportedTokenType(crate::core::error::truncate(t, 40))),
        (None, _) => return Err(TokenError::InvalidResponse("`token_type` is missing".into())),
    }
    let not_a_number = || TokenError::InvalidResponse("`expires_in` is not a non-negative number".into());
    let expires_in = match body.get("expires_in") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if !n.as_str().starts_with('-') => Some(n.as_i64().and_then(|v| u64::try_from(v).ok()).ok_or_else(not_a_number)?),
        Some(Value::String(s)) => Some(s.parse::<u64>().map_err(|_| not_a_number())?),
        Some(_) => return Err(not_a_number()),
    };
    Ok(RefreshResponse {
        access_token,
        expires_in,
        refresh_token: secret("refresh_token")?.map(RefreshToken::new),
        id_token: secret("id_token")?.map(IdToken::new),
        scope: body.opt_str("scope").map_err(invalid)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    fn metadata() -> ProviderMetadata {
        crate::testing::metadata("https://l.dev/oidc")
    }

    #[test]
    fn code_exchange_body_in_logto_order() {
        let r = code_exchange_request(&metadata(), "app", &AuthorizationCode::new("c0de"), &CodeVerifier::new("v3r"), "https://a.com/cb", None);
        assert_eq!(r.url, "https://l.dev/oidc/token");
        assert_eq!(r.body.as_deref(), Some("client_id=app&code=c0de&code_verifier=v3r&redirect_uri=https%3A%2F%2Fa.com%2Fcb&grant_type=authorization_code"));
        // For an API resource (a silent sign-in renewing its token): `resource` last.
        let r = code_exchange_request(&metadata(), "app", &AuthorizationCode::new("c0de"), &CodeVerifier::new("v3r"), "https://a.com/cb", Some("https://api"));
        assert_eq!(
            r.body.as_deref(),
            Some("client_id=app&code=c0de&code_verifier=v3r&redirect_uri=https%3A%2F%2Fa.com%2Fcb&grant_type=authorization_code&resource=https%3A%2F%2Fapi")
        );
    }

    #[test]
    fn refresh_body() {
        let r = refresh_request(&metadata(), "app", &RefreshToken::new("rt"), Some("https://api"), Some("org1"), None);
        assert_eq!(r.body.as_deref(), Some("client_id=app&refresh_token=rt&grant_type=refresh_token&resource=https%3A%2F%2Fapi&organization_id=org1"));
    }

    #[test]
    fn parses_good_responses() {
        let t = parse_code_exchange_response(
            &HttpResponse::new(
                200,
                r#"{"access_token":"at","token_type":"Bearer","expires_in":3600,"refresh_token":"rt","id_token":"a.b.c","scope":"openid"}"#,
            ),
            TokenType::Bearer,
        )
        .unwrap();
        assert_eq!(t.access_token.expose(), "at");
        assert_eq!(t.expires_in, Some(3600));
        assert_eq!(t.refresh_token.unwrap().expose(), "rt");
        assert_eq!(t.id_token.expose(), "a.b.c");
        let t = parse_refresh_response(&HttpResponse::new(200, r#"{"access_token":"at","token_type":"bearer","expires_in":"60"}"#), TokenType::Bearer).unwrap();
        assert_eq!(t.expires_in, Some(60));
        assert_eq!(t.id_token, None);
        let t = parse_refresh_response(
            &HttpResponse::new(200, r#"{"access_token":"at","token_type":"Bearer","expires_in":59.9,"id_token":""}"#),
            TokenType::Bearer,
        )
        .unwrap();
        assert_eq!((t.expires_in, t.id_token), (Some(59), None));
    }

    #[test]
    fn refuses_bad_responses_with_codes() {
        let code = |status, body: &str, id: bool| {
            let r = HttpResponse::new(status, body);
            if id {
                parse_code_exchange_response(&r, TokenType::Bearer).unwrap_err().code()
            } else {
                parse_refresh_response(&r, TokenType::Bearer).unwrap_err().code()
            }
        };
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
        assert_eq!(code(200, r#"{"access_token":"at","token_type":"Bearer","expires_in":-0.5}"#, false), "token.invalid_response");
        assert_eq!(code(200, r#"{"access_token":"at","token_type":"Bearer","expires_in":true}"#, false), "token.invalid_response");
        assert_eq!(code(200, r#"{"access_token":"at","access_token":"at2","token_type":"Bearer"}"#, false), "token.invalid_response");
        assert_eq!(code(200, r#"{"access_token":"at","token_type":"Bearer"}"#, true), "token.missing_id_token");
        let e = parse_code_exchange_response(&HttpResponse::new(400, r#"{"error":"invalid_grant"}"#), TokenType::Bearer).unwrap_err();
        assert_eq!(e.provider_error().unwrap().error, "invalid_grant");
    }

    #[test]
    fn the_token_type_is_the_one_requested() {
        let parse = |token_type: &str, expected| {
            let body = concat(&[r#"{"access_token":"at","token_type":""#, token_type, r#"","id_token":"a.b.c"}"#]);
            parse_code_exchange_response(&HttpResponse::new(200, body), expected).map(|_| ()).map_err(|e| e.code().as_str())
        };
        assert_eq!(parse("Bearer", TokenType::Bearer), Ok(()));
        assert_eq!(parse("bearer", TokenType::Bearer), Ok(()));
        assert_eq!(parse("DPoP", TokenType::DPoP), Ok(()));
        assert_eq!(parse("dpop", TokenType::DPoP), Ok(()));
        // A DPoP-bound token is refused to a request without a proof, as before DPoP.
        assert_eq!(parse("DPoP", TokenType::Bearer), Err("token.unsupported_token_type"));
        // A proof was sent and a Bearer token came back: not bound, refused.
        assert_eq!(parse("Bearer", TokenType::DPoP), Err("token.not_dpop_bound"));
        assert_eq!(parse("mac", TokenType::DPoP), Err("token.unsupported_token_type"));
    }

    #[test]
    fn debug_never_shows_tokens() {
        let t = parse_code_exchange_response(
            &HttpResponse::new(200, r#"{"access_token":"SECRET-AT","token_type":"Bearer","refresh_token":"SECRET-RT","id_token":"SECRET.ID.T"}"#),
            TokenType::Bearer,
        )
        .unwrap();
        let dbg = format!("{t:?}");
        assert!(!dbg.contains("SECRET"), "{dbg}");
    }
}
