//! Storage backends in a real browser: Web Storage (session and local), memory, and custom JS
//! objects (sync, Promise-returning, throwing, incomplete); Web Storage quota errors.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use logto_wasm::browser::storage::JsObjectStorage;
use logto_wasm::browser::{MemoryStorage, Storage, StorageError, StorageKind, WebStorage};
use logto_wasm::core::ErrorInfo;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function syncStorage() {
  const map = new Map();
  return {
    map,
    getItem(k) { return map.has(k) ? map.get(k) : null; },
    setItem(k, v) { map.set(k, String(v)); },
    removeItem(k) { map.delete(k); },
  };
}
export function promiseStorage() {
  const map = new Map();
  const later = (f) => new Promise((resolve) => setTimeout(() => resolve(f()), 1));
  return {
    map,
    getItem(k) { return later(() => (map.has(k) ? map.get(k) : undefined)); },
    setItem(k, v) { return later(() => { map.set(k, String(v)); }); },
    removeItem(k) { return later(() => { map.delete(k); }); },
  };
}
// Every method throws `what()`; with `async`, every method returns a Promise rejected with it.
export function throwingStorage(kind, asPromise) {
  const what = () => {
    switch (kind) {
      case 'error': return new Error('backend exploded');
      case 'type': return new TypeError('not today');
      case 'security': return new DOMException('access denied', 'SecurityError');
      case 'quota': return new DOMException('full', 'QuotaExceededError');
      case 'string': return 'a thrown string';
      case 'number': return 42;
      case 'null': return null;
      default: return undefined;
    }
  };
  const f = asPromise ? () => Promise.reject(what()) : () => { throw what(); };
  return { getItem: f, setItem: f, removeItem: f };
}
export function storageWithout(method) {
  const o = { getItem() { return null; }, setItem() {}, removeItem() {} };
  delete o[method];
  return o;
}
export function storageWithNonFunction(method) {
  const o = { getItem() { return null; }, setItem() {}, removeItem() {} };
  o[method] = 'not a function';
  return o;
}
export function storageWithThrowingGetter() {
  return Object.defineProperty({ setItem() {}, removeItem() {} }, 'getItem', {
    get() { throw new Error('getter says no'); },
  });
}
export function storageReturning(value) {
  return { getItem() { return value; }, setItem() {}, removeItem() {} };
}
export function mapGet(storage, k) { const v = storage.map.get(k); return v === undefined ? null : v; }
export function mapSet(storage, k, v) { storage.map.set(k, v); }
export function mapSize(storage) { return storage.map.size; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = syncStorage)]
    fn sync_storage() -> JsValue;
    #[wasm_bindgen(js_name = promiseStorage)]
    fn promise_storage() -> JsValue;
    #[wasm_bindgen(js_name = throwingStorage)]
    fn throwing_storage(kind: &str, as_promise: bool) -> JsValue;
    #[wasm_bindgen(js_name = storageWithout)]
    fn storage_without(method: &str) -> JsValue;
    #[wasm_bindgen(js_name = storageWithNonFunction)]
    fn storage_with_non_function(method: &str) -> JsValue;
    #[wasm_bindgen(js_name = storageWithThrowingGetter)]
    fn storage_with_throwing_getter() -> JsValue;
    #[wasm_bindgen(js_name = storageReturning)]
    fn storage_returning(value: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = mapGet)]
    fn map_get(storage: &JsValue, k: &str) -> Option<String>;
    #[wasm_bindgen(js_name = mapSet)]
    fn map_set(storage: &JsValue, k: &str, v: &str);
    #[wasm_bindgen(js_name = mapSize)]
    fn map_size(storage: &JsValue) -> u32;
}

const PREFIX: &str = "logto-wasm-test:storage:";

fn raw_web_storage(kind: StorageKind) -> web_sys::Storage {
    let w = web_sys::window().expect("window");
    match kind {
        StorageKind::Local => w.local_storage(),
        StorageKind::Session => w.session_storage(),
    }
    .expect("storage accessible")
    .expect("storage enabled")
}

