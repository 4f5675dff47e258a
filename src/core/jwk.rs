//! JSON Web Key sets (RFC 7517): parsing the provider's `jwks_uri` and choosing the key for a token.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::codes::ErrorCode;
use crate::core::error::{concat, text, ErrorInfo, ProviderError};
use crate::core::http::{parse_json_body, HttpRequest, HttpResponse};
use crate::core::json::{JsonError, Object, ObjectWriter, Value};
use crate::core::jws::JwsAlgorithm;

/// Most keys a set may hold; the rest are ignored.
pub const MAX_KEYS: usize = 32;

/// A public key. Only public parameters are kept: private ones, if a confused provider
/// publishes them, are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Jwk {
    /// Key type: `EC`, `RSA` or `OKP` (RFC 7517 §4.1); keys of other types are dropped.
    pub kty: String,
    /// Key ID (RFC 7517 §4.5); a token naming a `kid` is verified only with the key of that ID.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub kid: Option<String>,
    /// The one algorithm the key is for, if restricted (RFC 7517 §4.4).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub alg: Option<String>,
    /// Intended use, `sig` or `enc` (RFC 7517 §4.2); only `sig` (or absent) verifies tokens.
    #[cfg_attr(feature = "serde", serde(default, rename = "use", skip_serializing_if = "Option::is_none"))]
    pub use_: Option<String>,
    /// Permitted operations (RFC 7517 §4.3); when present, must include `verify`.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub key_ops: Option<Vec<String>>,
    /// Curve of an `EC` or `OKP` key: `P-256`, `P-384`, `P-521` or `Ed25519` (RFC 7518 §6.2.1.1,
    /// RFC 8037 §2).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub crv: Option<String>,
    /// X coordinate of an `EC` key, or the public key of an `OKP` key; base64url.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub x: Option<String>,
    /// Y coordinate of an `EC` key; base64url.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub y: Option<String>,
    /// Modulus of an `RSA` key; base64url (RFC 7518 §6.3.1.1).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub n: Option<String>,
    /// Public exponent of an `RSA` key; base64url (RFC 7518 §6.3.1.2).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub e: Option<String>,
}

impl Jwk {
    /// Reads a key; an error when a member has the wrong type or `kty` is missing. Private
    /// parameters are not read.
    pub fn from_json(o: &Object) -> Result<Jwk, JsonError> {
        Ok(Jwk {
            kty: o.req_str("kty")?,
            kid: o.opt_str("kid")?,
            alg: o.opt_str("alg")?,
            use_: o.opt_str("use")?,
            key_ops: o.opt_str_list("key_ops")?,
            crv: o.opt_str("crv")?,
            x: o.opt_str("x")?,
            y: o.opt_str("y")?,
            n: o.opt_str("n")?,
            e: o.opt_str("e")?,
        })
    }

    /// The key as JSON text (public parameters only).
    pub fn to_json(&self) -> String {
        let mut w = ObjectWriter::new();
        w.str("kty", &self.kty).opt_str("kid", self.kid.as_deref()).opt_str("alg", self.alg.as_deref()).opt_str("use", self.use_.as_deref());
        w.opt_str_list("key_ops", self.key_ops.as_deref());
        w.opt_str("crv", self.crv.as_deref())
            .opt_str("x", self.x.as_deref())
            .opt_str("y", self.y.as_deref())
            .opt_str("n", self.n.as_deref())
            .opt_str("e", self.e.as_deref());
        w.finish()
    }

