//! Reading the JS config and sign-in options.

use wasm_bindgen::{JsCast, JsValue};

use crate::browser::storage::{JsObjectStorage, MemoryStorage, Storage, StorageKind, WebStorage};
use crate::browser::StorageError;
use crate::core::authorize::{InteractionMode, SignInOptions};
use crate::core::config::LogtoConfig;
use crate::js::error::{to_js, InvalidArgument};

fn invalid(name: &'static str, reason: impl std::fmt::Display) -> JsValue {
    to_js(&InvalidArgument { name, reason: reason.to_string() })
}

/// Reads the config object. Unknown keys are ignored (as `@logto/browser` does).
pub(crate) fn read_config(config: &JsValue) -> Result<(LogtoConfig, Box<dyn Storage>), JsValue> {
    if !config.is_object() {
        return Err(invalid("config", "expected an object like { endpoint, appId }"));
    }
    let parsed: LogtoConfig = serde_wasm_bindgen::from_value(config.clone()).map_err(|e| invalid("config", e))?;
    let storage_value = js_sys::Reflect::get(config, &JsValue::from_str("storage")).unwrap_or(JsValue::UNDEFINED);
    let storage: Box<dyn Storage> = if storage_value.is_undefined() || storage_value.is_null() {
        Box::new(WebStorage(StorageKind::Session))
    } else if let Some(kind) = storage_value.as_string() {
        match kind.as_str() {
            "session" => Box::new(WebStorage(StorageKind::Session)),
            "local" => Box::new(WebStorage(StorageKind::Local)),
            "memory" => Box::new(MemoryStorage::default()),
            other => return Err(invalid("config.storage", format!("{other:?} is not 'session', 'local', 'memory' or a storage object"))),
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
        serde_wasm_bindgen::from_value(options.clone()).map_err(|e| invalid("options", e))?
    } else {
        return Err(invalid("options", "expected a redirect URI string or an options object"));
    };
    if !interaction_mode.is_undefined() && !interaction_mode.is_null() {
        let mode: InteractionMode = serde_wasm_bindgen::from_value(interaction_mode.clone()).map_err(|e| invalid("interactionMode", e))?;
        parsed.interaction_mode = Some(mode);
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

/// Serializes a value to a plain JS object (maps as objects, not `Map`s).
pub(crate) fn to_plain_js<T: serde::Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}
