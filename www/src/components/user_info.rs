//! The userinfo response: Logto's `custom_data`, `identities` and `organization_data`.

use leptos::prelude::*;
use logto_wasm::{Object, Value};
use logto_wasm_leptos::use_logto;

use crate::components::errors::error_list;
use crate::components::json::JsonBlock;

const HIGHLIGHTED: [(&str, &str); 3] =
    [("custom_data", "userinfo-custom-data"), ("identities", "userinfo-identities"), ("organization_data", "userinfo-organization-data")];

#[component]
pub fn UserInfoPanel() -> impl IntoView {
    let logto = use_logto();
    let info = LocalResource::new(move || async move { logto.fetch_user_info().await });
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Fetching user info…"</p> }>
            <ErrorBoundary fallback=error_list>
                {move || Suspend::new(async move { info.await.map(user_info_view) })}
            </ErrorBoundary>
        </Suspense>
    }
}

fn user_info_view(info: Object) -> impl IntoView {
    let sections = HIGHLIGHTED
        .iter()
        .map(|(name, id)| {
            let value = info.get(*name).cloned();
            view! {
                <h3><code>{*name}</code></h3>
                {match value {
                    Some(value) => view! { <JsonBlock value id=*id /> }.into_any(),
                    None => view! { <p class="muted" id=*id>"not in the response"</p> }.into_any(),
                }}
            }
        })
        .collect::<Vec<_>>();
    view! {
        {sections}
        <details>
            <summary>"Full response"</summary>
            <JsonBlock value=Value::Object(info) id="userinfo-json" />
        </details>
    }
}
