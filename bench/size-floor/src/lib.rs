//! One exported function, `claims(input) -> Result<String, String>`, that reads the 12 claims an
//! ID token check needs (the `sub` is returned), compiled five ways:
//!
//! - `bindgen-only`: no parsing at all; the floor of wasm-bindgen itself (string in, string out).
//! - `serde-json`: `serde_json::from_slice` into a `#[derive(Deserialize)]` struct.
//! - `jwt-compact`: what the chosen JWT crate does for every token: `UntrustedToken::new` (header
//!   through serde_json) and `deserialize_claims_unchecked` (claims through serde_json).
//! - `serde-wasm-bindgen`: the engine's `JSON.parse`, then `serde_wasm_bindgen::from_value`.
//! - `engine-json`: the engine's `JSON.parse`, then the fields read one by one with `Reflect`.
//!
//! Errors are formatted (`to_string`) as the SDK does, so that message code is counted.
use wasm_bindgen::prelude::*;

#[cfg(any(feature = "serde-json", feature = "jwt-compact", feature = "serde-wasm-bindgen"))]
#[derive(serde::Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

#[cfg(any(feature = "serde-json", feature = "jwt-compact", feature = "serde-wasm-bindgen"))]
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Claims {
    iss: String,
    sub: String,
    aud: Audience,
    #[cfg(not(feature = "jwt-compact"))]
    exp: i64,
    #[cfg(not(feature = "jwt-compact"))]
    iat: i64,
    nonce: Option<String>,
    azp: Option<String>,
    at_hash: Option<String>,
    sid: Option<String>,
    auth_time: Option<i64>,
    name: Option<String>,
    email: Option<String>,
}

#[cfg(feature = "bindgen-only")]
#[wasm_bindgen]
pub fn claims(input: &str) -> Result<String, String> {
    if input.is_empty() {
        return Err("empty".into());
    }
    Ok(input[..1].to_owned())
}

#[cfg(feature = "serde-json")]
#[wasm_bindgen]
pub fn claims(input: &str) -> Result<String, String> {
    let c: Claims = serde_json::from_slice(input.as_bytes()).map_err(|e| e.to_string())?;
    Ok(c.sub)
}

#[cfg(feature = "jwt-compact")]
#[wasm_bindgen]
pub fn claims(input: &str) -> Result<String, String> {
    let token = jwt_compact::UntrustedToken::new(input).map_err(|e| e.to_string())?;
    let c = token.deserialize_claims_unchecked::<Claims>().map_err(|e| e.to_string())?;
    Ok(c.custom.sub)
}

#[cfg(feature = "serde-wasm-bindgen")]
#[wasm_bindgen]
pub fn claims(input: &str) -> Result<String, String> {
    let value = js_sys::JSON::parse(input).map_err(|_| String::from("not JSON"))?;
    let c: Claims = serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())?;
    Ok(c.sub)
}

#[cfg(feature = "engine-json")]
#[wasm_bindgen]
pub fn claims(input: &str) -> Result<String, String> {
    let value = js_sys::JSON::parse(input).map_err(|_| String::from("not JSON"))?;
    let get = |k: &str| js_sys::Reflect::get(&value, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let string = |k: &'static str| get(k).as_string().ok_or(k);
    let opt_string = |k: &'static str| {
        let v = get(k);
        if v.is_undefined() || v.is_null() {
            Ok(None)
        } else {
            v.as_string().map(Some).ok_or(k)
        }
    };
    let number = |k: &'static str| get(k).as_f64().filter(|n| n.is_finite()).map(|n| n as i64).ok_or(k);
    let bad = |k: &str| format!("claim `{k}` is missing or has the wrong type");
    let sub = string("sub").map_err(bad)?;
    string("iss").map_err(bad)?;
    let aud = get("aud");
    if aud.as_string().is_none() && !js_sys::Array::is_array(&aud) {
        return Err(bad("aud"));
    }
    number("exp").map_err(bad)?;
    number("iat").map_err(bad)?;
    for k in ["nonce", "azp", "at_hash", "sid", "name", "email"] {
        opt_string(k).map_err(bad)?;
    }
    let auth_time = get("auth_time");
    if !auth_time.is_undefined() && auth_time.as_f64().is_none() {
        return Err(bad("auth_time"));
    }
    Ok(sub)
}
