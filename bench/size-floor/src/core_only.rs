//! `core-only`: the SDK's sans-io protocol core (`logto_wasm::core`) alone, every I/O left to
//! JavaScript: no web-sys, no js-sys, no async, no browser layer. Each export is one step of a
//! sign-in, a refresh or a sign-out as the browser layer (`src/browser/`) takes it, its inputs
//! and outputs strings, bytes and numbers; JavaScript would do the `fetch`, the storage, the
//! WebCrypto digest and signature checks and the random bytes, and hand the results in. The
//! clock is an argument (`now`, Unix seconds, as `Date.now() / 1000`).
//!
//! Not a usable API: it exists so that the linker keeps the same core code the SDK ships. Stored
//! values cross as the JSON the SDK stores (`ProviderCache`, `SignInTransaction`,
//! `StoredSession`); HTTP requests go out as `{method, url, headers, body}` and responses come
//! back as a status and the body's bytes; results are JSON text (a request or stored value
//! inside one is a string member holding its JSON text); an error is thrown as the JSON text
//! `{code, message, error, error_description}` (`LogtoError`'s members).
//!
//! The JavaScript options (`{ endpoint, appId, ... }`, `{ redirectUri, ... }`) are read from
//! `JSON.stringify`'s text by the facade's own readers, `logto_wasm::js::shape` (public with the
//! `testing` feature, without linking the rest of the JS facade).
// One call per step, its inputs as scalars: some steps take more than seven.
#![allow(clippy::too_many_arguments)]

use logto_wasm::core::authorize::{authorization_url, AuthorizationParams};
use logto_wasm::core::callback::{is_callback_url, parse_callback, CallbackError, SignInTransaction, TRANSACTION_VERSION};
use logto_wasm::core::codes::ErrorCode;
use logto_wasm::core::config::ClientConfig;
use logto_wasm::core::discovery::{check_metadata, discovery_request, parse_discovery_response};
use logto_wasm::core::error::{OAuthError, SessionError};
use logto_wasm::core::id_token::{decode_stored_claims_set, decode_stored_id_token, Expected, IdTokenClaims, IdTokenVerifier, VerifiedIdToken};
use logto_wasm::core::json::{parse_object, Number, Object, Value};
use logto_wasm::core::jwk::{jwks_request, parse_jwks_response, Jwk, JwkSet};
use logto_wasm::core::jws::{JwsAlgorithm, SignatureVerifier};
use logto_wasm::core::par::{par_request, parse_par_response, pushed_authorization_url, uses_par};
use logto_wasm::core::pkce::{code_verifier, random_token, s256_challenge, STATE_BYTES, VERIFIER_BYTES};
use logto_wasm::core::secret::{CodeVerifier, IdToken, Nonce, RefreshToken, State};
use logto_wasm::core::session::{
    access_token_key, access_token_target, AccessTokenEntry, AccessTokens, ProviderCache, StoredSession, PROVIDER_CACHE_VERSION, SESSION_VERSION,
};
use logto_wasm::core::sign_out::{end_session_url, revocation_request};
use logto_wasm::core::token::{code_exchange_request, parse_code_exchange_response, parse_refresh_response, refresh_request, TokenError, TokenType};
use logto_wasm::core::url::remove_query_params;
use logto_wasm::core::userinfo::{decode_access_token_claims, parse_userinfo_response, userinfo_request};
use logto_wasm::core::{ErrorInfo, HttpRequest, HttpResponse};
use logto_wasm::js::shape::{config_from_js, js_message, sign_in_options_from_js};
use logto_wasm::SignInOptions;
use wasm_bindgen::prelude::*;

type Out = Result<String, String>;

// ---- errors ------------------------------------------------------------------------------------

fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// The error as `LogtoError` carries it (`src/js/error.rs`'s `to_js`), as JSON text.
fn err(e: &dyn ErrorInfo) -> String {
    let code = e.code().as_str();
    let provider = e.provider_error();
    let mut o = Object::new();
    o.insert("code", code);
    o.insert("message", js_message(code, e.message()));
    o.insert("error", provider.map(|p| p.error.as_str()));
    o.insert("error_description", provider.and_then(|p| p.error_description.as_deref()));
    o.to_json()
}

