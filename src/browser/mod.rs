//! The browser layer: the only code that touches web APIs (`fetch`, Web Storage, WebCrypto,
//! `location`, `history`). It is also the plain async Rust API for Rust frontends (Leptos,
//! Yew, Dioxus): [`LogtoClient`].

#[allow(unused_imports)]
use crate::prelude::*;

mod answer;
mod client;
mod crypto;
mod dpop;
mod errors;
mod events;
mod fetch;
mod flight;
mod id_token;
mod legacy;
mod lock;
mod navigation;
mod popup;
mod provider;
mod session;
mod sign_in;
mod silent;
pub mod storage;
mod tokens;

pub use client::LogtoClient;
pub use crypto::{check_signature, sha256, verify_jws_signature};
pub use errors::*;
pub use events::{SessionEvent, SessionWatch};
pub use popup::{complete_popup_sign_in, SignInPopup, POPUP_SIGN_IN_TIMEOUT_MS};
pub use sign_in::CallbackOutcome;
pub use silent::SILENT_SIGN_IN_TIMEOUT_MS;
pub use storage::{MemoryStorage, Storage, StorageError, StorageKind, WebStorage};

/// A static for the page's one thread, as `thread_local!` without `std`: a wasm module built
/// without the `atomics` target feature runs on one thread (with it, this does not compile).
pub(crate) struct PageLocal<T>(T);

// SAFETY: without `atomics` there is no other thread to share it with.
#[cfg(not(target_feature = "atomics"))]
unsafe impl<T> Sync for PageLocal<T> {}

impl<T> PageLocal<T> {
    pub(crate) const fn new(value: T) -> Self {
        PageLocal(value)
    }
    pub(crate) fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0)
    }
}

/// Unix time in seconds, from the browser's clock.
pub(crate) fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// A few values by string key, in a list: the single flights and the memory storage hold a
/// handful of keys, and a `HashMap` would link a hash table and a hasher into the wasm for them.
#[derive(Debug)]
pub(crate) struct KeyedList<V>(Vec<(String, V)>);

impl<V> Default for KeyedList<V> {
    fn default() -> Self {
        KeyedList(Vec::new())
    }
}

impl<V> KeyedList<V> {
    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub(crate) fn insert(&mut self, key: String, value: V) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key, value)),
        }
    }
    pub(crate) fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }
}
