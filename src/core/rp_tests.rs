// Test-only module: declared under `#[cfg(test)]` (native only) in core/mod.rs.
//! Hostile-provider cases of the OpenID Foundation RP test plans (Basic and Config RP profiles)
//! and OIDC Core §3.1.3.7 that can be decided by the core alone: each refusal is asserted by its
//! error code, next to a control case that proves the good path still works. The same cases run
//! through the real SDK in Chromium in tests/e2e/rp-*.test.mjs; SECURITY.md maps both.

#[allow(unused_imports)]
use crate::prelude::*;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::ecdsa::signature::Signer;
use rsa::sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use serde_json::{json, Value};

use crate::core::config::LogtoConfig;
use crate::core::crypto_rust::RustCryptoVerifier;
use crate::core::discovery::parse_discovery_response;
use crate::core::error::ErrorInfo;
use crate::core::http::{HttpResponse, MAX_BODY_LEN};
use crate::core::id_token::{Expected, IdTokenError, IdTokenVerifier, VerifiedIdToken};
use crate::core::jwk::{parse_jwks_response, JwkSet, MAX_KEYS};
use crate::core::secret::Nonce;
use crate::core::token::parse_code_exchange_response;
use crate::core::userinfo::parse_userinfo_response;

const NOW: i64 = 1_700_000_000;
const ISS: &str = "https://logto.dev/oidc";

/// RSA-2048 test key 1 (made with Node's crypto for these tests only).
const RSA_KEY_1: [&str; 5] = [
    "xBojAO6M1uoCtNCHXDxJpRFJetUH-Rrg0IL2WTCoD0GK69ugU3yVqNszLrhYyu4BsZTjU73PEWidtSzICOWtuxmvIDp2zqcajx3MA0PRR-96eSNBhKejXlhTIxNQ4QBxor-dFeUW6wG1Wy_M0gLdADA_IyEX8TurD455EdRwIzvQJH6FpaVyCONxmyumWb-kID54-M2dKmYr9OdZv2csaW9fXjFdaidCGxVqhim0V-dYwgtRfKXI-_aQVXiHP-dj9xYHJuTHDvw36G-tR32rg7wt9sn9AlSCZS0wyn5H30CvvczRbCb-ZOZK2xYcq4jpeSJyBAnhTB_MsotU7JKCrw",
    "AQAB",
    "H77gw8SFEEA5x-5Uu13ByPMPeM8GchEj1nLHppCgjuJcDD_gUyOWprXgMe6t5na5LMz0MBjzbddduyKmD1VUgTbF3usX_e7socEqcazc3aRVqJ6d0KJtaVcrE5aLlUvDxEZOC76rrceiWuyrX6QPBXofU8nbsmBSb5DvkISvfURnFIQsyUtOuGEkdPnj3W2upZd9zDatT-vD8rmnrr6neA0sLSSOEl16NDIE27JMayIBL6NquOaHSL0JgykXWlNJ24rmbRjQ7ki5tqmpkmLXcwLyj90PC6mrpTLMx7mZpZI2871JOm3Zc3vXAAwvBvABc4Q5U5cDA7nGOmCAikdPgQ",
    "_okuu-5RqfZOCaHHmJNJgRxhfIm5EdE6VIOJB_pELVNXlJ6nAGeYp2A5jLkT6vZxugsKVkC855N-bAo186LftNrktfoC62A5zF5BRUWEgiPZyzDCdN5cw0SHUnSaM3nUtca8gaJfpCkMWEblZ4BVLEwDDnu-UwfCw2MyyQsNqR8",
    "xTroSdNQwcY1WYqxBflB4tj9TWuYGER1Q2tgtNpg-PC5hRHzK2SpxtzssxkxxjmzGEG4DYAmhPX1RbeGA8hFYyVX-T8svW380GJuO1F-qsswA2jVZojYRBfm-I9TlxIIa7auEHqPHflRmmVFB_iNlq1CVyZ7NJE0nLkAEJdtpHE",
];