    /// Whether this key may verify a signature made with `alg`: right `kty`/`crv`, the
    /// public parameters present, `use` absent or `sig`, `key_ops` absent or with `verify`,
    /// `alg` absent or equal.
    pub fn fits(&self, alg: JwsAlgorithm) -> bool {
        let (kty, crv) = alg.key_type();
        let params_present = match kty {
            "EC" => self.x.is_some() && self.y.is_some(),
            "OKP" => self.x.is_some(),
            _ => self.n.is_some() && self.e.is_some(),
        };
        self.kty == kty
            && (crv.is_none() || self.crv.as_deref() == crv)
            && params_present
            && self.use_.as_deref().is_none_or(|u| u == "sig")
            && self.key_ops.as_ref().is_none_or(|ops| ops.iter().any(|o| o == "verify"))
            && self.alg.as_deref().is_none_or(|a| a == alg.name())
    }
}

/// A key set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct JwkSet {
    /// The usable keys, in the provider's order: at most [`MAX_KEYS`], unreadable keys and
    /// keys of unknown types left out.
    pub keys: Vec<Jwk>,
}

/// Why a key set could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwksError {
    /// Code `jwks.http_error`. The `jwks_uri` request got a non-2xx status.
    HttpStatus {
        /// The HTTP status code.
        status: u16,
        /// The OAuth error in the response body, if it had one.
        provider: Option<ProviderError>,
    },
    /// Code `jwks.invalid_key_set`. The response is not a JSON object with a `keys` array
    /// (RFC 7517 §5), or is larger than [`MAX_BODY_LEN`](crate::core::http::MAX_BODY_LEN);
    /// holds the reason.
    InvalidKeySet(String),
}

crate::error_display!(JwksError);

impl ErrorInfo for JwksError {
    fn message(&self) -> String {
        match self {
            JwksError::HttpStatus { status, .. } => concat(&["key set request failed with HTTP ", &text(status)]),
            JwksError::InvalidKeySet(a0) => concat(&["key set is invalid: ", &text(a0)]),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            JwksError::HttpStatus { .. } => ErrorCode::JwksHttpError,
            JwksError::InvalidKeySet(_) => ErrorCode::JwksInvalidKeySet,
        }
    }
    fn provider_error(&self) -> Option<&ProviderError> {
        match self {
            JwksError::HttpStatus { provider, .. } => provider.as_ref(),
            JwksError::InvalidKeySet(_) => None,
        }
    }
}

/// The key-set request to the provider's `jwks_uri`.
pub fn jwks_request(jwks_uri: &str) -> HttpRequest {
    HttpRequest::get_json(jwks_uri)
}

/// Parses a key set. Keys that cannot be read (unknown `kty`, wrong field types) are skipped,
/// as RFC 7517 §5 asks; a document without a `keys` array is an error.
pub fn parse_jwks_response(response: &HttpResponse) -> Result<JwkSet, JwksError> {
    if !response.is_success() {
        return Err(JwksError::HttpStatus { status: response.status, provider: ProviderError::from_json(&response.body) });
    }
    let body = parse_json_body(&response.body).map_err(|e| JwksError::InvalidKeySet(e.message()))?;
    let keys = JwkSet::from_json(&body).map_err(|e| JwksError::InvalidKeySet(e.message()))?.keys;
    Ok(JwkSet { keys })
}

/// The outcome of looking for a token's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySelection<'a> {
    /// Candidate keys, in order (one when the token names a `kid`).
    Found(Vec<&'a Jwk>),
    /// No key fits: the set may be stale (key rotation) — fetch it again once.
    NotFound,
}

impl JwkSet {
    /// Reads `{"keys": [...]}`: keys that cannot be read, or of unknown types, are skipped;
    /// at most [`MAX_KEYS`] are kept.
    pub fn from_json(o: &Object) -> Result<JwkSet, JsonError> {
        let Some(Value::Array(items)) = o.get("keys") else {
            return Err(JsonError::field("keys", "expected a list of keys"));
        };
        let mut keys = Vec::new();
        for item in items {
            if keys.len() == MAX_KEYS {
                break;
            }
            if let Some(k) = item.as_object().and_then(|o| Jwk::from_json(o).ok()).filter(|k| matches!(k.kty.as_str(), "EC" | "RSA" | "OKP")) {
                keys.push(k);
            }
        }
        Ok(JwkSet { keys })
    }

