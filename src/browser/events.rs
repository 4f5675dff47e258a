//! Session events: what happened to the session, in this tab or (with shared storage) in
//! another one, told to the callbacks of [`LogtoClient::on_session_event`]; and the timer that
//! says an access token is about to expire.

#[allow(unused_imports)]
use crate::prelude::*;

use ::core::cell::{Cell, RefCell};
use alloc::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;

use crate::browser::client::{Inner, LogtoClient};
use crate::browser::now;
use crate::core::session::access_token_target;

/// What happened to the session.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionEvent {
    /// A sign-in completed: `handle_sign_in_callback` stored a new session here, or another tab
    /// sharing the storage did (`other_tab`).
    SignedIn {
        /// The change came from another tab (shared storage, `'local'`).
        other_tab: bool,
    },
    /// The session is gone: signed out, tokens cleared, a new sign-in started (which clears
    /// them), or the refresh token refused (then [`SessionEvent::SessionExpired`] follows).
    SignedOut {
        /// The change came from another tab (shared storage, `'local'`).
        other_tab: bool,
    },
    /// A refresh-token grant renewed the tokens (an access token for `resource` /
    /// `organization_id`, a rotated refresh token, a new ID token), here or in another tab.
    TokenRefreshed {
        /// The change came from another tab (shared storage, `'local'`); the resource and
        /// organization are then not known.
        other_tab: bool,
        /// The API resource of the new access token (`None`: the userinfo token).
        resource: Option<String>,
        /// The organization of the new access token.
        organization_id: Option<String>,
    },
    /// A cached access token enters the refresh margin (`refresh_margin_seconds` before its
    /// expiry): the next `get_access_token` for it refreshes. Told once per token.
    AccessTokenExpiring {
        /// The token's API resource (`None`: the userinfo token).
        resource: Option<String>,
        /// The token's organization.
        organization_id: Option<String>,
        /// When it expires, Unix seconds.
        expires_at: i64,
    },
    /// The session can no longer be refreshed: the provider refused the refresh token
    /// (`invalid_grant`: revoked, expired or spent). The user must sign in again.
    SessionExpired,
}

impl SessionEvent {
    /// The event's name in the JavaScript API: `signedIn`, `signedOut`, `tokenRefreshed`,
    /// `accessTokenExpiring`, `sessionExpired`.
    pub fn name(&self) -> &'static str {
        match self {
            SessionEvent::SignedIn { .. } => "signedIn",
            SessionEvent::SignedOut { .. } => "signedOut",
            SessionEvent::TokenRefreshed { .. } => "tokenRefreshed",
            SessionEvent::AccessTokenExpiring { .. } => "accessTokenExpiring",
            SessionEvent::SessionExpired => "sessionExpired",
        }
    }

    /// Whether another tab made the change.
    pub fn other_tab(&self) -> bool {
        matches!(
            self,
            SessionEvent::SignedIn { other_tab: true } | SessionEvent::SignedOut { other_tab: true } | SessionEvent::TokenRefreshed { other_tab: true, .. }
        )
    }

    /// What a change of the stored session seen from another tab means (`old` and `new` are
    /// the `storage` event's values; `cleared`: the other tab cleared the whole storage): from
    /// nothing to a session is a sign-in; to nothing, or a cleared storage, a sign-out; from one
    /// session to another a refresh, as is a change whose values are not known. The same value
    /// written again is nothing.
    pub(crate) fn from_other_tab(cleared: bool, old: Option<&str>, new: Option<&str>) -> Option<SessionEvent> {
        let other_tab = true;
        match (old, new) {
            _ if cleared => Some(SessionEvent::SignedOut { other_tab }),
            (None, Some(_)) => Some(SessionEvent::SignedIn { other_tab }),
            (Some(_), None) => Some(SessionEvent::SignedOut { other_tab }),
            (Some(a), Some(b)) if a == b => None,
            _ => Some(SessionEvent::TokenRefreshed { other_tab, resource: None, organization_id: None }),
        }
    }
}

/// A pending `setTimeout`: its handle and its callback (`dyn FnMut(JsValue)` like IndexedDB's
/// callbacks: one closure type, one set of wasm-bindgen shims for both).
type Timer = (i32, Closure<dyn FnMut(JsValue)>);

/// A session callback: every event (`on_session_event`), or another tab's changes only
/// (`on_session_change`).
type SessionCallback = Rc<dyn Fn(&SessionEvent)>;

/// The session callbacks, each under its number, and the access-token expiry timer.
#[derive(Default)]
pub(crate) struct SessionWatchers {
    next: Cell<u64>,
    list: RefCell<Vec<(u64, SessionCallback)>>,
    /// Whether an `on_session_event` callback was ever registered: the expiry timer runs only
    /// then.
    events_wanted: Cell<bool>,
    /// The pending `setTimeout` and its callback.
    timer: RefCell<Option<Timer>>,
    /// The access tokens told about already, as (cache key, `expires_at`).
    told: RefCell<Vec<(String, i64)>>,
}

impl SessionWatchers {
    fn add(&self, f: SessionCallback) -> u64 {
        let id = self.next.get();
        self.next.set(id.wrapping_add(1));
        self.list.borrow_mut().push((id, f));
        id
    }

