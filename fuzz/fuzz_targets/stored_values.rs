//! What the SDK reads back from storage: `StoredSession::from_json` (with the stored ID token's
//! claims), `ProviderCache::from_json`, and the pending sign-in transaction. Corrupt values are
//! typed errors; accepted ones round-trip.
//!
//! Input: byte 0 = clock selector, the rest = the stored JSON (lossy UTF-8).
#![no_main]

use libfuzzer_sys::fuzz_target;
use logto_wasm::core::callback::SignInTransaction;
use logto_wasm::core::session::{ProviderCache, StoredSession};
use logto_wasm::core::ErrorInfo;

const ISS: &str = "https://logto.dev/oidc";
const NOWS: [i64; 4] = [1_700_000_000, 0, i64::MAX, i64::MIN];

fuzz_target!(|data: &[u8]| {
    let Some((&s, rest)) = data.split_first() else { return };
    let json = String::from_utf8_lossy(rest);
    let now = NOWS[usize::from(s & 3)];
    match StoredSession::from_json(&json, ISS) {
        Ok((session, claims)) => {
            assert_eq!(session.issuer, ISS);
            let (again, claims_again) = StoredSession::from_json(&session.to_json(), ISS).expect("a stored session round-trips");
            assert_eq!(again, session);
            assert_eq!(claims_again, claims);
            let _ = session.valid_access_token(" ", now, 60);
            let mut pruned = session.clone();
            pruned.prune(now);
        }
        Err(e) => assert!(!e.code().as_str().is_empty()),
    }
    match ProviderCache::from_json(&json, now) {
        Ok(Some(cache)) => {
            let again = ProviderCache::from_json(&cache.to_json(), now).expect("round-trips");
            assert_eq!(again, Some(cache));
        }
        Ok(None) => {}
        Err(e) => assert!(!e.code().as_str().is_empty()),
    }
    if let Ok(txn) = SignInTransaction::from_json(&json) {
        let _ = txn.check_usable(ISS, now);
        assert_eq!(SignInTransaction::from_json(&txn.to_json()).expect("a transaction round-trips"), txn);
    }
});