/// RSA-2048 test key 2 (made with Node's crypto for these tests only).
const RSA_KEY_2: [&str; 5] = [
    "14cGG2ngmKYjzYXfyPwslC0cAQg7wG1CiZD8PCF-N_zFMIvxwxPBA2HQGTr14xD4S8Cl_K982G3p2W5dRGHf6DNemcivbtGx2Ql0nWEHmeJJjt01sjS1Lb1cJQnZkDSNzkdg0snxbG76Ib-OCE73UIywULkFiUvB1YYrzxOkSGMy0bzGLR0KvqQGYwVxoiK1IRqZDGC4RdX1M6DJoMAAKJMn3cPAdo_GZC1cIU1yDfM0lLG_vH0ycvlBl4XdDuMbbakPXdne7u8PKYMEthxEeuzrXz48i2ftU9rX5ppsEL3-WuQaMWhFfCEJmSIXcIKsLG310nJcnvt0B5aDsJUfTw",
    "AQAB",
    "N109CV-6TRwoiEwCf3uf6_RmhDFcQAMRG4t97-hepv0snlrkoMr7QuYmccS-kzSxw6vaN73QoTwi3TLHjKBjxx8jBvgRcLM3L1yJc0AQlswVPzi96Wg2vmgtOmp8U9ncL4gQbDVp6gPcBz1Qu_uk9jEdva65qFookbQkns4Z3mn8WbUwMHNbvOSTsCeCAvOAi61Au45ibHGtL-iO3IwkeUWXyx9ZdGqd1scmd5EOKfWqov6Jz2ZX1MKYtYVYSXG6o8TadukMrS05PLMeoUP_0Gx4qw8BKkfWXckMsHiVMz54zA48dotMYpeffzh3pdFz0glupVTSbe1dSWqiHTIWkQ",
    "70OxpdHkHXtjJWLSyB8sOizgKkUttKO54b778F4uHiDfqz7W154UIxy1jk7nJC_TPHokFsLlCJ9cXoO9TXh8sJDadfI6j0V8PACFBuc17vxtdF_heEdrb6VjeRgGmHvNynQjI7nXTBawTLhYw5g6OOb8Btg-6BA6N0aGNzXty0k",
    "5ppKqQ1jOmqOpqCfYrA1lFDK8sHrvfXGGsLS8VxQcwwgC14k2F2Nn4RmdwcobvD_pX4PvRv1Y_Gneo_SQ_gdwoj_OdI-GlRewuPzGT_68-CyVDJ54i_9ZLvH4Y8aCxZ8mlqr-FNZJwwtuMZT67jhV1B_C9e8dBryJzHdttH3Pdc",
];

fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn big(v: &str) -> rsa::BigUint {
    rsa::BigUint::from_bytes_be(&URL_SAFE_NO_PAD.decode(v).unwrap())
}

/// The private key (made once: the CRT precomputation is slow in debug builds).
fn rsa_private(k: &'static [&'static str; 5]) -> &'static rsa::RsaPrivateKey {
    static KEYS: OnceLock<Mutex<HashMap<usize, &'static rsa::RsaPrivateKey>>> = OnceLock::new();
    let mut keys = KEYS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    keys.entry(k as *const _ as usize)
        .or_insert_with(|| Box::leak(Box::new(rsa::RsaPrivateKey::from_components(big(k[0]), big(k[1]), big(k[2]), vec![big(k[3]), big(k[4])]).unwrap())))
}

/// The public JWK of an RSA test key; `private` adds the private parameters, as a confused
/// provider might publish them.
fn rsa_jwk(k: &[&str; 5], kid: Option<&str>, private: bool) -> Value {
    let mut j = json!({"kty": "RSA", "n": k[0], "e": k[1], "alg": "RS256", "use": "sig"});
    if let Some(kid) = kid {
        j["kid"] = kid.into();
    }
    if private {
        j["d"] = k[2].into();
        j["p"] = k[3].into();
        j["q"] = k[4].into();
    }
    j
}

fn ec_key(seed: u8) -> p256::ecdsa::SigningKey {
    p256::ecdsa::SigningKey::from_bytes(&[seed; 32].into()).unwrap()
}

