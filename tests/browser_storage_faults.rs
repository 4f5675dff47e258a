//! Storage faults under a real `LogtoClient` in headless Chromium: storage that is unavailable or
//! throws, `QuotaExceededError` on write (a custom storage object; a full `localStorage`, which
//! IndexedDB covers for `'local'`), IndexedDB reads and writes that fail in a database that
//! opened (`'local'`: a typed error, never a silent fallback to localStorage), corrupted JSON and wrong-shape or foreign-version values. Every fault is a typed error (or a
//! signed-out read), never a panic; only the corrupt entry is dropped and a good session next
//! to it survives byte for byte; a failed write leaves the previous session in place.
//!
//! The provider is a `fetch` stub answering with canned discovery, key set and token responses;
//! the ID token is the ES256 one of `tests/fixtures/webcrypto-tokens.json` (made by `jose`), so
//! sign-in and refresh run their real verification.
#![cfg(target_arch = "wasm32")]

use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use logto_wasm::browser::storage::JsObjectStorage;
use logto_wasm::browser::{CallbackOutcome, LogtoClient, Storage, StorageKind, WebStorage};
use logto_wasm::core::config::LogtoConfig;
use logto_wasm::core::ErrorInfo;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::provider::{fetch_bodies, id_token, install_fetch, jwks, metadata, restore_fetch, session_json, Provider, ISSUER};

#[wasm_bindgen(inline_js = r#"
// A storage object over a Map whose methods throw on demand:
// faults = { get, set, remove } each null or { kind, keys (null = every key), async }.
export function faultyStorage() {
  const map = new Map();
  const faults = { get: null, set: null, remove: null };
  const make = (kind) => {
    switch (kind) {
      case 'quota': return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      case 'security': return new DOMException('Access is denied for this document.', 'SecurityError');
      case 'invalid-state': return new DOMException('The database connection is closing.', 'InvalidStateError');
      case 'string': return 'storage said no';
      default: return new Error('storage backend failure');
    }
  };
  const guard = (op, key, f) => {
    const fault = faults[op];
    if (fault && (fault.keys === null || fault.keys.includes(key))) {
      if (fault.async) return Promise.reject(make(fault.kind));
      throw make(fault.kind);
    }
    return f();
  };
  return {
    map,
    faults,
    getItem(k) { return guard('get', k, () => (map.has(k) ? map.get(k) : null)); },
    setItem(k, v) { return guard('set', k, () => { map.set(k, String(v)); }); },
    removeItem(k) { return guard('remove', k, () => { map.delete(k); }); },
  };
}
export function setFault(storage, op, kind, keys, isAsync) {
  storage.faults[op] = kind == null ? null : { kind, keys: keys == null ? null : keys.split(' '), async: isAsync };
}
export function mapGet(storage, k) { const v = storage.map.get(k); return v === undefined ? null : v; }
export function mapSet(storage, k, v) { storage.map.set(k, v); }
export function mapSetLoneSurrogate(storage, k) { storage.map.set(k, '{"v":1,"issuer":"\uD800","id_token":"a.b.c"}'); }
export function mapDump(storage) { return JSON.stringify([...storage.map.entries()].sort()); }


// IndexedDB made to fail inside a database that opened: `ops` of IDBObjectStore ('put delete',
// 'get') either throw ('throw') or queue the request and abort its transaction ('abort').
let idbOriginal = null;
export function breakIdb(ops, how) {
  const proto = IDBObjectStore.prototype;
  if (idbOriginal === null) idbOriginal = { put: proto.put, delete: proto.delete, get: proto.get };
  for (const op of ops.split(' ')) {
    const original = idbOriginal[op];
    proto[op] = function (...args) {
      if (how === 'throw') throw new DOMException('The transaction has finished.', 'TransactionInactiveError');
      const request = original.apply(this, args);
      this.transaction.abort();
      return request;
    };
  }
}
export function restoreIdb() {
  if (idbOriginal !== null) Object.assign(IDBObjectStore.prototype, idbOriginal);
  idbOriginal = null;
}

