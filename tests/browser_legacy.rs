//! Switching from `@logto/browser` keeps users signed in (issue #16): the session it left in
//! `localStorage` is refreshed once with its refresh token, verified like any refresh, stored the
//! logto-wasm way, and its items are removed in every case. Against the `fetch`-stub provider
//! (tests/common/provider.rs), whose ID token is a real ES256 token verified with WebCrypto.
//!
//! Run: `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser_legacy`
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

use logto_wasm::browser::{LogtoClient, StorageKind, WebStorage};
use logto_wasm::core::config::LogtoConfig;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::provider::{fetch_bodies, id_token, Provider};

const LEGACY: [&str; 3] = ["logto:app:idToken", "logto:app:refreshToken", "logto:app:accessToken"];
const SESSION_KEY: &str = "logto:app:session";

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn session() -> web_sys::Storage {
    web_sys::window().unwrap().session_storage().unwrap().unwrap()
}

/// What `@logto/browser` 3.x leaves for app `app`: its session items and a pending sign-in.
fn leave_logto_browser_session(id_token: Option<&str>, refresh_token: Option<&str>) {
    for key in LEGACY.iter().chain([&SESSION_KEY]) {
        local().remove_item(key).unwrap();
    }
    session().remove_item(SESSION_KEY).unwrap();
    if let Some(t) = id_token {
        local().set_item(LEGACY[0], t).unwrap();
    }
    if let Some(t) = refresh_token {
        local().set_item(LEGACY[1], t).unwrap();
    }
    local().set_item(LEGACY[2], r#"{"@":{"token":"at-old","scope":"","expiresAt":1}}"#).unwrap();
    session().set_item("logto:app", r#"{"redirectUri":"https://app.example/cb","codeVerifier":"v","state":"s"}"#).unwrap();
}

fn legacy_items_left() -> Vec<String> {
    let mut left: Vec<String> = LEGACY.iter().filter(|k| local().get_item(k).unwrap().is_some()).map(|k| (*k).to_owned()).collect();
    if session().get_item("logto:app").unwrap().is_some() {
        left.push("sessionStorage logto:app".into());
    }
    left
}

fn new_client() -> LogtoClient {
    LogtoClient::with_storage(&LogtoConfig::new("https://logto.dev", "app"), Box::new(WebStorage(StorageKind::Session))).expect("client")
}

#[wasm_bindgen_test]
async fn the_session_is_carried_over_with_one_refresh() {
    let provider = Provider::install();
    leave_logto_browser_session(Some(&id_token()), Some("rt-legacy"));
    let client = new_client();
    // Two first reads at once share the one carry-over.
    let (a, b) = futures_util::future::join(client.is_authenticated(), client.is_authenticated()).await;
    assert!(a && b, "signed in after switching");
    assert_eq!(legacy_items_left(), Vec::<String>::new(), "@logto/browser's items are gone");
    let token_requests: Vec<String> = provider.calls().into_iter().filter(|u| u.ends_with("/token")).collect();
    assert_eq!(token_requests.len(), 1, "one refresh");
    assert!(fetch_bodies().contains("refresh_token=rt-legacy&grant_type=refresh_token"), "{}", fetch_bodies());
    assert_eq!(client.get_id_token_claims().await.unwrap().sub, "alice");
    assert_eq!(client.get_refresh_token().await.unwrap().as_deref(), Some("rt-new"), "the rotated refresh token");
    let stored = session().get_item(SESSION_KEY).unwrap().expect("stored the logto-wasm way");
    assert!(stored.contains("rt-new") && !stored.contains("rt-legacy"));

    // A new client (a reload) reads its own session; nothing is carried over twice.
    let again = new_client();
    assert!(again.is_authenticated().await);
    assert_eq!(provider.calls().iter().filter(|u| u.ends_with("/token")).count(), 1);
    session().remove_item(SESSION_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn a_refused_refresh_token_leaves_a_clean_signed_out_state() {
    let provider = Provider::install_refusing_grants();
    leave_logto_browser_session(Some(&id_token()), Some("rt-revoked"));
    let client = new_client();
    assert!(!client.is_authenticated().await);
    assert_eq!(legacy_items_left(), Vec::<String>::new());
    assert_eq!(session().get_item(SESSION_KEY).unwrap(), None);
    assert_eq!(provider.calls().iter().filter(|u| u.ends_with("/token")).count(), 1);
}

#[wasm_bindgen_test]
async fn without_a_refresh_token_or_for_another_issuer_nothing_is_requested() {
    let provider = Provider::install();
    // No refresh token: nothing to carry over.
    leave_logto_browser_session(Some(&id_token()), None);
    assert!(!new_client().is_authenticated().await);
    assert_eq!(legacy_items_left(), Vec::<String>::new());
    // An ID token of another issuer (another tenant under the same app ID): not this session.
    let b64 = |s: &str| base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, s);
    let other = format!(
        "{}.{}.{}",
        b64(r#"{"alg":"ES256"}"#),
        b64(r#"{"iss":"https://other.example/oidc","sub":"alice","aud":"app","exp":4102444800,"iat":1}"#),
        b64("x")
    );
    leave_logto_browser_session(Some(&other), Some("rt-legacy"));
    assert!(!new_client().is_authenticated().await);
    assert_eq!(legacy_items_left(), Vec::<String>::new());
    // A malformed ID token.
    leave_logto_browser_session(Some("not a token"), Some("rt-legacy"));
    assert!(!new_client().is_authenticated().await);
    assert_eq!(legacy_items_left(), Vec::<String>::new());
    assert!(provider.calls().is_empty(), "{:?}", provider.calls());
    assert_eq!(session().get_item(SESSION_KEY).unwrap(), None);
}
