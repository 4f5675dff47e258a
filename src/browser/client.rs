//! [`LogtoClient`]: the async Rust API. State lives in storage (one JSON value per concern,
//! each written in one go) with a memory copy for the hot paths.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::browser::errors::{AccessTokenError, CallbackHandlingError, NewClientError, ProviderLoadError, SessionReadError, SignOutError};
use crate::browser::fetch::send;
use crate::browser::flight::Flight;
use crate::browser::lock::{AsyncLock, WebLockGuard};
use crate::browser::storage::{Storage, StorageError, StorageKind, WebStorage};
use crate::browser::{navigation, now};
use crate::core::config::{ClientConfig, LogtoConfig};
use crate::core::error::{concat, SessionError};
use crate::core::id_token::{IdTokenClaims, IdTokenVerifier};
use crate::core::session::{ProviderCache, StoredSession};
use crate::core::sign_out::{end_session_url, revocation_request};

/// Storage keys, namespaced by app ID.
pub(crate) struct Keys {
    pub session: String,
    pub transaction: String,
    pub provider: String,
    /// Name of the Web Lock around refreshes.
    pub lock: String,
}

/// The session as last read or written: `None` until first read.
pub(crate) type SessionSlot = Option<Option<(StoredSession, IdTokenClaims)>>;

/// The listener of the window's `storage` event.
pub(crate) type StorageListener = Closure<dyn FnMut(web_sys::StorageEvent)>;

pub(crate) struct Inner {
    pub config: ClientConfig,
    pub verifier: IdTokenVerifier,
    pub storage: Box<dyn Storage>,
    pub keys: Keys,
    pub provider: RefCell<Option<ProviderCache>>,
    pub session: RefCell<SessionSlot>,
    pub provider_flight: Flight<Result<ProviderCache, ProviderLoadError>>,
    pub callback_flight: Flight<Result<Option<String>, CallbackHandlingError>>,
    pub handled_callback: RefCell<Option<String>>,
    pub token_flight: Flight<Result<String, AccessTokenError>>,
    /// The Web Lock that marks this tab as the owner of a per-tab session (held for the
    /// page's lifetime), with the `sid` it is for.
    pub session_owner: RefCell<Option<(String, WebLockGuard)>>,
    pub owner_flight: Flight<bool>,
    pub refresh_lock: AsyncLock,
    pub last_forced_jwks_refresh: Cell<i64>,
    /// The `storage` event listener that drops the memory copy when another tab changes
    /// the stored session (removed when the client is dropped).
    pub storage_listener: RefCell<Option<StorageListener>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let (Some(window), Some(listener)) = (web_sys::window(), self.storage_listener.get_mut().take()) {
            let _ = window.remove_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
        }
    }
}

/// The Logto client for Rust frontends. Cheap to clone (shared state).
#[derive(Clone)]
pub struct LogtoClient {
    pub(crate) inner: Rc<Inner>,
}

impl std::fmt::Debug for LogtoClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogtoClient").field("app_id", &self.inner.config.app_id).field("issuer", &self.inner.config.issuer).finish()
    }
}

impl LogtoClient {
    /// A client storing its state in `sessionStorage`.
    pub fn new(config: &LogtoConfig) -> Result<Self, NewClientError> {
        Self::with_storage(config, Box::new(WebStorage(StorageKind::Session)))
    }

    /// A client with the given storage.
    pub fn with_storage(config: &LogtoConfig, storage: Box<dyn Storage>) -> Result<Self, NewClientError> {
        let config = config.validate()?;
        let prefix = concat(&["logto:", &config.app_id]);
        let client = LogtoClient {
            inner: Rc::new(Inner {
                verifier: IdTokenVerifier::new(&config),
                keys: Keys {
                    session: concat(&[&prefix, ":session"]),
                    transaction: concat(&[&prefix, ":signInSession"]),
                    provider: concat(&[&prefix, ":provider"]),
                    lock: concat(&[&prefix, ":refresh"]),
                },
                config,
                storage,
                provider: RefCell::new(None),
                session: RefCell::new(None),
                provider_flight: Flight::default(),
                callback_flight: Flight::default(),
                handled_callback: RefCell::new(None),
                token_flight: Flight::default(),
                session_owner: RefCell::new(None),
                owner_flight: Flight::default(),
                refresh_lock: AsyncLock::default(),
                last_forced_jwks_refresh: Cell::new(i64::MIN / 2),
                storage_listener: RefCell::new(None),
            }),
        };
        client.watch_other_tabs();
        Ok(client)
    }

