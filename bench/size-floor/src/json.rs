//! A minimal JSON reader (RFC 8259), to measure what a reader owned by the project costs: values
//! as an enum, object members in order in a `Vec`, numbers kept as their text (the caller picks
//! the type), duplicate member names refused, nesting limited. No `core::fmt`: errors are
//! `&'static str`, and nothing indexes or unwraps (no panic path).

/// Deepest nesting of arrays and objects accepted (serde_json's limit too).
const MAX_DEPTH: usize = 128;

/// A JSON value.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub enum Value {
    Null,
    #[allow(dead_code)] // the claims read no boolean
    Bool(bool),
    /// The number's text as it appears in the input (valid JSON number grammar).
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Members in input order; names are unique.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object (`None` for a missing member or a non-object).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// An integer number that fits in `i64` (`1.0` and `1e3` are not).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(text) => text.parse().ok(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }
}

/// Parses one JSON value, with nothing but whitespace around it.
pub fn parse(input: &str) -> Result<Value, &'static str> {
    let mut p = Parser { input, pos: 0 };
    let value = p.value(0)?;
    p.whitespace();
    if p.pos != input.len() {
        return Err("trailing characters after the JSON value");
    }
    Ok(value)
}

struct Parser<'a> {
    input: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.input.as_bytes().get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// `input[start..end]`; both ends are always at ASCII bytes, so on char boundaries.
    fn slice(&self, start: usize, end: usize) -> Result<&str, &'static str> {
        self.input.get(start..end).ok_or("invalid JSON")
    }

    fn literal(&mut self, text: &'static str, value: Value) -> Result<Value, &'static str> {
        if self.input.as_bytes().get(self.pos..self.pos + text.len()) != Some(text.as_bytes()) {
            return Err("invalid literal");
        }
        self.pos += text.len();
        Ok(value)
    }

    fn value(&mut self, depth: usize) -> Result<Value, &'static str> {
        if depth > MAX_DEPTH {
            return Err("JSON nested too deeply");
        }
        self.whitespace();
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err("expected a JSON value"),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, &'static str> {
        self.pos += 1; // '{'
        let mut members: Vec<(String, Value)> = Vec::new();
        self.whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.whitespace();
            if self.peek() != Some(b'"') {
                return Err("expected a member name");
            }
            let key = self.string()?;
            if members.iter().any(|(k, _)| *k == key) {
                return Err("duplicate member name");
            }
            self.whitespace();
            if self.next() != Some(b':') {
                return Err("expected ':'");
            }
            let value = self.value(depth + 1)?;
            members.push((key, value));
            self.whitespace();
            match self.next() {
                Some(b',') => {}
                Some(b'}') => return Ok(Value::Object(members)),
                _ => return Err("expected ',' or '}'"),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, &'static str> {
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.whitespace();
            match self.next() {
                Some(b',') => {}
                Some(b']') => return Ok(Value::Array(items)),
                _ => return Err("expected ',' or ']'"),
            }
        }
    }

    fn string(&mut self) -> Result<String, &'static str> {
        self.pos += 1; // '"'
        let mut out = String::new();
        let mut start = self.pos;
        loop {
            match self.next() {
                None => return Err("unterminated string"),
                Some(b'"') => {
                    out.push_str(self.slice(start, self.pos - 1)?);
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(self.slice(start, self.pos - 1)?);
                    out.push(match self.next() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => return Err("invalid escape in string"),
                    });
                    start = self.pos;
                }
                Some(0..=0x1f) => return Err("control character in string"),
                Some(_) => {}
            }
        }
    }

    /// After `\u`: one code point, from a surrogate pair if it is one; lone surrogates refused.
    fn unicode_escape(&mut self) -> Result<char, &'static str> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.next() != Some(b'\\') || self.next() != Some(b'u') {
                    return Err("lone surrogate in string");
                }
                match self.hex4()? {
                    low @ 0xDC00..=0xDFFF => 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00),
                    _ => return Err("lone surrogate in string"),
                }
            }
            code => code,
        };
        char::from_u32(code).ok_or("lone surrogate in string")
    }

    fn hex4(&mut self) -> Result<u32, &'static str> {
        let mut n = 0;
        for _ in 0..4 {
            let digit = match self.next() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err("invalid \\u escape"),
            };
            n = n * 16 + u32::from(digit);
        }
        Ok(n)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    fn number(&mut self) -> Result<Value, &'static str> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.next() {
            Some(b'0') => {}
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err("invalid number"),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err("invalid number");
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err("invalid number");
            }
        }
        Ok(Value::Number(self.slice(start, self.pos)?.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values() {
        let v = parse(r#" {"a": [1, -0.5e+3, "x\"\u00e9\ud83d\ude00", true, false, null], "b": {}} "#).unwrap();
        let a = v.get("a").and_then(Value::as_array).unwrap();
        assert_eq!(a[0].as_i64(), Some(1));
        assert_eq!(a[1], Value::Number("-0.5e+3".into()));
        assert_eq!(a[2].as_str(), Some("x\"é😀"));
        assert_eq!(&a[3..], &[Value::Bool(true), Value::Bool(false), Value::Null]);
        assert_eq!(v.get("b"), Some(&Value::Object(Vec::new())));
        assert_eq!(parse("\"é\\n\"").unwrap().as_str(), Some("é\n"));
    }

    #[test]
    fn refuses_invalid_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\":1,\"a\":2}",
            "01",
            "1.",
            "-",
            "1e",
            "+1",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\x\"",
            "\"a\nb\"",
            "tru",
            "nul",
            "[1] 2",
            "{1:2}",
            "'a'",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse(&"[".repeat(129)).is_err());
        assert!(parse(&format!("{}{}", "[".repeat(128), "]".repeat(128))).is_ok());
    }
}
