//! Discovery documents: `parse_discovery_response` (and `check_metadata`). An accepted document
//! names the configured issuer exactly and only secure endpoints.
//!
//! Input: byte 0 = HTTP status selector, the rest = the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logto_wasm::core::config::LogtoConfig;
use logto_wasm::core::discovery::parse_discovery_response;
use logto_wasm::core::url::check_secure_url;
use logto_wasm::core::{ErrorInfo, HttpResponse};

const STATUSES: [u16; 4] = [200, 200, 404, 500];

fuzz_target!(|data: &[u8]| {
    let Some((&s, body)) = data.split_first() else { return };
    let config = LogtoConfig::new("https://logto.dev", "app").validate().expect("config");
    let response = HttpResponse::new(STATUSES[usize::from(s & 3)], body);
    match parse_discovery_response(&config, &response) {
        Ok(m) => {
            assert!(response.is_success());
            assert_eq!(m.issuer, config.issuer);
            for url in [
                Some(&m.authorization_endpoint),
                Some(&m.token_endpoint),
                Some(&m.jwks_uri),
                m.userinfo_endpoint.as_ref(),
                m.end_session_endpoint.as_ref(),
                m.revocation_endpoint.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                assert!(check_secure_url(url, false).is_ok(), "{url}");
            }
        }
        Err(e) => {
            assert!(!e.code().as_str().is_empty());
            let _ = e.to_string();
        }
    }
});
