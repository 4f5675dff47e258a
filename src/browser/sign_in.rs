//! Sign-in: starting it (transaction + redirect) and completing it (callback → code exchange
//! → verified ID token → session).

#[allow(unused_imports)]
use crate::prelude::*;

use futures_util::future::join;

use crate::browser::client::LogtoClient;
use crate::browser::crypto::{random_bytes, sha256};
use crate::browser::errors::{CallbackHandlingError, SignInError};
use crate::browser::events::SessionEvent;
use crate::browser::fetch::send;
use crate::browser::navigation::{clean_address_bar, navigate, navigate_replacing};
use crate::browser::now;
use crate::core::authorize::{authorization_url, AuthorizationParams, SignInOptions};
use crate::core::callback::{parse_callback, CallbackError, SignInTransaction, TRANSACTION_VERSION};
use crate::core::discovery::ProviderMetadata;
use crate::core::id_token::{Expected, IdTokenClaims};
use crate::core::par::{par_request, parse_par_response, pushed_authorization_url, uses_par};
use crate::core::pkce::{code_verifier, random_token, s256_challenge, STATE_BYTES, VERIFIER_BYTES};
use crate::core::secret::{AccessToken, AuthorizationCode, Nonce, State};
use crate::core::session::{access_token_key, AccessTokenEntry, AccessTokens, StoredSession, SESSION_VERSION};
use crate::core::token::{code_exchange_request, parse_code_exchange_response};

/// What [`LogtoClient::handle_sign_in_callback`] did once the sign-in completed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackOutcome {
    /// The browser is on its way to the sign-in's `post_redirect_uri` (held here), which
    /// replaces the callback URL in the history: the page is leaving.
    Redirecting(String),
    /// The page stays: the callback parameters were removed from the address bar (when the page
    /// was at the callback URL), or the callback had been handled already.
    Stayed,
}

impl LogtoClient {
    /// Starts a sign-in without navigating: validates the options, loads the provider metadata
    /// and key set (cached across the redirect), pushes the authorization parameters when the
    /// config or the provider asks for it (RFC 9126; the URL then holds a `request_uri` that
    /// expires within a minute or so, and is good for one use), **stores the sign-in
    /// transaction** (PKCE verifier, `state`, `nonce`; the session is cleared too unless
    /// `clear_tokens` is false) and returns the authorization URL to send the browser to.
    /// (`getSignInUrl` in JavaScript.)
    pub async fn start_sign_in(&self, options: &SignInOptions) -> Result<String, SignInError> {
        let inner = &self.inner;
        let (url, txn) = self.authorization(options).await?;
        inner.storage.set_item(&inner.keys.transaction, &txn.to_json()).await?;
        if options.clear_tokens.unwrap_or(true) {
            self.clear_all_tokens().await?;
        }
        Ok(url)
    }

    /// What a sign-in sends the browser to, and the transaction to complete it with; nothing
    /// stored. Shared by the redirect ([`Self::start_sign_in`]) and the hidden frame
    /// ([`Self::sign_in_silently`], which keeps the transaction in memory).
    pub(crate) async fn authorization(&self, options: &SignInOptions) -> Result<(String, SignInTransaction), SignInError> {
        let inner = &self.inner;
        options.validate(&inner.config)?;
        let metadata = inner.metadata().await?;
        self.prefetch_jwks();
        let verifier = code_verifier(&random_bytes::<VERIFIER_BYTES>()?);
        let state = State::new(random_token(&random_bytes::<STATE_BYTES>()?));
        let nonce = Nonce::new(random_token(&random_bytes::<STATE_BYTES>()?));
        let code_challenge = s256_challenge(&sha256(verifier.expose().as_bytes()).await?);
        let params = AuthorizationParams {
            authorization_endpoint: &metadata.authorization_endpoint,
            config: &inner.config,
            options,
            code_challenge: &code_challenge,
            state: &state,
            nonce: Some(&nonce),
        };
        // Pushed (RFC 9126) before anything is stored: a refused push leaves storage as it was.
        let url = if uses_par(inner.config.pushed_authorization, &metadata) {
            let pushed = parse_par_response(&send(&par_request(&metadata, params)?).await?)?;
            pushed_authorization_url(&metadata, &inner.config.client_id, &pushed)
        } else {
            authorization_url(params)
        };
        let txn = SignInTransaction {
            v: TRANSACTION_VERSION,
            state,
            nonce,
            code_verifier: verifier,
            redirect_uri: options.redirect_uri.clone(),
            post_redirect_uri: options.post_redirect_uri.clone(),
            issuer: inner.config.issuer.clone(),
            iss_required: metadata.authorization_response_iss_parameter_supported,
            created_at: now(),
            max_age: options.max_age,
            required_acr: options.acr_values.clone().filter(|_| options.require_acr),
        };
        Ok((url, txn))
    }

