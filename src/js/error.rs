//! `LogtoError`: the one error class the JS API throws. It is a real `Error` (its prototype
//! chain includes `Error.prototype`, it has a `stack`), with a stable `code`.

#[allow(unused_imports)]
use crate::prelude::*;

use ::core::cell::Cell;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::browser::PageLocal;
use crate::core::codes::ErrorCode;
use crate::core::error::{concat, ErrorInfo};

/// An error of the Logto SDK. `code` is stable (e.g. `callback.state_mismatch`); `error` and
/// `errorDescription` are the provider's, when it sent them.
#[wasm_bindgen]
pub struct LogtoError {
    code: String,
    message: String,
    error: Option<String>,
    error_description: Option<String>,
}

#[wasm_bindgen]
impl LogtoError {
    /// Stable machine-readable code.
    #[wasm_bindgen(getter, unchecked_return_type = "LogtoErrorCode")]
    pub fn code(&self) -> String {
        self.code.clone()
    }
    /// Human-readable message (never contains tokens or codes).
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> String {
        self.message.clone()
    }
    /// Always `"LogtoError"`.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        "LogtoError".to_owned()
    }
    /// The provider's OAuth `error`, if any.
    #[wasm_bindgen(getter)]
    pub fn error(&self) -> Option<String> {
        self.error.clone()
    }
    /// The provider's `error_description`, if any.
    #[wasm_bindgen(getter, js_name = errorDescription)]
    pub fn error_description(&self) -> Option<String> {
        self.error_description.clone()
    }
    /// `LogtoError: <code>: <message>`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_js_string(&self) -> String {
        concat(&["LogtoError: ", &self.code, ": ", &self.message])
    }
}

static PROTOTYPE_LINKED: PageLocal<Cell<bool>> = PageLocal::new(Cell::new(false));

/// Makes `LogtoError.prototype` inherit from `Error.prototype` (once), so that
/// `err instanceof Error` holds and devtools show it as an error.
fn link_prototype(instance: &JsValue) {
    if PROTOTYPE_LINKED.with(Cell::get) {
        return;
    }
    let proto = Object::get_prototype_of(instance);
    let error_proto = Object::get_prototype_of(&js_sys::Error::new(""));
    Object::set_prototype_of(&proto, &error_proto);
    PROTOTYPE_LINKED.with(|c| c.set(true));
}

/// The one place where Rust errors become JS errors.
pub(crate) fn to_js(e: &dyn ErrorInfo) -> JsValue {
    let provider = e.provider_error();
    let code = e.code().as_str();
    let err = LogtoError {
        code: code.to_owned(),
        message: crate::js::shape::js_message(code, e.message()),
        error: provider.map(|p| p.error.as_str().to_owned()),
        error_description: provider.and_then(|p| p.error_description.clone()),
    };
    let message = concat(&[&err.code, ": ", &err.message]);
    let value = JsValue::from(err);
    link_prototype(&value);
    if let Ok(stack) = Reflect::get(&js_sys::Error::new(&message), &JsValue::from_str("stack")) {
        let _ = Reflect::set(
            &value,
            &JsValue::from_str("stack"),
            // V8 starts the stack with the message ("Error: ..."); other engines list frames only.
            &stack.as_string().and_then(|s| s.strip_prefix("Error").map(|rest| concat(&["LogtoError", rest]))).map(JsValue::from).unwrap_or(stack),
        );
    }
    value
}

/// An invalid argument from JS (wrong type or shape). Sign-in options that cannot be read
/// (unknown `firstScreen`, `directSignIn` without `target`, ...) are `sign_in.invalid_option`.
#[derive(Debug)]
pub(crate) struct InvalidArgument {
    pub name: &'static str,
    pub reason: String,
}

impl InvalidArgument {
    fn is_sign_in_option(&self) -> bool {
        matches!(self.name, "options" | "interactionMode")
    }
}

impl ErrorInfo for InvalidArgument {
    fn message(&self) -> String {
        concat(&["invalid argument `", self.name, "`: ", &self.reason])
    }
    fn code(&self) -> ErrorCode {
        if self.is_sign_in_option() {
            ErrorCode::SignInInvalidOption
        } else {
            ErrorCode::InvalidArgument
        }
    }
}
