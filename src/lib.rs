//! # logto-wasm
//!
//! Logto / OpenID Connect sign-in for browser single-page apps, written in Rust and compiled to
//! WebAssembly: authorization code + PKCE, ID tokens verified on every receipt, access tokens for
//! API resources and organizations.
//!
//! The crate has three layers:
//! - [`core`]: the sans-io protocol core. Pure Rust: every network step is a pair of a request
//!   builder (`*_request`) and a response parser (`parse_*_response`); the clock, random bytes and
//!   signature verification come in as inputs. Tested natively.
//! - `browser` (wasm32 only): the only code that touches the browser — `fetch`, Web Storage,
//!   WebCrypto, `location`, `history`. It is also the plain async Rust API for Rust frontends.
//! - `js` (wasm32, feature `js`): the wasm-bindgen facade that mirrors `@logto/browser`, for the
//!   npm package. Rust frontends leave the feature off.
//!
//! What an app needs is at the crate root: `use logto_wasm::{LogtoClient, LogtoConfig,
//! SignInOptions};`, the claims, the error codes and the storage types.
#![no_std]
#![warn(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

// The crate needs only `alloc`. `std` is linked everywhere but in the npm module (feature `js`
// without `std`), which carries no `std` at all: no panic machinery, no formatting behind it
// (the panic handler below; docs/size.md).
extern crate alloc;
#[cfg(not(all(target_arch = "wasm32", feature = "js", not(feature = "std"))))]
extern crate std;

/// The npm module's panic handler. No panic is reachable from the network, storage or the user
/// (clippy denies `unwrap`, `expect`, `panic!` and indexing in the library); were one reached
/// anyway, it traps, as `panic = "abort"` did with `std`.
#[cfg(all(target_arch = "wasm32", feature = "js", not(feature = "std")))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo<'_>) -> ! {
    ::core::arch::wasm32::unreachable()
}

/// A small deterministic random-number generator (xorshift64) for the crate's randomized tests.
#[cfg(test)]
pub(crate) fn test_rng(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

/// What `std`'s prelude would bring, for the crate's modules.
#[allow(unused_imports)]
pub(crate) mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::boxed::Box;
    pub(crate) use alloc::format;
    pub(crate) use alloc::string::{String, ToString};
    pub(crate) use alloc::vec;
    pub(crate) use alloc::vec::Vec;
}

pub mod core;

// The crate's own error macros, by the short paths the modules use.
pub(crate) use crate::core::error::error_display;
#[cfg(target_arch = "wasm32")]
pub(crate) use crate::core::error::operation_error;

#[cfg(target_arch = "wasm32")]
pub mod browser;

#[cfg(target_arch = "wasm32")]
pub use crate::browser::{
    complete_popup_sign_in, CallbackOutcome, LogtoClient, MemoryStorage, SessionEvent, SessionWatch, SignInPopup, Storage, StorageError, StorageKind,
    WebStorage, POPUP_SIGN_IN_TIMEOUT_MS, SILENT_SIGN_IN_TIMEOUT_MS,
};
pub use crate::core::authorize::{DirectSignIn, DirectSignInMethod, FirstScreen, Identifier, InteractionMode, SignInOptions};
pub use crate::core::codes::ErrorCode;
pub use crate::core::config::LogtoConfig;
pub use crate::core::error::{ErrorInfo, OAuthError, ProviderError};
pub use crate::core::id_token::IdTokenClaims;
pub use crate::core::json::{Object, Value};
pub use crate::core::session::SessionRenewal;

// The JS facade; without `js`, its plain functions (`js::shape`) only: for the crate's tests, and
// public with `testing` for the size floor (bench/size-floor), which reads the JS options as the
// facade does.
#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub mod js;
#[cfg(all(feature = "testing", not(all(target_arch = "wasm32", feature = "js"))))]
#[doc(hidden)]
pub mod js;
#[cfg(all(test, not(feature = "testing"), not(all(target_arch = "wasm32", feature = "js"))))]
pub(crate) mod js;

// Fixtures for the crate's own tests (native, browser, Leptos); not a supported API.
#[cfg(feature = "testing")]
#[doc(hidden)]
pub mod testing;

// The npm package's allocator (src/heap.rs); Rust apps keep theirs.
#[cfg(any(test, all(target_arch = "wasm32", feature = "js")))]
mod heap;
#[cfg(all(target_arch = "wasm32", feature = "js", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: heap::global::SizeClassAllocator = heap::global::SizeClassAllocator::new();