/// An argument JavaScript passed that cannot be read (`src/js/error.rs`'s `InvalidArgument`).
struct InvalidArgument {
    name: &'static str,
    reason: String,
}

impl ErrorInfo for InvalidArgument {
    fn message(&self) -> String {
        concat(&["invalid argument `", self.name, "`: ", &self.reason])
    }
    fn code(&self) -> ErrorCode {
        if self.name == "options" {
            ErrorCode::SignInInvalidOption
        } else {
            ErrorCode::InvalidArgument
        }
    }
}

fn invalid(name: &'static str, reason: impl Into<String>) -> String {
    err(&InvalidArgument { name, reason: reason.into() })
}

fn js_object(json: &str, name: &'static str) -> Result<Object, String> {
    parse_object(json.as_bytes()).map_err(|e| invalid(name, e.message()))
}

/// The config as the JS API takes it, then validated.
fn client(config: &str) -> Result<ClientConfig, String> {
    let config = config_from_js(&js_object(config, "config")?).map_err(|e| invalid("config", e.message()))?;
    config.validate().map_err(|e| err(&e))
}

/// The sign-in options as the JS API takes them.
fn sign_in_options(json: &str) -> Result<SignInOptions, String> {
    sign_in_options_from_js(&js_object(json, "options")?).map_err(|e| invalid("options", e.message()))
}

// ---- plumbing ----------------------------------------------------------------------------------

/// `now` as `browser::now` takes it from `Date.now()`.
fn seconds(now: f64) -> i64 {
    now as i64
}

fn random<const N: usize>(bytes: &[u8]) -> Result<[u8; N], String> {
    <[u8; N]>::try_from(bytes).map_err(|_| invalid("random", "wrong number of random bytes"))
}

/// A request for JavaScript's `fetch`: `{method, url, headers, body}`.
fn request(r: &HttpRequest) -> String {
    let mut headers = Object::new();
    for (name, value) in &r.headers {
        headers.insert(*name, value.as_str());
    }
    let mut o = Object::new();
    o.insert("method", r.method.as_str());
    o.insert("url", r.url.as_str());
    o.insert("headers", headers);
    o.insert("body", r.body.as_deref());
    o.to_json()
}

fn response(status: u16, body: Vec<u8>) -> HttpResponse {
    HttpResponse::new(status, body)
}

/// The stored provider cache (`browser::provider`'s `cached_provider`): fresh and checked.
fn provider(c: &ClientConfig, cache: &str, now: i64) -> Result<ProviderCache, String> {
    match ProviderCache::from_json(cache, now) {
        Ok(Some(p)) => {
            check_metadata(c, &p.metadata).map_err(|e| err(&e))?;
            Ok(p)
        }
        Ok(None) => Err(invalid("provider", "stale: fetch the metadata again")),
        Err(e) => Err(err(&e)),
    }
}

fn session(c: &ClientConfig, json: &str) -> Result<(StoredSession, IdTokenClaims), String> {
    StoredSession::from_json(json, &c.issuer).map_err(|e| err(&e))
}

/// The signature verdict JavaScript's WebCrypto gave for the token's candidate keys.
struct Verdict(bool);

impl SignatureVerifier for Verdict {
    fn verify(&self, _: JwsAlgorithm, _: &Jwk, _: &[u8], _: &[u8]) -> bool {
        self.0
    }
}

fn verify(c: &ClientConfig, raw: &str, jwks: &JwkSet, valid: bool, expected: Expected<'_>, now: i64) -> Result<VerifiedIdToken, String> {
    let verifier = IdTokenVerifier::new(c);
    let pending = verifier.prepare(raw, jwks).map_err(|e| err(&e))?;
    verifier.validate(pending.verify_with(&Verdict(valid)), expected, now).map_err(|e| err(&e))
}

fn expires_at(expires_in: Option<u64>, now: i64) -> i64 {
    expires_in.map_or(0, |s| now.saturating_add(i64::try_from(s).unwrap_or(i64::MAX)))
}

// ---- config and provider -----------------------------------------------------------------------

/// Validates the config; the discovery request.
#[wasm_bindgen]
pub fn discovery(config: &str) -> Out {
    Ok(request(&discovery_request(&client(config)?)))
}

