//! Reading the JS config and sign-in options. Both cross the boundary as JSON text
//! (`JSON.stringify`) and are read by `js::shape` (`config_from_js`, `sign_in_options_from_js`),
//! the same code the native tests run.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::{JsCast, JsValue};

use crate::browser::storage::{JsObjectStorage, MemoryStorage, Storage, StorageKind, WebStorage};
use crate::browser::StorageError;
use crate::core::authorize::{InteractionMode, SignInOptions};
use crate::core::config::LogtoConfig;
use crate::core::error::{concat, text};
use crate::core::json::{parse_object, Object};
use crate::js::error::{to_js, InvalidArgument};
use crate::js::shape::{config_from_js, sign_in_options_from_js, CONFIG_MEMBERS};

fn invalid(name: &'static str, reason: impl Into<String>) -> JsValue {
    to_js(&InvalidArgument { name, reason: reason.into() })
}

/// `JSON.stringify(value, members)` read back as an object. `members`, when given, are the only
/// members serialized (so that a storage object with functions or cycles is never touched).
fn to_object(value: &JsValue, members: Option<&[&str]>, name: &'static str) -> Result<Object, JsValue> {
    let text = match members {
        Some(list) => {
            let names: js_sys::Array = list.iter().map(|m| JsValue::from_str(m)).collect();
            js_sys::JSON::stringify_with_replacer(value, &names)
        }
        None => js_sys::JSON::stringify(value),
    }
    .ok()
    .and_then(|s| s.as_string())
    .ok_or_else(|| invalid(name, "cannot be serialized as JSON (a cycle, or a BigInt)"))?;
    parse_object(text.as_bytes()).map_err(|e| invalid(name, e.message()))
}

/// Reads the config object. Unknown keys are ignored (as `@logto/browser` does).
pub(crate) fn read_config(config: &JsValue) -> Result<(LogtoConfig, Box<dyn Storage>), JsValue> {
    if !config.is_object() {
        return Err(invalid("config", "expected an object like { endpoint, appId }"));
    }
    let object = to_object(config, Some(&CONFIG_MEMBERS), "config")?;
    let parsed = config_from_js(&object).map_err(|e| invalid("config", e.message()))?;
    let storage_value = js_sys::Reflect::get(config, &JsValue::from_str("storage")).unwrap_or(JsValue::UNDEFINED);
    let storage: Box<dyn Storage> = if storage_value.is_undefined() || storage_value.is_null() {
        Box::new(WebStorage(StorageKind::Session))
    } else if let Some(kind) = storage_value.as_string() {
        match kind.as_str() {
            "session" => Box::new(WebStorage(StorageKind::Session)),
            "local" => Box::new(WebStorage(StorageKind::Local)),
            "memory" => Box::new(MemoryStorage::default()),
            _ => return Err(invalid("config.storage", "expected 'session', 'local', 'memory' or a storage object")),
        }
    } else if storage_value.is_object() {
        Box::new(JsObjectStorage::new(storage_value).map_err(|e: StorageError| to_js(&e))?)
    } else {
        return Err(invalid("config.storage", "expected 'session', 'local', 'memory' or an object with getItem/setItem/removeItem"));
    };
    Ok((parsed, storage))
}

/// `signIn(options)` or `signIn(redirectUri, interactionMode?, loginHint?)`, as `@logto/browser`.
pub(crate) fn read_sign_in_options(options: &JsValue, interaction_mode: &JsValue, login_hint: &JsValue) -> Result<SignInOptions, JsValue> {
    let mut parsed = if let Some(uri) = options.as_string() {
        SignInOptions::new(uri)
    } else if options.is_object() && !options.is_instance_of::<js_sys::Array>() {
        sign_in_options_from_js(&to_object(options, None, "options")?).map_err(|e| invalid("options", e.message()))?
    } else {
        return Err(invalid("options", "expected a redirect URI string or an options object"));
    };
    if !interaction_mode.is_undefined() && !interaction_mode.is_null() {
        let mode = interaction_mode.as_string().as_deref().and_then(InteractionMode::from_name);
        parsed.interaction_mode = Some(mode.ok_or_else(|| invalid("interactionMode", "expected 'signIn' or 'signUp'"))?);
    }
    if let Some(hint) = login_hint.as_string() {
        parsed.login_hint = Some(hint);
    }
    Ok(parsed)
}

/// An optional string argument.
pub(crate) fn optional_string(value: &JsValue, name: &'static str) -> Result<Option<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| invalid(name, "expected a string"))
}

/// A required string argument.
pub(crate) fn required_string(value: &JsValue, name: &'static str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| invalid(name, "expected a string"))
}

/// A plain JS object with the members in the provider's order (`JSON.parse` of the core's
/// JSON text).
pub(crate) fn to_plain_js(value: &Object) -> JsValue {
    js_sys::JSON::parse(&value.to_json()).unwrap_or(JsValue::NULL)
}

/// `signInSilently(options)` and `signInWithPopup(options)`: the sign-in options (a redirect URI
/// or an object) and how long to wait for the answer (`timeoutInSeconds`: `default_ms` when
/// absent, above 0 and at most `max_seconds`).
pub(crate) fn read_options_with_timeout(options: &JsValue, default_ms: u32, max_seconds: u32) -> Result<(SignInOptions, u32), JsValue> {
    let parsed = read_sign_in_options(options, &JsValue::UNDEFINED, &JsValue::UNDEFINED)?;
    let timeout = if options.is_object() {
        js_sys::Reflect::get(options, &JsValue::from_str("timeoutInSeconds")).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    };
    if timeout.is_undefined() {
        return Ok((parsed, default_ms));
    }
    match timeout.as_f64() {
        Some(s) if s > 0.0 && s <= f64::from(max_seconds) => Ok((parsed, (s * 1000.0) as u32)),
        _ => Err(invalid("options", concat(&["`timeoutInSeconds` must be a number of seconds above 0 and at most ", &text(&max_seconds)]))),
    }
}
