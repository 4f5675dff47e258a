//! ID-token verification: `IdTokenVerifier::prepare` (JWS parsing, algorithm allow-list, `crit`,
//! key selection) then `validate` (claims, in OIDC Core §3.1.3.7 order), with a fixed signature
//! verdict — or, on one flag, the pure-Rust verifier against the fixture keys.
//!
//! Every segment also goes through `core::base64url::decode` against the `base64` crate.
//!
//! Input: byte 0 = flags, the rest = the token (lossy UTF-8).
//!   bit 0: verdict; bit 1: refresh instead of sign-in (with bit 3, a silent renewal); bit 2: verify with RustCryptoVerifier;
//!   bits 3-5: the clock; bit 6: a huge leeway; bit 7: the refreshed session had no nonce.
#![no_main]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use logto_wasm::core::base64url;
use logto_wasm::core::config::LogtoConfig;
use logto_wasm::core::crypto_rust::RustCryptoVerifier;
use logto_wasm::core::id_token::{decode_stored_id_token, Audience, Expected, IdTokenClaims, IdTokenVerifier};
use logto_wasm::core::json::parse;
use logto_wasm::core::jwk::{Jwk, JwkSet};
use logto_wasm::core::jws::{JwsAlgorithm, SignatureVerifier};
use logto_wasm::core::ErrorInfo;
use std::sync::OnceLock;

const ISS: &str = "https://logto.dev/oidc";
const FIXTURE: &str = include_str!("../../tests/fixtures/webcrypto-tokens.json");
const NOWS: [i64; 8] = [1_700_000_000, 0, -1, 4_102_444_800, i64::MAX, i64::MIN, 1_700_000_060, 253_402_300_799];

struct Fixed {
    jwks: JwkSet,
    strict: IdTokenVerifier,
    lax: IdTokenVerifier,
}

fn fixed() -> &'static Fixed {
    static F: OnceLock<Fixed> = OnceLock::new();
    F.get_or_init(|| {
        // Every fixture key (one per algorithm, with kid), the "other" keys without kid, so both
        // the by-kid and the try-every-key paths are reachable.
        let v = parse(FIXTURE.as_bytes()).expect("fixture JSON");
        let mut keys = Vec::new();
        for (_, alg) in v["algorithms"].as_object().expect("algorithms").iter() {
            for k in alg["jwks"]["keys"].as_array().expect("keys") {
                keys.push(Jwk::from_json(k.as_object().expect("jwk")).expect("jwk"));
            }
            let mut other = Jwk::from_json(alg["other_jwk"].as_object().expect("other jwk")).expect("other jwk");
            other.kid = None;
            keys.push(other);
        }
        let config = LogtoConfig::new("https://logto.dev", "app");
        let mut lax = config.clone();
        lax.leeway_seconds = Some(u32::MAX);
        Fixed {
            jwks: JwkSet { keys },
            strict: IdTokenVerifier::new(&config.validate().expect("config")),
            lax: IdTokenVerifier::new(&lax.validate().expect("config")),
        }
    })
}

/// A fixed verdict, as a signature verifier: reaches every claim check with either outcome.
struct FixedVerdict(bool);

impl SignatureVerifier for FixedVerdict {
    fn verify(&self, _: JwsAlgorithm, _: &Jwk, _: &[u8], _: &[u8]) -> bool {
        self.0
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let token = String::from_utf8_lossy(rest);
    // The segments' base64url decoder against the `base64` crate (the reference).
    for segment in token.split('.') {
        assert_eq!(base64url::decode(segment).ok(), URL_SAFE_NO_PAD.decode(segment).ok(), "{segment:?}");
    }
    let f = fixed();
    let verifier = if flags & 0x40 != 0 { &f.lax } else { &f.strict };
    let leeway: i64 = if flags & 0x40 != 0 { i64::from(u32::MAX) } else { 60 };
    let now = NOWS[usize::from((flags >> 3) & 7)];
    let original = IdTokenClaims {
        iss: ISS.into(),
        sub: "alice".into(),
        aud: Audience::One("app".into()),
        exp: 4_102_444_800,
        iat: 1_700_000_000,
        nonce: (flags & 0x80 == 0).then(|| "n0nce".to_owned()),
        azp: None,
        other: Default::default(),
    };
    let nonce = logto_wasm::core::Nonce::from("n0nce");
    // Bit 1: a refreshed token; with bit 3 (shared with the clock's index) a silent renewal's.
    let expected = match (flags & 2 != 0, flags & 8 != 0) {
        (true, false) => Expected::Refresh { original: &original },
        (true, true) => Expected::Renewal { nonce: &nonce, original: &original },
        _ => Expected::SignIn { nonce: &nonce, max_age: None, acr: None },
    };

    let pending = match verifier.prepare(&token, &f.jwks) {
        Ok(p) => p,
        Err(e) => {
            assert!(!e.code().as_str().is_empty());
            let _ = e.to_string();
            return;
        }
    };
    assert!(!pending.candidate_keys().is_empty(), "prepare returns at least one key");
    assert!(pending.candidate_keys().iter().all(|k| k.fits(pending.algorithm())), "only fitting keys");
    let _ = pending.signing_input();
    let checked = if flags & 4 != 0 { pending.verify_with(&RustCryptoVerifier) } else { pending.verify_with(&FixedVerdict(flags & 1 != 0)) };
    match verifier.validate(checked, expected, now) {
        Err(e) => {
            assert!(!e.code().as_str().is_empty());
            let _ = e.to_string();
        }
        Ok(verified) => {
            let c = &verified.claims;
            assert_eq!(verified.raw.expose(), &*token);
            assert_eq!(c.iss, ISS);
            assert!(!c.sub.is_empty());
            assert!(c.aud.as_slice().iter().any(|a| a == "app"));
            if c.aud.as_slice().len() > 1 {
                assert_eq!(c.azp.as_deref(), Some("app"));
            }
            assert!(c.exp.saturating_add(leeway) >= now, "not expired");
            assert!(c.iat <= now.saturating_add(leeway), "not issued in the future");
            match expected {
                Expected::SignIn { nonce, .. } => assert_eq!(c.nonce.as_deref(), Some(nonce.expose())),
                Expected::Refresh { original } => {
                    assert_eq!(c.sub, original.sub);
                    assert!(c.nonce.is_none() || c.nonce == original.nonce);
                }
                Expected::Renewal { nonce, original } => {
                    assert_eq!(c.sub, original.sub);
                    assert_eq!(c.nonce.as_deref(), Some(nonce.expose()));
                }
            }
            // What was verified is stored; reading it back must give the same identity, or a
            // reload would silently sign the user out (or in as someone else).
            let stored = decode_stored_id_token(verified.raw.expose()).expect("a verified token decodes from storage");
            assert_eq!((&stored.iss, &stored.sub, &stored.aud, stored.exp, stored.iat), (&c.iss, &c.sub, &c.aud, c.exp, c.iat));
            assert_eq!((&stored.nonce, &stored.azp), (&c.nonce, &c.azp));
        }
    }
});
