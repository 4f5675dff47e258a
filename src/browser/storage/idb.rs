//! A tiny key-value store in IndexedDB. Unlike `localStorage` — whose writes reach other tabs
//! asynchronously in Chromium, so a tab may read a stale value even after another tab's write
//! and a Web Lock hand-over — IndexedDB transactions are coherent across tabs. Shared
//! (`'local'`) sessions are read from here, so a refresh token is never re-read stale.

#[allow(unused_imports)]
use crate::prelude::*;

use ::core::cell::RefCell;

use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::browser::storage::{js_error_text, StorageError};
use crate::browser::PageLocal;
use crate::core::error::concat;

const DB_NAME: &str = "logto-wasm";
const STORE: &str = "kv";

static DB: PageLocal<RefCell<Option<IdbDatabase>>> = PageLocal::new(RefCell::new(None));

/// IndexedDB cannot be opened on this page (disabled, private mode, blocked): the caller may
/// use localStorage instead.
fn unavailable(e: JsValue) -> StorageError {
    StorageError::Unavailable(concat(&["IndexedDB: ", &js_error_text(&e)]))
}

/// A read or write failed in an IndexedDB that works: never a reason to use localStorage
/// instead (its value would diverge from the one IndexedDB keeps and is read first).
fn failed(e: JsValue) -> StorageError {
    if e.dyn_ref::<js_sys::Error>().is_some_and(|e| e.name() == "QuotaExceededError") {
        return StorageError::QuotaExceeded;
    }
    StorageError::Failed(concat(&["IndexedDB: ", &js_error_text(&e)]))
}

/// An `on<event>` handler set on an IndexedDB request or transaction: removed from it, then
/// freed, when this is dropped (the wait ended, or was dropped itself). `Closure::once_into_js`
/// would leak a handler that never fires (`onerror` after a success), with the JS values it holds.
struct Handler<'a> {
    target: &'a JsValue,
    event: &'static str,
    _closure: Closure<dyn FnMut(JsValue)>,
}

impl<'a> Handler<'a> {
    fn set(target: &'a JsValue, event: &'static str, closure: Closure<dyn FnMut(JsValue)>) -> Self {
        let _ = Reflect::set(target, &JsValue::from_str(event), closure.as_ref());
        Handler { target, event, _closure: closure }
    }
}

impl Drop for Handler<'_> {
    fn drop(&mut self) {
        let _ = Reflect::set(self.target, &JsValue::from_str(self.event), &JsValue::NULL);
    }
}

/// Waits for the first of two events of an IndexedDB request or transaction (`target`):
/// `Ok(value(target))` on `ok_event`, `Err(error(target))` on `fail_event`.
async fn settle(
    target: &JsValue,
    [ok_event, fail_event]: [&'static str; 2],
    value: fn(&JsValue) -> JsValue,
    error: fn(&JsValue) -> JsValue,
) -> Result<JsValue, JsValue> {
    let mut functions = None;
    let promise = Promise::new(&mut |resolve, reject| functions = Some((resolve, reject)));
    let Some((resolve, reject)) = functions else { return Err(JsValue::from_str("the Promise executor did not run")) };
    let (ok_target, fail_target) = (target.clone(), target.clone());
    let _on_ok = Handler::set(
        target,
        ok_event,
        Closure::new(move |_: JsValue| {
            let _ = resolve.call1(&JsValue::UNDEFINED, &value(&ok_target));
        }),
    );
    let _on_fail = Handler::set(
        target,
        fail_event,
        Closure::new(move |_: JsValue| {
            let _ = reject.call1(&JsValue::UNDEFINED, &error(&fail_target));
        }),
    );
    JsFuture::from(promise).await
}

/// The request's result once it succeeded; its error (a `DOMException`) if it failed.
async fn request_result(req: &IdbRequest) -> Result<JsValue, JsValue> {
    settle(
        req,
        ["onsuccess", "onerror"],
        |r| r.unchecked_ref::<IdbRequest>().result().unwrap_or(JsValue::UNDEFINED),
        |r| r.unchecked_ref::<IdbRequest>().error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL),
    )
    .await
}

