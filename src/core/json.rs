//! The one JSON reader and writer of the SDK: provider responses, stored values, JWS headers and
//! claims, and the options that come from JavaScript all go through it, natively and in the
//! browser alike.
//!
//! It is small on purpose (docs/size.md): no serde, no `core::fmt` on any path, numbers kept as
//! the text the provider sent (so nothing is rounded or reformatted), objects kept in the
//! provider's member order. It is stricter than `JSON.parse`: a member name that appears twice
//! in one object is refused (RFC 7515 §5.2 lets a JWS parser choose this, and it is the only
//! safe choice when two parsers may read the same token), as are lone surrogates, invalid UTF-8,
//! trailing content and nesting deeper than [`MAX_DEPTH`].

#[allow(unused_imports)]
use crate::prelude::*;

/// Deepest nesting of arrays and objects accepted (the parser recurses once per level).
pub const MAX_DEPTH: usize = 64;

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as its JSON text.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, members in order, no name twice.
    Object(Object),
}

/// A JSON number, kept as the text it was written as (already checked against the JSON
/// grammar, RFC 8259 §6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(String);

/// A JSON object: members in the order they were read or inserted; no name appears twice.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Object(Vec<(String, Value)>);

/// Why a JSON text could not be read, or a value did not have the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    reason: &'static str,
    field: Option<&'static str>,
}

impl JsonError {
    pub(crate) const fn new(reason: &'static str) -> Self {
        JsonError { reason, field: None }
    }
    pub(crate) const fn field(field: &'static str, reason: &'static str) -> Self {
        JsonError { reason, field: Some(field) }
    }
    /// What was wrong, e.g. `duplicate member name`.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
    /// The member whose value had the wrong shape, if the error is about one.
    pub fn field_name(&self) -> Option<&'static str> {
        self.field
    }
    /// `` `field`: reason `` or `reason`, built without `core::fmt`.
    pub fn message(&self) -> String {
        match self.field {
            Some(f) => crate::core::error::concat(&["`", f, "`: ", self.reason]),
            None => self.reason.to_owned(),
        }
    }
}

impl ::core::fmt::Display for JsonError {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(&self.message())
    }
}

impl Number {
    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number truncated toward zero to an integer (`1.9` → 1, `-1.9` → -1, `1e3` → 1000,
    /// `15e-1` → 1), as RFC 7519 NumericDates and OAuth lifetimes are read; `None` when it does
    /// not fit in an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        let s = self.0.as_bytes();
        let (neg, s) = match s.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, s),
        };
        let split = s.iter().position(|c| matches!(c, b'e' | b'E')).unwrap_or(s.len());
        let (mantissa, exp) = s.split_at(split);
        let exp: i64 = match exp.get(1..) {
            None => 0,
            Some(e) => {
                let (eneg, digits) = match e.split_first() {
                    Some((b'-', d)) => (true, d),
                    Some((b'+', d)) => (false, d),
                    _ => (false, e),
                };
                let mut v: i64 = 0;
                for d in digits {
                    v = v.saturating_mul(10).saturating_add(i64::from(d - b'0'));
                }
                if eneg {
                    -v
                } else {
                    v
                }
            }
        };
        let dot = mantissa.iter().position(|c| *c == b'.').unwrap_or(mantissa.len());
        let (int, frac) = mantissa.split_at(dot);
        let frac = frac.get(1..).unwrap_or_default();
        // Digits of the integer part after shifting by the exponent.
        let mut value: i128 = 0;
        let total = (int.len() as i64).saturating_add(exp);
        for (pos, d) in int.iter().chain(frac.iter()).enumerate() {
            if pos as i64 >= total {
                break;
            }
            value = value.checked_mul(10)?.checked_add(i128::from(d - b'0'))?;
            if value > i128::from(i64::MAX) + 1 {
                return None;
            }
        }
        // Zeros the exponent adds past the written digits (none to add to a zero: `0e+9999999999`
        // must not loop ten billion times).
        let written = (int.len() + frac.len()) as i64;
        let mut extra = total.saturating_sub(written);
        while extra > 0 && value != 0 {
            value = value.checked_mul(10)?;
            if value > i128::from(i64::MAX) + 1 {
                return None;
            }
            extra -= 1;
        }
        let value = if neg { -value } else { value };
        i64::try_from(value).ok()
    }

    /// A number from an integer (written without `core::fmt`).
    pub fn from_i64(v: i64) -> Number {
        let mut out = String::new();
        push_i64(&mut out, v);
        Number(out)
    }
}

