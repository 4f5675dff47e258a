//! [`provide_logto`] / [`use_logto`]: one [`LogtoClient`] per app in Leptos context, its
//! state mirrored in signals, and the SDK's operations as async methods that keep those
//! signals up to date in this tab.

use std::future::Future;

use leptos::prelude::*;
use logto_wasm::{
    CallbackOutcome, IdTokenClaims, LogtoClient, LogtoConfig, Object, SignInOptions, SignInPopup, POPUP_SIGN_IN_TIMEOUT_MS, SILENT_SIGN_IN_TIMEOUT_MS,
};

use crate::error::LogtoError;

/// The Logto handle: reactive state and actions. `Copy`: capture it freely in closures,
/// `spawn_local` tasks and resources.
///
/// State (read-only signals):
/// - [`is_authenticated`](Self::is_authenticated): `Some(true)` for a session whose ID token is
///   valid or renewable, `Some(false)` without one, `None` until the stored session has been read
///   (so that `leptos_router`'s `ProtectedRoute` can take it as its `condition` as it is).
/// - [`id_token_claims`](Self::id_token_claims): the verified ID-token claims while signed in.
/// - [`is_loading`](Self::is_loading): the first read of the stored session has not finished,
///   or an operation is in flight.
/// - [`is_ready`](Self::is_ready): the first read of the stored session has finished.
/// - [`error`](Self::error): the last failure of an operation that changes the auth state
///   (client creation, `sign_in`, `sign_out`, the sign-in callback, `clear_session`).
///   Data getters (`get_access_token`, `fetch_user_info`, ...) return their errors to the caller
///   instead, who shows them where the data would be.
///
/// Every operation re-reads the session afterwards, so the signals follow sign-in, sign-out,
/// token refreshes (new ID-token claims) and a grant revoked during a refresh (signed out).
#[derive(Clone, Copy)]
pub struct Logto {
    client: StoredValue<Result<LogtoClient, LogtoError>, LocalStorage>,
    authenticated: RwSignal<bool>,
    claims: RwSignal<Option<IdTokenClaims>>,
    ready: RwSignal<bool>,
    pending: RwSignal<u32>,
    last_error: RwSignal<Option<LogtoError>>,
    generation: StoredValue<u64>,
    /// Whether the user is signed in; `None` until the stored session has been read.
    pub is_authenticated: Signal<Option<bool>>,
    /// The ID-token claims while signed in.
    pub id_token_claims: Signal<Option<IdTokenClaims>>,
    /// True until the stored session has been read, and while an operation is in flight.
    pub is_loading: Signal<bool>,
    /// True once the stored session has been read (even if that failed).
    pub is_ready: Signal<bool>,
    /// The last auth-state error (see the type's documentation).
    pub error: Signal<Option<LogtoError>>,
}

impl std::fmt::Debug for Logto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logto")
            .field("is_authenticated", &self.authenticated.try_get_untracked())
            .field("is_ready", &self.ready.try_get_untracked())
            .field("pending", &self.pending.try_get_untracked())
            .field("error", &self.last_error.try_get_untracked())
            .finish_non_exhaustive()
    }
}

/// Creates a client for `config` (state in `sessionStorage`), puts it in context for
/// [`use_logto`] and starts reading the stored session. Call it once, near the root, above
/// the `<Router>`. An invalid configuration does not panic: it shows up in
/// [`Logto::error`] and every operation fails with it.
pub fn provide_logto(config: LogtoConfig) -> Logto {
    provide(LogtoClient::new(&config).map_err(LogtoError::from))
}

/// [`provide_logto`] with a client you built yourself (custom storage such as
/// `MemoryStorage`, or a client shared with non-Leptos code).
pub fn provide_logto_with_client(client: LogtoClient) -> Logto {
    provide(Ok(client))
}

fn provide(client: Result<LogtoClient, LogtoError>) -> Logto {
    let watched = client.as_ref().ok().cloned();
    let logto = Logto::new(client);
    provide_context(logto);
    // The signals follow the session events: this tab's (a refresh token refused, tokens
    // cleared) and, with shared storage (`'local'`), another tab's sign-in, refresh or sign-out.
    // The watch is kept as long as the owner that provides the context.
    if let Some(client) = watched {
        let watch = client.on_session_event(move |_| leptos::task::spawn_local(async move { logto.refresh_state().await }));
        StoredValue::new_local(watch);
    }
    leptos::task::spawn_local(async move { logto.refresh_state().await });
    logto
}

/// The [`Logto`] handle put in context by [`provide_logto`].
///
/// # Panics
/// When called outside the subtree of a component that called [`provide_logto`].
#[track_caller]
pub fn use_logto() -> Logto {
    use_context::<Logto>().expect("use_logto() needs provide_logto(config) in an ancestor component")
}

/// [`use_logto`] without the panic.
pub fn try_use_logto() -> Option<Logto> {
    use_context::<Logto>()
}

