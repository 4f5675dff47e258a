//! [`LogtoClient`]: the async Rust API. State lives in storage (one JSON value per concern,
//! each written in one go) with a memory copy for the hot paths.

#[allow(unused_imports)]
use crate::prelude::*;

use ::core::cell::{Cell, RefCell};
use alloc::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::browser::dpop::DpopState;
use crate::browser::errors::{AccessTokenError, CallbackHandlingError, NewClientError, PopupSignInError, SessionReadError, SignOutError, SilentSignInError};
use crate::browser::events::SessionWatchers;
use crate::browser::fetch::send;
use crate::browser::flight::Flight;
use crate::browser::lock::{AsyncLock, WebLockGuard};
use crate::browser::provider::ProviderState;
use crate::browser::session::SessionState;
use crate::browser::storage::{Storage, StorageKind, WebStorage};
use crate::browser::{navigation, now};
use crate::core::config::{ClientConfig, LogtoConfig};
use crate::core::error::{concat, SessionError};
use crate::core::id_token::{decode_stored_claims_set, IdTokenClaims, IdTokenVerifier};
use crate::core::json::Object;
use crate::core::session::SessionRenewal;
use crate::core::sign_out::{end_session_url, revocation_request};

/// Storage keys, namespaced by app ID.
pub(crate) struct Keys {
    pub session: String,
    pub transaction: String,
    pub provider: String,
    /// Name of the Web Lock around refreshes.
    pub lock: String,
    /// The DPoP key's IndexedDB key, also the name of the Web Lock around making it.
    pub dpop: String,
}

/// The listener of the window's `storage` event.
pub(crate) type StorageListener = Closure<dyn FnMut(web_sys::StorageEvent)>;

pub(crate) struct Inner {
    pub config: ClientConfig,
    pub verifier: IdTokenVerifier,
    pub storage: Box<dyn Storage>,
    pub keys: Keys,
    pub provider: ProviderState,
    pub session: RefCell<SessionState>,
    pub callback_flight: Flight<Result<Option<String>, CallbackHandlingError>>,
    pub handled_callback: RefCell<Option<String>>,
    /// Silent sign-ins in a hidden frame, by redirect URI.
    pub silent_flight: Flight<Result<(), SilentSignInError>>,
    /// The popup sign-in (one at a time: the popup window is shared).
    pub popup_flight: Flight<Result<(), PopupSignInError>>,
    pub token_flight: Flight<Result<String, AccessTokenError>>,
    /// The Web Lock that marks this tab as the owner of a per-tab session (held for the
    /// page's lifetime), with the session owner ID it is for.
    pub session_owner: RefCell<Option<(String, WebLockGuard)>>,
    pub owner_flight: Flight<bool>,
    /// Whether `@logto/browser`'s session was looked for (browser/legacy.rs).
    pub legacy_checked: Cell<bool>,
    pub refresh_lock: AsyncLock,
    /// The `storage` event listener that drops the memory copy when another tab changes
    /// the stored session (removed when the client is dropped).
    pub storage_listener: RefCell<Option<StorageListener>>,
    /// The session callbacks (`on_session_event`, `on_session_change`) and the access-token
    /// expiry timer.
    pub session_watchers: SessionWatchers,
    /// The DPoP key and the servers' nonces (config `dpop`).
    pub dpop: DpopState,
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

impl ::core::fmt::Debug for LogtoClient {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("LogtoClient").field("client_id", &self.inner.config.client_id).field("issuer", &self.inner.config.issuer).finish()
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
        let prefix = concat(&["logto:", &config.client_id]);
        let client = LogtoClient {
            inner: Rc::new(Inner {
                verifier: IdTokenVerifier::new(&config),
                keys: Keys {
                    session: concat(&[&prefix, ":session"]),
                    transaction: concat(&[&prefix, ":transaction"]),
                    provider: concat(&[&prefix, ":provider"]),
                    lock: concat(&[&prefix, ":refresh"]),
                    dpop: concat(&[&prefix, ":dpop"]),
                },
                config,
                storage,
                provider: ProviderState::default(),
                session: RefCell::new(SessionState::Unknown),
                callback_flight: Flight::default(),
                handled_callback: RefCell::new(None),
                silent_flight: Flight::default(),
                popup_flight: Flight::default(),
                token_flight: Flight::default(),
                session_owner: RefCell::new(None),
                owner_flight: Flight::default(),
                legacy_checked: Cell::new(false),
                refresh_lock: AsyncLock::default(),
                storage_listener: RefCell::new(None),
                session_watchers: SessionWatchers::default(),
                dpop: DpopState::default(),
            }),
        };
        client.watch_other_tabs();
        Ok(client)
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