/// get → set → get → overwrite → remove → get, on any backend.
async fn round_trip(storage: &dyn Storage, key: &str) {
    assert_eq!(storage.get_item(key).await, Ok(None), "{key}: absent at first");
    storage.set_item(key, "value 1").await.expect("set");
    assert_eq!(storage.get_item(key).await, Ok(Some("value 1".to_owned())));
    // JSON the SDK writes, and text outside ASCII and the BMP.
    let json = r#"{"v":1,"issuer":"https://logto.dev/oidc","id_token":"a.b.c","note":"é ✓ 🦀 \u0000"}"#;
    storage.set_item(key, json).await.expect("overwrite");
    assert_eq!(storage.get_item(key).await, Ok(Some(json.to_owned())));
    storage.set_item(key, "").await.expect("empty value");
    assert_eq!(storage.get_item(key).await, Ok(Some(String::new())), "an empty value is a value, not an absence");
    storage.remove_item(key).await.expect("remove");
    assert_eq!(storage.get_item(key).await, Ok(None));
    storage.remove_item(key).await.expect("removing an absent key is fine");
}

#[wasm_bindgen_test]
async fn session_storage_round_trip() {
    let storage = WebStorage(StorageKind::Session);
    assert!(storage.is_available());
    let key = format!("{PREFIX}session");
    round_trip(&storage, &key).await;
    // The SDK's writes are visible to the page's own sessionStorage, and the other way round.
    storage.set_item(&key, "from rust").await.unwrap();
    let raw = raw_web_storage(StorageKind::Session);
    assert_eq!(raw.get_item(&key).unwrap().as_deref(), Some("from rust"));
    assert_eq!(raw_web_storage(StorageKind::Local).get_item(&key).unwrap(), None, "session is not local");
    raw.set_item(&key, "from js").unwrap();
    assert_eq!(storage.get_item(&key).await, Ok(Some("from js".to_owned())));
    storage.remove_item(&key).await.unwrap();
    assert_eq!(raw.get_item(&key).unwrap(), None);
}

#[wasm_bindgen_test]
async fn local_storage_round_trip() {
    let storage = WebStorage(StorageKind::Local);
    assert!(storage.is_available());
    let key = format!("{PREFIX}local");
    round_trip(&storage, &key).await;
    storage.set_item(&key, "from rust").await.unwrap();
    let raw = raw_web_storage(StorageKind::Local);
    assert_eq!(raw.get_item(&key).unwrap().as_deref(), Some("from rust"));
    assert_eq!(raw_web_storage(StorageKind::Session).get_item(&key).unwrap(), None, "local is not session");
    storage.remove_item(&key).await.unwrap();
    assert_eq!(raw.get_item(&key).unwrap(), None);
}

#[wasm_bindgen_test]
async fn memory_storage_round_trip() {
    let storage = MemoryStorage::default();
    round_trip(&storage, "k").await;
    storage.set_item("a", "1").await.unwrap();
    storage.set_item("b", "2").await.unwrap();
    storage.remove_item("a").await.unwrap();
    assert_eq!(storage.get_item("a").await, Ok(None));
    assert_eq!(storage.get_item("b").await, Ok(Some("2".into())), "keys are independent");
    // Two memory storages share nothing.
    assert_eq!(MemoryStorage::default().get_item("b").await, Ok(None));
}

#[wasm_bindgen_test]
async fn js_object_storage_sync() {
    let obj = sync_storage();
    let storage = JsObjectStorage::new(obj.clone()).expect("object with the three methods");
    round_trip(&storage, "k").await;
    storage.set_item("written", "by rust").await.unwrap();
    assert_eq!(map_get(&obj, "written").as_deref(), Some("by rust"), "the JS object really holds it");
    map_set(&obj, "planted", "by js");
    assert_eq!(storage.get_item("planted").await, Ok(Some("by js".into())));
    storage.remove_item("written").await.unwrap();
    storage.remove_item("planted").await.unwrap();
    assert_eq!(map_size(&obj), 0);
}