impl Logto {
    fn new(client: Result<LogtoClient, LogtoError>) -> Self {
        let authenticated = RwSignal::new(false);
        let claims = RwSignal::new(None);
        let ready = RwSignal::new(false);
        let pending = RwSignal::new(0u32);
        let last_error = RwSignal::new(client.as_ref().err().cloned());
        Logto {
            client: StoredValue::new_local(client),
            authenticated,
            claims,
            ready,
            pending,
            last_error,
            generation: StoredValue::new(0),
            is_authenticated: Signal::derive(move || ready.get().then(|| authenticated.get())),
            id_token_claims: claims.into(),
            is_loading: Signal::derive(move || !ready.get() || pending.get() > 0),
            is_ready: ready.into(),
            error: last_error.into(),
        }
    }

    /// The underlying client, for anything this handle does not wrap. Call
    /// [`refresh_state`](Self::refresh_state) after using it to change the session.
    pub fn client(&self) -> Result<LogtoClient, LogtoError> {
        self.client.try_with_value(Clone::clone).unwrap_or_else(|| Err(LogtoError::disposed()))
    }

    /// Re-reads the session from the client and updates the signals (only those that changed).
    pub async fn refresh_state(&self) {
        let Some(generation) = self.generation.try_update_value(|g| {
            *g += 1;
            *g
        }) else {
            return;
        };
        let (authenticated, claims) = match self.client() {
            Ok(client) => {
                let authenticated = client.is_authenticated().await;
                let claims = if authenticated { client.get_id_token_claims().await.ok() } else { None };
                (authenticated && claims.is_some(), claims)
            }
            Err(_) => (false, None),
        };
        // A newer refresh started while this one awaited: it has the fresher answer.
        if self.generation.try_get_value() != Some(generation) {
            return;
        }
        set_if_changed(self.authenticated, authenticated);
        set_if_changed(self.claims, claims);
        set_if_changed(self.ready, true);
    }

    /// Forgets the last auth-state error.
    pub fn clear_error(&self) {
        self.last_error.try_set(None);
    }

    /// Runs `op` on the client with `is_loading` raised. `records` puts a failure in
    /// [`Logto::error`]; `refresh` says when to re-read the session afterwards.
    async fn run<T, Fut>(&self, records: bool, refresh: Refresh, op: impl FnOnce(LogtoClient) -> Fut) -> Result<T, LogtoError>
    where
        Fut: Future<Output = Result<T, LogtoError>>,
    {
        let client = match self.client() {
            Ok(c) => c,
            Err(e) => {
                if records {
                    self.last_error.try_set(Some(e.clone()));
                }
                return Err(e);
            }
        };
        // Lowered when this future ends, also when it is dropped before (a component unmounted,
        // a `select!` that took another branch): `is_loading` cannot stay up for good.
        let in_flight = InFlight::raise(self.pending);
        let result = op(client).await;
        let refresh_now = match refresh {
            Refresh::Always => true,
            Refresh::OnError => result.is_err(),
        };
        if refresh_now {
            self.refresh_state().await;
        }
        drop(in_flight);
        if records {
            match &result {
                Err(e) => {
                    self.last_error.try_set(Some(e.clone()));
                }
                Ok(_) => {
                    if self.last_error.try_get_untracked().flatten().is_some() {
                        self.last_error.try_set(None);
                    }
                }
            }
        }
        result
    }

    /// Starts a sign-in and navigates to the provider. Fails (without leaving the page) on
    /// invalid options or when the provider cannot be reached.
    pub async fn sign_in(&self, options: SignInOptions) -> Result<(), LogtoError> {
        // On success the page is leaving: keep showing the current state until it does.
        self.run(true, Refresh::OnError, |c| async move { c.sign_in(&options).await.map_err(LogtoError::from) }).await
    }

    /// Signs in without showing anything when the user is still signed in at the provider
    /// (`prompt=none` in a hidden frame; see [`LogtoClient::sign_in_silently`]): `redirect_uri`
    /// is a registered page on this origin that shows nothing. Fails with
    /// `callback.login_required` when nobody is signed in there, leaving the state as it was.
    pub async fn sign_in_silently(&self, redirect_uri: &str) -> Result<(), LogtoError> {
        let options = SignInOptions::new(redirect_uri);
        self.run(true, Refresh::Always, |c| async move { c.sign_in_silently(&options, SILENT_SIGN_IN_TIMEOUT_MS).await.map_err(LogtoError::from) }).await
    }

    /// Opens a blank popup for [`sign_in_with_popup`](Self::sign_in_with_popup). Call it
    /// synchronously in the click handler (browsers block popups opened later); fails with
    /// `popup.blocked` when the browser blocked it.
    pub fn open_sign_in_popup(&self) -> Result<SignInPopup, LogtoError> {
        Ok(self.client()?.open_sign_in_popup()?)
    }

