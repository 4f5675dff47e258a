//! OpenID Connect Discovery: fetch and check the provider's metadata.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::codes::ErrorCode;
use crate::core::config::ClientConfig;
use crate::core::error::{concat, quoted, text, ErrorInfo, ProviderError};
use crate::core::http::{parse_json_body, HttpRequest, HttpResponse};
use crate::core::json::{JsonError, Object, ObjectWriter};
use crate::core::url::{check_secure_url, UrlError};

/// The parts of the provider metadata the SDK uses.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProviderMetadata {
    /// The provider's issuer identifier; must equal the configured issuer exactly (OIDC
    /// Discovery §4.3).
    pub issuer: String,
    /// Where sign-in sends the browser (RFC 6749 §3.1).
    pub authorization_endpoint: String,
    /// Where codes and refresh tokens are exchanged for tokens (RFC 6749 §3.2).
    pub token_endpoint: String,
    /// The provider's JWK set, with the keys that sign ID tokens (RFC 7517 §5).
    pub jwks_uri: String,
    /// The userinfo endpoint (OIDC Core §5.3); without it, fetching user info fails with
    /// `userinfo.no_endpoint`.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub userinfo_endpoint: Option<String>,
    /// Where sign-out sends the browser (OIDC RP-Initiated Logout 1.0 §2); without it,
    /// sign-out ends only the local session.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub end_session_endpoint: Option<String>,
    /// Where sign-out revokes the refresh token (RFC 7009 §2); without it, nothing is revoked.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub revocation_endpoint: Option<String>,
    /// RFC 9207: when true, the callback must carry `iss`.
    #[cfg_attr(feature = "serde", serde(default))]
    pub authorization_response_iss_parameter_supported: bool,
    /// PKCE methods the provider supports (RFC 8414 §2); when listed, it must include `S256`.
    /// Absent is accepted (many providers support S256 without saying so).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub code_challenge_methods_supported: Option<Vec<String>>,
    /// Where the authorization parameters can be pushed by back channel (RFC 9126 §5; Logto's
    /// is `/oidc/request`).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub pushed_authorization_request_endpoint: Option<String>,
    /// RFC 9126 §5: when true, the provider accepts authorization requests only by
    /// [`pushed_authorization_request_endpoint`](Self::pushed_authorization_request_endpoint);
    /// sign-in then pushes whatever the config says.
    #[cfg_attr(feature = "serde", serde(default))]
    pub require_pushed_authorization_requests: bool,
}

/// Why discovery failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DiscoveryError {
    /// Code `discovery.http_error`. The discovery document request got a non-2xx status
    /// (wrong `endpoint` / `issuer`, provider down, ...).
    HttpStatus {
        /// The HTTP status code.
        status: u16,
        /// The OAuth error in the response body, if it had one.
        provider: Option<ProviderError>,
    },
    /// Code `discovery.invalid_document`. The response is not a JSON provider metadata
    /// document with the required fields, or is larger than
    /// [`MAX_BODY_LEN`](crate::core::http::MAX_BODY_LEN); holds the reason.
    InvalidDocument(String),
    /// Code `discovery.issuer_mismatch`. The document's `issuer` is not exactly the configured
    /// issuer (OIDC Discovery §4.3): a misconfiguration or an impersonating provider.
    IssuerMismatch {
        /// The issuer of the configuration.
        expected: String,
        /// The issuer the document names (truncated to 300 bytes).
        actual: String,
    },
    /// Code `discovery.insecure_endpoint`. An endpoint the SDK would use (named here, e.g.
    /// `token_endpoint`) is not an absolute https URL (or http on a loopback host).
    InsecureEndpoint(&'static str),
    /// Code `discovery.pkce_unsupported`. `code_challenge_methods_supported` is listed without
    /// `S256`, so PKCE (RFC 7636), which the SDK requires, would not work.
    PkceUnsupported,
}

crate::error_display!(DiscoveryError);

