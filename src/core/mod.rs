//! The sans-io protocol core: pure Rust, no browser APIs, no globals.
//!
//! Each network step is a pair: a `*_request(...)` function that returns an [`HttpRequest`] and a
//! `parse_*_response(...)` function that takes the [`HttpResponse`]. The caller performs the I/O.
//! The clock (`now`, Unix seconds), random bytes and signature verification are inputs.

#[allow(unused_imports)]
use crate::prelude::*;

pub mod authorize;
// Internals: public only for the crate's fuzz targets and tests (feature `testing`).
#[cfg(feature = "testing")]
pub mod base64url;
#[cfg(not(feature = "testing"))]
pub(crate) mod base64url;
pub mod callback;
pub mod claims;
pub mod codes;
pub mod config;
#[cfg(feature = "rust-crypto")]
pub mod crypto_rust;
pub mod discovery;
pub mod dpop;
pub mod error;
pub mod http;
pub mod id_token;
pub mod json;
pub mod jwk;
pub mod jws;
pub mod par;
pub mod pkce;
pub mod secret;
pub mod session;
pub mod sign_out;
pub mod token;
#[cfg(feature = "testing")]
pub mod url;
#[cfg(not(feature = "testing"))]
pub(crate) mod url;
pub mod userinfo;

// Native only: they sign tokens with p256/rsa and verify with the `rust-crypto` feature.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod rp_tests;

pub use error::{ErrorInfo, OAuthError, ProviderError};
pub use http::{HttpRequest, HttpResponse, Method};
pub use secret::{AccessToken, AuthorizationCode, CodeVerifier, IdToken, Nonce, RefreshToken, State};