#[wasm_bindgen_test]
async fn js_object_storage_with_promises() {
    let obj = promise_storage();
    let storage = JsObjectStorage::new(obj.clone()).expect("object with the three methods");
    round_trip(&storage, "k").await;
    storage.set_item("written", "later").await.unwrap();
    assert_eq!(map_get(&obj, "written").as_deref(), Some("later"), "set_item awaited the Promise");
    storage.remove_item("written").await.unwrap();
    assert_eq!(map_size(&obj), 0, "remove_item awaited the Promise");
}

async fn codes(storage: &dyn Storage) -> [&'static str; 3] {
    [
        storage.get_item("k").await.expect_err("get_item must fail").code().as_str(),
        storage.set_item("k", "v").await.expect_err("set_item must fail").code().as_str(),
        storage.remove_item("k").await.expect_err("remove_item must fail").code().as_str(),
    ]
}

#[wasm_bindgen_test]
async fn js_object_storage_that_throws_gives_errors_not_panics() {
    for as_promise in [false, true] {
        for (kind, code) in [
            ("error", "storage.failed"),
            ("type", "storage.failed"),
            ("string", "storage.failed"),
            ("number", "storage.failed"),
            ("null", "storage.failed"),
            ("undefined", "storage.failed"),
            ("security", "storage.unavailable"),
            ("quota", "storage.quota_exceeded"),
        ] {
            let storage = JsObjectStorage::new(throwing_storage(kind, as_promise)).expect("methods exist");
            assert_eq!(codes(&storage).await, [code; 3], "{kind} (promise: {as_promise})");
        }
    }
    // The message says what was thrown.
    let storage = JsObjectStorage::new(throwing_storage("error", false)).unwrap();
    let e = storage.get_item("k").await.unwrap_err();
    assert!(matches!(&e, StorageError::Failed(m) if m.contains("backend exploded")), "{e:?}");
    let storage = JsObjectStorage::new(throwing_storage("string", true)).unwrap();
    let e = storage.set_item("k", "v").await.unwrap_err();
    assert!(matches!(&e, StorageError::Failed(m) if m.contains("a thrown string")), "{e:?}");
}

#[wasm_bindgen_test]
async fn js_object_storage_get_item_must_return_a_string() {
    for value in [JsValue::from_f64(1.0), JsValue::TRUE, js_sys::Object::new().into(), js_sys::Promise::resolve(&JsValue::from_f64(1.0)).into()] {
        let storage = JsObjectStorage::new(storage_returning(value.clone())).unwrap();
        let e = storage.get_item("k").await.expect_err("a non-string value is refused");
        assert_eq!(e.code(), "storage.failed", "{value:?}");
    }
    for value in [JsValue::NULL, JsValue::UNDEFINED, js_sys::Promise::resolve(&JsValue::NULL).into()] {
        let storage = JsObjectStorage::new(storage_returning(value.clone())).unwrap();
        assert_eq!(storage.get_item("k").await, Ok(None), "{value:?} means absent");
    }
}

#[wasm_bindgen_test]
fn js_object_storage_refuses_incomplete_objects_at_construction() {
    for method in ["getItem", "setItem", "removeItem"] {
        let e = JsObjectStorage::new(storage_without(method)).expect_err("a missing method is refused");
        assert_eq!(e.code(), "storage.unavailable", "without {method}");
        assert!(e.to_string().contains(method), "the message names {method}: {e}");
        let e = JsObjectStorage::new(storage_with_non_function(method)).expect_err("a non-function is refused");
        assert_eq!(e.code(), "storage.unavailable", "{method} not a function");
    }
    for not_an_object in [JsValue::NULL, JsValue::UNDEFINED, JsValue::from_f64(3.0), JsValue::from_str("localStorage"), js_sys::Object::new().into()] {
        let e = JsObjectStorage::new(not_an_object.clone()).expect_err("refused");
        assert_eq!(e.code(), "storage.unavailable", "{not_an_object:?}");
    }
    let e = JsObjectStorage::new(storage_with_throwing_getter()).expect_err("a throwing getter is refused");
    assert_eq!(e.code(), "storage.unavailable");
}

