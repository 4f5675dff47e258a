//! base64url without padding (RFC 4648 §5, as JWS uses it: RFC 7515 §2 and appendix C), the
//! only base64 the protocol needs: PKCE values, `state` and `nonce`, JWS segments, JWK members.
//!
//! Decoding is strict, so that one token has one spelling: the URL-safe alphabet only, no `=`
//! padding, no whitespace, no length of 4n+1, and the unused low bits of the last character must
//! be zero (RFC 4648 §3.5: a canonical encoding). This is what the `base64` crate's
//! `URL_SAFE_NO_PAD` engine accepts; it was the SDK's codec before, and is the reference in the
//! differential test below and in the `id_token` fuzz target. Written here because the crate's
//! general engine cost 6.6 KB of the shipped wasm, against under 1 KB for this (docs/size.md).

#[allow(unused_imports)]
use crate::prelude::*;

/// The base64url character of a 6-bit value (`A`-`Z`, `a`-`z`, `0`-`9`, `-`, `_`).
fn symbol(sextet: u32) -> char {
    let c = match sextet & 63 {
        v @ 0..=25 => b'A' + v as u8,
        v @ 26..=51 => b'a' + (v - 26) as u8,
        v @ 52..=61 => b'0' + (v - 52) as u8,
        62 => b'-',
        _ => b'_',
    };
    char::from(c)
}

/// Encodes `bytes` as base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut n = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            n |= u32::from(b) << (16 - 8 * i);
        }
        // 2, 3 or 4 characters for 1, 2 or 3 bytes.
        for i in 0..=chunk.len() {
            out.push(symbol(n >> (18 - 6 * i)));
        }
    }
    out
}

/// The 6-bit value of a base64url character.
fn sextet(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Why a text is not canonical base64url without padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeError;

/// Decodes canonical base64url without padding (see the module documentation).
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let text = text.as_bytes();
    if text.len() % 4 == 1 {
        return Err(DecodeError);
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= sextet(c).ok_or(DecodeError)? << (18 - 6 * i);
        }
        // A chunk of k characters (k = 2, 3, 4) carries k - 1 bytes; the bits below them must be 0.
        let bytes = chunk.len() - 1;
        if n & (0x00ff_ffff >> (8 * bytes)) != 0 {
            return Err(DecodeError);
        }
        for k in 0..bytes {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use crate::prelude::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    use super::*;

    #[test]
    fn rfc4648_vectors() {
        // RFC 4648 §10, without the padding.
        for (plain, encoded) in [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded).as_deref(), Ok(plain.as_bytes()));
        }
        assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "-_-_");
        assert_eq!(decode("-_-_").as_deref(), Ok(&[0xfb, 0xff, 0xbf][..]));
    }

    #[test]
    fn refuses_what_is_not_canonical() {
        for text in ["Zg==", "Zm8=", "Z", "Zm9vY", "Zh", "Zm9", "+/+/", "Zm 9v", "Zm9v\n", "Zm9v=", "é", "Zm9\u{0}"] {
            assert_eq!(decode(text), Err(DecodeError), "{text:?}");
        }
    }

    /// The `base64` crate's `URL_SAFE_NO_PAD` (the SDK's codec before) as the reference, on random
    /// bytes and on random texts over an alphabet with the characters that matter.
    #[test]
    fn agrees_with_the_base64_crate() {
        const ALPHABET: &[u8] = b"AQgw_-zZ09=+/ .\n\xc3";
        let mut next = crate::test_rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let encoded = encode(&bytes);
            assert_eq!(encoded, URL_SAFE_NO_PAD.encode(&bytes));
            assert_eq!(decode(&encoded).as_deref(), Ok(&bytes[..]));
            // Half of the texts from the valid characters only (the first ten), which reach the
            // check of the last character's unused bits.
            let alphabet = if next() % 2 == 0 { &ALPHABET[..10] } else { ALPHABET };
            let text: Vec<u8> = (0..(next() % 12)).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            let text = String::from_utf8_lossy(&text);
            assert_eq!(decode(&text).ok(), URL_SAFE_NO_PAD.decode(text.as_bytes()).ok(), "{text:?}");
        }
    }
}
