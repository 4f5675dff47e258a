//! `LogtoClient` in a real browser, without a provider: the signed-out state, corrupt stored
//! sessions, and callbacks that must be refused. `fetch` is replaced by a spy that records
//! every request and fails it, so these tests prove that nothing reaches the network.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use logto_wasm::browser::storage::StorageFuture;
use logto_wasm::browser::{LogtoClient, MemoryStorage, Storage, StorageKind, WebStorage};
use logto_wasm::core::config::LogtoConfig;
use logto_wasm::core::discovery::ProviderMetadata;
use logto_wasm::core::jwk::JwkSet;
use logto_wasm::core::ErrorInfo;
use logto_wasm::testing::{self, SessionBuilder};

wasm_bindgen_test_configure!(run_in_browser);

mod common;

#[wasm_bindgen(inline_js = r#"
let calls = [];
let original = null;
export function installFetchSpy() {
  if (original === null) original = globalThis.fetch;
  calls = [];
  globalThis.fetch = (input) => {
    calls.push(typeof input === 'string' ? input : input.url);
    return Promise.reject(new TypeError('fetch is disabled in this test'));
  };
}
export function fetchCalls() { return calls.join('\n'); }
export function restoreFetch() {
  if (original !== null) globalThis.fetch = original;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = installFetchSpy)]
    fn install_fetch_spy();
    #[wasm_bindgen(js_name = fetchCalls)]
    fn fetch_calls_joined() -> String;
    #[wasm_bindgen(js_name = restoreFetch)]
    fn restore_fetch();
}

/// Installs the fetch spy for the life of the guard.
struct NoNetwork;

impl NoNetwork {
    fn install() -> Self {
        install_fetch_spy();
        NoNetwork
    }
    fn calls(&self) -> Vec<String> {
        fetch_calls_joined().split('\n').filter(|s| !s.is_empty()).map(str::to_owned).collect()
    }
    fn assert_none(&self, what: &str) {
        assert_eq!(self.calls(), Vec::<String>::new(), "{what}: no request may be sent");
    }
}

impl Drop for NoNetwork {
    fn drop(&mut self) {
        restore_fetch();
    }
}

const ENDPOINT: &str = "http://localhost:3001";
const ISSUER: &str = "http://localhost:3001/oidc";
const SESSION_KEY: &str = "logto:app:session";
const TRANSACTION_KEY: &str = "logto:app:transaction";
const PROVIDER_KEY: &str = "logto:app:provider";
const REDIRECT_URI: &str = "http://localhost:3000/callback";

fn config() -> LogtoConfig {
    LogtoConfig::new(ENDPOINT, "app")
}

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Memory storage that the test can still see into once the client owns it, and that
/// records every write (`set key` / `remove key`).
#[derive(Clone, Default)]
struct Shared {
    map: Rc<RefCell<BTreeMap<String, String>>>,
    writes: Rc<RefCell<Vec<String>>>,
}

impl Shared {
    fn with(entries: &[(&str, &str)]) -> Self {
        let s = Shared::default();
        for (k, v) in entries {
            s.map.borrow_mut().insert((*k).to_owned(), (*v).to_owned());
        }
        s
    }
    fn get(&self, key: &str) -> Option<String> {
        self.map.borrow().get(key).cloned()
    }
    fn snapshot(&self) -> BTreeMap<String, String> {
        self.map.borrow().clone()
    }
    fn writes(&self) -> Vec<String> {
        self.writes.borrow().clone()
    }
    fn client(&self) -> LogtoClient {
        LogtoClient::with_storage(&config(), Box::new(self.clone())).expect("valid config")
    }
}

impl Storage for Shared {
    fn get_item<'a>(&'a self, key: &'a str) -> StorageFuture<'a, Option<String>> {
        Box::pin(std::future::ready(Ok(self.get(key))))
    }
    fn set_item<'a>(&'a self, key: &'a str, value: &'a str) -> StorageFuture<'a, ()> {
        self.writes.borrow_mut().push(format!("set {key}"));
        self.map.borrow_mut().insert(key.to_owned(), value.to_owned());
        Box::pin(std::future::ready(Ok(())))
    }
    fn remove_item<'a>(&'a self, key: &'a str) -> StorageFuture<'a, ()> {
        self.writes.borrow_mut().push(format!("remove {key}"));
        self.map.borrow_mut().remove(key);
        Box::pin(std::future::ready(Ok(())))
    }
}

