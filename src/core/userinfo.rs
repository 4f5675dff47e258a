//! The userinfo endpoint (OIDC Core §5.3) and reading access-token claims.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::codes::ErrorCode;
use crate::core::discovery::ProviderMetadata;
use crate::core::error::{concat, text, ErrorInfo, ProviderError};
use crate::core::http::{parse_json_body, HttpRequest, HttpResponse};
use crate::core::json::{parse_object, Object, Value};
use crate::core::secret::AccessToken;
use crate::core::token::TokenType;

/// Why userinfo failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UserInfoError {
    /// Code `userinfo.no_endpoint`. The provider's metadata has no `userinfo_endpoint`.
    NoEndpoint,
    /// Code `userinfo.http_error`. The userinfo request got a non-2xx status, e.g. 401 when
    /// the access token is invalid, expired or revoked (RFC 6750 §3.1).
    HttpStatus {
        /// The HTTP status code.
        status: u16,
        /// The OAuth error in the response body, if it had one.
        provider: Option<ProviderError>,
    },
    /// Code `userinfo.invalid_response`. The response is not a JSON object with a string
    /// `sub` (a signed JWT response is not accepted either), or is too large; holds the
    /// reason.
    InvalidResponse(String),
    /// Code `userinfo.sub_mismatch`. The response is about another user than the ID token's
    /// `sub`, and must not be used (OIDC Core §5.3.2).
    SubjectMismatch,
}

crate::error_display!(UserInfoError);

impl ErrorInfo for UserInfoError {
    fn message(&self) -> String {
        match self {
            UserInfoError::NoEndpoint => "the provider has no userinfo endpoint".to_owned(),
            UserInfoError::HttpStatus { status, .. } => concat(&["userinfo request failed with HTTP ", &text(status)]),
            UserInfoError::InvalidResponse(a0) => concat(&["userinfo response is invalid: ", &text(a0)]),
            UserInfoError::SubjectMismatch => "userinfo `sub` is not the ID token's subject (OIDC Core §5.3.2)".to_owned(),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            UserInfoError::NoEndpoint => ErrorCode::UserinfoNoEndpoint,
            UserInfoError::HttpStatus { .. } => ErrorCode::UserinfoHttpError,
            UserInfoError::InvalidResponse(_) => ErrorCode::UserinfoInvalidResponse,
            UserInfoError::SubjectMismatch => ErrorCode::UserinfoSubMismatch,
        }
    }
    fn provider_error(&self) -> Option<&ProviderError> {
        match self {
            UserInfoError::HttpStatus { provider, .. } => provider.as_ref(),
            _ => None,
        }
    }
}

/// GET userinfo with the access token, of `token_type` (`Bearer`, or `DPoP`: the caller adds
/// the request's proof, RFC 9449 §7.1).
pub fn userinfo_request(metadata: &ProviderMetadata, access_token: &AccessToken, token_type: TokenType) -> Result<HttpRequest, UserInfoError> {
    let endpoint = metadata.userinfo_endpoint.as_deref().ok_or(UserInfoError::NoEndpoint)?;
    let mut request = HttpRequest::get_json(endpoint);
    request.headers.push(("authorization", crate::core::error::concat(&[token_type.as_str(), " ", access_token.expose()])));
    Ok(request)
}

/// Parses a userinfo response; its `sub` must equal the ID token's. Signed (JWT) userinfo
/// responses are not accepted.
pub fn parse_userinfo_response(response: &HttpResponse, expected_sub: &str) -> Result<Object, UserInfoError> {
    if !response.is_success() {
        return Err(UserInfoError::HttpStatus { status: response.status, provider: ProviderError::from_json(&response.body) });
    }
    let claims = parse_json_body(&response.body).map_err(|e| UserInfoError::InvalidResponse(e.message()))?;
    match claims.get("sub") {
        Some(Value::String(sub)) if sub == expected_sub => Ok(claims),
        Some(Value::String(_)) => Err(UserInfoError::SubjectMismatch),
        _ => Err(UserInfoError::InvalidResponse("`sub` is missing".into())),
    }
}

