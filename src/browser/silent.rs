//! Silent sign-in (`prompt=none`, OIDC Core §3.1.2.1) in a hidden frame: the authorization
//! request goes to a hidden `<iframe>`; when the provider has a session for the user (its
//! cookies reach it: same site, or third-party cookies allowed), it redirects the frame to the
//! redirect URI at once with a code, otherwise with `login_required` (or another `*_required`).
//! The frame is watched from this page: every time it loads, its address is read, which works
//! only once it is back on the app's origin, and the first callback URL found there is the
//! answer. A provider that shows a page instead (Logto's refuse framing) never answers: the
//! timeout tells. The transaction stays in memory; nothing is stored unless the sign-in succeeds.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::Reflect;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlIFrameElement;

use crate::browser::answer::AnswerWait;
use crate::browser::client::LogtoClient;
use crate::browser::errors::{AccessTokenError, CallbackHandlingError, SilentFrameError, SilentSignInError};
use crate::browser::events::SessionEvent;
use crate::browser::sign_in::Redeemed;
use crate::browser::storage::js_error_text;
use crate::core::authorize::SignInOptions;
use crate::core::callback::{parse_callback, SignInTransaction};
use crate::core::codes::ErrorCode;
use crate::core::error::ErrorInfo;
use crate::core::id_token::IdTokenClaims;
use crate::core::session::StoredSession;

/// How long a silent sign-in waits for the provider's answer unless told otherwise: 10 s (a
/// provider with a session answers in a few hundred milliseconds; a page that is shown instead
/// never does).
pub const SILENT_SIGN_IN_TIMEOUT_MS: u32 = 10_000;

/// `options` for a request in the hidden frame: `prompt=none`, nowhere to go afterwards, no
/// tokens cleared before (the session stays unless the sign-in succeeds).
fn silent(options: SignInOptions) -> SignInOptions {
    SignInOptions { prompt: Some(vec!["none".to_owned()]), post_redirect_uri: None, clear_tokens: Some(false), ..options }
}

impl LogtoClient {
    /// Signs in without showing anything, when the user is still signed in at the provider:
    /// the authorization request (`prompt=none`; the other options as for
    /// [`Self::start_sign_in`], `prompt`, `post_redirect_uri` and `clear_tokens` aside) goes to a
    /// hidden frame, whose answer at `options.redirect_uri` is read from this page. That URI must
    /// be registered for the app and be on this page's origin; a page that shows nothing (and
    /// loads no SDK) is best, as the frame loads it. On success the new session replaces the
    /// old one and `SignedIn` is told.
    ///
    /// Fails with `callback.login_required` when nobody is signed in at the provider (or its
    /// cookies are not sent to it from a frame: another site with third-party cookies blocked),
    /// `callback.interaction_required` / `callback.consent_required` when a page would have to
    /// be shown, and `silent_sign_in.timeout` when no answer came within `timeout_ms`. Nothing is
    /// stored when it fails, and the current session, if any, stays.
    ///
    /// A provider that issues a refresh token only after a consent prompt (Logto, and
    /// oidc-provider: `offline_access` needs `prompt=consent`) issues none here: the session then
    /// has no refresh token, and each access token after the first takes another silent sign-in
    /// ([`Self::get_access_token`] does it when the session came from one).
    /// Concurrent calls share one frame.
    pub async fn sign_in_silently(&self, options: &SignInOptions, timeout_ms: u32) -> Result<(), SilentSignInError> {
        let options = silent(options.clone());
        self.inner
            .silent_flight
            .run(&options.redirect_uri, || async {
                self.sign_in_in_frame(&options, timeout_ms, Redeemed::Session { silent: true }).await?;
                self.notify(SessionEvent::SignedIn { other_tab: false });
                Ok(())
            })
            .await
    }

