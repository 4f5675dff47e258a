//! The browser layer: the only code that touches web APIs (`fetch`, Web Storage, WebCrypto,
//! `location`, `history`). It is also the plain async Rust API for Rust frontends (Leptos,
//! Yew, Dioxus): [`LogtoClient`].

mod client;
mod crypto;
mod errors;
mod fetch;
mod flight;
mod id_token;
mod lock;
mod navigation;
mod provider;
mod session;
mod sign_in;
pub mod storage;
mod tokens;

pub use client::LogtoClient;
pub use crypto::{check_signature, verify_jws_signature};
pub use errors::*;
pub use storage::{MemoryStorage, Storage, StorageError, StorageKind, WebStorage};

/// Unix time in seconds, from the browser's clock.
pub(crate) fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}
