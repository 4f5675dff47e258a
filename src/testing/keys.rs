//! The one test signer: fixed private keys (RSA, P-256, Ed25519, an HMAC secret) and
//! [`Signer`], which signs a JWS input with any of them. Native tests only (`rust-crypto`).
//! Like the rest of the library it does not panic: what can fail (a key that the curve or RSA
//! refuses, a signature) is a [`KeyError`], which the tests unwrap.

#[allow(unused_imports)]
use crate::prelude::*;

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use p256::ecdsa::signature::Signer as _;
use rsa::rand_core::{CryptoRng, RngCore};
use rsa::sha2::{Digest, Sha256, Sha384};

use crate::core::base64url;
use crate::core::jwk::Jwk;

/// An RSA private key as base64url `n`, `e`, `d`, `p`, `q` (RFC 7518 §6.3).
pub type RsaKey = [&'static str; 5];

/// RSA-2048 test key 1 (made with Node's crypto for these tests only).
pub const RSA_KEY_1: RsaKey = [
    "xBojAO6M1uoCtNCHXDxJpRFJetUH-Rrg0IL2WTCoD0GK69ugU3yVqNszLrhYyu4BsZTjU73PEWidtSzICOWtuxmvIDp2zqcajx3MA0PRR-96eSNBhKejXlhTIxNQ4QBxor-dFeUW6wG1Wy_M0gLdADA_IyEX8TurD455EdRwIzvQJH6FpaVyCONxmyumWb-kID54-M2dKmYr9OdZv2csaW9fXjFdaidCGxVqhim0V-dYwgtRfKXI-_aQVXiHP-dj9xYHJuTHDvw36G-tR32rg7wt9sn9AlSCZS0wyn5H30CvvczRbCb-ZOZK2xYcq4jpeSJyBAnhTB_MsotU7JKCrw",
    "AQAB",
    "H77gw8SFEEA5x-5Uu13ByPMPeM8GchEj1nLHppCgjuJcDD_gUyOWprXgMe6t5na5LMz0MBjzbddduyKmD1VUgTbF3usX_e7socEqcazc3aRVqJ6d0KJtaVcrE5aLlUvDxEZOC76rrceiWuyrX6QPBXofU8nbsmBSb5DvkISvfURnFIQsyUtOuGEkdPnj3W2upZd9zDatT-vD8rmnrr6neA0sLSSOEl16NDIE27JMayIBL6NquOaHSL0JgykXWlNJ24rmbRjQ7ki5tqmpkmLXcwLyj90PC6mrpTLMx7mZpZI2871JOm3Zc3vXAAwvBvABc4Q5U5cDA7nGOmCAikdPgQ",
    "_okuu-5RqfZOCaHHmJNJgRxhfIm5EdE6VIOJB_pELVNXlJ6nAGeYp2A5jLkT6vZxugsKVkC855N-bAo186LftNrktfoC62A5zF5BRUWEgiPZyzDCdN5cw0SHUnSaM3nUtca8gaJfpCkMWEblZ4BVLEwDDnu-UwfCw2MyyQsNqR8",
    "xTroSdNQwcY1WYqxBflB4tj9TWuYGER1Q2tgtNpg-PC5hRHzK2SpxtzssxkxxjmzGEG4DYAmhPX1RbeGA8hFYyVX-T8svW380GJuO1F-qsswA2jVZojYRBfm-I9TlxIIa7auEHqPHflRmmVFB_iNlq1CVyZ7NJE0nLkAEJdtpHE",
];

/// RSA-2048 test key 2 (made with Node's crypto for these tests only).
pub const RSA_KEY_2: RsaKey = [
    "14cGG2ngmKYjzYXfyPwslC0cAQg7wG1CiZD8PCF-N_zFMIvxwxPBA2HQGTr14xD4S8Cl_K982G3p2W5dRGHf6DNemcivbtGx2Ql0nWEHmeJJjt01sjS1Lb1cJQnZkDSNzkdg0snxbG76Ib-OCE73UIywULkFiUvB1YYrzxOkSGMy0bzGLR0KvqQGYwVxoiK1IRqZDGC4RdX1M6DJoMAAKJMn3cPAdo_GZC1cIU1yDfM0lLG_vH0ycvlBl4XdDuMbbakPXdne7u8PKYMEthxEeuzrXz48i2ftU9rX5ppsEL3-WuQaMWhFfCEJmSIXcIKsLG310nJcnvt0B5aDsJUfTw",
    "AQAB",
    "N109CV-6TRwoiEwCf3uf6_RmhDFcQAMRG4t97-hepv0snlrkoMr7QuYmccS-kzSxw6vaN73QoTwi3TLHjKBjxx8jBvgRcLM3L1yJc0AQlswVPzi96Wg2vmgtOmp8U9ncL4gQbDVp6gPcBz1Qu_uk9jEdva65qFookbQkns4Z3mn8WbUwMHNbvOSTsCeCAvOAi61Au45ibHGtL-iO3IwkeUWXyx9ZdGqd1scmd5EOKfWqov6Jz2ZX1MKYtYVYSXG6o8TadukMrS05PLMeoUP_0Gx4qw8BKkfWXckMsHiVMz54zA48dotMYpeffzh3pdFz0glupVTSbe1dSWqiHTIWkQ",
    "70OxpdHkHXtjJWLSyB8sOizgKkUttKO54b778F4uHiDfqz7W154UIxy1jk7nJC_TPHokFsLlCJ9cXoO9TXh8sJDadfI6j0V8PACFBuc17vxtdF_heEdrb6VjeRgGmHvNynQjI7nXTBawTLhYw5g6OOb8Btg-6BA6N0aGNzXty0k",
    "5ppKqQ1jOmqOpqCfYrA1lFDK8sHrvfXGGsLS8VxQcwwgC14k2F2Nn4RmdwcobvD_pX4PvRv1Y_Gneo_SQ_gdwoj_OdI-GlRewuPzGT_68-CyVDJ54i_9ZLvH4Y8aCxZ8mlqr-FNZJwwtuMZT67jhV1B_C9e8dBryJzHdttH3Pdc",
];

/// RSA-1024: too short for RFC 7518 §3.3 (made with Python's `cryptography` for tests only).
pub const RSA_KEY_1024: RsaKey = [
    "6AML77kbM_JCgCpQnaNhH9Pse05vwDRGJ8JuK0nsr9JSpmuFBqFGne-1WZyEQHbskIB8Tq6bKOwM7JHFkBVo6vBKNqtiIAfWGAQzk65uJ3iHk6kVdCdy4Kqg-l32Hh9Nx274IIGLmPUsPLJQ3QdRrRwqkBhmYSwWRepgMLD5HJE",
    "AQAB",
    "xc6LJ7g25CQA5IqvLqcz0FH7hemKx2EKCy3uhcPCIuj7hF2ZDd0EevT7NcqGyvtZl52j3eVp7grKvgtOWBiY2E2jTnVMsWm4l-iCNI0Y79cmsA3hnR_780PX65VXRb4AxNfhm_XwIsOgOPZaO3JE7RQHQlz7QOERF1A2aMebFa0",
    "99OW6ky5TnSZkLKsQ5uF-nOlL0IaDF4xvV09vPydLIJqHWoOqr9awwUAN5zAZqyI9AG7OZfZg2LIFvsGBjnV9w",
    "76nu_b54YnB2w0BVnSZoHIcEZ9lEUTjMop1l2wsOPtMaiIvnPatWwAY32DkyM0LMisYEZQ474H8mIHzFefnftw",
];

/// Why a test key could not be made or could not sign (a bug in the key constants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyError(pub &'static str);

fn big(v: &str) -> Result<rsa::BigUint, KeyError> {
    base64url::decode(v).map(|b| rsa::BigUint::from_bytes_be(&b)).map_err(|_| KeyError("an RSA parameter is not base64url"))
}

/// The private key of `k`, made once per key (the CRT precomputation is slow in debug builds).
pub fn rsa_private(k: &'static RsaKey) -> Result<&'static rsa::RsaPrivateKey, KeyError> {
    static KEYS: OnceLock<Mutex<HashMap<&'static str, &'static rsa::RsaPrivateKey>>> = OnceLock::new();
    let mut keys = KEYS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(key) = keys.get(k[0]) {
        return Ok(key);
    }
    let [n, e, d, p, q] = k;
    let key = rsa::RsaPrivateKey::from_components(big(n)?, big(e)?, big(d)?, vec![big(p)?, big(q)?]).map_err(|_| KeyError("RSA refuses the key"))?;
    let key: &'static rsa::RsaPrivateKey = Box::leak(Box::new(key));
    keys.insert(n, key);
    Ok(key)
}

/// The public JWK of `k`, without `alg` (one key serves RS256 and PS256).
pub fn rsa_jwk(k: &RsaKey, kid: Option<&str>) -> Jwk {
    let [n, e, ..] = k;
    Jwk { kid: kid.map(Into::into), n: Some((*n).to_owned()), e: Some((*e).to_owned()), ..jwk("RSA") }
}

/// The P-256 key of this seed (the scalar is the seed 32 times; 0 and 0xff are not P-256
/// scalars).
pub fn ec_key(seed: u8) -> Result<p256::ecdsa::SigningKey, KeyError> {
    p256::ecdsa::SigningKey::from_bytes(&[seed; 32].into()).map_err(|_| KeyError("not a P-256 scalar"))
}

/// The public key of [`ec_key`] as an uncompressed SEC1 point.
pub fn ec_sec1(seed: u8) -> Result<Vec<u8>, KeyError> {
    Ok(ec_key(seed)?.verifying_key().to_encoded_point(false).as_bytes().to_vec())
}

/// The public JWK of [`ec_key`].
pub fn ec_jwk(seed: u8, kid: Option<&str>) -> Result<Jwk, KeyError> {
    let point = ec_sec1(seed)?;
    let (x, y) = point.get(1..).and_then(|xy| xy.split_at_checked(32)).ok_or(KeyError("not an uncompressed P-256 point"))?;
    Ok(Jwk { kid: kid.map(Into::into), crv: Some("P-256".into()), x: Some(base64url::encode(x)), y: Some(base64url::encode(y)), ..jwk("EC") })
}

/// The Ed25519 key of this seed.
pub fn ed_key(seed: u8) -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[seed; 32])
}

