//! The wasm-bindgen facade: JS names, Promises, TypeScript types and the one mapping of Rust
//! errors to `LogtoError`. No protocol logic lives here.

#[allow(unused_imports)]
use crate::prelude::*;

mod client;
mod error;
mod options;
mod types;

pub use client::JsLogtoClient;
pub use error::LogtoError;