/// The discovery response → the provider cache to store (no key set yet).
#[wasm_bindgen]
pub fn discovered(config: &str, status: u16, body: Vec<u8>, now: f64) -> Out {
    let c = client(config)?;
    let metadata = parse_discovery_response(&c, &response(status, body)).map_err(|e| err(&e))?;
    Ok(ProviderCache { v: PROVIDER_CACHE_VERSION, metadata, metadata_fetched_at: seconds(now), jwks: None, jwks_fetched_at: 0 }.to_json())
}

/// The stored provider cache, if still fresh and valid (then as stored again), else `None`.
#[wasm_bindgen]
pub fn provider_cache(config: &str, cache: &str, now: f64) -> Option<String> {
    let c = client(config).ok()?;
    provider(&c, cache, seconds(now)).ok().map(|p| p.to_json())
}

/// The key-set request.
#[wasm_bindgen]
pub fn key_set(config: &str, cache: &str, now: f64) -> Out {
    let p = provider(&client(config)?, cache, seconds(now))?;
    Ok(request(&jwks_request(&p.metadata.jwks_uri)))
}

/// The key-set response → the provider cache with the key set.
#[wasm_bindgen]
pub fn key_set_received(config: &str, cache: &str, status: u16, body: Vec<u8>, now: f64) -> Out {
    let mut p = provider(&client(config)?, cache, seconds(now))?;
    p.jwks = Some(parse_jwks_response(&response(status, body)).map_err(|e| err(&e))?);
    p.jwks_fetched_at = seconds(now);
    Ok(p.to_json())
}

// ---- sign-in -----------------------------------------------------------------------------------

/// The PKCE verifier from 32 random bytes (JavaScript digests it with WebCrypto).
#[wasm_bindgen]
pub fn pkce_verifier(random_bytes: &[u8]) -> Out {
    Ok(code_verifier(&random::<VERIFIER_BYTES>(random_bytes)?).expose().to_owned())
}

/// Starts a sign-in (`start_sign_in`): `{transaction, url}`, or `{transaction, par}` (the push
/// to send, then [`pushed`]).
#[wasm_bindgen]
pub fn sign_in(config: &str, cache: &str, options: &str, verifier: &str, verifier_sha256: &[u8], state_nonce_random: &[u8], now: f64) -> Out {
    let c = client(config)?;
    let options = sign_in_options(options)?;
    options.validate(&c).map_err(|e| err(&e))?;
    let now = seconds(now);
    let metadata = provider(&c, cache, now)?.metadata;
    let (state_random, nonce_random) = state_nonce_random.split_at_checked(STATE_BYTES).ok_or_else(|| invalid("random", "too short"))?;
    let state = State::new(random_token(&random::<STATE_BYTES>(state_random)?));
    let nonce = Nonce::new(random_token(&random::<STATE_BYTES>(nonce_random)?));
    let code_challenge = s256_challenge(&random::<32>(verifier_sha256)?);
    let params = AuthorizationParams {
        authorization_endpoint: &metadata.authorization_endpoint,
        config: &c,
        options: &options,
        code_challenge: &code_challenge,
        state: &state,
        nonce: Some(&nonce),
    };
    let mut out = Object::new();
    if uses_par(c.pushed_authorization, &metadata) {
        out.insert("par", request(&par_request(&metadata, params).map_err(|e| err(&e))?));
    } else {
        out.insert("url", authorization_url(params));
    }
    let txn = SignInTransaction {
        v: TRANSACTION_VERSION,
        state,
        nonce,
        code_verifier: CodeVerifier::new(verifier),
        redirect_uri: options.redirect_uri.clone(),
        post_redirect_uri: options.post_redirect_uri.clone(),
        issuer: c.issuer.clone(),
        iss_required: metadata.authorization_response_iss_parameter_supported,
        created_at: now,
        max_age: options.max_age,
        required_acr: options.acr_values.clone().filter(|_| options.require_acr),
    };
    out.insert("transaction", txn.to_json());
    out.insert("clear_tokens", options.clear_tokens.unwrap_or(true));
    Ok(out.to_json())
}

/// The push's response → the authorization URL.
#[wasm_bindgen]
pub fn pushed(config: &str, cache: &str, status: u16, body: Vec<u8>, now: f64) -> Out {
    let c = client(config)?;
    let metadata = provider(&c, cache, seconds(now))?.metadata;
    let pushed = parse_par_response(&response(status, body)).map_err(|e| err(&e))?;
    Ok(pushed_authorization_url(&metadata, &c.client_id, &pushed))
}

