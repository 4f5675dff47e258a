//! # logto-wasm-leptos
//!
//! [Leptos](https://leptos.dev) 0.8 (client-side rendering) integration for
//! [`logto_wasm`]: Logto / OpenID Connect sign-in for single-page apps.
//!
//! ```ignore
//! use leptos::prelude::*;
//! use leptos_router::{components::*, path};
//! use logto_wasm::LogtoConfig;
//! use logto_wasm_leptos::{provide_logto, use_logto, Callback, Protected, SignInOptions};
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     let mut config = LogtoConfig::new("https://tenant.logto.app", "app-id");
//!     config.scopes = vec!["email".into()];
//!     provide_logto(config);
//!     view! {
//!         <Router>
//!             <Routes fallback=|| "not found">
//!                 <Route path=path!("/callback") view=|| view! { <Callback redirect_to="/" /> } />
//!                 <Route path=path!("/") view=Home />
//!             </Routes>
//!         </Router>
//!     }
//! }
//!
//! #[component]
//! fn Home() -> impl IntoView {
//!     let logto = use_logto();
//!     let sign_in = move |_| {
//!         leptos::task::spawn_local(async move {
//!             // A failure is also in `logto.error`.
//!             let _ = logto.sign_in(SignInOptions::new("https://app.example/callback")).await;
//!         })
//!     };
//!     view! {
//!         <Protected fallback=move || view! { <button on:click=sign_in>"Sign in"</button> }>
//!             <p>"Hello " {move || logto.id_token_claims.get().map(|c| c.sub)}</p>
//!         </Protected>
//!     }
//! }
//! ```
//!
//! - [`provide_logto`] creates the client and puts a [`Logto`] handle in context;
//!   [`use_logto`] returns it: signals (`is_authenticated`, `id_token_claims`, `is_loading`,
//!   `error`) and async actions (`sign_in`, `sign_out`, `get_access_token`,
//!   `get_organization_token`, `fetch_user_info`, ...).
//! - [`Callback`] handles the redirect URI's route; [`Protected`] guards a subtree.
//! - Errors are [`LogtoError`] (stable `code`, `message`, the provider's OAuth error), usable with
//!   `<ErrorBoundary>`.

#![cfg(target_arch = "wasm32")]

mod components;
mod context;
mod error;

pub use components::{use_user_info, Callback, CallbackProps, Protected, ProtectedProps, UserInfo};
pub use context::{provide_logto, provide_logto_with_client, try_use_logto, use_logto, Logto};
pub use error::LogtoError;
pub use logto_wasm::{CallbackOutcome, FirstScreen, IdTokenClaims, LogtoConfig, SignInOptions};
