//! The ID-token claims as a table (follows the session: a refresh with a new ID token updates it).

use leptos::prelude::*;
use logto_wasm::Value;
use logto_wasm_leptos::use_logto;

use crate::components::json::{inline, unix_time};

const TIME_CLAIMS: [&str; 5] = ["exp", "iat", "auth_time", "updated_at", "created_at"];
/// Shown first, in this order; the other claims follow alphabetically.
const FIRST: [&str; 5] = ["sub", "iss", "aud", "exp", "iat"];

#[component]
pub fn ClaimsTable() -> impl IntoView {
    let logto = use_logto();
    let rows = move || {
        let claims = logto.id_token_claims.get()?;
        let mut entries: Vec<(String, Value)> = claims.to_object().iter().map(|(k, v)| (k.to_owned(), v.clone())).collect();
        entries.sort_by_key(|(name, _)| (FIRST.iter().position(|f| f == name).unwrap_or(FIRST.len()), name.clone()));
        let rows = entries
            .into_iter()
            .map(|(name, value)| {
                let time = TIME_CLAIMS.contains(&name.as_str()).then(|| unix_time(&value)).flatten();
                let text = inline(&value);
                let key = name.clone();
                view! {
                    <tr data-claim=key>
                        <th scope="row"><code>{name}</code></th>
                        <td>
                            {text}
                            {time.map(|t| view! { <span class="muted time">{t}</span> })}
                        </td>
                    </tr>
                }
            })
            .collect::<Vec<_>>();
        Some(rows)
    };
    view! {
        <table class="claims" id="claims-table" data-testid="claims-table">
            <thead>
                <tr>
                    <th scope="col">"Claim"</th>
                    <th scope="col">"Value"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