fn ec_jwk(seed: u8, kid: Option<&str>) -> Value {
    let pk = p256::PublicKey::from(ec_key(seed).verifying_key());
    let mut j: Value = serde_json::from_str(&pk.to_jwk_string()).unwrap();
    if let Some(kid) = kid {
        j["kid"] = kid.into();
    }
    j
}

/// How a test token is signed.
enum Key {
    Rsa(&'static [&'static str; 5]),
    Ec(u8),
    /// HMAC-SHA256 with this secret (`alg: HS256`).
    Hmac(Vec<u8>),
    /// `alg: none`, empty signature.
    None,
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut k = if key.len() > 64 { Sha256::digest(key).to_vec() } else { key.to_vec() };
    k.resize(64, 0);
    let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::digest([ipad.as_slice(), message].concat());
    Sha256::digest([opad.as_slice(), &inner[..]].concat()).to_vec()
}

fn sign(signer: &Key, mut header: Value, claims: &Value) -> String {
    header["alg"] = match signer {
        Key::Rsa(_) => "RS256",
        Key::Ec(_) => "ES256",
        Key::Hmac(_) => "HS256",
        Key::None => "none",
    }
    .into();
    let input = format!("{}.{}", b64(header.to_string()), b64(claims.to_string()));
    let sig = match signer {
        Key::Rsa(k) => rsa_private(k).sign(rsa::Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(input.as_bytes())).unwrap(),
        Key::Ec(seed) => {
            let s: p256::ecdsa::Signature = ec_key(*seed).sign(input.as_bytes());
            s.to_bytes().to_vec()
        }
        Key::Hmac(secret) => hmac_sha256(secret, input.as_bytes()),
        Key::None => Vec::new(),
    };
    format!("{input}.{}", b64(sig))
}

fn claims() -> Value {
    json!({"iss": ISS, "sub": "alice", "aud": "app", "exp": NOW + 3600, "iat": NOW, "nonce": "n0nce"})
}

fn without(mut c: Value, key: &str) -> Value {
    c.as_object_mut().unwrap().remove(key);
    c
}

fn with(mut c: Value, key: &str, value: Value) -> Value {
    c[key] = value;
    c
}

/// A key set as the provider's `jwks_uri` would serve it, through the SDK's parser.
fn jwks(keys: Vec<Value>) -> JwkSet {
    parse_jwks_response(&HttpResponse::new(200, json!({ "keys": keys }).to_string())).unwrap()
}

fn verifier() -> IdTokenVerifier {
    IdTokenVerifier::new(&LogtoConfig::new("https://logto.dev", "app").validate().unwrap())
}

fn verify(token: &str, set: &JwkSet) -> Result<VerifiedIdToken, IdTokenError> {
    verifier().verify(token, set, &RustCryptoVerifier, Expected::SignIn { nonce: &Nonce::from("n0nce"), max_age: None, acr: None }, NOW)
}

fn code(token: &str, set: &JwkSet) -> &'static str {
    verify(token, set).unwrap_err().code().as_str()
}

fn rs_set() -> JwkSet {
    jwks(vec![rsa_jwk(&RSA_KEY_1, Some("rs1"), false)])
}

fn es_set() -> JwkSet {
    jwks(vec![ec_jwk(1, Some("es1"))])
}

/// A good RS256 token under kid "rs1" (signed once: RSA signing is slow in debug builds).
fn good_rs() -> String {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| sign(&Key::Rsa(&RSA_KEY_1), json!({"kid": "rs1"}), &claims())).clone()
}

fn good_es() -> String {
    sign(&Key::Ec(1), json!({"kid": "es1"}), &claims())
}

#[test]
fn control_rs256_and_es256_tokens_verify() {
    assert_eq!(verify(&good_rs(), &rs_set()).unwrap().claims.sub, "alice");
    assert_eq!(verify(&sign(&Key::Ec(1), json!({"kid": "es1"}), &claims()), &es_set()).unwrap().claims.sub, "alice");
}

