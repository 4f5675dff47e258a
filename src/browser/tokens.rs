//! Access tokens per (resource, organization), refreshed with the rotating refresh token;
//! userinfo. Refreshes never overlap (in-client lock + Web Lock across tabs) and re-read the
//! session after acquiring the lock, so a refresh token is never used twice.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::browser::client::LogtoClient;
use crate::browser::errors::{AccessTokenError, UserInfoFetchError};
use crate::browser::events::SessionEvent;
use crate::browser::lock::{acquire_web_lock, with_cross_tab_lock, WebLock};

/// How long a tab waits for the owner lock of a per-tab session before concluding that it is
/// a duplicated tab.
const OWNER_LOCK_WAIT_MS: u32 = 1500;
use crate::browser::now;
use crate::browser::sign_in::access_token_entry;
use crate::core::error::{concat, OAuthError, SessionError};
use crate::core::id_token::{Expected, IdTokenClaims};
use crate::core::secret::AccessToken;
use crate::core::session::{access_token_key, StoredSession};
use crate::core::token::{parse_refresh_response, refresh_request, TokenError, TokenType};
use crate::core::userinfo::{decode_access_token_claims, parse_userinfo_response, userinfo_request};

fn check_target(value: Option<&str>, what: &'static str) -> Result<(), SessionError> {
    match value {
        Some(v) if v.is_empty() || v.len() > 2048 || v.chars().any(|c| c.is_whitespace() || c.is_control()) => Err(SessionError::InvalidTarget(what)),
        _ => Ok(()),
    }
}

impl LogtoClient {
    /// The access tokens this client asks for: `DPoP` with config `dpop`, else `Bearer`.
    pub(crate) fn token_type(&self) -> TokenType {
        if self.inner.config.dpop {
            TokenType::DPoP
        } else {
            TokenType::Bearer
        }
    }

    fn margin(&self) -> i64 {
        i64::from(self.inner.config.refresh_margin_seconds)
    }

    /// An access token for `resource` (RFC 8707) and/or `organization_id`, from cache when
    /// it is valid for at least the refresh margin, otherwise refreshed. Without either, the
    /// token for the userinfo endpoint. Concurrent calls for the same token share one request.
    pub async fn get_access_token(&self, resource: Option<&str>, organization_id: Option<&str>) -> Result<String, AccessTokenError> {
        check_target(resource, "resource")?;
        check_target(organization_id, "organization ID")?;
        if organization_id.is_some() && !self.inner.config.has_organizations_scope() {
            return Err(SessionError::MissingOrganizationsScope.into());
        }
        if let Some(token) = self.cached_access_token(resource, organization_id) {
            return Ok(token);
        }
        let key = access_token_key(resource, organization_id);
        self.inner.token_flight.run(&key, || self.refresh(resource, organization_id, false)).await
    }

    /// The hot path of [`Self::get_access_token`], synchronous: a token from the memory copy of
    /// the session that is valid for at least the refresh margin — no storage read, no JSON.
    /// `None` means "ask `get_access_token`" (nothing cached, expiring, or not loaded yet).
    pub fn cached_access_token(&self, resource: Option<&str>, organization_id: Option<&str>) -> Option<String> {
        let state = self.inner.session.borrow();
        let (session, _) = state.signed_in()?;
        let key = access_token_key(resource, organization_id);
        session.valid_access_token(&key, now(), self.margin()).map(|t| t.expose().to_owned())
    }

    /// Refreshes under the locks. With `force`, refreshes even if a cached token is valid.
    pub(crate) async fn refresh(&self, resource: Option<&str>, organization_id: Option<&str>, force: bool) -> Result<String, AccessTokenError> {
        let _local = self.inner.refresh_lock.lock().await;
        with_cross_tab_lock(&self.inner.keys.lock, || self.refresh_locked(resource, organization_id, force)).await
    }

    async fn refresh_locked(&self, resource: Option<&str>, organization_id: Option<&str>, force: bool) -> Result<String, AccessTokenError> {
        let key = access_token_key(resource, organization_id);
        // Another tab may have rotated the refresh token: read storage, not memory.
        let (session, claims) = self.reload_session().await?.ok_or(SessionError::NotAuthenticated)?;
        if !force {
            if let Some(token) = session.valid_access_token(&key, now(), self.margin()) {
                return Ok(token.expose().to_owned());
            }
        }
        // A session from a silent sign-in without a refresh token: another silent sign-in.
        // (Organization tokens come from the refresh grant only.)
        if let (None, Some(redirect_uri), None) = (&session.refresh_token, session.silent_redirect_uri.clone(), organization_id) {
            return self.renew_silently(session, claims, &redirect_uri, resource).await;
        }
        if !self.owns_refresh_token(&session, &claims).await? {
            return Err(SessionError::NoRefreshToken.into());
        }
        self.redeem_refresh_token(session, claims, resource, organization_id, false).await
    }

