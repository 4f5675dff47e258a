//! One exported function, `claims(input) -> Result<String, String>`, that reads the 12 claims an
//! ID token check needs (the `sub` is returned), compiled eight ways:
//!
//! - `bindgen-only`: no parsing at all; the floor of wasm-bindgen itself (string in, string out).
//! - `serde-json`: `serde_json::from_slice` into a `#[derive(Deserialize)]` struct.
//! - `jwt-compact`: what the chosen JWT crate does for every token: `UntrustedToken::new` (header
//!   through serde_json) and `deserialize_claims_unchecked` (claims through serde_json).
//! - `serde-wasm-bindgen`: the engine's `JSON.parse`, then `serde_wasm_bindgen::from_value`.
//! - `engine-json`: the engine's `JSON.parse`, then the fields read one by one with `Reflect`.
//!
//! Errors are formatted (`to_string`) as the SDK does, so that message code is counted.
//!
//! Candidates for a data path without serde_json and without `core::fmt` (issue #12); their
//! errors are fixed `&'static str` messages (the claim's name appended with `push_str`):
//!
//! - `miniserde`: `miniserde::json::from_str` into a `#[derive(miniserde::Deserialize)]` struct
//!   (`aud` read as a `miniserde::json::Value`: the derive has no untagged enums).
//! - `nanoserde`: `DeJson::deserialize_json` into a `#[derive(nanoserde::DeJson)]` struct (`aud`
//!   through a hand-written `DeJson` impl, string or array).
//! - `own-reader`: the SDK's own reader, `logto_wasm::core::json` (a `Value` enum), the claims
//!   looked up by name.
//!
//! Not a claims reader but the floor of the whole protocol (issue #12):
//!
//! - `core-only`: the SDK's sans-io core, `logto_wasm::core`, as much of it as a sign-in, a
//!   refresh and a sign-out reach, exported step by step with every I/O left to JavaScript
//!   (src/core_only.rs); `core-only-bump` the same with a bump allocator instead of dlmalloc.
// nanoserde's derive writes `match … { Err(e) => return Err(e), … }`.
#![cfg_attr(feature = "nanoserde", allow(clippy::question_mark))]
#[cfg(not(feature = "core-only"))]
use wasm_bindgen::prelude::*;

#[cfg(feature = "core-only")]
mod core_only;

/// `core-only-bump`: a bump allocator (blocks cut from pages the memory grows by; only the last
/// block is ever given back), standing in for the npm build's own allocator (src/heap.rs, about
/// 1 KB of wasm) to measure the floor without std's dlmalloc. Its `dealloc` does some work, as
/// a real allocator's does: one that did nothing would let the compiler drop every destructor.
#[cfg(feature = "core-only-bump")]
mod bump {
    use core::alloc::{GlobalAlloc, Layout};
    use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    const PAGE: usize = 64 * 1024;

    struct Bump {
        next: AtomicUsize,
        end: AtomicUsize,
    }

    // Out of line, as a real allocator's functions are.
    unsafe impl GlobalAlloc for Bump {
        #[inline(never)]
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let align = layout.align() - 1;
            let mut start = (self.next.load(Relaxed) + align) & !align;
            if start + layout.size() > self.end.load(Relaxed) {
                let pages = (layout.size() + align).div_ceil(PAGE);
                let first = core::arch::wasm32::memory_grow(0, pages);
                if first == usize::MAX {
                    return core::ptr::null_mut();
                }
                start = (first * PAGE + align) & !align;
                self.end.store((first + pages) * PAGE, Relaxed);
            }
            self.next.store(start + layout.size(), Relaxed);
            start as *mut u8
        }
        #[inline(never)]
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            if ptr as usize + layout.size() == self.next.load(Relaxed) {
                self.next.store(ptr as usize, Relaxed);
            }
        }
    }

    #[global_allocator]
    static ALLOCATOR: Bump = Bump { next: AtomicUsize::new(0), end: AtomicUsize::new(0) };
}