    /// The authorization request in a hidden frame, its answer checked against the transaction
    /// (kept in memory), and the code redeemed `into` a session or a renewal.
    async fn sign_in_in_frame(&self, options: &SignInOptions, timeout_ms: u32, into: Redeemed<'_>) -> Result<String, SilentSignInError> {
        let (url, txn) = self.authorization(options).await?;
        let answer = frame_answer(&url, &txn, timeout_ms).await?;
        let code = parse_callback(&answer, &txn).map_err(CallbackHandlingError::from)?;
        let metadata = self.inner.metadata().await.map_err(CallbackHandlingError::from)?;
        Ok(self.redeem_code(&metadata, &code, &txn, into).await?)
    }

    /// An access token for `resource` by another silent sign-in, for a session that came from
    /// one without a refresh token (`redirect_uri`: its frame's). The ID token that comes back
    /// must be the same user's (another user signed in at the provider since is
    /// `id_token.subject_changed`, the session kept); the new access token joins the session's.
    /// `login_required` means the provider's session is over: this one is cleared too
    /// (`SessionExpired`), as a refused refresh token does.
    pub(crate) async fn renew_silently(
        &self,
        session: StoredSession,
        claims: IdTokenClaims,
        redirect_uri: &str,
        resource: Option<&str>,
    ) -> Result<String, AccessTokenError> {
        let options = silent(SignInOptions::new(redirect_uri));
        let into = Redeemed::Renewal { session, claims: &claims, resource };
        match self.sign_in_in_frame(&options, SILENT_SIGN_IN_TIMEOUT_MS, into).await {
            Ok(token) => {
                self.notify(SessionEvent::TokenRefreshed { other_tab: false, resource: resource.map(str::to_owned), organization_id: None });
                Ok(token)
            }
            Err(e) => {
                if e.code() == ErrorCode::CallbackLoginRequired {
                    self.clear_all_tokens().await?;
                    self.notify(SessionEvent::SessionExpired);
                }
                Err(e.into())
            }
        }
    }
}

/// The hidden frame: its load handler unset and the frame removed from the page when this is
/// dropped (answered, timed out, or the wait itself dropped).
struct Frame(HtmlIFrameElement);

impl Drop for Frame {
    fn drop(&mut self) {
        let _ = Reflect::set(&self.0, &JsValue::from_str("onload"), &JsValue::NULL);
        self.0.remove();
    }
}

fn unavailable(e: JsValue) -> SilentFrameError {
    SilentFrameError::Unavailable(js_error_text(&e))
}

/// Loads `url` in a hidden frame and returns the first address the frame reaches that answers
/// `txn` (readable only on this page's origin).
pub(crate) async fn frame_answer(url: &str, txn: &SignInTransaction, timeout_ms: u32) -> Result<String, SilentFrameError> {
    let window = web_sys::window().ok_or_else(|| SilentFrameError::Unavailable("no window".into()))?;
    let document = window.document().ok_or_else(|| SilentFrameError::Unavailable("no document".into()))?;
    let parent = document.body().ok_or_else(|| SilentFrameError::Unavailable("no document body".into()))?;
    let frame = Frame(document.create_element("iframe").map_err(unavailable)?.unchecked_into());
    for (name, value) in [("hidden", ""), ("aria-hidden", "true"), ("title", "sign-in")] {
        frame.0.set_attribute(name, value).map_err(unavailable)?;
    }
    let mut wait = AnswerWait::new(&window, timeout_ms).map_err(unavailable)?;
    let (resolve, _) = wait.settlers();
    let (watched, txn) = (frame.0.clone(), txn.clone());
    let on_load = wait.watch(Closure::new(move |_: JsValue| {
        // The address throws while the frame is on another origin (the provider's pages, or the
        // error page of a refused frame).
        if let Some(href) = watched.content_window().and_then(|w| w.location().href().ok()) {
            if txn.is_answered_by(&href) {
                let _ = resolve.call1(&JsValue::UNDEFINED, &JsValue::from_str(&href));
            }
        }
    }));
    Reflect::set(&frame.0, &JsValue::from_str("onload"), &on_load).map_err(unavailable)?;
    frame.0.set_attribute("src", url).map_err(unavailable)?;
    parent.append_child(&frame.0).map_err(unavailable)?;
    let answer = wait.answer().await;
    drop(frame);
    answer.map_err(|_| SilentFrameError::Timeout)
}
