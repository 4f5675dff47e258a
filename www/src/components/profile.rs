//! The signed-in page: who, the ID-token claims, userinfo, an API token and an organization token.

use leptos::prelude::*;
use leptos::task::spawn_local;
use logto_wasm_leptos::use_logto;

use crate::components::claims::ClaimsTable;
use crate::components::tokens::{TokenPanel, TokenTarget};
use crate::components::user_info::UserInfoPanel;
use crate::config::{post_logout_redirect_uri, API_RESOURCE, ORGANIZATION_ID};

#[component]
pub fn Profile() -> impl IntoView {
    let logto = use_logto();
    let name = move || logto.id_token_claims.get().map(|c| c.other.get("name").and_then(|v| v.as_str()).map(str::to_owned).unwrap_or_else(|| c.sub.clone()));
    let sub = move || logto.id_token_claims.get().map(|c| c.sub);
    let sign_out = move |_| {
        // Local state is cleared first: the page flips to signed out, then the browser goes
        // to the provider's end-session page and back to the home page.
        spawn_local(async move {
            let _ = logto.sign_out(Some(&post_logout_redirect_uri())).await;
        })
    };
    view! {
        <section class="card profile-head" id="signed-in">
            <div>
                <h1>"Hello, " <span id="display-name">{name}</span></h1>
                <p class="muted">"Subject " <code id="signed-in-sub">{sub}</code></p>
            </div>
            <button id="sign-out" data-testid="sign-out" on:click=sign_out>
                "Sign out"
            </button>
        </section>
        <div class="grid">
            <section class="card" id="claims">
                <h2>"ID token claims"</h2>
                <ClaimsTable />
            </section>
            <section class="card" id="userinfo">
                <h2>"User info"</h2>
                <p class="muted">"The userinfo endpoint's response."</p>
                <UserInfoPanel />
            </section>
            <section class="card" id="api-token">
                <h2>"API access token"</h2>
                <p class="muted">"Resource " <code>{API_RESOURCE}</code></p>
                <TokenPanel target=TokenTarget::Resource(API_RESOURCE) id_prefix="api-token" />
            </section>
            <section class="card" id="org-token">
                <h2>"Organization token"</h2>
                <p class="muted">"Organization " <code>{ORGANIZATION_ID}</code></p>
                <TokenPanel target=TokenTarget::Organization(ORGANIZATION_ID) id_prefix="org-token" />
            </section>
        </div>
    }
}