// window.sessionStorage / localStorage / indexedDB made to throw or vanish, and restored.
const saved = {};
export function breakGlobal(name, how) {
  if (!(name in saved)) saved[name] = Object.getOwnPropertyDescriptor(window, name) ?? Object.getOwnPropertyDescriptor(Window.prototype, name);
  const get = how === 'null'
    ? () => null
    : () => { throw new DOMException(`The document is sandboxed and lacks the 'allow-same-origin' flag.`, 'SecurityError'); };
  Object.defineProperty(window, name, { configurable: true, get });
}
export function restoreGlobal(name) {
  if (name in saved) {
    delete window[name];
    if (Object.getOwnPropertyDescriptor(window, name) === undefined && saved[name]) {
      Object.defineProperty(window, name, saved[name]);
    }
    delete saved[name];
  }
}
export function globalWorks(name) {
  try { return window[name] !== null && window[name] !== undefined; } catch { return false; }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = faultyStorage)]
    fn faulty_storage() -> JsValue;
    #[wasm_bindgen(js_name = setFault)]
    fn set_fault(storage: &JsValue, op: &str, kind: Option<String>, keys: Option<String>, is_async: bool);
    #[wasm_bindgen(js_name = mapGet)]
    fn map_get(storage: &JsValue, k: &str) -> Option<String>;
    #[wasm_bindgen(js_name = mapSet)]
    fn map_set(storage: &JsValue, k: &str, v: &str);
    #[wasm_bindgen(js_name = mapSetLoneSurrogate)]
    fn map_set_lone_surrogate(storage: &JsValue, k: &str);
    #[wasm_bindgen(js_name = mapDump)]
    fn map_dump(storage: &JsValue) -> String;
    #[wasm_bindgen(js_name = breakIdb)]
    fn break_idb(ops: &str, how: &str);
    #[wasm_bindgen(js_name = restoreIdb)]
    fn restore_idb();
    #[wasm_bindgen(js_name = breakGlobal)]
    fn break_global(name: &str, how: &str);
    #[wasm_bindgen(js_name = restoreGlobal)]
    fn restore_global(name: &str);
    #[wasm_bindgen(js_name = globalWorks)]
    fn global_works(name: &str) -> bool;
}

const SESSION_KEY: &str = "logto:app:session";
const TRANSACTION_KEY: &str = "logto:app:transaction";
const PROVIDER_KEY: &str = "logto:app:provider";
const REDIRECT_URI: &str = "http://localhost:3000/fault-callback";
const API: &str = "https://api.example.com";

fn config() -> LogtoConfig {
    LogtoConfig::new("https://logto.dev", "app")
}

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

fn provider_cache_json() -> String {
    logto_wasm::testing::provider_cache(metadata(), Some(jwks()), now()).to_json()
}

fn transaction_json() -> String {
    common::transaction_json(REDIRECT_URI, ISSUER, now())
}

fn callback_url() -> String {
    format!("{REDIRECT_URI}?code=c0de&state=st4te&iss=https%3A%2F%2Flogto.dev%2Foidc")
}

fn client_on(storage: &JsValue) -> LogtoClient {
    LogtoClient::with_storage(&config(), Box::new(JsObjectStorage::new(storage.clone()).expect("storage object"))).expect("client")
}

