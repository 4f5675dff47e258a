//! The reader: one JSON text (RFC 8259) into a [`Value`], strict (see the module docs).

#[allow(unused_imports)]
use crate::prelude::*;

use super::{JsonError, Number, Object, Value, MAX_DEPTH};

/// Reads one JSON text (RFC 8259), refusing duplicate member names.
pub fn parse(text: &[u8]) -> Result<Value, JsonError> {
    let text = ::core::str::from_utf8(text).map_err(|_| JsonError::new("not valid UTF-8"))?;
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
        // O(n log n) even for a hostile object with many members: sorted, not pairwise.
        let mut names: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
        heapsort(&mut names);
        if names.windows(2).any(|w| w.first() == w.last()) {
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
            out.push_str(::core::str::from_utf8(run).map_err(|_| JsonError::new("not valid UTF-8"))?);
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
        let text = self.s.get(start..self.i).and_then(|t| ::core::str::from_utf8(t).ok()).ok_or(bad)?;
        Ok(Number(text.to_owned()))
    }
}

/// Sorts member names for the duplicate check: a heapsort (O(n log n) worst case, no
/// allocation) in a few hundred bytes of wasm, where `sort_unstable` costs 2.5 KB.
pub(super) fn heapsort(v: &mut [&str]) {
    fn sift_down(v: &mut [&str], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && v.get(child) < v.get(child + 1) {
                child += 1;
            }
            if v.get(root) >= v.get(child) {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    let n = v.len();
    for start in (0..n / 2).rev() {
        sift_down(v, start, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}