#[test]
fn rp_id_token_bad_sig_rs256() {
    let forged = sign(&Key::Rsa(&RSA_KEY_2), json!({"kid": "rs1"}), &claims());
    assert_eq!(code(&forged, &rs_set()), "id_token.invalid_signature");
    // The signature of a good token moved onto other claims.
    let (good, forged) = (good_rs(), sign(&Key::Rsa(&RSA_KEY_1), json!({"kid": "rs1"}), &with(claims(), "sub", json!("mallory"))));
    let spliced = format!("{}.{}", forged.rsplit_once('.').unwrap().0, good.rsplit_once('.').unwrap().1);
    assert_eq!(code(&spliced, &rs_set()), "id_token.invalid_signature");
    assert!(verify(&good, &rs_set()).is_ok(), "control");
}

#[test]
fn rp_id_token_bad_sig_es256() {
    let forged = sign(&Key::Ec(2), json!({"kid": "es1"}), &claims());
    assert_eq!(code(&forged, &es_set()), "id_token.invalid_signature");
    assert!(verify(&sign(&Key::Ec(1), json!({"kid": "es1"}), &claims()), &es_set()).is_ok(), "control");
}

#[test]
fn rp_id_token_sig_none() {
    for header in [json!({}), json!({"kid": "rs1"})] {
        let t = sign(&Key::None, header, &claims());
        assert_eq!(code(&t, &rs_set()), "id_token.algorithm_not_allowed");
        // ... also with a signature attached, and with other spellings of "none"
        assert_eq!(code(&format!("{t}c2ln"), &rs_set()), "id_token.algorithm_not_allowed");
    }
    for alg in ["None", "NONE", "nOnE", ""] {
        let t = format!("{}.{}.", b64(json!({"alg": alg}).to_string()), b64(claims().to_string()));
        assert_eq!(code(&t, &rs_set()), "id_token.algorithm_not_allowed", "{alg:?}");
    }
    assert!(verify(&good_rs(), &rs_set()).is_ok(), "control");
}

#[test]
fn rp_id_token_issuer_mismatch() {
    for iss in ["https://evil.dev/oidc", "https://logto.dev/oidc/", "https://logto.dev", "HTTPS://logto.dev/oidc"] {
        let t = sign(&Key::Ec(1), json!({"kid": "es1"}), &with(claims(), "iss", json!(iss)));
        assert_eq!(code(&t, &es_set()), "id_token.issuer_mismatch", "{iss}");
    }
    assert!(verify(&good_es(), &es_set()).is_ok(), "control");
}

#[test]
fn rp_id_token_aud() {
    for aud in [json!("other-app"), json!(["other-app"]), json!([]), json!("App"), json!(["other", "app "])] {
        let t = sign(&Key::Ec(1), json!({"kid": "es1"}), &with(claims(), "aud", aud.clone()));
        assert_eq!(code(&t, &es_set()), "id_token.audience_mismatch", "{aud}");
    }
    assert!(verify(&good_es(), &es_set()).is_ok(), "control");
}

#[test]
fn rp_id_token_iat() {
    let t = sign(&Key::Ec(1), json!({"kid": "es1"}), &without(claims(), "iat"));
    assert_eq!(verify(&t, &es_set()).unwrap_err(), IdTokenError::MissingClaim("iat"));
    assert!(verify(&good_es(), &es_set()).is_ok(), "control");
}

#[test]
fn rp_id_token_kid_absent_single_jwks() {
    let t = sign(&Key::Rsa(&RSA_KEY_1), json!({}), &claims());
    assert!(verify(&t, &jwks(vec![rsa_jwk(&RSA_KEY_1, None, false)])).is_ok());
    assert!(verify(&t, &rs_set()).is_ok(), "a kid on the key but none on the token");
}

/// The test plan allows either refusing a token without `kid` when there are several keys, or
/// trying each: the SDK tries each key that fits the algorithm (at most MAX_KEYS).
#[test]
fn rp_id_token_kid_absent_multiple_jwks() {
    let set = jwks(vec![rsa_jwk(&RSA_KEY_2, Some("rs2"), false), rsa_jwk(&RSA_KEY_1, Some("rs1"), false), ec_jwk(1, Some("es1"))]);
    let t = sign(&Key::Rsa(&RSA_KEY_1), json!({}), &claims());
    let pending = verifier().prepare(&t, &set).unwrap();
    assert_eq!(pending.candidate_keys().len(), 2, "only the RSA keys are candidates");
    assert!(verify(&t, &set).is_ok());
    // Signed by a key outside the set: no candidate verifies.
    let set = jwks(vec![rsa_jwk(&RSA_KEY_2, Some("rs2"), false), ec_jwk(1, Some("es1"))]);
    assert_eq!(code(&t, &set), "id_token.invalid_signature");
}