fn session_storage() -> web_sys::Storage {
    web_sys::window().expect("window").session_storage().expect("accessible").expect("enabled")
}

/// Removes the client's keys from sessionStorage (before and after each test using it).
fn clear_session_storage() {
    let s = session_storage();
    for key in [SESSION_KEY, TRANSACTION_KEY, PROVIDER_KEY] {
        s.remove_item(key).unwrap();
    }
}

/// An ID token with these claims and a signature nobody checks: stored sessions are trusted
/// as verified earlier, so only its shape matters here.
fn id_token(iss: &str, exp: i64) -> String {
    testing::unsigned_id_token(&testing::Claims::new(iss, "alice", "app", exp - 3600, exp).finish())
}

/// A stored session as the SDK writes it (optional fields left out).
fn session_json(iss: &str, exp: i64, refresh_token: Option<&str>) -> String {
    let session = SessionBuilder::new(iss, &id_token(iss, exp));
    match refresh_token {
        Some(rt) => session.refresh_token(rt).to_json(),
        None => session.to_json(),
    }
}

fn metadata() -> ProviderMetadata {
    ProviderMetadata { end_session_endpoint: Some(format!("{ISSUER}/session/end")), ..testing::metadata(ISSUER) }
}

/// A fresh provider cache entry (what `sign_in` leaves behind for the callback).
fn provider_cache_json() -> String {
    testing::provider_cache(metadata(), Some(JwkSet::default()), now()).to_json()
}

fn transaction_json(created_at: i64) -> String {
    common::transaction_json(REDIRECT_URI, ISSUER, created_at)
}

async fn assert_signed_out(client: &LogtoClient, what: &str) {
    assert!(!client.is_authenticated().await, "{what}: is_authenticated");
    assert_eq!(client.get_id_token().await, Ok(None), "{what}: get_id_token");
    let e = client.get_id_token_claims().await.expect_err("no claims when signed out");
    assert_eq!(e.code(), "not_authenticated", "{what}: get_id_token_claims");
    assert_eq!(client.get_refresh_token().await, Ok(None), "{what}: get_refresh_token");
}

/// A valid stored session whose ID token is replaced by `token`.
fn session_with_id_token(token: &str) -> String {
    let mut s: serde_json::Value = serde_json::from_str(&session_json(ISSUER, now() + 3600, None)).unwrap();
    s["id_token"] = token.into();
    s.to_string()
}