/// Returns when the transaction has committed; fails with the transaction's error (a
/// `DOMException`, e.g. `QuotaExceededError`) if it fails or aborts. A failed request aborts
/// its transaction, so `abort` is the one event that always follows a failure.
async fn committed(tx: &IdbTransaction) -> Result<JsValue, JsValue> {
    settle(
        tx,
        ["oncomplete", "onabort"],
        |_| JsValue::UNDEFINED,
        |t| t.unchecked_ref::<IdbTransaction>().error().map(JsValue::from).unwrap_or_else(|| JsValue::from_str("the transaction was aborted")),
    )
    .await
}

async fn database() -> Result<IdbDatabase, StorageError> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let window = web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
    let factory = window.indexed_db().map_err(unavailable)?.ok_or_else(|| StorageError::Unavailable("IndexedDB is disabled".into()))?;
    let open: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, 1).map_err(unavailable)?;
    let upgrade_req = open.clone();
    let _on_upgrade = Handler::set(
        &open,
        "onupgradeneeded",
        Closure::new(move |_e: JsValue| {
            if let Ok(result) = upgrade_req.result() {
                let db: IdbDatabase = result.unchecked_into();
                if !db.object_store_names().contains(STORE) {
                    let _ = db.create_object_store(STORE);
                }
            }
        }),
    );
    let db: IdbDatabase = request_result(&open).await.map_err(unavailable)?.dyn_into().map_err(unavailable)?;
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// A transaction on the store. A connection the browser has closed (site data cleared, the
/// database deleted by another tab) is forgotten, so that the next call opens a new one.
fn transaction(db: &IdbDatabase, mode: IdbTransactionMode) -> Result<IdbTransaction, StorageError> {
    db.transaction_with_str_and_mode(STORE, mode).map_err(|e| {
        DB.with(|d| d.borrow_mut().take());
        failed(e)
    })
}

/// The value under `key`. Once the database is open, a failed read is
/// [`StorageError::Failed`], not `Unavailable`: the caller must not read localStorage instead.
pub(crate) async fn get(key: &str) -> Result<Option<String>, StorageError> {
    Ok(get_value(key).await?.as_string())
}

/// The value under `key` as IndexedDB keeps it (any structured-cloneable value, e.g. the DPoP
/// key pair's `CryptoKey`); `undefined` when there is none.
pub(crate) async fn get_value(key: &str) -> Result<JsValue, StorageError> {
    let db = database().await?;
    let tx = transaction(&db, IdbTransactionMode::Readonly)?;
    let req = tx.object_store(STORE).map_err(failed)?.get(&JsValue::from_str(key)).map_err(failed)?;
    request_result(&req).await.map_err(failed)
}

/// Writes (or, with `None`, deletes) `key`, returning once the transaction has committed. Once
/// the database is open, a failed write (a request that throws, an aborted transaction, a full
/// disk) is [`StorageError::Failed`] or [`StorageError::QuotaExceeded`], never `Unavailable`.
pub(crate) async fn set(key: &str, value: Option<&str>) -> Result<(), StorageError> {
    set_value(key, value.map(JsValue::from_str).as_ref()).await
}

/// [`set`] for any structured-cloneable value.
pub(crate) async fn set_value(key: &str, value: Option<&JsValue>) -> Result<(), StorageError> {
    let db = database().await?;
    let tx = transaction(&db, IdbTransactionMode::Readwrite)?;
    let store = tx.object_store(STORE).map_err(failed)?;
    let request = match value {
        Some(v) => store.put_with_key(v, &JsValue::from_str(key)),
        None => store.delete(&JsValue::from_str(key)),
    };
    if let Err(e) = request {
        // Nothing was queued; end the transaction rather than leave it to commit empty.
        let _ = tx.abort();
        return Err(failed(e));
    }
    committed(&tx).await.map_err(failed)?;
    Ok(())
}
