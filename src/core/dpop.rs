//! DPoP (RFC 9449): tokens bound to a key of the client's, so that a stolen token is useless
//! without it. Every token request (and each request the token is used for) carries a proof: a
//! JWT signed with the key, naming the request's method and URL, and for a resource request the
//! token's hash. The core builds the proof's signing input and the proof from its signature,
//! reads the key's public half, and says when a server asks for a nonce; the key (a
//! non-extractable WebCrypto key) and its signatures are the browser layer's.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::base64url;
use crate::core::http::HttpResponse;
use crate::core::json::{JsonError, Object, ObjectWriter};
use crate::core::url::split_url;

/// The public half of the client's DPoP key: an EC P-256 key (ES256), its coordinates as
/// base64url (a JWK's `x` and `y`, as WebCrypto exports them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DpopPublicKey {
    x: String,
    y: String,
}

impl DpopPublicKey {
    /// Reads an exported public JWK: `kty` `EC`, `crv` `P-256`, and coordinates of 32 bytes.
    /// Private members (`d`) are refused: only the public half goes into proofs.
    pub fn from_jwk(o: &Object) -> Result<DpopPublicKey, JsonError> {
        if o.req_str("kty")? != "EC" || o.req_str("crv")? != "P-256" {
            return Err(JsonError::field("kty", "the DPoP key must be an EC P-256 key"));
        }
        if o.get("d").is_some() {
            return Err(JsonError::field("d", "a private key member in a public key"));
        }
        let coordinate = |name: &'static str| -> Result<String, JsonError> {
            let v = o.req_str(name)?;
            match base64url::decode(&v) {
                Ok(bytes) if bytes.len() == 32 => Ok(v),
                _ => Err(JsonError::field(name, "not a base64url P-256 coordinate")),
            }
        };
        Ok(DpopPublicKey { x: coordinate("x")?, y: coordinate("y")? })
    }

    /// The JWK with the members RFC 7638 names, in its order: the `jwk` of each proof's header,
    /// and what the key's thumbprint (`jkt`, the SHA-256 of this text) is computed over.
    pub fn to_jwk_json(&self) -> String {
        ObjectWriter::new().str("crv", "P-256").str("kty", "EC").str("x", &self.x).str("y", &self.y).finish()
    }
}

/// What one proof is for.
#[derive(Debug, Clone, Copy)]
pub struct ProofClaims<'a> {
    /// The request's method (`htm`), e.g. `GET`.
    pub method: &'a str,
    /// The request's URL; its query and fragment are left out of `htu`.
    pub url: &'a str,
    /// Unix seconds (`iat`).
    pub iat: i64,
    /// A random identifier, unique per proof (`jti`).
    pub jti: &'a str,
    /// The server's latest `DPoP-Nonce`, if it sent one.
    pub nonce: Option<&'a str>,
    /// For a request carrying an access token: base64url of the token's SHA-256 (`ath`,
    /// [`access_token_hash`]).
    pub ath: Option<&'a str>,
}

/// Whether `method` and `url` can go into a proof: an HTTP method name (upper-case letters) and
/// an absolute http(s) URL.
pub fn is_proof_target(method: &str, url: &str) -> bool {
    !method.is_empty() && method.len() <= 16 && method.bytes().all(|b| b.is_ascii_uppercase()) && split_url(url).is_ok()
}

/// `htu`: the request URL without its query and fragment (RFC 9449 §4.2).
pub fn htu(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// `ath`: base64url of the SHA-256 of the access token (its `digest`).
pub fn access_token_hash(digest: &[u8; 32]) -> String {
    base64url::encode(digest)
}

/// The JWS signing input of a proof (`header.payload`): `typ` `dpop+jwt`, `alg` `ES256`, the
/// public key as `jwk`; `jti`, `htm`, `htu`, `iat`, and `nonce` / `ath` when given.
pub fn proof_signing_input(key: &DpopPublicKey, c: &ProofClaims<'_>) -> String {
    let header = ObjectWriter::new().str("typ", "dpop+jwt").str("alg", "ES256").raw("jwk", &key.to_jwk_json()).finish();
    let payload = ObjectWriter::new()
        .str("jti", c.jti)
        .str("htm", c.method)
        .str("htu", htu(c.url))
        .int("iat", c.iat)
        .opt_str("nonce", c.nonce)
        .opt_str("ath", c.ath)
        .finish();
    let mut out = base64url::encode(header.as_bytes());
    out.push('.');
    out.push_str(&base64url::encode(payload.as_bytes()));
    out
}

/// The proof: the signing input and its ES256 signature (`r || s`, 64 bytes, as WebCrypto's
/// ECDSA signs).
pub fn proof_jwt(signing_input: &str, signature: &[u8; 64]) -> String {
    let mut out = String::with_capacity(signing_input.len() + 87);
    out.push_str(signing_input);
    out.push('.');
    out.push_str(&base64url::encode(signature));
    out
}

/// The nonce to repeat a refused request with (RFC 9449 §8 and §9): a 400 (token endpoint,
/// `use_dpop_nonce`) or 401 (resource, `WWW-Authenticate: DPoP error="use_dpop_nonce"`) that
/// carries a `DPoP-Nonce` other than the one the request `sent`. Once: a server that refuses
/// the nonce it gave is not asked again.
pub fn nonce_to_retry_with<'r>(response: &'r HttpResponse, sent: Option<&str>) -> Option<&'r str> {
    let nonce = response.dpop_nonce.as_deref().filter(|n| !n.is_empty() && n.len() <= 1024)?;
    (matches!(response.status, 400 | 401) && Some(nonce) != sent).then_some(nonce)
}

#[cfg(test)]
mod tests;
