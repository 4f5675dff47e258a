//! A tiny key-value store in IndexedDB. Unlike `localStorage` — whose writes reach other tabs
//! asynchronously in Chromium, so a tab may read a stale value even after another tab's write
//! and a Web Lock hand-over — IndexedDB transactions are coherent across tabs. Shared
//! (`'local'`) sessions are read from here, so a refresh token is never re-read stale.

use std::cell::RefCell;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::browser::storage::{js_error_text, StorageError};
use crate::core::error::concat;

const DB_NAME: &str = "logto-wasm";
const STORE: &str = "kv";

thread_local! {
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

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

/// Resolves with the request's result on `success`, rejects on `error`.
fn request_promise(req: &IdbRequest) -> Promise {
    Promise::new(&mut |resolve: Function, reject: Function| {
        let ok_req = req.clone();
        let on_success = Closure::once_into_js(move |_e: JsValue| {
            let _ = resolve.call1(&JsValue::UNDEFINED, &ok_req.result().unwrap_or(JsValue::UNDEFINED));
        });
        let err_req = req.clone();
        let on_error = Closure::once_into_js(move |_e: JsValue| {
            let err = err_req.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::UNDEFINED, &err);
        });
        req.set_onsuccess(Some(on_success.unchecked_ref()));
        req.set_onerror(Some(on_error.unchecked_ref()));
    })
}

/// Resolves when the transaction commits; rejects with the transaction's error (a
/// `DOMException`, e.g. `QuotaExceededError`) if it fails or aborts. A failed request aborts
/// its transaction, so `abort` is the one event that always follows a failure.
fn transaction_promise(tx: &IdbTransaction) -> Promise {
    Promise::new(&mut |resolve: Function, reject: Function| {
        let on_complete = Closure::once_into_js(move |_e: JsValue| {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
        let aborted = tx.clone();
        let on_abort = Closure::once_into_js(move |_e: JsValue| {
            let error = aborted.error().map(JsValue::from).unwrap_or_else(|| JsValue::from_str("the transaction was aborted"));
            let _ = reject.call1(&JsValue::UNDEFINED, &error);
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    })
}

async fn database() -> Result<IdbDatabase, StorageError> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let window = web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
    let factory = window.indexed_db().map_err(unavailable)?.ok_or_else(|| StorageError::Unavailable("IndexedDB is disabled".into()))?;
    let open: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, 1).map_err(unavailable)?;
    let upgrade_req = open.clone();
    let on_upgrade = Closure::once_into_js(move |_e: JsValue| {
        if let Ok(result) = upgrade_req.result() {
            let db: IdbDatabase = result.unchecked_into();
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    open.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db: IdbDatabase = JsFuture::from(request_promise(&open)).await.map_err(unavailable)?.dyn_into().map_err(unavailable)?;
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
    let db = database().await?;
    let tx = transaction(&db, IdbTransactionMode::Readonly)?;
    let req = tx.object_store(STORE).map_err(failed)?.get(&JsValue::from_str(key)).map_err(failed)?;
    let value = JsFuture::from(request_promise(&req)).await.map_err(failed)?;
    Ok(value.as_string())
}

/// Writes (or, with `None`, deletes) `key`, returning once the transaction has committed. Once
/// the database is open, a failed write (a request that throws, an aborted transaction, a full
/// disk) is [`StorageError::Failed`] or [`StorageError::QuotaExceeded`], never `Unavailable`.
pub(crate) async fn set(key: &str, value: Option<&str>) -> Result<(), StorageError> {
    let db = database().await?;
    let tx = transaction(&db, IdbTransactionMode::Readwrite)?;
    let committed = transaction_promise(&tx);
    let store = tx.object_store(STORE).map_err(failed)?;
    let request = match value {
        Some(v) => store.put_with_key(&JsValue::from_str(v), &JsValue::from_str(key)),
        None => store.delete(&JsValue::from_str(key)),
    };
    if let Err(e) = request {
        // Nothing was queued; end the transaction rather than leave it to commit empty.
        let _ = tx.abort();
        return Err(failed(e));
    }
    JsFuture::from(committed).await.map_err(failed)?;
    Ok(())
}