    /// The refresh itself: spends the session's refresh token for an access token for
    /// `resource` / `organization_id`, verifies the ID token that comes back (required with
    /// `id_token_required`) against the session's claims, and stores the session that results.
    /// A refused grant (`invalid_grant`) leaves a clean signed-out state.
    pub(crate) async fn redeem_refresh_token(
        &self,
        session: StoredSession,
        claims: IdTokenClaims,
        resource: Option<&str>,
        organization_id: Option<&str>,
        id_token_required: bool,
    ) -> Result<String, AccessTokenError> {
        let key = access_token_key(resource, organization_id);
        let refresh_token = session.refresh_token.clone().ok_or(SessionError::NoRefreshToken)?;
        let metadata = self.inner.metadata().await?;
        let request = refresh_request(&metadata, &self.inner.config.client_id, &refresh_token, resource, organization_id, None);
        let response = self.send_with_proof(&request, None).await??;
        let tokens = match parse_refresh_response(&response, self.token_type()) {
            Err(TokenError::Provider(p)) if p.error == OAuthError::InvalidGrant => {
                // The grant is gone (revoked, expired, reused): leave a clean signed-out state.
                self.clear_all_tokens().await?;
                self.notify(SessionEvent::SessionExpired);
                return Err(TokenError::Provider(p).into());
            }
            other => other?,
        };
        if id_token_required && tokens.id_token.is_none() {
            return Err(TokenError::MissingIdToken.into());
        }
        let mut next: StoredSession = session.clone();
        let mut next_claims: IdTokenClaims = claims.clone();
        if let Some(id_token) = &tokens.id_token {
            // Same checks as at sign-in, plus the same `sub` and `iss` (OIDC Core §12.2).
            let verified = self.verify_id_token(id_token, Expected::Refresh { original: &claims }).await?;
            next.id_token = verified.raw;
            next_claims = verified.claims;
        }
        if let Some(rt) = tokens.refresh_token {
            next.refresh_token = Some(rt);
        }
        let token = tokens.access_token.expose().to_owned();
        next.prune(now());
        next.access_tokens.insert(key, access_token_entry(tokens.access_token, tokens.scope, tokens.expires_in));
        self.store_session(next, next_claims).await?;
        self.notify(SessionEvent::TokenRefreshed {
            other_tab: false,
            resource: resource.map(str::to_owned),
            organization_id: organization_id.map(str::to_owned),
        });
        Ok(token)
    }

    /// For per-tab storage (sessionStorage, which "Duplicate tab" copies): whether this tab
    /// may spend the session's refresh token. A duplicated tab forks the session without the
    /// refresh token, keeping its ID and access tokens, so the original stays intact.
    async fn owns_refresh_token(&self, session: &StoredSession, claims: &IdTokenClaims) -> Result<bool, AccessTokenError> {
        let (Some(owner_id), Some(_)) = (&session.owner_id, &session.refresh_token) else {
            return Ok(true);
        };
        if self.claim_session_owner(owner_id).await {
            return Ok(true);
        }
        let mut fork = session.clone();
        fork.refresh_token = None;
        fork.owner_id = None;
        self.store_session(fork, claims.clone()).await?;
        Ok(false)
    }

    /// Claims the per-tab session `owner_id` for this tab: the Web Lock `owner:<owner_id>`, held for the
    /// page's lifetime. A tab that cannot get it within 1.5 s (a reload frees it quickly; a live
    /// original tab never does) is a duplicate. Concurrent claims share one attempt. Always true
    /// for shared storage, and where Web Locks are missing.
    pub(crate) async fn claim_session_owner(&self, owner_id: &str) -> bool {
        if !self.inner.storage.is_per_tab() {
            return true;
        }
        if self.inner.session_owner.borrow().as_ref().is_some_and(|(owned, _)| owned == owner_id) {
            return true;
        }
        self.inner
            .owner_flight
            .run(owner_id, || async {
                let name = concat(&[&self.inner.keys.lock, ":owner:", owner_id]);
                match acquire_web_lock(&name, Some(OWNER_LOCK_WAIT_MS)).await {
                    WebLock::Held(guard) => {
                        *self.inner.session_owner.borrow_mut() = Some((owner_id.to_owned(), guard));
                        true
                    }
                    WebLock::Unsupported => true,
                    WebLock::TimedOut => false,
                }
            })
            .await
    }

    /// The claims of the access token for `resource`, decoded (not verified: the API verifies it).
    pub async fn get_access_token_claims(&self, resource: Option<&str>) -> Result<crate::core::json::Object, AccessTokenError> {
        let token = self.get_access_token(resource, None).await?;
        Ok(decode_access_token_claims(&token)?)
    }

    /// An organization token (`aud` = `urn:logto:organization:<id>`).
    pub async fn get_organization_token(&self, organization_id: &str) -> Result<String, AccessTokenError> {
        self.get_access_token(None, Some(organization_id)).await
    }

    /// The claims of an organization token, decoded (not verified).
    pub async fn get_organization_token_claims(&self, organization_id: &str) -> Result<crate::core::json::Object, AccessTokenError> {
        let token = self.get_organization_token(organization_id).await?;
        Ok(decode_access_token_claims(&token)?)
    }

    /// Forgets cached access tokens (the refresh token and ID token stay).
    pub async fn clear_access_token(&self) -> Result<(), AccessTokenError> {
        if let Some((mut session, claims)) = self.reload_session().await? {
            session.access_tokens.clear();
            self.store_session(session, claims).await?;
        }
        Ok(())
    }

    /// The userinfo response; its `sub` must be the ID token's.
    pub async fn fetch_user_info(&self) -> Result<crate::core::json::Object, UserInfoFetchError> {
        let (_, claims) = self.session().await?.ok_or(SessionError::NotAuthenticated)?;
        let token = AccessToken::new(self.get_access_token(None, None).await?);
        let metadata = self.inner.metadata().await?;
        let response = self.send_with_proof(&userinfo_request(&metadata, &token, self.token_type())?, Some(token.expose())).await??;
        Ok(parse_userinfo_response(&response, &claims.sub)?)
    }
}