/// `isSignInRedirected`.
#[wasm_bindgen]
pub fn is_sign_in_redirected(url: &str) -> bool {
    is_callback_url(url, None)
}

/// The callback URL without the callback parameters (the address bar, once handled).
#[wasm_bindgen]
pub fn clean_callback_url(url: &str) -> Option<String> {
    remove_query_params(url, &["code", "state", "iss", "session_state", "error", "error_description"])
}

fn transaction(c: &ClientConfig, json: &str, now: i64) -> Result<SignInTransaction, String> {
    let txn = SignInTransaction::from_json(json).map_err(|_| err(&CallbackError::NoPendingSignIn))?;
    txn.check_usable(&c.issuer, now).map_err(|e| err(&e))?;
    Ok(txn)
}

/// The callback (`complete_sign_in`, first half): the transaction and the URL checked → the code
/// exchange request.
#[wasm_bindgen]
pub fn callback(config: &str, cache: &str, txn: &str, url: &str, now: f64) -> Out {
    let c = client(config)?;
    let now = seconds(now);
    let txn = transaction(&c, txn, now)?;
    let code = parse_callback(url, &txn).map_err(|e| err(&e))?;
    let metadata = provider(&c, cache, now)?.metadata;
    Ok(request(&code_exchange_request(&metadata, &c.client_id, &code, &txn.code_verifier, &txn.redirect_uri, None)))
}

/// The ID token of a token response (code exchange or refresh), if any: for JavaScript to
/// check its signature ([`id_token_keys`], [`id_token_signature`]).
#[wasm_bindgen]
pub fn token_response_id_token(status: u16, body: Vec<u8>) -> Result<Option<String>, String> {
    let tokens = parse_refresh_response(&response(status, body), TokenType::Bearer).map_err(|e| err(&e))?;
    Ok(tokens.id_token.map(|t| t.expose().to_owned()))
}

/// The algorithm and candidate keys of an ID token, for WebCrypto: `{alg, keys, signing_input_length}`.
/// `id_token.no_matching_key`: fetch the key set again, once.
#[wasm_bindgen]
pub fn id_token_keys(config: &str, cache: &str, raw: &str, now: f64) -> Out {
    let c = client(config)?;
    let jwks = provider(&c, cache, seconds(now))?.jwks.unwrap_or_default();
    let pending = IdTokenVerifier::new(&c).prepare(raw, &jwks).map_err(|e| err(&e))?;
    let mut out = concat(&["{\"alg\":\"", pending.algorithm().name(), "\",\"keys\":["]);
    for (i, key) in pending.candidate_keys().iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&key.to_json());
    }
    out.push_str("],\"signing_input_length\":");
    out.push_str(Number::from_i64(pending.signing_input().len() as i64).as_str());
    out.push('}');
    Ok(out)
}

/// The decoded signature of an ID token, for WebCrypto.
#[wasm_bindgen]
pub fn id_token_signature(config: &str, cache: &str, raw: &str, now: f64) -> Result<Vec<u8>, String> {
    let c = client(config)?;
    let jwks = provider(&c, cache, seconds(now))?.jwks.unwrap_or_default();
    let pending = IdTokenVerifier::new(&c).prepare(raw, &jwks).map_err(|e| err(&e))?;
    Ok(pending.signature().to_vec())
}

/// The callback's second half: the code exchange's response, the ID token verified (`valid`:
/// WebCrypto's verdict) → the session to store.
#[wasm_bindgen]
pub fn signed_in(config: &str, cache: &str, txn: &str, status: u16, body: Vec<u8>, valid: bool, owner_random: &[u8], now: f64) -> Out {
    let c = client(config)?;
    let now = seconds(now);
    let txn = transaction(&c, txn, now)?;
    let jwks = provider(&c, cache, now)?.jwks.unwrap_or_default();
    let tokens = parse_code_exchange_response(&response(status, body), TokenType::Bearer).map_err(|e| err(&e))?;
    let expected = Expected::SignIn { nonce: &txn.nonce, max_age: txn.max_age, acr: txn.required_acr.as_deref() };
    let verified = verify(&c, tokens.id_token.expose(), &jwks, valid, expected, now)?;
    let mut access_tokens = AccessTokens::default();
    access_tokens.insert(
        access_token_key(None, None),
        AccessTokenEntry { token: tokens.access_token, scope: tokens.scope, expires_at: expires_at(tokens.expires_in, now) },
    );
    let session = StoredSession {
        v: SESSION_VERSION,
        issuer: c.issuer.clone(),
        id_token: verified.raw,
        refresh_token: tokens.refresh_token,
        owner_id: Some(random_token(&random::<STATE_BYTES>(owner_random)?)),
        access_tokens,
        silent_redirect_uri: None,
    };
    let mut out = Object::new();
    out.insert("session", session.to_json());
    out.insert("post_redirect_uri", txn.post_redirect_uri);
    Ok(out.to_json())
}

