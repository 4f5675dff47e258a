// Test-only module: declared as `#[cfg(test)] mod tests;` in id_token.rs.
//! Each rejection reason of the verifier, asserted by its error code, on real ES256 tokens.

#[allow(unused_imports)]
use crate::prelude::*;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::json;

use super::*;
use crate::core::config::LogtoConfig;
use crate::core::crypto_rust::RustCryptoVerifier;
use crate::core::jwk::Jwk;
use crate::testing::keys::{self, Signer};

const NOW: i64 = 1_700_000_000;
const ISS: &str = "https://logto.dev/oidc";

fn jwk(seed: u8, kid: Option<&str>) -> Jwk {
    keys::ec_jwk(seed, kid).unwrap()
}

fn sign_raw(seed: u8, header: &serde_json::Value, payload: &serde_json::Value) -> String {
    sign_text(seed, &header.to_string(), &payload.to_string())
}

fn claims() -> serde_json::Value {
    json!({"iss": ISS, "sub": "alice", "aud": "app", "exp": NOW + 3600, "iat": NOW, "nonce": "n0nce", "username": "alice", "roles": ["admin"]})
}

fn header() -> serde_json::Value {
    json!({"alg": "ES256", "kid": "k1", "typ": "JWT"})
}

fn jwks() -> JwkSet {
    JwkSet { keys: vec![jwk(1, Some("k1"))] }
}

fn verifier() -> IdTokenVerifier {
    IdTokenVerifier::new(&LogtoConfig::new("https://logto.dev", "app").validate().unwrap())
}

fn verify(token: &str) -> Result<VerifiedIdToken, IdTokenError> {
    verifier().verify(token, &jwks(), &RustCryptoVerifier, Expected::SignIn { nonce: &Nonce::from("n0nce"), max_age: None, acr: None }, NOW)
}

fn code_of(token: &str) -> &'static str {
    verify(token).unwrap_err().code().as_str()
}

fn with(mut c: serde_json::Value, key: &str, value: serde_json::Value) -> serde_json::Value {
    c[key] = value;
    c
}

fn without(mut c: serde_json::Value, key: &str) -> serde_json::Value {
    c.as_object_mut().unwrap().remove(key);
    c
}