    /// The set as JSON text.
    pub fn to_json(&self) -> String {
        let keys: Vec<String> = self.keys.iter().map(Jwk::to_json).collect();
        let mut list = String::from("[");
        list.push_str(&keys.join(","));
        list.push(']');
        ObjectWriter::new().raw("keys", &list).finish()
    }

    /// Keys that may have signed a token with this `alg` and `kid`. With a `kid`, only keys
    /// with exactly that `kid`; without one, every fitting key (a single-key set is the
    /// common case).
    pub fn select(&self, alg: JwsAlgorithm, kid: Option<&str>) -> KeySelection<'_> {
        let found: Vec<&Jwk> = self
            .keys
            .iter()
            .filter(|k| k.fits(alg))
            .filter(|k| match kid {
                Some(kid) => k.kid.as_deref() == Some(kid),
                None => true,
            })
            .collect();
        if found.is_empty() {
            KeySelection::NotFound
        } else {
            KeySelection::Found(found)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::prelude::*;

    const SET: &str = r#"{"keys":[
        {"kty":"EC","crv":"P-384","kid":"a","alg":"ES384","use":"sig","x":"x","y":"y"},
        {"kty":"EC","crv":"P-256","kid":"b","x":"x","y":"y","d":"PRIVATE"},
        {"kty":"RSA","kid":"c","n":"n","e":"AQAB","use":"enc"},
        {"kty":"RSA","kid":"d","n":"n","e":"AQAB","key_ops":["verify"]},
        {"kty":"oct","kid":"h","k":"c2VjcmV0"},
        {"kty":"EC","kid":5},
        "junk"
    ]}"#;

    #[test]
    fn parses_and_skips_unusable_keys() {
        let set = parse_jwks_response(&HttpResponse::new(200, SET)).unwrap();
        let kids: Vec<_> = set.keys.iter().map(|k| k.kid.clone().unwrap()).collect();
        assert_eq!(kids, ["a", "b", "c", "d"]);
        assert!(!set.to_json().contains("PRIVATE"));
        assert_eq!(JwkSet::from_json(&crate::core::json::parse_object(set.to_json().as_bytes()).unwrap()).unwrap(), set);
    }

    #[test]
    fn selects_by_kid_kty_crv_use_alg() {
        let set = parse_jwks_response(&HttpResponse::new(200, SET)).unwrap();
        let kid = |sel: KeySelection<'_>| match sel {
            KeySelection::Found(k) => k.iter().map(|k| k.kid.clone().unwrap()).collect::<Vec<_>>(),
            KeySelection::NotFound => vec![],
        };
        assert_eq!(kid(set.select(JwsAlgorithm::ES384, Some("a"))), ["a"]);
        assert_eq!(kid(set.select(JwsAlgorithm::ES256, Some("a"))), Vec::<String>::new(), "crv mismatch");
        assert_eq!(kid(set.select(JwsAlgorithm::ES256, None)), ["b"]);
        assert_eq!(kid(set.select(JwsAlgorithm::RS256, Some("c"))), Vec::<String>::new(), "use=enc");
        assert_eq!(kid(set.select(JwsAlgorithm::RS256, None)), ["d"]);
        assert_eq!(kid(set.select(JwsAlgorithm::ES384, Some("zzz"))), Vec::<String>::new());
    }

    #[test]
    fn refuses_bad_documents() {
        assert_eq!(parse_jwks_response(&HttpResponse::new(404, "")).unwrap_err().code(), "jwks.http_error");
        assert_eq!(parse_jwks_response(&HttpResponse::new(200, "{}")).unwrap_err().code(), "jwks.invalid_key_set");
        assert_eq!(parse_jwks_response(&HttpResponse::new(200, "<html>")).unwrap_err().code(), "jwks.invalid_key_set");
    }
}