    /// Another tab that shares the storage wrote or removed the session (sign-in, refresh,
    /// sign-out): forget the memory copy so the next read sees it. Web Storage fires
    /// `storage` events in the other tabs of the origin only.
    fn watch_other_tabs(&self) {
        let Some(window) = web_sys::window() else { return };
        let weak = Rc::downgrade(&self.inner);
        let listener = Closure::<dyn FnMut(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
            if let Some(inner) = weak.upgrade() {
                // `key` is null when the whole storage was cleared.
                if event.key().is_none_or(|k| k == inner.keys.session) {
                    inner.session.borrow_mut().take();
                }
            }
        });
        if window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref()).is_ok() {
            *self.inner.storage_listener.borrow_mut() = Some(listener);
        }
    }

    /// The validated configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// Whether `url` is a sign-in callback (has `code` or `error`, and `state`). With a
    /// pending sign-in in memory this could be stricter; this check never fails.
    pub fn is_sign_in_redirected(&self, url: &str) -> bool {
        crate::core::callback::is_callback_url(url, None)
    }

    /// The session, from memory or storage. A corrupt or foreign stored session is removed
    /// (only that entry) and reads as signed out.
    pub(crate) async fn session(&self) -> Result<Option<(StoredSession, IdTokenClaims)>, StorageError> {
        if let Some(s) = self.inner.session.borrow().as_ref() {
            return Ok(s.clone());
        }
        let loaded = match self.inner.storage.get_item(&self.inner.keys.session).await? {
            None => None,
            Some(json) => match StoredSession::from_json(&json, &self.inner.config.issuer) {
                Ok(s) => Some(s),
                Err(_) => {
                    self.inner.storage.remove_item(&self.inner.keys.session).await?;
                    None
                }
            },
        };
        *self.inner.session.borrow_mut() = Some(loaded.clone());
        if let Some((StoredSession { sid: Some(sid), refresh_token: Some(_), .. }, _)) = &loaded {
            self.claim_session_owner_in_background(sid.clone());
        }
        Ok(loaded)
    }

    /// Reads the session from storage, bypassing the memory copy (another tab may have
    /// changed it).
    pub(crate) async fn reload_session(&self) -> Result<Option<(StoredSession, IdTokenClaims)>, StorageError> {
        self.inner.session.borrow_mut().take();
        self.session().await
    }

    /// Starts claiming ownership of a per-tab session without waiting for it.
    pub(crate) fn claim_session_owner_in_background(&self, sid: String) {
        if self.inner.storage.is_per_tab() {
            let client = self.clone();
            wasm_bindgen_futures::spawn_local(async move {
                client.claim_session_owner(&sid).await;
            });
        }
    }

    /// Stores the session (storage first: memory only changes if storage accepted it).
    pub(crate) async fn store_session(&self, session: StoredSession, claims: IdTokenClaims) -> Result<(), StorageError> {
        self.inner.storage.set_item(&self.inner.keys.session, &session.to_json()).await?;
        *self.inner.session.borrow_mut() = Some(Some((session, claims)));
        Ok(())
    }

    /// Whether the user is signed in: a session whose ID token has not expired, or whose
    /// refresh token still gets a new one (tried here; a refused refresh signs out).
    pub async fn is_authenticated(&self) -> bool {
        match self.session().await {
            Ok(Some((session, claims))) => {
                if now() <= claims.exp.saturating_add(i64::from(self.inner.config.leeway_seconds)) {
                    return true;
                }
                session.refresh_token.is_some() && self.refresh(None, None, true).await.is_ok()
            }
            _ => false,
        }
    }

    /// The raw ID token, if signed in.
    pub async fn get_id_token(&self) -> Result<Option<String>, SessionReadError> {
        Ok(self.session().await?.map(|(s, _)| s.id_token.expose().to_owned()))
    }

    /// The verified claims of the ID token.
    pub async fn get_id_token_claims(&self) -> Result<IdTokenClaims, SessionReadError> {
        self.session().await?.map(|(_, c)| c).ok_or(SessionReadError::Session(SessionError::NotAuthenticated))
    }

    /// The refresh token, if any.
    pub async fn get_refresh_token(&self) -> Result<Option<String>, SessionReadError> {
        Ok(self.session().await?.and_then(|(s, _)| s.refresh_token.map(|t| t.expose().to_owned())))
    }

    /// Forgets every token (local only: nothing is revoked).
    pub async fn clear_all_tokens(&self) -> Result<(), StorageError> {
        self.inner.storage.remove_item(&self.inner.keys.session).await?;
        *self.inner.session.borrow_mut() = Some(None);
        Ok(())
    }

    /// Signs out: clears local state first, revokes the refresh token (a failed revocation
    /// does not block sign-out), then returns the end-session URL to navigate to (with
    /// `id_token_hint`), if the provider has one.
    pub async fn sign_out_url(&self, post_logout_redirect_uri: Option<&str>) -> Result<Option<String>, SignOutError> {
        let session = self.session().await.ok().flatten();
        self.clear_all_tokens().await?;
        let metadata = match self.inner.metadata().await {
            Ok(m) => m,
            // Without metadata there is nothing to revoke or end remotely; local sign-out is done.
            Err(_) => return Ok(None),
        };
        let Some((session, _)) = session else {
            return Ok(end_session_url(&metadata, &self.inner.config.app_id, None, post_logout_redirect_uri));
        };
        if let Some(rt) = &session.refresh_token {
            if let Some(request) = revocation_request(&metadata, &self.inner.config.app_id, rt) {
                let _ = send(&request).await;
            }
        }
        Ok(end_session_url(&metadata, &self.inner.config.app_id, Some(&session.id_token), post_logout_redirect_uri))
    }

    /// [`Self::sign_out_url`], then navigates to the end-session endpoint (or to
    /// `post_logout_redirect_uri` when the provider has none).
    pub async fn sign_out(&self, post_logout_redirect_uri: Option<&str>) -> Result<(), SignOutError> {
        match self.sign_out_url(post_logout_redirect_uri).await? {
            Some(url) => navigation::navigate(&url)?,
            None => {
                if let Some(uri) = post_logout_redirect_uri {
                    navigation::navigate(uri)?;
                }
            }
        }
        Ok(())
    }
}