/// The public JWK of [`ed_key`].
pub fn ed_jwk(seed: u8, kid: Option<&str>) -> Jwk {
    let x = base64url::encode(ed_key(seed).verifying_key().as_bytes());
    Jwk { kid: kid.map(Into::into), crv: Some("Ed25519".into()), x: Some(x), ..jwk("OKP") }
}

fn jwk(kty: &str) -> Jwk {
    Jwk { kty: kty.into(), kid: None, alg: None, use_: None, key_ops: None, crv: None, x: None, y: None, n: None, e: None }
}

/// HMAC-SHA256 (RFC 2104).
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut k = if key.len() > 64 { Sha256::digest(key).to_vec() } else { key.to_vec() };
    k.resize(64, 0);
    let pad = |b: u8| k.iter().map(|x| x ^ b).collect::<Vec<u8>>();
    let inner = Sha256::digest([pad(0x36).as_slice(), message].concat());
    Sha256::digest([pad(0x5c).as_slice(), &inner[..]].concat()).to_vec()
}

/// How a test token is signed; the header's `alg` is whatever the test writes
/// ([`Signer::alg`] names the matching one).
#[derive(Debug, Clone, Copy)]
pub enum Signer {
    /// ECDSA P-256 with SHA-256, the key of [`ec_key`].
    Es256(u8),
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256(&'static RsaKey),
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384(&'static RsaKey),
    /// RSASSA-PSS with SHA-256 and this salt length (RFC 7518 §3.5 wants 32).
    Ps256(&'static RsaKey, usize),
    /// EdDSA with the key of [`ed_key`].
    Ed25519(u8),
    /// HMAC-SHA256 with this secret.
    Hs256(&'static [u8]),
    /// `alg: none`: an empty signature.
    None,
}

impl Signer {
    /// The JWS `alg` of this signer.
    pub fn alg(self) -> &'static str {
        match self {
            Signer::Es256(_) => "ES256",
            Signer::Rs256(_) => "RS256",
            Signer::Rs384(_) => "RS384",
            Signer::Ps256(..) => "PS256",
            Signer::Ed25519(_) => "EdDSA",
            Signer::Hs256(_) => "HS256",
            Signer::None => "none",
        }
    }

    /// The signature of `input`.
    pub fn sign(self, input: &[u8]) -> Result<Vec<u8>, KeyError> {
        let refused = |_| KeyError("RSA refused to sign");
        Ok(match self {
            Signer::Es256(seed) => {
                let sig: p256::ecdsa::Signature = ec_key(seed)?.sign(input);
                sig.to_bytes().to_vec()
            }
            Signer::Rs256(k) => rsa_private(k)?.sign(rsa::Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(input)).map_err(refused)?,
            Signer::Rs384(k) => rsa_private(k)?.sign(rsa::Pkcs1v15Sign::new::<Sha384>(), &Sha384::digest(input)).map_err(refused)?,
            Signer::Ps256(k, salt) => {
                let pss = rsa::Pss::new_with_salt::<Sha256>(salt);
                rsa_private(k)?.sign_with_rng(&mut SaltRng(0x5eed_5a17), pss, &Sha256::digest(input)).map_err(refused)?
            }
            Signer::Ed25519(seed) => {
                use ed25519_dalek::Signer as _;
                ed_key(seed).sign(input).to_bytes().to_vec()
            }
            Signer::Hs256(secret) => hmac_sha256(secret, input),
            Signer::None => Vec::new(),
        })
    }

    /// A compact JWS of these header and payload texts, encoded as given.
    pub fn jws(self, header: &str, payload: &str) -> Result<String, KeyError> {
        self.jws_segments(&base64url::encode(header.as_bytes()), &base64url::encode(payload.as_bytes()))
    }

    /// A compact JWS of these exact (already encoded) header and payload segments.
    pub fn jws_segments(self, header_segment: &str, payload_segment: &str) -> Result<String, KeyError> {
        let mut input = String::from(header_segment);
        input.push('.');
        input.push_str(payload_segment);
        let sig = base64url::encode(&self.sign(input.as_bytes())?);
        input.push('.');
        input.push_str(&sig);
        Ok(input)
    }
}

/// A deterministic source of PSS salts (xorshift64): test signatures are reproducible.
struct SaltRng(u64);

impl RngCore for SaltRng {
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let v = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(v.get(..chunk.len()).unwrap_or_default());
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for SaltRng {}
