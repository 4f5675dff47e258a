//! Userinfo responses (`parse_userinfo_response`: `sub` must be the session's) and unverified
//! access-token claims (`decode_access_token_claims`).
//!
//! Input: byte 0 = status selector, the rest = the body (also decoded as an access token).
#![no_main]

use libfuzzer_sys::fuzz_target;
use logto_wasm::core::userinfo::{decode_access_token_claims, parse_userinfo_response};
use logto_wasm::core::{ErrorInfo, HttpResponse};

const STATUSES: [u16; 4] = [200, 200, 401, 500];

fuzz_target!(|data: &[u8]| {
    let Some((&s, body)) = data.split_first() else { return };
    let response = HttpResponse::new(STATUSES[usize::from(s & 3)], body);
    match parse_userinfo_response(&response, "alice") {
        Ok(claims) => assert_eq!(claims.get("sub").and_then(|v| v.as_str()), Some("alice")),
        Err(e) => {
            assert!(!e.code().as_str().is_empty());
            let _ = e.to_string();
        }
    }
    let _ = decode_access_token_claims(&String::from_utf8_lossy(body));
});
