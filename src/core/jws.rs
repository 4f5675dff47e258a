//! JWS signature algorithms the SDK accepts, and the seam where signature verification plugs in.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::jwk::Jwk;

/// An asymmetric JWS algorithm on the allow-list. `none` and the `HS*` family are not
/// representable: they can never be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JwsAlgorithm {
    /// ECDSA with P-256 and SHA-256 (RFC 7518 §3.4).
    ES256,
    /// ECDSA with P-384 and SHA-384 (RFC 7518 §3.4).
    ES384,
    /// ECDSA with P-521 and SHA-512 (RFC 7518 §3.4).
    ES512,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3).
    RS256,
    /// RSASSA-PSS with SHA-256 and MGF1 with SHA-256 (RFC 7518 §3.5).
    PS256,
    /// Ed25519 signatures (RFC 8037 §3.1); other curves are not accepted.
    EdDSA,
}

impl JwsAlgorithm {
    /// Every supported algorithm (the default allow-list).
    pub const ALL: [JwsAlgorithm; 6] =
        [JwsAlgorithm::ES256, JwsAlgorithm::ES384, JwsAlgorithm::ES512, JwsAlgorithm::RS256, JwsAlgorithm::PS256, JwsAlgorithm::EdDSA];

    /// The algorithm for a JOSE `alg` name (case-sensitive, as RFC 7515 says).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The JOSE `alg` name.
    pub fn name(self) -> &'static str {
        match self {
            JwsAlgorithm::ES256 => "ES256",
            JwsAlgorithm::ES384 => "ES384",
            JwsAlgorithm::ES512 => "ES512",
            JwsAlgorithm::RS256 => "RS256",
            JwsAlgorithm::PS256 => "PS256",
            JwsAlgorithm::EdDSA => "EdDSA",
        }
    }

    /// The `kty` (and `crv`, where there is one) a key must have for this algorithm.
    pub fn key_type(self) -> (&'static str, Option<&'static str>) {
        match self {
            JwsAlgorithm::ES256 => ("EC", Some("P-256")),
            JwsAlgorithm::ES384 => ("EC", Some("P-384")),
            JwsAlgorithm::ES512 => ("EC", Some("P-521")),
            JwsAlgorithm::RS256 | JwsAlgorithm::PS256 => ("RSA", None),
            JwsAlgorithm::EdDSA => ("OKP", Some("Ed25519")),
        }
    }

    /// The exact signature length for ECDSA / EdDSA (raw `r || s`, RFC 7518 §3.4).
    pub fn fixed_signature_len(self) -> Option<usize> {
        match self {
            JwsAlgorithm::ES256 => Some(64),
            JwsAlgorithm::ES384 => Some(96),
            JwsAlgorithm::ES512 => Some(132),
            JwsAlgorithm::EdDSA => Some(64),
            JwsAlgorithm::RS256 | JwsAlgorithm::PS256 => None,
        }
    }
}

/// Verifies a JWS signature synchronously with a public key from a JWK set
/// ([`crate::core::id_token::PendingIdToken::verify_with`]). The browser layer verifies
/// asynchronously with WebCrypto instead (`browser::check_signature`); native Rust users can use
/// the pure-Rust verifier of the `rust-crypto` feature.
pub trait SignatureVerifier {
    /// `true` only if `signature` is a valid `alg` signature of `message` under `key`.
    fn verify(&self, alg: JwsAlgorithm, key: &Jwk, message: &[u8], signature: &[u8]) -> bool;
}