#[wasm_bindgen_test]
async fn control_sign_in_and_refresh_work_on_the_fault_free_storage() {
    let provider = Provider::install();
    let storage = faulty_storage();
    map_set(&storage, TRANSACTION_KEY, &transaction_json());
    let client = client_on(&storage);
    // No `post_redirect_uri` in the transaction: the page stays (and a repeated call too).
    assert_eq!(client.handle_sign_in_callback(&callback_url()).await.expect("sign-in"), CallbackOutcome::Stayed);
    assert_eq!(client.handle_sign_in_callback(&callback_url()).await.expect("handled already"), CallbackOutcome::Stayed);
    assert_eq!(client.get_id_token_claims().await.expect("claims").sub, "alice");
    let stored: Value = serde_json::from_str(&map_get(&storage, SESSION_KEY).expect("a stored session")).unwrap();
    assert_eq!(stored["refresh_token"], "rt-new");
    assert_eq!(client.get_access_token(Some(API), None).await.expect("refresh"), "at-new");
    assert!(provider.calls().iter().filter(|u| u.ends_with("/token")).count() == 2, "{:?}", provider.calls());
}

#[wasm_bindgen_test]
async fn quota_exceeded_when_storing_the_session_after_sign_in_keeps_the_previous_session() {
    let _provider = Provider::install();
    for is_async in [false, true] {
        let storage = faulty_storage();
        let previous = session_json("rt-previous");
        map_set(&storage, SESSION_KEY, &previous);
        map_set(&storage, TRANSACTION_KEY, &transaction_json());
        map_set(&storage, PROVIDER_KEY, &provider_cache_json());
        set_fault(&storage, "set", Some("quota".into()), Some(SESSION_KEY.into()), is_async);
        let client = client_on(&storage);
        let e = client.handle_sign_in_callback(&callback_url()).await.expect_err("the session cannot be stored");
        assert_eq!(e.code(), "storage.quota_exceeded", "{e}");
        assert_eq!(map_get(&storage, SESSION_KEY), Some(previous.clone()), "the previous session is untouched");
        assert_eq!(client.get_refresh_token().await.expect("readable"), Some("rt-previous".into()), "memory did not take the new session either");
        assert_eq!(map_get(&storage, TRANSACTION_KEY), None, "the pending sign-in was consumed (its code is single-use)");
        // Room again: a new sign-in completes.
        set_fault(&storage, "set", None, None, false);
        map_set(&storage, TRANSACTION_KEY, &transaction_json());
        client.handle_sign_in_callback(&format!("{}&again=1", callback_url())).await.expect("sign-in once there is room");
        assert_eq!(client.get_refresh_token().await.unwrap(), Some("rt-new".into()));
    }
}

#[wasm_bindgen_test]
async fn quota_exceeded_when_storing_a_refresh_keeps_the_previous_session() {
    let _provider = Provider::install();
    let storage = faulty_storage();
    let previous = session_json("rt-previous");
    map_set(&storage, SESSION_KEY, &previous);
    map_set(&storage, PROVIDER_KEY, &provider_cache_json());
    let client = client_on(&storage);
    assert_eq!(client.get_id_token_claims().await.expect("signed in").sub, "alice");
    set_fault(&storage, "set", Some("quota".into()), None, false);
    let e = client.get_access_token(Some(API), None).await.expect_err("the refreshed session cannot be stored");
    assert_eq!(e.code(), "storage.quota_exceeded", "{e}");
    assert_eq!(map_get(&storage, SESSION_KEY), Some(previous), "storage unchanged");
    assert_eq!(client.get_refresh_token().await.unwrap(), Some("rt-previous".into()), "memory unchanged");
    assert!(client.is_authenticated().await);
}

