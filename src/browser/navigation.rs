//! The browser's address bar: navigating to the provider and back, and cleaning the callback
//! parameters out of the URL once handled.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::JsValue;

use crate::browser::errors::PlatformError;
use crate::browser::storage::js_error_text;
use crate::core::url::remove_query_params;

/// Callback parameters removed from the address bar once handled.
const CALLBACK_PARAMS: [&str; 6] = ["code", "state", "iss", "session_state", "error", "error_description"];

/// `location.assign(url)`.
pub(crate) fn navigate(url: &str) -> Result<(), PlatformError> {
    let window = web_sys::window().ok_or_else(|| PlatformError::Navigation("no window".into()))?;
    window.location().assign(url).map_err(|e| PlatformError::Navigation(js_error_text(&e)))
}

/// `location.replace(url)`: leaves the current URL out of the history (used after a callback,
/// so that Back never returns to a URL carrying a spent code and state).
pub(crate) fn navigate_replacing(url: &str) -> Result<(), PlatformError> {
    let window = web_sys::window().ok_or_else(|| PlatformError::Navigation("no window".into()))?;
    window.location().replace(url).map_err(|e| PlatformError::Navigation(js_error_text(&e)))
}

/// Replaces the current history entry with `url` without the callback parameters, if the
/// page is at `url`.
pub(crate) fn clean_address_bar(url: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if window.location().href().ok().as_deref() != Some(url) {
        return;
    }
    if let (Some(cleaned), Ok(history)) = (remove_query_params(url, &CALLBACK_PARAMS), window.history()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&cleaned));
    }
}
