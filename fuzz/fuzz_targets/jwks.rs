//! Key sets: `parse_jwks_response` and `JwkSet::select` for every algorithm, with and without a
//! `kid`. Selected keys always fit the algorithm; a parsed set survives a round trip through
//! the provider cache's JSON unchanged.
//!
//! Input: byte 0 = status selector, the rest = the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logto_wasm::core::json::parse_object;
use logto_wasm::core::jwk::{parse_jwks_response, JwkSet, KeySelection, MAX_KEYS};
use logto_wasm::core::jws::JwsAlgorithm;
use logto_wasm::core::{ErrorInfo, HttpResponse};

const STATUSES: [u16; 4] = [200, 200, 404, 500];

fuzz_target!(|data: &[u8]| {
    let Some((&s, body)) = data.split_first() else { return };
    let response = HttpResponse::new(STATUSES[usize::from(s & 3)], body);
    let set = match parse_jwks_response(&response) {
        Ok(set) => set,
        Err(e) => {
            assert!(!e.code().as_str().is_empty());
            let _ = e.to_string();
            return;
        }
    };
    assert!(set.keys.len() <= MAX_KEYS);
    assert!(set.keys.iter().all(|k| matches!(k.kty.as_str(), "EC" | "RSA" | "OKP")));
    let json = set.to_json();
    let cached = JwkSet::from_json(&parse_object(json.as_bytes()).expect("the cached form is JSON")).expect("the cached form reads back");
    assert_eq!(cached, set);
    let kids: Vec<Option<&str>> = set.keys.iter().map(|k| k.kid.as_deref()).chain([None]).collect();
    for alg in JwsAlgorithm::ALL {
        for kid in &kids {
            if let KeySelection::Found(keys) = set.select(alg, *kid) {
                assert!(!keys.is_empty());
                for k in keys {
                    assert!(k.fits(alg));
                    if let Some(kid) = kid {
                        assert_eq!(k.kid.as_deref(), Some(*kid));
                    }
                }
            }
        }
    }
});