#[wasm_bindgen_test]
async fn storage_that_throws_on_read_gives_typed_errors() {
    let provider = Provider::install();
    for kind in ["error", "security", "string", "invalid-state"] {
        for is_async in [false, true] {
            let storage = faulty_storage();
            map_set(&storage, SESSION_KEY, &session_json("rt"));
            map_set(&storage, TRANSACTION_KEY, &transaction_json());
            set_fault(&storage, "get", Some(kind.into()), None, is_async);
            let client = client_on(&storage);
            let expected = if kind == "security" { "storage.unavailable" } else { "storage.failed" };
            let what = format!("{kind} (async: {is_async})");
            assert_eq!(client.get_id_token().await.expect_err(&what).code(), expected, "{what}");
            assert_eq!(client.get_id_token_claims().await.expect_err(&what).code(), expected, "{what}");
            assert!(!client.is_authenticated().await, "{what}");
            assert_eq!(client.get_access_token(Some(API), None).await.expect_err(&what).code(), expected, "{what}");
            assert_eq!(client.handle_sign_in_callback(&callback_url()).await.expect_err(&what).code(), expected, "{what}");
            // Nothing was lost: once reads work again, everything is still there.
            set_fault(&storage, "get", None, None, false);
            assert_eq!(client.get_refresh_token().await.expect("readable again"), Some("rt".into()), "{what}");
            assert!(map_get(&storage, TRANSACTION_KEY).is_some(), "{what}: the pending sign-in survives");
        }
    }
    assert!(provider.calls().iter().all(|u| !u.ends_with("/token")), "no token request: {:?}", provider.calls());
}

#[wasm_bindgen_test]
async fn storage_that_throws_on_write_fails_sign_in_before_leaving_the_page() {
    let _provider = Provider::install();
    for kind in ["quota", "security", "error"] {
        let storage = faulty_storage();
        set_fault(&storage, "set", Some(kind.into()), None, false);
        let client = client_on(&storage);
        let options = logto_wasm::core::authorize::SignInOptions::new(REDIRECT_URI);
        let e = client.start_sign_in(&options).await.expect_err("the transaction cannot be stored");
        let expected = match kind {
            "quota" => "storage.quota_exceeded",
            "security" => "storage.unavailable",
            _ => "storage.failed",
        };
        assert_eq!(e.code(), expected, "{kind}: {e}");
        assert_eq!(map_dump(&storage), "[]", "{kind}: nothing stored");
    }
}

#[wasm_bindgen_test]
async fn storage_that_throws_on_remove_reports_it_for_a_corrupt_session() {
    let storage = faulty_storage();
    map_set(&storage, SESSION_KEY, "{corrupt");
    set_fault(&storage, "remove", Some("error".into()), None, false);
    let client = client_on(&storage);
    assert_eq!(client.get_id_token().await.expect_err("cannot drop it").code(), "storage.failed");
    assert!(!client.is_authenticated().await);
    set_fault(&storage, "remove", None, None, false);
    assert_eq!(client.get_id_token().await, Ok(None), "dropped once removal works");
    assert_eq!(map_get(&storage, SESSION_KEY), None);
}

/// Values of the provider cache that must be ignored or dropped without touching the session.
fn bad_provider_caches() -> Vec<(&'static str, String, bool)> {
    // (what, value, removed): corrupt or foreign-version entries are removed; well-formed but
    // stale or foreign-issuer ones are only ignored (and overwritten by the next fetch).
    let good: Value = serde_json::from_str(&provider_cache_json()).unwrap();
    let with = |k: &str, v: Value| {
        let mut c = good.clone();
        c[k] = v;
        c.to_string()
    };
    vec![
        ("not JSON", "{\"v\":1,\"metadata\":".to_owned(), true),
        ("empty", String::new(), true),
        ("JSON null", "null".to_owned(), true),
        ("an array", "[]".to_owned(), true),
        ("metadata of the wrong shape", with("metadata", json!(5)), true),
        ("key set of the wrong shape", with("jwks", json!({"keys": 7})), true),
        ("version 0", with("v", json!(0)), true),
        ("version 2", with("v", json!(2)), true),
        ("version as a string", with("v", json!("1")), true),
        ("10 MB of garbage", "x".repeat(10 * 1024 * 1024), true),
        ("stale (fetched 2 h ago)", with("metadata_fetched_at", json!(now() - 7200)), false),
        ("fetched in the future", with("metadata_fetched_at", json!(now() + 7200)), false),
        ("another issuer", provider_cache_json().replace(ISSUER, "https://evil.dev/oidc"), false),
        ("an insecure endpoint", provider_cache_json().replace(&format!("{ISSUER}/token"), "http://evil.dev/token"), false),
    ]
}

