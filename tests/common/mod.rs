//! Fixtures shared by the browser test files (each integration test includes this module).
#![allow(dead_code)]

pub mod provider;

use logto_wasm::core::callback::{SignInTransaction, TRANSACTION_VERSION};
use logto_wasm::core::CodeVerifier;

/// A pending sign-in (state `st4te`, nonce `n0nce`) for `redirect_uri` and `issuer`, as JSON.
pub fn transaction_json(redirect_uri: &str, issuer: &str, created_at: i64) -> String {
    SignInTransaction {
        v: TRANSACTION_VERSION,
        state: "st4te".into(),
        nonce: "n0nce".into(),
        code_verifier: CodeVerifier::new("v".repeat(43)),
        redirect_uri: redirect_uri.into(),
        post_redirect_uri: None,
        issuer: issuer.into(),
        iss_required: true,
        created_at,
        max_age: None,
        required_acr: None,
    }
    .to_json()
}
