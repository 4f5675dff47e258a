//! DPoP in the browser (RFC 9449, config `dpop`): the client's key — an ECDSA P-256 key pair
//! made by WebCrypto with a **non-extractable** private half, kept in IndexedDB so that it
//! survives reloads while no script (an XSS included) can read it out — its proofs, and the
//! servers' nonces. One key per app and browser profile, made once (under a Web Lock, so that
//! two tabs do not make two) and kept across sign-ins.

#[allow(unused_imports)]
use crate::prelude::*;

use ::core::cell::RefCell;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

use crate::browser::client::LogtoClient;
use crate::browser::crypto::{random_bytes, sha256, subtle};
use crate::browser::errors::DpopError;
use crate::browser::fetch::send;
use crate::browser::lock::{with_cross_tab_lock, AsyncLock};
use crate::browser::storage::{idb, js_error_text};
use crate::browser::{now, KeyedList};
use crate::core::dpop::{access_token_hash, htu, is_proof_target, nonce_to_retry_with, proof_jwt, proof_signing_input, DpopPublicKey, ProofClaims};
use crate::core::error::{ErrorInfo, TransportError};
use crate::core::http::{HttpRequest, HttpResponse};
use crate::core::json::parse_object;
use crate::core::pkce::{random_token, STATE_BYTES};

/// The key: its private half (a non-extractable `CryptoKey`) and its public half.
#[derive(Clone)]
struct DpopKey {
    private: CryptoKey,
    public: DpopPublicKey,
}

/// The client's DPoP state: the key once loaded, and the latest nonce of each endpoint.
#[derive(Default)]
pub(crate) struct DpopState {
    key: RefCell<Option<DpopKey>>,
    lock: AsyncLock,
    nonces: RefCell<KeyedList<String>>,
}

fn unavailable(e: &JsValue) -> DpopError {
    DpopError::Unavailable(js_error_text(e))
}

fn platform(e: impl ErrorInfo) -> DpopError {
    DpopError::Unavailable(e.message())
}

/// `ath` for a request carrying `access_token`.
async fn ath(access_token: Option<&str>) -> Result<Option<String>, DpopError> {
    Ok(match access_token {
        Some(t) => Some(access_token_hash(&sha256(t.as_bytes()).await.map_err(platform)?)),
        None => None,
    })
}

/// `{ name: 'ECDSA', ... }` with one more member.
fn ecdsa(member: &str, value: &str) -> Object {
    let o = Object::new();
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(&o, &JsValue::from_str("name"), &JsValue::from_str("ECDSA"));
    let _ = Reflect::set(&o, &JsValue::from_str(member), &JsValue::from_str(value));
    o
}