#[test]
fn accepts_a_good_token_and_keeps_every_claim() {
    let t = verify(&sign_raw(1, &header(), &claims())).unwrap();
    assert_eq!(t.claims.sub, "alice");
    assert_eq!(t.claims.iss, ISS);
    assert_eq!(t.claims.exp, NOW + 3600);
    assert_eq!(t.claims.other["username"], "alice");
    assert_eq!(t.claims.other["roles"].to_json(), r#"["admin"]"#);
    assert!(!format!("{t:?}").contains("eyJ"), "raw token redacted in Debug");
}

#[test]
fn signature_and_structure() {
    let good = sign_raw(1, &header(), &claims());
    // payload swapped for another one: signature no longer matches
    let forged_payload = URL_SAFE_NO_PAD.encode(with(claims(), "sub", json!("mallory")).to_string());
    let parts: Vec<&str> = good.split('.').collect();
    assert_eq!(code_of(&format!("{}.{}.{}", parts[0], forged_payload, parts[2])), "id_token.invalid_signature");
    // signed by another key that claims the same kid
    assert_eq!(code_of(&sign_raw(2, &header(), &claims())), "id_token.invalid_signature");
    // truncated signature
    assert_eq!(code_of(&format!("{}.{}.{}", parts[0], parts[1], &parts[2][..20])), "id_token.invalid_signature");
    assert_eq!(code_of("a.b"), "id_token.malformed");
    assert_eq!(code_of("!!!.???.###"), "id_token.malformed");
    assert_eq!(code_of(&"a".repeat(20_000)), "id_token.too_large");
}

#[test]
fn algorithm_allow_list() {
    let none = format!("{}.{}.", URL_SAFE_NO_PAD.encode(json!({"alg": "none"}).to_string()), URL_SAFE_NO_PAD.encode(claims().to_string()));
    assert_eq!(code_of(&none), "id_token.algorithm_not_allowed");
    let hs = sign_raw(1, &json!({"alg": "HS256", "kid": "k1"}), &claims());
    assert_eq!(code_of(&hs), "id_token.algorithm_not_allowed");
    let lower = sign_raw(1, &json!({"alg": "es256", "kid": "k1"}), &claims());
    assert_eq!(code_of(&lower), "id_token.algorithm_not_allowed");
    // ES256 is valid, but this app only accepts RS256
    let mut cfg = LogtoConfig::new("https://logto.dev", "app");
    cfg.id_token_signing_algorithms = Some(vec!["RS256".into()]);
    let v = IdTokenVerifier::new(&cfg.validate().unwrap());
    let e = v.verify(
        &sign_raw(1, &header(), &claims()),
        &jwks(),
        &RustCryptoVerifier,
        Expected::SignIn { nonce: &Nonce::from("n0nce"), max_age: None, acr: None },
        NOW,
    );
    assert_eq!(e.unwrap_err().code(), "id_token.algorithm_not_allowed");
}

#[test]
fn crit_header_is_refused() {
    let t = sign_raw(1, &json!({"alg": "ES256", "kid": "k1", "crit": ["exp"], "exp": 1}), &claims());
    assert_eq!(code_of(&t), "id_token.unsupported_crit");
}

#[test]
fn key_selection() {
    assert_eq!(code_of(&sign_raw(1, &json!({"alg": "ES256", "kid": "rotated"}), &claims())), "id_token.no_matching_key");
    // no kid, single key: fine
    assert!(verify(&sign_raw(1, &json!({"alg": "ES256"}), &claims())).is_ok());
    // no kid, several keys: each candidate is tried
    let set = JwkSet { keys: vec![jwk(3, Some("a")), jwk(1, Some("b"))] };
    let t = sign_raw(1, &json!({"alg": "ES256"}), &claims());
    assert!(verifier().verify(&t, &set, &RustCryptoVerifier, Expected::SignIn { nonce: &Nonce::from("n0nce"), max_age: None, acr: None }, NOW).is_ok());
    // a key for another algorithm does not fit
    let mut k = jwk(1, Some("k1"));
    k.alg = Some("ES384".into());
    let e = verifier().verify(
        &sign_raw(1, &header(), &claims()),
        &JwkSet { keys: vec![k] },
        &RustCryptoVerifier,
        Expected::SignIn { nonce: &Nonce::from("n0nce"), max_age: None, acr: None },
        NOW,
    );
    assert_eq!(e.unwrap_err().code(), "id_token.no_matching_key");
}

#[test]
fn issuer_and_audience() {
    let h = header();
    assert_eq!(code_of(&sign_raw(1, &h, &with(claims(), "iss", json!("https://evil.dev/oidc")))), "id_token.issuer_mismatch");
    assert_eq!(code_of(&sign_raw(1, &h, &without(claims(), "iss"))), "id_token.missing_claim");
    assert_eq!(code_of(&sign_raw(1, &h, &with(claims(), "aud", json!("other-app")))), "id_token.audience_mismatch");
    assert_eq!(code_of(&sign_raw(1, &h, &without(claims(), "aud"))), "id_token.missing_claim");
    assert_eq!(code_of(&sign_raw(1, &h, &with(claims(), "aud", json!(["app", "other"])))), "id_token.azp_mismatch");
    assert!(verify(&sign_raw(1, &h, &with(with(claims(), "aud", json!(["app", "other"])), "azp", json!("app")))).is_ok());
    assert_eq!(code_of(&sign_raw(1, &h, &with(claims(), "azp", json!("other")))), "id_token.azp_mismatch");
    assert!(verify(&sign_raw(1, &h, &with(claims(), "aud", json!(["app"])))).is_ok());
}

#[test]
fn times_with_leeway() {
    let h = header();
    assert_eq!(code_of(&sign_raw(1, &h, &with(claims(), "exp", json!(NOW - 61)))), "id_token.expired");
    assert!(verify(&sign_raw(1, &h, &with(claims(), "exp", json!(NOW - 59)))).is_ok(), "within leeway");
    assert_eq!(code_of(&sign_raw(1, &h, &without(claims(), "exp"))), "id_token.missing_claim");
    assert_eq!(code_of(&sign_raw(1, &h, &with(claims(), "iat", json!(NOW + 120)))), "id_token.iat_in_future");
    assert_eq!(code_of(&sign_raw(1, &h, &without(claims(), "iat"))), "id_token.missing_claim");
    assert_eq!(code_of(&sign_raw(1, &h, &with(claims(), "nbf", json!(NOW + 120)))), "id_token.not_yet_valid");
    assert_eq!(code_of(&sign_raw(1, &h, &with(claims(), "exp", json!("tomorrow")))), "id_token.malformed_claims");
    assert_eq!(code_of(&sign_raw(1, &h, &with(claims(), "exp", json!(1e300)))), "id_token.malformed_claims");
    // extreme but representable times must not panic (no unchecked date arithmetic)
    assert!(verify(&sign_raw(1, &h, &with(claims(), "nbf", json!(-8_000_000_000_000i64)))).is_ok());
    assert_eq!(code_of(&sign_raw(1, &h, &with(claims(), "iat", json!(i64::MAX)))), "id_token.malformed_claims");
}

#[test]
fn nonce_and_subject() {
    let h = header();
    assert_eq!(code_of(&sign_raw(1, &h, &with(claims(), "nonce", json!("other")))), "id_token.nonce_mismatch");
    assert_eq!(code_of(&sign_raw(1, &h, &without(claims(), "nonce"))), "id_token.nonce_mismatch");
    assert_eq!(code_of(&sign_raw(1, &h, &without(claims(), "sub"))), "id_token.missing_claim");
    assert_eq!(code_of(&sign_raw(1, &h, &with(claims(), "sub", json!("")))), "id_token.missing_claim");
    assert_eq!(code_of(&sign_raw(1, &h, &with(claims(), "sub", json!(42)))), "id_token.malformed_claims");
}

#[test]
fn refreshed_tokens_keep_subject_and_issuer() {
    let original = verify(&sign_raw(1, &header(), &claims())).unwrap().claims;
    let v = verifier();
    let refresh = |c: serde_json::Value| v.verify(&sign_raw(1, &header(), &c), &jwks(), &RustCryptoVerifier, Expected::Refresh { original: &original }, NOW);
    assert!(refresh(without(claims(), "nonce")).is_ok());
    assert!(refresh(claims()).is_ok());
    assert_eq!(refresh(with(claims(), "sub", json!("mallory"))).unwrap_err().code(), "id_token.subject_changed");
    assert_eq!(refresh(with(claims(), "iss", json!("https://evil/oidc"))).unwrap_err().code(), "id_token.issuer_mismatch");
    assert_eq!(refresh(with(claims(), "nonce", json!("other"))).unwrap_err().code(), "id_token.nonce_mismatch");
}

#[test]
fn renewal_tokens_need_the_nonce_and_the_same_subject() {
    let original = verify(&sign_raw(1, &header(), &claims())).unwrap().claims;
    let v = verifier();
    let nonce = Nonce::from("n0nce");
    let renew = |c: serde_json::Value| {
        v.verify(&sign_raw(1, &header(), &c), &jwks(), &RustCryptoVerifier, Expected::Renewal { nonce: &nonce, original: &original }, NOW)
    };
    assert!(renew(claims()).is_ok());
    assert_eq!(renew(without(claims(), "nonce")).unwrap_err().code(), "id_token.nonce_mismatch");
    assert_eq!(renew(with(claims(), "nonce", json!("other"))).unwrap_err().code(), "id_token.nonce_mismatch");
    assert_eq!(renew(with(claims(), "sub", json!("mallory"))).unwrap_err().code(), "id_token.subject_changed");
    assert_eq!(renew(with(claims(), "iss", json!("https://evil/oidc"))).unwrap_err().code(), "id_token.issuer_mismatch");
}

#[test]
fn async_verdict_path() {
    let token = sign_raw(1, &header(), &claims());
    let v = verifier();
    let pending = v.prepare(&token, &jwks()).unwrap();
    assert_eq!(pending.candidate_keys().len(), 1);
    assert_eq!(pending.signing_input(), token.rsplit_once('.').unwrap().0.as_bytes());
    let e = v.validate(pending.with_verdict(false), Expected::SignIn { nonce: &Nonce::from("n0nce"), max_age: None, acr: None }, NOW).unwrap_err();
    assert_eq!(e.code(), "id_token.invalid_signature");
    let pending = v.prepare(&token, &jwks()).unwrap();
    assert!(v.validate(pending.with_verdict(true), Expected::SignIn { nonce: &Nonce::from("n0nce"), max_age: None, acr: None }, NOW).is_ok());
}

/// Found by fuzzing (fuzz/fuzz_targets/id_token.rs): RFC 7519 NumericDates may be fractional.
/// The verifier accepted `"iat": 17000000.0`, but the stored session's decoder wanted an
/// integer, so a reload dropped the session as corrupt: the user was signed out.
#[test]
fn fractional_numeric_dates_survive_storage() {
    let c = with(with(claims(), "iat", json!(NOW as f64 - 0.5)), "exp", json!(NOW as f64 + 3600.9));
    let t = verify(&sign_raw(1, &header(), &c)).unwrap();
    assert_eq!((t.claims.iat, t.claims.exp), (NOW - 1, NOW + 3600), "truncated, as jwt-compact does");
    let stored = decode_stored_id_token(t.raw.expose()).expect("decodes from storage");
    assert_eq!((stored.iat, stored.exp, &stored.sub), (t.claims.iat, t.claims.exp, &t.claims.sub));
    let payload = |c: serde_json::Value| format!("e30.{}.c2ln", URL_SAFE_NO_PAD.encode(c.to_string()));
    for bad in [json!("1700000000"), json!(1e300), json!(null), json!(u64::MAX)] {
        assert_eq!(decode_stored_id_token(&payload(with(claims(), "exp", bad.clone()))).unwrap_err().code(), "id_token.malformed_claims", "{bad}");
    }
}

/// Signs header and payload given as JSON text (for texts serde_json cannot produce).
fn sign_text(seed: u8, header: &str, payload: &str) -> String {
    Signer::Es256(seed).jws(header, payload).unwrap()
}

#[test]
fn ambiguous_headers_and_claims_are_refused() {
    let payload = claims().to_string();
    // A member twice: two readers could see two different tokens (RFC 7515 §5.2).
    assert_eq!(code_of(&sign_text(1, r#"{"alg":"ES256","kid":"k1","alg":"none"}"#, &payload)), "id_token.malformed");
    assert_eq!(code_of(&sign_text(1, r#"{"alg":"ES256","kid":"k1","kid":"k2"}"#, &payload)), "id_token.malformed");
    let twice = payload.replacen(r#""sub":"alice""#, r#""sub":"alice","sub":"mallory""#, 1);
    assert_ne!(twice, payload);
    assert_eq!(code_of(&sign_text(1, r#"{"alg":"ES256","kid":"k1"}"#, &twice)), "id_token.malformed_claims");
    // A nested JWT carries a token, not claims.
    assert_eq!(code_of(&sign_text(1, r#"{"alg":"ES256","kid":"k1","cty":"JWT"}"#, &payload)), "id_token.malformed");
    // Registered header members of the wrong type.
    assert_eq!(code_of(&sign_text(1, r#"{"alg":"ES256","kid":5}"#, &payload)), "id_token.malformed");
    assert_eq!(code_of(&sign_text(1, r#"{"alg":"ES256","kid":"k1","typ":1}"#, &payload)), "id_token.malformed");
    // The signature is checked before the claims are read: a bad signature over malformed
    // claims is an invalid signature.
    assert_eq!(code_of(&sign_text(2, r#"{"alg":"ES256","kid":"k1"}"#, r#"{"exp":"soon"}"#)), "id_token.invalid_signature");
    assert_eq!(code_of(&sign_text(1, r#"{"alg":"ES256","kid":"k1"}"#, r#"{"exp":"soon"}"#)), "id_token.malformed_claims");
    // control
    assert!(verify(&sign_text(1, r#"{"alg":"ES256","kid":"k1","cty":"json"}"#, &payload)).is_ok());
}

#[test]
fn stored_tokens_decode_with_the_verifier_s_claims_reader() {
    let raw = sign_raw(1, &header(), &with(claims(), "exp", json!((NOW + 3600) as f64 + 0.75)));
    let verified = verify(&raw).unwrap();
    let stored = decode_stored_id_token(&raw).unwrap();
    assert_eq!(stored, verified.claims);
    assert_eq!(stored.exp, NOW + 3600, "a fractional NumericDate is truncated, both ways");
    assert_eq!(decode_stored_id_token("a.b").unwrap_err().code(), "id_token.malformed");
}

#[test]
fn explicit_typing() {
    let payload = claims().to_string();
    let typ = |t: &str| code_of(&sign_text(1, &format!(r#"{{"alg":"ES256","kid":"k1","typ":"{t}"}}"#), &payload));
    // Another kind of token signed by the same key must not pass for an ID token (RFC 8725 §3.11).
    for other in ["at+jwt", "application/at+jwt", "logout+jwt", "JOSE", "jwt+x", ""] {
        assert_eq!(typ(other), "id_token.unexpected_type", "{other}");
    }
    // `JWT` in any case, with or without `application/`, and no `typ` at all, are ID tokens.
    for ok in ["JWT", "jwt", "application/jwt", "Application/JWT"] {
        assert!(verify(&sign_text(1, &format!(r#"{{"alg":"ES256","kid":"k1","typ":"{ok}"}}"#), &payload)).is_ok(), "{ok}");
    }
    assert!(verify(&sign_text(1, r#"{"alg":"ES256","kid":"k1"}"#, &payload)).is_ok());
}

/// Issue #16: the claims object keeps the provider's member order (apps show it as a table),
/// with the typed values (`exp` as whole seconds).
#[test]
fn the_claims_object_keeps_the_providers_order() {
    let payload = r#"{"sub":"alice","name":"Alice","at_hash":"x","aud":"app","exp":1700003600.5,"iat":1700000000,"iss":"https://logto.dev/oidc","username":"al","nonce":"n"}"#;
    let raw = [r#"{"alg":"ES256"}"#, payload, "sig"].map(|s| URL_SAFE_NO_PAD.encode(s)).join(".");
    let claims = decode_stored_id_token(&raw).unwrap();
    let sent = decode_stored_claims_set(&raw).unwrap();
    let ordered = claims.to_object_ordered_as(&sent);
    let names: Vec<&str> = ordered.iter().map(|(k, _)| k).collect();
    assert_eq!(names, ["sub", "name", "at_hash", "aud", "exp", "iat", "iss", "username", "nonce"]);
    assert_eq!(
        ordered.to_json(),
        r#"{"sub":"alice","name":"Alice","at_hash":"x","aud":"app","exp":1700003600,"iat":1700000000,"iss":"https://logto.dev/oidc","username":"al","nonce":"n"}"#
    );
    // The typed view puts the standard claims first.
    assert_eq!(claims.to_object().iter().next().map(|(k, _)| k), Some("iss"));
    assert!(matches!(decode_stored_claims_set("a.b"), Err(IdTokenError::Malformed(_))));
}

/// Issue #15, step-up: with `max_age` the token must carry a recent enough `auth_time` (OIDC Core
/// §3.1.2.1, §3.1.3.7 step 13); with a required `acr`, one of the requested values (step 12).
#[test]
fn step_up_checks_auth_time_and_acr() {
    let check = |c: serde_json::Value, max_age: Option<u64>, acr: Option<&str>| {
        verifier().verify(&sign_raw(1, &header(), &c), &jwks(), &RustCryptoVerifier, Expected::SignIn { nonce: &Nonce::from("n0nce"), max_age, acr }, NOW)
    };
    let code = |r: Result<VerifiedIdToken, IdTokenError>| r.unwrap_err().code();
    // Without step-up, neither claim is needed.
    assert!(check(claims(), None, None).is_ok());
    // max_age: auth_time required and recent enough (the leeway, 60 s, applies).
    assert_eq!(check(claims(), Some(300), None).unwrap_err(), IdTokenError::MissingClaim("auth_time"));
    assert!(check(with(claims(), "auth_time", json!(NOW - 300)), Some(300), None).is_ok());
    assert!(check(with(claims(), "auth_time", json!(NOW - 360)), Some(300), None).is_ok(), "within the leeway");
    assert_eq!(code(check(with(claims(), "auth_time", json!(NOW - 361)), Some(300), None)), "id_token.auth_time_too_old");
    assert_eq!(code(check(with(claims(), "auth_time", json!(NOW - 61)), Some(0), None)), "id_token.auth_time_too_old");
    assert_eq!(code(check(with(claims(), "auth_time", json!("yesterday")), Some(300), None)), "id_token.malformed_claims");
    // acr: one of the required values, exactly.
    let acr = |v: serde_json::Value| with(claims(), "acr", v);
    assert!(check(acr(json!("urn:mfa")), None, Some("urn:pwd urn:mfa")).is_ok());
    assert_eq!(code(check(acr(json!("urn:pwd")), None, Some("urn:mfa"))), "id_token.acr_not_requested");
    assert_eq!(code(check(claims(), None, Some("urn:mfa"))), "id_token.acr_not_requested");
    assert_eq!(code(check(acr(json!("urn")), None, Some("urn:mfa"))), "id_token.acr_not_requested", "no prefix match");
    // Both, in the specification's order: acr before auth_time.
    assert_eq!(code(check(with(acr(json!("x")), "auth_time", json!(0)), Some(1), Some("urn:mfa"))), "id_token.acr_not_requested");
    // Refreshes are not step-up: no auth_time or acr needed.
    let original = verify(&sign_raw(1, &header(), &claims())).unwrap().claims;
    assert!(verifier().verify(&sign_raw(1, &header(), &claims()), &jwks(), &RustCryptoVerifier, Expected::Refresh { original: &original }, NOW).is_ok());
}