/// Stored session values that must read as signed out, and be dropped.
fn corrupt_sessions() -> Vec<(&'static str, String)> {
    vec![
        ("bad JSON", "{not json".to_owned()),
        ("empty string", String::new()),
        ("truncated", session_json(ISSUER, now() + 3600, None)[..40].to_owned()),
        ("JSON null", "null".to_owned()),
        ("JSON array", "[1,2,3]".to_owned()),
        ("JSON string", r#""a session""#.to_owned()),
        ("wrong shape", r#"{"v":1,"issuer":5,"id_token":[]}"#.to_owned()),
        ("missing fields", r#"{"v":1,"issuer":"http://localhost:3001/oidc"}"#.to_owned()),
        ("version 99", r#"{"v":99}"#.to_owned()),
        ("version 99 with a full session", session_json(ISSUER, now() + 3600, None).replacen(r#""v":1"#, r#""v":99"#, 1)),
        ("version as string", r#"{"v":"1"}"#.to_owned()),
        ("other issuer", session_json("https://evil.dev/oidc", now() + 3600, Some("rt"))),
        ("ID token not a JWS", session_with_id_token("garbage")),
        ("ID token with four segments", session_with_id_token("a.b.c.d")),
        ("ID token payload not base64url", session_with_id_token("a.!!!.c")),
        ("ID token claims not JSON", session_with_id_token(&testing::unsigned_jws("{}", "not json"))),
        ("ID token claims without exp", session_with_id_token(&testing::unsigned_jws("{}", r#"{"iss":"x","sub":"alice","aud":"app","iat":1}"#))),
    ]
}

#[wasm_bindgen_test]
async fn signed_out_before_sign_in_with_memory_storage() {
    let net = NoNetwork::install();
    let client = LogtoClient::with_storage(&config(), Box::new(MemoryStorage::default())).expect("valid config");
    assert_eq!(client.config().issuer, ISSUER);
    assert_signed_out(&client, "memory").await;
    // Clearing tokens when there are none is fine, and still signed out.
    client.clear_all_tokens().await.unwrap();
    assert_signed_out(&client, "memory after clear").await;
    net.assert_none("reading the signed-out state");
}

#[wasm_bindgen_test]
async fn signed_out_before_sign_in_with_session_storage() {
    let net = NoNetwork::install();
    clear_session_storage();
    let client = LogtoClient::new(&config()).expect("valid config");
    assert_signed_out(&client, "LogtoClient::new").await;
    let client = LogtoClient::with_storage(&config(), Box::new(WebStorage(StorageKind::Session))).expect("valid config");
    assert_signed_out(&client, "sessionStorage").await;
    assert_eq!(session_storage().get_item(SESSION_KEY).unwrap(), None, "reading writes nothing");
    net.assert_none("reading the signed-out state");
}

#[wasm_bindgen_test]
async fn a_corrupt_stored_session_reads_as_signed_out_and_only_it_is_removed() {
    let net = NoNetwork::install();
    for (what, value) in corrupt_sessions() {
        let storage = Shared::with(&[(SESSION_KEY, &value), (TRANSACTION_KEY, "keep me"), ("unrelated", "keep me too")]);
        let client = storage.client();
        assert_signed_out(&client, what).await;
        assert_eq!(storage.get(SESSION_KEY), None, "{what}: the corrupt entry is removed");
        assert_eq!(storage.writes(), [format!("remove {SESSION_KEY}")], "{what}: only that entry is touched");
        assert_eq!(storage.get(TRANSACTION_KEY).as_deref(), Some("keep me"), "{what}");
        assert_eq!(storage.get("unrelated").as_deref(), Some("keep me too"), "{what}");
        // A second client on the same storage finds nothing to remove.
        let again = storage.client();
        assert_signed_out(&again, what).await;
        assert_eq!(storage.writes().len(), 1, "{what}: nothing more is written");
    }
    net.assert_none("reading corrupt sessions");
}

#[wasm_bindgen_test]
async fn a_corrupt_session_in_session_storage_reads_as_signed_out() {
    let net = NoNetwork::install();
    let raw = session_storage();
    for (what, value) in corrupt_sessions() {
        clear_session_storage();
        raw.set_item(SESSION_KEY, &value).unwrap();
        raw.set_item(TRANSACTION_KEY, "keep me").unwrap();
        let client = LogtoClient::new(&config()).unwrap();
        assert_signed_out(&client, what).await;
        assert_eq!(raw.get_item(SESSION_KEY).unwrap(), None, "{what}: removed from sessionStorage");
        assert_eq!(raw.get_item(TRANSACTION_KEY).unwrap().as_deref(), Some("keep me"), "{what}: other key untouched");
    }
    clear_session_storage();
    net.assert_none("reading corrupt sessions");
}

#[wasm_bindgen_test]
async fn a_valid_stored_session_is_read_back() {
    // The control for the tests above: a well-formed session for this issuer is kept.
    let net = NoNetwork::install();
    let exp = now() + 3600;
    let json = session_json(ISSUER, exp, None);
    let storage = Shared::with(&[(SESSION_KEY, &json)]);
    let client = storage.client();
    assert!(client.is_authenticated().await);
    assert_eq!(client.get_id_token().await.unwrap(), Some(id_token(ISSUER, exp)));
    let claims = client.get_id_token_claims().await.expect("claims");
    assert_eq!(claims.sub, "alice");
    assert_eq!(claims.iss, ISSUER);
    assert_eq!(storage.get(SESSION_KEY), Some(json), "kept as is");
    assert!(storage.writes().is_empty());

    // Expired ID token, no refresh token: not authenticated, but the session is still there.
    let storage = Shared::with(&[(SESSION_KEY, &session_json(ISSUER, now() - 3600, None))]);
    let client = storage.client();
    assert!(!client.is_authenticated().await);
    assert!(client.get_id_token().await.unwrap().is_some());
    // A refresh token is read back too.
    let storage = Shared::with(&[(SESSION_KEY, &session_json(ISSUER, now() + 3600, Some("rt")))]);
    let client = storage.client();
    assert!(client.is_authenticated().await);
    assert_eq!(client.get_refresh_token().await.unwrap().as_deref(), Some("rt"));
    client.clear_all_tokens().await.unwrap();
    assert_signed_out(&client, "after clear_all_tokens").await;
    assert_eq!(storage.get(SESSION_KEY), None);
    net.assert_none("reading a stored session");
}

#[wasm_bindgen_test]
async fn callback_without_a_pending_sign_in_is_refused_and_writes_nothing() {
    let net = NoNetwork::install();
    let storage = Shared::with(&[("unrelated", "x")]);
    let client = storage.client();
    let url = format!("{REDIRECT_URI}?code=abc&state=st4te&iss={ISSUER}");
    assert!(client.is_sign_in_redirected(&url));
    for _ in 0..2 {
        let e = client.handle_sign_in_callback(&url).await.expect_err("no pending sign-in");
        assert_eq!(e.code(), "callback.no_pending_sign_in");
    }
    assert!(storage.writes().is_empty(), "writes: {:?}", storage.writes());
    assert_eq!(storage.snapshot(), BTreeMap::from([("unrelated".to_owned(), "x".to_owned())]));
    assert_signed_out(&client, "after a refused callback").await;

    // Same with sessionStorage.
    clear_session_storage();
    let client = LogtoClient::new(&config()).unwrap();
    let e = client.handle_sign_in_callback(&url).await.expect_err("no pending sign-in");
    assert_eq!(e.code(), "callback.no_pending_sign_in");
    let raw = session_storage();
    for key in [SESSION_KEY, TRANSACTION_KEY, PROVIDER_KEY] {
        assert_eq!(raw.get_item(key).unwrap(), None, "{key} not written");
    }
    net.assert_none("a callback without a pending sign-in");
}

fn malformed_inputs() -> Vec<(&'static str, String)> {
    vec![
        ("not a url", "not a url".to_owned()),
        ("empty", String::new()),
        ("100 KB", format!("{REDIRECT_URI}?code={}&state=st4te", "a".repeat(100 * 1024))),
        ("100 KB junk", "\u{1F980}%zz?&=#".repeat(100 * 1024 / 12)),
        ("whitespace", " \n\t ".to_owned()),
        ("no scheme", "localhost:3000/callback?code=a&state=b".to_owned()),
        ("javascript:", "javascript:alert(1)//?code=a&state=b".to_owned()),
        ("bad percent-encoding", format!("{REDIRECT_URI}?code=%E0%A4%A&state=%ZZ")),
        ("duplicate parameters", format!("{REDIRECT_URI}?code=a&code=b&state=st4te&state=x")),
        ("NUL", format!("{REDIRECT_URI}?code=a\0&state=st4te")),
    ]
}

#[wasm_bindgen_test]
async fn malformed_callback_inputs_never_panic() {
    let net = NoNetwork::install();
    let storage = Shared::default();
    let client = storage.client();
    for (what, input) in malformed_inputs() {
        let _ = client.is_sign_in_redirected(&input);
        let e = client.handle_sign_in_callback(&input).await.expect_err(what);
        assert_eq!(e.code(), "callback.no_pending_sign_in", "{what}");
    }
    for input in ["not a url", "", " "] {
        assert!(!client.is_sign_in_redirected(input), "{input:?}");
    }
    assert!(!client.is_sign_in_redirected(&"a".repeat(100 * 1024)));
    assert!(storage.writes().is_empty());
    assert_signed_out(&client, "after malformed callbacks").await;
    net.assert_none("malformed callbacks without a pending sign-in");
}

#[wasm_bindgen_test]
async fn malformed_callbacks_with_a_pending_sign_in_are_refused_and_keep_it() {
    // A sign-in is pending and its provider metadata is cached (as sign_in leaves them): the
    // callback is refused from the URL alone, storage stays as it was, nothing is sent.
    let net = NoNetwork::install();
    let txn = transaction_json(now());
    let storage = Shared::with(&[(TRANSACTION_KEY, &txn), (PROVIDER_KEY, &provider_cache_json())]);
    let before = storage.snapshot();
    let client = storage.client();
    let expected = |what: &str| match what {
        "bad percent-encoding" => "callback.missing_iss",
        "duplicate parameters" => "callback.duplicate_parameter",
        "100 KB" | "not a url" | "empty" | "100 KB junk" | "whitespace" | "no scheme" | "javascript:" | "NUL" => "callback.invalid_url",
        _ => unreachable!(),
    };
    for (what, input) in malformed_inputs() {
        let e = client.handle_sign_in_callback(&input).await.expect_err(what);
        assert_eq!(e.code(), expected(what), "{what}: {e}");
    }
    for (url, code) in [
        (format!("http://localhost:3000/elsewhere?code=a&state=st4te&iss={ISSUER}"), "callback.redirect_uri_mismatch"),
        (format!("{REDIRECT_URI}?code=a&state=st4te&iss=https://evil.dev/oidc"), "callback.iss_mismatch"),
        (format!("{REDIRECT_URI}?code=a&state=st4te"), "callback.missing_iss"),
        (format!("{REDIRECT_URI}?code=a&state=wrong&iss={ISSUER}"), "callback.state_mismatch"),
        (format!("{REDIRECT_URI}?code=a&iss={ISSUER}"), "callback.missing_state"),
        (format!("{REDIRECT_URI}?state=st4te&iss={ISSUER}"), "callback.missing_code"),
        (format!("{REDIRECT_URI}?error=access_denied&error_description=no&state=st4te&iss={ISSUER}"), "callback.provider_error"),
    ] {
        let e = client.handle_sign_in_callback(&url).await.expect_err(&url);
        assert_eq!(e.code(), code, "{url}: {e}");
    }
    assert_eq!(storage.snapshot(), before, "a refused callback leaves storage as it was");
    assert!(storage.writes().is_empty(), "writes: {:?}", storage.writes());
    assert_signed_out(&client, "after refused callbacks").await;
    net.assert_none("refused callbacks with cached metadata");
}

#[wasm_bindgen_test]
async fn stale_or_corrupt_transactions_are_dropped() {
    let net = NoNetwork::install();
    let url = format!("{REDIRECT_URI}?code=a&state=st4te&iss={ISSUER}");
    for (what, txn, code) in [
        ("corrupt", "{oops".to_owned(), "callback.no_pending_sign_in"),
        ("wrong shape", r#"{"v":1}"#.to_owned(), "callback.no_pending_sign_in"),
        ("expired", transaction_json(now() - 31 * 60), "callback.sign_in_expired"),
        ("from the future", transaction_json(now() + 3600), "callback.sign_in_expired"),
        ("other issuer", transaction_json(now()).replace(ISSUER, "https://evil.dev/oidc"), "callback.issuer_changed"),
        ("version 99", transaction_json(now()).replacen(r#""v":1"#, r#""v":99"#, 1), "callback.no_pending_sign_in"),
    ] {
        let storage = Shared::with(&[(TRANSACTION_KEY, &txn), (SESSION_KEY, "left alone")]);
        let client = storage.client();
        let e = client.handle_sign_in_callback(&url).await.expect_err(what);
        assert_eq!(e.code(), code, "{what}");
        assert_eq!(storage.get(TRANSACTION_KEY), None, "{what}: an unusable transaction is dropped");
        assert_eq!(storage.get(SESSION_KEY).as_deref(), Some("left alone"), "{what}");
        assert_eq!(storage.writes(), [format!("remove {TRANSACTION_KEY}")], "{what}");
    }
    net.assert_none("unusable transactions");
}

#[wasm_bindgen_test]
async fn sign_out_locally_with_cached_metadata_needs_no_network() {
    let net = NoNetwork::install();
    let exp = now() + 3600;
    let token = id_token(ISSUER, exp);
    let storage = Shared::with(&[(SESSION_KEY, &session_json(ISSUER, exp, None)), (PROVIDER_KEY, &provider_cache_json())]);
    let client = storage.client();
    assert!(client.is_authenticated().await);
    let url = client.sign_out_locally(Some("http://localhost:3000/")).await.expect("sign-out URL").expect("an end-session endpoint");
    assert!(url.starts_with(&format!("{ISSUER}/session/end?")), "{url}");
    assert!(url.contains(&format!("id_token_hint={token}")), "{url}");
    assert!(url.contains("client_id=app"), "{url}");
    assert!(url.contains("post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A3000%2F"), "{url}");
    assert_eq!(storage.get(SESSION_KEY), None, "local session cleared");
    assert_signed_out(&client, "after sign-out").await;
    net.assert_none("sign-out with cached metadata and no refresh token");
}

/// `complete_sign_in` judges the callback URL (`parse_callback`) before it loads the provider
/// metadata: without a cached copy, "not a url" is refused from the URL alone, with no request;
/// the pending sign-in survives and nothing is written.
#[wasm_bindgen_test]
async fn a_malformed_callback_with_a_pending_sign_in_but_no_cached_metadata_keeps_the_sign_in() {
    let net = NoNetwork::install();
    let txn = transaction_json(now());
    let storage = Shared::with(&[(TRANSACTION_KEY, &txn)]);
    let client = storage.client();
    let e = client.handle_sign_in_callback("not a url").await.expect_err("refused");
    assert_eq!(e.code(), "callback.invalid_url", "{e}");
    net.assert_none("a callback refused from its URL");
    assert_eq!(storage.get(TRANSACTION_KEY), Some(txn), "the pending sign-in is kept");
    assert!(storage.writes().is_empty(), "writes: {:?}", storage.writes());
}

/// Access-token requests that are refused before any request: a resource or organization ID
/// that cannot be used, an organization token without the organizations scope in the config,
/// and a session without a refresh token whose access token is not cached.
#[wasm_bindgen_test]
async fn access_token_requests_refused_before_the_network() {
    let net = NoNetwork::install();
    let storage = Shared::with(&[(SESSION_KEY, &session_json(ISSUER, now() + 3600, None)), (PROVIDER_KEY, &provider_cache_json())]);
    let client = storage.client();
    let code = |r: Result<String, logto_wasm::browser::AccessTokenError>| r.err().map(|e| e.code().as_str());
    assert_eq!(code(client.get_access_token(Some(""), None).await), Some("access_token.invalid_target"));
    assert_eq!(code(client.get_access_token(None, Some("org one")).await), Some("access_token.invalid_target"));
    assert_eq!(code(client.get_access_token(Some("https://api.example.com"), None).await), Some("no_refresh_token"));
    let without_organizations = LogtoConfig { scopes: vec!["email".into()], ..config() };
    let client = LogtoClient::with_storage(&without_organizations, Box::new(storage.clone())).expect("valid config");
    assert!(!client.config().has_organizations_scope());
    assert_eq!(code(client.get_organization_token("org1").await), Some("missing_scope_organizations"));
    net.assert_none("refused before any request");
    assert_eq!(storage.writes(), Vec::<String>::new(), "nothing written");
}

/// `crypto.getRandomValues` failing (made to throw here) fails a sign-in with
/// `crypto.random_unavailable` before the transaction is stored.
#[wasm_bindgen_test]
async fn a_failing_random_generator_is_a_typed_error() {
    let _net = NoNetwork::install();
    let storage = Shared::with(&[(PROVIDER_KEY, &provider_cache_json())]);
    let client = storage.client();
    let patch = js_sys::Function::new_no_args(
        "const proto = Crypto.prototype; const original = proto.getRandomValues;
         proto.getRandomValues = function () { throw new DOMException('no entropy', 'OperationError'); };
         return original;",
    );
    let original = patch.call0(&JsValue::NULL).expect("patch getRandomValues");
    let result = client.start_sign_in(&logto_wasm::core::authorize::SignInOptions::new(REDIRECT_URI)).await;
    js_sys::Reflect::set(&js_sys::eval("Crypto.prototype").expect("Crypto"), &"getRandomValues".into(), &original).expect("restore");
    assert_eq!(result.err().map(|e| e.code().as_str()), Some("crypto.random_unavailable"));
    assert_eq!(storage.get(TRANSACTION_KEY), None, "no transaction stored");
}

/// `on_session_change` callbacks run when another tab writes the session (a `storage` event for
/// the session key, or a cleared storage), not for other keys, and no longer once the watch is
/// dropped; the memory copy is forgotten before they run.
#[wasm_bindgen_test]
async fn session_change_callbacks_follow_storage_events_for_the_session() {
    let storage = Shared::with(&[(SESSION_KEY, &session_json(ISSUER, now() + 3600, None))]);
    let client = storage.client();
    assert!(client.get_id_token().await.unwrap().is_some(), "read into memory");
    let calls = Rc::new(std::cell::Cell::new(0));
    let seen = calls.clone();
    let watch = client.on_session_change(move || seen.set(seen.get() + 1));
    let event = |key: &str| js_sys::eval(&format!("window.dispatchEvent(new StorageEvent('storage', {{ key: {key} }}))")).unwrap();
    storage.map.borrow_mut().remove(SESSION_KEY);
    event("'logto:app:provider'");
    assert_eq!(calls.get(), 0, "another key");
    event(&format!("'{SESSION_KEY}'"));
    assert_eq!(calls.get(), 1, "the session key");
    assert_eq!(client.get_id_token().await, Ok(None), "the memory copy was forgotten: storage is read again");
    event("null");
    assert_eq!(calls.get(), 2, "storage cleared");
    drop(watch);
    event(&format!("'{SESSION_KEY}'"));
    assert_eq!(calls.get(), 2, "no call once the watch is dropped");
}