impl ErrorInfo for DiscoveryError {
    fn message(&self) -> String {
        match self {
            DiscoveryError::HttpStatus { status, .. } => concat(&["discovery document request failed with HTTP ", &text(status)]),
            DiscoveryError::InvalidDocument(a0) => concat(&["discovery document is invalid: ", &text(a0)]),
            DiscoveryError::IssuerMismatch { actual, expected, .. } => {
                concat(&["discovery document names issuer ", &quoted(actual), ", expected ", &quoted(expected)])
            }
            DiscoveryError::InsecureEndpoint(a0) => concat(&["discovery document's `", &text(a0), "` is not a secure absolute URL"]),
            DiscoveryError::PkceUnsupported => "the provider does not support PKCE with S256".to_owned(),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            DiscoveryError::HttpStatus { .. } => ErrorCode::DiscoveryHttpError,
            DiscoveryError::InvalidDocument(_) => ErrorCode::DiscoveryInvalidDocument,
            DiscoveryError::IssuerMismatch { .. } => ErrorCode::DiscoveryIssuerMismatch,
            DiscoveryError::InsecureEndpoint(_) => ErrorCode::DiscoveryInsecureEndpoint,
            DiscoveryError::PkceUnsupported => ErrorCode::DiscoveryPkceUnsupported,
        }
    }
    fn provider_error(&self) -> Option<&ProviderError> {
        match self {
            DiscoveryError::HttpStatus { provider, .. } => provider.as_ref(),
            _ => None,
        }
    }
}

impl ProviderMetadata {
    /// Reads a discovery document (OpenID Connect Discovery §3); unknown members are ignored.
    pub fn from_json(o: &Object) -> Result<ProviderMetadata, JsonError> {
        Ok(ProviderMetadata {
            issuer: o.req_str("issuer")?,
            authorization_endpoint: o.req_str("authorization_endpoint")?,
            token_endpoint: o.req_str("token_endpoint")?,
            jwks_uri: o.req_str("jwks_uri")?,
            userinfo_endpoint: o.opt_str("userinfo_endpoint")?,
            end_session_endpoint: o.opt_str("end_session_endpoint")?,
            revocation_endpoint: o.opt_str("revocation_endpoint")?,
            authorization_response_iss_parameter_supported: o.opt_bool("authorization_response_iss_parameter_supported")?.unwrap_or(false),
            code_challenge_methods_supported: o.opt_str_list("code_challenge_methods_supported")?,
            pushed_authorization_request_endpoint: o.opt_str("pushed_authorization_request_endpoint")?,
            require_pushed_authorization_requests: o.opt_bool("require_pushed_authorization_requests")?.unwrap_or(false),
        })
    }

    /// The metadata as JSON text (the members this SDK reads).
    pub fn to_json(&self) -> String {
        let mut w = ObjectWriter::new();
        w.str("issuer", &self.issuer)
            .str("authorization_endpoint", &self.authorization_endpoint)
            .str("token_endpoint", &self.token_endpoint)
            .str("jwks_uri", &self.jwks_uri)
            .opt_str("userinfo_endpoint", self.userinfo_endpoint.as_deref())
            .opt_str("end_session_endpoint", self.end_session_endpoint.as_deref())
            .opt_str("revocation_endpoint", self.revocation_endpoint.as_deref())
            .bool("authorization_response_iss_parameter_supported", self.authorization_response_iss_parameter_supported);
        w.opt_str_list("code_challenge_methods_supported", self.code_challenge_methods_supported.as_deref());
        w.opt_str("pushed_authorization_request_endpoint", self.pushed_authorization_request_endpoint.as_deref())
            .bool("require_pushed_authorization_requests", self.require_pushed_authorization_requests);
        w.finish()
    }

    /// Reads metadata from JSON text (tests and fixtures).
    pub fn from_json_text(text: &str) -> Result<ProviderMetadata, JsonError> {
        ProviderMetadata::from_json(&crate::core::json::parse_object(text.as_bytes())?)
    }
}

/// The discovery request for this configuration.
pub fn discovery_request(config: &ClientConfig) -> HttpRequest {
    HttpRequest::get_json(&config.discovery_url)
}

/// Parses and checks a discovery response: the issuer must equal the configured one exactly,
/// and every endpoint the SDK talks to must be a secure URL.
pub fn parse_discovery_response(config: &ClientConfig, response: &HttpResponse) -> Result<ProviderMetadata, DiscoveryError> {
    if !response.is_success() {
        return Err(DiscoveryError::HttpStatus { status: response.status, provider: ProviderError::from_json(&response.body) });
    }
    let body = parse_json_body(&response.body).map_err(|e| DiscoveryError::InvalidDocument(e.message()))?;
    let metadata = ProviderMetadata::from_json(&body).map_err(|e| DiscoveryError::InvalidDocument(e.message()))?;
    check_metadata(config, &metadata)?;
    Ok(metadata)
}