/// "claim `K` is missing or has the wrong type", without `core::fmt`.
#[cfg(any(feature = "miniserde", feature = "own-reader"))]
fn bad_claim(k: &str) -> String {
    let mut m = String::from("claim `");
    m.push_str(k);
    m.push_str("` is missing or has the wrong type");
    m
}

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

#[cfg(feature = "miniserde")]
#[derive(miniserde::Deserialize)]
#[allow(dead_code)]
struct MiniClaims {
    iss: String,
    sub: String,
    aud: miniserde::json::Value,
    exp: i64,
    iat: i64,
    nonce: Option<String>,
    azp: Option<String>,
    at_hash: Option<String>,
    sid: Option<String>,
    auth_time: Option<i64>,
    name: Option<String>,
    email: Option<String>,
}

#[cfg(feature = "miniserde")]
#[wasm_bindgen]
pub fn claims(input: &str) -> Result<String, String> {
    use miniserde::json::Value;
    let c: MiniClaims = miniserde::json::from_str(input).map_err(|_| String::from("invalid claims"))?;
    let aud_ok = match &c.aud {
        Value::String(_) => true,
        Value::Array(items) => items.iter().all(|v| matches!(v, Value::String(_))),
        _ => false,
    };
    if !aud_ok {
        return Err(bad_claim("aud"));
    }
    Ok(c.sub)
}

#[cfg(feature = "nanoserde")]
#[allow(dead_code)]
enum NanoAudience {
    One(String),
    Many(Vec<String>),
}

#[cfg(feature = "nanoserde")]
impl nanoserde::DeJson for NanoAudience {
    fn de_json(s: &mut nanoserde::DeJsonState, i: &mut core::str::Chars) -> Result<Self, nanoserde::DeJsonErr> {
        match s.tok {
            nanoserde::DeJsonTok::BlockOpen => Ok(NanoAudience::Many(nanoserde::DeJson::de_json(s, i)?)),
            _ => Ok(NanoAudience::One(nanoserde::DeJson::de_json(s, i)?)),
        }
    }
}

#[cfg(feature = "nanoserde")]
#[derive(nanoserde::DeJson)]
#[allow(dead_code)]
struct NanoClaims {
    iss: String,
    sub: String,
    aud: NanoAudience,
    exp: i64,
    iat: i64,
    nonce: Option<String>,
    azp: Option<String>,
    at_hash: Option<String>,
    sid: Option<String>,
    auth_time: Option<i64>,
    name: Option<String>,
    email: Option<String>,
}

#[cfg(feature = "nanoserde")]
#[wasm_bindgen]
pub fn claims(input: &str) -> Result<String, String> {
    let c: NanoClaims = nanoserde::DeJson::deserialize_json(input).map_err(|_| String::from("invalid claims"))?;
    Ok(c.sub)
}

#[cfg(feature = "own-reader")]
#[wasm_bindgen]
pub fn claims(input: &str) -> Result<String, String> {
    use logto_wasm::core::json::{parse_object, Value};
    let value = parse_object(input.as_bytes()).map_err(|e| String::from(e.reason()))?;
    let get = |k: &str| value.get(k).filter(|v| !matches!(v, Value::Null));
    let string = |k: &str| get(k).and_then(Value::as_str).ok_or_else(|| bad_claim(k));
    let number = |k: &str| get(k).and_then(Value::as_i64).ok_or_else(|| bad_claim(k));
    let sub = string("sub")?;
    string("iss")?;
    let aud = get("aud").ok_or_else(|| bad_claim("aud"))?;
    if aud.as_str().is_none() && !aud.as_array().is_some_and(|a| a.iter().all(|v| v.as_str().is_some())) {
        return Err(bad_claim("aud"));
    }
    number("exp")?;
    number("iat")?;
    for k in ["nonce", "azp", "at_hash", "sid", "name", "email"] {
        if get(k).is_some() {
            string(k)?;
        }
    }
    if get("auth_time").is_some() {
        number("auth_time")?;
    }
    Ok(sub.to_owned())
}
