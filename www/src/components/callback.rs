//! The redirect URI's page: completes the sign-in, then goes home.

use leptos::prelude::*;
use logto_wasm_leptos::{use_logto, Callback};

use crate::components::errors::error_list;

#[component]
pub fn CallbackPage() -> impl IntoView {
    let logto = use_logto();
    view! {
        <ErrorBoundary fallback=move |errors| {
            view! {
                <section class="card" id="callback-error">
                    <h2>"Sign-in could not be completed"</h2>
                    {error_list(errors)}
                    <p>
                        <a href="/" id="back-home" on:click=move |_| logto.clear_error()>
                            "Back to the home page"
                        </a>
                    </p>
                </section>
            }
        }>
            <Callback redirect_to="/">
                <section class="card" id="callback-working">
                    <p class="muted">"Signing you in…"</p>
                </section>
            </Callback>
        </ErrorBoundary>
    }
}