impl Object {
    /// An empty object.
    pub fn new() -> Self {
        Object(Vec::new())
    }
    /// The value of a member.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
    /// Whether the object has this member.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
    /// Sets a member: replaces its value where it is, or appends it.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) {
        let name = name.into();
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| *k == name) {
            Some((_, v)) => *v = value,
            None => self.0.push((name, value)),
        }
    }
    /// Removes a member, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let i = self.0.iter().position(|(k, _)| k == name)?;
        Some(self.0.remove(i).1)
    }
    /// The members, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
    /// Number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether there is no member.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The object as JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_object(&mut out, self);
        out
    }

    // Typed member readers: an absent member and `null` are `None`; a value of another type is
    // an error naming the member.

    /// A string member.
    pub(crate) fn opt_str(&self, name: &'static str) -> Result<Option<String>, JsonError> {
        match self.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(JsonError::field(name, "expected a string")),
        }
    }
    /// A required string member.
    pub(crate) fn req_str(&self, name: &'static str) -> Result<String, JsonError> {
        self.opt_str(name)?.ok_or(JsonError::field(name, "missing"))
    }
    /// An integer member (fractions truncated).
    pub(crate) fn opt_i64(&self, name: &'static str) -> Result<Option<i64>, JsonError> {
        match self.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or(JsonError::field(name, "number out of range")),
            Some(_) => Err(JsonError::field(name, "expected a number")),
        }
    }
    /// A required integer member.
    pub(crate) fn req_i64(&self, name: &'static str) -> Result<i64, JsonError> {
        self.opt_i64(name)?.ok_or(JsonError::field(name, "missing"))
    }
    /// A boolean member.
    pub(crate) fn opt_bool(&self, name: &'static str) -> Result<Option<bool>, JsonError> {
        match self.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(JsonError::field(name, "expected true or false")),
        }
    }
    /// An array-of-strings member.
    pub(crate) fn opt_str_list(&self, name: &'static str) -> Result<Option<Vec<String>>, JsonError> {
        match self.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned).ok_or(JsonError::field(name, "expected a list of strings")))
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(JsonError::field(name, "expected a list of strings")),
        }
    }
    /// An object member.
    pub(crate) fn opt_object(&self, name: &'static str) -> Result<Option<&Object>, JsonError> {
        match self.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(o)) => Ok(Some(o)),
            Some(_) => Err(JsonError::field(name, "expected an object")),
        }
    }
}

impl FromIterator<(String, Value)> for Object {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut o = Object::new();
        for (k, v) in iter {
            o.insert(k, v);
        }
        o
    }
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    /// The number truncated to an integer, if this is a number that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }
    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }
    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    /// The value as JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self);
        out
    }
}

/// `value["name"]`: the member's value, or `null` when this is not an object or has no such
/// member (never panics).
impl ::core::ops::Index<&str> for Value {
    type Output = Value;
    fn index(&self, name: &str) -> &Value {
        const NULL: Value = Value::Null;
        self.as_object().and_then(|o| o.get(name)).unwrap_or(&NULL)
    }
}

/// `object["name"]`: the member's value, or `null` (never panics).
impl ::core::ops::Index<&str> for Object {
    type Output = Value;
    fn index(&self, name: &str) -> &Value {
        const NULL: Value = Value::Null;
        self.get(name).unwrap_or(&NULL)
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Number(Number::from_i64(v))
    }
}
impl From<Object> for Value {
    fn from(o: Object) -> Self {
        Value::Object(o)
    }
}
impl From<Vec<Value>> for Value {
    fn from(a: Vec<Value>) -> Self {
        Value::Array(a)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

mod parse;
mod write;

pub use parse::{parse, parse_object};
pub(crate) use write::{push_i64, ObjectWriter};
use write::{write_object, write_value};

#[cfg(test)]
mod tests;

/// With the `serde` feature: [`Value`] and [`Object`] serialize as the JSON they hold, so the
/// claim and session types that contain them can derive `Serialize` / `Deserialize`.
#[cfg(feature = "serde")]
mod serde_impls;