// ---- session -----------------------------------------------------------------------------------

/// `getIdTokenClaims`: the stored session's claims, in the provider's order.
#[wasm_bindgen]
pub fn id_token_claims(config: &str, stored: &str) -> Out {
    let (s, claims) = session(&client(config)?, stored)?;
    Ok(match decode_stored_claims_set(s.id_token.expose()) {
        Ok(sent) => claims.to_object_ordered_as(&sent),
        Err(_) => claims.to_object(),
    }
    .to_json())
}

/// `isAuthenticated` without the refresh: the ID token has not expired (with the leeway).
#[wasm_bindgen]
pub fn id_token_unexpired(config: &str, stored: &str, now: f64) -> Result<bool, String> {
    let c = client(config)?;
    let (_, claims) = session(&c, stored)?;
    Ok(seconds(now) <= claims.exp.saturating_add(i64::from(c.leeway_seconds)))
}

/// A cached access token for `resource` / `organization_id` valid for the refresh margin, if any.
#[wasm_bindgen]
pub fn cached_access_token(config: &str, stored: &str, resource: Option<String>, organization_id: Option<String>, now: f64) -> Result<Option<String>, String> {
    let c = client(config)?;
    if organization_id.is_some() && !c.has_organizations_scope() {
        return Err(err(&SessionError::MissingOrganizationsScope));
    }
    let (s, _) = session(&c, stored)?;
    let key = access_token_key(resource.as_deref(), organization_id.as_deref());
    Ok(s.valid_access_token(&key, seconds(now), i64::from(c.refresh_margin_seconds)).map(|t| t.expose().to_owned()))
}

/// The access tokens with their targets and expiry, for the expiry events:
/// `[[resource, organization_id, expires_at, refresh_from], ...]`.
#[wasm_bindgen]
pub fn access_token_expiries(config: &str, stored: &str) -> Out {
    let c = client(config)?;
    let (s, _) = session(&c, stored)?;
    let margin = i64::from(c.refresh_margin_seconds);
    let list: Vec<Value> = s
        .access_tokens
        .iter()
        .map(|(key, entry)| {
            let (resource, organization_id) = access_token_target(key);
            Value::Array(vec![resource.into(), organization_id.into(), entry.expires_at.into(), entry.expires_at.saturating_sub(margin).into()])
        })
        .collect();
    Ok(Value::Array(list).to_json())
}

/// The refresh-token grant for `resource` / `organization_id`.
#[wasm_bindgen]
pub fn refresh(config: &str, cache: &str, stored: &str, resource: Option<String>, organization_id: Option<String>, now: f64) -> Out {
    let c = client(config)?;
    let (s, _) = session(&c, stored)?;
    let refresh_token = s.refresh_token.ok_or_else(|| err(&SessionError::NoRefreshToken))?;
    let metadata = provider(&c, cache, seconds(now))?.metadata;
    Ok(request(&refresh_request(&metadata, &c.client_id, &refresh_token, resource.as_deref(), organization_id.as_deref(), None)))
}