#[test]
fn rp_nonce_invalid() {
    let t = sign(&Key::Ec(1), json!({"kid": "es1"}), &with(claims(), "nonce", json!("another")));
    assert_eq!(code(&t, &es_set()), "id_token.nonce_mismatch");
    let t = sign(&Key::Ec(1), json!({"kid": "es1"}), &with(claims(), "nonce", json!(42)));
    assert_eq!(code(&t, &es_set()), "id_token.malformed_claims");
    assert!(verify(&good_es(), &es_set()).is_ok(), "control");
}

/// The SDK always sends a nonce (even in the code flow), so a sign-in ID token without one is refused.
#[test]
fn rp_nonce_unless_code_flow() {
    let t = sign(&Key::Ec(1), json!({"kid": "es1"}), &without(claims(), "nonce"));
    assert_eq!(code(&t, &es_set()), "id_token.nonce_mismatch");
    assert!(verify(&good_es(), &es_set()).is_ok(), "control");
}

#[test]
fn rp_key_rotation_op_sign_key() {
    let old = rs_set();
    let rotated = sign(&Key::Rsa(&RSA_KEY_2), json!({"kid": "rs2"}), &claims());
    // Against the cached set the new kid is unknown: "fetch the key set again" ...
    assert!(matches!(verifier().prepare(&rotated, &old), Err(IdTokenError::NoMatchingKey { kid: Some(ref k), .. }) if k == "rs2"));
    // ... and with the re-fetched set it verifies; a token of the retired key no longer does.
    let new = jwks(vec![rsa_jwk(&RSA_KEY_2, Some("rs2"), false)]);
    assert!(verify(&rotated, &new).is_ok());
    assert_eq!(code(&good_rs(), &new), "id_token.no_matching_key");
}

#[test]
fn jwks_same_kid_different_kty() {
    // Two keys share kid "k": an RSA one listed first, an EC one second.
    let set = jwks(vec![rsa_jwk(&RSA_KEY_1, Some("k"), false), ec_jwk(1, Some("k"))]);
    let es = sign(&Key::Ec(1), json!({"kid": "k"}), &claims());
    let pending = verifier().prepare(&es, &set).unwrap();
    assert_eq!(pending.candidate_keys().iter().map(|k| k.kty.as_str()).collect::<Vec<_>>(), ["EC"]);
    assert!(verify(&es, &set).is_ok());
    let rs = sign(&Key::Rsa(&RSA_KEY_1), json!({"kid": "k"}), &claims());
    assert!(verify(&rs, &set).is_ok());
    // An EC token signed by another key under that kid is still refused.
    assert_eq!(code(&sign(&Key::Ec(2), json!({"kid": "k"}), &claims()), &set), "id_token.invalid_signature");
}

#[test]
fn jwks_with_private_keys_keeps_only_public_parameters() {
    let mut private_ec = ec_jwk(1, Some("es1"));
    private_ec["d"] = b64(ec_key(1).to_bytes()).into();
    let set = jwks(vec![rsa_jwk(&RSA_KEY_1, Some("rs1"), true), private_ec]);
    let stored = serde_json::to_string(&set).unwrap();
    for secret in [RSA_KEY_1[2], RSA_KEY_1[3], RSA_KEY_1[4]] {
        assert!(!stored.contains(secret), "a private parameter would be cached");
    }
    assert!(!stored.contains("\"d\""), "{stored}");
    assert!(verify(&good_rs(), &set).is_ok());
    assert!(verify(&sign(&Key::Ec(1), json!({"kid": "es1"}), &claims()), &set).is_ok());
}

