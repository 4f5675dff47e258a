//! Token endpoint responses: `parse_token_response` for the code exchange and for refreshes.
//!
//! Input: byte 0 = flags (bits 0-1: status; bit 2: ID token required), the rest = the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logto_wasm::core::token::parse_token_response;
use logto_wasm::core::{ErrorInfo, HttpResponse};

const STATUSES: [u16; 4] = [200, 201, 400, 502];

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else { return };
    let response = HttpResponse::new(STATUSES[usize::from(flags & 3)], body);
    let require_id_token = flags & 4 != 0;
    match parse_token_response(&response, require_id_token) {
        Ok(t) => {
            assert!(response.is_success());
            assert!(!t.access_token.expose().is_empty());
            assert!(!require_id_token || t.id_token.is_some());
            assert!(t.id_token.as_ref().is_none_or(|s| !s.expose().is_empty()));
            assert!(t.refresh_token.as_ref().is_none_or(|s| !s.expose().is_empty()));
            assert_eq!(format!("{:?}", t.access_token), "Secret([redacted])");
        }
        Err(e) => {
            assert!(!e.code().is_empty());
            let _ = e.to_string();
            if let Some(p) = e.provider_error() {
                assert!(p.error.len() <= 200);
            }
        }
    }
});