/// Why access-token claims could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AccessTokenClaimsError {
    /// Code `access_token.not_jwt`. The access token is not a JWT with a JSON payload: an
    /// opaque token (Logto issues those when no API resource is requested), which has no
    /// claims to read.
    NotJwt,
}

crate::error_display!(AccessTokenClaimsError);

impl ErrorInfo for AccessTokenClaimsError {
    fn message(&self) -> String {
        match self {
            AccessTokenClaimsError::NotJwt => "the access token is not a JWT (opaque tokens have no claims to read)".to_owned(),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            AccessTokenClaimsError::NotJwt => ErrorCode::AccessTokenNotJwt,
        }
    }
}

/// Decodes an access token's claims **without verifying it**: access tokens are meant for the
/// API, which verifies them; the app may read them for display or routing only.
pub fn decode_access_token_claims(token: &str) -> Result<Object, AccessTokenClaimsError> {
    let mut parts = token.split('.');
    let (Some(_), Some(payload), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(AccessTokenClaimsError::NotJwt);
    };
    let json = crate::core::base64url::decode(payload).map_err(|_| AccessTokenClaimsError::NotJwt)?;
    parse_object(&json).map_err(|_| AccessTokenClaimsError::NotJwt)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    fn metadata(userinfo: bool) -> ProviderMetadata {
        let mut m: ProviderMetadata = crate::testing::metadata("https://l.dev/oidc");
        if userinfo {
            m.userinfo_endpoint = Some("https://l.dev/oidc/me".into());
        }
        m
    }

    #[test]
    fn request_carries_bearer_token_and_debug_hides_it() {
        let r = userinfo_request(&metadata(true), &AccessToken::new("AT-SECRET"), TokenType::Bearer).unwrap();
        assert_eq!(r.url, "https://l.dev/oidc/me");
        assert!(r.headers.contains(&("authorization", "Bearer AT-SECRET".to_owned())));
        assert!(!format!("{r:?}").contains("AT-SECRET"));
        // A DPoP-bound token goes under its own scheme (RFC 9449 §7.1).
        let r = userinfo_request(&metadata(true), &AccessToken::new("AT-SECRET"), TokenType::DPoP).unwrap();
        assert!(r.headers.contains(&("authorization", "DPoP AT-SECRET".to_owned())));
        assert_eq!(userinfo_request(&metadata(false), &AccessToken::new("x"), TokenType::Bearer).unwrap_err().code(), "userinfo.no_endpoint");
    }

    #[test]
    fn sub_must_match() {
        let ok = parse_userinfo_response(&HttpResponse::new(200, r#"{"sub":"alice","custom_data":{"plan":"pro"}}"#), "alice").unwrap();
        assert_eq!(ok["custom_data"]["plan"], "pro");
        let code = |status, body: &str| parse_userinfo_response(&HttpResponse::new(status, body), "alice").unwrap_err().code();
        assert_eq!(code(200, r#"{"sub":"mallory"}"#), "userinfo.sub_mismatch");
        assert_eq!(code(200, r#"{"name":"x"}"#), "userinfo.invalid_response");
        assert_eq!(code(200, "eyJhbGciOi.x.y"), "userinfo.invalid_response");
        assert_eq!(code(401, r#"{"error":"invalid_token"}"#), "userinfo.http_error");
    }

    #[test]
    fn access_token_claims() {
        let t = "eyJhbGciOiJFUzM4NCJ9.eyJhdWQiOiJodHRwczovL2FwaS5leGFtcGxlLmNvbSIsInNjb3BlIjoicmVhZCB3cml0ZSJ9.c2ln";
        let c = decode_access_token_claims(t).unwrap();
        assert_eq!(c["aud"], "https://api.example.com");
        assert_eq!(decode_access_token_claims("opaque-token").unwrap_err().code(), "access_token.not_jwt");
        assert_eq!(decode_access_token_claims("a.!!.c").unwrap_err().code(), "access_token.not_jwt");
    }
}
