// Test-only module: declared under `#[cfg(test)]` (native only) in core/mod.rs.
//! Hostile-provider cases of the OpenID Foundation RP test plans (Basic and Config RP profiles)
//! and OIDC Core §3.1.3.7 that can be decided by the core alone: each refusal is asserted by its
//! error code, next to a control case that proves the good path still works. The same cases run
//! through the real SDK in Chromium in tests/e2e/rp-*.test.mjs; SECURITY.md maps both.

#[allow(unused_imports)]
use crate::prelude::*;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use serde_json::{json, Value};

use crate::core::config::LogtoConfig;
use crate::core::crypto_rust::RustCryptoVerifier;
use crate::core::discovery::{parse_discovery_response, ProviderMetadata};
use crate::core::error::ErrorInfo;
use crate::core::http::{HttpResponse, MAX_BODY_LEN};
use crate::core::id_token::{Expected, IdTokenError, IdTokenVerifier, VerifiedIdToken};
use crate::core::jwk::Jwk;
use crate::core::jwk::{parse_jwks_response, JwkSet, MAX_KEYS};
use crate::core::secret::Nonce;
use crate::core::token::{parse_code_exchange_response, TokenType};
use crate::core::userinfo::parse_userinfo_response;
use crate::testing::keys::{self, RsaKey, Signer, RSA_KEY_1, RSA_KEY_2};
use std::sync::OnceLock;

const NOW: i64 = 1_700_000_000;
const ISS: &str = "https://logto.dev/oidc";

fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A JWK of the test signer as a JSON value, for the tests that bend it.
fn jwk_value(jwk: Jwk) -> Value {
    serde_json::from_str(&jwk.to_json()).unwrap()
}

/// The public JWK of an RSA test key, restricted to RS256; `private` adds the private
/// parameters, as a confused provider might publish them.
fn rsa_jwk(k: &RsaKey, kid: Option<&str>, private: bool) -> Value {
    let mut j = jwk_value(keys::rsa_jwk(k, kid));
    j["alg"] = "RS256".into();
    j["use"] = "sig".into();
    if private {
        j["d"] = k[2].into();
        j["p"] = k[3].into();
        j["q"] = k[4].into();
    }
    j
}

fn ec_jwk(seed: u8, kid: Option<&str>) -> Value {
    jwk_value(keys::ec_jwk(seed, kid).unwrap())
}

/// A token of these header members and claims, its `alg` the signer's.
fn sign(signer: Signer, mut header: Value, claims: &Value) -> String {
    header["alg"] = signer.alg().into();
    signer.jws(&header.to_string(), &claims.to_string()).unwrap()
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
    TOKEN.get_or_init(|| sign(Signer::Rs256(&RSA_KEY_1), json!({"kid": "rs1"}), &claims())).clone()
}

fn good_es() -> String {
    sign(Signer::Es256(1), json!({"kid": "es1"}), &claims())
}

#[test]
fn control_rs256_and_es256_tokens_verify() {
    assert_eq!(verify(&good_rs(), &rs_set()).unwrap().claims.sub, "alice");
    assert_eq!(verify(&sign(Signer::Es256(1), json!({"kid": "es1"}), &claims()), &es_set()).unwrap().claims.sub, "alice");
}

#[test]
fn rp_id_token_bad_sig_rs256() {
    let forged = sign(Signer::Rs256(&RSA_KEY_2), json!({"kid": "rs1"}), &claims());
    assert_eq!(code(&forged, &rs_set()), "id_token.invalid_signature");
    // The signature of a good token moved onto other claims.
    let (good, forged) = (good_rs(), sign(Signer::Rs256(&RSA_KEY_1), json!({"kid": "rs1"}), &with(claims(), "sub", json!("mallory"))));
    let spliced = format!("{}.{}", forged.rsplit_once('.').unwrap().0, good.rsplit_once('.').unwrap().1);
    assert_eq!(code(&spliced, &rs_set()), "id_token.invalid_signature");
    assert!(verify(&good, &rs_set()).is_ok(), "control");
}

#[test]
fn rp_id_token_bad_sig_es256() {
    let forged = sign(Signer::Es256(2), json!({"kid": "es1"}), &claims());
    assert_eq!(code(&forged, &es_set()), "id_token.invalid_signature");
    assert!(verify(&sign(Signer::Es256(1), json!({"kid": "es1"}), &claims()), &es_set()).is_ok(), "control");
}

#[test]
fn rp_id_token_sig_none() {
    for header in [json!({}), json!({"kid": "rs1"})] {
        let t = sign(Signer::None, header, &claims());
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
        let t = sign(Signer::Es256(1), json!({"kid": "es1"}), &with(claims(), "iss", json!(iss)));
        assert_eq!(code(&t, &es_set()), "id_token.issuer_mismatch", "{iss}");
    }
    assert!(verify(&good_es(), &es_set()).is_ok(), "control");
}

