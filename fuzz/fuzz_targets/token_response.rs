//! Token endpoint responses: `parse_code_exchange_response` and `parse_refresh_response`.
//!
//! Input: byte 0 = flags (bits 0-1: status; bit 2: the code exchange, else a refresh), the rest =
//! the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logto_wasm::core::token::{parse_code_exchange_response, parse_refresh_response, TokenType};
use logto_wasm::core::{ErrorInfo, HttpResponse};

const STATUSES: [u16; 4] = [200, 201, 400, 502];

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else { return };
    let response = HttpResponse::new(STATUSES[usize::from(flags & 3)], body);
    let refresh = parse_refresh_response(&response, TokenType::Bearer);
    if flags & 4 != 0 {
        let exchange = parse_code_exchange_response(&response, TokenType::Bearer);
        // The code exchange accepts exactly the refresh responses that carry an ID token.
        match (&exchange, &refresh) {
            (Ok(e), Ok(r)) => assert_eq!(Some(&e.id_token), r.id_token.as_ref()),
            (Err(e), Ok(r)) => assert!(r.id_token.is_none() && e.code() == "token.missing_id_token"),
            (Err(e), Err(r)) => assert_eq!(e, r),
            (Ok(_), Err(_)) => panic!("the code exchange accepted what a refresh refuses"),
        }
    }
    match refresh {
        Ok(t) => {
            assert!(response.is_success());
            assert!(!t.access_token.expose().is_empty());
            assert!(t.id_token.as_ref().is_none_or(|s| !s.expose().is_empty()));
            assert!(t.refresh_token.as_ref().is_none_or(|s| !s.expose().is_empty()));
            assert_eq!(format!("{:?}", t.access_token), "AccessToken([redacted])");
        }
        Err(e) => {
            assert!(!e.code().as_str().is_empty());
            let _ = e.to_string();
            if let Some(p) = e.provider_error() {
                assert!(p.error.as_str().len() <= 200);
            }
        }
    }
});
