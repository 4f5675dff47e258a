//! WebCrypto signature verification in a real browser, against ID tokens made by an
//! independent implementation (`jose` on Node, see `scripts/make-test-tokens.mjs`, whose
//! output is `tests/fixtures/webcrypto-tokens.json`).
//!
//! Run: `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test 'browser_*'`
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use base64::Engine;
use serde::Deserialize;
use wasm_bindgen_test::*;

use logto_wasm::browser::{check_signature, verify_jws_signature};
use logto_wasm::core::config::LogtoConfig;
use logto_wasm::core::id_token::{Expected, IdTokenError, IdTokenVerifier, VerifiedIdToken};
use logto_wasm::core::jwk::{Jwk, JwkSet};
use logto_wasm::core::jws::JwsAlgorithm;
use logto_wasm::core::ErrorInfo;

wasm_bindgen_test_configure!(run_in_browser);

const FIXTURES: &str = include_str!("fixtures/webcrypto-tokens.json");
/// The `now` of every full-path check: 100 s after the tokens' `iat`.
const NOW: i64 = 1_700_000_100;

#[derive(Debug, Deserialize)]
struct Fixtures {
    algorithms: BTreeMap<String, AlgorithmFixture>,
}

#[derive(Debug, Deserialize)]
struct AlgorithmFixture {
    kid: String,
    jwks: JwkSet,
    other_jwk: Jwk,
    token: String,
    /// `payload`, `other_key`, `flipped`.
    tampered: BTreeMap<String, String>,
}

fn fixtures() -> Fixtures {
    serde_json::from_str(FIXTURES).expect("tests/fixtures/webcrypto-tokens.json is valid")
}

fn fixture(alg: JwsAlgorithm) -> AlgorithmFixture {
    let mut all = fixtures();
    let f = all.algorithms.remove(alg.name()).unwrap_or_else(|| panic!("no fixture for {}", alg.name()));
    assert_eq!(f.jwks.keys.len(), 1, "{}: one key per JWKS", alg.name());
    assert_eq!(f.tampered.len(), 3, "{}: three tampered variants", alg.name());
    f
}

/// (signing input, decoded signature) of a compact JWS.
fn split(token: &str) -> (&[u8], Vec<u8>) {
    let (input, sig) = token.rsplit_once('.').expect("compact JWS");
    let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(sig).expect("base64url signature");
    (input.as_bytes(), sig)
}

async fn verifies(alg: JwsAlgorithm, key: &Jwk, token: &str) -> bool {
    let (input, sig) = split(token);
    verify_jws_signature(alg, key, input, &sig).await.expect("crypto.subtle is available on the test page")
}

/// The SDK's whole path for a sign-in ID token: prepare (parse, allow-list, key selection) →
/// WebCrypto over the candidate keys → validate (signature verdict, then claims).
async fn verify_id_token(token: &str, jwks: &JwkSet) -> Result<VerifiedIdToken, IdTokenError> {
    let config = LogtoConfig::new("https://logto.dev", "app").validate().expect("valid config");
    let verifier = IdTokenVerifier::new(&config);
    let pending = verifier.prepare(token, jwks)?;
    assert!(!pending.candidate_keys().is_empty());
    let checked = check_signature(pending).await.expect("crypto.subtle");
    verifier.validate(checked, Expected::SignIn { nonce: &logto_wasm::core::Nonce::from("n0nce"), max_age: None, acr: None }, NOW)
}

async fn check_signatures(alg: JwsAlgorithm) {
    let f = fixture(alg);
    let key = &f.jwks.keys[0];
    assert_eq!(key.kid.as_deref(), Some(f.kid.as_str()));
    assert_eq!(key.alg.as_deref(), Some(alg.name()));
    assert!(verifies(alg, key, &f.token).await, "{}: the good token must verify", alg.name());
    for (name, token) in &f.tampered {
        assert!(!verifies(alg, key, token).await, "{}: tampered token `{name}` must not verify", alg.name());
    }
    // The other key (same kid) verifies neither the good token nor anything signed by ours.
    assert!(!verifies(alg, &f.other_jwk, &f.token).await, "{}: another key must not verify the good token", alg.name());
    // ... but it does verify what it signed itself: the tampered token is well formed, only its key is wrong.
    assert!(verifies(alg, &f.other_jwk, &f.tampered["other_key"]).await, "{}: the other key verifies its own token", alg.name());
}

