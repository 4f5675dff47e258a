//! A provider for browser tests: a `fetch` stub answering with canned discovery, key set and
//! token responses (the ID token is the ES256 one of `tests/fixtures/webcrypto-tokens.json`, made
//! by `jose`, so sign-in and refresh run their real verification), recording every request.

use logto_wasm::core::discovery::ProviderMetadata;
use logto_wasm::core::json::parse_object;
use logto_wasm::core::jwk::JwkSet;
use logto_wasm::testing::SessionBuilder;
pub use logto_wasm::testing::ISSUER;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
// fetch stub: routes = { url: { status, body } }; records every URL asked for.
let original = null;
let calls = [];
let bodies = [];
export function installFetch(routesJson) {
  if (original === null) original = globalThis.fetch;
  const routes = JSON.parse(routesJson);
  calls = [];
  bodies = [];
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input.url;
    calls.push(url);
    bodies.push(String((typeof input === 'string' ? init?.body : await input.clone().text()) ?? ''));
    const r = routes[url];
    if (!r) throw new TypeError(`no route for ${url}`);
    return new Response(r.body, { status: r.status, headers: { 'content-type': 'application/json' } });
  };
}
export function fetchCalls() { return calls.join('\n'); }
export function fetchBodies() { return bodies.join('\n'); }
export function restoreFetch() { if (original !== null) globalThis.fetch = original; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = installFetch)]
    pub fn install_fetch(routes: &str);
    #[wasm_bindgen(js_name = fetchCalls)]
    fn fetch_calls() -> String;
    /// The bodies of the requests so far, one per line.
    #[wasm_bindgen(js_name = fetchBodies)]
    pub fn fetch_bodies() -> String;
    #[wasm_bindgen(js_name = restoreFetch)]
    pub fn restore_fetch();
}

const FIXTURES: &str = include_str!("../fixtures/webcrypto-tokens.json");

/// The ES256 fixture: token, key set, tampered variants.
pub fn es256() -> Value {
    let all: Value = serde_json::from_str(FIXTURES).expect("fixture JSON");
    all["algorithms"]["ES256"].clone()
}

/// The ES256 fixture token: iss https://logto.dev/oidc, aud app, sub alice, nonce n0nce, exp 2100.
pub fn id_token() -> String {
    es256()["token"].as_str().expect("token").to_owned()
}

/// The key set of the ES256 fixture.
pub fn jwks() -> JwkSet {
    JwkSet::from_json(&parse_object(es256()["jwks"].to_string().as_bytes()).expect("key set JSON")).expect("key set")
}

/// The provider metadata of [`ISSUER`] (the shared fixture, with a userinfo endpoint).
pub fn metadata() -> ProviderMetadata {
    ProviderMetadata { userinfo_endpoint: Some(format!("{ISSUER}/me")), ..logto_wasm::testing::metadata(ISSUER) }
}

/// The provider: discovery, key set, and a token endpoint that issues the fixture ID token.
pub struct Provider;

impl Provider {
    /// Installs the `fetch` stub (restored when dropped).
    pub fn install() -> Self {
        let tokens =
            json!({"access_token": "at-new", "token_type": "Bearer", "expires_in": 3600, "refresh_token": "rt-new", "id_token": id_token(), "scope": "openid"});
        let routes = json!({
            format!("{ISSUER}/.well-known/openid-configuration"): {"status": 200, "body": metadata().to_json()},
            format!("{ISSUER}/jwks"): {"status": 200, "body": es256()["jwks"].to_string()},
            format!("{ISSUER}/token"): {"status": 200, "body": tokens.to_string()},
        });
        install_fetch(&routes.to_string());
        Provider
    }
    /// The provider whose token endpoint refuses every grant with `invalid_grant` (a revoked,
    /// expired or spent refresh token).
    pub fn install_refusing_grants() -> Self {
        let routes = json!({
            format!("{ISSUER}/.well-known/openid-configuration"): {"status": 200, "body": metadata().to_json()},
            format!("{ISSUER}/jwks"): {"status": 200, "body": es256()["jwks"].to_string()},
            format!("{ISSUER}/token"): {"status": 400, "body": r#"{"error":"invalid_grant","error_description":"grant request is invalid"}"#},
        });
        install_fetch(&routes.to_string());
        Provider
    }
    /// The URLs requested so far.
    pub fn calls(&self) -> Vec<String> {
        fetch_calls().split('\n').filter(|s| !s.is_empty()).map(str::to_owned).collect()
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        restore_fetch();
    }
}

/// A stored session as the SDK writes it, with the fixture's ID token (whose claims say alice)
/// and this refresh token (which tells sessions apart).
pub fn session_json(refresh_token: &str) -> String {
    SessionBuilder::new(ISSUER, &id_token()).refresh_token(refresh_token).to_json()
}