#[wasm_bindgen_test]
async fn a_corrupt_provider_cache_next_to_a_good_session_drops_only_the_cache() {
    let provider = Provider::install();
    let session = session_json("rt-kept");
    for (what, cache, _) in bad_provider_caches() {
        let storage = faulty_storage();
        map_set(&storage, SESSION_KEY, &session);
        map_set(&storage, PROVIDER_KEY, &cache);
        map_set(&storage, "unrelated", "kept");
        let client = client_on(&storage);
        assert_eq!(client.get_id_token_claims().await.expect(what).sub, "alice", "{what}");
        // Reading the session does not touch the cache; sign-out URL does read it.
        assert_eq!(map_get(&storage, PROVIDER_KEY).as_deref(), Some(cache.as_str()), "{what}");
        // A refresh needs the metadata: the bad cache is dropped or ignored, the provider asked again.
        client.get_access_token(Some(API), None).await.unwrap_or_else(|e| panic!("{what}: {e}"));
        let dropped_or_replaced = map_get(&storage, PROVIDER_KEY).as_deref() != Some(cache.as_str());
        assert!(dropped_or_replaced, "{what}: the bad cache does not stay");
        let refreshed: Value = serde_json::from_str(&map_get(&storage, SESSION_KEY).expect(what)).unwrap();
        assert_eq!(refreshed["refresh_token"], "rt-new", "{what}: the session survived and was refreshed");
        assert_eq!(map_get(&storage, "unrelated").as_deref(), Some("kept"), "{what}");
    }
    assert!(provider.calls().iter().any(|u| u.ends_with("/.well-known/openid-configuration")));
}

#[wasm_bindgen_test]
async fn a_corrupt_provider_cache_is_removed_without_touching_the_session_even_offline() {
    // No provider at all: the refresh fails on the network, after the cache was judged.
    install_fetch("{}");
    let session = session_json("rt-kept");
    for (what, cache, removed) in bad_provider_caches() {
        let storage = faulty_storage();
        map_set(&storage, SESSION_KEY, &session);
        map_set(&storage, PROVIDER_KEY, &cache);
        let client = client_on(&storage);
        let e = client.get_access_token(Some(API), None).await.expect_err(what);
        assert_eq!(e.code(), "network.request_failed", "{what}: {e}");
        assert_eq!(map_get(&storage, SESSION_KEY).as_deref(), Some(session.as_str()), "{what}: session byte for byte");
        if removed {
            assert_eq!(map_get(&storage, PROVIDER_KEY), None, "{what}: removed");
        } else {
            assert_eq!(map_get(&storage, PROVIDER_KEY).as_deref(), Some(cache.as_str()), "{what}: ignored, left for the next fetch to replace");
        }
        assert!(client.is_authenticated().await, "{what}");
    }
    restore_fetch();
}