#[test]
fn rp_id_token_aud() {
    for aud in [json!("other-app"), json!(["other-app"]), json!([]), json!("App"), json!(["other", "app "])] {
        let t = sign(Signer::Es256(1), json!({"kid": "es1"}), &with(claims(), "aud", aud.clone()));
        assert_eq!(code(&t, &es_set()), "id_token.audience_mismatch", "{aud}");
    }
    assert!(verify(&good_es(), &es_set()).is_ok(), "control");
}

#[test]
fn rp_id_token_iat() {
    let t = sign(Signer::Es256(1), json!({"kid": "es1"}), &without(claims(), "iat"));
    assert_eq!(verify(&t, &es_set()).unwrap_err(), IdTokenError::MissingClaim("iat"));
    assert!(verify(&good_es(), &es_set()).is_ok(), "control");
}

#[test]
fn rp_id_token_kid_absent_single_jwks() {
    let t = sign(Signer::Rs256(&RSA_KEY_1), json!({}), &claims());
    assert!(verify(&t, &jwks(vec![rsa_jwk(&RSA_KEY_1, None, false)])).is_ok());
    assert!(verify(&t, &rs_set()).is_ok(), "a kid on the key but none on the token");
}

/// The test plan allows either refusing a token without `kid` when there are several keys, or
/// trying each: the SDK tries each key that fits the algorithm (at most MAX_KEYS).
#[test]
fn rp_id_token_kid_absent_multiple_jwks() {
    let set = jwks(vec![rsa_jwk(&RSA_KEY_2, Some("rs2"), false), rsa_jwk(&RSA_KEY_1, Some("rs1"), false), ec_jwk(1, Some("es1"))]);
    let t = sign(Signer::Rs256(&RSA_KEY_1), json!({}), &claims());
    let pending = verifier().prepare(&t, &set).unwrap();
    assert_eq!(pending.candidate_keys().len(), 2, "only the RSA keys are candidates");
    assert!(verify(&t, &set).is_ok());
    // Signed by a key outside the set: no candidate verifies.
    let set = jwks(vec![rsa_jwk(&RSA_KEY_2, Some("rs2"), false), ec_jwk(1, Some("es1"))]);
    assert_eq!(code(&t, &set), "id_token.invalid_signature");
}

#[test]
fn rp_nonce_invalid() {
    let t = sign(Signer::Es256(1), json!({"kid": "es1"}), &with(claims(), "nonce", json!("another")));
    assert_eq!(code(&t, &es_set()), "id_token.nonce_mismatch");
    let t = sign(Signer::Es256(1), json!({"kid": "es1"}), &with(claims(), "nonce", json!(42)));
    assert_eq!(code(&t, &es_set()), "id_token.malformed_claims");
    assert!(verify(&good_es(), &es_set()).is_ok(), "control");
}

/// The SDK always sends a nonce (even in the code flow), so a sign-in ID token without one is refused.
#[test]
fn rp_nonce_unless_code_flow() {
    let t = sign(Signer::Es256(1), json!({"kid": "es1"}), &without(claims(), "nonce"));
    assert_eq!(code(&t, &es_set()), "id_token.nonce_mismatch");
    assert!(verify(&good_es(), &es_set()).is_ok(), "control");
}

#[test]
fn rp_key_rotation_op_sign_key() {
    let old = rs_set();
    let rotated = sign(Signer::Rs256(&RSA_KEY_2), json!({"kid": "rs2"}), &claims());
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
    let es = sign(Signer::Es256(1), json!({"kid": "k"}), &claims());
    let pending = verifier().prepare(&es, &set).unwrap();
    assert_eq!(pending.candidate_keys().iter().map(|k| k.kty.as_str()).collect::<Vec<_>>(), ["EC"]);
    assert!(verify(&es, &set).is_ok());
    let rs = sign(Signer::Rs256(&RSA_KEY_1), json!({"kid": "k"}), &claims());
    assert!(verify(&rs, &set).is_ok());
    // An EC token signed by another key under that kid is still refused.
    assert_eq!(code(&sign(Signer::Es256(2), json!({"kid": "k"}), &claims()), &set), "id_token.invalid_signature");
}