#[test]
fn jwks_oct_key_and_hs256_algorithm_confusion() {
    let secret = b"a published HMAC secret".to_vec();
    let oct = json!({"kty": "oct", "kid": "rs1", "alg": "HS256", "use": "sig", "k": b64(&secret)});
    let set = jwks(vec![oct.clone(), rsa_jwk(&RSA_KEY_1, Some("rs1"), false)]);
    assert_eq!(set.keys.iter().map(|k| k.kty.as_str()).collect::<Vec<_>>(), ["RSA"], "the oct key is not kept");
    // HS256 with the published secret.
    let t = sign(&Key::Hmac(secret), json!({"kid": "rs1"}), &claims());
    assert_eq!(code(&t, &set), "id_token.algorithm_not_allowed");
    // The classic confusion: HS256 keyed with the provider's RSA public key (its JWK, or n).
    for public in [rsa_jwk(&RSA_KEY_1, Some("rs1"), false).to_string().into_bytes(), URL_SAFE_NO_PAD.decode(RSA_KEY_1[0]).unwrap()] {
        let t = sign(&Key::Hmac(public), json!({"kid": "rs1"}), &claims());
        assert_eq!(code(&t, &set), "id_token.algorithm_not_allowed");
    }
    // HS256 can never be configured either.
    let mut cfg = LogtoConfig::new("https://logto.dev", "app");
    cfg.id_token_signing_algorithms = Some(vec!["HS256".into()]);
    assert_eq!(cfg.validate().unwrap_err().code(), "config.invalid_algorithm");
    // An RSA key that claims `alg: HS256` is not used for RS256.
    let mut odd = rsa_jwk(&RSA_KEY_1, Some("rs1"), false);
    odd["alg"] = "HS256".into();
    assert_eq!(code(&good_rs(), &jwks(vec![odd])), "id_token.no_matching_key");
    assert!(verify(&good_rs(), &set).is_ok(), "control");
}

#[test]
fn refreshed_id_token_with_another_sub_or_iss() {
    let original = verify(&good_es(), &es_set()).unwrap().claims;
    let refresh = |c: Value| {
        let t = sign(&Key::Ec(1), json!({"kid": "es1"}), &c);
        verifier().verify(&t, &es_set(), &RustCryptoVerifier, Expected::Refresh { original: &original }, NOW)
    };
    assert_eq!(refresh(with(claims(), "sub", json!("mallory"))).unwrap_err().code(), "id_token.subject_changed");
    assert_eq!(refresh(with(claims(), "iss", json!("https://evil/oidc"))).unwrap_err().code(), "id_token.issuer_mismatch");
    assert_eq!(refresh(with(claims(), "aud", json!("other"))).unwrap_err().code(), "id_token.audience_mismatch");
    assert!(refresh(without(claims(), "nonce")).is_ok(), "control");
}

#[test]
fn rp_discovery_issuer_not_matching_config() {
    let config = LogtoConfig::new("https://logto.dev", "app").validate().unwrap();
    let doc = |issuer: &str| {
        json!({"issuer": issuer, "authorization_endpoint": "https://logto.dev/oidc/auth", "token_endpoint": "https://logto.dev/oidc/token", "jwks_uri": "https://logto.dev/oidc/jwks"}).to_string()
    };
    let e = parse_discovery_response(&config, &HttpResponse::new(200, doc("https://evil.dev/oidc"))).unwrap_err();
    assert_eq!(e.code(), "discovery.issuer_mismatch");
    assert!(parse_discovery_response(&config, &HttpResponse::new(200, doc(ISS))).is_ok(), "control");
}