#[wasm_bindgen_test]
async fn wrong_shape_or_stale_version_sessions_are_dropped_and_the_rest_kept() {
    let cases = [
        ("access tokens of the wrong shape", json!({"v": 1, "issuer": ISSUER, "id_token": id_token(), "access_tokens": []}).to_string()),
        ("access token entry without expiry", json!({"v": 1, "issuer": ISSUER, "id_token": id_token(), "access_tokens": {" ": {"token": "at"}}}).to_string()),
        ("refresh token not a string", json!({"v": 1, "issuer": ISSUER, "id_token": id_token(), "refresh_token": 5}).to_string()),
        ("stale version 0", json!({"v": 0, "issuer": ISSUER, "id_token": id_token()}).to_string()),
        ("future version 2", json!({"v": 2, "issuer": ISSUER, "id_token": id_token(), "new_field": {}}).to_string()),
        ("negative version", r#"{"v":-1}"#.to_owned()),
        ("huge number version", r#"{"v":1e400}"#.to_owned()),
        ("deeply nested", format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))),
        ("a lone UTF-16 surrogate", String::new()),
    ];
    for (what, value) in cases {
        let storage = faulty_storage();
        if value.is_empty() {
            map_set_lone_surrogate(&storage, SESSION_KEY);
        } else {
            map_set(&storage, SESSION_KEY, &value);
        }
        map_set(&storage, TRANSACTION_KEY, &transaction_json());
        map_set(&storage, PROVIDER_KEY, &provider_cache_json());
        let client = client_on(&storage);
        assert_eq!(client.get_id_token().await, Ok(None), "{what}");
        assert!(!client.is_authenticated().await, "{what}");
        assert_eq!(client.get_id_token_claims().await.expect_err(what).code(), "not_authenticated", "{what}");
        assert_eq!(map_get(&storage, SESSION_KEY), None, "{what}: dropped");
        assert!(map_get(&storage, TRANSACTION_KEY).is_some(), "{what}: the pending sign-in is kept");
        assert!(map_get(&storage, PROVIDER_KEY).is_some(), "{what}: the provider cache is kept");
    }
}

