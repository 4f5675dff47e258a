//! The HTTP request a core function asks the caller to send, and the response it parses.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::json::{parse_object, JsonError, Object};

/// HTTP method of an [`HttpRequest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`: discovery, the JWK set and userinfo.
    Get,
    /// `POST` with a form body: the token endpoint and revocation.
    Post,
}

impl Method {
    /// The method's name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A request built by the core. The browser layer sends it with `fetch` (no cookies, no
/// redirects followed); a native caller can send it with any HTTP client.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The HTTP method.
    pub method: Method,
    /// The absolute URL to send the request to: an endpoint from the configuration or the
    /// provider metadata. Never carries a secret.
    pub url: String,
    /// Header names are lower-case.
    pub headers: Vec<(&'static str, String)>,
    /// `application/x-www-form-urlencoded` body for POST requests. May contain secrets.
    pub body: Option<String>,
}

impl ::core::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        // The body carries codes, verifiers and refresh tokens: never print it; nor the
        // `authorization` header.
        let headers: Vec<_> = self.headers.iter().map(|(k, v)| (*k, if *k == "authorization" { "[redacted]" } else { v.as_str() })).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

impl HttpRequest {
    /// A GET request that accepts JSON.
    pub fn get_json(url: impl Into<String>) -> Self {
        HttpRequest { method: Method::Get, url: url.into(), headers: vec![("accept", "application/json".to_owned())], body: None }
    }

    /// A POST of form parameters (in the given order) that accepts JSON.
    pub fn post_form<'a>(url: impl Into<String>, params: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        HttpRequest {
            method: Method::Post,
            url: url.into(),
            headers: vec![("accept", "application/json".to_owned()), ("content-type", "application/x-www-form-urlencoded".to_owned())],
            body: Some(crate::core::url::form_encode(params)),
        }
    }
}

/// A response handed back to a core parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code. Parsers treat anything but 2xx as an error (a redirect too: send
    /// requests without following redirects).
    pub status: u16,
    /// The raw response body. Parsers refuse bodies over [`MAX_BODY_LEN`].
    pub body: Vec<u8>,
    /// The `DPoP-Nonce` header (RFC 9449 §8), if any: the nonce the server wants in the next
    /// DPoP proof (see [`crate::core::dpop::nonce_to_retry_with`]).
    pub dpop_nonce: Option<String>,
}

impl HttpResponse {
    /// A response with the given status and body.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse { status, body: body.into(), dpop_nonce: None }
    }
    /// 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Largest response body a parser accepts (1 MiB): discovery documents, key sets and token
/// responses are a few KiB; anything much larger is hostile.
pub const MAX_BODY_LEN: usize = 1024 * 1024;

/// Why a JSON body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JsonBodyError {
    TooLarge,
    Invalid(JsonError),
}

/// Reads a response body that must be a JSON object (every response the SDK reads is one).
pub(crate) fn parse_json_body(body: &[u8]) -> Result<Object, JsonBodyError> {
    if body.len() > MAX_BODY_LEN {
        return Err(JsonBodyError::TooLarge);
    }
    parse_object(body).map_err(JsonBodyError::Invalid)
}

impl JsonBodyError {
    /// The reason, for an error message (built without `core::fmt`).
    pub(crate) fn message(&self) -> String {
        match self {
            JsonBodyError::TooLarge => "response body larger than 1 MiB".to_owned(),
            JsonBodyError::Invalid(e) => crate::core::error::concat(&["response is not the expected JSON: ", &e.message()]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    #[test]
    fn form_post_is_urlencoded_in_order_and_debug_redacts_body() {
        let r = HttpRequest::post_form("https://x/token", [("a", "1 2"), ("b", "c:d@e")]);
        assert_eq!(r.body.as_deref(), Some("a=1+2&b=c%3Ad%40e"));
        let dbg = format!("{r:?}");
        assert!(!dbg.contains("c%3Ad"), "{dbg}");
        assert!(dbg.contains("[redacted]"));
    }

    #[test]
    fn json_body_size_limit() {
        let big = vec![b' '; MAX_BODY_LEN + 1];
        assert_eq!(parse_json_body(&big), Err(JsonBodyError::TooLarge));
        assert!(matches!(parse_json_body(b"{"), Err(JsonBodyError::Invalid(_))));
    }
}