    /// Starts claiming ownership of a per-tab session without waiting for it.
    pub(crate) fn claim_session_owner_in_background(&self, owner_id: String) {
        if self.inner.storage.is_per_tab() {
            let client = self.clone();
            wasm_bindgen_futures::spawn_local(async move {
                client.claim_session_owner(&owner_id).await;
            });
        }
    }

    /// Whether the user is signed in: a session whose ID token has not expired, or whose
    /// refresh token still gets a new one (tried here; a refused refresh signs out).
    pub async fn is_authenticated(&self) -> bool {
        match self.session().await {
            Ok(Some((session, claims))) => {
                if now() <= claims.exp.saturating_add(i64::from(self.inner.config.leeway_seconds)) {
                    return true;
                }
                session.renewal() != SessionRenewal::None && self.refresh(None, None, true).await.is_ok()
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

    /// The verified claims of the ID token as one JSON object, each claim where the provider
    /// put it in the token ([`IdTokenClaims::to_object_ordered_as`]); what `getIdTokenClaims`
    /// returns in JavaScript.
    pub async fn get_id_token_claims_object(&self) -> Result<Object, SessionReadError> {
        let (session, claims) = self.session().await?.ok_or(SessionReadError::Session(SessionError::NotAuthenticated))?;
        // The stored token was decoded by the same function when the session was read.
        Ok(match decode_stored_claims_set(session.id_token.expose()) {
            Ok(sent) => claims.to_object_ordered_as(&sent),
            Err(_) => claims.to_object(),
        })
    }

    /// The refresh token, if any.
    pub async fn get_refresh_token(&self) -> Result<Option<String>, SessionReadError> {
        Ok(self.session().await?.and_then(|(s, _)| s.refresh_token.map(|t| t.expose().to_owned())))
    }

    /// How the session gets its next access tokens (`None` when signed out): with its refresh
    /// token; by another silent sign-in (a session from [`Self::sign_in_silently`] that the
    /// provider gave no refresh token); or not at all (the user signs in again when its access
    /// tokens expire).
    pub async fn session_renewal(&self) -> Result<Option<SessionRenewal>, SessionReadError> {
        Ok(self.session().await?.map(|(s, _)| s.renewal()))
    }

    /// Signs out without navigating: **clears the local session** first, revokes the refresh
    /// token (a failed revocation does not block sign-out), then returns the provider's
    /// end-session URL (with `id_token_hint`) for the app to navigate to, if the provider has one.
    /// (`signOut(uri, { localOnly: true })` in JavaScript.)
    pub async fn sign_out_locally(&self, post_logout_redirect_uri: Option<&str>) -> Result<Option<String>, SignOutError> {
        let session = self.session().await.ok().flatten();
        self.clear_all_tokens().await?;
        let metadata = match self.inner.metadata().await {
            Ok(m) => m,
            // Without metadata there is nothing to revoke or end remotely; local sign-out is done.
            Err(_) => return Ok(None),
        };
        let Some((session, _)) = session else {
            return Ok(end_session_url(&metadata, &self.inner.config.client_id, None, post_logout_redirect_uri));
        };
        if let Some(rt) = &session.refresh_token {
            if let Some(request) = revocation_request(&metadata, &self.inner.config.client_id, rt) {
                let _ = send(&request).await;
            }
        }
        Ok(end_session_url(&metadata, &self.inner.config.client_id, Some(&session.id_token), post_logout_redirect_uri))
    }

    /// [`Self::sign_out_locally`], then navigates to the end-session endpoint (or to
    /// `post_logout_redirect_uri` when the provider has none).
    pub async fn sign_out(&self, post_logout_redirect_uri: Option<&str>) -> Result<(), SignOutError> {
        match self.sign_out_locally(post_logout_redirect_uri).await? {
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
