//! Pluggable storage. Values are strings (JSON written by the SDK). The trait is async so that
//! a custom JS storage may return Promises; the Web Storage backends answer at once.
//!
//! The Web Storage backend talks to `web_sys` directly rather than through `gloo-storage`:
//! gloo's `raw()` panics (`expect_throw`) when storage is unavailable — sandboxed iframes,
//! disabled cookies — and a panic would take the whole wasm module down with it.

#[allow(unused_imports)]
use crate::prelude::*;

use ::core::cell::RefCell;
use ::core::future::Future;
use ::core::pin::Pin;

use wasm_bindgen::{JsCast, JsValue};

pub(crate) mod idb;
use crate::browser::KeyedList;
use crate::core::codes::ErrorCode;
use crate::core::error::{concat, text, ErrorInfo};

/// A boxed storage future.
pub type StorageFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StorageError>> + 'a>>;

/// Where the SDK keeps its state. Implement it to plug in your own storage.
pub trait Storage {
    /// The value under `key`, if any.
    fn get_item<'a>(&'a self, key: &'a str) -> StorageFuture<'a, Option<String>>;
    /// Stores `value` under `key`.
    fn set_item<'a>(&'a self, key: &'a str, value: &'a str) -> StorageFuture<'a, ()>;
    /// Removes `key`.
    fn remove_item<'a>(&'a self, key: &'a str) -> StorageFuture<'a, ()>;
    /// Whether each browser tab has its own copy (like `sessionStorage`, which "Duplicate tab"
    /// copies). The SDK then makes sure only one tab spends a given refresh token.
    fn is_per_tab(&self) -> bool {
        false
    }
}

/// Why storage failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StorageError {
    /// Code `storage.unavailable`. The storage cannot be used on this page: no `window`,
    /// Web Storage disabled or refused (`SecurityError`, e.g. blocked cookies or a sandboxed
    /// iframe), or a custom storage object without `getItem` / `setItem` / `removeItem`;
    /// holds the browser's reason.
    Unavailable(String),
    /// Code `storage.quota_exceeded`. A write was refused because the storage is full
    /// (`QuotaExceededError`).
    QuotaExceeded,
    /// Code `storage.failed`. Any other failure of a storage call: it threw, its Promise
    /// rejected, or `getItem` returned a non-string; holds the reason.
    Failed(String),
}

crate::error_display!(StorageError);

impl ErrorInfo for StorageError {
    fn message(&self) -> String {
        match self {
            StorageError::Unavailable(a0) => concat(&["storage is unavailable: ", &text(a0)]),
            StorageError::QuotaExceeded => "storage quota exceeded".to_owned(),
            StorageError::Failed(a0) => concat(&["storage operation failed: ", &text(a0)]),
        }
    }
    fn code(&self) -> ErrorCode {
        match self {
            StorageError::Unavailable(_) => ErrorCode::StorageUnavailable,
            StorageError::QuotaExceeded => ErrorCode::StorageQuotaExceeded,
            StorageError::Failed(_) => ErrorCode::StorageFailed,
        }
    }
}

/// Describes a thrown JS value without panicking.
pub(crate) fn js_error_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        let name: String = err.name().into();
        let msg: String = err.message().into();
        return concat(&[&name, ": ", &msg]);
    }
    e.as_string().unwrap_or_else(|| "unknown error".to_owned())
}

fn classify(e: &JsValue) -> StorageError {
    let name = e.dyn_ref::<js_sys::Error>().map(|err| String::from(err.name())).unwrap_or_default();
    match name.as_str() {
        "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => StorageError::QuotaExceeded,
        "SecurityError" => StorageError::Unavailable(js_error_text(e)),
        _ => StorageError::Failed(js_error_text(e)),
    }
}

/// `localStorage` or `sessionStorage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageKind {
    /// `localStorage`, shared by the tabs of the origin and kept across browser restarts;
    /// mirrored in IndexedDB (see [`WebStorage`]).
    Local,
    /// `sessionStorage`: per tab, gone when the tab closes. The default.
    Session,
}

/// Web Storage. Every access is checked: storage that is missing or throws gives a
/// [`StorageError`], never a panic.
#[derive(Debug, Clone, Copy)]
pub struct WebStorage(pub StorageKind);

impl WebStorage {
    fn raw(&self) -> Result<web_sys::Storage, StorageError> {
        let window = web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
        let storage = match self.0 {
            StorageKind::Local => window.local_storage(),
            StorageKind::Session => window.session_storage(),
        };
        storage.map_err(|e| StorageError::Unavailable(js_error_text(&e)))?.ok_or_else(|| StorageError::Unavailable("storage is disabled".into()))
    }

    /// Whether this storage can be used on this page.
    pub fn is_available(&self) -> bool {
        self.raw().is_ok()
    }
}

impl WebStorage {
    fn web_get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.raw().and_then(|s| s.get_item(key).map_err(|e| classify(&e)))
    }
    fn web_set(&self, key: &str, value: Option<&str>) -> Result<(), StorageError> {
        self.raw().and_then(|s| match value {
            Some(v) => s.set_item(key, v).map_err(|e| classify(&e)),
            None => s.remove_item(key).map_err(|e| classify(&e)),
        })
    }
}