    /// Starts loading the key set into the cache without waiting for it: it usually arrives
    /// while the browser is still on its way to the provider (the authorization request and
    /// its redirects take longer), and is then carried across the redirect in storage, so
    /// that the callback needs only the token request. If the page is gone first, the
    /// callback fetches the key set in parallel with the token request instead.
    fn prefetch_jwks(&self) {
        let client = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // A failure is not reported here: the callback fetches the key set again.
            let _ = client.inner.metadata_and_jwks(false).await;
        });
    }

    /// Starts a sign-in and navigates to the provider.
    pub async fn sign_in(&self, options: &SignInOptions) -> Result<(), SignInError> {
        let url = self.start_sign_in(options).await?;
        navigate(&url)?;
        Ok(())
    }

    /// Completes a sign-in from the callback URL. Concurrent calls with the same URL share one
    /// code exchange; a repeated call after success resolves without another. On success the
    /// browser goes to the sign-in's `postRedirectUri` if it had one, replacing the callback
    /// URL in the history ([`CallbackOutcome::Redirecting`]); otherwise the callback parameters
    /// are removed from the address bar and the history entry ([`CallbackOutcome::Stayed`]).
    pub async fn handle_sign_in_callback(&self, url: &str) -> Result<CallbackOutcome, CallbackHandlingError> {
        if self.inner.handled_callback.borrow().as_deref() == Some(url) {
            return Ok(CallbackOutcome::Stayed);
        }
        let post_redirect = self
            .inner
            .callback_flight
            .run(url, || async {
                let post = self.complete_sign_in(url).await?;
                *self.inner.handled_callback.borrow_mut() = Some(url.to_owned());
                self.notify(SessionEvent::SignedIn { other_tab: false });
                Ok(post)
            })
            .await?;
        match post_redirect {
            Some(target) => {
                navigate_replacing(&target)?;
                Ok(CallbackOutcome::Redirecting(target))
            }
            None => {
                clean_address_bar(url);
                Ok(CallbackOutcome::Stayed)
            }
        }
    }

    async fn load_transaction(&self) -> Result<SignInTransaction, CallbackHandlingError> {
        let inner = &self.inner;
        let json = inner.storage.get_item(&inner.keys.transaction).await?.ok_or(CallbackError::NoPendingSignIn)?;
        let txn = match SignInTransaction::from_json(&json) {
            Ok(t) => t,
            Err(_) => {
                inner.storage.remove_item(&inner.keys.transaction).await?;
                return Err(CallbackError::NoPendingSignIn.into());
            }
        };
        if let Err(e) = txn.check_usable(&inner.config.issuer, now()) {
            // A stale transaction can never complete: drop it.
            inner.storage.remove_item(&inner.keys.transaction).await?;
            return Err(e.into());
        }
        Ok(txn)
    }

    async fn complete_sign_in(&self, url: &str) -> Result<Option<String>, CallbackHandlingError> {
        let inner = &self.inner;
        let txn = self.load_transaction().await?;
        // Checked before any network request; nothing has changed in storage up to here, so a
        // refused callback leaves it as it was.
        let code = parse_callback(url, &txn)?;
        let metadata = inner.metadata().await?;
        // The code is single-use: the transaction goes before the code is sent.
        inner.storage.remove_item(&inner.keys.transaction).await?;
        self.redeem_code(&metadata, &code, &txn, Redeemed::Session { silent: false }).await?;
        Ok(txn.post_redirect_uri)
    }

    /// The code exchange, the ID token's verification and what they become (`into`), for a
    /// callback that passed [`parse_callback`] against `txn`. Nothing is stored before the
    /// session. Returns the new access token.
    pub(crate) async fn redeem_code(
        &self,
        metadata: &ProviderMetadata,
        code: &AuthorizationCode,
        txn: &SignInTransaction,
        into: Redeemed<'_>,
    ) -> Result<String, CallbackHandlingError> {
        let inner = &self.inner;
        let (expected, resource) = match &into {
            Redeemed::Session { .. } => (Expected::SignIn { nonce: &txn.nonce, max_age: txn.max_age, acr: txn.required_acr.as_deref() }, None),
            Redeemed::Renewal { claims, resource, .. } => (Expected::Renewal { nonce: &txn.nonce, original: claims }, *resource),
        };
        let request = code_exchange_request(metadata, &inner.config.client_id, code, &txn.code_verifier, &txn.redirect_uri, resource);
        // The key set (cached since `signIn`, normally) in parallel with the token request: one
        // round trip on the critical path either way.
        let (response, keys) = join(self.send_with_proof(&request, None), inner.metadata_and_jwks(false)).await;
        let tokens = parse_code_exchange_response(&response??, self.token_type())?;
        let verified = self.verify_id_token_with(&tokens.id_token, expected, keys?.1).await?;
        let token = tokens.access_token.expose().to_owned();
        let entry = access_token_entry(tokens.access_token, tokens.scope, tokens.expires_in);
        let (session, owner_id) = match into {
            Redeemed::Session { silent } => {
                let owner_id = random_token(&random_bytes::<STATE_BYTES>()?);
                let mut access_tokens = AccessTokens::default();
                access_tokens.insert(access_token_key(None, None), entry);
                let session = StoredSession {
                    v: SESSION_VERSION,
                    issuer: inner.config.issuer.clone(),
                    id_token: verified.raw,
                    silent_redirect_uri: (silent && tokens.refresh_token.is_none()).then(|| txn.redirect_uri.clone()),
                    refresh_token: tokens.refresh_token,
                    owner_id: Some(owner_id.clone()),
                    access_tokens,
                };
                (session, Some(owner_id))
            }
            Redeemed::Renewal { mut session, .. } => {
                session.id_token = verified.raw;
                if let Some(rt) = tokens.refresh_token {
                    session.refresh_token = Some(rt);
                    session.silent_redirect_uri = None;
                }
                session.prune(now());
                session.access_tokens.insert(access_token_key(resource, None), entry);
                (session, None)
            }
        };
        self.store_session(session, verified.claims).await?;
        if let Some(owner_id) = owner_id {
            self.claim_session_owner_in_background(owner_id);
        }
        Ok(token)
    }
}

/// What a redeemed authorization code becomes.
pub(crate) enum Redeemed<'a> {
    /// A new session, replacing any other: a sign-in's callback, or a silent sign-in
    /// (`silent`), whose session keeps the frame's redirect URI when it has no refresh token.
    Session {
        /// From a silent sign-in in a frame.
        silent: bool,
    },
    /// An access token for `resource` that joins `session`, whose user's it must be (the
    /// renewal of a session without a refresh token by a silent sign-in).
    Renewal {
        /// The session to renew, as stored.
        session: StoredSession,
        /// Its ID token's claims.
        claims: &'a IdTokenClaims,
        /// The API resource of the access token, if any.
        resource: Option<&'a str>,
    },
}

/// A cached access token: its expiry from `expires_in` (none: expired at once, asked again).
pub(crate) fn access_token_entry(token: AccessToken, scope: Option<String>, expires_in: Option<u64>) -> AccessTokenEntry {
    AccessTokenEntry { token, scope, expires_at: expires_in.map_or(0, |s| now().saturating_add(i64::try_from(s).unwrap_or(i64::MAX))) }
}