async fn check_full_path(alg: JwsAlgorithm) {
    let f = fixture(alg);
    let verified = verify_id_token(&f.token, &f.jwks).await.unwrap_or_else(|e| panic!("{}: good token refused: {} ({e})", alg.name(), e.code()));
    assert_eq!(verified.claims.iss, "https://logto.dev/oidc");
    assert_eq!(verified.claims.sub, "alice");
    assert_eq!(verified.claims.aud.as_slice(), ["app"]);
    assert_eq!(verified.claims.nonce.as_deref(), Some("n0nce"));
    assert_eq!(verified.claims.iat, 1_700_000_000);
    assert_eq!(verified.claims.exp, 4_102_444_800);
    assert_eq!(verified.raw.expose(), f.token);
    for (name, token) in &f.tampered {
        let e = verify_id_token(token, &f.jwks).await.expect_err(&format!("{}: tampered token `{name}` accepted", alg.name()));
        assert_eq!(e.code(), "id_token.invalid_signature", "{}: tampered token `{name}`: {e}", alg.name());
    }
}

macro_rules! algorithm_tests {
    ($($alg:ident: $sig:ident, $full:ident;)+) => {$(
        #[wasm_bindgen_test]
        async fn $sig() {
            check_signatures(JwsAlgorithm::$alg).await;
        }
        #[wasm_bindgen_test]
        async fn $full() {
            check_full_path(JwsAlgorithm::$alg).await;
        }
    )+};
}

algorithm_tests! {
    ES256: es256_signatures, es256_id_token_full_path;
    ES384: es384_signatures, es384_id_token_full_path;
    ES512: es512_signatures, es512_id_token_full_path;
    RS256: rs256_signatures, rs256_id_token_full_path;
    PS256: ps256_signatures, ps256_id_token_full_path;
    EdDSA: eddsa_signatures, eddsa_id_token_full_path;
}

#[wasm_bindgen_test]
fn fixtures_cover_every_supported_algorithm() {
    let f = fixtures();
    let names: Vec<&str> = f.algorithms.keys().map(String::as_str).collect();
    let mut expected: Vec<&str> = JwsAlgorithm::ALL.iter().map(|a| a.name()).collect();
    expected.sort_unstable();
    assert_eq!(names, expected);
}

#[wasm_bindgen_test]
async fn a_key_for_the_wrong_curve_does_not_verify() {
    let es256 = fixture(JwsAlgorithm::ES256);
    let es384 = fixture(JwsAlgorithm::ES384);
    let es512 = fixture(JwsAlgorithm::ES512);
    let p256 = &es256.jwks.keys[0];
    let p384 = &es384.jwks.keys[0];

    // A real P-384 key asked to check an ES256 signature, and the other way round.
    assert!(!verifies(JwsAlgorithm::ES256, p384, &es256.token).await);
    assert!(!verifies(JwsAlgorithm::ES384, p256, &es384.token).await);
    // P-256 coordinates labelled as another curve: WebCrypto refuses to import them.
    for crv in ["P-384", "P-521", "secp256k1", "Ed25519", ""] {
        let relabelled = Jwk { crv: Some(crv.into()), ..p256.clone() };
        assert!(!verifies(JwsAlgorithm::ES256, &relabelled, &es256.token).await, "P-256 key labelled {crv:?}");
    }
    // A P-521 key with ES256, and an ES512 signature under a P-256 key.
    assert!(!verifies(JwsAlgorithm::ES256, &es512.jwks.keys[0], &es256.token).await);
    assert!(!verifies(JwsAlgorithm::ES512, p256, &es512.token).await);
    // An Ed25519 key relabelled as X25519 (a key-agreement curve) does not verify EdDSA.
    let eddsa = fixture(JwsAlgorithm::EdDSA);
    let x25519 = Jwk { crv: Some("X25519".into()), ..eddsa.jwks.keys[0].clone() };
    assert!(!verifies(JwsAlgorithm::EdDSA, &x25519, &eddsa.token).await);

    // In the full path the core does not even offer a wrong-curve key as a candidate.
    let wrong_set = JwkSet { keys: vec![Jwk { kid: Some(es256.kid.clone()), alg: None, ..p384.clone() }] };
    let e = verify_id_token(&es256.token, &wrong_set).await.expect_err("wrong-curve key accepted");
    assert_eq!(e.code(), "id_token.no_matching_key");
}

