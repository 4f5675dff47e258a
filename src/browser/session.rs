//! The signed-in session in this tab: its memory copy (a three-state [`SessionState`]), how it
//! is read from and written to storage (storage first: memory only follows what storage took),
//! and the listener that forgets the memory copy when another tab changes the stored session.

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::browser::client::LogtoClient;
use crate::browser::events::SessionEvent;
use crate::browser::storage::StorageError;
use crate::core::id_token::IdTokenClaims;
use crate::core::session::StoredSession;

/// The memory copy of the session.
#[derive(Debug, Clone, Default)]
pub(crate) enum SessionState {
    /// Not read yet, or dropped because another tab changed it: read storage.
    #[default]
    Unknown,
    /// Storage holds no (usable) session.
    SignedOut,
    /// The session and its ID token's claims, as stored.
    SignedIn(Box<(StoredSession, IdTokenClaims)>),
}

impl From<Option<(StoredSession, IdTokenClaims)>> for SessionState {
    fn from(s: Option<(StoredSession, IdTokenClaims)>) -> Self {
        match s {
            None => SessionState::SignedOut,
            Some(s) => SessionState::SignedIn(Box::new(s)),
        }
    }
}

impl SessionState {
    /// The session, if signed in and known.
    pub(crate) fn signed_in(&self) -> Option<&(StoredSession, IdTokenClaims)> {
        match self {
            SessionState::SignedIn(s) => Some(s),
            _ => None,
        }
    }
}

impl LogtoClient {
    /// Another tab that shares the storage wrote or removed the session (sign-in, refresh,
    /// sign-out): forget the memory copy so the next read sees it, and tell the session
    /// callbacks what the change was (`events.rs`). Web Storage fires `storage` events in the
    /// other tabs of the origin only.
    pub(crate) fn watch_other_tabs(&self) {
        let Some(window) = web_sys::window() else { return };
        let weak = Rc::downgrade(&self.inner);
        let listener = Closure::<dyn FnMut(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
            if let Some(inner) = weak.upgrade() {
                // `key` is null when the whole storage was cleared.
                if event.key().is_none_or(|k| k == inner.keys.session) {
                    inner.session.replace(SessionState::Unknown);
                    let cleared = event.key().is_none();
                    if let Some(e) = SessionEvent::from_other_tab(cleared, event.old_value().as_deref(), event.new_value().as_deref()) {
                        inner.session_watchers.notify(&e);
                    }
                }
            }
        });
        if window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref()).is_ok() {
            *self.inner.storage_listener.borrow_mut() = Some(listener);
        }
    }

    /// The session, from memory or storage. A corrupt or foreign stored session is removed
    /// (only that entry) and reads as signed out.
    pub(crate) async fn session(&self) -> Result<Option<(StoredSession, IdTokenClaims)>, StorageError> {
        match &*self.inner.session.borrow() {
            SessionState::Unknown => {}
            SessionState::SignedOut => return Ok(None),
            SessionState::SignedIn(s) => return Ok(Some(s.as_ref().clone())),
        }
        let loaded = match self.inner.storage.get_item(&self.inner.keys.session).await? {
            None => self.adopt_logto_browser_session().await,
            Some(json) => match StoredSession::from_json(&json, &self.inner.config.issuer) {
                Ok(s) => Some(s),
                Err(_) => {
                    self.inner.storage.remove_item(&self.inner.keys.session).await?;
                    None
                }
            },
        };
        *self.inner.session.borrow_mut() = SessionState::from(loaded.clone());
        self.schedule_expiry_events();
        if let Some((StoredSession { owner_id: Some(owner_id), refresh_token: Some(_), .. }, _)) = &loaded {
            self.claim_session_owner_in_background(owner_id.clone());
        }
        Ok(loaded)
    }

    /// Reads the session from storage, bypassing the memory copy (another tab may have
    /// changed it).
    pub(crate) async fn reload_session(&self) -> Result<Option<(StoredSession, IdTokenClaims)>, StorageError> {
        self.inner.session.replace(SessionState::Unknown);
        self.session().await
    }

    /// Stores the session (storage first: memory only changes if storage accepted it).
    pub(crate) async fn store_session(&self, session: StoredSession, claims: IdTokenClaims) -> Result<(), StorageError> {
        self.inner.storage.set_item(&self.inner.keys.session, &session.to_json()).await?;
        *self.inner.session.borrow_mut() = SessionState::SignedIn(Box::new((session, claims)));
        self.schedule_expiry_events();
        Ok(())
    }

    /// Forgets every token (local only: nothing is revoked). Tells `SignedOut` when there was a
    /// session.
    pub async fn clear_all_tokens(&self) -> Result<(), StorageError> {
        let had_session = match &*self.inner.session.borrow() {
            SessionState::SignedIn(_) => Some(true),
            SessionState::SignedOut => Some(false),
            SessionState::Unknown => None,
        };
        let had_session = match had_session {
            Some(known) => known,
            None => self.inner.storage.get_item(&self.inner.keys.session).await?.is_some(),
        };
        self.inner.storage.remove_item(&self.inner.keys.session).await?;
        *self.inner.session.borrow_mut() = SessionState::SignedOut;
        self.schedule_expiry_events();
        if had_session {
            self.notify(SessionEvent::SignedOut { other_tab: false });
        }
        Ok(())
    }
}