    /// Tells every callback (a copy of the list: a callback may add or drop watches).
    pub(crate) fn notify(&self, event: &SessionEvent) {
        let callbacks: Vec<SessionCallback> = self.list.borrow().iter().map(|(_, f)| f.clone()).collect();
        for f in callbacks {
            f(event);
        }
    }

    fn cancel_timer(&self) {
        if let (Some((handle, _)), Some(window)) = (self.timer.borrow_mut().take(), web_sys::window()) {
            window.clear_timeout_with_handle(handle);
        }
    }
}

impl Drop for SessionWatchers {
    fn drop(&mut self) {
        self.cancel_timer();
    }
}

/// Keeps a callback of [`LogtoClient::on_session_event`] or [`LogtoClient::on_session_change`]
/// registered; dropping it removes the callback.
#[must_use = "the callback is removed when this is dropped"]
pub struct SessionWatch {
    inner: Weak<Inner>,
    id: u64,
}

impl ::core::fmt::Debug for SessionWatch {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str("SessionWatch")
    }
}

impl Drop for SessionWatch {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.upgrade() {
            inner.session_watchers.list.borrow_mut().retain(|(id, _)| *id != self.id);
        }
    }
}

/// The longest `setTimeout` delay browsers honour (2^31 − 1 ms, about 24.8 days).
const MAX_TIMEOUT_MS: i64 = i32::MAX as i64;

impl LogtoClient {
    /// Calls `f` with every [`SessionEvent`]: sign-in, sign-out, refresh, an access token about
    /// to expire, the session expired; for changes in this tab and, with shared storage
    /// (`'local'`), in other tabs (`other_tab`). Keep the returned [`SessionWatch`] for as long
    /// as `f` should be called.
    pub fn on_session_event(&self, f: impl Fn(&SessionEvent) + 'static) -> SessionWatch {
        let id = self.inner.session_watchers.add(Rc::new(f));
        self.inner.session_watchers.events_wanted.set(true);
        self.schedule_expiry_events();
        SessionWatch { inner: Rc::downgrade(&self.inner), id }
    }

    /// Calls `f` whenever another tab that shares this client's storage changes the session
    /// (signs in, refreshes, signs out): storage `'local'`, whose writes reach the other tabs of
    /// the origin as `storage` events. The memory copy is already forgotten when `f` runs, so
    /// reading the session then (e.g. `is_authenticated`) sees the other tab's change. Keep the
    /// returned [`SessionWatch`] for as long as `f` should be called. ([`on_session_event`]
    /// tells this tab's changes too, and what each change was.)
    ///
    /// [`on_session_event`]: Self::on_session_event
    pub fn on_session_change(&self, f: impl Fn() + 'static) -> SessionWatch {
        let id = self.inner.session_watchers.add(Rc::new(move |e: &SessionEvent| {
            if e.other_tab() {
                f();
            }
        }));
        SessionWatch { inner: Rc::downgrade(&self.inner), id }
    }

    /// Tells the session callbacks.
    pub(crate) fn notify(&self, event: SessionEvent) {
        self.inner.session_watchers.notify(&event);
    }

    /// Tells `AccessTokenExpiring` for every cached access token of the memory session that has
    /// entered the refresh margin and was not told about yet, and sets a timer for the next one
    /// (none without `on_session_event` callbacks). Run whenever the memory session changes.
    pub(crate) fn schedule_expiry_events(&self) {
        let watchers = &self.inner.session_watchers;
        if !watchers.events_wanted.get() {
            return;
        }
        watchers.cancel_timer();
        let margin = i64::from(self.inner.config.refresh_margin_seconds);
        let now = now();
        let mut due = Vec::new();
        let mut next: Option<i64> = None;
        if let Some((session, _)) = self.inner.session.borrow().signed_in() {
            let told = watchers.told.borrow();
            for (key, entry) in session.access_tokens.iter() {
                if entry.expires_at <= now || told.iter().any(|(k, at)| k == key && *at == entry.expires_at) {
                    continue;
                }
                let from = entry.expires_at.saturating_sub(margin);
                if from <= now {
                    due.push((key.to_owned(), entry.expires_at));
                } else {
                    next = Some(next.map_or(from, |n| n.min(from)));
                }
            }
        }
        for (key, expires_at) in due {
            let mut told = watchers.told.borrow_mut();
            told.retain(|(_, at)| *at > now);
            told.push((key.clone(), expires_at));
            drop(told);
            let (resource, organization_id) = access_token_target(&key);
            self.notify(SessionEvent::AccessTokenExpiring {
                resource: resource.map(str::to_owned),
                organization_id: organization_id.map(str::to_owned),
                expires_at,
            });
        }
        let (Some(at), Some(window)) = (next, web_sys::window()) else { return };
        let delay_ms = at.saturating_sub(now).saturating_mul(1000).min(MAX_TIMEOUT_MS);
        let weak = Rc::downgrade(&self.inner);
        let callback = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            if let Some(inner) = weak.upgrade() {
                LogtoClient { inner }.schedule_expiry_events();
            }
        });
        if let Ok(handle) = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), delay_ms as i32) {
            *watchers.timer.borrow_mut() = Some((handle, callback));
        }
    }
}
