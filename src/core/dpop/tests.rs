// Test-only module: declared as `#[cfg(test)] mod tests;` in dpop.rs.

use super::*;
#[allow(unused_imports)]
use crate::prelude::*;

use crate::core::json::parse_object;

// The RFC 7638 §3.1-style P-256 key of RFC 9449 §4.1's example proof.
const JWK: &str = r#"{"kty":"EC","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA","crv":"P-256"}"#;

fn key() -> DpopPublicKey {
    DpopPublicKey::from_jwk(&parse_object(JWK.as_bytes()).unwrap()).unwrap()
}

fn segment(jwt: &str, i: usize) -> serde_json::Value {
    serde_json::from_slice(&base64url::decode(jwt.split('.').nth(i).unwrap()).unwrap()).unwrap()
}

#[test]
fn the_proof_names_the_request_and_the_key() {
    let claims =
        ProofClaims { method: "POST", url: "https://server.example.com/token?x=1#f", iat: 1_562_262_616, jti: "e1j3V_bKic8-LAEB", nonce: None, ath: None };
    let input = proof_signing_input(&key(), &claims);
    let header = segment(&input, 0);
    assert_eq!(header["typ"], "dpop+jwt");
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["jwk"], serde_json::from_str::<serde_json::Value>(JWK).unwrap());
    assert_eq!(
        segment(&input, 1),
        serde_json::json!({"jti": "e1j3V_bKic8-LAEB", "htm": "POST", "htu": "https://server.example.com/token", "iat": 1_562_262_616})
    );
    // With a nonce and the token's hash.
    let input = proof_signing_input(
        &key(),
        &ProofClaims { method: "GET", nonce: Some("eyJ7S_zG.eyJH0-Z.HX4w-7v"), ath: Some("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"), ..claims },
    );
    let payload = segment(&input, 1);
    assert_eq!(payload["htm"], "GET");
    assert_eq!(payload["nonce"], "eyJ7S_zG.eyJH0-Z.HX4w-7v");
    assert_eq!(payload["ath"], "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
    let jwt = proof_jwt(&input, &[7u8; 64]);
    assert_eq!(jwt.split('.').count(), 3);
    assert_eq!(base64url::decode(jwt.rsplit('.').next().unwrap()).unwrap(), vec![7u8; 64]);
    assert!(jwt.starts_with(&input));
}

#[test]
fn the_thumbprint_input_is_rfc_7638s() {
    // RFC 7638 §3.3: required members only, in lexicographic order, no whitespace.
    assert_eq!(
        key().to_jwk_json(),
        r#"{"crv":"P-256","kty":"EC","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}"#
    );
}

// The SHA-256 of the browser build is WebCrypto's; natively `sha2` comes with `rust-crypto`.
#[cfg(feature = "rust-crypto")]
#[test]
fn the_thumbprint_of_rfc_9449s_example_key() {
    use sha2::Digest;
    assert_eq!(base64url::encode(&sha2::Sha256::digest(key().to_jwk_json().as_bytes())), "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");
}

#[test]
fn only_public_p256_keys_are_taken() {
    let read = |json: &str| DpopPublicKey::from_jwk(&parse_object(json.as_bytes()).unwrap());
    assert!(read(JWK).is_ok());
    for bad in [
        JWK.replace("P-256", "P-384"),
        JWK.replace(r#""kty":"EC""#, r#""kty":"RSA""#),
        JWK.replace(r#""crv":"P-256""#, r#""crv":"P-256","d":"secret""#),
        JWK.replace("l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs", "l8tFrhx"),
        JWK.replace("l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs", "l8tFrhx+34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs"),
        r#"{"kty":"EC","crv":"P-256"}"#.to_owned(),
    ] {
        assert!(read(&bad).is_err(), "{bad}");
    }
}

#[test]
fn proofs_name_a_method_and_an_absolute_url() {
    assert!(is_proof_target("GET", "https://api.example.com/x?y=1"));
    assert!(is_proof_target("PATCH", "http://localhost:3000/x"));
    for (method, url) in [
        ("get", "https://a.example/"),
        ("", "https://a.example/"),
        ("G ET", "https://a.example/"),
        ("GET", "/relative"),
        ("GET", "javascript:alert(1)"),
        ("GET", "https://a.example/\n"),
    ] {
        assert!(!is_proof_target(method, url), "{method} {url}");
    }
}

#[test]
fn htu_leaves_out_query_and_fragment() {
    assert_eq!(htu("https://a.example/token"), "https://a.example/token");
    assert_eq!(htu("https://a.example/me?x=1&y=2"), "https://a.example/me");
    assert_eq!(htu("https://a.example/me#frag"), "https://a.example/me");
    assert_eq!(htu("https://a.example/me?x=1#frag"), "https://a.example/me");
}

#[test]
fn a_nonce_is_retried_once_on_400_or_401() {
    let with = |status: u16, nonce: Option<&str>| HttpResponse { dpop_nonce: nonce.map(str::to_owned), ..HttpResponse::new(status, "{}") };
    assert_eq!(nonce_to_retry_with(&with(400, Some("n1")), None), Some("n1"));
    assert_eq!(nonce_to_retry_with(&with(401, Some("n1")), None), Some("n1"));
    assert_eq!(nonce_to_retry_with(&with(400, Some("n2")), Some("n1")), Some("n2"), "a new nonce");
    assert_eq!(nonce_to_retry_with(&with(400, Some("n1")), Some("n1")), None, "the nonce it refused already");
    assert_eq!(nonce_to_retry_with(&with(400, None), None), None);
    assert_eq!(nonce_to_retry_with(&with(200, Some("n1")), None), None, "a success is not retried");
    assert_eq!(nonce_to_retry_with(&with(500, Some("n1")), None), None);
    assert_eq!(nonce_to_retry_with(&with(400, Some("")), None), None);
    assert_eq!(nonce_to_retry_with(&with(400, Some(&"n".repeat(2000))), None), None, "an oversized nonce");
}