    /// Signs in in `popup` (see [`LogtoClient::sign_in_with_popup`]); the page stays and the
    /// signals follow. The popup's callback page (`options.redirect_uri`) calls
    /// [`logto_wasm::complete_popup_sign_in`]. Fails with `popup.user_cancelled` when the user
    /// closed it, leaving the state as it was.
    pub async fn sign_in_with_popup(&self, popup: SignInPopup, options: SignInOptions) -> Result<(), LogtoError> {
        self.run(true, Refresh::Always, |c| async move { c.sign_in_with_popup(popup, &options, POPUP_SIGN_IN_TIMEOUT_MS).await.map_err(LogtoError::from) })
            .await
    }

    /// Signs out: clears the local session (the signals change at once), revokes the refresh
    /// token, then navigates to the provider's end-session endpoint, which sends the browser
    /// back to `post_logout_redirect_uri`.
    pub async fn sign_out(&self, post_logout_redirect_uri: Option<&str>) -> Result<(), LogtoError> {
        self.run(true, Refresh::Always, |c| async move { c.sign_out(post_logout_redirect_uri).await.map_err(LogtoError::from) }).await
    }

    /// Forgets the local session without contacting the provider (no revocation, no
    /// navigation).
    pub async fn clear_session(&self) -> Result<(), LogtoError> {
        self.run(true, Refresh::Always, |c| async move { c.clear_all_tokens().await.map_err(LogtoError::from) }).await
    }

    /// Completes a sign-in from the callback URL (see [`crate::Callback`], which calls this).
    /// The SDK navigates to the sign-in's `post_redirect_uri` if it had one
    /// ([`CallbackOutcome::Redirecting`]), otherwise it removes the callback parameters from the
    /// address bar ([`CallbackOutcome::Stayed`]).
    pub async fn handle_sign_in_callback(&self, url: &str) -> Result<CallbackOutcome, LogtoError> {
        self.run(true, Refresh::Always, |c| async move { c.handle_sign_in_callback(url).await.map_err(LogtoError::from) }).await
    }

    /// An access token for `resource` (`None`: the token for the userinfo endpoint), from
    /// cache or refreshed.
    pub async fn get_access_token(&self, resource: Option<&str>) -> Result<String, LogtoError> {
        self.run(false, Refresh::Always, |c| async move { c.get_access_token(resource, None).await.map_err(LogtoError::from) }).await
    }

    /// An access token for `resource` scoped to an organization.
    pub async fn get_access_token_for(&self, resource: Option<&str>, organization_id: Option<&str>) -> Result<String, LogtoError> {
        self.run(false, Refresh::Always, |c| async move { c.get_access_token(resource, organization_id).await.map_err(LogtoError::from) }).await
    }

    /// The decoded (not verified) claims of the access token for `resource`.
    pub async fn get_access_token_claims(&self, resource: Option<&str>) -> Result<Object, LogtoError> {
        self.run(false, Refresh::Always, |c| async move { c.get_access_token_claims(resource).await.map_err(LogtoError::from) }).await
    }

    /// An organization token (`aud` = `urn:logto:organization:<id>`).
    pub async fn get_organization_token(&self, organization_id: &str) -> Result<String, LogtoError> {
        self.run(false, Refresh::Always, |c| async move { c.get_organization_token(organization_id).await.map_err(LogtoError::from) }).await
    }

    /// The decoded (not verified) claims of an organization token.
    pub async fn get_organization_token_claims(&self, organization_id: &str) -> Result<Object, LogtoError> {
        self.run(false, Refresh::Always, |c| async move { c.get_organization_token_claims(organization_id).await.map_err(LogtoError::from) }).await
    }

    /// The userinfo endpoint's response (`custom_data`, `identities`, `organization_data`, ...).
    pub async fn fetch_user_info(&self) -> Result<Object, LogtoError> {
        self.run(false, Refresh::Always, |c| async move { c.fetch_user_info().await.map_err(LogtoError::from) }).await
    }

    /// The raw ID token, if signed in.
    pub async fn get_id_token(&self) -> Result<Option<String>, LogtoError> {
        self.run(false, Refresh::OnError, |c| async move { c.get_id_token().await.map_err(LogtoError::from) }).await
    }
}

/// One operation in flight: counted in `pending` (behind `is_loading`) from `raise` until dropped.
struct InFlight(RwSignal<u32>);

impl InFlight {
    fn raise(pending: RwSignal<u32>) -> Self {
        pending.try_update(|n| *n += 1);
        InFlight(pending)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.try_update(|n| *n = n.saturating_sub(1));
    }
}

#[derive(Clone, Copy)]
enum Refresh {
    Always,
    OnError,
}

fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    let changed = signal.try_with_untracked(|current| *current != value).unwrap_or(false);
    if changed {
        signal.try_set(value);
    }
}
