//! Rendering JSON values for people.

use leptos::prelude::*;
use serde_json::Value;

/// A scalar as text (strings without quotes), anything else as compact JSON.
pub fn inline(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(Value::is_string) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// A Unix time as an ISO date, for `exp`, `iat`, `auth_time`, ... Logto's `created_at` and
/// `updated_at` are in milliseconds: values too large for seconds are read as milliseconds.
pub fn unix_time(value: &Value) -> Option<String> {
    let number = value.as_f64()?;
    let millis = if number.abs() >= 1e11 { number } else { number * 1000.0 };
    let date = js_sys::Date::new(&millis.into());
    date.to_iso_string().as_string()
}

/// A pretty-printed JSON block.
#[component]
pub fn JsonBlock(value: Value, #[prop(optional, into)] id: Option<String>) -> impl IntoView {
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    view! { <pre class="json" id=id>{text}</pre> }
}
