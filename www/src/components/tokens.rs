//! An access token, fetched (and refreshed when needed) by the SDK, decoded for display.

use leptos::prelude::*;
use logto_wasm::{Object, Value};
use logto_wasm_leptos::use_logto;

use crate::components::errors::error_list;
use crate::components::json::{inline, unix_time, JsonBlock};

/// Which token a panel shows.
#[derive(Debug, Clone, Copy)]
pub enum TokenTarget {
    /// The access token for an API resource.
    Resource(&'static str),
    /// An organization token.
    Organization(&'static str),
}

/// The token's `aud`, `scope` and expiry, and all its claims. Element ids start with
/// `id_prefix` (`{id_prefix}-aud`, `{id_prefix}-scope`, `{id_prefix}-claims`).
#[component]
pub fn TokenPanel(target: TokenTarget, id_prefix: &'static str) -> impl IntoView {
    let logto = use_logto();
    let claims = LocalResource::new(move || async move {
        match target {
            TokenTarget::Resource(resource) => logto.get_access_token_claims(Some(resource)).await,
            TokenTarget::Organization(id) => logto.get_organization_token_claims(id).await,
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Fetching the token…"</p> }>
            <ErrorBoundary fallback=error_list>
                {move || Suspend::new(async move { claims.await.map(|c| token_view(c, id_prefix)) })}
            </ErrorBoundary>
        </Suspense>
    }
}

fn token_view(claims: Object, id_prefix: &'static str) -> impl IntoView {
    let aud = claims.get("aud").map(inline).unwrap_or_else(|| "—".to_owned());
    let scope = claims.get("scope").map(inline).filter(|s| !s.is_empty());
    let subject = claims.get("sub").map(inline);
    let expires = claims.get("exp").and_then(unix_time).unwrap_or_else(|| "—".to_owned());
    view! {
        <dl class="facts">
            <dt>"aud"</dt>
            <dd><code id=format!("{id_prefix}-aud") data-testid=format!("{id_prefix}-aud")>{aud}</code></dd>
            {subject.map(|sub| view! { <dt>"sub"</dt><dd><code>{sub}</code></dd> })}
            {scope.map(|scope| view! { <dt>"scope"</dt><dd><code id=format!("{id_prefix}-scope")>{scope}</code></dd> })}
            <dt>"expires"</dt>
            <dd>{expires}</dd>
        </dl>
        <details>
            <summary>"Decoded claims"</summary>
            <JsonBlock value=Value::Object(claims) id=format!("{id_prefix}-claims") />
        </details>
    }
}
