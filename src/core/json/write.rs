//! The writer: values and objects back to JSON text, and integers, without `core::fmt`.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{Object, Value};

/// Appends the decimal form of `v` (without `core::fmt`).
pub(crate) fn push_i64(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    let mut n = v.unsigned_abs();
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(b) = buf.get_mut(i) {
            *b = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    for b in buf.get(i..).unwrap_or_default() {
        out.push(char::from(*b));
    }
}

/// Appends a JSON string literal.
pub(super) fn write_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let b = c as u32 as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX.get(b >> 4).copied().unwrap_or(b'0')));
                out.push(char::from(HEX.get(b & 15).copied().unwrap_or(b'0')));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub(super) fn write_object(out: &mut String, o: &Object) {
    out.push('{');
    for (i, (k, v)) in o.0.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, k);
        out.push(':');
        write_value(out, v);
    }
    out.push('}');
}

pub(super) fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(&n.0),
        Value::String(s) => write_str(out, s),
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(o) => write_object(out, o),
    }
}

/// Writes an object member by member, in order: `{"a":1,"b":"x"}`.
pub(crate) struct ObjectWriter {
    out: String,
}

impl ObjectWriter {
    pub(crate) fn new() -> Self {
        ObjectWriter { out: String::from("{") }
    }
    fn key(&mut self, name: &str) {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        write_str(&mut self.out, name);
        self.out.push(':');
    }
    pub(crate) fn str(&mut self, name: &str, value: &str) -> &mut Self {
        self.key(name);
        write_str(&mut self.out, value);
        self
    }
    pub(crate) fn opt_str(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.str(name, v);
        }
        self
    }
    /// A list of strings, if there is one.
    pub(crate) fn opt_str_list(&mut self, name: &str, value: Option<&[String]>) -> &mut Self {
        if let Some(items) = value {
            self.key(name);
            self.out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                write_str(&mut self.out, item);
            }
            self.out.push(']');
        }
        self
    }
    pub(crate) fn int(&mut self, name: &str, value: i64) -> &mut Self {
        self.key(name);
        push_i64(&mut self.out, value);
        self
    }
    pub(crate) fn opt_int(&mut self, name: &str, value: Option<i64>) -> &mut Self {
        match value {
            Some(v) => self.int(name, v),
            None => self,
        }
    }
    pub(crate) fn bool(&mut self, name: &str, value: bool) -> &mut Self {
        self.key(name);
        self.out.push_str(if value { "true" } else { "false" });
        self
    }
    /// A member whose value is already JSON text.
    pub(crate) fn raw(&mut self, name: &str, json: &str) -> &mut Self {
        self.key(name);
        self.out.push_str(json);
        self
    }
    pub(crate) fn finish(&mut self) -> String {
        self.out.push('}');
        ::core::mem::take(&mut self.out)
    }
}