#[wasm_bindgen_test]
async fn a_key_of_another_type_or_algorithm_does_not_verify() {
    let rs256 = fixture(JwsAlgorithm::RS256);
    let ps256 = fixture(JwsAlgorithm::PS256);
    let es256 = fixture(JwsAlgorithm::ES256);
    let eddsa = fixture(JwsAlgorithm::EdDSA);
    // RSA: PKCS#1 v1.5 and PSS signatures are not interchangeable, even under the right key.
    let rsa_key_of_ps = &ps256.jwks.keys[0];
    let (input, sig) = split(&ps256.token);
    assert!(!verify_jws_signature(JwsAlgorithm::RS256, rsa_key_of_ps, input, &sig).await.unwrap());
    let (input, sig) = split(&rs256.token);
    assert!(!verify_jws_signature(JwsAlgorithm::PS256, &rs256.jwks.keys[0], input, &sig).await.unwrap());
    // Key type mismatch: an EC key for RS256, an RSA key for ES256, an EC key for EdDSA.
    assert!(!verifies(JwsAlgorithm::RS256, &es256.jwks.keys[0], &rs256.token).await);
    assert!(!verifies(JwsAlgorithm::ES256, &rs256.jwks.keys[0], &es256.token).await);
    assert!(!verifies(JwsAlgorithm::EdDSA, &es256.jwks.keys[0], &eddsa.token).await);
    // Garbage key material imports as nothing and verifies nothing.
    let garbage = Jwk { x: Some("AAAA".into()), y: Some("!!".into()), ..es256.jwks.keys[0].clone() };
    assert!(!verifies(JwsAlgorithm::ES256, &garbage, &es256.token).await);
    // Empty and truncated signatures are refused, not errors.
    let key = &es256.jwks.keys[0];
    let (input, sig) = split(&es256.token);
    assert!(!verify_jws_signature(JwsAlgorithm::ES256, key, input, &[]).await.unwrap());
    assert!(!verify_jws_signature(JwsAlgorithm::ES256, key, input, &sig[..32]).await.unwrap());
}

#[wasm_bindgen_test]
async fn several_candidate_keys_the_right_one_second() {
    // A provider that reuses a kid across a rotation: both keys are candidates, ours second.
    let es256 = fixture(JwsAlgorithm::ES256);
    let set = JwkSet { keys: vec![es256.other_jwk.clone(), es256.jwks.keys[0].clone()] };
    let verified = verify_id_token(&es256.token, &set).await.expect("the second candidate verifies");
    assert_eq!(verified.claims.sub, "alice");
    let only_other = JwkSet { keys: vec![es256.other_jwk.clone()] };
    assert_eq!(verify_id_token(&es256.token, &only_other).await.unwrap_err().code(), "id_token.invalid_signature");
}

/// Replaces `crypto.subtle.importKey` for `algorithm` with one that rejects as a browser without
/// it does (`NotSupportedError`); returns the original to restore.
fn unsupport(algorithm: &str) -> wasm_bindgen::JsValue {
    let patch = js_sys::Function::new_with_args(
        "name",
        "const subtle = globalThis.crypto.subtle; const original = subtle.importKey;
         subtle.importKey = function (format, key, alg, ...rest) {
           const algName = typeof alg === 'string' ? alg : alg.name;
           if (algName === name) return Promise.reject(new DOMException(name + ' is not supported', 'NotSupportedError'));
           return original.call(subtle, format, key, alg, ...rest);
         };
         return original;",
    );
    patch.call1(&wasm_bindgen::JsValue::NULL, &wasm_bindgen::JsValue::from_str(algorithm)).expect("patch importKey")
}

fn restore(original: &wasm_bindgen::JsValue) {
    let subtle = js_sys::Reflect::get(&js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).unwrap(), &"subtle".into()).unwrap();
    js_sys::Reflect::set(&subtle, &"importKey".into(), original).unwrap();
}

