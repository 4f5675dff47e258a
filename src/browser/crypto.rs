//! WebCrypto (signature verification, the PKCE digest) and the CSPRNG.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

use crate::browser::errors::PlatformError;
use crate::core::id_token::{CheckedIdToken, PendingIdToken};
use crate::core::jwk::Jwk;
use crate::core::jws::JwsAlgorithm;

/// `N` bytes from the browser's CSPRNG (`crypto.getRandomValues`, through `getrandom`).
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], PlatformError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|_| PlatformError::RandomUnavailable)?;
    Ok(buf)
}

pub(crate) fn subtle() -> Result<SubtleCrypto, PlatformError> {
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).map_err(|_| PlatformError::SubtleUnavailable)?;
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).map_err(|_| PlatformError::SubtleUnavailable)?;
    subtle.dyn_into::<SubtleCrypto>().map_err(|_| PlatformError::SubtleUnavailable)
}

/// SHA-256 of `data` by WebCrypto (`crypto.subtle.digest`): the PKCE code challenge's digest
/// (RFC 7636 §4.2), so that the wasm carries no SHA-256 of its own (docs/size.md).
pub async fn sha256(data: &[u8]) -> Result<[u8; 32], PlatformError> {
    let promise = subtle()?.digest_with_str_and_u8_array("SHA-256", data).map_err(|_| PlatformError::SubtleUnavailable)?;
    let digest = JsFuture::from(promise).await.map_err(|_| PlatformError::SubtleUnavailable)?;
    let bytes = js_sys::Uint8Array::new(&digest);
    let mut out = [0u8; 32];
    if bytes.length() != 32 {
        return Err(PlatformError::SubtleUnavailable);
    }
    bytes.copy_to(&mut out);
    Ok(out)
}

fn object(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

/// The (importKey, verify) algorithm objects for a JWS algorithm.
fn algorithm_objects(alg: JwsAlgorithm) -> (Object, Object) {
    match alg {
        JwsAlgorithm::ES256 | JwsAlgorithm::ES384 | JwsAlgorithm::ES512 => {
            let (curve, hash) = match alg {
                JwsAlgorithm::ES256 => ("P-256", "SHA-256"),
                JwsAlgorithm::ES384 => ("P-384", "SHA-384"),
                _ => ("P-521", "SHA-512"),
            };
            (object(&[("name", s("ECDSA")), ("namedCurve", s(curve))]), object(&[("name", s("ECDSA")), ("hash", s(hash))]))
        }
        JwsAlgorithm::RS256 => (object(&[("name", s("RSASSA-PKCS1-v1_5")), ("hash", s("SHA-256"))]), object(&[("name", s("RSASSA-PKCS1-v1_5"))])),
        JwsAlgorithm::PS256 => {
            (object(&[("name", s("RSA-PSS")), ("hash", s("SHA-256"))]), object(&[("name", s("RSA-PSS")), ("saltLength", JsValue::from_f64(32.0))]))
        }
        JwsAlgorithm::EdDSA => (object(&[("name", s("Ed25519"))]), object(&[("name", s("Ed25519"))])),
    }
}

/// Only the public parameters: `alg`, `use` and `key_ops` were checked by the core, and
/// leaving them out avoids spurious import failures.
fn public_jwk(key: &Jwk) -> Object {
    let mut pairs = vec![("kty", s(&key.kty)), ("ext", JsValue::TRUE)];
    for (name, value) in [("crv", &key.crv), ("x", &key.x), ("y", &key.y), ("n", &key.n), ("e", &key.e)] {
        if let Some(v) = value {
            pairs.push((name, s(v)));
        }
    }
    object(&pairs)
}

/// What WebCrypto made of one signature under one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Evaluated: the signature verifies.
    Valid,
    /// Evaluated and wrong, or the key's data was refused (a malformed key verifies nothing).
    Invalid,
    /// WebCrypto does not support the algorithm or curve (`NotSupportedError`): not evaluated.
    Unsupported,
}

fn failure(e: &JsValue) -> Verdict {
    let name = Reflect::get(e, &s("name")).ok().and_then(|n| n.as_string());
    if name.as_deref() == Some("NotSupportedError") {
        Verdict::Unsupported
    } else {
        Verdict::Invalid
    }
}

async fn verify_with_key(subtle: &SubtleCrypto, alg: JwsAlgorithm, key: &Jwk, message: &[u8], signature: &[u8]) -> Verdict {
    let (import_alg, verify_alg) = algorithm_objects(alg);
    let usages = Array::of1(&s("verify"));
    let imported = match subtle.import_key_with_object("jwk", &public_jwk(key), &import_alg, false, &usages) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    let crypto_key: CryptoKey = match imported.map(|k| k.dyn_into::<CryptoKey>()) {
        Ok(Ok(k)) => k,
        Ok(Err(_)) => return Verdict::Invalid,
        Err(e) => return failure(&e),
    };
    let verified = match subtle.verify_with_object_and_u8_array_and_u8_array(&verify_alg, &crypto_key, signature, message) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    match verified {
        Ok(v) if v.as_bool() == Some(true) => Verdict::Valid,
        Ok(_) => Verdict::Invalid,
        Err(e) => failure(&e),
    }
}

/// Checks the token's signature with WebCrypto against each candidate key: besides a
/// synchronous [`SignatureVerifier`](crate::core::jws::SignatureVerifier), the only way to a
/// [`CheckedIdToken`] that [`IdTokenVerifier::validate`](crate::core::id_token::IdTokenVerifier::validate)
/// accepts. A key that WebCrypto refuses as data (malformed, wrong curve) simply does not
/// verify; when WebCrypto supports the algorithm for none of the keys (`NotSupportedError`), the
/// signature was never evaluated and the error says so (`crypto.unsupported_algorithm`), rather
/// than calling the token forged.
pub async fn check_signature(pending: PendingIdToken<'_>) -> Result<CheckedIdToken<'_>, PlatformError> {
    let subtle = subtle()?;
    let (mut evaluated, mut unsupported) = (false, false);
    for key in pending.candidate_keys() {
        match verify_with_key(&subtle, pending.algorithm(), key, pending.signing_input(), pending.signature()).await {
            Verdict::Valid => return Ok(pending.with_verdict(true)),
            Verdict::Invalid => evaluated = true,
            Verdict::Unsupported => unsupported = true,
        }
    }
    if unsupported && !evaluated {
        return Err(PlatformError::UnsupportedAlgorithm(pending.algorithm().name()));
    }
    Ok(pending.with_verdict(false))
}

/// Verifies one JWS signature (exposed for tests and for apps that verify other JWTs).
pub async fn verify_jws_signature(alg: JwsAlgorithm, key: &Jwk, message: &[u8], signature: &[u8]) -> Result<bool, PlatformError> {
    let subtle = subtle()?;
    match verify_with_key(&subtle, alg, key, message, signature).await {
        Verdict::Valid => Ok(true),
        Verdict::Invalid => Ok(false),
        Verdict::Unsupported => Err(PlatformError::UnsupportedAlgorithm(alg.name())),
    }
}
