//! The auth state in the top bar.

use leptos::prelude::*;
use logto_wasm_leptos::use_logto;

#[component]
pub fn AuthStatus() -> impl IntoView {
    let logto = use_logto();
    let label = move || match (logto.is_ready.get(), logto.id_token_claims.get()) {
        (false, _) => "Loading…".to_owned(),
        (true, Some(claims)) => format!("Signed in as {}", claims.sub),
        (true, None) => "Signed out".to_owned(),
    };
    view! {
        <span class="status" id="auth-status" class:busy=move || logto.is_loading.get()>
            {label}
        </span>
    }
}
