//! Switching from `@logto/browser` keeps users signed in (issue #16). `@logto/browser` 3.x keeps
//! its session in `localStorage` under `logto:<appId>:idToken`, `logto:<appId>:refreshToken` and
//! `logto:<appId>:accessToken`, and a pending sign-in in `sessionStorage` under `logto:<appId>`.
//! The first time a client finds no session of its own, it removes those items (in every case:
//! a live refresh token must not stay behind) and, when they held a refresh token and an ID
//! token for this issuer, refreshes once with that refresh token. The ID token that comes back is
//! verified as after any refresh (signature, claims, and the same `iss` and `sub` as the old
//! one), and the result becomes this client's session. Anything that fails leaves the app signed
//! out, as it would have been without the carry-over. The one refresh runs on the access-token
//! flight, so that reads during it wait for it; a per-tab session gets a new owner ID.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::browser::client::LogtoClient;
use crate::browser::crypto::random_bytes;
use crate::browser::errors::AccessTokenError;
use crate::core::error::{concat, SessionError};
use crate::core::id_token::{decode_stored_id_token, IdTokenClaims};
use crate::core::pkce::{random_token, STATE_BYTES};
use crate::core::secret::{IdToken, RefreshToken};
use crate::core::session::{AccessTokens, StoredSession, SESSION_VERSION};

/// The `localStorage` items of `@logto/browser`'s session, after `logto:<appId>:`.
const ITEMS: [&str; 3] = ["idToken", "refreshToken", "accessToken"];

impl LogtoClient {
    /// Carries `@logto/browser`'s session over (see the module documentation), once per client;
    /// concurrent first reads share the one attempt.
    pub(crate) async fn adopt_logto_browser_session(&self) -> Option<(StoredSession, IdTokenClaims)> {
        if self.inner.legacy_checked.get() {
            return None;
        }
        // The access-token flight under a key of its own (one more flight type would cost the
        // wasm a copy of its code; access-token keys always hold a space, this one none):
        // concurrent first reads wait for the one attempt.
        let _ = self.inner.token_flight.run("@logto/browser", || self.carry_over()).await;
        // Set once the attempt is over, so that a read during it waits for it above.
        self.inner.legacy_checked.set(true);
        self.inner.session.borrow().signed_in().cloned()
    }

    async fn carry_over(&self) -> Result<String, AccessTokenError> {
        let inner = &self.inner;
        let (id_token, refresh_token) = take_legacy_session(&inner.config.client_id).ok_or(SessionError::NotAuthenticated)?;
        let old = decode_stored_id_token(&id_token).ok().filter(|c| c.iss == inner.config.issuer).ok_or(SessionError::NotAuthenticated)?;
        // Not stored: the old ID token only says whose session it was (`iss`, `sub`) to the
        // refresh, which must bring back a verified ID token to replace it.
        let session = StoredSession {
            v: SESSION_VERSION,
            issuer: inner.config.issuer.clone(),
            id_token: IdToken::new(id_token),
            refresh_token: Some(RefreshToken::new(refresh_token)),
            owner_id: Some(random_token(&random_bytes::<STATE_BYTES>().map_err(|_| SessionError::NotAuthenticated)?)),
            access_tokens: AccessTokens::default(),
            silent_redirect_uri: None,
        };
        self.redeem_refresh_token(session, old, None, None, true).await
    }
}

/// Reads and removes `@logto/browser`'s items for `client_id`; the ID token and the refresh token
/// when both were there.
fn take_legacy_session(client_id: &str) -> Option<(String, String)> {
    let window = web_sys::window()?;
    let prefix = concat(&["logto:", client_id]);
    if let Ok(Some(pending)) = window.session_storage() {
        let _ = pending.remove_item(&prefix);
    }
    let local = window.local_storage().ok().flatten()?;
    let mut values = ITEMS.map(|item| {
        let key = concat(&[&prefix, ":", item]);
        let value = local.get_item(&key).ok().flatten();
        let _ = local.remove_item(&key);
        value
    });
    let [id_token, refresh_token, _] = &mut values;
    Some((id_token.take()?, refresh_token.take()?))
}
