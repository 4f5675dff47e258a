//! The SDK's one JSON reader (`core::json`), held to serde_json: both accept the same texts,
//! except where the SDK is deliberately stricter (a member name twice in one object, nesting
//! deeper than `MAX_DEPTH`) or more lenient (numbers too large for an `f64`, kept as text); and
//! what it accepts is written back to JSON that reads back to the same value.
//!
//! Input: the JSON text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logto_wasm::core::json::{parse, Value, MAX_DEPTH};

fn depth(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        serde_json::Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
    match (ours, theirs) {
        (Value::Null, serde_json::Value::Null) => true,
        (Value::Bool(a), serde_json::Value::Bool(b)) => a == b,
        (Value::Number(_), serde_json::Value::Number(_)) => true,
        (Value::String(a), serde_json::Value::String(b)) => a == b,
        (Value::Array(a), serde_json::Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
        (Value::Object(a), serde_json::Value::Object(b)) => a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w))),
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let ours = parse(data);
    let theirs = serde_json::from_slice::<serde_json::Value>(data);
    match (&ours, &theirs) {
        (Ok(v), Ok(w)) => {
            assert!(same(v, w), "both read it, differently");
            let again = parse(v.to_json().as_bytes()).expect("what was read is written back as JSON");
            assert_eq!(&again, v);
        }
        (Err(e), Ok(w)) => {
            assert!(e.reason() == "duplicate member name" || depth(w) > MAX_DEPTH, "refused what serde_json reads: {}", e.reason());
        }
        (Ok(_), Err(e)) => {
            assert!(e.to_string().contains("number out of range") || e.to_string().contains("recursion limit"), "read what serde_json refuses: {e}")
        }
        (Err(_), Err(_)) => {}
    }
});