#[test]
fn rp_userinfo_bad_sub_claim() {
    let code = |body: &str| parse_userinfo_response(&HttpResponse::new(200, body), "alice").unwrap_err().code();
    assert_eq!(code(r#"{"sub":"mallory","name":"Alice"}"#), "userinfo.sub_mismatch");
    assert_eq!(code(r#"{"sub":"ALICE"}"#), "userinfo.sub_mismatch");
    assert_eq!(code(r#"{"sub":42}"#), "userinfo.invalid_response");
    assert_eq!(code(r#"{"name":"Alice"}"#), "userinfo.invalid_response");
    assert!(parse_userinfo_response(&HttpResponse::new(200, r#"{"sub":"alice"}"#), "alice").is_ok(), "control");
}

/// Bodies over 1 MiB, and JSON nested deeper than serde_json's recursion limit, are refused
/// with each parser's own code (no stack overflow, no unbounded allocation).
#[test]
fn oversized_and_deeply_nested_bodies() {
    let config = LogtoConfig::new("https://logto.dev", "app").validate().unwrap();
    let padded = |v: Value| {
        let s = v.to_string();
        format!("{}, \"pad\": \"{}\"}}", &s[..s.len() - 1], "x".repeat(MAX_BODY_LEN))
    };
    let token = json!({"access_token": "at", "token_type": "Bearer", "id_token": "a.b.c"});
    assert_eq!(parse_code_exchange_response(&HttpResponse::new(200, padded(token.clone()))).unwrap_err().code(), "token.invalid_response");
    assert_eq!(parse_jwks_response(&HttpResponse::new(200, padded(json!({"keys": []})))).unwrap_err().code(), "jwks.invalid_key_set");
    let userinfo = HttpResponse::new(200, padded(json!({"sub": "alice"})));
    assert_eq!(parse_userinfo_response(&userinfo, "alice").unwrap_err().code(), "userinfo.invalid_response");
    let doc = json!({"issuer": ISS, "authorization_endpoint": "https://logto.dev/oidc/auth", "token_endpoint": "https://logto.dev/oidc/token", "jwks_uri": "https://logto.dev/oidc/jwks"});
    assert_eq!(parse_discovery_response(&config, &HttpResponse::new(200, padded(doc.clone()))).unwrap_err().code(), "discovery.invalid_document");
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    assert_eq!(parse_code_exchange_response(&HttpResponse::new(200, deep.clone())).unwrap_err().code(), "token.invalid_response");
    assert_eq!(parse_jwks_response(&HttpResponse::new(200, format!("{{\"keys\":[{deep}]}}"))).unwrap_err().code(), "jwks.invalid_key_set");
    let t = sign(&Key::Ec(1), json!({"kid": "es1"}), &with(claims(), "pad", json!("x".repeat(16 * 1024))));
    assert_eq!(code(&t, &es_set()), "id_token.too_large");
    // controls
    assert!(parse_code_exchange_response(&HttpResponse::new(200, token.to_string())).is_ok());
    assert!(parse_discovery_response(&config, &HttpResponse::new(200, doc.to_string())).is_ok());
    // A set with very many keys keeps the first MAX_KEYS.
    let many: Vec<Value> = (0..1000).map(|i| ec_jwk(1, Some(&format!("k{i}")))).collect();
    assert_eq!(jwks(many).keys.len(), MAX_KEYS);
}

#[test]
fn responses_that_are_not_json() {
    let config = LogtoConfig::new("https://logto.dev", "app").validate().unwrap();
    for body in ["<html><body>Sign in</body></html>", "", "\u{feff}{}", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "null", "[]", "\"str\""] {
        let r = HttpResponse::new(200, body);
        assert_eq!(parse_code_exchange_response(&r).unwrap_err().code(), "token.invalid_response", "{body:?}");
        assert_eq!(parse_jwks_response(&r).unwrap_err().code(), "jwks.invalid_key_set", "{body:?}");
        assert_eq!(parse_userinfo_response(&r, "alice").unwrap_err().code(), "userinfo.invalid_response", "{body:?}");
        assert_eq!(parse_discovery_response(&config, &r).unwrap_err().code(), "discovery.invalid_document", "{body:?}");
    }
    // Non-JSON error pages keep the HTTP status in the code.
    assert_eq!(parse_code_exchange_response(&HttpResponse::new(502, "<html>bad gateway</html>")).unwrap_err().code(), "token.http_error");
}

/// A key's fields with the wrong types, or a key that is not an object, is skipped, not fatal.
#[test]
fn jwks_entries_of_the_wrong_shape_are_skipped() {
    let set = jwks(vec![json!({"kty": "RSA", "n": 5}), json!(null), json!([1]), json!({"kid": "x"}), rsa_jwk(&RSA_KEY_1, Some("rs1"), false)]);
    assert_eq!(set.keys.len(), 1);
    assert!(verify(&good_rs(), &set).is_ok());
}