/// `sessionStorage` is used as it is. `localStorage` is shared by tabs but, in Chromium,
/// eventually consistent between them: its values are therefore kept in IndexedDB too, which
/// is read first (coherent across tabs), and localStorage is the fallback where IndexedDB is
/// unavailable (cannot be opened on this page). Writes go to both; a write returns once
/// IndexedDB has committed it. If IndexedDB took a write and localStorage refused it (full, or
/// blocked), the write has succeeded — IndexedDB is what is read — and the key is dropped from
/// localStorage, so that no older value is left there. A read or write that fails in an
/// IndexedDB that opened is an error, and localStorage is not touched: a value written there
/// instead would never be read (IndexedDB's older one would), so a rotated refresh token would
/// be lost while the write reported success.
impl Storage for WebStorage {
    fn get_item<'a>(&'a self, key: &'a str) -> StorageFuture<'a, Option<String>> {
        if self.0 == StorageKind::Session {
            return Box::pin(::core::future::ready(self.web_get(key)));
        }
        Box::pin(async move {
            match idb::get(key).await {
                Err(StorageError::Unavailable(_)) => self.web_get(key),
                other => other,
            }
        })
    }
    fn set_item<'a>(&'a self, key: &'a str, value: &'a str) -> StorageFuture<'a, ()> {
        if self.0 == StorageKind::Session {
            return Box::pin(::core::future::ready(self.web_set(key, Some(value))));
        }
        Box::pin(async move {
            match idb::set(key, Some(value)).await {
                Ok(()) => {
                    if self.web_set(key, Some(value)).is_err() {
                        let _ = self.web_set(key, None);
                    }
                    Ok(())
                }
                Err(StorageError::Unavailable(_)) => self.web_set(key, Some(value)),
                Err(e) => Err(e),
            }
        })
    }
    fn remove_item<'a>(&'a self, key: &'a str) -> StorageFuture<'a, ()> {
        if self.0 == StorageKind::Session {
            return Box::pin(::core::future::ready(self.web_set(key, None)));
        }
        Box::pin(async move {
            match idb::set(key, None).await {
                // Gone from IndexedDB: a localStorage that cannot be reached cannot serve it either.
                Ok(()) => {
                    let _ = self.web_set(key, None);
                    Ok(())
                }
                Err(StorageError::Unavailable(_)) => self.web_set(key, None),
                Err(e) => Err(e),
            }
        })
    }
    fn is_per_tab(&self) -> bool {
        self.0 == StorageKind::Session
    }
}

/// In-memory storage: nothing survives a reload. For tests, or for apps that want no
/// persistence at all.
#[derive(Debug, Default)]
pub struct MemoryStorage(RefCell<KeyedList<String>>);

impl Storage for MemoryStorage {
    fn get_item<'a>(&'a self, key: &'a str) -> StorageFuture<'a, Option<String>> {
        let v = self.0.borrow().get(key).cloned();
        Box::pin(::core::future::ready(Ok(v)))
    }
    fn set_item<'a>(&'a self, key: &'a str, value: &'a str) -> StorageFuture<'a, ()> {
        self.0.borrow_mut().insert(key.to_owned(), value.to_owned());
        Box::pin(::core::future::ready(Ok(())))
    }
    fn remove_item<'a>(&'a self, key: &'a str) -> StorageFuture<'a, ()> {
        self.0.borrow_mut().remove(key);
        Box::pin(::core::future::ready(Ok(())))
    }
}

/// A JS object with `getItem`, `setItem` and `removeItem` (like `localStorage`); each may
/// return a value or a Promise.
#[derive(Debug, Clone)]
pub struct JsObjectStorage {
    object: JsValue,
}

impl JsObjectStorage {
    /// Wraps the object after checking it has the three methods.
    pub fn new(object: JsValue) -> Result<Self, StorageError> {
        for m in ["getItem", "setItem", "removeItem"] {
            let f = js_sys::Reflect::get(&object, &JsValue::from_str(m)).map_err(|e| StorageError::Unavailable(js_error_text(&e)))?;
            if !f.is_function() {
                return Err(StorageError::Unavailable(concat(&["custom storage has no ", m, "() method"])));
            }
        }
        Ok(JsObjectStorage { object })
    }

    async fn call(&self, method: &str, args: &[&str]) -> Result<JsValue, StorageError> {
        let f: js_sys::Function = js_sys::Reflect::get(&self.object, &JsValue::from_str(method))
            .map_err(|e| classify(&e))?
            .dyn_into()
            .map_err(|_| StorageError::Failed(concat(&[method, " is not a function"])))?;
        let result = match args {
            [a] => f.call1(&self.object, &JsValue::from_str(a)),
            [a, b] => f.call2(&self.object, &JsValue::from_str(a), &JsValue::from_str(b)),
            _ => f.call0(&self.object),
        }
        .map_err(|e| classify(&e))?;
        if result.has_type::<js_sys::Promise>() {
            let p: js_sys::Promise = result.unchecked_into();
            wasm_bindgen_futures::JsFuture::from(p).await.map_err(|e| classify(&e))
        } else {
            Ok(result)
        }
    }
}

impl Storage for JsObjectStorage {
    fn get_item<'a>(&'a self, key: &'a str) -> StorageFuture<'a, Option<String>> {
        Box::pin(async move {
            let v = self.call("getItem", &[key]).await?;
            if v.is_null() || v.is_undefined() {
                return Ok(None);
            }
            v.as_string().map(Some).ok_or_else(|| StorageError::Failed("getItem() returned a non-string".into()))
        })
    }
    fn set_item<'a>(&'a self, key: &'a str, value: &'a str) -> StorageFuture<'a, ()> {
        Box::pin(async move { self.call("setItem", &[key, value]).await.map(|_| ()) })
    }
    fn remove_item<'a>(&'a self, key: &'a str) -> StorageFuture<'a, ()> {
        Box::pin(async move { self.call("removeItem", &[key]).await.map(|_| ()) })
    }
}
