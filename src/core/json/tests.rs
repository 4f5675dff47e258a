// Test-only module: declared as `#[cfg(test)] mod tests;` in json.rs.

use super::*;
#[allow(unused_imports)]
use crate::prelude::*;

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
    // Found by the token_response fuzz target (a timeout): a zero with a huge exponent.
    assert_eq!(n("0e+000000000000000000000000000000000000000000000100000102481911520608620080"), Some(0));
    assert_eq!(n("0.000e9223372036854775807"), Some(0));
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

#[test]
fn heapsort_sorts_like_the_standard_sort() {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for len in 0..200 {
        let words: Vec<String> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                format!("{}", seed % 50)
            })
            .collect();
        let mut mine: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut reference = mine.clone();
        super::parse::heapsort(&mut mine);
        reference.sort_unstable();
        assert_eq!(mine, reference, "{len}");
    }
}

#[test]
fn duplicate_member_names_found_anywhere_in_a_large_object() {
    let members: Vec<String> = (0..5000).map(|i| format!("\"m{i}\":{i}")).collect();
    let text = format!("{{{},\"m2500\":0}}", members.join(","));
    assert_eq!(parse(text.as_bytes()).unwrap_err().reason(), "duplicate member name");
    let text = format!("{{{}}}", members.join(","));
    assert_eq!(parse(text.as_bytes()).unwrap().as_object().unwrap().len(), 5000);
}
