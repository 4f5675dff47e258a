//! Rendering JSON values for people.

use leptos::prelude::*;
use logto_wasm::Value;

/// A scalar as text (strings without quotes), anything else as compact JSON.
pub fn inline(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(|i| i.as_str().is_some()) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
        other => other.to_json(),
    }
}

/// A Unix time as an ISO date, for `exp`, `iat`, `auth_time`, ... Logto's `created_at` and
/// `updated_at` are in milliseconds: values too large for seconds are read as milliseconds.
pub fn unix_time(value: &Value) -> Option<String> {
    let number = value.as_i64()? as f64;
    let millis = if number.abs() >= 1e11 { number } else { number * 1000.0 };
    let date = js_sys::Date::new(&millis.into());
    date.to_iso_string().as_string()
}

/// A pretty-printed JSON block.
#[component]
pub fn JsonBlock(value: Value, #[prop(optional, into)] id: Option<String>) -> impl IntoView {
    // Pretty-printed by the engine: the sample carries no JSON formatter of its own.
    let parsed = js_sys::JSON::parse(&value.to_json()).unwrap_or(wasm_bindgen::JsValue::NULL);
    let text =
        js_sys::JSON::stringify_with_replacer_and_space(&parsed, &wasm_bindgen::JsValue::NULL, &2.into()).ok().and_then(|s| s.as_string()).unwrap_or_default();
    view! { <pre class="json" id=id>{text}</pre> }
}