#[wasm_bindgen_test]
async fn a_corrupt_transaction_next_to_a_good_session_drops_only_the_transaction() {
    let provider = Provider::install();
    let session = session_json("rt-kept");
    for (what, txn) in [
        ("not JSON", "{\"v\":1,".to_owned()),
        ("wrong shape", r#"{"v":1,"state":5}"#.to_owned()),
        ("stale version", transaction_json().replacen(r#""v":1"#, r#""v":0"#, 1)),
        ("another issuer", transaction_json().replace(ISSUER, "https://evil.dev/oidc")),
    ] {
        let storage = faulty_storage();
        map_set(&storage, SESSION_KEY, &session);
        map_set(&storage, TRANSACTION_KEY, &txn);
        let client = client_on(&storage);
        let e = client.handle_sign_in_callback(&callback_url()).await.expect_err(what);
        assert!(e.code().as_str().starts_with("callback."), "{what}: {}", e.code());
        assert_eq!(map_get(&storage, TRANSACTION_KEY), None, "{what}: dropped");
        assert_eq!(map_get(&storage, SESSION_KEY).as_deref(), Some(session.as_str()), "{what}: session byte for byte");
        assert_eq!(client.get_refresh_token().await.unwrap(), Some("rt-kept".into()), "{what}");
    }
    assert!(provider.calls().iter().all(|u| !u.ends_with("/token")), "no code exchange: {:?}", provider.calls());
}

#[wasm_bindgen_test]
async fn session_storage_unavailable_gives_typed_errors() {
    let _provider = Provider::install();
    for how in ["throw", "null"] {
        break_global("sessionStorage", how);
        let works = global_works("sessionStorage");
        let client = LogtoClient::new(&config()).expect("constructing does not touch storage");
        let read = client.get_id_token().await;
        let claims = client.get_id_token_claims().await;
        let authenticated = client.is_authenticated().await;
        let sign_in = client.start_sign_in(&logto_wasm::core::authorize::SignInOptions::new(REDIRECT_URI)).await;
        let callback = client.handle_sign_in_callback(&callback_url()).await;
        let available = WebStorage(StorageKind::Session).is_available();
        restore_global("sessionStorage");
        assert!(!works, "{how}: the override is in place");
        assert!(!available, "{how}");
        assert_eq!(read.expect_err(how).code(), "storage.unavailable", "{how}");
        assert_eq!(claims.expect_err(how).code(), "storage.unavailable", "{how}");
        assert!(!authenticated, "{how}");
        assert_eq!(sign_in.expect_err(how).code(), "storage.unavailable", "{how}");
        assert_eq!(callback.expect_err(how).code(), "storage.unavailable", "{how}");
    }
    assert!(global_works("sessionStorage"), "restored");
    assert!(WebStorage(StorageKind::Session).is_available());
}

#[wasm_bindgen_test]
async fn local_storage_unavailable_is_covered_by_indexeddb() {
    // 'local' reads IndexedDB first; with localStorage throwing, writes that IndexedDB took succeed.
    let _provider = Provider::install();
    break_global("localStorage", "throw");
    let storage = WebStorage(StorageKind::Local);
    let client = LogtoClient::with_storage(&config(), Box::new(storage)).expect("client");
    let sign_in = client.start_sign_in(&logto_wasm::core::authorize::SignInOptions::new(REDIRECT_URI)).await;
    let transaction = WebStorage(StorageKind::Local).get_item(TRANSACTION_KEY).await;
    restore_global("localStorage");
    let _ = client.clear_all_tokens().await;
    let _ = WebStorage(StorageKind::Local).remove_item(TRANSACTION_KEY).await;
    let _ = WebStorage(StorageKind::Local).remove_item(PROVIDER_KEY).await;
    assert!(sign_in.is_ok(), "IndexedDB took the writes: {sign_in:?}");
    assert!(transaction.expect("read from IndexedDB").is_some(), "the pending sign-in is stored");
}

#[wasm_bindgen_test]
async fn a_full_local_storage_leaves_no_stale_value_behind() {
    let _provider = Provider::install();
    let raw = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let local = WebStorage(StorageKind::Local);
    // A session first, then fill localStorage to the brim.
    local.set_item(SESSION_KEY, &session_json("rt-previous")).await.expect("room at first");
    assert!(raw.get_item(SESSION_KEY).unwrap().is_some(), "mirrored in localStorage");
    let chunk = "x".repeat(1 << 20);
    let mut filler = Vec::new();
    for i in 0..64 {
        let key = format!("storage-faults:filler:{i}");
        if raw.set_item(&key, &chunk).is_err() {
            break;
        }
        filler.push(key);
    }
    for size in [1 << 18, 1 << 14, 1 << 10, 64] {
        let key = format!("storage-faults:filler:small:{size}");
        while raw.set_item(&format!("{key}:{}", filler.len()), &"y".repeat(size)).is_ok() {
            filler.push(format!("{key}:{}", filler.len()));
        }
    }
    // A rotated refresh token (longer than the previous one) no longer fits in localStorage;
    // IndexedDB takes it.
    let next_token = format!("rt-next-{}", "z".repeat(512));
    let next = session_json(&next_token);
    let write = local.set_item(SESSION_KEY, &next).await;
    let read = local.get_item(SESSION_KEY).await;
    let mirror = raw.get_item(SESSION_KEY).unwrap();
    let client = LogtoClient::with_storage(&config(), Box::new(WebStorage(StorageKind::Local))).expect("client");
    let refresh_token = client.get_refresh_token().await;
    for key in &filler {
        raw.remove_item(key).unwrap();
    }
    let _ = WebStorage(StorageKind::Local).remove_item(SESSION_KEY).await;
    assert!(!filler.is_empty());
    assert!(write.is_ok(), "IndexedDB took the write: {write:?}");
    assert_eq!(read.expect("readable"), Some(next), "the new value is read back");
    assert_eq!(mirror, None, "localStorage does not keep the older value");
    assert_eq!(refresh_token.expect("a session"), Some(next_token));
}

fn refresh_token_of(json: Option<String>) -> Option<String> {
    let v: Value = serde_json::from_str(&json?).ok()?;
    v["refresh_token"].as_str().map(str::to_owned)
}

/// `'local'`: an IndexedDB that opened but fails a write (the request throws, or its transaction
/// aborts) fails the operation with a typed error. Before, any IndexedDB failure counted as
/// "IndexedDB unavailable": the write went to localStorage alone and reported success while
/// every read still returned IndexedDB's older value, so a rotated refresh token was lost and
/// the next refresh spent the consumed one; `clearAccessToken()` reported success and the old
/// token kept being served.
#[wasm_bindgen_test]
async fn indexeddb_write_failures_are_typed_errors_and_both_stores_keep_the_stored_session() {
    let raw = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    for how in ["abort", "throw"] {
        let provider = Provider::install();
        let local = WebStorage(StorageKind::Local);
        local.set_item(SESSION_KEY, &session_json("rt-stored")).await.expect("a session to start with");
        let client = LogtoClient::with_storage(&config(), Box::new(WebStorage(StorageKind::Local))).expect("client");
        break_idb("put delete", how);
        // A refresh: the provider rotates the refresh token to rt-new, which cannot be stored.
        let refreshed = client.get_access_token(Some(API), None).await;
        let cleared = client.clear_access_token().await;
        let signed_out = client.clear_all_tokens().await;
        let claims_after = client.get_id_token_claims().await.map(|c| c.sub);
        restore_idb();
        let stored = local.get_item(SESSION_KEY).await.expect("readable");
        let mirror = raw.get_item(SESSION_KEY).unwrap();
        // Writes work again: the next refresh sends the refresh token storage holds.
        let next = client.get_access_token(Some(API), None).await;
        let last_body = fetch_bodies().split('\n').rfind(|b| b.contains("grant_type=refresh_token")).map(str::to_owned);
        let _ = WebStorage(StorageKind::Local).remove_item(SESSION_KEY).await;
        let _ = WebStorage(StorageKind::Local).remove_item(PROVIDER_KEY).await;
        drop(provider);

        for (what, result) in [("refresh", refreshed.err().map(|e| e.code().as_str())), ("clearAccessToken", cleared.err().map(|e| e.code().as_str()))] {
            assert_eq!(result, Some("storage.failed"), "{how}: {what} whose write failed");
        }
        assert_eq!(signed_out.err().map(|e| e.code().as_str()), Some("storage.failed"), "{how}: clearAllTokens whose removal failed");
        assert_eq!(claims_after.ok().as_deref(), Some("alice"), "{how}: the memory copy stays what storage holds");
        assert_eq!(refresh_token_of(stored).as_deref(), Some("rt-stored"), "{how}: IndexedDB keeps the stored session");
        assert_eq!(refresh_token_of(mirror).as_deref(), Some("rt-stored"), "{how}: localStorage did not take a value IndexedDB refused");
        assert!(next.is_ok(), "{how}: {next:?}");
        assert!(last_body.as_deref().unwrap_or_default().contains("refresh_token=rt-stored"), "{how}: {last_body:?}");
    }
}

/// `'local'`: a read that fails in an IndexedDB that opened is a typed error, not a read of
/// localStorage (whose copy may be older than IndexedDB's).
#[wasm_bindgen_test]
async fn an_indexeddb_read_failure_is_a_typed_error_not_a_localstorage_read() {
    let raw = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let local = WebStorage(StorageKind::Local);
    local.set_item(SESSION_KEY, &session_json("rt-current")).await.expect("stored");
    // An older copy in localStorage alone (as a tab of an older SDK version would leave it).
    raw.set_item(SESSION_KEY, &session_json("rt-older")).unwrap();
    let mut results = Vec::new();
    for how in ["abort", "throw"] {
        break_idb("get", how);
        let client = LogtoClient::with_storage(&config(), Box::new(WebStorage(StorageKind::Local))).expect("client");
        results.push((how, client.get_refresh_token().await.map_err(|e| e.code().as_str())));
        restore_idb();
    }
    let after = LogtoClient::with_storage(&config(), Box::new(WebStorage(StorageKind::Local))).expect("client").get_refresh_token().await;
    let _ = WebStorage(StorageKind::Local).remove_item(SESSION_KEY).await;
    for (how, result) in results {
        assert_eq!(result, Err("storage.failed"), "{how}");
    }
    assert_eq!(after.expect("readable again"), Some("rt-current".to_owned()));
}