/// A browser whose WebCrypto lacks the token's algorithm (Ed25519 before Chrome 137) cannot check
/// the signature: that is `crypto.unsupported_algorithm`, not a forged token. A signature WebCrypto
/// did evaluate and found wrong stays `id_token.invalid_signature`.
#[wasm_bindgen_test]
async fn an_unsupported_algorithm_is_not_a_forgery() {
    let eddsa = fixture(JwsAlgorithm::EdDSA);
    let config = LogtoConfig::new("https://logto.dev", "app").validate().expect("valid config");
    let verifier = IdTokenVerifier::new(&config);
    let (input, sig) = split(&eddsa.token);

    let original = unsupport("Ed25519");
    let direct = verify_jws_signature(JwsAlgorithm::EdDSA, &eddsa.jwks.keys[0], input, &sig).await;
    let full = check_signature(verifier.prepare(&eddsa.token, &eddsa.jwks).expect("prepared")).await.map(|_| ());
    let tampered = check_signature(verifier.prepare(&eddsa.tampered["payload"], &eddsa.jwks).expect("prepared")).await.map(|_| ());
    restore(&original);

    assert_eq!(direct.unwrap_err().code(), "crypto.unsupported_algorithm");
    assert_eq!(full.unwrap_err().code(), "crypto.unsupported_algorithm");
    assert_eq!(tampered.unwrap_err().code(), "crypto.unsupported_algorithm", "not evaluated, so not called forged");
    // With the algorithm supported again: the same tokens, evaluated.
    assert!(verify_id_token(&eddsa.token, &eddsa.jwks).await.is_ok());
    assert_eq!(verify_id_token(&eddsa.tampered["payload"], &eddsa.jwks).await.unwrap_err().code(), "id_token.invalid_signature");
}

/// Without `crypto.subtle` (an insecure context, or an environment without WebCrypto) no
/// signature can be checked: `crypto.subtle_unavailable`, not a forged token.
#[wasm_bindgen_test]
async fn no_subtle_crypto_is_a_typed_error() {
    let es256 = fixture(JwsAlgorithm::ES256);
    let config = LogtoConfig::new("https://logto.dev", "app").validate().expect("valid config");
    let verifier = IdTokenVerifier::new(&config);
    let hide = js_sys::Function::new_no_args("Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined, configurable: true });");
    hide.call0(&wasm_bindgen::JsValue::NULL).expect("hide crypto.subtle");
    let result = check_signature(verifier.prepare(&es256.token, &es256.jwks).expect("prepared")).await.map(|_| ());
    js_sys::Function::new_no_args("delete globalThis.crypto.subtle;").call0(&wasm_bindgen::JsValue::NULL).expect("restore");
    assert_eq!(result.unwrap_err().code().as_str(), "crypto.subtle_unavailable");
    assert!(verify_id_token(&es256.token, &es256.jwks).await.is_ok(), "available again");
}

/// The PKCE code challenge as the browser computes it (WebCrypto's SHA-256): RFC 7636 appendix B
/// and the vectors of Logto's own SDK tests (non-ASCII included, though verifiers are ASCII).
#[wasm_bindgen_test]
async fn pkce_challenge_from_webcrypto_sha256() {
    use logto_wasm::browser::sha256;
    use logto_wasm::core::pkce::s256_challenge;
    let cases = [
        ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
        ("tO6MabnMFRAatnlMa1DdSstypzzkgalL1-k8Hr_GdfTj-VXGiEACqAkSkDhFuAuD8FOU8lMishaXjt29Xt2Oww", "0K3SLeGlNNzFswYJjcVzcN4C76m_8NZORxFJLBJWGwg"),
        ("Á", "p3yvZiKYauPicLIDZ0W1peDz4Z9KFC-9uxtDfoO1KOQ"),
        ("🚀", "67wLKHDrMj8rbP-lxJPO74GufrNq_HPU4DZzAWMdrsU"),
    ];
    for (verifier, challenge) in cases {
        assert_eq!(s256_challenge(&sha256(verifier.as_bytes()).await.unwrap()), challenge, "{verifier}");
    }
}