async fn settled(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, DpopError> {
    JsFuture::from(promise.map_err(|e| unavailable(&e))?).await.map_err(|e| unavailable(&e))
}

/// The stored key, if it is one: `{ privateKey: CryptoKey, publicJwk: "<JSON>" }`.
fn read_key(stored: &JsValue) -> Option<DpopKey> {
    let private = Reflect::get(stored, &JsValue::from_str("privateKey")).ok()?.dyn_into::<CryptoKey>().ok()?;
    let jwk = Reflect::get(stored, &JsValue::from_str("publicJwk")).ok()?.as_string()?;
    let public = DpopPublicKey::from_jwk(&parse_object(jwk.as_bytes()).ok()?).ok()?;
    Some(DpopKey { private, public })
}

/// A new key pair: the private half non-extractable, the public half exported as a JWK.
async fn make_key(subtle: &SubtleCrypto) -> Result<(DpopKey, JsValue), DpopError> {
    let usages = Array::of1(&JsValue::from_str("sign"));
    let pair = settled(subtle.generate_key_with_object(&ecdsa("namedCurve", "P-256"), false, &usages)).await?;
    let private = Reflect::get(&pair, &JsValue::from_str("privateKey")).ok().and_then(|k| k.dyn_into::<CryptoKey>().ok());
    let public = Reflect::get(&pair, &JsValue::from_str("publicKey")).ok().and_then(|k| k.dyn_into::<CryptoKey>().ok());
    let (Some(private), Some(public)) = (private, public) else { return Err(DpopError::Unavailable("WebCrypto made no key pair".into())) };
    let jwk = settled(subtle.export_key("jwk", &public)).await?;
    let json = js_sys::JSON::stringify(&jwk).ok().and_then(|s| s.as_string()).unwrap_or_default();
    let public = DpopPublicKey::from_jwk(&parse_object(json.as_bytes()).map_err(|e| DpopError::Unavailable(e.message()))?)
        .map_err(|e| DpopError::Unavailable(e.message()))?;
    let stored = Object::new();
    let _ = Reflect::set(&stored, &JsValue::from_str("privateKey"), &private);
    let _ = Reflect::set(&stored, &JsValue::from_str("publicJwk"), &JsValue::from_str(&json));
    Ok((DpopKey { private, public }, stored.into()))
}

/// The key stored under `name` in IndexedDB, or a new one stored there.
async fn load_or_make_key(name: &str) -> Result<DpopKey, DpopError> {
    if let Some(key) = read_key(&idb::get_value(name).await.map_err(platform)?) {
        return Ok(key);
    }
    let (key, stored) = make_key(&subtle().map_err(platform)?).await?;
    idb::set_value(name, Some(&stored)).await.map_err(platform)?;
    Ok(key)
}

/// A DPoP proof signed with `key` for `method url`, with `ath` (the hash of the access token a
/// request to a resource server carries) and the server's `nonce`, if any.
async fn signed_proof(key: &DpopKey, method: &str, url: &str, ath: Option<&str>, nonce: Option<&str>) -> Result<String, DpopError> {
    let jti = random_token(&random_bytes::<STATE_BYTES>().map_err(platform)?);
    let input = proof_signing_input(&key.public, &ProofClaims { method, url, iat: now(), jti: &jti, nonce, ath });
    let subtle = subtle().map_err(platform)?;
    let algorithm = ecdsa("hash", "SHA-256");
    let signature = settled(subtle.sign_with_object_and_u8_array(&algorithm, &key.private, input.as_bytes())).await?;
    let bytes = js_sys::Uint8Array::new(&signature);
    let mut raw = [0u8; 64];
    if bytes.length() != 64 {
        return Err(DpopError::Unavailable("WebCrypto's ECDSA signature is not 64 bytes".into()));
    }
    bytes.copy_to(&mut raw);
    Ok(proof_jwt(&input, &raw))
}

impl LogtoClient {
    /// The DPoP key: in memory, else from IndexedDB, else made and stored there.
    async fn dpop_key(&self) -> Result<DpopKey, DpopError> {
        let state = &self.inner.dpop;
        if let Some(key) = state.key.borrow().clone() {
            return Ok(key);
        }
        let _local = state.lock.lock().await;
        if let Some(key) = state.key.borrow().clone() {
            return Ok(key);
        }
        let name = &self.inner.keys.dpop;
        let key = with_cross_tab_lock(name, || load_or_make_key(name)).await?;
        *state.key.borrow_mut() = Some(key.clone());
        Ok(key)
    }

    /// A DPoP proof for the app's own request to an API (`Authorization: DPoP <token>` and
    /// `DPoP: <proof>`, RFC 9449 §7): the request's method and URL, the hash of the access
    /// token it carries, and the API's `DPoP-Nonce` if it asked for one. Needs config `dpop`.
    pub async fn create_dpop_proof(&self, method: &str, url: &str, access_token: Option<&str>, nonce: Option<&str>) -> Result<String, DpopError> {
        if !self.inner.config.dpop {
            return Err(DpopError::NotConfigured);
        }
        if !is_proof_target(method, url) {
            return Err(DpopError::InvalidTarget);
        }
        let key = self.dpop_key().await?;
        signed_proof(&key, method, url, ath(access_token).await?.as_deref(), nonce).await
    }

    /// Sends `request`, with a DPoP proof when the config asks for DPoP (and the hash of
    /// `access_token`, for a resource request); once more with the server's nonce when it asks
    /// for one (`use_dpop_nonce`), which is kept for the endpoint's next requests. The outer
    /// error is DPoP's (no key, no signature), the inner one the request's.
    pub(crate) async fn send_with_proof(&self, request: &HttpRequest, access_token: Option<&str>) -> Result<Result<HttpResponse, TransportError>, DpopError> {
        if !self.inner.config.dpop {
            return Ok(send(request).await);
        }
        let key = self.dpop_key().await?;
        let ath = ath(access_token).await?;
        let endpoint = htu(&request.url);
        let mut nonce = self.inner.dpop.nonces.borrow().get(endpoint).cloned();
        let mut retried = false;
        loop {
            let mut with_proof = request.clone();
            with_proof.headers.push(("dpop", signed_proof(&key, request.method.as_str(), &request.url, ath.as_deref(), nonce.as_deref()).await?));
            let response = match send(&with_proof).await {
                Ok(r) => r,
                Err(e) => return Ok(Err(e)),
            };
            if let Some(n) = &response.dpop_nonce {
                self.inner.dpop.nonces.borrow_mut().insert(endpoint.to_owned(), n.clone());
            }
            match nonce_to_retry_with(&response, nonce.as_deref()) {
                Some(n) if !retried => {
                    nonce = Some(n.to_owned());
                    retried = true;
                }
                _ => return Ok(Ok(response)),
            }
        }
    }
}
