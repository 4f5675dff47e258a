//! The home page: sign-in buttons when signed out, the profile when signed in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use logto_wasm_leptos::{use_logto, FirstScreen, Protected};

use crate::components::errors::AuthErrorBanner;
use crate::components::profile::Profile;
use crate::config::sign_in_options;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <AuthErrorBanner />
        <Protected
            loading=|| view! { <p class="muted" id="loading">"Loading…"</p> }
            fallback=|| view! { <SignedOut /> }
        >
            <Profile />
        </Protected>
    }
}

#[component]
fn SignedOut() -> impl IntoView {
    let logto = use_logto();
    // A sign-in that cannot start (provider unreachable, ...) lands in `logto.error`, which
    // the banner above shows.
    let start = move |first_screen: Option<FirstScreen>| {
        spawn_local(async move {
            let _ = logto.sign_in(sign_in_options(first_screen)).await;
        })
    };
    view! {
        <section class="card hero" id="signed-out">
            <h1>"Sign in with Logto, from Rust"</h1>
            <p>
                "This single-page app is written with Leptos and signs in through "
                <code>"logto-wasm"</code>
                ": authorization code with PKCE, a verified ID token, access tokens for an API "
                "and for an organization."
            </p>
            <p class="muted">"The dev provider accepts any username; the password is ignored."</p>
            <div class="actions">
                <button
                    class="primary"
                    id="sign-in"
                    data-testid="sign-in"
                    disabled=move || logto.is_loading.get()
                    on:click=move |_| start(None)
                >
                    "Sign in"
                </button>
                <button
                    id="create-account"
                    data-testid="create-account"
                    disabled=move || logto.is_loading.get()
                    on:click=move |_| start(Some(FirstScreen::Register))
                >
                    "Create account"
                </button>
            </div>
        </section>
    }
}
