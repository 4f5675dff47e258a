//! Callback URL handling: `parse_callback` against a fixed pending sign-in, `is_callback_url`,
//! and the URL helpers (`split_url`, `check_secure_url`, `query_pairs`, `remove_query_params`,
//! `append_query`, `without_query`); `query_pairs` and `form_encode` against the `form_urlencoded`
//! crate (the reference: the same pairs and the same encoding).
//!
//! Input: byte 0 = flags (bit 0: the provider promised `iss`; bit 1: check against a redirect URI
//! in `is_callback_url`), the rest = the URL (lossy UTF-8).
#![no_main]

use libfuzzer_sys::fuzz_target;
use logto_wasm::core::callback::{is_callback_url, parse_callback, SignInTransaction, TRANSACTION_VERSION};
use logto_wasm::core::url::{append_query, check_secure_url, form_encode, query_pairs, remove_query_params, split_url, without_query};
use logto_wasm::core::{CodeVerifier, ErrorInfo};

const REDIRECT: &str = "https://app.example.com/callback";

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let url = String::from_utf8_lossy(rest);
    let txn = SignInTransaction {
        v: TRANSACTION_VERSION,
        state: "st4te".into(),
        nonce: "n0nce".into(),
        code_verifier: CodeVerifier::new("v".repeat(43)),
        redirect_uri: REDIRECT.into(),
        post_redirect_uri: None,
        issuer: "https://logto.dev/oidc".into(),
        iss_required: flags & 1 != 0,
        created_at: 1_000,
        max_age: None,
        required_acr: None,
    };
    let reference: Vec<(String, String)> = form_urlencoded::parse(url.as_bytes()).into_owned().collect();
    assert_eq!(query_pairs(&url), reference);
    let encoded = form_encode(reference.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert_eq!(encoded, form_urlencoded::Serializer::new(String::new()).extend_pairs(&reference).finish());
    let redirect = (flags & 2 != 0).then_some(REDIRECT);
    let looks_like_callback = is_callback_url(&url, redirect);
    match parse_callback(&url, &txn) {
        Ok(code) => {
            assert!(!code.expose().is_empty());
            assert!(is_callback_url(&url, Some(REDIRECT)), "an accepted callback is recognised as one");
            assert_eq!(without_query(&url), REDIRECT);
            // The cleaned address bar keeps no code or state.
            if let Some(cleaned) = remove_query_params(&url, &["code", "state", "iss"]) {
                let q = split_url(&cleaned).ok().and_then(|p| p.query).unwrap_or_default();
                assert!(query_pairs(q).iter().all(|(k, _)| k != "code" && k != "state"), "{cleaned}");
            }
        }
        Err(e) => {
            assert!(!e.code().as_str().is_empty());
            let _ = e.to_string();
        }
    }
    if looks_like_callback {
        assert!(split_url(&url).is_ok());
    }
    if let Ok(parts) = split_url(&url) {
        assert!(!parts.authority.is_empty() && !parts.authority.contains('@'));
        let _ = check_secure_url(&url, false);
        let pairs = query_pairs(parts.query.unwrap_or_default());
        // Re-encoding the pairs and parsing them again gives the same pairs.
        let rebuilt = append_query("https://x.example/cb", pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let again = query_pairs(rebuilt.split_once('?').map(|(_, q)| q).unwrap_or_default());
        assert_eq!(again, pairs);
    }
});
