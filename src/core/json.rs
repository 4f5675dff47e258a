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

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// Reads one JSON text (RFC 8259), refusing duplicate member names.
pub fn parse(text: &[u8]) -> Result<Value, JsonError> {
    let text = std::str::from_utf8(text).map_err(|_| JsonError::new("not valid UTF-8"))?;
    let mut p = Parser { s: text.as_bytes(), i: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(JsonError::new("trailing characters after the JSON value"));
    }
    Ok(v)
}

/// Reads a JSON text that must be an object.
pub fn parse_object(text: &[u8]) -> Result<Object, JsonError> {
    match parse(text)? {
        Value::Object(o) => Ok(o),
        _ => Err(JsonError::new("not a JSON object")),
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }
    fn eat(&mut self, lit: &[u8]) -> bool {
        if self.s.get(self.i..self.i + lit.len()) == Some(lit) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }
    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        match self.peek() {
            Some(b'{') => self.object(depth + 1).map(Value::Object),
            Some(b'[') => self.array(depth + 1).map(Value::Array),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') if self.eat(b"true") => Ok(Value::Bool(true)),
            Some(b'f') if self.eat(b"false") => Ok(Value::Bool(false)),
            Some(b'n') if self.eat(b"null") => Ok(Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            None => Err(JsonError::new("unexpected end of JSON text")),
            Some(_) => Err(JsonError::new("not a JSON value")),
        }
    }
    fn object(&mut self, depth: usize) -> Result<Object, JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError::new("JSON nested too deeply"));
        }
        self.i += 1;
        let mut members: Vec<(String, Value)> = Vec::new();
        self.ws();
        if self.eat(b"}") {
            return Ok(Object(members));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(JsonError::new("expected a member name"));
            }
            let name = self.string()?;
            self.ws();
            if !self.eat(b":") {
                return Err(JsonError::new("expected ':' after a member name"));
            }
            self.ws();
            let value = self.value(depth)?;
            members.push((name, value));
            self.ws();
            if self.eat(b",") {
                continue;
            }
            if self.eat(b"}") {
                break;
            }
            return Err(JsonError::new("expected ',' or '}' in an object"));
        }
        // O(n log n) even for a hostile object with many members (a set, not pairwise).
        let mut names = std::collections::BTreeSet::new();
        if !members.iter().all(|(k, _)| names.insert(k.as_str())) {
            return Err(JsonError::new("duplicate member name"));
        }
        Ok(Object(members))
    }
    fn array(&mut self, depth: usize) -> Result<Vec<Value>, JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError::new("JSON nested too deeply"));
        }
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.eat(b"]") {
            return Ok(items);
        }
        loop {
            self.ws();
            items.push(self.value(depth)?);
            self.ws();
            if self.eat(b",") {
                continue;
            }
            if self.eat(b"]") {
                return Ok(items);
            }
            return Err(JsonError::new("expected ',' or ']' in an array"));
        }
    }
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(JsonError::new("invalid \\u escape")),
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(v)
    }
    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1;
        let mut out = String::new();
        loop {
            // Copy the run of plain characters at once (the input is valid UTF-8, and the run
            // stops only at ASCII bytes, so it is a char boundary).
            let start = self.i;
            while matches!(self.peek(), Some(c) if c != b'"' && c != b'\\' && c >= 0x20) {
                self.i += 1;
            }
            let run = self.s.get(start..self.i).unwrap_or_default();
            out.push_str(std::str::from_utf8(run).map_err(|_| JsonError::new("not valid UTF-8"))?);
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = self.peek().ok_or(JsonError::new("unexpected end of JSON text"))?;
                    self.i += 1;
                    let ch = match c {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.eat(b"\\u") {
                                    return Err(JsonError::new("lone surrogate in a \\u escape"));
                                }
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(JsonError::new("lone surrogate in a \\u escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or(JsonError::new("lone surrogate in a \\u escape"))?
                        }
                        _ => return Err(JsonError::new("invalid escape in a string")),
                    };
                    out.push(ch);
                }
                Some(_) => return Err(JsonError::new("control character in a string")),
                None => return Err(JsonError::new("unterminated string")),
            }
        }
    }
    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }
    fn number(&mut self) -> Result<Number, JsonError> {
        let start = self.i;
        let bad = JsonError::new("invalid number");
        self.eat(b"-");
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(bad),
        }
        if self.eat(b".") && self.digits() == 0 {
            return Err(bad);
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(bad);
            }
        }
        let text = self.s.get(start..self.i).and_then(|t| std::str::from_utf8(t).ok()).ok_or(bad)?;
        Ok(Number(text.to_owned()))
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
        // Zeros the exponent adds past the written digits.
        let written = (int.len() + frac.len()) as i64;
        let mut extra = total.saturating_sub(written);
        while extra > 0 {
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
impl std::ops::Index<&str> for Value {
    type Output = Value;
    fn index(&self, name: &str) -> &Value {
        const NULL: Value = Value::Null;
        self.as_object().and_then(|o| o.get(name)).unwrap_or(&NULL)
    }
}

/// `object["name"]`: the member's value, or `null` (never panics).
impl std::ops::Index<&str> for Object {
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

/// Appends a JSON string literal.
pub(crate) fn write_str(out: &mut String, s: &str) {
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

fn write_object(out: &mut String, o: &Object) {
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

fn write_value(out: &mut String, v: &Value) {
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
    pub(crate) fn int(&mut self, name: &str, value: i64) -> &mut Self {
        self.key(name);
        push_i64(&mut self.out, value);
        self
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
        std::mem::take(&mut self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value_in_order() {
        let v = parse(br#" {"b":[1,-2.5e3,true,false,null],"a":{"x":"\u00e9\ud83d\ude00\n\"q\""},"c":0} "#).unwrap();
        let o = v.as_object().unwrap();
        assert_eq!(o.iter().map(|(k, _)| k).collect::<Vec<_>>(), ["b", "a", "c"]);
        assert_eq!(v["a"]["x"], "é😀\n\"q\"");
        assert_eq!(v["b"].as_array().unwrap().len(), 5);
        assert_eq!(v["missing"]["deeper"], Value::Null);
        assert_eq!(v.to_json(), r#"{"b":[1,-2.5e3,true,false,null],"a":{"x":"é😀\n\"q\""},"c":0}"#);
        assert_eq!(parse(v.to_json().as_bytes()).unwrap(), v);
    }

    #[test]
    fn refuses_what_is_not_json_or_is_ambiguous() {
        for bad in [
            &b""[..],
            b"{",
            b"{\"a\":1,}",
            b"[1,]",
            b"01",
            b"1.",
            b"-",
            b"1e",
            b"+1",
            b"NaN",
            b"\"a",
            b"\"\\x\"",
            b"\"\\ud800\"",
            b"\"\\udc00\"",
            b"\"\x01\"",
            b"\"\xff\"",
            b"{\"a\":1}x",
            b"{\"a\":1,\"a\":1}",
            b"{'a':1}",
            b"tru",
        ] {
            assert!(parse(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        assert_eq!(parse(br#"{"a":1,"b":{"c":2},"a":3}"#).unwrap_err().reason(), "duplicate member name");
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(deep.as_bytes()).is_err());
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(ok.as_bytes()).is_ok());
    }

    #[test]
    fn numbers_truncate_to_integers() {
        let n = |s: &str| parse(s.as_bytes()).unwrap().as_i64();
        assert_eq!(n("1700000000"), Some(1_700_000_000));
        assert_eq!(n("1700000000.9"), Some(1_700_000_000));
        assert_eq!(n("-1.9"), Some(-1));
        assert_eq!(n("1e3"), Some(1000));
        assert_eq!(n("15E-1"), Some(1));
        assert_eq!(n("0.5"), Some(0));
        assert_eq!(n("9223372036854775807"), Some(i64::MAX));
        assert_eq!(n("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(n("9223372036854775808"), None);
        assert_eq!(n("1e19"), None);
        assert_eq!(n("1e-999999999999"), Some(0));
        assert_eq!(n("1e999999999999"), None);
        assert_eq!(Number::from_i64(i64::MIN).as_str(), "-9223372036854775808");
        assert_eq!(Number::from_i64(0).as_str(), "0");
    }

    #[test]
    fn writes_escapes_and_members() {
        let mut w = ObjectWriter::new();
        w.str("s", "a\"b\\c\u{1}").int("n", -42).bool("t", true).opt_str("none", None).raw("r", "[1]");
        let text = w.finish();
        assert_eq!(text, r#"{"s":"a\"b\\c\u0001","n":-42,"t":true,"r":[1]}"#);
        assert_eq!(parse(text.as_bytes()).unwrap()["s"], "a\"b\\c\u{1}");
    }
}

/// With the `serde` feature: [`Value`] and [`Object`] serialize as the JSON they hold, so the
/// claim and session types that contain them can derive `Serialize` / `Deserialize`.
#[cfg(feature = "serde")]
mod serde_impls {
    use super::{Number, Object, Value};
    use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};
    use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

    impl Serialize for Value {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Value::Null => s.serialize_unit(),
                Value::Bool(b) => s.serialize_bool(*b),
                Value::Number(n) => match (n.0.parse::<i64>(), n.0.parse::<f64>()) {
                    (Ok(i), _) => s.serialize_i64(i),
                    (_, Ok(f)) => s.serialize_f64(f),
                    _ => s.serialize_str(&n.0),
                },
                Value::String(v) => s.serialize_str(v),
                Value::Array(a) => {
                    let mut seq = s.serialize_seq(Some(a.len()))?;
                    for item in a {
                        seq.serialize_element(item)?;
                    }
                    seq.end()
                }
                Value::Object(o) => o.serialize(s),
            }
        }
    }

    impl Serialize for Object {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(self.len()))?;
            for (k, v) in self.iter() {
                map.serialize_entry(k, v)?;
            }
            map.end()
        }
    }

    struct ValueVisitor;

    impl<'de> Visitor<'de> for ValueVisitor {
        type Value = Value;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_unit<E: Error>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_none<E: Error>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            Value::deserialize(d)
        }
        fn visit_bool<E: Error>(self, b: bool) -> Result<Value, E> {
            Ok(Value::Bool(b))
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<Value, E> {
            Ok(Value::Number(Number(v.to_string())))
        }
        fn visit_f64<E: Error>(self, v: f64) -> Result<Value, E> {
            if v.is_finite() {
                Ok(Value::Number(Number(v.to_string())))
            } else {
                Ok(Value::Null)
            }
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<Value>()? {
                items.push(item);
            }
            Ok(Value::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut o = Object::new();
            while let Some((k, v)) = map.next_entry::<String, Value>()? {
                if o.contains_key(&k) {
                    return Err(A::Error::custom("duplicate member name"));
                }
                o.insert(k, v);
            }
            Ok(Value::Object(o))
        }
    }

    impl<'de> Deserialize<'de> for Value {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
            d.deserialize_any(ValueVisitor)
        }
    }

    impl<'de> Deserialize<'de> for Object {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Object, D::Error> {
            match Value::deserialize(d)? {
                Value::Object(o) => Ok(o),
                _ => Err(D::Error::custom("expected a JSON object")),
            }
        }
    }
}