#[wasm_bindgen_test]
async fn js_object_storage_wrapping_the_real_local_storage() {
    let local: JsValue = raw_web_storage(StorageKind::Local).into();
    let storage = JsObjectStorage::new(local).expect("localStorage has the three methods");
    let key = format!("{PREFIX}js-object-local");
    round_trip(&storage, &key).await;
}

#[wasm_bindgen_test]
async fn session_storage_quota_exceeded() {
    // sessionStorage, used as it is. ('local' keeps its values in IndexedDB too, whose quota is
    // far larger: a full localStorage is covered there, see tests/browser_storage_faults.rs.)
    let storage = WebStorage(StorageKind::Session);
    let raw = raw_web_storage(StorageKind::Session);
    // Chromium allows about 5 Mi UTF-16 code units per origin (10 MiB): 1 MiB chunks fill it
    // in a few writes. Bounded, so a browser without a quota cannot loop forever.
    let chunk = "x".repeat(1 << 20);
    let mut written = Vec::new();
    let mut error = None;
    for i in 0..64 {
        let key = format!("{PREFIX}quota:{i}");
        match storage.set_item(&key, &chunk).await {
            Ok(()) => written.push(key),
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    // Smaller writes near the limit fail the same way.
    let small = storage.set_item(&format!("{PREFIX}quota:small"), &"y".repeat(1 << 19)).await;
    let after_full_get = storage.get_item(&written.first().cloned().unwrap_or_default()).await;
    // Clean up before asserting, so a failure leaves no 5 MB behind.
    for key in &written {
        storage.remove_item(key).await.expect("remove what was written");
    }
    let _ = storage.remove_item(&format!("{PREFIX}quota:small")).await;
    for key in &written {
        assert_eq!(raw.get_item(key).unwrap(), None);
    }

    let error = error.expect("sessionStorage never filled up in 64 MiB of writes");
    assert_eq!(error, StorageError::QuotaExceeded);
    assert_eq!(error.code(), "storage.quota_exceeded");
    assert!(!written.is_empty(), "not even 1 MiB fitted: {error:?}");
    if let Err(e) = small {
        assert_eq!(e.code(), "storage.quota_exceeded");
    }
    assert_eq!(after_full_get.map(|v| v.map(|v| v.len())), Ok(Some(1 << 20)), "reads still work when full");

    // And storage works again once there is room.
    let key = format!("{PREFIX}after-quota");
    storage.set_item(&key, "fits").await.expect("room again");
    storage.remove_item(&key).await.unwrap();
}

/// A tab that stays open: every IndexedDB read and write (`'local'`) lets go of what it handed
/// to JS. Each request used to leave behind the handler that did not fire (`onerror` after a
/// success, `onabort` after a commit), each holding JS values for good: the count of live JS
/// values held by the wasm grew with every storage call.
#[wasm_bindgen_test]
async fn indexeddb_calls_leave_nothing_behind() {
    let local = WebStorage(StorageKind::Local);
    // Warm up: the database connection and the first allocations.
    for _ in 0..5 {
        local.set_item("leak-check", "v").await.unwrap();
        local.get_item("leak-check").await.unwrap();
    }
    let before = wasm_bindgen::externref_heap_live_count();
    for i in 0..200 {
        local.set_item("leak-check", &format!("value {i}")).await.unwrap();
        assert_eq!(local.get_item("leak-check").await.unwrap(), Some(format!("value {i}")));
    }
    local.remove_item("leak-check").await.unwrap();
    let after = wasm_bindgen::externref_heap_live_count();
    assert!(after <= before + 5, "live JS values held by the wasm: {before} before 200 writes and reads, {after} after");
}