/// The checks of [`parse_discovery_response`], also run on metadata read back from a cache.
pub fn check_metadata(config: &ClientConfig, m: &ProviderMetadata) -> Result<(), DiscoveryError> {
    if m.issuer != config.issuer {
        return Err(DiscoveryError::IssuerMismatch { expected: config.issuer.clone(), actual: crate::core::error::truncate(&m.issuer, 300) });
    }
    let endpoints: [(&'static str, Option<&str>); 7] = [
        ("authorization_endpoint", Some(&m.authorization_endpoint)),
        ("token_endpoint", Some(&m.token_endpoint)),
        ("jwks_uri", Some(&m.jwks_uri)),
        ("userinfo_endpoint", m.userinfo_endpoint.as_deref()),
        ("end_session_endpoint", m.end_session_endpoint.as_deref()),
        ("revocation_endpoint", m.revocation_endpoint.as_deref()),
        ("pushed_authorization_request_endpoint", m.pushed_authorization_request_endpoint.as_deref()),
    ];
    for (name, url) in endpoints {
        if let Some(url) = url {
            match check_secure_url(url, config.allow_insecure_http) {
                Ok(_) => {}
                Err(UrlError::Malformed | UrlError::Insecure) => return Err(DiscoveryError::InsecureEndpoint(name)),
            }
        }
    }
    if let Some(methods) = &m.code_challenge_methods_supported {
        if !methods.iter().any(|x| x == "S256") {
            return Err(DiscoveryError::PkceUnsupported);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::LogtoConfig;
    #[allow(unused_imports)]
    use crate::prelude::*;

    fn config() -> ClientConfig {
        LogtoConfig::new("https://logto.dev", "app").validate().unwrap()
    }

    fn doc(issuer: &str) -> String {
        format!(
            r#"{{"issuer":"{issuer}","authorization_endpoint":"https://logto.dev/oidc/auth","token_endpoint":"https://logto.dev/oidc/token",
            "jwks_uri":"https://logto.dev/oidc/jwks","userinfo_endpoint":"https://logto.dev/oidc/me","end_session_endpoint":"https://logto.dev/oidc/session/end",
            "authorization_response_iss_parameter_supported":true,"code_challenge_methods_supported":["S256"],"extra":[1,2]}}"#
        )
    }

    #[test]
    fn accepts_matching_issuer() {
        let r = discovery_request(&config());
        assert_eq!(r.url, "https://logto.dev/oidc/.well-known/openid-configuration");
        let m = parse_discovery_response(&config(), &HttpResponse::new(200, doc("https://logto.dev/oidc"))).unwrap();
        assert!(m.authorization_response_iss_parameter_supported);
        assert_eq!(m.token_endpoint, "https://logto.dev/oidc/token");
    }

    #[test]
    fn issuer_must_match_exactly() {
        for bad in ["https://logto.dev/oidc/", "https://evil.dev/oidc", "https://LOGTO.dev/oidc"] {
            let e = parse_discovery_response(&config(), &HttpResponse::new(200, doc(bad))).unwrap_err();
            assert_eq!(e.code(), "discovery.issuer_mismatch", "{bad}");
        }
    }

    #[test]
    fn refuses_bad_documents() {
        let c = config();
        let code = |status, body: &str| parse_discovery_response(&c, &HttpResponse::new(status, body)).unwrap_err().code();
        assert_eq!(code(500, "{}"), "discovery.http_error");
        assert_eq!(code(200, "not json"), "discovery.invalid_document");
        assert_eq!(code(200, r#"{"issuer":"https://logto.dev/oidc"}"#), "discovery.invalid_document");
        assert_eq!(code(200, &doc("https://logto.dev/oidc").replace("https://logto.dev/oidc/token", "http://evil.com/token")), "discovery.insecure_endpoint");
        assert_eq!(code(200, &doc("https://logto.dev/oidc").replace("[\"S256\"]", "[\"plain\"]")), "discovery.pkce_unsupported");
        assert_eq!(code(200, "[]"), "discovery.invalid_document");
    }
}
