//! Fixtures shared by the browser test files (each integration test includes this module);
//! what the native and Leptos tests share too is in `logto_wasm::testing`.
#![allow(dead_code)]

pub mod provider;

/// A pending sign-in (state `st4te`, nonce `n0nce`) for `redirect_uri` and `issuer`, as the SDK
/// stores it.
pub fn transaction_json(redirect_uri: &str, issuer: &str, created_at: i64) -> String {
    logto_wasm::testing::transaction(redirect_uri, issuer, created_at).to_json()
}