#[test]
fn jwks_with_private_keys_keeps_only_public_parameters() {
    let mut private_ec = ec_jwk(1, Some("es1"));
    private_ec["d"] = b64(keys::ec_key(1).unwrap().to_bytes()).into();
    let set = jwks(vec![rsa_jwk(&RSA_KEY_1, Some("rs1"), true), private_ec]);
    let stored = serde_json::to_string(&set).unwrap();
    for secret in [RSA_KEY_1[2], RSA_KEY_1[3], RSA_KEY_1[4]] {
        assert!(!stored.contains(secret), "a private parameter would be cached");
    }
    assert!(!stored.contains("\"d\""), "{stored}");
    assert!(verify(&good_rs(), &set).is_ok());
    assert!(verify(&sign(Signer::Es256(1), json!({"kid": "es1"}), &claims()), &set).is_ok());
}

#[test]
fn jwks_oct_key_and_hs256_algorithm_confusion() {
    let secret: &[u8] = b"a published HMAC secret";
    let oct = json!({"kty": "oct", "kid": "rs1", "alg": "HS256", "use": "sig", "k": b64(secret)});
    let set = jwks(vec![oct.clone(), rsa_jwk(&RSA_KEY_1, Some("rs1"), false)]);
    assert_eq!(set.keys.iter().map(|k| k.kty.as_str()).collect::<Vec<_>>(), ["RSA"], "the oct key is not kept");
    // HS256 with the published secret.
    let t = sign(Signer::Hs256(secret), json!({"kid": "rs1"}), &claims());
    assert_eq!(code(&t, &set), "id_token.algorithm_not_allowed");
    // The classic confusion: HS256 keyed with the provider's RSA public key (its JWK, or n).
    for public in [rsa_jwk(&RSA_KEY_1, Some("rs1"), false).to_string().into_bytes(), URL_SAFE_NO_PAD.decode(RSA_KEY_1[0]).unwrap()] {
        let t = sign(Signer::Hs256(Box::leak(public.into_boxed_slice())), json!({"kid": "rs1"}), &claims());
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
        let t = sign(Signer::Es256(1), json!({"kid": "es1"}), &c);
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
    let doc = |issuer: &str| ProviderMetadata { issuer: issuer.into(), ..crate::testing::metadata(ISS) }.to_json();
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
    assert_eq!(parse_code_exchange_response(&HttpResponse::new(200, padded(token.clone())), TokenType::Bearer).unwrap_err().code(), "token.invalid_response");
    assert_eq!(parse_jwks_response(&HttpResponse::new(200, padded(json!({"keys": []})))).unwrap_err().code(), "jwks.invalid_key_set");
    let userinfo = HttpResponse::new(200, padded(json!({"sub": "alice"})));
    assert_eq!(parse_userinfo_response(&userinfo, "alice").unwrap_err().code(), "userinfo.invalid_response");
    let doc: Value = serde_json::from_str(&crate::testing::metadata(ISS).to_json()).unwrap();
    assert_eq!(parse_discovery_response(&config, &HttpResponse::new(200, padded(doc.clone()))).unwrap_err().code(), "discovery.invalid_document");
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    assert_eq!(parse_code_exchange_response(&HttpResponse::new(200, deep.clone()), TokenType::Bearer).unwrap_err().code(), "token.invalid_response");
    assert_eq!(parse_jwks_response(&HttpResponse::new(200, format!("{{\"keys\":[{deep}]}}"))).unwrap_err().code(), "jwks.invalid_key_set");
    let t = sign(Signer::Es256(1), json!({"kid": "es1"}), &with(claims(), "pad", json!("x".repeat(16 * 1024))));
    assert_eq!(code(&t, &es_set()), "id_token.too_large");
    // controls
    assert!(parse_code_exchange_response(&HttpResponse::new(200, token.to_string()), TokenType::Bearer).is_ok());
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
        assert_eq!(parse_code_exchange_response(&r, TokenType::Bearer).unwrap_err().code(), "token.invalid_response", "{body:?}");
        assert_eq!(parse_jwks_response(&r).unwrap_err().code(), "jwks.invalid_key_set", "{body:?}");
        assert_eq!(parse_userinfo_response(&r, "alice").unwrap_err().code(), "userinfo.invalid_response", "{body:?}");
        assert_eq!(parse_discovery_response(&config, &r).unwrap_err().code(), "discovery.invalid_document", "{body:?}");
    }
    // Non-JSON error pages keep the HTTP status in the code.
    assert_eq!(parse_code_exchange_response(&HttpResponse::new(502, "<html>bad gateway</html>"), TokenType::Bearer).unwrap_err().code(), "token.http_error");
}

/// A key's fields with the wrong types, or a key that is not an object, is skipped, not fatal.
#[test]
fn jwks_entries_of_the_wrong_shape_are_skipped() {
    let set = jwks(vec![json!({"kty": "RSA", "n": 5}), json!(null), json!([1]), json!({"kid": "x"}), rsa_jwk(&RSA_KEY_1, Some("rs1"), false)]);
    assert_eq!(set.keys.len(), 1);
    assert!(verify(&good_rs(), &set).is_ok());
}