/// The refresh's response (`redeem_refresh_token`): the ID token that came back verified
/// against the session's (`valid`: WebCrypto's verdict) → `{access_token, session}`. A refused
/// grant (`invalid_grant`) is an error with `error` `invalid_grant`: sign out.
#[wasm_bindgen]
pub fn refreshed(
    config: &str,
    cache: &str,
    stored: &str,
    resource: Option<String>,
    organization_id: Option<String>,
    status: u16,
    body: Vec<u8>,
    id_token_required: bool,
    valid: bool,
    now: f64,
) -> Out {
    let c = client(config)?;
    let now = seconds(now);
    let (mut next, claims) = session(&c, stored)?;
    let tokens = match parse_refresh_response(&response(status, body), TokenType::Bearer) {
        Err(TokenError::Provider(p)) if p.error == OAuthError::InvalidGrant => return Err(err(&TokenError::Provider(p))),
        other => other.map_err(|e| err(&e))?,
    };
    if id_token_required && tokens.id_token.is_none() {
        return Err(err(&TokenError::MissingIdToken));
    }
    if let Some(id_token) = &tokens.id_token {
        let jwks = provider(&c, cache, now)?.jwks.unwrap_or_default();
        next.id_token = verify(&c, id_token.expose(), &jwks, valid, Expected::Refresh { original: &claims }, now)?.raw;
    }
    if let Some(rt) = tokens.refresh_token {
        next.refresh_token = Some(rt);
    }
    let token = tokens.access_token.expose().to_owned();
    next.prune(now);
    let key = access_token_key(resource.as_deref(), organization_id.as_deref());
    next.access_tokens.insert(key, AccessTokenEntry { token: tokens.access_token, scope: tokens.scope, expires_at: expires_at(tokens.expires_in, now) });
    let mut out = Object::new();
    out.insert("access_token", token);
    out.insert("session", next.to_json());
    Ok(out.to_json())
}

/// `@logto/browser`'s session carried over (`browser::legacy`): its ID token and refresh token →
/// a session to refresh once, with `id_token_required`.
#[wasm_bindgen]
pub fn carry_over(config: &str, id_token: &str, refresh_token: &str, owner_random: &[u8]) -> Out {
    let c = client(config)?;
    let old = decode_stored_id_token(id_token).map_err(|e| err(&e))?;
    if old.iss != c.issuer {
        return Err(err(&SessionError::NotAuthenticated));
    }
    let session = StoredSession {
        v: SESSION_VERSION,
        issuer: c.issuer.clone(),
        id_token: IdToken::new(id_token),
        refresh_token: Some(RefreshToken::new(refresh_token)),
        owner_id: Some(random_token(&random::<STATE_BYTES>(owner_random)?)),
        access_tokens: AccessTokens::default(),
        silent_redirect_uri: None,
    };
    Ok(session.to_json())
}

/// `getAccessTokenClaims`: the access token's claims, decoded (not verified).
#[wasm_bindgen]
pub fn access_token_claims(token: &str) -> Out {
    decode_access_token_claims(token).map(|o| o.to_json()).map_err(|e| err(&e))
}

/// The userinfo request with the access token for the userinfo endpoint.
#[wasm_bindgen]
pub fn user_info(config: &str, cache: &str, access_token: &str, now: f64) -> Out {
    let metadata = provider(&client(config)?, cache, seconds(now))?.metadata;
    userinfo_request(&metadata, &access_token.into(), TokenType::Bearer).map(|r| request(&r)).map_err(|e| err(&e))
}

/// The userinfo response; its `sub` must be the session's.
#[wasm_bindgen]
pub fn user_info_received(config: &str, stored: &str, status: u16, body: Vec<u8>) -> Out {
    let (_, claims) = session(&client(config)?, stored)?;
    parse_userinfo_response(&response(status, body), &claims.sub).map(|o| o.to_json()).map_err(|e| err(&e))
}

/// Sign-out (`sign_out_locally`, after the session is cleared): `{revocation, end_session_url}`,
/// each `null` when the provider has none.
#[wasm_bindgen]
pub fn sign_out(config: &str, cache: &str, stored: Option<String>, post_logout_redirect_uri: Option<String>, now: f64) -> Out {
    let c = client(config)?;
    let metadata = provider(&c, cache, seconds(now))?.metadata;
    let s = stored.and_then(|json| session(&c, &json).ok()).map(|(s, _)| s);
    let revocation = s.as_ref().and_then(|s| s.refresh_token.as_ref()).and_then(|rt| revocation_request(&metadata, &c.client_id, rt));
    let url = end_session_url(&metadata, &c.client_id, s.as_ref().map(|s| &s.id_token), post_logout_redirect_uri.as_deref());
    let mut out = Object::new();
    out.insert("revocation", revocation.map(|r| request(&r)));
    out.insert("end_session_url", url);
    Ok(out.to_json())
}
