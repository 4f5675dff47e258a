//! Pure-Rust JWS signature verification (feature `rust-crypto`), for native Rust users and
//! native tests. The browser build uses WebCrypto instead, which keeps the wasm small.
//! Supports ES256, ES384, RS256, PS256 and EdDSA (Ed25519); ES512 is refused here.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::jwk::Jwk;
use crate::core::jws::{JwsAlgorithm, SignatureVerifier};

/// The pure-Rust verifier.
#[derive(Debug, Clone, Copy, Default)]
pub struct RustCryptoVerifier;

fn b64(v: &Option<String>) -> Option<Vec<u8>> {
    crate::core::base64url::decode(v.as_deref()?).ok()
}

fn sec1_point(key: &Jwk, coord_len: usize) -> Option<Vec<u8>> {
    let (x, y) = (b64(&key.x)?, b64(&key.y)?);
    if x.len() != coord_len || y.len() != coord_len {
        return None;
    }
    let mut point = Vec::with_capacity(1 + 2 * coord_len);
    point.push(0x04);
    point.extend_from_slice(&x);
    point.extend_from_slice(&y);
    Some(point)
}

fn verify_es256(key: &Jwk, message: &[u8], signature: &[u8]) -> Option<bool> {
    use p256::ecdsa::signature::Verifier;
    let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1_point(key, 32)?).ok()?;
    let sig = p256::ecdsa::Signature::from_slice(signature).ok()?;
    Some(vk.verify(message, &sig).is_ok())
}

fn verify_es384(key: &Jwk, message: &[u8], signature: &[u8]) -> Option<bool> {
    use p384::ecdsa::signature::Verifier;
    let vk = p384::ecdsa::VerifyingKey::from_sec1_bytes(&sec1_point(key, 48)?).ok()?;
    let sig = p384::ecdsa::Signature::from_slice(signature).ok()?;
    Some(vk.verify(message, &sig).is_ok())
}

fn verify_rsa(key: &Jwk, pss: bool, message: &[u8], signature: &[u8]) -> Option<bool> {
    use rsa::sha2::{Digest, Sha256};
    use rsa::traits::PublicKeyParts;
    use rsa::{BigUint, Pkcs1v15Sign, Pss, RsaPublicKey};
    let n = BigUint::from_bytes_be(&b64(&key.n)?);
    let e = BigUint::from_bytes_be(&b64(&key.e)?);
    let pk = RsaPublicKey::new(n, e).ok()?;
    if pk.size() < 256 {
        return Some(false); // refuse RSA keys under 2048 bits
    }
    let hashed = Sha256::digest(message);
    Some(if pss { pk.verify(Pss::new::<Sha256>(), &hashed, signature).is_ok() } else { pk.verify(Pkcs1v15Sign::new::<Sha256>(), &hashed, signature).is_ok() })
}

fn verify_ed25519(key: &Jwk, message: &[u8], signature: &[u8]) -> Option<bool> {
    let x: [u8; 32] = b64(&key.x)?.try_into().ok()?;
    let vk = ed25519_dalek::VerifyingKey::from_bytes(&x).ok()?;
    let sig = ed25519_dalek::Signature::from_slice(signature).ok()?;
    Some(vk.verify_strict(message, &sig).is_ok())
}

impl SignatureVerifier for RustCryptoVerifier {
    fn verify(&self, alg: JwsAlgorithm, key: &Jwk, message: &[u8], signature: &[u8]) -> bool {
        if !key.fits(alg) {
            return false;
        }
        match alg {
            JwsAlgorithm::ES256 => verify_es256(key, message, signature),
            JwsAlgorithm::ES384 => verify_es384(key, message, signature),
            JwsAlgorithm::RS256 => verify_rsa(key, false, message, signature),
            JwsAlgorithm::PS256 => verify_rsa(key, true, message, signature),
            JwsAlgorithm::EdDSA => verify_ed25519(key, message, signature),
            JwsAlgorithm::ES512 => None,
        }
        .unwrap_or(false)
    }
}
