//! Provider error bodies: `ProviderError::from_json` (OAuth `error`/`error_description`, Logto's
//! `code`/`message`). Untrusted text is cut to bounded lengths.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logto_wasm::core::ProviderError;

fuzz_target!(|data: &[u8]| {
    if let Some(e) = ProviderError::from_json(data) {
        assert!(e.error.as_str().len() <= 200);
        assert!(e.error_description.as_ref().is_none_or(|d| d.len() <= 1000));
        assert!(e.code.as_ref().is_none_or(|c| c.len() <= 200));
        let _ = e.to_string();
    }
});
