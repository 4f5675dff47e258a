//! The wasm-bindgen facade: JS names, Promises, TypeScript types and the one mapping of Rust
//! errors to `LogtoError`. No protocol logic lives here.

#[allow(unused_imports)]
use crate::prelude::*;

#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod client;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod error;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod options;
#[doc(hidden)]
pub mod shape;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod types;

#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub use client::JsLogtoClient;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub use error::LogtoError;
