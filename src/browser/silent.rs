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

use js_sys::{Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlIFrameElement, Window};

use crate::browser::client::LogtoClient;
use crate::browser::errors::{AccessTokenError, CallbackHandlingError, SilentFrameError, SilentSignInError};
use crate::browser::events::SessionEvent;
use crate::browser::sign_in::Redeemed;
use crate::browser::storage::js_error_text;
use crate::core::authorize::SignInOptions;
use crate::core::callback::{is_callback_url, parse_callback};
use crate::core::codes::ErrorCode;
use crate::core::error::ErrorInfo;
use crate::core::id_token::IdTokenClaims;
use crate::core::session::StoredSession;

/// How long a silent sign-in waits for the provider's answer unless told otherwise: 10 s (a
/// provider with a session answers in a few hundred milliseconds; a page that is shown instead
/// never does).
pub const SILENT_SIGN_IN_TIMEOUT_MS: u32 = 10_000;

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
        let options = SignInOptions { prompt: Some(vec!["none".to_owned()]), post_redirect_uri: None, clear_tokens: Some(false), ..options.clone() };
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
        let answer = frame_answer(&url, &txn.redirect_uri, timeout_ms).await?;
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
        let options = SignInOptions { prompt: Some(vec!["none".to_owned()]), clear_tokens: Some(false), ..SignInOptions::new(redirect_uri) };
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

/// The hidden frame and what watches it: removed from the page, its timer cleared and its
/// handler unset when this is dropped (answered, timed out, or the wait itself dropped).
struct Frame {
    window: Window,
    frame: HtmlIFrameElement,
    timer: Option<i32>,
    _on_load: Closure<dyn FnMut(JsValue)>,
    _on_timeout: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Frame {
    fn drop(&mut self) {
        if let Some(t) = self.timer {
            self.window.clear_timeout_with_handle(t);
        }
        let _ = Reflect::set(&self.frame, &JsValue::from_str("onload"), &JsValue::NULL);
        self.frame.remove();
    }
}

fn unavailable(e: JsValue) -> SilentFrameError {
    SilentFrameError::Unavailable(js_error_text(&e))
}

/// Loads `url` in a hidden frame and returns the first address the frame reaches that is a
/// callback URL for `redirect_uri` (readable only on this page's origin).
pub(crate) async fn frame_answer(url: &str, redirect_uri: &str, timeout_ms: u32) -> Result<String, SilentFrameError> {
    let window = web_sys::window().ok_or_else(|| SilentFrameError::Unavailable("no window".into()))?;
    let document = window.document().ok_or_else(|| SilentFrameError::Unavailable("no document".into()))?;
    let parent = document.body().ok_or_else(|| SilentFrameError::Unavailable("no document body".into()))?;
    let frame: HtmlIFrameElement = document.create_element("iframe").map_err(unavailable)?.unchecked_into();
    for (name, value) in [("hidden", ""), ("aria-hidden", "true"), ("title", "sign-in")] {
        frame.set_attribute(name, value).map_err(unavailable)?;
    }
    let mut functions = None;
    let promise = Promise::new(&mut |resolve, reject| functions = Some((resolve, reject)));
    let (resolve, reject) = functions.ok_or_else(|| SilentFrameError::Unavailable("the Promise executor did not run".into()))?;
    let watched = frame.clone();
    let redirect_uri = redirect_uri.to_owned();
    let on_load = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
        // The address throws while the frame is on another origin (the provider's pages, or the
        // error page of a refused frame).
        if let Some(href) = watched.content_window().and_then(|w| w.location().href().ok()) {
            if is_callback_url(&href, Some(&redirect_uri)) {
                let _ = resolve.call1(&JsValue::UNDEFINED, &JsValue::from_str(&href));
            }
        }
    });
    let on_timeout = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
        let _ = reject.call0(&JsValue::UNDEFINED);
    });
    Reflect::set(&frame, &JsValue::from_str("onload"), on_load.as_ref()).map_err(unavailable)?;
    let mut guard = Frame { window, frame, timer: None, _on_load: on_load, _on_timeout: on_timeout };
    let delay = i32::try_from(timeout_ms).unwrap_or(i32::MAX);
    guard.timer =
        Some(guard.window.set_timeout_with_callback_and_timeout_and_arguments_0(guard._on_timeout.as_ref().unchecked_ref(), delay).map_err(unavailable)?);
    guard.frame.set_attribute("src", url).map_err(unavailable)?;
    parent.append_child(&guard.frame).map_err(unavailable)?;
    let answer = JsFuture::from(promise).await;
    drop(guard);
    answer.ok().and_then(|v| v.as_string()).ok_or(SilentFrameError::Timeout)
}
